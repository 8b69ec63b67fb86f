/*
 * Internal to the configuration loader: only the .c files in src/config/
 * include this file. The pieces share the YAML tree with positions, the
 * error helpers and the typed getters; every shared name starts with cfg_
 * so that no generic name becomes a global symbol. Everything else in
 * src/config/ is static to its file.
 *
 * Who does what: yaml_tree.c builds the tree and words the messages;
 * getters.c reads typed values and checks keys; one file per section
 * (settings.c: the top level and profiles; paths.c, overrides.c,
 * suppressions.c, tools_section.c, enrich.c); config.c is the interface (load, then
 * apply the file and a profile); discover.c finds the file; dates.c reads
 * dates and durations; env.c applies environment and flags; show.c prints
 * the effective configuration.
 */
#ifndef SECGATE_CONFIG_INTERNAL_H
#define SECGATE_CONFIG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <yaml.h>

#include "config.h"
#include "secgate/arena.h"
#include "secgate/error.h"

#define MAX_REFS 16  /* anchors + aliases: a cap against alias bombs */
#define MAX_NAMED 64 /* profiles and custom tools, compared pairwise */
#define MAX_DAYS 36500

#define THRESHOLDS "critical, high, medium, low, info, none"
#define SEVERITIES "critical, high, medium, low, info"

/* ---- the tree ---- */

enum ytype { Y_SCALAR, Y_SEQUENCE, Y_MAPPING, Y_ALIAS };

struct ynode {
	enum ytype type;
	unsigned line, column; /* 1-based, where it was written */
	const char *value;     /* scalars: NUL-terminated copy */
	size_t len;
	bool plain; /* an unquoted scalar */
	/* Children; a mapping's alternate key, value. */
	struct ynode *first, *last;
	struct ynode *next;
	size_t count;
	const struct ynode *target; /* aliases: the anchored node */
};

struct anchor {
	const char *name;
	const struct ynode *node;
};

struct loader {
	const char *file;	 /* for messages */
	struct sg_arena scratch; /* the tree */
	struct sg_arena *out;	 /* the configuration's strings */
	struct ynode *root;
	struct anchor anchors[MAX_REFS];
	size_t n_anchors;
	unsigned n_refs;
};

/* ---- what the file says, before it is applied ---- */

/* The settings a profile may also carry (profiles overlay them). */
struct layer {
	bool has_fail_on;
	struct sg_threshold fail_on;
	bool has_unknown;
	enum sg_severity unknown;
	bool has_new_only, new_only;
	const char *baseline;
	bool has_honor, honor;
	bool has_strict, strict;
	bool has_expiry_warning;
	unsigned expiry_warning_days;
	bool has_max_age;
	unsigned max_age_days;
	bool has_include, has_exclude;
	const char **include, **exclude;
	size_t n_include, n_exclude;
	struct sg_override *overrides;
	size_t n_overrides;
};

struct profile {
	const char *name;
	struct layer layer;
};

struct parsed {
	struct layer file;
	struct sg_suppression *suppressions;
	size_t n_suppressions;
	struct sg_tool_config *tools;
	size_t n_tools;
	struct profile *profiles;
	size_t n_profiles;
	bool has_osv;
	struct sg_osv_config osv;
};

/* ---- the top-level keys (settings.c; env.c sets the scalar ones) ---- */

enum {
	K_FAIL_ON,
	K_UNKNOWN_SEVERITY,
	K_NEW_ONLY,
	K_BASELINE,
	K_HONOR,
	K_STRICT,
	K_EXPIRY_WARNING,
	K_MAX_AGE,
	K_PATHS,
	K_OVERRIDES,
	K_SUPPRESSIONS,
	K_PROFILES,
	K_TOOLS,
	K_ENRICH,
	K_COUNT
};
extern const char *const cfg_top_keys[K_COUNT];
#define ALL_KEYS ((1u << K_COUNT) - 1)
#define PROFILE_KEYS                                                           \
	(ALL_KEYS & ~(1u << K_SUPPRESSIONS | 1u << K_PROFILES | 1u << K_TOOLS |     \
		      1u << K_ENRICH))
#define SCALAR_KEYS (PROFILE_KEYS & ~(1u << K_PATHS | 1u << K_OVERRIDES))

/* ---- messages and the tree (yaml_tree.c) ---- */

