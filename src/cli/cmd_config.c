/*
 * `secgate config validate|show`: check the configuration strictly, or
 * print the effective one with where each value came from.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "policy.h"
#include "config.h"
#include "gitinfo.h"
#include "sanitize.h"
#include "secgate/error.h"

/* Valid, but already expired: the suppression no longer suppresses. */
static int warn_expired(const struct sg_config *c, const char *path)
{
	int64_t now = sg_policy_now();

	if (now < 0) {
		sg_print_error(sg_error_message());
		return SG_EXIT_USAGE;
	}
	for (size_t i = 0; i < c->n_suppressions; i++) {
		const struct sg_suppression *s = &c->suppressions[i];
		char msg[600];

		if (!s->has_expiry || now < s->expires_end)
			continue;
		snprintf(msg, sizeof(msg),
			 "%s:%u:%u: suppression expired on %s: it no longer "
			 "suppresses anything (renew it with a reason, or "
			 "remove it)",
			 path ? path : "(configuration)", s->line, s->column,
			 s->expires_text);
		fputs("secgate: warning: ", stderr);
		sg_fputs_terminal(stderr, msg);
		fputc('\n', stderr);
	}
	return SG_EXIT_PASS;
}

static int run_config(int argc, char **argv)
{
	static const struct option longopts[] = {
		SG_OPTIONS_CONFIG,
		SG_OPTION_HELP,
		SG_OPTIONS_END,
	};
	struct sg_pipeline_options flags = {.new_only = -1};
	const char *explicit_path, *profile;
	struct sg_config config;
	char *root = NULL, *path = NULL;
	bool show;
	int c, rc;

	sg_getopt_reset();
	while ((c = sg_getopt(&sg_cmd_config, argc, argv, longopts)) != -1) {
		if (sg_config_option(c, optarg, &flags))
			continue;
		return c == SG_OPT_HELP ? SG_EXIT_PASS : SG_EXIT_USAGE;
	}
	if (optind >= argc || (strcmp(argv[optind], "validate") &&
			       strcmp(argv[optind], "show")))
		return sg_usage_error(&sg_cmd_config, "say validate or show");
	show = !strcmp(argv[optind], "show");
	if (optind + 1 < argc)
		return sg_usage_error(&sg_cmd_config, "unexpected argument");
	explicit_path = flags.config_path;
	profile = flags.profile;
	if (!profile && getenv("SECGATE_PROFILE") && *getenv("SECGATE_PROFILE"))
		profile = getenv("SECGATE_PROFILE");
	sg_config_init(&config);
	rc = sg_git_repo_root(&root);
	if (rc == 0)
		rc = sg_config_find(&path, explicit_path, root);
	if (rc == 0)
		rc = sg_config_load(&config, path, profile);
	if (rc == 0)
		rc = sg_config_apply_env(&config);
	if (rc == 0)
		rc = sg_pipeline_apply_flags(&config, &flags);
	if (rc < 0) {
		sg_print_error(sg_error_message());
		rc = SG_EXIT_USAGE;
	} else if (show) {
		sg_config_show(&config, stdout);
		rc = SG_EXIT_PASS;
	} else {
		printf("secgate: ");
		sg_fputs_terminal(stdout, path ? path
					       : "the default configuration "
						 "(no file)");
		printf(" is valid\n");
		rc = warn_expired(&config, path);
	}
	sg_config_release(&config);
	free(path);
	free(root);
	return rc;
}

const struct sg_command sg_cmd_config = {
	.name = "config",
	.summary = "validate the configuration, or show the effective one",
	.usage = "secgate config validate|show [options]",
	.help =
		"validate  read the configuration strictly: unknown keys, wrong\n"
		"          types, bad values, duplicate keys and invalid dates are\n"
		"          errors with file:line:column (exit 2)\n"
		"show      print the effective configuration (file, profile and\n"
		"          environment applied), each value with its origin\n\n"
		"Options (as for 'ingest'; show marks them 'from: flag'):\n"
		"  --config FILE      the configuration file\n"
		"  --profile NAME     apply a profile of the configuration\n"
		"  --fail-on SEV      the threshold\n"
		"  --baseline FILE    the baseline file\n"
		"  --new-only, --all  only new findings block / every finding can\n"
		"  --strict           stale suppressions fail the gate\n\n"
		"The file is --config, else $SECGATE_CONFIG, else .secgate.yml or\n"
		".secgate.yaml at the repository root. docs/configuration.md\n"
		"documents every key. Options may come anywhere; '--' ends them.\n",
	.run = run_config,
};
