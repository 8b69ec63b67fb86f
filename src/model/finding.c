/*
 * The findings set (a growable array plus the arena that owns every string)
 * and the severity and kind vocabularies shared by all stages.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "secgate/error.h"
#include "secgate/finding.h"

const struct sg_finding_cold sg_finding_cold_none;

void sg_findings_init(struct sg_findings *set)
{
	memset(set, 0, sizeof(*set));
	sg_arena_init(&set->arena);
}

void sg_findings_release(struct sg_findings *set)
{
	sg_spool_free(set->spool);
	free(set->intern);
	free(set->items);
	sg_arena_release(&set->arena);
	memset(set, 0, sizeof(*set));
}

struct sg_finding *sg_findings_append(struct sg_findings *set)
{
	if (set->cold_failed)
		return NULL;
	if (set->count == set->capacity) {
		size_t cap = set->capacity ? set->capacity * 2 : 64;
		struct sg_finding *items;

		if (cap > SIZE_MAX / sizeof(*items))
			return NULL;
		items = realloc(set->items, cap * sizeof(*items));
		if (!items)
			return NULL;
		set->items = items;
		set->capacity = cap;
	}
	struct sg_finding *f = &set->items[set->count++];
	memset(f, 0, sizeof(*f));
	return f;
}

struct sg_finding_cold *sg_finding_cold_mut(struct sg_findings *set,
					    struct sg_finding *f)
{
	if (!f->cold) {
		struct sg_finding_cold *cold =
		    sg_arena_alloc(&set->arena, sizeof(*cold));

		if (!cold) {
			sg_error(SG_ENOMEM, "out of memory");
			set->cold_failed = true;
			return &set->cold_sink;
		}
		memset(cold, 0, sizeof(*cold));
		f->cold = cold;
	}
	return f->cold;
}

int sg_finding_cold_unshare(struct sg_findings *set, struct sg_finding *f)
{
	struct sg_finding_cold *shared = f->cold;

	if (!shared)
		return 0;
	f->cold = NULL;
	*sg_finding_cold_mut(set, f) = *shared;
	return sg_findings_check(set);
}

int sg_findings_check(const struct sg_findings *set)
{
	if (set->cold_failed)
		return sg_error(SG_ENOMEM, "out of memory");
	return sg_spool_check(set->spool);
}

int sg_finding_set_sarif_extras(struct sg_findings *set, struct sg_finding *f,
				const char *text, size_t len)
{
	struct sg_finding_cold *cold = sg_finding_cold_mut(set, f);

	if (set->cold_failed)
		return sg_error(SG_ENOMEM, "out of memory");
	return sg_spool_put(&set->spool, text, len, &cold->sarif_extras);
}

void sg_findings_truncate(struct sg_findings *set, size_t count)
{
	if (count < set->count)
		set->count = count;
}

char *sg_findings_strdup(struct sg_findings *set, const char *s)
{
	return sg_arena_strdup(&set->arena, s);
}

char *sg_findings_strndup(struct sg_findings *set, const char *s, size_t len)
{
	return sg_arena_strndup(&set->arena, s, len);
}

/*
 * Eight bytes a step (interning runs several times per finding), then a
 * final mix so that the low bits the table indexes by depend on every
 * byte, not only on the low bytes of each word.
 */
