/*
 * One option table and one parser for every command: GNU getopt_long with
 * permutation (options anywhere, `--` ends them), errors that name the
 * option and suggest the nearest valid one, and the configuration flags
 * (--config, --profile, --fail-on, --baseline, --new-only, --all,
 * --strict) that the gating commands and `config show` share.
 */
#ifndef SECGATE_OPTIONS_H
#define SECGATE_OPTIONS_H

#include <getopt.h>

#include "cli.h"
#include "pipeline.h"

/* Option ids; unique across commands so that tables can be combined. */
enum sg_opt {
	SG_OPT_ERROR = '?', /* sg_getopt printed a usage error */
	SG_OPT_HELP = 'h',  /* sg_getopt printed the command's help */
	SG_OPT_CONFIG = 256,
	SG_OPT_PROFILE,
	SG_OPT_FAIL_ON,
	SG_OPT_BASELINE,
	SG_OPT_NEW_ONLY,
	SG_OPT_ALL,
	SG_OPT_STRICT,
	SG_OPT_TOOL,
	SG_OPT_JSON,
	SG_OPT_JUNIT,
	SG_OPT_SARIF,
	SG_OPT_MARKDOWN,
	SG_OPT_COLOR,
	SG_OPT_DIFF_BASE,
	SG_OPT_EXPLAIN,
	SG_OPT_GITHUB,
	SG_OPT_TOOLS,
	SG_OPT_JOBS,
	SG_OPT_PRE_PUSH,
	SG_OPT_EVIDENCE,
	SG_OPT_FORCE,
	SG_OPT_OFFLINE,
	SG_OPT_FIRST_PRIVATE = 512, /* a command's own ids start here */
};

#define SG_OPTION_HELP {"help", no_argument, NULL, SG_OPT_HELP}
#define SG_OPTIONS_END {NULL, 0, NULL, 0}

/* The configuration flags, in the order the help texts list them. */
#define SG_OPTIONS_CONFIG                                                  \
	{"config", required_argument, NULL, SG_OPT_CONFIG},                \
	{"profile", required_argument, NULL, SG_OPT_PROFILE},              \
	{"fail-on", required_argument, NULL, SG_OPT_FAIL_ON},              \
	{"baseline", required_argument, NULL, SG_OPT_BASELINE},            \
	{"new-only", no_argument, NULL, SG_OPT_NEW_ONLY},                  \
	{"all", no_argument, NULL, SG_OPT_ALL},                            \
	{"strict", no_argument, NULL, SG_OPT_STRICT}

/*
 * getopt_long over argv (argv[0] is the command name) with permutation:
 * returns the next option's id (optarg set), -1 when there are none left
 * (the operands are then argv[optind..argc-1], in their order), SG_OPT_HELP
 * after printing the command's help to stdout, or SG_OPT_ERROR after
 * printing a usage error that names the option (never its value) and the
 * nearest valid one. Start a loop with sg_getopt_reset().
 */
void sg_getopt_reset(void);
int sg_getopt(const struct sg_command *cmd, int argc, char **argv,
	      const struct option *longopts);

/*
 * Apply one of the configuration flags to o. Returns 1 when opt is one of
 * them, 0 when it is not (the caller handles it).
 */
int sg_config_option(int opt, const char *arg, struct sg_pipeline_options *o);

/*
 * The nearest long option to name (without the leading dashes) in
 * longopts, or NULL when none is close. For suggestions.
 */
const char *sg_option_nearest(const struct option *longopts, const char *name);

#endif
