/*
 * Untrusted text (messages, paths, rule names from reports) made safe for
 * a terminal: no control characters, no escape sequences, no bidirectional
 * overrides, valid UTF-8.
 */
#ifndef SECGATE_SANITIZE_H
#define SECGATE_SANITIZE_H

#include <stdio.h>

/* Write s to f with every unsafe character replaced by '?'. NULL writes "-". */
void sg_fputs_terminal(FILE *f, const char *s);

/* The same into out (always NUL-terminated, cut to size). Returns out. */
char *sg_terminal_safe(char *out, size_t size, const char *s);

#endif
