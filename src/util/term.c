/*
 * What every command prints to a terminal the same way: error lines
 * (sanitized, since messages can carry report text) and the colour choice.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sanitize.h"
#include "term.h"

void sg_print_error(const char *msg)
{
	fputs("secgate: error: ", stderr);
	sg_fputs_terminal(stderr, msg);
	fputc('\n', stderr);
}

void sg_print_lines(const char *level, const char *msg)
{
	char *copy = strdup(msg);
	char *save = NULL;
	bool first = true;

	if (!copy) {
		sg_print_error(msg);
		return;
	}
	for (char *line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (first)
			fprintf(stderr, "secgate: %s: ", level);
		sg_fputs_terminal(stderr, line);
		fputc('\n', stderr);
		first = false;
	}
	free(copy);
}

int sg_color_enabled(const char *mode, FILE *stream)
{
	const char *no_color = getenv("NO_COLOR");
	const char *force = getenv("FORCE_COLOR");
	const char *term = getenv("TERM");

	if (strcmp(mode, "always") == 0)
		return 1;
	if (strcmp(mode, "never") == 0)
		return 0;
	if (strcmp(mode, "auto") != 0)
		return -1;
	if (no_color && *no_color)
		return 0;
	if (force && *force && strcmp(force, "0") != 0)
		return 1;
	return isatty(fileno(stream)) && !(term && strcmp(term, "dumb") == 0);
}
