/*
 * `secgate doctor`: can `secgate run` work here? Lists every configured
 * tool: found or not, where, its version and whether secgate supports it,
 * and what is wrong with the configuration. Exit 0 only when run can work.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "config.h"
#include "gitinfo.h"
#include "runner.h"
#include "sanitize.h"
#include "secgate/error.h"
#include "secgate/redact.h"
#include "strbuf.h"
#include "tools.h"

enum { OPT_CANARY = SG_OPT_FIRST_PRIVATE };

/*
 * A command line as one string, secrets redacted (a configured argument
 * may carry a token: "--token", "VALUE" are redacted together).
 */
static void print_command(char *const *argv)
{
	struct sg_strbuf b = {0};
	char *safe;

	for (size_t a = 0; argv[a]; a++) {
		sg_strbuf_add(&b, " ");
		sg_strbuf_add(&b, argv[a]);
	}
	safe = b.failed || !b.data ? NULL : sg_redact_secrets(b.data);
	sg_fputs_terminal(stdout, safe ? safe : " (not shown: out of memory)");
	free(safe);
	sg_strbuf_release(&b);
}

static int run_doctor(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"config", required_argument, NULL, SG_OPT_CONFIG},
		{"profile", required_argument, NULL, SG_OPT_PROFILE},
		{"tools", required_argument, NULL, SG_OPT_TOOLS},
		{"canary", no_argument, NULL, OPT_CANARY},
		SG_OPTION_HELP,
		SG_OPTIONS_END,
	};
	const char *config_path = NULL, *profile = NULL, *tools_csv = NULL;
	struct sg_config config;
	struct sg_tool_run *tools = NULL;
	size_t n = 0, broken = 0;
	bool canary = false;
	char *root = NULL, *path = NULL, *tmpdir = NULL;
	int c, rc;

	sg_getopt_reset();
	while ((c = sg_getopt(&sg_cmd_doctor, argc, argv, longopts)) != -1) {
		switch (c) {
		case SG_OPT_CONFIG:
			config_path = optarg;
			break;
		case SG_OPT_PROFILE:
			profile = optarg;
			break;
		case SG_OPT_TOOLS:
			tools_csv = optarg;
			break;
		case OPT_CANARY:
			canary = true;
			break;
		case SG_OPT_HELP:
			return SG_EXIT_PASS;
		default:
			return SG_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return sg_usage_error(&sg_cmd_doctor, "unexpected argument");
	if (canary && tools_csv)
		return sg_usage_error(&sg_cmd_doctor, "--canary runs the "
				      "secret scanner: no --tools");
	if (canary)
		return sg_doctor_canary(config_path, profile);
	sg_config_init(&config);
	rc = sg_git_repo_root(&root);
	if (rc == 0)
		rc = sg_config_find(&path, config_path, root);
	if (rc == 0)
		rc = sg_config_load(&config, path, profile);
	if (rc < 0) {
		printf("configuration: ERROR\n  ");
		sg_fputs_terminal(stdout, sg_error_message());
		printf("\n");
		rc = SG_EXIT_USAGE;
		goto done;
	}
	printf("configuration: ");
	sg_fputs_terminal(stdout, path ? path : "(none: defaults)");
	putchar('\n');
	printf("repository root: ");
	sg_fputs_terminal(stdout, root);
	printf("\n");
	rc = sg_tmpdir_create(&tmpdir);
	if (rc == 0 && !tools_csv && !path) {
		/* What `run` does without a configuration. */
		struct sg_tool_auto found[SG_N_KNOWN_TOOLS];

		rc = sg_tools_plan_auto(&tools, &n, found, root, NULL, tmpdir,
					NULL);
		printf("no configuration: every installed scanner that applies "
		       "runs; skipped:\n");
		for (size_t i = 0; i < SG_N_KNOWN_TOOLS && found[i].name; i++)
			if (!found[i].runs)
				printf("  %-12s skipped  %s; to get it: %s\n",
				       found[i].name, found[i].why,
				       found[i].install);
		sg_tools_auto_release(found);
	} else if (rc == 0) {
		rc = sg_tools_plan(&tools, &n, &config, tools_csv, root, tmpdir,
				   NULL);
	}
	if (rc < 0) {
		printf("tools: ERROR\n  ");
		sg_fputs_terminal(stdout, sg_error_message());
		printf("\n");
		rc = rc == SG_EUSAGE ? SG_EXIT_USAGE : SG_EXIT_ERROR;
		goto done;
	}
	sg_tools_probe_versions(tools, n, tmpdir);
	printf("tools:\n");
	for (size_t i = 0; i < n; i++) {
		const struct sg_tool_run *t = &tools[i];
		bool ok = !t->problem && sg_tool_version_supported(t);

		printf("  %-12s %-8s %s", t->name,
		       ok ? "ok" : t->required ? "MISSING" : "warning",
		       t->required ? "required" : "optional");
		if (t->builtin) {
			printf("  built in (in-process)");
		} else if (t->existing_only) {
			size_t files = 0;
			while (t->existing && t->existing[files])
				files++;
			printf("  reads %zu existing SARIF file%s", files,
			       files == 1 ? "" : "s");
		} else {
			printf("  ");
			sg_fputs_terminal(stdout, t->program ? t->program
							     : "(not found)");
		}
		printf("  version %s", t->version ? t->version : "unknown");
		if (t->version && !sg_tool_version_supported(t))
			printf(" (not supported: too old)");
		if (t->problem) {
			printf("\n               problem: ");
			sg_fputs_terminal(stdout, t->problem);
		}
		printf("\n");
		if (t->executable) {
			printf("               executable: ");
			sg_fputs_terminal(stdout, t->executable);
			printf(" sha256 %s\n", t->sha256 ? t->sha256 : "unknown");
		}
		if (t->argv) {
			printf("               runs:");
			print_command(t->argv);
			printf("\n");
		}
		if (!ok && t->required)
			broken++;
	}
	if (broken) {
		printf("secgate doctor: %zu required tool%s cannot run: 'secgate "
		       "run' would fail (exit 3)\n",
		       broken, broken == 1 ? "" : "s");
		rc = SG_EXIT_ERROR;
	} else {
		printf("secgate doctor: 'secgate run' can work\n");
		rc = SG_EXIT_PASS;
	}
done:
	sg_tools_release(tools, n);
	if (tmpdir) {
		sg_tmpdir_remove(tmpdir);
		free(tmpdir);
	}
	sg_config_release(&config);
	free(path);
	free(root);
	return rc;
}

const struct sg_command sg_cmd_doctor = {
	.name = "doctor",
	.summary = "check that every configured tool can run",
	.usage = "secgate doctor [--config FILE] [--profile NAME] [--tools a,b "
		 "| --canary]",
	.help =
		"Lists every tool that 'secgate run' would run: found or not,\n"
		"where, its version and whether secgate supports it, the command\n"
		"line it would use, and what is wrong with the configuration.\n\n"
		"Exit codes: 0 'run' can work; 2 the configuration is invalid;\n"
		"3 a required tool is missing or unsupported.\n\n"
		"--canary proves that the gate can see: it plants freshly\n"
		"generated fake credentials (an AWS access key id and secret, a\n"
		"GitHub token) in a temporary git repository (never this one),\n"
		"in a file under the first folder of paths.include, and runs\n"
		"gitleaks there exactly as 'secgate run' would here (this\n"
		"configuration, profile, suppressions, overrides and policy).\n"
		"The values are never printed; the repository is removed.\n"
		"Exit codes: 0 every credential would fail the gate; 1 the gate\n"
		"is blind to one (each named with why: excluded path, suppressed\n"
		"or overridden rule, threshold none, no secret scanner); 2 the\n"
		"configuration is invalid; 3 the scanner cannot run.\n",
	.run = run_doctor,
};
