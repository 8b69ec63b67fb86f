/*
 * Path globs for paths.include/exclude and suppression paths, matched
 * against repository-relative '/'-separated paths, gitignore-like: `*`, `?`
 * and `[...]` stay within one segment, a whole-segment `**` spans any
 * number of segments, and a pattern without '/' matches the basename at
 * any depth. docs/configuration.md ("Path patterns") has the details.
 */
#ifndef SECGATE_PATH_GLOB_H
#define SECGATE_PATH_GLOB_H

#include <stdbool.h>

/*
 * True when path matches pattern. Time is bounded by the product of the
 * lengths (no exponential backtracking). NULL never matches.
 */
bool sg_glob_match(const char *pattern, const char *path);

/*
 * 0 when pattern is well formed, else -1 and *why (a static string) says
 * what is wrong: empty, an empty segment ("a//b"), an unclosed '[', or a
 * '\' that escapes nothing.
 */
int sg_glob_check(const char *pattern, const char **why);

#endif
