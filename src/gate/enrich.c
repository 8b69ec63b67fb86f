/*
 * The enrichment stage (see enrich.h). Lookups go in rounds: round r asks
 * for the r-th id of every finding still unrated (its own id first, then
 * GHSA aliases, which carry GitHub's label, then the others), so that a
 * network source can fetch each round in parallel and no alias is fetched
 * for a finding its own id already rated.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enrich.h"
#include "osv_record.h"
#include "sanitize.h"
#include "secgate/error.h"

#define MAX_IDS_TRIED 16 /* per finding: ids plus aliases */
#define LIST_MAX 10	 /* ids named in one warning */

enum memo_state { M_PENDING, M_RATED, M_UNRATED, M_ABSENT, M_FAILED };

struct memo {
	const char *id; /* borrowed from the findings set */
	enum memo_state state;
	struct sg_osv_rating rating;
	const char *source_name; /* where the record came from */
	bool queued;		 /* asked for in a round already */
	char *error;		 /* the first failure (new), or NULL */
};

struct table {
	struct memo *slots;
	size_t cap; /* a power of two */
};

static uint64_t hash_id(const char *s)
{
	uint64_t h = 1469598103934665603u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211u;
	return h;
}

static struct memo *table_get(struct table *t, const char *id, bool add)
{
	size_t i = (size_t)hash_id(id) & (t->cap - 1);

	while (t->slots[i].id) {
		if (!strcmp(t->slots[i].id, id))
			return &t->slots[i];
		i = (i + 1) & (t->cap - 1);
	}
	if (!add)
		return NULL;
	t->slots[i].id = id;
	return &t->slots[i];
}

/* The ids of f to try, in order: its own, GHSA aliases, the rest. */
static size_t order_ids(const struct sg_finding *f,
			const char *out[MAX_IDS_TRIED])
{
	size_t n = 0;

	for (int pass = 0; pass < 3; pass++)
		for (size_t i = 0;
		     i < sg_finding_cold(f)->n_ids && n < MAX_IDS_TRIED; i++) {
			const char *id = sg_finding_cold(f)->ids[i];
			bool ghsa = !strncmp(id, "GHSA-", 5);

			if (!sg_osv_id_valid(id))
				continue;
			if ((pass == 0 && i != 0) ||
			    (pass == 1 && (i == 0 || !ghsa)) ||
			    (pass == 2 && (i == 0 || ghsa)))
				continue;
			out[n++] = id;
		}
	return n;
}

static bool is_candidate(const struct sg_finding *f)
{
	const char *ids[MAX_IDS_TRIED];

	return f->kind == SG_KIND_VULNERABILITY &&
	       f->severity == SG_SEV_UNKNOWN && order_ids(f, ids) > 0;
}

/* Ask each source, in order, for the pending ids of this round. */
static void set_error(struct memo *m, const char *source, const char *what)
{
	size_t n;

	m->state = M_FAILED;
	if (m->error)
		return;
	n = strlen(source) + strlen(what) + 3;
	m->error = malloc(n);
	if (m->error)
		snprintf(m->error, n, "%s: %s", source, what);
}

static void resolve_round(struct table *t, const char **ids, size_t n,
			  const struct sg_osv_source *const *sources,
			  size_t n_sources)
{
	for (size_t s = 0; s < n_sources; s++) {
		const struct sg_osv_source *src = sources[s];
		size_t pending = 0;

		for (size_t i = 0; i < n; i++) {
			struct memo *m = table_get(t, ids[i], false);

			if (m->state == M_PENDING || m->state == M_FAILED)
				ids[pending++] = ids[i];
		}
		n = pending;
		if (!n)
			return;
		if (src->prefetch)
			src->prefetch(src->ctx, ids, n);
		for (size_t i = 0; i < n; i++) {
			struct memo *m = table_get(t, ids[i], false);
			json_t *record = NULL;
			int rc = src->lookup(src->ctx, ids[i], &record);

			if (rc < 0) {
				set_error(m, src->name, sg_error_message());
				continue;
			}
			if (rc == 0) {
				if (m->state == M_PENDING)
					m->state = M_ABSENT;
				continue;
			}
			if (sg_osv_rate(record, &m->rating) < 0) {
				char what[SG_OSV_ID_MAX + 32];

				snprintf(what, sizeof(what),
					 "%s: not an OSV record", ids[i]);
				set_error(m, src->name, what);
			} else {
				m->state = m->rating.severity == SG_SEV_UNKNOWN
						   ? M_UNRATED
						   : M_RATED;
				m->source_name = src->name;
			}
			json_decref(record);
		}
		/* Absent here: the next source may have it. */
		for (size_t i = 0; i < n; i++) {
			struct memo *m = table_get(t, ids[i], false);

			if (m->state == M_ABSENT && s + 1 < n_sources)
				m->state = M_PENDING;
		}
	}
}

static void list_ids(const char *what, const char *const *ids, size_t n,
		     const char *tail)
{
	fprintf(stderr, "secgate: %s", what);
	for (size_t i = 0; i < n && i < LIST_MAX; i++) {
		fputs(i ? ", " : " ", stderr);
		sg_fputs_terminal(stderr, ids[i]);
	}
	if (n > LIST_MAX)
		fprintf(stderr, " and %zu more", n - LIST_MAX);
	sg_fputs_terminal(stderr, tail);
	fputc('\n', stderr);
}

/*
 * What is enriched: a finding read once, or each copy of a merged one
 * (each copy is gated on its own, so each needs its own severity).
 */
