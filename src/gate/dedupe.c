/*
 * De-duplication by fingerprint and the report order (see dedupe.h).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dedupe.h"
#include "secgate/error.h"
#include "secgate/fingerprint.h"

static int cmp_str(const char *a, const char *b)
{
	/* Interned strings (paths, rules, tools) are often the same one. */
	if (a == b)
		return 0;
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int cmp_u32(uint32_t a, uint32_t b)
{
	return (a > b) - (a < b);
}

/* Where a result is and what it says: equal for exact duplicates. */
static int cmp_place(const struct sg_finding *a, const struct sg_finding *b)
{
	const struct sg_location *la = &a->location, *lb = &b->location;
	int c;

	if ((c = cmp_str(la->path, lb->path)) ||
	    (c = cmp_u32(la->start_line, lb->start_line)) ||
	    (c = cmp_u32(la->start_column, lb->start_column)) ||
	    (c = cmp_u32(la->end_line, lb->end_line)) ||
	    (c = cmp_u32(la->end_column, lb->end_column)) ||
	    (c = cmp_str(la->commit, lb->commit)))
		return c;
	return cmp_str(a->message, b->message);
}

/*
 * The canonical order of the copies of a finding: by everything a copy
 * carries, never by input order, so that the copy that represents the
 * finding (the first) is the same whatever order the inputs came in. Copies
 * with a place come first: the finding shows one, with its own tool's rule.
 */
static int cmp_copy(const void *pa, const void *pb)
{
	const struct sg_finding *a = pa, *b = pb;
	int c;

	if (!a->location.path != !b->location.path)
		return a->location.path ? -1 : 1;
	if ((c = cmp_str(a->tool, b->tool)) || (c = cmp_place(a, b)) ||
	    (c = cmp_str(sg_finding_cold(a)->package.name,
			 sg_finding_cold(b)->package.name)) ||
	    (c = cmp_str(sg_finding_cold(a)->package.version,
			 sg_finding_cold(b)->package.version)) ||
	    (c = cmp_str(a->rule_id, b->rule_id)) ||
	    (c = cmp_str(sg_finding_cold(a)->producer_suppression,
			 sg_finding_cold(b)->producer_suppression)) ||
	    (c = cmp_str(a->fingerprint, b->fingerprint)) ||
	    (c = cmp_str(sg_finding_cold(a)->fingerprint_v1,
			 sg_finding_cold(b)->fingerprint_v1)) ||
	    (c = cmp_u32(a->severity, b->severity)) ||
	    (c = cmp_str(sg_finding_cold(a)->tool_severity,
			 sg_finding_cold(b)->tool_severity)) ||
	    (c = cmp_str(a->tool_version, b->tool_version)) ||
	    (c = cmp_str(a->title, b->title)) ||
	    (c = cmp_str(sg_finding_cold(a)->package.purl,
			 sg_finding_cold(b)->package.purl)) ||
	    (c = cmp_str(sg_finding_cold(a)->help_uri,
			 sg_finding_cold(b)->help_uri)))
		return c;
	return cmp_u32(a->kind, b->kind);
}

/* qsort has no context argument: the array the indexes point into. */
static const struct sg_finding *sort_base;

static int cmp_index_copy(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	int c = cmp_str(sort_base[a].fingerprint, sort_base[b].fingerprint);

	if (c)
		return c;
	if ((c = cmp_copy(&sort_base[a], &sort_base[b])))
		return c;
	return (a > b) - (a < b);
}

static bool has_string(const char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (cmp_str(v[i], s) == 0)
			return true;
	return false;
}

/* ---- occurrences ---- */

static int cmp_index_context(const void *pa, const void *pb)
{
	size_t ia = *(const size_t *)pa, ib = *(const size_t *)pb;
	const struct sg_finding *a = &sort_base[ia], *b = &sort_base[ib];
	int c;

	if ((c = cmp_str(a->fingerprint, b->fingerprint)) ||
	    (c = cmp_place(a, b)))
		return c;
	return (ia > ib) - (ia < ib);
}

