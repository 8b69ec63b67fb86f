/*
 * `secgate config validate|show`: check the configuration strictly, or
 * print the effective one with where each value came from.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "gitinfo.h"
#include "secgate/error.h"

enum { OPT_CONFIG = 256, OPT_PROFILE };

static int run_config(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"config", required_argument, NULL, OPT_CONFIG},
		{"profile", required_argument, NULL, OPT_PROFILE},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *explicit_path = NULL, *profile = NULL;
	struct sg_config config;
	char *root = NULL, *path = NULL;
	bool show;
	int c, rc;

	if (argc < 2 || (strcmp(argv[1], "validate") && strcmp(argv[1], "show"))) {
		if (argc >= 2 && (!strcmp(argv[1], "-h") ||
				  !strcmp(argv[1], "--help"))) {
			sg_print_command_help(stdout, &sg_cmd_config);
			return SG_EXIT_PASS;
		}
		return sg_usage_error(&sg_cmd_config, "say validate or show");
	}
	show = !strcmp(argv[1], "show");
	argc--;
	argv++;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_CONFIG:
			explicit_path = optarg;
			break;
		case OPT_PROFILE:
			profile = optarg;
			break;
		case 'h':
			sg_print_command_help(stdout, &sg_cmd_config);
			return SG_EXIT_PASS;
		default:
			return sg_usage_error(&sg_cmd_config,
					      "unknown or incomplete option");
		}
	}
	if (optind < argc)
		return sg_usage_error(&sg_cmd_config, "unexpected argument");
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
	if (rc < 0) {
		sg_print_error(sg_error_message());
		rc = SG_EXIT_USAGE;
	} else if (show) {
		sg_config_show(&config, stdout);
		rc = SG_EXIT_PASS;
	} else {
		printf("secgate: %s is valid\n",
		       path ? path : "the default configuration (no file)");
		rc = SG_EXIT_PASS;
	}
	sg_config_release(&config);
	free(path);
	free(root);
	return rc;
}

const struct sg_command sg_cmd_config = {
	.name = "config",
	.summary = "validate the configuration, or show the effective one",
	.usage = "secgate config validate|show [--config FILE] [--profile NAME]",
	.help =
		"validate  read the configuration strictly: unknown keys, wrong\n"
		"          types, bad values, duplicate keys and invalid dates are\n"
		"          errors with file:line:column (exit 2)\n"
		"show      print the effective configuration (file, profile and\n"
		"          environment applied), each value with its origin\n\n"
		"The file is --config, else $SECGATE_CONFIG, else .secgate.yml or\n"
		".secgate.yaml at the repository root. docs/configuration.md\n"
		"documents every key.\n",
	.run = run_config,
};
