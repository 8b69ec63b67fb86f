/*
 * Trivy JSON reports: SchemaVersion 2 (v0.20 and later), the v0.19 object
 * without SchemaVersion, and the bare array of Results (before v0.19; a
 * clean scan was the literal null). Reads Vulnerabilities, VEX/ignored
 * ExperimentalModifiedFindings, Misconfigurations, Secrets and Licenses.
 * trivy k8s JSON (ClusterName with Resources[] or the consolidated
 * Findings[], each a resource with its own Results) is read with each
 * finding located at its resource; the older summary shape (ClusterName
 * with top-level Vulnerabilities and Misconfigurations) is refused.
 * Trivy SARIF goes to the SARIF adapter.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "secgate/adapter.h"
#include "secgate/error.h"
#include "secgate/fingerprint.h"
#include "secgate/json_util.h"
#include "secgate/path.h"

/* Longest JSON path in a message ("Results[n].Key[m].Finding"). */
#define PATH_MAX_LEN 256

/* The longest string sg_copy_string interns (json_util.c). */
#define SHARED_MAX 160

/* What a finding still needs from its Result (Target/Type may come last). */
enum {
	NEED_PATH = 1,      /* location.path from Target */
	NEED_ECOSYSTEM = 2, /* package.ecosystem from Type */
	NEED_SECRET_MSG = 4 /* message "<title> in <Target>" */
};

struct pending {
	size_t identity; /* fingerprint material: 1 + offset in idbuf, or 0 */
	unsigned need;
};

/*
 * The members a finding kind reads. Findings are streamed member by member
 * (a Vulnerability's References, CVSS, DataSource... are only skipped), so
 * the members are collected first and checked once the object is read, in
 * a fixed order: the same input gives the same error whatever the order of
 * its keys, and a syntax error anywhere in the object comes first.
 */
enum field_type {
	FT_STR, /* a string; null is as if absent */
	FT_INT, /* a line: an integer in [0, UINT32_MAX] */
	FT_OBJ, /* an object whose members are fields too */
	FT_IDS, /* VendorIDs: an array of strings */
};

struct field {
	const char *key;
	enum field_type type;
	int parent;         /* the FT_OBJ field it is in, or -1 */
	const char *in;     /* added to the path in its messages */
	const char *prefix; /* put before the key in its messages */
};

/* The most fields a kind has (the vulnerability's). */
#define MAX_FIELDS 13

enum member_state {
	MEMBER_ABSENT = 0, /* absent or null */
	MEMBER_SET,
	MEMBER_BAD /* the wrong type: an error when its check is reached */
};

struct member {
	enum member_state state;
	const char *str; /* FT_STR: raw bytes (NUL-terminated copy) */
	size_t len;
	uint32_t num;   /* FT_INT */
	size_t item;    /* FT_IDS: the first element that is no string */
	char *error;    /* the message, formatted where the value was */
};

/* Where a finding is: its path is only formatted for an error message. */
struct where {
	const char *path; /* formatted, or NULL: from rpath, key and index */
	const char *rpath, *key;
	size_t index;
	bool loaded; /* loaded whole with jansson: errors point at it */
};

struct reader;

struct kind {
	const struct field *fields;
	int n_fields;
	int (*build)(struct reader *r, const struct where *w,
		     const char *suppression);
	int secret; /* the field holding a secret (wiped after), or -1 */
};

struct reader {
	struct sg_parse_ctx *ctx;
	struct sg_jstream *js;
	struct sg_findings *out;
	const char *tool;
	const char *results_name; /* "Results", or "" for the bare array */
	/* trivy k8s: the resource being read ("default/Deployment/web"). */
	const char *resource, *resource_tail; /* tail: "Deployment/web" */
	char resource_results[64];	      /* "Resources[n].Results" */

	/* The Result being read. */
	const char *target, *class_name, *type;
	unsigned seen;          /* Target, Class, Type read: bits 0, 1, 2 */
	bool known;             /* path and eco are set */
	const char *path, *eco; /* what its findings take from it */
	size_t first;           /* its first finding not yet complete */
	struct pending *pend;   /* one per finding from `first` */
	size_t n_pend, cap_pend;
	/* Identity material: only needed until the fingerprints are taken. */
	char *idbuf;
	size_t idbuf_len, idbuf_cap;

	/* The finding being read: its members, copied out of the window. */
	const struct kind *kind;
	struct member m[MAX_FIELDS];
	char *scratch[MAX_FIELDS];
	size_t scratch_cap[MAX_FIELDS];
	/* VendorIDs worth keeping (CVE-/GHSA-), each NUL-terminated. */
	char *ids;
	size_t ids_len, ids_cap;
	size_t *id_at, *id_len;
	size_t n_ids, id_cap;

	/* The previous vulnerability's package (see take_package). */
	const char *last_purl, *last_version;
	const char *last_eco_purl, *last_eco; /* ecosystem_from_purl's */
	size_t last_purl_len, last_version_len;
};

/* ---- detection ---- */

static int detect(const struct sg_sniff *sniff)
{
	if (sniff->top == '{') {
		/* A CycloneDX SBOM (even one Trivy wrote) has no findings. */
		if (sg_sniff_has_key(sniff, "bomFormat"))
			return 0;
		if (sg_sniff_has_key(sniff, "SchemaVersion") ||
		    sg_sniff_has_key(sniff, "ArtifactName") ||
		    sg_sniff_has_key(sniff, "ArtifactType") ||
		    sg_sniff_has_key(sniff, "Results") ||
		    sg_sniff_has_key(sniff, "ClusterName"))
			return 90;
		return 0;
	}
	if (sniff->top == '[' && sg_sniff_has_key(sniff, "Target") &&
	    (sg_sniff_has_key(sniff, "Vulnerabilities") ||
	     sg_sniff_has_key(sniff, "Type") ||
	     sg_sniff_has_key(sniff, "Class")))
		return 80;
	return 0;
}

/* ---- small readers over a loaded value ---- */

/*
 * Member key as a copy in the set (text: capped prose). *out is NULL when
 * absent, null or empty; another type is an error naming the path.
 */
static int get_string(struct reader *r, const json_t *obj, const char *key,
		      const char *path, bool text, const char **out)
{
	const json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return sg_js_error_at_value(r->js, "%s: '%s' must be a string",
					    path, key);
	if (json_string_length(v) == 0)
		return 0;
	*out = text ? sg_json_text(r->out, v) : sg_json_string(r->out, v);
	if (!*out)
		return sg_error(SG_ENOMEM, "out of memory");
	return 0;
}

/* The raw bytes of a string member (borrowed from obj); as get_string. */
static int get_raw(struct reader *r, const json_t *obj, const char *key,
		   const char *path, const char **out, size_t *len)
{
	const json_t *v = json_object_get(obj, key);

	*out = NULL;
	*len = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return sg_js_error_at_value(r->js, "%s: '%s' must be a string",
					    path, key);
	*out = json_string_value(v);
	*len = json_string_length(v);
	return 0;
}

static const char *join3(struct reader *r, const char *a, const char *b,
			 const char *c)
{
	size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
	char *s = sg_arena_alloc(&r->out->arena, la + lb + lc + 1);

	if (!s)
		return NULL;
	memcpy(s, a, la);
	memcpy(s + la, b, lb);
	memcpy(s + la + lb, c, lc);
	s[la + lb + lc] = '\0';
	return s;
}

/* Identity material from several raw fields: a digest, so its size is fixed. */
static int digest_identity(const char *label, const char *const *fields,
			   size_t n, char out[SG_SECRET_IDENTITY_MAX])
{
	size_t total = 0, at = 0;
	char *buf, hex[65];
	int rc;

	for (size_t i = 0; i < n; i++)
		total += (fields[i] ? strlen(fields[i]) : 0) + 1;
	buf = malloc(total ? total : 1);
	if (!buf)
		return sg_error(SG_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		size_t len = fields[i] ? strlen(fields[i]) : 0;

		if (len)
			memcpy(buf + at, fields[i], len);
		at += len;
		buf[at++] = '\0'; /* separator: no two field lists hash alike */
	}
	rc = sg_sha256_hex(buf, at, hex);

	free(buf);
	if (rc)
		return rc;
	snprintf(out, SG_SECRET_IDENTITY_MAX, "%s:%s", label, hex);
	return 0;
}

/* ---- the finding under construction ---- */

