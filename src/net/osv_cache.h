/*
 * The on-disk cache of OSV records: one file per id (<dir>/<ID>.json),
 * written atomically, its age taken from the file's modification time.
 */
#ifndef SECGATE_OSV_CACHE_H
#define SECGATE_OSV_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/*
 * The cache directory (new): configured (enrich.osv.cache_dir), else
 * $XDG_CACHE_HOME/secgate/osv (an absolute XDG_CACHE_HOME only, as the
 * XDG specification says), else $HOME/.cache/secgate/osv. *out is NULL
 * when there is none (no HOME): then nothing is cached.
 */
int sg_osv_cache_dir(char **out, const char *configured);

/*
 * The cached record of id: 1, *record (new reference) and *age (seconds);
 * 0 when not cached; negative (error slot) for an entry that cannot be
 * read or parsed (the caller treats it as a miss and warns).
 */
int sg_osv_cache_read(const char *dir, const char *id, json_t **record,
		      int64_t *age);

/* Store a record's bytes (already checked to parse). 0 or negative. */
int sg_osv_cache_write(const char *dir, const char *id, const char *body,
		       size_t len);

#endif
