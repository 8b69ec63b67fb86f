/*
 * Report paths to repository-relative form: '/' separators, no "./",
 * file:// URIs decoded and made relative to the repository root.
 */
#ifndef SECGATE_PATH_H
#define SECGATE_PATH_H

#include <stdbool.h>

#include "secgate/finding.h"

/*
 * Normalize a path or URI reported by a tool. repo_root may be NULL.
 * Returns a new string in the set, or NULL for NULL/empty input or no memory.
 * "." and ".." segments are resolved; an absolute path reached through a
 * symbolic link is compared by real paths; what stays outside the root is
 * kept absolute, or relative with leading "..".
 */
const char *sg_path_normalize(struct sg_findings *set, const char *raw,
			      const char *repo_root);

/*
 * The same with a working directory (absolute; NULL: the root). When the
 * scanner ran there (ran_there), a relative path is taken from work_dir
 * unless the file is not there but is at that path from the root (a tool
 * that names paths from the root); otherwise (a report given to ingest)
 * only when the file is found under work_dir. Then made relative to the
 * root.
 */
const char *sg_path_normalize_from(struct sg_findings *set, const char *raw,
				   const char *repo_root,
				   const char *work_dir, bool ran_there);

/*
 * Normalize a URI reference (SARIF artifactLocation.uri): file:// and
 * %XX-escapes decoded, then as sg_path_normalize. Other schemes (https:)
 * are returned as they are. New in the set, or NULL.
 */
const char *sg_uri_normalize(struct sg_findings *set, const char *uri,
			     const char *repo_root);
const char *sg_uri_normalize_from(struct sg_findings *set, const char *uri,
				  const char *repo_root, const char *work_dir,
				  bool ran_there);


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
 * Path globs never match it.
 */
bool sg_path_outside_repository(const char *path);

#endif
