/*
 * Report paths to repository-relative form: '/' separators, no "./",
 * file:// URIs decoded and made relative to the repository root.
 */
#ifndef SECGATE_PATH_H
#define SECGATE_PATH_H

#include "secgate/finding.h"

/*
 * Normalize a path or URI reported by a tool. repo_root may be NULL.
 * Returns a new string in the set, or NULL for NULL/empty input or no memory.
 */
const char *sg_path_normalize(struct sg_findings *set, const char *raw,
			      const char *repo_root);

/*
 * Normalize a URI reference (SARIF artifactLocation.uri): file:// and
 * %XX-escapes decoded, then as sg_path_normalize. Other schemes (https:)
 * are returned as they are. New in the set, or NULL.
 */
const char *sg_uri_normalize(struct sg_findings *set, const char *uri,
			     const char *repo_root);

/*
 * Join a SARIF uriBaseId's resolved base with a relative URI reference
 * (RFC 3986 merge for the simple cases SARIF uses). New in the set.
 */
const char *sg_uri_join(struct sg_findings *set, const char *base,
			const char *ref);

/*
 * Whether a normalized path points outside the repository: absolute
 * ("/opt/x", "C:/x", "//host/x"), a URI of another scheme ("https://..."),
 * or relative with ".." segments that climb above the root. NULL: false.
 */
bool sg_path_outside_repository(const char *path);

#endif