/*
 * Results whose identity names only a context (a line's text, a message)
 * and that share it are numbered in line order, as GitHub numbers
 * primaryLocationLineHash: the nth keeps a fingerprint of its own, stable
 * when unrelated lines move. Exact duplicates (same place and message) get
 * the same number, and merge below. Numbered across inputs, so that two
 * overlapping scans by one tool agree on each result's number.
 */
static int number_occurrences(struct sg_findings *set)
{
	size_t n = 0, *order;
	int rc = 0;

	for (size_t i = 0; i < set->count; i++)
		n += set->items[i].context_identity;
	if (n < 2)
		return 0;
	order = malloc(n * sizeof(*order));
	if (!order)
		return sg_error(SG_ENOMEM, "out of memory");
	n = 0;
	for (size_t i = 0; i < set->count; i++)
		if (set->items[i].context_identity)
			order[n++] = i;
	sort_base = set->items;
	qsort(order, n, sizeof(*order), cmp_index_context);
	for (size_t i = 0; i < n && rc == 0;) {
		const char *base = set->items[order[i]].fingerprint;
		uint32_t occurrence = 1;
		size_t j = i + 1;

		for (; j < n && rc == 0; j++) {
			struct sg_finding *f = &set->items[order[j]];

			if (cmp_str(f->fingerprint, base) != 0)
				break;
			if (cmp_place(f, &set->items[order[j - 1]]) != 0)
				occurrence++;
			if (occurrence > 1)
				rc = sg_fingerprint_occurrence(set, f,
							       occurrence);
		}
		i = j;
	}
	free(order);
	return rc;
}

/* ---- merging ---- */

static size_t leaves_of(const struct sg_finding *f)
{
	return sg_finding_cold(f)->n_copies ? sg_finding_cold(f)->n_copies : 1;
}

/* Append f's copies (or f itself, read once) to out. */
static size_t add_leaves(struct sg_finding *out, const struct sg_finding *f)
{
	if (!sg_finding_cold(f)->n_copies) {
		out[0] = *f;
		return 1;
	}
	memcpy(out, sg_finding_cold(f)->copies,
	       sg_finding_cold(f)->n_copies * sizeof(*out));
	return sg_finding_cold(f)->n_copies;
}

/* Append the strings of v missing from out[0, *k). */
static void add_unique(const char **out, size_t *k, const char *const *v,
		       size_t nv)
{
	for (size_t j = 0; j < nv; j++)
		if (v[j] && !has_string(out, *k, v[j]))
			out[(*k)++] = v[j];
}

/*
 * Build the merged finding from its copies (sorted here, taken): the first
 * copy represents it (its place, tool, rule, message); ids, sources and the
 * highest severity come from all. A producer suppression holds for the
 * finding only when every copy carries one.
 */
static int merge_copies(struct sg_findings *set, struct sg_finding *out,
			struct sg_finding *copies, size_t n)
{
	struct sg_finding m;
	struct sg_finding_cold *c;
	const struct sg_finding *top;
	size_t n_ids = 0, n_sources = 0;

	qsort(copies, n, sizeof(*copies), cmp_copy);
	m = copies[0];
	/* m is written below: its own cold part, not copies[0]'s. */
	if (sg_finding_cold_unshare(set, &m) < 0)
		return SG_ENOMEM;
	c = sg_finding_cold_mut(set, &m);
	top = &copies[0];
	for (size_t i = 1; i < n; i++)
		if (copies[i].severity > top->severity)
			top = &copies[i];
	m.severity = top->severity;
	c->tool_severity = sg_finding_cold(top)->tool_severity;
	for (size_t i = 0; i < n && !c->package.fixed_versions; i++) {
		const struct sg_package *p =
		    &sg_finding_cold(&copies[i])->package;

		c->package.fixed_versions = p->fixed_versions;
		c->package.n_fixed_versions = p->n_fixed_versions;
	}
	for (size_t i = 0; i < n && !c->help_uri; i++)
		c->help_uri = sg_finding_cold(&copies[i])->help_uri;
	for (size_t i = 0; i < n; i++) {
		const char *ps =
		    sg_finding_cold(&copies[i])->producer_suppression;

		if (cmp_str(ps, c->producer_suppression) != 0 || !ps)
			c->producer_suppression = NULL;
	}
	for (size_t i = 0; i < n; i++) {
		n_ids += sg_finding_cold(&copies[i])->n_ids;
		n_sources += sg_finding_n_sources(&copies[i]);
	}
	c->ids = sg_findings_strv(set, n_ids);
	c->sources = sg_findings_strv(set, n_sources);
	if (!c->ids || !c->sources || sg_findings_check(set) < 0)
		return sg_error(SG_ENOMEM, "out of memory");
	c->n_ids = c->n_sources = 0;
	/* Ids and tools of every copy, each once, in copy order. */
	for (size_t i = 0; i < n; i++) {
		const struct sg_finding *k = &copies[i];

		add_unique(c->ids, &c->n_ids, sg_finding_cold(k)->ids,
			   sg_finding_cold(k)->n_ids);
		add_unique(c->sources, &c->n_sources, sg_finding_sources(k),
			   sg_finding_n_sources(k));
	}
	c->copies = copies;
	c->n_copies = n;
	*out = m;
	return 0;
}

