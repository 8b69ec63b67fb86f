/*
 * The command table and the shared pieces of command-line handling:
 * exit codes, help text, colour choice.
 */
#ifndef SECGATE_CLI_H
#define SECGATE_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "term.h"

enum sg_exit {
	SG_EXIT_PASS = 0,  /* the gate passed */
	SG_EXIT_FAIL = 1,  /* at least one blocking finding */
	SG_EXIT_USAGE = 2, /* usage or configuration error */
	SG_EXIT_ERROR = 3, /* a scanner or input failed; wins over 1 */
};

struct sg_command {
	const char *name;
	const char *summary; /* one line for `secgate --help` */
	const char *usage;   /* the synopsis */
	const char *help;    /* options and details for `secgate help NAME` */
	int (*run)(int argc, char **argv); /* argv[0] is the command name; returns an sg_exit */
};

/* NULL-terminated table (cli.c). */
extern const struct sg_command *const sg_commands[];

const struct sg_command *sg_command_find(const char *name);

void sg_print_overview(FILE *out);
void sg_print_command_help(FILE *out, const struct sg_command *cmd);

/* Usage error for a command: message, usage line, exit code 2. */
int sg_usage_error(const struct sg_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

extern const struct sg_command sg_cmd_ingest;
extern const struct sg_command sg_cmd_run;
extern const struct sg_command sg_cmd_baseline;
extern const struct sg_command sg_cmd_config;
extern const struct sg_command sg_cmd_doctor;
extern const struct sg_command sg_cmd_hook;
extern const struct sg_command sg_cmd_upload_sarif;
extern const struct sg_command sg_cmd_help;
extern const struct sg_command sg_cmd_version;
extern const struct sg_command sg_cmd_init;

/*
 * `secgate run` with its defaults, then the baseline replaced by every
 * finding (`secgate init --baseline`); returns an sg_exit.
 */
int sg_run_write_baseline(void);

struct sg_pipeline;
/*
 * `secgate run ARGS` (argv[0] "run"), but after the gate call then (which
 * returns the sg_exit) instead of printing the summary and reports.
 */
int sg_run_then(int argc, char **argv,
		int (*then)(struct sg_pipeline *p, void *ctx), void *ctx);

/*
 * `secgate doctor --canary`: 0 every planted credential would fail the
 * gate, 1 the gate is blind to one (each named with why), 3 the scanner
 * cannot run. config_path and profile may be NULL.
 */
int sg_doctor_canary(const char *config_path, const char *profile);

#include "outputs.h"

/* The canary's result, with the storage of its detail line. */
struct sg_canary_outcome {
	struct sg_canary_record record;
	char detail[600];
};

/*
 * The canary as `doctor --canary` runs it, printing to out (stderr under
 * `secgate run`, whose stdout may carry a report); returns its exit code
 * and fills *result (always).
 */
int sg_canary_check(const char *config_path, const char *profile, FILE *out,
		    struct sg_canary_outcome *result);

#endif
