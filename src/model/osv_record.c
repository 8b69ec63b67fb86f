/*
 * Rating an OSV record (see osv_record.h). A label or vector that does not
 * parse is ignored, never guessed from: the finding then stays unknown and
 * the policy's unknown_severity decides.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cvss.h"
#include "osv_record.h"

int sg_osv_id_valid(const char *id)
{
	size_t n;

	if (!id || !*id || id[0] == '.')
		return 0;
	n = strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		       "0123456789._:-");
	return n == strlen(id) && n <= SG_OSV_ID_MAX;
}

/* GitHub's advisory labels: LOW, MODERATE, HIGH, CRITICAL. */
static int label_severity(const char *label, enum sg_severity *out)
{
	static const struct {
		const char *label;
		enum sg_severity severity;
	} labels[] = {
		{"LOW", SG_SEV_LOW},
		{"MODERATE", SG_SEV_MEDIUM},
		{"MEDIUM", SG_SEV_MEDIUM},
		{"HIGH", SG_SEV_HIGH},
		{"CRITICAL", SG_SEV_CRITICAL},
	};

	for (size_t i = 0; label && i < sizeof(labels) / sizeof(*labels); i++)
		if (!strcasecmp(label, labels[i].label)) {
			*out = labels[i].severity;
			return 0;
		}
	return -1;
}

int sg_osv_rate(const json_t *record, struct sg_osv_rating *out)
{
	const char *id = json_string_value(json_object_get(record, "id"));
	const json_t *specific, *entry;
	const char *best_vector = NULL;
	int best = -1;
	size_t i;

	out->severity = SG_SEV_UNKNOWN;
	out->source[0] = '\0';
	if (!json_is_object(record) || !sg_osv_id_valid(id))
		return -1;

	specific = json_object_get(record, "database_specific");
	const char *label =
		json_string_value(json_object_get(specific, "severity"));
	if (label_severity(label, &out->severity) == 0) {
		snprintf(out->source, sizeof(out->source),
			 "OSV %s (database_specific %s)", id,
			 sg_severity_name(out->severity));
		return 0;
	}

	json_array_foreach(json_object_get(record, "severity"), i, entry) {
		const char *type =
			json_string_value(json_object_get(entry, "type"));
		const char *vector =
			json_string_value(json_object_get(entry, "score"));
		int tenths;

		if (!type || strcmp(type, "CVSS_V3") != 0 ||
		    sg_cvss3_base_score(vector, &tenths) < 0)
			continue;
		if (tenths > best) {
			best = tenths;
			best_vector = vector;
		}
	}
	if (best < 0)
		return 0;
	/* A base score of 0.0 is CVSS "None": info, not unknown. */
	out->severity = sg_severity_from_score(best / 10.0);
	snprintf(out->source, sizeof(out->source), "OSV %s, %s = %d.%d", id,
		 best_vector, best / 10, best % 10);
	return 0;
}