static uint64_t hash_string(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL ^ len, w;
	size_t i = 0;

	for (; len - i >= 8; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
		h ^= h >> 32;
	}
	for (; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDULL;
	h ^= h >> 33;
	return h;
}

static int intern_grow(struct sg_findings *set)
{
	size_t cap = set->intern_capacity ? set->intern_capacity * 2 : 1024;
	struct sg_intern_slot *slots = calloc(cap, sizeof(*slots));

	if (!slots)
		return -1;
	for (size_t i = 0; i < set->intern_capacity; i++) {
		struct sg_intern_slot *old = &set->intern[i];
		size_t j;

		if (!old->str)
			continue;
		j = old->hash & (cap - 1);
		while (slots[j].str)
			j = (j + 1) & (cap - 1);
		slots[j] = *old;
	}
	free(set->intern);
	set->intern = slots;
	set->intern_capacity = cap;
	return 0;
}

const char *sg_findings_intern(struct sg_findings *set, const char *s,
			       size_t len)
{
	uint64_t h;
	size_t j;

	if (!s)
		return NULL;
	if ((set->intern_count + 1) * 2 > set->intern_capacity &&
	    intern_grow(set) < 0)
		return NULL;
	h = hash_string(s, len);
	j = h & (set->intern_capacity - 1);
	while (set->intern[j].str) {
		const char *cand = set->intern[j].str;

		/* cand is NUL-terminated: memcmp stops at its end or len. */
		if (set->intern[j].hash == h && strnlen(cand, len + 1) == len &&
		    memcmp(cand, s, len) == 0)
			return cand;
		j = (j + 1) & (set->intern_capacity - 1);
	}
	char *copy = sg_arena_strndup(&set->arena, s, len);
	if (!copy)
		return NULL;
	set->intern[j].str = copy;
	set->intern[j].hash = h;
	set->intern_count++;
	return copy;
}

const char **sg_findings_strv(struct sg_findings *set, size_t n)
{
	const char **v = sg_arena_alloc(&set->arena, (n ? n : 1) * sizeof(*v));

	if (v)
		memset(v, 0, (n ? n : 1) * sizeof(*v));
	return v;
}

static const char *const severity_names[SG_SEV_COUNT] = {
	[SG_SEV_UNKNOWN] = "unknown", [SG_SEV_INFO] = "info",
	[SG_SEV_LOW] = "low",         [SG_SEV_MEDIUM] = "medium",
	[SG_SEV_HIGH] = "high",       [SG_SEV_CRITICAL] = "critical",
};

static const char *const kind_names[SG_KIND_COUNT] = {
	[SG_KIND_SECRET] = "secret",
	[SG_KIND_VULNERABILITY] = "vulnerability",
	[SG_KIND_MISCONFIGURATION] = "misconfiguration",
	[SG_KIND_CODE] = "code",
	[SG_KIND_LICENSE] = "license",
};

const char *sg_severity_name(enum sg_severity sev)
{
	return (unsigned)sev < SG_SEV_COUNT ? severity_names[sev] : "unknown";
}

const char *sg_kind_name(enum sg_kind kind)
{
	return (unsigned)kind < SG_KIND_COUNT ? kind_names[kind] : "code";
}

int sg_severity_parse(const char *text, enum sg_severity *out)
{
	if (!text)
		return -1;
	for (int i = 0; i < SG_SEV_COUNT; i++) {
		if (strcasecmp(text, severity_names[i]) == 0) {
			*out = (enum sg_severity)i;
			return 0;
		}
	}
	/* Synonyms scanners use: Trivy "NEGLIGIBLE", Semgrep "INFO"/"WARNING"/"ERROR" handled by callers. */
	if (strcasecmp(text, "moderate") == 0) {
		*out = SG_SEV_MEDIUM;
		return 0;
	}
	if (strcasecmp(text, "negligible") == 0 ||
	    strcasecmp(text, "informational") == 0) {
		*out = SG_SEV_INFO;
		return 0;
	}
	return -1;
}

enum sg_severity sg_severity_from_score(double score)
{
	if (score >= 9.0)
		return SG_SEV_CRITICAL;
	if (score >= 7.0)
		return SG_SEV_HIGH;
	if (score >= 4.0)
		return SG_SEV_MEDIUM;
	if (score > 0.0)
		return SG_SEV_LOW;
	return SG_SEV_INFO;
}

int sg_severity_from_sarif_level(const char *level, enum sg_severity *out)
{
	static const struct {
		const char *level;
		enum sg_severity sev;
	} map[] = {
		{"error", SG_SEV_HIGH},
		{"warning", SG_SEV_MEDIUM},
		{"note", SG_SEV_LOW},
		{"none", SG_SEV_INFO},
	};

	if (!level)
		return -1;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (strcmp(level, map[i].level) == 0) {
			*out = map[i].sev;
			return 0;
		}
	}
	return -1;
}

void sg_tool_name_from_driver(const char *name, char out[SG_TOOL_NAME_MAX + 1])
{
	static const char *const known[] = {"codeql", "trivy", "gitleaks"};
	const char *p;
	size_t n = 0;

	if (!name || !*name) {
		snprintf(out, SG_TOOL_NAME_MAX + 1, "%s", "unknown");
		return;
	}
	for (size_t i = 0; i < sizeof(known) / sizeof(*known); i++) {
		size_t k = strlen(known[i]);

		/* Old CodeQL CLIs call the driver "CodeQL command-line toolchain". */
		if (strncasecmp(name, known[i], k) == 0 &&
		    (name[k] == '\0' || (i == 0 && name[k] == ' '))) {
			snprintf(out, SG_TOOL_NAME_MAX + 1, "%s", known[i]);
			return;
		}
	}
	for (p = name; *p && n < SG_TOOL_NAME_MAX; p++) {
		unsigned char c = (unsigned char)*p;

		if (isspace(c))
			c = '-';
		else if (c < 0x20 || c == 0x7f)
			continue;
		out[n++] = (char)tolower(c);
	}
	/* Cut inside a UTF-8 sequence: drop the sequence's start too. */
	if (((unsigned char)*p & 0xC0) == 0x80) {
		while (n > 0 && ((unsigned char)out[n - 1] & 0xC0) == 0x80)
			n--;
		if (n > 0)
			n--;
	}
	out[n] = '\0';
	if (n == 0)
		snprintf(out, SG_TOOL_NAME_MAX + 1, "%s", "unknown");
}
