/*
 * Options shared by the gating commands (ingest, run) and the common end
 * of such a command.
 */
#ifndef SECGATE_GATE_CLI_H
#define SECGATE_GATE_CLI_H

#include <stdbool.h>

#include "cli.h"
#include "evidence.h"
#include "outputs.h"
#include "pipeline.h"

struct sg_gate_cli {
	struct sg_pipeline_options pipeline;
	struct sg_outputs outputs;
	const char *color;
	bool explain;
	/* run only */
	const char *tools; /* --tools a,b */
	unsigned jobs;     /* --jobs N (0: the number of CPUs) */
	bool pre_push;     /* --pre-push: read git's pre-push lines on stdin */
	bool canary;       /* --canary (implied by the release profile) */
	bool offline;                       /* --offline or SECGATE_OFFLINE=1 */
	const char *evidence;               /* --evidence DIR */
	struct sg_evidence_tool *run_tools; /* how each tool ended (run) */
	size_t n_run_tools;
};

/*
 * The rest of the pipeline after sg_pipeline_prepare, with the OSV client
 * (src/net/osv.c) as enrichment's network source when enrich.osv is on:
 * the pipeline sits below the network layer, so the command hands it
 * down. Returns what sg_pipeline_gate returns.
 */
int sg_gate_cli_gate(struct sg_gate_cli *o, struct sg_pipeline *p);

/*
 * Parse the options (run_mode: run's own options allowed, no report
 * files). Returns 0, -1 after printing --help, or SG_EXIT_USAGE.
 */
int sg_gate_cli_parse(const struct sg_command *cmd, int argc, char **argv,
		      struct sg_gate_cli *o, bool run_mode);

/* Warnings, reports, GitHub outputs, the summary; returns the exit code. */
int sg_gate_cli_finish(struct sg_gate_cli *o, struct sg_pipeline *p);

#endif
