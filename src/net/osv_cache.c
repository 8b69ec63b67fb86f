/*
 * The OSV record cache (see osv_cache.h). A failed write is a warning at
 * most: the record was already fetched and is used for this run.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "atomic_file.h"
#include "enrich.h"
#include "osv_cache.h"
#include "osv_record.h"
#include "secgate/error.h"

static char *join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 1;
	char *out = malloc(n);

	if (out)
		snprintf(out, n, "%s%s", a, b);
	return out;
}

int sg_osv_cache_dir(char **out, const char *configured)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");

	*out = NULL;
	if (configured)
		*out = strdup(configured);
	else if (xdg && xdg[0] == '/')
		*out = join(xdg, "/secgate/osv");
	else if (home && home[0] == '/')
		*out = join(home, "/.cache/secgate/osv");
	else
		return 0;
	return *out ? 0 : sg_error(SG_ENOMEM, "out of memory");
}

static int entry_path(char *buf, size_t size, const char *dir, const char *id)
{
	if (!sg_osv_id_valid(id) ||
	    (size_t)snprintf(buf, size, "%s/%s.json", dir, id) >= size)
		return sg_error(SG_EINPUT, "%s: not a cacheable id", id);
	return 0;
}

int sg_osv_cache_read(const char *dir, const char *id, json_t **record,
		      int64_t *age)
{
	char path[4096];
	struct stat st;
	json_error_t err;
	time_t now = time(NULL);

	if (entry_path(path, sizeof(path), dir, id) < 0)
		return SG_EINPUT;
	if (stat(path, &st) < 0)
		return errno == ENOENT ? 0
				       : sg_error(SG_EIO, "%s: %s", path,
						  strerror(errno));
	if (!S_ISREG(st.st_mode) ||
	    (unsigned long long)st.st_size > SG_OSV_RECORD_MAX)
		return sg_error(SG_EINPUT, "%s: not a cached record", path);
	*record = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
	if (!*record)
		return sg_error(SG_EINPUT, "%s:%d:%d: %s", path, err.line,
				err.column, err.text);
	*age = now > st.st_mtime ? (int64_t)(now - st.st_mtime) : 0;
	return 1;
}

int sg_osv_cache_write(const char *dir, const char *id, const char *body,
		       size_t len)
{
	char path[4096];
	struct sg_atomic_file af;

	if (entry_path(path, sizeof(path), dir, id) < 0)
		return SG_EINPUT;
	sg_mkdir_parents(path);
	if (sg_atomic_open(&af, path) < 0)
		return SG_EIO;
	if (fwrite(body, 1, len, af.stream) != len) {
		sg_atomic_abort(&af);
		return sg_error(SG_EIO, "%s: %s", path, strerror(errno));
	}
	return sg_atomic_commit(&af);
}