static int collect_targets(struct sg_findings *set, struct sg_finding ***out,
			   size_t *n)
{
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < set->count; i++) {
			struct sg_finding *f = &set->items[i];
			size_t k = sg_finding_cold(f)->n_copies
				       ? sg_finding_cold(f)->n_copies
				       : 1;

			for (size_t j = 0; j < k; j++) {
				struct sg_finding *c =
				    sg_finding_cold(f)->n_copies
					? &sg_finding_cold(f)->copies[j]
					: f;

				if (!is_candidate(c))
					continue;
				if (pass)
					(*out)[*n] = c;
				if (pass)
					(*n)++;
				else
					cap++;
			}
		}
		if (!pass) {
			if (!cap)
				return 0;
			*out = calloc(cap, sizeof(**out));
			if (!*out)
				return -1;
		}
	}
	return 0;
}

/*
 * A merged finding takes its most severe copy's severity (as the policy
 * does) and, when that came from OSV, its source.
 */
static void rate_merged(struct sg_findings *set)
{
	for (size_t i = 0; i < set->count; i++) {
		struct sg_finding *f = &set->items[i];

		for (size_t j = 0; j < sg_finding_cold(f)->n_copies; j++) {
			const struct sg_finding *c =
			    &sg_finding_cold(f)->copies[j];

			if (c->severity > f->severity) {
				f->severity = c->severity;
				sg_finding_cold_mut(set, f)->severity_source =
				    sg_finding_cold(c)->severity_source;
			}
		}
	}
}

int sg_enrich_osv(struct sg_findings *set,
		  const struct sg_osv_source *const *sources, size_t n_sources,
		  struct sg_enrich_result *result)
{
	struct table t = {0};
	const char **round = NULL, **unrated = NULL;
	struct sg_finding **targets = NULL;
	size_t n_targets = 0;
	bool *done = NULL;
	size_t total = 0, n_unrated = 0;
	int rc = 0;

	memset(result, 0, sizeof(*result));
	if (!n_sources)
		return 0;
	if (collect_targets(set, &targets, &n_targets) < 0)
		return sg_error(SG_ENOMEM, "out of memory");
	for (size_t i = 0; i < n_targets; i++) {
		result->candidates++;
		total += sg_finding_cold(targets[i])->n_ids < MAX_IDS_TRIED
			     ? sg_finding_cold(targets[i])->n_ids
			     : MAX_IDS_TRIED;
	}
	if (!result->candidates) {
		free(targets);
		return 0;
	}
	for (t.cap = 16; t.cap < total * 2; t.cap *= 2)
		;
	t.slots = calloc(t.cap, sizeof(*t.slots));
	round = calloc(result->candidates, sizeof(*round));
	unrated = calloc(result->candidates, sizeof(*unrated));
	done = calloc(n_targets, sizeof(*done));
	if (!t.slots || !round || !unrated || !done) {
		rc = sg_error(SG_ENOMEM, "out of memory");
		goto out;
	}

	for (size_t r = 0; r < MAX_IDS_TRIED; r++) {
		size_t n = 0;

		for (size_t i = 0; i < n_targets; i++) {
			const char *ids[MAX_IDS_TRIED];
			struct sg_finding *f = targets[i];
			struct memo *m;

			if (done[i] || !is_candidate(f) ||
			    order_ids(f, ids) <= r)
				continue;
			m = table_get(&t, ids[r], true);
			if (!m->queued && n < result->candidates) {
				m->queued = true;
				round[n++] = ids[r];
			}
		}
		if (!n)
			break;
		resolve_round(&t, round, n, sources, n_sources);
		for (size_t i = 0; i < n_targets; i++) {
			const char *ids[MAX_IDS_TRIED];
			struct sg_finding *f = targets[i];
			struct memo *m;

			if (done[i] || !is_candidate(f) ||
			    order_ids(f, ids) <= r)
				continue;
			m = table_get(&t, ids[r], false);
			if (!m || m->state != M_RATED)
				continue;
			f->severity = m->rating.severity;
			sg_finding_cold_mut(set, f)->severity_source =
			    sg_findings_strdup(set, m->rating.source);
			if (!sg_finding_cold(f)->severity_source) {
				rc = sg_error(SG_ENOMEM, "out of memory");
				goto out;
			}
			done[i] = true;
			result->enriched++;
		}
	}

	/* What stays unknown, and why. */
	for (size_t i = 0; i < n_targets; i++) {
		const char *ids[MAX_IDS_TRIED];
		const struct memo *failed = NULL;
		size_t n;

		if (done[i] || !is_candidate(targets[i]))
			continue;
		n = order_ids(targets[i], ids);
		for (size_t k = 0; k < n && !failed; k++) {
			const struct memo *m = table_get(&t, ids[k], false);

			if (m && m->state == M_FAILED)
				failed = m;
		}
		if (!failed) {
			unrated[n_unrated++] = ids[0];
			continue;
		}
		if (result->failed++ < LIST_MAX) {
			fputs("secgate: warning: OSV: ", stderr);
			sg_fputs_terminal(stderr, ids[0]);
			fputs(": its severity stays unknown: ", stderr);
			sg_fputs_terminal(stderr, failed->error ? failed->error
								: "out of memory");
			fputc('\n', stderr);
		}
	}
	if (result->failed > LIST_MAX)
		fprintf(stderr,
			"secgate: warning: OSV: %zu more findings keep an "
			"unknown severity for the same kind of reason\n",
			result->failed - LIST_MAX);
	if (n_unrated)
		list_ids("note: no OSV record gives a severity for", unrated,
			 n_unrated, ": it stays unknown");
out:
	for (size_t i = 0; t.slots && i < t.cap; i++)
		free(t.slots[i].error);
	if (rc == 0)
		rate_merged(set);
	free(targets);
	free(t.slots);
	free(round);
	free(unrated);
	free(done);
	return rc;
}
