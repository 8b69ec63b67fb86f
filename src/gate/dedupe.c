/*
 * De-duplication by fingerprint and the report order (see dedupe.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <stdbool.h>

#include "dedupe.h"
#include "secgate/error.h"

static int dedupe_fingerprints(struct sg_findings *set);

static int cmp_str(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static const struct sg_finding *sort_base;

static int by_fingerprint(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	int c = cmp_str(sort_base[a].fingerprint, sort_base[b].fingerprint);

	if (c)
		return c;
	return (a > b) - (a < b); /* keep input order within a group */
}

static int has_string(const char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (cmp_str(v[i], s) == 0)
			return 1;
	return 0;
}

/* Append the strings of (b, nb) missing from (*a, *na); new array in the set. */
static int merge_strv(struct sg_findings *set, const char ***a, size_t *na,
		      const char **b, size_t nb)
{
	size_t extra = 0, n = *na;
	const char **out;

	for (size_t i = 0; i < nb; i++)
		extra += !has_string(*a, *na, b[i]);
	if (!extra)
		return 0;
	out = sg_findings_strv(set, n + extra);
	if (!out)
		return SG_ENOMEM;
	if (n)
		memcpy(out, *a, n * sizeof(*out));
	for (size_t i = 0; i < nb; i++)
		if (!has_string(out, n, b[i]))
			out[n++] = b[i];
	*a = out;
	*na = n;
	return 0;
}

static int merge_into(struct sg_findings *set, struct sg_finding *keep,
		      const struct sg_finding *dup)
{
	if (merge_strv(set, &keep->sources, &keep->n_sources, dup->sources,
		       dup->n_sources) ||
	    merge_strv(set, &keep->ids, &keep->n_ids, dup->ids, dup->n_ids))
		return sg_error(SG_ENOMEM, "out of memory");
	if (dup->severity > keep->severity) {
		keep->severity = dup->severity;
		keep->tool_severity = dup->tool_severity;
	}
	if (!keep->package.fixed_versions && dup->package.fixed_versions) {
		keep->package.fixed_versions = dup->package.fixed_versions;
		keep->package.n_fixed_versions = dup->package.n_fixed_versions;
	}
	if (!keep->location.path && dup->location.path)
		keep->location = dup->location;
	if (!keep->help_uri)
		keep->help_uri = dup->help_uri;
	return 0;
}

static bool has_source(const struct sg_finding *f, const char *tool)
{
	return has_string(f->sources, f->n_sources, tool);
}

static int by_secret_place(const void *pa, const void *pb)
{
	const struct sg_finding *a = &sort_base[*(const size_t *)pa];
	const struct sg_finding *b = &sort_base[*(const size_t *)pb];
	int c = cmp_str(a->location.path, b->location.path);

	if (c)
		return c;
	if (a->location.start_line != b->location.start_line)
		return a->location.start_line < b->location.start_line ? -1 : 1;
	return (*(const size_t *)pa > *(const size_t *)pb) -
	       (*(const size_t *)pa < *(const size_t *)pb);
}

/*
 * gitleaks and Trivy's secret scanner report the same secret with
 * different rule names, and Trivy masks the value, so their fingerprints
 * differ: secrets from different tools at the same file and line are one
 * finding, kept under the earliest input's fingerprint.
 */