/* Merge items[idx[0..k)] into items[idx[0]]; mark the others dropped. */
static int merge_group(struct sg_findings *set, const size_t *idx, size_t k,
		       unsigned char *dropped)
{
	size_t n = 0, at = 0;
	struct sg_finding *copies;

	for (size_t i = 0; i < k; i++)
		n += leaves_of(&set->items[idx[i]]);
	if (n > SIZE_MAX / sizeof(*copies))
		return sg_error(SG_ENOMEM, "out of memory");
	copies = sg_arena_alloc(&set->arena, n * sizeof(*copies));
	if (!copies)
		return sg_error(SG_ENOMEM, "out of memory");
	for (size_t i = 0; i < k; i++) {
		at += add_leaves(copies + at, &set->items[idx[i]]);
		if (i)
			dropped[idx[i]] = 1;
	}
	return merge_copies(set, &set->items[idx[0]], copies, n);
}

static void compact(struct sg_findings *set, const unsigned char *dropped)
{
	size_t out = 0;

	for (size_t i = 0; i < set->count; i++)
		if (!dropped[i])
			set->items[out++] = set->items[i];
	set->count = out;
}

/*
 * The fingerprint sort orders (key, index) pairs: the key holds the first
 * seven hex digits of an "sg2:" fingerprint and a flag, so that most
 * comparisons are decided without reading the finding or its string (at
 * a million findings, each such read is a cache miss). Two keyed
 * fingerprints whose keys differ compare as their strings do (hex digits
 * are in ASCII order); equal keys, and fingerprints of another form, take
 * cmp_index_copy's full order. The order is cmp_index_copy's either way.
 */
#define FP_KEYED 0x80000000u
#define FP_KEY_DIGITS 7

struct fp_entry {
	uint32_t key; /* FP_KEYED and 28 bits; 0: compare in full */
	uint32_t index;
};

static uint32_t fingerprint_key(const char *fp)
{
	size_t n = strlen(SG_FINGERPRINT_PREFIX);
	uint32_t key = 0;

	if (!fp || strncmp(fp, SG_FINGERPRINT_PREFIX, n) != 0)
		return 0;
	for (size_t i = n; i < n + FP_KEY_DIGITS; i++) {
		unsigned digit;

		if (fp[i] >= '0' && fp[i] <= '9')
			digit = (unsigned)(fp[i] - '0');
		else if (fp[i] >= 'a' && fp[i] <= 'f')
			digit = (unsigned)(fp[i] - 'a' + 10);
		else
			return 0; /* also at an early NUL */
		key = key << 4 | digit;
	}
	return FP_KEYED | key;
}

static bool keys_differ(uint32_t a, uint32_t b)
{
	return (a & b & FP_KEYED) && a != b;
}

static int cmp_fp_entry(const void *pa, const void *pb)
{
	const struct fp_entry *a = pa, *b = pb;
	size_t ia = a->index, ib = b->index;

	if (keys_differ(a->key, b->key))
		return a->key < b->key ? -1 : 1;
	return cmp_index_copy(&ia, &ib);
}

