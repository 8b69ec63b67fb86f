/*
 * Untrusted text (messages, paths, rule names from reports) made safe for
 * a terminal and for the GitHub runner, which reads workflow commands on
 * stdout and stderr: no control characters, no escape sequences, no
 * bidirectional overrides or invisible characters, valid UTF-8, and
 * neither "##[" nor a leading "::" (after blanks).
 */
#ifndef SECGATE_SANITIZE_H
#define SECGATE_SANITIZE_H

#include <stdio.h>

/*
 * Write s to f with every unsafe character replaced by '?'. NULL writes
 * "-". The start of s counts as the start of a line (the caller may print
 * it there): a leading "::" or lone ':' becomes "?" plus the rest, "#[" at
 * the start and "##" at the end lose a '#' to '?' (so no text of the
 * caller completes a command), and "##[" anywhere becomes "#?[".
 */
void sg_fputs_terminal(FILE *f, const char *s);

/* The same into out (always NUL-terminated, cut to size). Returns out. */
char *sg_terminal_safe(char *out, size_t size, const char *s);

enum sg_doc_format {
	SG_DOC_JSON,	 /* JSON and SARIF: '#' as \u0023 */
	SG_DOC_XML,	 /* JUnit: character references */
	SG_DOC_MARKDOWN, /* HTML character references */
};

/*
 * A stream that writes a document to dest with the runner's command
 * shapes escaped the way the format allows, so the document means the
 * same: the second '#' of "##[" and a ':' at the start of a line (after
 * blanks; XML and Markdown only, JSON has none). For a report on standard
 * output. fclose() flushes dest (EOF if any write failed) without closing
 * it. NULL when out of memory.
 */
FILE *sg_command_guard_open(FILE *dest, enum sg_doc_format format);

#endif