static int dedupe_secret_places(struct sg_findings *set)
{
	size_t n = 0, out = 0;
	size_t *order = malloc((set->count ? set->count : 1) * sizeof(*order));
	unsigned char *dropped = calloc(set->count ? set->count : 1, 1);
	int rc = 0;

	if (!order || !dropped) {
		free(order);
		free(dropped);
		return sg_error(SG_ENOMEM, "out of memory");
	}
	const char *first_tool = NULL;
	bool several_tools = false;

	for (size_t i = 0; i < set->count; i++) {
		const struct sg_finding *f = &set->items[i];
		if (f->kind == SG_KIND_SECRET && f->location.path &&
		    f->location.start_line) {
			order[n++] = i;
			if (!first_tool)
				first_tool = f->tool;
			else if (cmp_str(first_tool, f->tool) != 0)
				several_tools = true;
		}
	}
	/* One tool's secrets never merge by place: skip the sort. */
	if (!several_tools)
		n = 0;
	sort_base = set->items;
	qsort(order, n, sizeof(*order), by_secret_place);
	for (size_t i = 0; i < n && rc == 0;) {
		struct sg_finding *keep = &set->items[order[i]];
		size_t j = i + 1;

		for (; j < n; j++) {
			struct sg_finding *other = &set->items[order[j]];

			if (cmp_str(other->location.path, keep->location.path) ||
			    other->location.start_line != keep->location.start_line)
				break;
			if (has_source(keep, other->tool))
				continue; /* one tool's two secrets on a line stay two */
			rc = merge_into(set, keep, other);
			dropped[order[j]] = 1;
		}
		i = j;
	}
	if (rc == 0) {
		for (size_t i = 0; i < set->count; i++)
			if (!dropped[i])
				set->items[out++] = set->items[i];
		set->count = out;
	}
	free(order);
	free(dropped);
	return rc;
}

int sg_dedupe(struct sg_findings *set)
{
	int rc = dedupe_fingerprints(set);

	return rc < 0 ? rc : dedupe_secret_places(set);
}

static int dedupe_fingerprints(struct sg_findings *set)
{
	size_t n = set->count, out = 0;
	size_t *order;
	unsigned char *dropped;
	int rc = 0;

	if (n < 2)
		return 0;
	order = malloc(n * sizeof(*order));
	dropped = calloc(n, 1);
	if (!order || !dropped) {
		free(order);
		free(dropped);
		return sg_error(SG_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	sort_base = set->items;
	qsort(order, n, sizeof(*order), by_fingerprint);
	for (size_t i = 0; i < n && rc == 0;) {
		size_t j = i + 1;
		struct sg_finding *keep = &set->items[order[i]];

		while (j < n && cmp_str(set->items[order[j]].fingerprint,
					keep->fingerprint) == 0) {
			rc = merge_into(set, keep, &set->items[order[j]]);
			dropped[order[j]] = 1;
			j++;
		}
		i = j;
	}
	if (rc == 0) {
		for (size_t i = 0; i < n; i++)
			if (!dropped[i])
				set->items[out++] = set->items[i];
		set->count = out;
	}
	free(order);
	free(dropped);
	return rc;
}

static int cmp_u32(uint32_t a, uint32_t b)
{
	return (a > b) - (a < b);
}

static int report_order(const void *pa, const void *pb)
{
	const struct sg_finding *a = pa, *b = pb;
	int c;

	if (a->blocking != b->blocking)
		return a->blocking ? -1 : 1;
	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if ((c = cmp_str(a->location.path, b->location.path)))
		return c;
	if ((c = cmp_u32(a->location.start_line, b->location.start_line)))
		return c;
	if ((c = cmp_str(a->rule_id, b->rule_id)))
		return c;
	return cmp_str(a->fingerprint, b->fingerprint);
}

static int report_order_index(const void *pa, const void *pb)
{
	return report_order(&sort_base[*(const size_t *)pa],
			    &sort_base[*(const size_t *)pb]);
}

/*
 * Sort indexes, then permute in place: qsort on the findings themselves
 * would copy them into a temporary array as large as the set (240 MB for
 * a million findings).
 */
void sg_findings_sort(struct sg_findings *set)
{
	size_t n = set->count;
	size_t *order;

	if (n < 2)
		return;
	order = malloc(n * sizeof(*order));
	if (!order) {
		qsort(set->items, n, sizeof(*set->items), report_order);
		return;
	}
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	sort_base = set->items;
	qsort(order, n, sizeof(*order), report_order_index);
	/* Position i takes items[order[i]]: follow each cycle once. */
	for (size_t i = 0; i < n; i++) {
		if (order[i] == SIZE_MAX || order[i] == i)
			continue;
		struct sg_finding held = set->items[i];
		size_t j = i;

		for (;;) {
			size_t from = order[j];

			order[j] = SIZE_MAX;
			if (from == i) {
				set->items[j] = held;
				break;
			}
			set->items[j] = set->items[from];
			j = from;
		}
	}
	free(order);
}