/* A new finding; identity (may be NULL) is copied until it is fingerprinted. */
static struct sg_finding *new_finding(struct reader *r, enum sg_kind kind,
				      unsigned need, const char *identity)
{
	size_t at = 0, len = identity ? strlen(identity) + 1 : 0;
	struct sg_finding *f;

	if (r->idbuf_cap - r->idbuf_len < len) {
		size_t cap = r->idbuf_cap ? r->idbuf_cap * 2 : 4096;
		char *b = realloc(r->idbuf, cap);

		if (!b)
			return NULL;
		r->idbuf = b;
		r->idbuf_cap = cap;
	}
	if (identity) {
		memcpy(r->idbuf + r->idbuf_len, identity, len);
		at = r->idbuf_len + 1;
		r->idbuf_len += len;
	}
	if (r->n_pend == r->cap_pend) {
		size_t cap = r->cap_pend ? r->cap_pend * 2 : 64;
		struct pending *p = realloc(r->pend, cap * sizeof(*p));

		if (!p)
			return NULL;
		r->pend = p;
		r->cap_pend = cap;
	}
	f = sg_findings_append(r->out);
	if (!f)
		return NULL;
	r->pend[r->n_pend].identity = at;
	r->pend[r->n_pend].need = need;
	r->n_pend++;
	f->tool = r->tool;
	f->kind = kind;
	f->input_index = r->ctx->input_index;
	return f;
}

/* ---- ecosystems ---- */

struct eco_map {
	const char *from, *to;
};

/* Trivy's language Types (pkg/fanal/types) to secgate ecosystems. */
static const struct eco_map type_ecosystems[] = {
	{"pip", "pypi"}, {"pipenv", "pypi"}, {"poetry", "pypi"},
	{"python-pkg", "pypi"}, {"uv", "pypi"}, {"npm", "npm"},
	{"yarn", "npm"}, {"pnpm", "npm"}, {"bun", "npm"},
	{"node-pkg", "npm"}, {"jar", "maven"}, {"pom", "maven"},
	{"gradle", "maven"}, {"sbt", "maven"}, {"gomod", "go"},
	{"gobinary", "go"}, {"cargo", "cargo"}, {"rust-binary", "cargo"},
	{"bundler", "rubygems"}, {"gemspec", "rubygems"},
	{"rubygems", "rubygems"}, {"nuget", "nuget"},
	{"dotnet-core", "nuget"}, {"packages-props", "nuget"},
	{"composer", "packagist"}, {"composer-vendor", "packagist"},
	{"conda-pkg", "conda"}, {"conda-environment", "conda"},
	{NULL, NULL},
};

/* Package URL types (purl-spec) to secgate ecosystems. */
static const struct eco_map purl_ecosystems[] = {
	{"pypi", "pypi"}, {"npm", "npm"}, {"maven", "maven"},
	{"golang", "go"}, {"cargo", "cargo"}, {"gem", "rubygems"},
	{"nuget", "nuget"}, {"composer", "packagist"}, {NULL, NULL},
};

/* OS families: their Result Type, and the namespace of their PURLs. */
static const char *const os_families[] = {
	"alma", "alpine", "amazon", "azurelinux", "bottlerocket",
	"cbl-mariner", "centos", "chainguard", "coreos", "debian", "echo",
	"fedora", "minimos", "opensuse", "opensuse.leap",
	"opensuse.tumbleweed", "oracle", "photon", "redhat", "rocky", "sles",
	"suse", "ubuntu", "wolfi", NULL,
};

static const char *map_lookup(const struct eco_map *map, const char *s,
			      size_t len)
{
	for (size_t i = 0; map[i].from; i++)
		if (strlen(map[i].from) == len &&
		    strncmp(map[i].from, s, len) == 0)
			return map[i].to;
	return NULL;
}

static bool is_os_family(const char *s)
{
	for (size_t i = 0; s && os_families[i]; i++)
		if (strcmp(os_families[i], s) == 0)
			return true;
	return false;
}

/* A lowercase shared copy of s[0, len) when it is a plain token, else NULL. */
static const char *token_lower(struct reader *r, const char *s, size_t len)
{
	char buf[64];

	if (len == 0 || len >= sizeof(buf))
		return NULL;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!isalnum(c) && c != '-' && c != '_' && c != '.')
			return NULL;
		buf[i] = (char)tolower(c);
	}
	return sg_findings_intern(r->out, buf, len);
}

/*
 * pkg:<type>/<namespace>/<name>@...: the language types map to registries;
 * OS package types (deb, apk, rpm) name the distribution in the namespace.
 */
static const char *ecosystem_from_purl(struct reader *r, const char *purl)
{
	const char *type, *ns, *slash;
	const char *known;
	size_t type_len;

	if (!purl || strncmp(purl, "pkg:", 4) != 0)
		return NULL;
	type = purl + 4;
	slash = strchr(type, '/');
	if (!slash)
		return NULL;
	type_len = (size_t)(slash - type);
	known = map_lookup(purl_ecosystems, type, type_len);
	if (known)
		return known;
	if ((type_len == 3 && (strncmp(type, "deb", 3) == 0 ||
			       strncmp(type, "apk", 3) == 0 ||
			       strncmp(type, "rpm", 3) == 0))) {
		ns = slash + 1;
		slash = strchr(ns, '/');
		if (!slash || slash == ns)
			return NULL; /* no namespace: the Result's Type says */
		return token_lower(r, ns, (size_t)(slash - ns));
	}
	return token_lower(r, type, type_len);
}

static const char *ecosystem_from_type(struct reader *r, const char *type)
{
	const char *known;

	if (!type)
		return NULL;
	known = map_lookup(type_ecosystems, type, strlen(type));
	if (known)
		return known;
	/* OS families and other languages: the Type itself. */
	return token_lower(r, type, strlen(type));
}

/* ---- findings ---- */

/* The entries FixedVersion may have: one more than its commas. */
static size_t count_fixed_versions(const char *fixed)
{
	size_t n = 1;

	if (!fixed)
		return 0;
	for (const char *p = fixed; *p; p++)
		n += *p == ',';
	return n;
}

/*
 * FixedVersion is "1.2.4" or "3.1.0, 2.6.9": one entry each, into v (room
 * for count_fixed_versions(fixed)).
 */