/* A short printable copy of config text for a message (at most 40 bytes). */
const char *cfg_printable(const char *s, size_t len, char *buf, size_t size);
/* An alias's target; any other node itself. */
const struct ynode *cfg_deref(const struct ynode *n);
bool cfg_is_null(const struct ynode *n);
/* What a value is, for "must be X, not <this>". */
const char *cfg_describe(const struct ynode *n, char *buf, size_t size);
/* An error at a node: "<file>:<line>:<column>: <where>: <what>". */
int cfg_fail(const struct loader *L, const struct ynode *at, const char *where,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int cfg_no_memory(void);
/* "where.key", or "key" at the top. */
const char *cfg_join(char *buf, size_t size, const char *where,
		     const char *key);
/* "where[i]". */
const char *cfg_indexed(char *buf, size_t size, const char *where, size_t i);
/* L->root from the text, with positions; anchors and aliases resolved. */
int cfg_build_tree(struct loader *L, const char *buf, size_t len);

/* ---- typed values and keys (getters.c) ---- */

int cfg_threshold_from_text(const char *s, struct sg_threshold *out);
/* A severity to count or override as: not "unknown", not "none". */
int cfg_severity_from_text(const char *s, enum sg_severity *out);
int cfg_bool_from_text(const char *s, bool *out);
int cfg_days_from_text(const char *s, unsigned *out);
/* A scalar's text; an error for collections and null. */
int cfg_get_text(struct loader *L, const struct ynode *at, const char *where,
		 const char *expected, const char **out);
/* A string copied into the configuration; empty only when allow_empty. */
int cfg_get_string(struct loader *L, const struct ynode *at, const char *where,
		   bool allow_empty, const char **out);
int cfg_get_bool(struct loader *L, const struct ynode *at, const char *where,
		 bool *out);
int cfg_get_days(struct loader *L, const struct ynode *at, const char *where,
		 unsigned *out);
int cfg_get_duration(struct loader *L, const struct ynode *at,
		     const char *where, unsigned *out);
int cfg_get_threshold(struct loader *L, const struct ynode *at,
		      const char *where, struct sg_threshold *out);
int cfg_get_severity(struct loader *L, const struct ynode *at,
		     const char *where, enum sg_severity *out);
/* One of names (a static string is kept); *index says which. */
int cfg_get_enum(struct loader *L, const struct ynode *at, const char *where,
		 const char *const *names, size_t count, size_t *index);
/* A collection of type, or NULL for an empty value. */
int cfg_get_collection(struct loader *L, const struct ynode *at,
		       const char *where, enum ytype type,
		       const struct ynode **out);

typedef int (*cfg_check_fn)(struct loader *L, const struct ynode *at,
			    const char *where, const char *value);

/* A list of strings (new array in the configuration). */
int cfg_get_string_list(struct loader *L, const struct ynode *at,
			const char *where, bool allow_empty, cfg_check_fn check,
			const char ***out, size_t *count);
/* A path pattern that path_glob accepts. */
int cfg_check_glob(struct loader *L, const struct ynode *at, const char *where,
		   const char *value);

struct keyset {
	uint32_t seen;
	unsigned line[32];
};

/*
 * The key of a mapping entry: a string among names[] whose bit is in
 * allowed, given once. *index is its position in names.
 */
int cfg_check_key(struct loader *L, const struct ynode *at, const char *where,
		  const char *const *names, size_t count, uint32_t allowed,
		  struct keyset *ks, size_t *index);
/* Names given as map keys (profile names): unique, pairwise. */
int cfg_check_unique_name(struct loader *L, const struct ynode *at,
			  const char *where, const char *const *seen, size_t n,
			  const char *name, const char *what);

/* ---- the sections ---- */

int cfg_parse_root(struct loader *L, struct parsed *p);	      /* settings.c */
int cfg_parse_paths(struct loader *L, const struct ynode *at, /* paths.c */
		    const char *where, struct layer *ly);
int cfg_parse_overrides(struct loader *L, const struct ynode *at,
			const char *where, struct layer *ly); /* overrides.c */
int cfg_parse_suppressions(struct loader *L, const struct ynode *at,
			   const char *where, struct parsed *p);
int cfg_parse_tools(struct loader *L, const struct ynode *at, const char *where,
		    struct parsed *p); /* tools_section.c */
/* The built-in checks' sections (env_section.c, headers_section.c). */
int cfg_parse_env_section(struct loader *L, const struct ynode *pos,
			  const struct ynode *at, const char *where,
			  struct sg_tool_config *t);
int cfg_parse_headers_section(struct loader *L, const struct ynode *pos,
			      const struct ynode *at, const char *where,
			      struct sg_tool_config *t);
int cfg_parse_enrich(struct loader *L, const struct ynode *at,
		     const char *where, struct parsed *p); /* enrich.c */

/* ---- applying (config.c) ---- */

/* The configuration's arena for its strings, created on first use. */
struct sg_arena *cfg_storage(struct sg_config *c);

/*
 * The common start of a built-in check's section (env, headers): t reset
 * to a required, enabled check named name at pos; returns its zeroed
 * settings of size bytes in the arena, or NULL when out of memory.
 */
void *cfg_check_section_begin(struct loader *L, const struct ynode *pos,
			      const char *name, size_t size,
			      struct sg_tool_config *t);

#endif
