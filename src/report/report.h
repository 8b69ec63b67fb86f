/*
 * What every reporter renders: the findings after the gate, the inputs
 * with their status, the verdict and the counts.
 */
#ifndef SECGATE_REPORT_H
#define SECGATE_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "result.h"
#include "secgate/finding.h"

#define SG_JSON_SCHEMA_VERSION 1

/* One finding as the JSON report shows it (new: json_decref it). */
json_t *sg_json_finding(const struct sg_finding *f);

/* The same object written directly (identical bytes, no tree). */
int sg_json_finding_write(FILE *out, const struct sg_finding *f);

/* The normalized JSON report (docs/json-output.md), written finding by finding. */
int sg_report_json_write(FILE *out, const struct sg_run_result *result);

struct sg_text_options {
	bool color;
	size_t max_listed; /* findings listed per group before "and N more" */
	bool explain;      /* print each finding's reason under it */
	bool terminal;     /* stdout is a terminal: cut long titles with … */
};

/* The human summary for a terminal; the last line states the verdict. */
void sg_report_text_write(FILE *out, const struct sg_run_result *result,
			  const struct sg_text_options *options);

#endif