static int dedupe_fingerprints(struct sg_findings *set)
{
	size_t n = set->count, *group = NULL, group_cap = 0;
	struct fp_entry *order;
	unsigned char *dropped;
	int rc = 0;

	if (n < 2)
		return 0;
	if (n > UINT32_MAX)
		return sg_error(SG_ENOMEM, "too many findings to sort (%zu)",
				n);
	order = malloc(n * sizeof(*order));
	dropped = calloc(n, 1);
	if (!order || !dropped) {
		free(order);
		free(dropped);
		return sg_error(SG_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		order[i].key = fingerprint_key(set->items[i].fingerprint);
		order[i].index = (uint32_t)i;
	}
	sort_base = set->items;
	qsort(order, n, sizeof(*order), cmp_fp_entry);
	for (size_t i = 0; i < n && rc == 0;) {
		const char *fp = set->items[order[i].index].fingerprint;
		size_t j = i + 1;

		while (j < n && !keys_differ(order[j].key, order[i].key) &&
		       cmp_str(set->items[order[j].index].fingerprint, fp) == 0)
			j++;
		if (j - i > 1) {
			/* Duplicates are few: their indexes for merge_group. */
			if (j - i > group_cap) {
				size_t *grown = realloc(
					group, (j - i) * sizeof(*group));

				if (!grown) {
					rc = sg_error(SG_ENOMEM,
						      "out of memory");
					break;
				}
				group = grown;
				group_cap = j - i;
			}
			for (size_t k = i; k < j; k++)
				group[k - i] = order[k].index;
			rc = merge_group(set, group, j - i, dropped);
		}
		i = j;
	}
	if (rc == 0)
		compact(set, dropped);
	free(group);
	free(order);
	free(dropped);
	return rc;
}

static int cmp_index_secret_place(const void *pa, const void *pb)
{
	size_t ia = *(const size_t *)pa, ib = *(const size_t *)pb;
	const struct sg_finding *a = &sort_base[ia], *b = &sort_base[ib];
	int c;

	if ((c = cmp_str(a->location.path, b->location.path)) ||
	    (c = cmp_u32(a->location.start_line, b->location.start_line)) ||
	    (c = cmp_copy(a, b)))
		return c;
	return (ia > ib) - (ia < ib);
}

static bool shares_a_tool(const struct sg_finding *a,
			  const struct sg_finding *b)
{
	for (size_t i = 0; i < sg_finding_n_sources(b); i++)
		if (has_string(sg_finding_sources(a), sg_finding_n_sources(a),
			       sg_finding_sources(b)[i]))
			return true;
	return false;
}

/*
 * gitleaks and Trivy's secret scanner report the same secret with
 * different rule names, and Trivy masks the value, so their fingerprints
 * differ: secrets from different tools at the same file and line are one
 * finding. One tool's two secrets on a line stay two.
 */
static int dedupe_secret_places(struct sg_findings *set)
{
	size_t n = 0;
	size_t *order = malloc((set->count ? set->count : 1) * sizeof(*order));
	unsigned char *dropped = calloc(set->count ? set->count : 1, 1);
	const char *first_tool = NULL;
	bool several_tools = false;
	int rc = 0;

	if (!order || !dropped) {
		free(order);
		free(dropped);
		return sg_error(SG_ENOMEM, "out of memory");
	}
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
	qsort(order, n, sizeof(*order), cmp_index_secret_place);
	for (size_t i = 0; i < n && rc == 0;) {
		struct sg_finding *keep = &set->items[order[i]];
		size_t j = i + 1;

		for (; j < n && rc == 0; j++) {
			struct sg_finding *other = &set->items[order[j]];
			size_t pair[2] = {order[i], order[j]};

			if (cmp_str(other->location.path, keep->location.path) ||
			    other->location.start_line != keep->location.start_line)
				break;
			if (dropped[order[j]] || shares_a_tool(keep, other))
				continue;
			rc = merge_group(set, pair, 2, dropped);
		}
		i = j;
	}
	if (rc == 0)
		compact(set, dropped);
	free(order);
	free(dropped);
	return rc;
}

int sg_dedupe(struct sg_findings *set)
{
	int rc = number_occurrences(set);

	if (rc == 0)
		rc = dedupe_fingerprints(set);
	return rc < 0 ? rc : dedupe_secret_places(set);
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
