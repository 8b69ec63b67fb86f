/*
 * A directory of OSV records as a source (see enrich.h): air-gapped CI
 * unpacks OSV's export of its ecosystem and points enrich.osv.db at it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "enrich.h"
#include "osv_record.h"
#include "secgate/error.h"


static int lookup(void *ctx, const char *id, json_t **record)
{
	const char *dir = ctx;
	char path[4096];
	struct stat st;
	json_error_t err;

	if (!sg_osv_id_valid(id))
		return 0; /* never a path outside the directory */
	if ((size_t)snprintf(path, sizeof(path), "%s/%s.json", dir, id) >=
	    sizeof(path))
		return sg_error(SG_EINPUT, "%s: path too long", dir);
	if (stat(path, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		return sg_error(SG_EINPUT, "%s: %s", path, strerror(errno));
	}
	if (!S_ISREG(st.st_mode) || (unsigned long long)st.st_size >
					    SG_OSV_RECORD_MAX)
		return sg_error(SG_EINPUT,
				"%s: not a regular file under %u bytes", path,
				SG_OSV_RECORD_MAX);
	*record = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
	if (!*record)
		return sg_error(SG_EINPUT, "%s:%d:%d: %s", path, err.line,
				err.column, err.text);
	return 1;
}

void sg_osv_db_source(struct sg_osv_source *out, const char *dir)
{
	memset(out, 0, sizeof(*out));
	out->name = "osv db";
	out->lookup = lookup;
	out->ctx = (void *)(uintptr_t)dir;
}
