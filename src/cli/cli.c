/*
 * The command table, help generated from it, and the small pieces every
 * command shares (errors, usage errors, colour).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sanitize.h"
#include "term.h"
#include "version.h"

const struct sg_command *const sg_commands[] = {
	&sg_cmd_init,
	&sg_cmd_ingest,
	&sg_cmd_run,
	&sg_cmd_baseline,
	&sg_cmd_config,
	&sg_cmd_doctor,
	&sg_cmd_hook,
	&sg_cmd_upload_sarif,
	&sg_cmd_help,
	&sg_cmd_version,
	NULL,
};

const struct sg_command *sg_command_find(const char *name)
{
	for (size_t i = 0; sg_commands[i]; i++)
		if (strcmp(sg_commands[i]->name, name) == 0)
			return sg_commands[i];
	return NULL;
}

void sg_print_overview(FILE *out)
{
	fputs("usage: secgate COMMAND [options]\n"
	      "       secgate --version | --help | help COMMAND\n\n"
	      "secgate reads the reports of security scanners (gitleaks, Trivy,\n"
	      "pip-audit, CodeQL and any SARIF producer), normalizes every\n"
	      "finding and gates on a severity policy.\n\n"
	      "Commands:\n",
	      out);
	for (size_t i = 0; sg_commands[i]; i++)
		fprintf(out, "  %-13s %s\n", sg_commands[i]->name,
			sg_commands[i]->summary);
	fputs("\nOptions may come before or after a command's operands; '--' "
	      "ends them.\n"
	      "\nExit codes: 0 pass, 1 blocking findings, 2 usage or "
	      "configuration error,\n"
	      "3 a scanner or input failed (wins over 1).\n",
	      out);
}

void sg_print_command_help(FILE *out, const struct sg_command *cmd)
{
	fprintf(out, "usage: %s\n\n%s\n\n%s", cmd->usage, cmd->summary,
		cmd->help);
}

int sg_usage_error(const struct sg_command *cmd, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sg_print_error(msg);
	fprintf(stderr, "usage: %s\n(see 'secgate help %s')\n", cmd->usage,
		cmd->name);
	return SG_EXIT_USAGE;
}

static int run_help(int argc, char **argv)
{
	const struct sg_command *cmd;

	if (argc < 2) {
		sg_print_overview(stdout);
		return SG_EXIT_PASS;
	}
	if (argc > 2)
		return sg_usage_error(&sg_cmd_help, "name one command");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		argv[1] = (char *)"help";
	cmd = sg_command_find(argv[1]);
	if (!cmd) {
		char msg[300];

		snprintf(msg, sizeof(msg),
			 "unknown command '%.200s' (see 'secgate --help')",
			 argv[1]);
		sg_print_error(msg);
		return SG_EXIT_USAGE;
	}
	sg_print_command_help(stdout, cmd);
	return SG_EXIT_PASS;
}

const struct sg_command sg_cmd_help = {
	.name = "help",
	.summary = "show help for a command",
	.usage = "secgate help [COMMAND]",
	.help = "Without COMMAND: the list of commands. With one: its options\n"
		"and details (also 'secgate COMMAND --help').\n",
	.run = run_help,
};

static int run_version(int argc, char **argv)
{
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		sg_print_command_help(stdout, &sg_cmd_version);
		return SG_EXIT_PASS;
	}
	if (argc > 1)
		return sg_usage_error(&sg_cmd_version, "takes no argument");
	sg_version_print(stdout);
	return SG_EXIT_PASS;
}

const struct sg_command sg_cmd_version = {
	.name = "version",
	.summary = "print the version and library versions",
	.usage = "secgate version (or secgate --version)",
	.help = "Prints 'secgate X.Y.Z' on the first line, then the version of\n"
		"each library secgate runs with (jansson, libxml2, libgit2,\n"
		"libcurl, libyaml, ...), one per line.\n",
	.run = run_version,
};
