/*
 * Terminal pieces every layer may use: error lines and the colour choice.
 */
#ifndef SECGATE_TERM_H
#define SECGATE_TERM_H

#include <stdio.h>

/* Print "secgate: error: <msg>" (sanitized) to stderr. */
void sg_print_error(const char *msg);

/*
 * The same for a message of several lines (a tool's stderr tail): the
 * first after "secgate: <level>: ", each further line on its own line as
 * it is (already indented), every line sanitized.
 */
void sg_print_lines(const char *level, const char *msg);

/* --color auto|always|never with NO_COLOR / FORCE_COLOR / isatty. -1 if mode is invalid. */
int sg_color_enabled(const char *mode, FILE *stream);

#endif
