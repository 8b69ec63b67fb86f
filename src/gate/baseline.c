/*
 * Baseline file (see baseline.h). The file is small next to the reports
 * (one short entry per accepted finding), so it is read whole with jansson;
 * it is written one entry per line, sorted by fingerprint, so that a
 * review of its diff shows exactly what was accepted or fixed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "atomic_file.h"
#include "baseline.h"
#include "config.h"
#include "secgate/error.h"
#include "secgate/fingerprint.h"

void sg_baseline_init(struct sg_baseline *b)
{
	memset(b, 0, sizeof(*b));
	sg_findings_init(&b->strings);
}

void sg_baseline_release(struct sg_baseline *b)
{
	free(b->entries);
	sg_findings_release(&b->strings);
	memset(b, 0, sizeof(*b));
}

static int by_fingerprint(const void *pa, const void *pb)
{
	const struct sg_baseline_entry *a = pa, *b = pb;

	return strcmp(a->fingerprint, b->fingerprint);
}

static int grow(struct sg_baseline *b, size_t *capacity)
{
	if (b->count < *capacity)
		return 0;
	size_t cap = *capacity ? *capacity * 2 : 64;
	struct sg_baseline_entry *e = realloc(b->entries, cap * sizeof(*e));

	if (!e)
		return sg_error(SG_ENOMEM, "out of memory");
	b->entries = e;
	*capacity = cap;
	return 0;
}

/* An optional string field: NULL when absent or null; -1 for another type. */
static int optional_string(struct sg_baseline *b, json_t *entry,
			   const char *key, const char **out)
{
	json_t *v = json_object_get(entry, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return -1;
	*out = sg_findings_intern(&b->strings, json_string_value(v),
				  strlen(json_string_value(v)));
	return 0;
}

static int entry_error(const char *path, size_t i, const char *what)
{
	return sg_error(SG_EUSAGE, "%s: entries[%zu]: %s", path, i, what);
}

static int read_entries(struct sg_baseline *b, const char *path, json_t *doc)
{
	json_t *version = json_object_get(doc, "secgate_baseline");
	json_t *entries = json_object_get(doc, "entries");
	size_t capacity = 0, i;
	json_t *entry;

	if (!json_is_object(doc))
		return sg_error(SG_EUSAGE, "%s: not a secgate baseline (expected "
				"an object)", path);
	if (!json_is_integer(version))
		return sg_error(SG_EUSAGE, "%s: not a secgate baseline (no "
				"'secgate_baseline' version)", path);
	if (json_integer_value(version) != SG_BASELINE_VERSION)
		return sg_error(SG_EUSAGE, "%s: baseline version %lld is not "
				"supported (this secgate reads version %d)",
				path, (long long)json_integer_value(version),
				SG_BASELINE_VERSION);
	if (!json_is_array(entries))
		return sg_error(SG_EUSAGE, "%s: 'entries' must be an array", path);
	json_array_foreach(entries, i, entry) {
		struct sg_baseline_entry *e;
		json_t *fp = json_object_get(entry, "fingerprint");
		int rc;

		if (!json_is_object(entry))
			return entry_error(path, i, "expected an object");
		if (!json_is_string(fp) ||
		    !sg_fingerprint_valid(json_string_value(fp)))
			return entry_error(path, i, "'fingerprint' must be "
					   "\"sg2:\" (or an earlier version's "
					   "\"sg1:\") and 32 lowercase hex "
					   "digits");
		if ((rc = grow(b, &capacity)) < 0)
			return rc;
		e = &b->entries[b->count++];
		memset(e, 0, sizeof(*e));
		e->fingerprint = sg_findings_intern(&b->strings,
						    json_string_value(fp),
						    json_string_length(fp));
		if (optional_string(b, entry, "tool", &e->tool) < 0 ||
		    optional_string(b, entry, "kind", &e->kind) < 0 ||
		    optional_string(b, entry, "rule", &e->rule_id) < 0 ||
		    optional_string(b, entry, "path", &e->path) < 0 ||
		    optional_string(b, entry, "title", &e->title) < 0 ||
		    optional_string(b, entry, "added", &e->added) < 0)
			return entry_error(path, i, "tool, kind, rule, path, "
					   "title and added must be strings");
		if (!e->fingerprint)
			return sg_error(SG_ENOMEM, "out of memory");
	}
	if (b->count > 1)
		qsort(b->entries, b->count, sizeof(*b->entries), by_fingerprint);
	for (i = 1; i < b->count; i++)
		if (strcmp(b->entries[i - 1].fingerprint,
			   b->entries[i].fingerprint) == 0)
			return sg_error(SG_EUSAGE, "%s: fingerprint %s is listed "
					"twice", path, b->entries[i].fingerprint);
	return 0;
}

int sg_baseline_load(struct sg_baseline *b, const char *path, bool must_exist)
{
	json_error_t err;
	struct stat st;
	json_t *doc;
	int rc;

	if (stat(path, &st) != 0) {
		if (errno == ENOENT && !must_exist)
			return 0; /* no baseline yet: every finding is new */
		return sg_error(SG_EUSAGE, "%s: cannot read the baseline: %s",
				path, strerror(errno));
	}
	if (!S_ISREG(st.st_mode))
		return sg_error(SG_EUSAGE, "%s: the baseline is not a regular "
				"file", path);
	doc = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
	if (!doc) {
		/* A cut-off or empty file is corrupt, never an empty baseline. */
		char text[160];
		const char *near = strstr(err.text, " near ");
		size_t n = near ? (size_t)(near - err.text) : strlen(err.text);

		snprintf(text, sizeof(text), "%.*s", (int)n, err.text);
		return sg_error(SG_EUSAGE, "%s:%d:%d: corrupt baseline: %s", path,
				err.line, err.column, text);
	}
	rc = read_entries(b, path, doc);
	json_decref(doc);
	if (rc < 0) {
		free(b->entries);
		b->entries = NULL;
		b->count = 0;
	}
	return rc;
}

static struct sg_baseline_entry *find_sorted(const struct sg_baseline *b,
					     size_t n, const char *fp);

struct sg_baseline_entry *sg_baseline_find(const struct sg_baseline *b,
					   const char *fingerprint)
{
	return find_sorted(b, b->count, fingerprint);
}

/* The sg1 name of f: kept, or the prefix swapped. */
static void v1_name(const struct sg_finding *f,
		    char out[SG_FINGERPRINT_LEN + 1])
{
	if (sg_finding_cold(f)->fingerprint_v1)
		snprintf(out, SG_FINGERPRINT_LEN + 1, "%s",
			 sg_finding_cold(f)->fingerprint_v1);
	else
		snprintf(out, SG_FINGERPRINT_LEN + 1, "%s%s",
			 SG_FINGERPRINT_PREFIX_V1,
			 f->fingerprint + strlen(SG_FINGERPRINT_PREFIX));
}

/* The entry named fp among the first n (sorted) entries, or NULL. */
static struct sg_baseline_entry *find_sorted(const struct sg_baseline *b,
					     size_t n, const char *fp)
{
	struct sg_baseline_entry key = {.fingerprint = fp};

	if (!n || !fp)
		return NULL;
	return bsearch(&key, b->entries, n, sizeof(*b->entries),
		       by_fingerprint);
}

/*
 * The entry among the first n that names f or one of its copies: by the
 * current fingerprint (v1 false), or by an earlier version's (v1 true).
 * When mark, every entry that names it is marked seen.
 */
static struct sg_baseline_entry *find_for(const struct sg_baseline *b,
					  size_t n_entries,
					  const struct sg_finding *f, bool v1,
					  bool mark)
{
	struct sg_baseline_entry *found = NULL, *e;
	char name[SG_FINGERPRINT_LEN + 1];
	size_t n =
	    sg_finding_cold(f)->n_copies ? sg_finding_cold(f)->n_copies + 1 : 1;

	for (size_t i = 0; i < n; i++) {
		const struct sg_finding *c =
		    i ? &sg_finding_cold(f)->copies[i - 1] : f;

		if (!c->fingerprint)
			continue;
		if (v1)
			v1_name(c, name);
		e = find_sorted(b, n_entries, v1 ? name : c->fingerprint);
		if (e && mark)
			e->seen = true;
		if (e && !found)
			found = e;
	}
	return found;
}

void sg_baseline_classify(struct sg_baseline *b, struct sg_findings *set)
{
	for (size_t i = 0; i < b->count; i++)
		b->entries[i].seen = false;
	for (size_t i = 0; i < set->count; i++) {
		struct sg_finding *f = &set->items[i];
		bool now = find_for(b, b->count, f, false, true) != NULL;
		bool before = find_for(b, b->count, f, true, true) != NULL;

		f->state = now || before ? SG_STATE_UNCHANGED : SG_STATE_NEW;
	}
}

int sg_baseline_add_new(struct sg_baseline *b, const struct sg_findings *set,
			const char *today, size_t *added)
{
	size_t capacity = b->count, start = b->count, kept = 0;
	const char *day = sg_findings_intern(&b->strings, today, strlen(today));

	*added = 0;
	b->upgraded = 0;
	for (size_t i = 0; i < b->count; i++)
		b->entries[i].replaced = false;
	for (size_t i = 0; i < set->count; i++) {
		const struct sg_finding *f = &set->items[i];
		struct sg_baseline_entry *e, *old;
		const char *when = day;
		int rc;

		/* Only the loaded entries are sorted: search those. */
		if (find_for(b, start, f, false, false))
			continue;
		/* The ones added in this loop. */
		bool dup = false;
		for (size_t j = start; j < b->count && !dup; j++)
			dup = strcmp(b->entries[j].fingerprint, f->fingerprint) == 0;
		if (dup)
			continue;
		/*
		 * Named by an sg1 entry: written again as sg2, with the date it
		 * was first accepted (one sg1 entry may name several results
		 * that sg1 merged into one).
		 */
		old = find_for(b, start, f, true, false);
		if (old) {
			old->replaced = true;
			when = old->added;
			b->upgraded++;
		} else {
			(*added)++;
		}
		if ((rc = grow(b, &capacity)) < 0)
			return rc;
		e = &b->entries[b->count++];
		memset(e, 0, sizeof(*e));
		e->fingerprint = sg_findings_strdup(&b->strings, f->fingerprint);
		e->tool = sg_findings_strdup(&b->strings, f->tool);
		e->kind = sg_kind_name(f->kind);
		e->rule_id = sg_findings_strdup(&b->strings, f->rule_id);
		e->path = sg_findings_strdup(&b->strings, f->location.path);
		e->title = sg_findings_strdup(&b->strings, f->title);
		e->added = when;
		e->seen = true;
		if (!e->fingerprint || !day)
			return sg_error(SG_ENOMEM, "out of memory");
	}
	/* Rewritten sg1 entries give way to their sg2 successors. */
	for (size_t i = 0; i < b->count; i++)
		if (!b->entries[i].replaced)
			b->entries[kept++] = b->entries[i];
	b->count = kept;
	if (b->count > 1)
		qsort(b->entries, b->count, sizeof(*b->entries), by_fingerprint);
	return 0;
}

size_t sg_baseline_scope(struct sg_baseline *b, const char *const *tools,
			 size_t n)
{
	size_t out = 0;

	for (size_t i = 0; i < b->count; i++) {
		struct sg_baseline_entry *e = &b->entries[i];
		bool read = false;

		for (size_t t = 0; e->tool && t < n && !read; t++)
			read = strcmp(e->tool, tools[t]) == 0;
		e->not_read = !read;
		out += !read;
	}
	return out;
}

size_t sg_baseline_prune(struct sg_baseline *b)
{
	size_t kept = 0, dropped;

	for (size_t i = 0; i < b->count; i++)
		if (!sg_baseline_entry_absent(&b->entries[i]))
			b->entries[kept++] = b->entries[i];
	dropped = b->count - kept;
	b->count = kept;
	return dropped;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

int sg_baseline_save(const struct sg_baseline *b, const char *path)
{
	struct sg_atomic_file af;
	int rc = sg_atomic_open(&af, path), bad = 0;

	if (rc < 0)
		return rc;
	fprintf(af.stream, "{\"secgate_baseline\": %d, \"entries\": [",
		SG_BASELINE_VERSION);
	for (size_t i = 0; i < b->count; i++) {
		const struct sg_baseline_entry *e = &b->entries[i];
		json_t *o = json_object();

		json_object_set_new(o, "fingerprint", json_string(e->fingerprint));
		json_object_set_new(o, "tool", str_or_null(e->tool));
		json_object_set_new(o, "kind", str_or_null(e->kind));
		json_object_set_new(o, "rule", str_or_null(e->rule_id));
		json_object_set_new(o, "path", str_or_null(e->path));
		json_object_set_new(o, "title", str_or_null(e->title));
		json_object_set_new(o, "added", str_or_null(e->added));
		fputs(i ? ",\n  " : "\n  ", af.stream);
		bad |= json_dumpf(o, af.stream, JSON_SORT_KEYS | JSON_COMPACT |
						       JSON_ENSURE_ASCII) != 0;
		json_decref(o);
	}
	fputs(b->count ? "\n]}\n" : "]}\n", af.stream);
	if (bad) {
		sg_atomic_abort(&af);
		return sg_error(SG_EIO, "%s: cannot write the baseline", path);
	}
	return sg_atomic_commit(&af);
}

#define DAY_SECONDS 86400

long sg_baseline_entry_age_days(const struct sg_baseline_entry *e, int64_t now)
{
	int64_t end;

	if (!e->added || sg_parse_expiry(e->added, &end) < 0)
		return -1;
	return (long)(now / DAY_SECONDS) - ((long)(end / DAY_SECONDS) - 1);
}

size_t sg_baseline_count_older(const struct sg_baseline *b,
			       unsigned max_age_days, int64_t now)
{
	size_t old = 0;

	if (!max_age_days)
		return 0;
	for (size_t i = 0; i < b->count; i++) {
		long age = sg_baseline_entry_age_days(&b->entries[i], now);

		old += age >= 0 && age > (long)max_age_days;
	}
	return old;
}
