/*
 * The JUnit XML report (--junit FILE): a testsuite per tool, a testcase
 * per finding (a failure when it blocks, skipped when not), and a
 * "secgate policy" suite for failed inputs, stale and expired suppressions
 * and the gate itself. docs/reports.md gives the exact mapping.
 */
#ifndef SECGATE_REPORT_JUNIT_H
#define SECGATE_REPORT_JUNIT_H

#include <stdio.h>

#include "report.h"

/*
 * Write r as JUnit XML to out, streamed (memory does not grow with the
 * output). out is flushed, not closed: the caller commits it (atomic_file).
 * 0, or SG_EIO when any write or the final flush fails (a full disk
 * included), SG_ENOMEM. Every string is made XML-safe; the same r gives
 * byte-identical output.
 */
int sg_report_junit_write(FILE *out, const struct sg_run_result *r);

#endif
