/*
 * A finding's sarif_extras (finding.h) spliced into a SARIF result as
 * text: the producer's locations, related locations and code flows are
 * copied as they are, with only each physicalLocation's artifactLocation
 * rewritten, instead of being parsed into a tree and written again.
 */
#ifndef SECGATE_SARIF_EXTRAS_H
#define SECGATE_SARIF_EXTRAS_H

#include <stdbool.h>
#include <stddef.h>

#include "json_out.h"

/* One member's JSON value inside the extras' text; len 0 when absent. */
struct sg_sarif_extras_value {
	const char *text;
	size_t len;
};

/* The members of a finding's extras, as views into its text. */
struct sg_sarif_extras {
	struct sg_sarif_extras_value locations, related, code_flows, logicals;
};

/*
 * Find the members of text (compact JSON, as the SARIF adapter writes
 * it). 0, or -1 when text is not a JSON object (a bug upstream).
 */
int sg_sarif_extras_split(struct sg_sarif_extras *out, const char *text);

/*
 * Writes the artifactLocation object for a producer's repository path
 * (decoded, never NULL).
 */
typedef void (*sg_sarif_artifact_fn)(struct sg_json_out *out,
				     const char *path, void *arg);

/*
 * Append the n bytes of extras text at value (a member's value, or the
 * elements inside an array's brackets) with each physicalLocation's
 * artifactLocation written by artifact, and each physicalLocation whose
 * artifactLocation has no uri string left out (the producer's file could
 * not be told). out->failed is set when the text is malformed.
 */
void sg_sarif_extras_copy(struct sg_json_out *out, const char *value,
			  size_t n, sg_sarif_artifact_fn artifact, void *arg);

/*
 * The scanner's pieces, for others that read the extras' text (the
 * related locations): views into compact JSON as jansson writes it.
 */

/* After the value that starts at p; NULL when it is cut or malformed. */
const char *sg_sarif_extras_value_end(const char *p, const char *end);

/*
 * The value of member `name` of the object [obj, obj_end): 1 and its
 * bounds, 0 when there is none (or it is no object), -1 when malformed.
 * Keys are compared as written: jansson writes ASCII keys unescaped.
 */
int sg_sarif_extras_member(const char *obj, const char *obj_end,
			   const char *name, const char **value,
			   const char **value_stop);

/*
 * Several members of the object [obj, obj_end) in one pass: values[i]
 * the value of names[i] (the first such member; text NULL when absent).
 * 0, or -1 when malformed.
 */
int sg_sarif_extras_members(const char *obj, const char *obj_end,
			    const char *const *names, size_t n,
			    struct sg_sarif_extras_value *values);

/*
 * The decoded JSON string [s, s_end) (quotes included) into a new string
 * (caller frees). Without a backslash the bytes are the string (jansson
 * wrote valid UTF-8); with escapes, jansson decodes them. NULL when
 * malformed or out of memory.
 */
char *sg_sarif_extras_string(const char *s, const char *s_end);

/* Whether a related location with this integer id is carried. */
bool sg_sarif_extras_has_related_id(const struct sg_sarif_extras *x,
				    long long id);

#endif
