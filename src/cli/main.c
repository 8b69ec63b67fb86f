/*
 * secgate's entry point: global flags, then the command table. Commands
 * return the exit code (see cli.h); nothing else calls exit().
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int main(int argc, char **argv)
{
	const struct sg_command *cmd;

	if (argc < 2) {
		sg_print_overview(stderr);
		return SG_EXIT_USAGE;
	}
	/* The global flags are spellings of two commands. */
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		argv[1] = (char *)"help";
	else if (!strcmp(argv[1], "--version"))
		argv[1] = (char *)"version";
	cmd = sg_command_find(argv[1]);
	if (!cmd) {
		char msg[300];

		snprintf(msg, sizeof(msg),
			 "unknown command '%.200s' (see 'secgate --help')",
			 argv[1]);
		sg_print_error(msg);
		return SG_EXIT_USAGE;
	}
	return cmd->run(argc - 1, argv + 1);
}
