/*
 * The Markdown summary (--markdown, and the GitHub step summary): the
 * verdict, the counts, the blocking findings, everything else folded.
 */
#ifndef SECGATE_REPORT_MARKDOWN_H
#define SECGATE_REPORT_MARKDOWN_H

#include <stddef.h>
#include <stdio.h>

#include "report.h"

/*
 * The smallest max_bytes that is honoured exactly: the verdict heading is
 * always written, and the closing tags and the "omitted" lines are kept in
 * reserve. Below this the output may exceed max_bytes by that much.
 */
#define SG_MARKDOWN_MIN_BYTES 1024

/*
 * Write the summary of r to out. max_bytes caps the output (0: no cap):
 * rows that would not fit are left out and counted in a final line
 * "… N more findings omitted (see the JSON report)". Byte-identical for
 * the same r. Returns 0, SG_ENOMEM, or SG_EIO when the stream fails (out
 * is flushed here so that the failure is seen).
 */
int sg_report_markdown_write(FILE *out, const struct sg_run_result *r,
			     size_t max_bytes);

#endif
