/*
 * The severity an OSV record (https://ossf.github.io/osv-schema/) gives:
 * the GitHub advisory label (database_specific.severity) first, else the
 * highest CVSS v3.x base score among severity[] vectors. No I/O: callers
 * read records from the API, the cache or a directory.
 */
#ifndef SECGATE_OSV_RECORD_H
#define SECGATE_OSV_RECORD_H

#include <jansson.h>

#include "secgate/finding.h"

/* Longest OSV id accepted (ids become file names: see sg_osv_id_valid). */
#define SG_OSV_ID_MAX 128

struct sg_osv_rating {
	/* SG_SEV_UNKNOWN when the record rates nothing it can be trusted on. */
	enum sg_severity severity;
	/*
	 * Where it came from, for reports: "OSV GHSA-... (database_specific
	 * HIGH)" or "OSV PYSEC-..., CVSS:3.1/AV:N/... = 9.8"; "" when unknown.
	 */
	char source[384];
};

/*
 * An id that may name a record and a file: 1..SG_OSV_ID_MAX characters
 * from [A-Za-z0-9._:-], not starting with '.'. Returns 1 or 0.
 */
int sg_osv_id_valid(const char *id);

/*
 * Rate a record. Returns 0 (out->severity may be unknown), or -1 when the
 * record is not an OSV record (not an object, or no valid "id"); then the
 * caller warns that it is malformed.
 */
int sg_osv_rate(const json_t *record, struct sg_osv_rating *out);

#endif