static int set_fixed_versions(struct reader *r, struct sg_finding *f,
			      const char *fixed, const char **v)
{
	size_t i = 0;
	const char *p;

	if (!fixed)
		return 0;
	sg_finding_cold_mut(r->out, f)->package.fixed_versions = v;
	p = fixed;
	while (*p) {
		size_t len = strcspn(p, ",");
		const char *s = p, *e = p + len;

		while (s < e && isspace((unsigned char)*s))
			s++;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		if (e > s) {
			sg_finding_cold(f)->package.fixed_versions[i] =
			    sg_findings_intern(r->out, s, (size_t)(e - s));
			if (!sg_finding_cold(f)->package.fixed_versions[i])
				return sg_error(SG_ENOMEM, "out of memory");
			i++;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	sg_finding_cold_mut(r->out, f)->package.n_fixed_versions = i;
	return 0;
}

/* ---- the members of one finding ---- */

static void where_format(const struct where *w, char *buf, size_t size)
{
	if (w->path)
		snprintf(buf, size, "%s", w->path);
	else
		snprintf(buf, size, "%s.%s[%zu]", w->rpath, w->key, w->index);
}

/*
 * The type error of field fi (item: the VendorIDs element, or SIZE_MAX),
 * at the current position (now: the value about to be read) or at the
 * value last loaded.
 */
static int type_error(struct reader *r, const struct where *w, int fi,
		      size_t item, bool now)
{
	const struct field *fd = &r->kind->fields[fi];
	char path[PATH_MAX_LEN], msg[512];

	where_format(w, path, sizeof(path));
	switch (fd->type) {
	case FT_STR:
		snprintf(msg, sizeof(msg), "%s%s: '%s%s' must be a string",
			 path, fd->in, fd->prefix, fd->key);
		break;
	case FT_INT:
		snprintf(msg, sizeof(msg),
			 "%s%s: '%s%s' must be a non-negative integer", path,
			 fd->in, fd->prefix, fd->key);
		break;
	case FT_OBJ:
		snprintf(msg, sizeof(msg), "%s: '%s' must be an object", path,
			 fd->key);
		break;
	case FT_IDS:
		if (item == SIZE_MAX)
			snprintf(msg, sizeof(msg), "%s: '%s' must be an array",
				 path, fd->key);
		else
			snprintf(msg, sizeof(msg),
				 "%s: '%s[%zu]' must be a string", path,
				 fd->key, item);
		break;
	}
	return now ? sg_js_error(r->js, "%s", msg)
		   : sg_js_error_at_value(r->js, "%s", msg);
}

/*
 * A streamed member of the wrong type: keep the message (it names the
 * position of the value) until the checks reach the member.
 */
static int defer_error(struct reader *r, const struct where *w, int fi,
		       size_t item, bool now)
{
	struct member *m = &r->m[fi];

	(void)type_error(r, w, fi, item, now);
	m->error = strdup(sg_error_message());
	sg_error_clear();
	if (!m->error)
		return sg_error(SG_ENOMEM, "out of memory");
	m->state = MEMBER_BAD;
	m->item = item;
	return 0;
}

static void reset_members(struct reader *r, const struct kind *k)
{
	r->kind = k;
	for (int i = 0; i < k->n_fields; i++) {
		free(r->m[i].error);
		r->m[i].error = NULL;
		r->m[i].state = MEMBER_ABSENT;
	}
	r->n_ids = 0;
	r->ids_len = 0;
}

/* The secret's copy is cleared as soon as its digest is taken. */
static void wipe_secret(struct reader *r)
{
	int fi = r->kind->secret;

	if (fi >= 0 && r->m[fi].state == MEMBER_SET)
		memset(r->scratch[fi], 0, r->m[fi].len);
}

static void free_members(struct reader *r)
{
	for (int i = 0; i < MAX_FIELDS; i++) {
		free(r->m[i].error);
		free(r->scratch[i]);
	}
	free(r->ids);
	free(r->id_at);
	free(r->id_len);
}

/* s[0, len) may hold NUL bytes ("\u0000"); the copy keeps them. */
static int keep_string(struct reader *r, int fi, const char *s, size_t len)
{
	struct member *m = &r->m[fi];

	if (r->scratch_cap[fi] < len + 1) {
		size_t cap = len + 1 > 256 ? len + 1 : 256;
		char *b = realloc(r->scratch[fi], cap);

		if (!b)
			return sg_error(SG_ENOMEM, "out of memory");
		r->scratch[fi] = b;
		r->scratch_cap[fi] = cap;
	}
	memcpy(r->scratch[fi], s, len);
	r->scratch[fi][len] = '\0';
	m->str = r->scratch[fi];
	m->len = len;
	m->state = MEMBER_SET;
	return 0;
}

/* A VendorIDs element: kept when it is a CVE or GHSA id. */
static int keep_id(struct reader *r, const char *s, size_t len)
{
	char *at;

	if (r->ids_cap - r->ids_len < len + 1) {
		size_t cap = r->ids_cap ? r->ids_cap : 256;
		char *b;

		while (cap - r->ids_len < len + 1)
			cap *= 2;
		b = realloc(r->ids, cap);
		if (!b)
			return sg_error(SG_ENOMEM, "out of memory");
		r->ids = b;
		r->ids_cap = cap;
	}
	at = r->ids + r->ids_len;
	memcpy(at, s, len);
	at[len] = '\0';
	/* DSA/RHSA/ALAS... cover several CVEs: not an alias of this one. */
	if (strncmp(at, "CVE-", 4) != 0 && strncmp(at, "GHSA-", 5) != 0)
		return 0;
	if (r->n_ids == r->id_cap) {
		size_t cap = r->id_cap ? r->id_cap * 2 : 16;
		size_t *a = realloc(r->id_at, cap * sizeof(*a));

		if (!a)
			return sg_error(SG_ENOMEM, "out of memory");
		r->id_at = a;
		a = realloc(r->id_len, cap * sizeof(*a));
		if (!a)
			return sg_error(SG_ENOMEM, "out of memory");
		r->id_len = a;
		r->id_cap = cap;
	}
	r->id_at[r->n_ids] = r->ids_len;
	r->id_len[r->n_ids] = len;
	r->n_ids++;
	r->ids_len += len + 1;
	return 0;
}

static int find_field(const struct kind *k, int parent, const char *key)
{
	for (int i = 0; i < k->n_fields; i++) {
		const struct field *fd = &k->fields[i];

		if (fd->parent == parent && fd->key[0] == key[0] &&
		    strcmp(fd->key, key) == 0)
			return i;
	}
	return -1;
}

static int read_members(struct reader *r, const struct where *w, int parent);

static int read_ids(struct reader *r, const struct where *w, int fi)
{
	struct sg_jstream *js = r->js;
	size_t index = 0;
	int rc;

	if ((rc = sg_js_begin_array(js)) < 0)
		return rc;
	while ((rc = sg_js_next_item(js)) == 1) {
		int c = sg_js_peek(js);
		const char *s;
		size_t len;

		if (c < 0)
			return c;
		if (r->m[fi].state == MEMBER_BAD) {
			rc = sg_js_skip(js);
		} else if (c != '"') {
			rc = defer_error(r, w, fi, index, true);
			if (rc == 0)
				rc = sg_js_skip(js);
		} else {
			rc = sg_js_read_string(js, &s, &len);
			if (rc == 0)
				rc = keep_id(r, s, len);
		}
		if (rc < 0)
			return rc;
		index++;
	}
	return rc;
}

/* The value of field fi, about to be read. */
static int read_member(struct reader *r, const struct where *w, int fi)
{
	struct sg_jstream *js = r->js;
	struct member *m = &r->m[fi];
	int c = sg_js_peek(js), rc;

	if (c < 0)
		return c;
	if (c == 'n')
		return sg_js_skip(js); /* null: as if absent */
	switch (r->kind->fields[fi].type) {
	case FT_STR:
		if (c == '"') {
			const char *s;
			size_t len;

			rc = sg_js_read_string(js, &s, &len);
			return rc < 0 ? rc : keep_string(r, fi, s, len);
		}
		break;
	case FT_INT:
		if (c == '-' || (c >= '0' && c <= '9')) {
			json_t *v;
			json_int_t n;

			/* jansson tells a real (an error) from bad syntax. */
			if ((rc = sg_js_load(js, &v)) < 0)
				return rc;
			n = json_is_integer(v) ? json_integer_value(v) : -1;
			json_decref(v);
			if (n < 0 || n > (json_int_t)UINT32_MAX)
				return defer_error(r, w, fi, SIZE_MAX, false);
			m->num = (uint32_t)n;
			m->state = MEMBER_SET;
			return 0;
		}
		break;
	case FT_OBJ:
		if (c == '{') {
			m->state = MEMBER_SET;
			rc = sg_js_begin_object(js);
			return rc < 0 ? rc : read_members(r, w, fi);
		}
		break;
	case FT_IDS:
		if (c == '[') {
			m->state = MEMBER_SET;
			return read_ids(r, w, fi);
		}
		break;
	}
	rc = defer_error(r, w, fi, SIZE_MAX, true);
	return rc < 0 ? rc : sg_js_skip(js);
}

/* The members of an object just begun, through its '}'. */
static int read_members(struct reader *r, const struct where *w, int parent)
{
	char key[SG_JS_KEY_MAX];
	int rc;

	while ((rc = sg_js_next_key(r->js, key)) == 1) {
		int fi = find_field(r->kind, parent, key);

		/* References, CVSS, DataSource, Code...: never kept. */
		rc = fi < 0 ? sg_js_skip(r->js) : read_member(r, w, fi);
		if (rc < 0)
			return rc;
	}
	return rc;
}

/* The same from a loaded object (a VEX-suppressed finding). */
static int fill_from_json(struct reader *r, const json_t *obj, int parent)
{
	for (int fi = 0; fi < r->kind->n_fields; fi++) {
		const struct field *fd = &r->kind->fields[fi];
		const json_t *v = json_object_get(obj, fd->key);
		struct member *m = &r->m[fi];
		int rc = 0;

		if (fd->parent != parent || !v || json_is_null(v))
			continue;
		m->state = MEMBER_BAD;
		m->item = SIZE_MAX;
		switch (fd->type) {
		case FT_STR:
			if (json_is_string(v))
				rc = keep_string(r, fi, json_string_value(v),
						 json_string_length(v));
			break;
		case FT_INT:
			if (json_is_integer(v) && json_integer_value(v) >= 0 &&
			    json_integer_value(v) <= (json_int_t)UINT32_MAX) {
				m->num = (uint32_t)json_integer_value(v);
				m->state = MEMBER_SET;
			}
			break;
		case FT_OBJ:
			if (json_is_object(v)) {
				m->state = MEMBER_SET;
				rc = fill_from_json(r, v, fi);
			}
			break;
		case FT_IDS:
			if (!json_is_array(v))
				break;
			m->state = MEMBER_SET;
			for (size_t i = 0; i < json_array_size(v) && rc == 0;
			     i++) {
				const json_t *id = json_array_get(v, i);

				if (!json_is_string(id)) {
					m->state = MEMBER_BAD;
					m->item = i;
					break;
				}
				rc = keep_id(r, json_string_value(id),
					     json_string_length(id));
			}
			break;
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* ---- the checks, in their order ---- */

/* A wrong type is an error once its check is reached. */
static int check(struct reader *r, const struct where *w, int fi)
{
	const struct member *m = &r->m[fi];

	if (m->state != MEMBER_BAD)
		return 0;
	if (m->error)
		return sg_error(SG_EINPUT, "%s", m->error);
	return type_error(r, w, fi, m->item, false);
}

/*
 * A member as a copy in the set (text: capped prose); NULL if absent/"".
 * sg_copy_* share copies up to SHARED_MAX bytes; a longer one (most
 * Descriptions) with nothing to cut or drop is the same bytes packed.
 */
static int take_string(struct reader *r, const struct where *w, int fi,
		       bool text, const char **out)
{
	const struct member *m = &r->m[fi];
	int rc = check(r, w, fi);

	*out = NULL;
	if (rc < 0 || m->state != MEMBER_SET || m->len == 0)
		return rc;
	if (m->len > SHARED_MAX && (!text || m->len <= SG_TEXT_MAX) &&
	    !memchr(m->str, 0, m->len))
		*out = sg_findings_strndup(r->out, m->str, m->len);
	else if (text)
		*out = sg_copy_text(r->out, m->str, m->len);
	else
		*out = sg_copy_string(r->out, m->str, m->len);
	return *out ? 0 : sg_error(SG_ENOMEM, "out of memory");
}

/* The raw bytes (borrowed until the next finding); NULL if absent. */
static int take_raw(struct reader *r, const struct where *w, int fi,
		    const char **out, size_t *len)
{
	const struct member *m = &r->m[fi];
	int rc = check(r, w, fi);

	*out = rc == 0 && m->state == MEMBER_SET ? m->str : NULL;
	*len = *out ? m->len : 0;
	return rc;
}

static int take_line(struct reader *r, const struct where *w, int fi,
		     uint32_t *out)
{
	int rc = check(r, w, fi);

	*out = rc == 0 && r->m[fi].state == MEMBER_SET ? r->m[fi].num : 0;
	return rc;
}

/* Trivy writes CRITICAL, HIGH, MEDIUM, LOW or UNKNOWN; keep its word too. */
static int take_severity(struct reader *r, const struct where *w, int fi,
			 struct sg_finding *f)
{
	int rc = take_string(r, w, fi, false,
			     &sg_finding_cold_mut(r->out, f)->tool_severity);

	if (rc < 0)
		return rc;
	if (!sg_finding_cold(f)->tool_severity ||
	    sg_severity_parse(sg_finding_cold(f)->tool_severity, &f->severity) <
		0)
		f->severity = SG_SEV_UNKNOWN;
	return 0;
}

/*
 * PURL and InstalledVersion are the same for every vulnerability of a
 * package, and Trivy sorts vulnerabilities by package: a repeat follows
 * its first occurrence. Comparing with the previous one shares the copy
 * as interning would, without a table slot for each of the many strings
 * that occur in one run only.
 */
static int take_package(struct reader *r, const struct where *w, int fi,
			const char **last, size_t *last_len, const char **out)
{
	const struct member *m = &r->m[fi];
	int rc = check(r, w, fi);

	*out = NULL;
	if (rc < 0 || m->state != MEMBER_SET || m->len == 0)
		return rc;
	/* A copy (NUL bytes dropped) equal to the raw bytes: none to drop. */
	if (*last && *last_len == m->len &&
	    memcmp(*last, m->str, m->len) == 0) {
		*out = *last;
		return 0;
	}
	*out = memchr(m->str, 0, m->len)
		       ? sg_copy_string(r->out, m->str, m->len)
		       : sg_findings_strndup(r->out, m->str, m->len);
	if (!*out)
		return sg_error(SG_ENOMEM, "out of memory");
	*last = *out;
	*last_len = strlen(*out);
	return 0;
}

/*
 * FixedVersion is only split (each version is kept): the raw bytes, or a
 * copy without its NUL bytes when it has any.
 */
static int take_fixed(struct reader *r, const struct where *w, int fi,
		      const char **out)
{
	const struct member *m = &r->m[fi];
	int rc = check(r, w, fi);

	*out = NULL;
	if (rc < 0 || m->state != MEMBER_SET || m->len == 0)
		return rc;
	if (!memchr(m->str, 0, m->len)) {
		*out = m->str;
		return 0;
	}
	*out = sg_copy_string(r->out, m->str, m->len);
	return *out ? 0 : sg_error(SG_ENOMEM, "out of memory");
}

/* A required member absent, null or "": at the end of a streamed object. */
static int missing(struct reader *r, const struct where *w, const char *key)
{
	char path[PATH_MAX_LEN];

	where_format(w, path, sizeof(path));
	if (w->loaded)
		return sg_js_error_at_value(r->js, "%s: '%s' must be a string",
					    path, key);
	return sg_js_error(r->js, "%s: '%s' must be a string", path, key);
}

/* VulnerabilityID, then the CVE/GHSA ids of VendorIDs, into v (1 + n_ids). */
static int set_ids(struct reader *r, const struct where *w, int fi,
		   struct sg_finding *f, const char **v)
{
	size_t n = 1;
	int rc = check(r, w, fi);

	if (rc < 0)
		return rc;
	sg_finding_cold_mut(r->out, f)->ids = v;
	sg_finding_cold(f)->ids[0] = f->rule_id;
	for (size_t i = 0; i < r->n_ids; i++) {
		const char *s = r->ids + r->id_at[i];
		bool seen = false;

		for (size_t j = 0; j < n; j++)
			seen =
			    seen || strcmp(sg_finding_cold(f)->ids[j], s) == 0;
		if (seen)
			continue;
		sg_finding_cold(f)->ids[n] =
		    sg_copy_string(r->out, s, r->id_len[i]);
		if (!sg_finding_cold(f)->ids[n])
			return sg_error(SG_ENOMEM, "out of memory");
		n++;
	}
	sg_finding_cold_mut(r->out, f)->n_ids = n;
	return 0;
}

enum {
	V_ID, V_IDENT, V_PURL, V_PKG_PATH, V_TITLE, V_DESCRIPTION, V_URL,
	V_PKG_NAME, V_VERSION, V_SEVERITY, V_FIXED, V_STATUS, V_VENDOR_IDS,
	V_COUNT
};

static const struct field vulnerability_fields[V_COUNT] = {
	[V_ID] = {"VulnerabilityID", FT_STR, -1, "", ""},
	[V_IDENT] = {"PkgIdentifier", FT_OBJ, -1, "", ""},
	[V_PURL] = {"PURL", FT_STR, V_IDENT, ".PkgIdentifier", ""},
	[V_PKG_PATH] = {"PkgPath", FT_STR, -1, "", ""},
	[V_TITLE] = {"Title", FT_STR, -1, "", ""},
	[V_DESCRIPTION] = {"Description", FT_STR, -1, "", ""},
	[V_URL] = {"PrimaryURL", FT_STR, -1, "", ""},
	[V_PKG_NAME] = {"PkgName", FT_STR, -1, "", ""},
	[V_VERSION] = {"InstalledVersion", FT_STR, -1, "", ""},
	[V_SEVERITY] = {"Severity", FT_STR, -1, "", ""},
	[V_FIXED] = {"FixedVersion", FT_STR, -1, "", ""},
	[V_STATUS] = {"Status", FT_STR, -1, "", ""},
	[V_VENDOR_IDS] = {"VendorIDs", FT_IDS, -1, "", ""},
};

static int build_vulnerability(struct reader *r, const struct where *w,
			       const char *suppression)
{
	const char *description, *pkg_path, *purl, *eco, *fixed, *status;
	const char **lists;
	unsigned need = 0;
	struct sg_finding *f;
	size_t len, n_fixed;
	int rc;

	if ((rc = check(r, w, V_IDENT)) < 0 ||
	    (rc = take_package(r, w, V_PURL, &r->last_purl,
			       &r->last_purl_len, &purl)) < 0 ||
	    (rc = take_string(r, w, V_PKG_PATH, false, &pkg_path)) < 0)
		return rc;
	if (!pkg_path)
		need |= NEED_PATH;
	if (!purl || purl != r->last_eco_purl) {
		r->last_eco_purl = purl;
		r->last_eco = ecosystem_from_purl(r, purl);
	}
	eco = r->last_eco;
	if (!eco)
		need |= NEED_ECOSYSTEM;
	f = new_finding(r, SG_KIND_VULNERABILITY, need, NULL);
	if (!f)
		return sg_error(SG_ENOMEM, "out of memory");
	sg_finding_cold_mut(r->out, f)->producer_suppression = suppression;
	sg_finding_cold_mut(r->out, f)->package.purl = purl;
	sg_finding_cold_mut(r->out, f)->package.ecosystem = eco;
	/* Jars, gemspecs and binaries: the file the package came from. */
	f->location.path = sg_path_normalize_from(r->out, pkg_path,
						  r->ctx->repo_root,
						  r->ctx->work_dir,
						  r->ctx->scanner_ran_in_work_dir);
	rc = take_string(r, w, V_ID, false, &f->rule_id);
	if (rc < 0)
		return rc;
	if (!f->rule_id)
		return missing(r, w, "VulnerabilityID");
	if ((rc = take_string(r, w, V_TITLE, true, &f->title)) < 0 ||
	    (rc = take_string(r, w, V_DESCRIPTION, true, &description)) < 0 ||
	    (rc = take_string(r, w, V_URL, false,
			      &sg_finding_cold_mut(r->out, f)->help_uri)) < 0 ||
	    (rc = take_string(r, w, V_PKG_NAME, false,
			      &sg_finding_cold_mut(r->out, f)->package.name)) <
		0 ||
	    (rc = take_package(
		 r, w, V_VERSION, &r->last_version, &r->last_version_len,
		 &sg_finding_cold_mut(r->out, f)->package.version)) < 0 ||
	    (rc = take_severity(r, w, V_SEVERITY, f)) < 0 ||
	    (rc = take_fixed(r, w, V_FIXED, &fixed)) < 0)
		return rc;
	/* One array for both lists: the fixed versions, then the ids. */
	n_fixed = count_fixed_versions(fixed);
	lists = sg_findings_strv(r->out, n_fixed + 1 + r->n_ids);
	if (!lists)
		return sg_error(SG_ENOMEM, "out of memory");
	if ((rc = set_fixed_versions(r, f, fixed, lists)) < 0)
		return rc;
	/*
	 * Status (fixed, affected, will_not_fix, end_of_life...) is checked
	 * for its type only: every status is a finding; the policy decides.
	 */
	if ((rc = take_raw(r, w, V_STATUS, &status, &len)) < 0)
		return rc;
	if (!f->title)
		f->title = f->rule_id;
	f->message = description ? description : f->title;
	return set_ids(r, w, V_VENDOR_IDS, f, lists + n_fixed);
}

enum {
	M_STATUS, M_CAUSE, M_RESOURCE, M_START, M_END, M_MESSAGE, M_ID,
	M_AVDID, M_TITLE, M_URL, M_SEVERITY, M_DESCRIPTION, M_COUNT
};

static const struct field misconfiguration_fields[M_COUNT] = {
	[M_STATUS] = {"Status", FT_STR, -1, "", ""},
	[M_CAUSE] = {"CauseMetadata", FT_OBJ, -1, "", ""},
	[M_RESOURCE] = {"Resource", FT_STR, M_CAUSE, "", ""},
	[M_START] = {"StartLine", FT_INT, M_CAUSE, "", "CauseMetadata."},
	[M_END] = {"EndLine", FT_INT, M_CAUSE, "", "CauseMetadata."},
	[M_MESSAGE] = {"Message", FT_STR, -1, "", ""},
	[M_ID] = {"ID", FT_STR, -1, "", ""},
	[M_AVDID] = {"AVDID", FT_STR, -1, "", ""},
	[M_TITLE] = {"Title", FT_STR, -1, "", ""},
	[M_URL] = {"PrimaryURL", FT_STR, -1, "", ""},
	[M_SEVERITY] = {"Severity", FT_STR, -1, "", ""},
	[M_DESCRIPTION] = {"Description", FT_STR, -1, "", ""},
};

static int build_misconfiguration(struct reader *r, const struct where *w,
				  const char *suppression)
{
	const char *status, *resource, *message, *rule;
	const char *fields[2];
	char identity[SG_SECRET_IDENTITY_MAX];
	struct sg_finding *f;
	size_t len, rlen;
	uint32_t start, end;
	int rc;

	rc = take_raw(r, w, M_STATUS, &status, &len);
	if (rc < 0)
		return rc;
	/* PASS and EXCEPTION are not failures; old Trivy wrote no Status. */
	if (status && (strcmp(status, "PASS") == 0 ||
		       strcmp(status, "EXCEPTION") == 0))
		return 0;
	if ((rc = check(r, w, M_CAUSE)) < 0 ||
	    (rc = take_raw(r, w, M_RESOURCE, &resource, &rlen)) < 0 ||
	    (rc = take_line(r, w, M_START, &start)) < 0 ||
	    (rc = take_line(r, w, M_END, &end)) < 0 ||
	    (rc = take_raw(r, w, M_MESSAGE, &message, &len)) < 0)
		return rc;
	/* Resource and message, not lines: stable when the file shifts. */
	fields[0] = resource;
	fields[1] = message;
	if ((rc = digest_identity("misconf", fields, 2, identity)) < 0)
		return rc;
	f = new_finding(r, SG_KIND_MISCONFIGURATION, NEED_PATH, identity);
	if (!f)
		return sg_error(SG_ENOMEM, "out of memory");
	/* A resource can fail one check at two lines: the gate numbers them. */
	f->context_identity = true;
	sg_finding_cold_mut(r->out, f)->producer_suppression = suppression;
	f->location.start_line = start;
	f->location.end_line = end;
	if ((rc = take_string(r, w, M_ID, false, &rule)) < 0)
		return rc;
	if (!rule && (rc = take_string(r, w, M_AVDID, false, &rule)) < 0)
		return rc;
	if (!rule)
		return missing(r, w, "ID");
	f->rule_id = rule;
	if ((rc = take_string(r, w, M_TITLE, true, &f->title)) < 0 ||
	    (rc = take_string(r, w, M_MESSAGE, true, &f->message)) < 0 ||
	    (rc = take_string(r, w, M_URL, false,
			      &sg_finding_cold_mut(r->out, f)->help_uri)) < 0 ||
	    (rc = take_severity(r, w, M_SEVERITY, f)) < 0)
		return rc;
	if (!f->message &&
	    (rc = take_string(r, w, M_DESCRIPTION, true, &f->message)) < 0)
		return rc;
	if (!f->title)
		f->title = f->rule_id;
	if (!f->message)
		f->message = f->title;
	return 0;
}

enum {
	S_START, S_END, S_MATCH, S_RULE, S_TITLE, S_CATEGORY, S_SEVERITY,
	S_COUNT
};

/* Match and Code.Lines hold the secret's line (masked or not): never kept. */
static const struct field secret_fields[S_COUNT] = {
	[S_START] = {"StartLine", FT_INT, -1, "", ""},
	[S_END] = {"EndLine", FT_INT, -1, "", ""},
	[S_MATCH] = {"Match", FT_STR, -1, "", ""},
	[S_RULE] = {"RuleID", FT_STR, -1, "", ""},
	[S_TITLE] = {"Title", FT_STR, -1, "", ""},
	[S_CATEGORY] = {"Category", FT_STR, -1, "", ""},
	[S_SEVERITY] = {"Severity", FT_STR, -1, "", ""},
};

static int build_secret(struct reader *r, const struct where *w,
			const char *suppression)
{
	const char *match;
	char identity[SG_SECRET_IDENTITY_MAX];
	struct sg_finding *f;
	uint32_t start, end;
	size_t len;
	int rc;

	if ((rc = take_line(r, w, S_START, &start)) < 0 ||
	    (rc = take_line(r, w, S_END, &end)) < 0)
		return rc;
	rc = take_raw(r, w, S_MATCH, &match, &len);
	if (rc < 0)
		return rc;
	if (sg_secret_identity_into(identity, match, len, start) < 0)
		return SG_ENOMEM;
	f = new_finding(r, SG_KIND_SECRET, NEED_PATH | NEED_SECRET_MSG,
			identity);
	if (!f)
		return sg_error(SG_ENOMEM, "out of memory");
	sg_finding_cold_mut(r->out, f)->producer_suppression = suppression;
	f->location.start_line = start;
	f->location.end_line = end;
	if ((rc = take_string(r, w, S_RULE, false, &f->rule_id)) < 0)
		return rc;
	if (!f->rule_id)
		return missing(r, w, "RuleID");
	if ((rc = take_string(r, w, S_TITLE, true, &f->title)) < 0 ||
	    (!f->title &&
	     (rc = take_string(r, w, S_CATEGORY, true, &f->title)) < 0) ||
	    (rc = take_severity(r, w, S_SEVERITY, f)) < 0)
		return rc;
	if (!f->title)
		f->title = f->rule_id;
	f->message = f->title; /* "<title> in <Target>" once Target is known */
	return 0;
}

enum {
	L_NAME, L_CATEGORY, L_PKG_NAME, L_FILE, L_LINK, L_SEVERITY, L_COUNT
};

static const struct field license_fields[L_COUNT] = {
	[L_NAME] = {"Name", FT_STR, -1, "", ""},
	[L_CATEGORY] = {"Category", FT_STR, -1, "", ""},
	[L_PKG_NAME] = {"PkgName", FT_STR, -1, "", ""},
	[L_FILE] = {"FilePath", FT_STR, -1, "", ""},
	[L_LINK] = {"Link", FT_STR, -1, "", ""},
	[L_SEVERITY] = {"Severity", FT_STR, -1, "", ""},
};

static int build_license(struct reader *r, const struct where *w,
			 const char *suppression)
{
	const char *name, *category, *pkg, *file, *fields[3];
	char identity[SG_SECRET_IDENTITY_MAX];
	struct sg_finding *f;
	int rc;

	if ((rc = take_string(r, w, L_NAME, false, &name)) < 0 ||
	    (rc = take_string(r, w, L_CATEGORY, false, &category)) < 0 ||
	    (rc = take_string(r, w, L_PKG_NAME, false, &pkg)) < 0 ||
	    (rc = take_string(r, w, L_FILE, false, &file)) < 0)
		return rc;
	if (!name)
		return missing(r, w, "Name");
	fields[0] = name;
	fields[1] = pkg;
	fields[2] = file;
	if ((rc = digest_identity("license", fields, 3, identity)) < 0)
		return rc;
	f = new_finding(r, SG_KIND_LICENSE, file ? 0 : NEED_PATH, identity);
	if (!f)
		return sg_error(SG_ENOMEM, "out of memory");
	sg_finding_cold_mut(r->out, f)->producer_suppression = suppression;
	f->rule_id = name;
	sg_finding_cold_mut(r->out, f)->package.name = pkg;
	f->location.path = sg_path_normalize_from(r->out, file,
						  r->ctx->repo_root,
						  r->ctx->work_dir,
						  r->ctx->scanner_ran_in_work_dir);
	if ((rc = take_string(r, w, L_LINK, false,
			      &sg_finding_cold_mut(r->out, f)->help_uri)) < 0 ||
	    (rc = take_severity(r, w, L_SEVERITY, f)) < 0)
		return rc;
	if (category) {
		const char *head = join3(r, "License ", name, " (");

		f->title = head ? join3(r, head, category, ")") : NULL;
	} else {
		f->title = join3(r, "License ", name, "");
	}
	if (!f->title)
		return sg_error(SG_ENOMEM, "out of memory");
	f->message = pkg ? join3(r, f->title, " in package ", pkg) : f->title;
	if (!f->message)
		return sg_error(SG_ENOMEM, "out of memory");
	return 0;
}

static const struct kind vulnerability_kind = {
	vulnerability_fields, V_COUNT, build_vulnerability, -1,
};
static const struct kind misconfiguration_kind = {
	misconfiguration_fields, M_COUNT, build_misconfiguration, -1,
};
static const struct kind secret_kind = {
	secret_fields, S_COUNT, build_secret, S_MATCH,
};
static const struct kind license_kind = {
	license_fields, L_COUNT, build_license, -1,
};

/*
 * A finding that VEX or an ignore file took out of the report (v0.53+,
 * --show-suppressed): the original under "Finding", marked suppressed.
 * Rare and small: loaded whole, as Type may follow Finding.
 */
static int add_modified(struct reader *r, const json_t *v, const char *path)
{
	static const struct {
		const char *type;
		const struct kind *kind;
	} types[] = {
		{"vulnerability", &vulnerability_kind},
		{"misconfiguration", &misconfiguration_kind},
		{"secret", &secret_kind},
		{"license", &license_kind},
	};
	const json_t *finding = json_object_get(v, "Finding");
	const char *type, *status, *word;
	char sub[PATH_MAX_LEN + 16], mark[96];
	size_t type_len, status_len;
	int rc;

	if ((rc = get_raw(r, v, "Type", path, &type, &type_len)) < 0 ||
	    (rc = get_raw(r, v, "Status", path, &status, &status_len)) < 0)
		return rc;
	/* A plain word only: it goes into reports as it is. */
	word = status ? token_lower(r, status, status_len) : NULL;
	if (!word)
		return sg_js_error_at_value(r->js,
					    "%s: 'Status' must be a finding "
					    "status such as not_affected",
					    path);
	if (!json_is_object(finding))
		return sg_js_error_at_value(r->js,
					    "%s: 'Finding' must be an object",
					    path);
	/* "ignored": .trivyignore or --ignore-unlikely-affected, not VEX. */
	if (strcmp(word, "ignored") == 0)
		snprintf(mark, sizeof(mark), "trivyignore");
	else
		snprintf(mark, sizeof(mark), "vex:%s", word);
	snprintf(sub, sizeof(sub), "%s.Finding", path);
	for (size_t i = 0; type && i < sizeof(types) / sizeof(types[0]); i++) {
		const struct kind *k = types[i].kind;
		struct where w = {.path = sub, .loaded = true};
		const char *s;

		if (strcmp(types[i].type, type) != 0)
			continue;
		s = sg_findings_intern(r->out, mark, strlen(mark));
		if (!s)
			return sg_error(SG_ENOMEM, "out of memory");
		reset_members(r, k);
		rc = fill_from_json(r, finding, -1);
		if (rc == 0)
			rc = k->build(r, &w, s);
		wipe_secret(r);
		return rc;
	}
	return sg_js_error_at_value(r->js,
				    "%s: 'Type' must be vulnerability, "
				    "misconfiguration, secret or license",
				    path);
}

/* ---- Results ---- */

/*
 * Targets name a file for lockfiles, configs and secrets. OS package
 * results name the image ("alpine:3.10 (alpine 3.10.2)") and aggregated
 * language results a language ("Java"): those are not paths, so such
 * findings have no location (the package identifies them).
 */
static bool target_is_path(const struct reader *r)
{
	static const char *const not_files[] = {
		"OS Packages", "Loose File License(s)", "Python", "Conda",
		"Ruby", "Node.js", "Java", "Kubernetes", NULL,
	};
	const char *t = r->target;
	size_t len;

	if (!t)
		return false;
	if (r->class_name && strcmp(r->class_name, "os-pkgs") == 0)
		return false;
	if (!r->class_name && is_os_family(r->type))
		return false; /* before v0.20 there was no Class */
	for (size_t i = 0; not_files[i]; i++)
		if (strcmp(t, not_files[i]) == 0)
			return false;
	len = strlen(t);
	return !(len > 0 && t[len - 1] == ')' && strstr(t, " ("));
}

/*
 * trivy k8s: a finding's place is its resource, then what the Result
 * says within it (an image, a file in it), unless that only repeats the
 * resource ("Deployment/web", as Trivy names manifests). New in the set.
 */
static const char *in_resource(struct reader *r, const char *within)
{
	while (within && *within == '/')
		within++;
	if (!within || !*within || strcmp(within, r->resource_tail) == 0)
		return r->resource;
	return join3(r, r->resource, "/", within);
}

/*
 * Complete the findings read so far and fingerprint them: once Target,
 * Class and Type are known (all seen, or the Result closed).
 */
static int complete_pending(struct reader *r)
{
	if (!r->known) {
		r->path = NULL;
		if (target_is_path(r))
			r->path = sg_path_normalize_from(r->out, r->target,
							 r->ctx->repo_root,
							 r->ctx->work_dir,
						  r->ctx->scanner_ran_in_work_dir);
		r->eco = ecosystem_from_type(r, r->type);
		r->known = true;
	}
	for (size_t i = 0; i < r->n_pend; i++) {
		struct sg_finding *f = &r->out->items[r->first + i];
		unsigned need = r->pend[i].need;
		size_t id = r->pend[i].identity;
		int rc;

		if (r->resource) {
			f->location.path = in_resource(
			    r, need & NEED_PATH ? r->target : f->location.path);
			if (!f->location.path)
				return sg_error(SG_ENOMEM, "out of memory");
		} else if (need & NEED_PATH) {
			f->location.path = r->path;
		}
		if (need & NEED_ECOSYSTEM)
			sg_finding_cold_mut(r->out, f)->package.ecosystem =
			    r->eco;
		if ((need & NEED_SECRET_MSG) && r->target) {
			f->message = join3(r, f->title, " in ", r->target);
			if (!f->message)
				return sg_error(SG_ENOMEM, "out of memory");
		}
		rc = sg_fingerprint_compute(r->out, f,
					    id ? r->idbuf + id - 1 : NULL);
		if (rc < 0)
			return rc;
	}
	r->first += r->n_pend;
	r->n_pend = 0;
	r->idbuf_len = 0;
	return 0;
}

/* One element of a finding array; objects other than VEX ones are streamed. */
static int read_finding(struct reader *r, const struct kind *k,
			const struct where *w)
{
	char path[PATH_MAX_LEN];
	json_t *v;
	int c = sg_js_peek(r->js), rc;

	if (c < 0)
		return c;
	if (k && c == '{') {
		reset_members(r, k);
		rc = sg_js_begin_object(r->js);
		if (rc == 0)
			rc = read_members(r, w, -1);
		if (rc == 0)
			rc = k->build(r, w, NULL);
		wipe_secret(r);
		return rc;
	}
	where_format(w, path, sizeof(path));
	rc = sg_js_load(r->js, &v);
	if (rc < 0)
		return rc;
	if (!json_is_object(v))
		rc = sg_js_error_at_value(r->js, "%s: must be an object",
					  path);
	else
		rc = add_modified(r, v, path);
	json_decref(v);
	return rc;
}

/* k is NULL for ExperimentalModifiedFindings. */
static int read_finding_array(struct reader *r, const char *rpath,
			      const char *key, const struct kind *k)
{
	struct where w = {.rpath = rpath, .key = key};
	int c = sg_js_peek(r->js), rc;

	if (c < 0)
		return c;
	if (c == 'n')
		return sg_js_skip(r->js); /* "Vulnerabilities": null */
	if (c != '[')
		return sg_js_error(r->js, "%s: '%s' must be an array", rpath,
				   key);
	rc = sg_js_begin_array(r->js);
	while (rc >= 0 && (rc = sg_js_next_item(r->js)) == 1) {
		rc = read_finding(r, k, &w);
		w.index++;
		/* Trivy writes Target, Class and Type first: done at once. */
		if (rc == 0 && r->seen == 7 && r->n_pend)
			rc = complete_pending(r);
	}
	return rc < 0 ? rc : 0;
}

/* Target, Class and Type: short strings, null or absent allowed. */
static int read_result_string(struct reader *r, const char *rpath,
			      const char *key, const char **out)
{
	json_t *v;
	int rc = sg_js_load(r->js, &v);

	if (rc < 0)
		return rc;
	if (json_is_string(v) && json_string_length(v) > 0) {
		*out = sg_json_string(r->out, v);
		rc = *out ? 0 : sg_error(SG_ENOMEM, "out of memory");
	} else if (!json_is_null(v) && !json_is_string(v)) {
		rc = sg_js_error_at_value(r->js, "%s: '%s' must be a string",
					  rpath, key);
	}
	json_decref(v);
	return rc;
}

static int read_result(struct reader *r, size_t index)
{
	static const struct {
		const char *key;
		const struct kind *kind; /* NULL: loaded, see add_modified */
	} arrays[] = {
		{"Vulnerabilities", &vulnerability_kind},
		{"ExperimentalModifiedFindings", NULL},
		{"Misconfigurations", &misconfiguration_kind},
		{"Secrets", &secret_kind},
		{"Licenses", &license_kind},
	};
	char rpath[64], key[SG_JS_KEY_MAX];
	int c, rc;

	snprintf(rpath, sizeof(rpath), "%s[%zu]", r->results_name, index);
	c = sg_js_peek(r->js);
	if (c < 0)
		return c;
	if (c != '{')
		return sg_js_error(r->js, "%s: must be an object", rpath);
	r->target = r->class_name = r->type = NULL;
	r->seen = 0;
	r->known = false;
	r->first = r->out->count;
	r->n_pend = 0;
	r->idbuf_len = 0;
	rc = sg_js_begin_object(r->js);
	while (rc >= 0 && (rc = sg_js_next_key(r->js, key)) == 1) {
		int found = -1;

		if (strcmp(key, "Target") == 0) {
			r->seen |= 1;
			rc = read_result_string(r, rpath, key, &r->target);
			continue;
		}
		if (strcmp(key, "Class") == 0) {
			r->seen |= 2;
			rc = read_result_string(r, rpath, key, &r->class_name);
			continue;
		}
		if (strcmp(key, "Type") == 0) {
			r->seen |= 4;
			rc = read_result_string(r, rpath, key, &r->type);
			continue;
		}
		for (size_t i = 0; i < sizeof(arrays) / sizeof(arrays[0]); i++)
			if (strcmp(key, arrays[i].key) == 0)
				found = (int)i;
		/* Packages, MisconfSummary, CustomResources: not findings. */
		rc = found >= 0 ? read_finding_array(r, rpath, key,
						     arrays[found].kind)
				: sg_js_skip(r->js);
	}
	if (rc < 0)
		return rc;
	return complete_pending(r);
}

static int read_results(struct reader *r)
{
	size_t index = 0;
	int c = sg_js_peek(r->js), rc;

	if (c < 0)
		return c;
	if (c == 'n')
		return sg_js_skip(r->js); /* "Results": null, a clean scan */
	if (c != '[')
		return sg_js_error(r->js, "'Results' must be an array");
	rc = sg_js_begin_array(r->js);
	while (rc >= 0 && (rc = sg_js_next_item(r->js)) == 1)
		rc = read_result(r, index++);
	return rc < 0 ? rc : 0;
}

static int read_schema_version(struct reader *r)
{
	json_t *v;
	int rc = sg_js_load(r->js, &v);

	if (rc < 0)
		return rc;
	if (!json_is_integer(v))
		rc = sg_js_error_at_value(r->js,
					  "'SchemaVersion' must be an "
					  "integer");
	else if (json_integer_value(v) != 2)
		rc = sg_js_error_at_value(r->js,
					  "unsupported Trivy SchemaVersion "
					  "%lld (secgate reads 2)",
					  (long long)json_integer_value(v));
	json_decref(v);
	return rc;
}

static int read_trivy_info(struct reader *r, const char **version)
{
	json_t *v;
	int rc = sg_js_load(r->js, &v);

	if (rc < 0)
		return rc;
	if (!json_is_object(v))
		rc = sg_js_error_at_value(r->js, "'Trivy' must be an object");
	else
		rc = get_string(r, v, "Version", "Trivy", false, version);
	json_decref(v);
	return rc;
}

/* ---- trivy k8s ---- */

static int k8s_summary_error(struct reader *r)
{
	return sg_js_error(r->js, "trivy k8s cluster reports are not "
				  "supported in this form (a summary without "
				  "'Resources'); run 'trivy k8s --format json "
				  "--report all', or scan the images and "
				  "manifests with 'trivy image', 'trivy fs' "
				  "or 'trivy config' and read those reports");
}

/* Namespace, Kind, Name: short strings; Kind and Name required. */
static int read_resource_name(struct reader *r, const char *where,
			      const char *key, const char **out)
{
	json_t *v;
	int rc = sg_js_load(r->js, &v);

	if (rc < 0)
		return rc;
	if (json_is_string(v) && json_string_length(v) > 0 &&
	    json_string_length(v) <= SHARED_MAX &&
	    !memchr(json_string_value(v), '\0', json_string_length(v))) {
		*out = sg_json_string(r->out, v);
		rc = *out ? 0 : sg_error(SG_ENOMEM, "out of memory");
	} else if (!json_is_null(v) &&
		   !(json_is_string(v) && json_string_length(v) == 0)) {
		rc = sg_js_error_at_value(r->js,
					  "%s: '%s' must be a short string",
					  where, key);
	}
	json_decref(v);
	return rc;
}

/*
 * One resource: Namespace (absent for cluster-wide ones), Kind, Name,
 * then its Results, as Trivy writes them; an "Error" means Trivy could
 * not scan it, and a report with an unscanned resource is no pass.
 */
static int read_resource(struct reader *r, const char *list, size_t index)
{
	char where[48], key[SG_JS_KEY_MAX];
	const char *ns = NULL, *kind = NULL, *name = NULL;
	bool failed = false;
	int rc, c = sg_js_peek(r->js);

	snprintf(where, sizeof(where), "%.16s[%zu]", list, index);
	if (c < 0)
		return c;
	if (c != '{')
		return sg_js_error(r->js, "%s: must be an object", where);
	r->resource = r->resource_tail = NULL;
	rc = sg_js_begin_object(r->js);
	while (rc >= 0 && (rc = sg_js_next_key(r->js, key)) == 1) {
		if (strcmp(key, "Namespace") == 0) {
			rc = read_resource_name(r, where, key, &ns);
		} else if (strcmp(key, "Kind") == 0) {
			rc = read_resource_name(r, where, key, &kind);
		} else if (strcmp(key, "Name") == 0) {
			rc = read_resource_name(r, where, key, &name);
		} else if (strcmp(key, "Results") == 0) {
			if (!kind || !name)
				return sg_js_error(r->js,
						   "%s: 'Results' before "
						   "'Kind' and 'Name'",
						   where);
			r->resource_tail = join3(r, kind, "/", name);
			r->resource = r->resource_tail && ns
					  ? join3(r, ns, "/", r->resource_tail)
					  : r->resource_tail;
			if (!r->resource)
				return sg_error(SG_ENOMEM, "out of memory");
			snprintf(r->resource_results,
				 sizeof(r->resource_results), "%.48s.Results",
				 where);
			r->results_name = r->resource_results;
			rc = read_results(r);
		} else if (strcmp(key, "Error") == 0) {
			json_t *v;

			rc = sg_js_load(r->js, &v);
			if (rc < 0)
				break;
			failed = !json_is_null(v) &&
				 !(json_is_string(v) &&
				   json_string_length(v) == 0);
			json_decref(v);
		} else {
			rc = sg_js_skip(r->js); /* Metadata */
		}
	}
	if (rc < 0)
		return rc;
	if (!kind || !name)
		return sg_js_error(r->js, "%s: 'Kind' and 'Name' must be "
					  "strings",
				   where);
	if (failed)
		return sg_js_error(r->js,
				   "%s: trivy could not scan this resource "
				   "(its 'Error' is set): the scan is "
				   "incomplete",
				   where);
	r->resource = r->resource_tail = NULL;
	return 0;
}

static int read_resources(struct reader *r, const char *list)
{
	size_t index = 0;
	int c = sg_js_peek(r->js), rc;

	if (c < 0)
		return c;
	if (c != '[')
		return sg_js_error(r->js, "'%s' must be an array", list);
	rc = sg_js_begin_array(r->js);
	while (rc >= 0 && (rc = sg_js_next_item(r->js)) == 1)
		rc = read_resource(r, list, index++);
	if (rc < 0)
		return rc;
	/* A cluster scan that lists no resource scanned nothing. */
	if (index == 0)
		return sg_js_error(r->js, "'%s' is empty: the k8s scan "
					  "covered no resource",
				   list);
	return 0;
}

static int read_artifact_type(struct reader *r, bool *image)
{
	json_t *v;
	int rc = sg_js_load(r->js, &v);

	if (rc < 0)
		return rc;
	if (!json_is_string(v) && !json_is_null(v))
		rc = sg_js_error_at_value(r->js,
					  "'ArtifactType' must be a string");
	else if (json_is_string(v))
		*image = strcmp(json_string_value(v), "container_image") == 0 ||
			 strcmp(json_string_value(v), "vm") == 0;
	json_decref(v);
	return rc;
}

/* Metadata.Commit (Trivy 0.65+ on a git checkout): the commit scanned. */
static int read_metadata(struct reader *r)
{
	const json_t *commit;
	json_t *v;
	int rc = sg_js_load(r->js, &v);

	if (rc < 0)
		return rc;
	if (!json_is_object(v) && !json_is_null(v)) {
		rc = sg_js_error_at_value(r->js, "'Metadata' must be an object");
	} else if ((commit = json_object_get(v, "Commit")) != NULL &&
		   !json_is_null(commit) &&
		   !(json_is_string(commit) && !json_string_length(commit))) {
		if (!json_is_string(commit) ||
		    sg_input_meta_add_commit(r->out, r->ctx->meta,
					     json_string_value(commit)) < 0)
			rc = sg_js_error_at_value(r->js,
						  "Metadata.Commit: not a "
						  "commit id (7 to 64 hex "
						  "digits)");
	}
	json_decref(v);
	return rc;
}

static int read_report(struct reader *r)
{
	char key[SG_JS_KEY_MAX];
	bool schema = false, known = false, cluster = false, resources = false;
	bool have_results = false, image = false;
	const char *version = NULL;
	size_t start = r->out->count;
	int rc = sg_js_begin_object(r->js);

	while (rc >= 0 && (rc = sg_js_next_key(r->js, key)) == 1) {
		if (strcmp(key, "SchemaVersion") == 0) {
			schema = known = true;
			rc = read_schema_version(r);
		} else if (strcmp(key, "ClusterName") == 0) {
			cluster = true;
			rc = sg_js_skip(r->js);
		} else if (cluster && (strcmp(key, "Resources") == 0 ||
				       strcmp(key, "Findings") == 0)) {
			resources = known = true;
			rc = read_resources(r, key);
		} else if (cluster && (strcmp(key, "Vulnerabilities") == 0 ||
				       strcmp(key, "Misconfigurations") == 0)) {
			rc = k8s_summary_error(r);
		} else if (strcmp(key, "Trivy") == 0) {
			rc = read_trivy_info(r, &version);
		} else if (strcmp(key, "Results") == 0) {
			known = have_results = true;
			rc = read_results(r);
		} else if (strcmp(key, "ArtifactType") == 0) {
			known = true;
			rc = read_artifact_type(r, &image);
		} else if (strcmp(key, "Metadata") == 0) {
			rc = read_metadata(r);
		} else {
			if (strcmp(key, "ArtifactName") == 0)
				known = true;
			rc = sg_js_skip(r->js); /* CreatedAt, ReportID... */
		}
	}
	if (rc < 0)
		return rc;
	if (cluster && !resources)
		return k8s_summary_error(r);
	if (!known)
		return sg_js_error(r->js, "not a Trivy report: no "
					  "'SchemaVersion', 'ArtifactName' or "
					  "'Results'");
	/*
	 * No "Results" at all: Trivy omits it when no target had anything
	 * to say. For a file system or repository, its secret and config
	 * scanners read every file and report only what they find, so that
	 * is a clean scan. An image or VM without a single result had no OS
	 * packages and no language files Trivy could read: nothing scanned.
	 * A k8s report is read per resource (Resources), not here.
	 */
	r->ctx->meta->no_targets = !have_results && !resources;
	if (!have_results && !resources && image)
		r->ctx->meta->nothing_scanned =
			"no 'Results': Trivy found no OS packages and no "
			"language files it could read in the image";
	r->ctx->meta->format = resources ? "trivy-k8s-json"
			       : schema	 ? "trivy-json-v2"
					 : "trivy-json-v1";
	r->ctx->meta->tool_version = version;
	for (size_t i = start; i < r->out->count; i++)
		r->out->items[i].tool_version = version;
	return 0;
}

static int parse(struct sg_parse_ctx *ctx)
{
	struct reader r = {
		.ctx = ctx,
		.js = ctx->js,
		.out = ctx->out,
		.results_name = "Results",
	};
	int c = sg_js_peek(ctx->js), rc;

	if (c < 0)
		return c;
	r.tool = sg_findings_strdup(ctx->out,
				    ctx->forced_tool ? ctx->forced_tool
						     : "trivy");
	if (!r.tool)
		return sg_error(SG_ENOMEM, "out of memory");
	if (c == '{') {
		rc = read_report(&r);
	} else if (c == '[' || c == 'n') {
		/* Before v0.19: the Results array itself, or null if empty. */
		ctx->meta->format = "trivy-json-legacy";
		r.results_name = "";
		rc = c == 'n' ? sg_js_skip(ctx->js) : read_results(&r);
	} else {
		rc = sg_js_error(ctx->js, "expected a Trivy JSON report (an "
					  "object or an array)");
	}
	free(r.pend);
	free(r.idbuf);
	free_members(&r);
	return rc;
}

const struct sg_adapter sg_adapter_trivy = {
	.version = SG_ADAPTER_VERSION,
	.name = "trivy",
	.formats = "Trivy JSON: SchemaVersion 2, the v0.19 object, the "
		   "pre-0.19 array and trivy k8s reports (vulnerabilities, "
		   "misconfigurations, secrets, licenses, VEX-suppressed "
		   "findings)",
	.detect = detect,
	.parse = parse,
};
