/*
 * tools: the scanners `secgate run` starts (gitleaks, trivy, pip-audit,
 * codeql) and custom tools, each with the keys its kind allows; the
 * built-in checks' sections (env, headers) are parsed in their own files.
 */
#include <stdio.h>
#include <string.h>

#include "config_internal.h"

enum {
	T_ENABLED,
	T_REQUIRED,
	T_TIMEOUT,
	T_ARGS,
	T_PATH,
	T_MODE,
	T_TARGET,
	T_SCANNERS,
	T_REQUIREMENTS,
	T_SARIF,
	T_DATABASE,
	T_NAME,
	T_COMMAND,
	T_FORMAT,
	T_OUTPUT,
	T_SUCCESS,
	T_COUNT
};
static const char *const tool_keys[T_COUNT] = {
    [T_ENABLED] = "enabled",
    [T_REQUIRED] = "required",
    [T_TIMEOUT] = "timeout",
    [T_ARGS] = "args",
    [T_PATH] = "path",
    [T_MODE] = "mode",
    [T_TARGET] = "target",
    [T_SCANNERS] = "scanners",
    [T_REQUIREMENTS] = "requirements",
    [T_SARIF] = "sarif",
    [T_DATABASE] = "database",
    [T_NAME] = "name",
    [T_COMMAND] = "command",
    [T_FORMAT] = "format",
    [T_OUTPUT] = "output",
    [T_SUCCESS] = "success_exit_codes",
};
#define TK(k) (1u << (k))
#define T_COMMON                                                               \
	(TK(T_ENABLED) | TK(T_REQUIRED) | TK(T_TIMEOUT) | TK(T_ARGS) |         \
	 TK(T_PATH))

struct tool_kind {
	const char *name;
	uint32_t keys;
	const char *const *modes; /* NULL-terminated */
};

static const char *const gitleaks_modes[] = {"dir", "git", NULL};
static const char *const trivy_modes[] = {"fs", "image", "config", "repo",
					  NULL};
static const char *const codeql_modes[] = {"sarif", "analyze", NULL};
static const char *const trivy_scanners[] = {"vuln", "misconfig", "secret",
					     "license"};
static const char *const custom_formats[] = {"sarif", "gitleaks", "trivy",
					     "pip-audit"};

enum {
	TOOL_GITLEAKS,
	TOOL_TRIVY,
	TOOL_PIP_AUDIT,
	TOOL_CODEQL,
	TOOL_ENV,
	TOOL_HEADERS,
	TOOL_CUSTOM,
	TOOL_COUNT
};
static const struct tool_kind tool_kinds[TOOL_COUNT] = {
    [TOOL_GITLEAKS] = {"gitleaks", T_COMMON | TK(T_MODE), gitleaks_modes},
    [TOOL_TRIVY] = {"trivy",
		    T_COMMON | TK(T_MODE) | TK(T_TARGET) | TK(T_SCANNERS),
		    trivy_modes},
    [TOOL_PIP_AUDIT] = {"pip-audit", T_COMMON | TK(T_REQUIREMENTS), NULL},
    [TOOL_CODEQL] = {"codeql",
		     T_COMMON | TK(T_MODE) | TK(T_SARIF) | TK(T_DATABASE),
		     codeql_modes},
    /* The built-in checks have sections of their own (*_section.c). */
    [TOOL_ENV] = {"env", 0, NULL},
    [TOOL_HEADERS] = {"headers", 0, NULL},
    [TOOL_CUSTOM] = {"custom",
		     T_COMMON | TK(T_NAME) | TK(T_COMMAND) | TK(T_FORMAT) |
			 TK(T_OUTPUT) | TK(T_SUCCESS),
		     NULL},
};
static const char *const tool_names[TOOL_COUNT] = {
    "gitleaks", "trivy", "pip-audit", "codeql", "env", "headers", "custom",
};

static int check_scanner(struct loader *L, const struct ynode *at,
			 const char *where, const char *value)
{
	char buf[64];

	for (size_t i = 0; i < 4; i++)
		if (!strcmp(value, trivy_scanners[i]))
			return 0;
	return cfg_fail(
	    L, at, where,
	    "must be one of vuln, misconfig, secret, license, not %s",
	    cfg_describe(at, buf, sizeof(buf)));
}

static int get_exit_codes(struct loader *L, const struct ynode *at,
			  const char *where, struct sg_tool_config *t)
{
	const struct ynode *seq = cfg_deref(at);
	size_t i = 0;
	char buf[64];

	if (seq->type != Y_SEQUENCE || !seq->count)
		return cfg_fail(
		    L, at, where,
		    "must be a non-empty list of exit codes, not %s",
		    seq->type == Y_SEQUENCE
			? "an empty list"
			: cfg_describe(seq, buf, sizeof(buf)));
	t->success_exit_codes =
	    sg_arena_alloc(L->out, seq->count * sizeof(*t->success_exit_codes));
	if (!t->success_exit_codes)
		return cfg_no_memory();
	for (const struct ynode *item = seq->first; item; item = item->next) {
		const struct ynode *n = cfg_deref(item);
		char sub[256];
		unsigned v;

		cfg_indexed(sub, sizeof(sub), where, i);
		if (n->type != Y_SCALAR || !n->plain ||
		    cfg_days_from_text(n->value, &v) < 0 || v > 255)
			return cfg_fail(
			    L, item, sub,
			    "must be an exit code from 0 to 255, not "
			    "%s",
			    cfg_describe(item, buf, sizeof(buf)));
		t->success_exit_codes[i++] = (int)v;
	}
	t->n_success_exit_codes = i;
	return 0;
}

static int check_custom_name(struct loader *L, const struct ynode *at,
			     const char *where, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < TOOL_COUNT; i++)
		if (!strcmp(name, tool_names[i]))
			return cfg_fail(L, at, where,
					"'%s' is a built-in tool: configure it "
					"under tools.%s, or pick another name",
					name, name);
	/* Names become report sections and file names. */
	if (n > 64 ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyz"
			 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != n ||
	    name[0] == '.' || name[0] == '-')
		return cfg_fail(L, at, where,
				"must be up to 64 letters, digits, '.', '_' or "
				"'-', starting with a letter or digit");
	return 0;
}

static int parse_tool(struct loader *L, const struct ynode *pos,
		      const struct ynode *at, const char *where, size_t kind,
		      struct sg_tool_config *t)
{
	const struct tool_kind *tk = &tool_kinds[kind];
	const struct ynode *m;
	struct keyset ks = {0};
	char buf[64];

	memset(t, 0, sizeof(*t));
	t->name = tk->name;
	t->is_custom = kind == TOOL_CUSTOM;
	t->enabled = true; /* the section exists */
	t->required = true;
	t->output = SG_OUTPUT_STDOUT;
	t->line = pos->line;
	t->column = pos->column;
	m = cfg_deref(at);
	if (cfg_is_null(m) && !t->is_custom)
		return 0; /* "gitleaks:" alone: on, with the defaults */
	if (m->type != Y_MAPPING)
		return cfg_fail(L, at, where, "must be a mapping, not %s",
				cfg_describe(m, buf, sizeof(buf)));
	for (const struct ynode *k = m->first; k; k = k->next->next) {
		const struct ynode *v = k->next;
		char sub[256];
		size_t idx = 0, which = 0;
		int rc = 0;

		if (cfg_check_key(L, k, where, tool_keys, T_COUNT, tk->keys,
				  &ks, &idx))
			return SG_EUSAGE;
		cfg_join(sub, sizeof(sub), where, tool_keys[idx]);
		switch (idx) {
		case T_ENABLED:
			rc = cfg_get_bool(L, v, sub, &t->enabled);
			break;
		case T_REQUIRED:
			rc = cfg_get_bool(L, v, sub, &t->required);
			break;
		case T_TIMEOUT:
			rc = cfg_get_duration(L, v, sub, &t->timeout_seconds);
			break;
		case T_ARGS:
			rc = cfg_get_string_list(L, v, sub, true, NULL,
						 &t->args, &t->n_args);
			break;
		case T_PATH:
			rc = cfg_get_string(L, v, sub, false, &t->path);
			break;
		case T_MODE: {
			size_t n = 0;

			while (tk->modes[n])
				n++;
			rc = cfg_get_enum(L, v, sub, tk->modes, n, &which);
			if (!rc)
				t->mode = tk->modes[which];
			break;
		}
		case T_TARGET:
			rc = cfg_get_string(L, v, sub, false, &t->target);
			break;
		case T_SCANNERS:
			rc =
			    cfg_get_string_list(L, v, sub, false, check_scanner,
						&t->scanners, &t->n_scanners);
			for (size_t i = 0; !rc && i < t->n_scanners; i++)
				for (size_t j = 0; !rc && j < i; j++)
					if (!strcmp(t->scanners[i],
						    t->scanners[j]))
						rc =
						    cfg_fail(L, v, sub,
							     "lists '%s' twice",
							     t->scanners[i]);
			break;
		case T_REQUIREMENTS:
			rc = cfg_get_string_list(L, v, sub, false, NULL,
						 &t->requirements,
						 &t->n_requirements);
			break;
		case T_SARIF:
			rc = cfg_get_string(L, v, sub, false, &t->sarif);
			break;
		case T_DATABASE:
			rc = cfg_get_string(L, v, sub, false, &t->database);
			break;
		case T_NAME:
			rc = cfg_get_string(L, v, sub, false, &t->name);
			if (!rc)
				rc = check_custom_name(L, v, sub, t->name);
			break;
		case T_COMMAND:
			rc = cfg_get_string_list(L, v, sub, true, NULL,
						 &t->command, &t->n_command);
			if (!rc && (!t->n_command || !*t->command[0]))
				rc = cfg_fail(L, v, sub,
					      "must be a non-empty list: the "
					      "program, then its arguments");
			break;
		case T_FORMAT:
			rc = cfg_get_enum(L, v, sub, custom_formats, 4, &which);
			if (!rc)
				t->format = custom_formats[which];
			break;
		case T_OUTPUT:
			rc = cfg_get_string(L, v, sub, false, &t->output_path);
			if (!rc && !strcmp(t->output_path, "stdout"))
				t->output_path = NULL;
			else if (!rc)
				t->output = SG_OUTPUT_FILE;
			break;
		case T_SUCCESS:
			rc = get_exit_codes(L, v, sub, t);
			break;
		}
		if (rc)
			return rc;
	}
	if (t->is_custom) {
		if (!(ks.seen & TK(T_NAME)))
			return cfg_fail(L, at, where, "'name' is required");
		if (!(ks.seen & TK(T_COMMAND)))
			return cfg_fail(L, at, where, "'command' is required");
		if (!t->format)
			t->format = "sarif";
	}
	if (kind == TOOL_TRIVY && t->mode && !strcmp(t->mode, "image") &&
	    !t->target)
		return cfg_fail(
		    L, at, where,
		    "mode 'image' needs 'target' (the image to scan)");
	if (kind == TOOL_CODEQL) {
		if (!t->mode)
			t->mode = t->database ? "analyze" : "sarif";
		if (!strcmp(t->mode, "analyze") && !t->database)
			return cfg_fail(L, at, where,
					"mode 'analyze' needs 'database'");
	}
	return 0;
}

static int parse_customs(struct loader *L, const struct ynode *at,
			 const char *where, struct parsed *p)
{
	const struct ynode *seq;
	size_t i = 0, first = p->n_tools;

	if (cfg_get_collection(L, at, where, Y_SEQUENCE, &seq))
		return SG_EUSAGE;
	if (seq && seq->count > MAX_NAMED)
		return cfg_fail(L, at, where, "more than %d custom tools",
				MAX_NAMED);
	for (const struct ynode *item = seq ? seq->first : NULL; item;
	     item = item->next) {
		struct sg_tool_config *t = &p->tools[p->n_tools];
		char sub[256];

		cfg_indexed(sub, sizeof(sub), where, i++);
		if (parse_tool(L, item, item, sub, TOOL_CUSTOM, t))
			return SG_EUSAGE;
		for (size_t j = first; j < p->n_tools; j++)
			if (!strcmp(p->tools[j].name, t->name))
				return cfg_fail(
				    L, item, sub,
				    "duplicate custom tool name '%s'", t->name);
		p->n_tools++;
	}
	return 0;
}

int cfg_parse_tools(struct loader *L, const struct ynode *at, const char *where,
		    struct parsed *p)
{
	const struct ynode *m;
	struct keyset ks = {0};
	size_t room = 0;

	if (cfg_get_collection(L, at, where, Y_MAPPING, &m))
		return SG_EUSAGE;
	if (!m)
		return 0;
	/* Room for every section and custom entry; keys are checked below. */
	for (const struct ynode *k = m->first; k; k = k->next->next) {
		const struct ynode *v = cfg_deref(k->next);

		room += v->type == Y_SEQUENCE ? v->count : 1;
	}
	p->tools = sg_arena_alloc(L->out, (room + 1) * sizeof(*p->tools));
	if (!p->tools)
		return cfg_no_memory();
	for (const struct ynode *k = m->first; k; k = k->next->next) {
		char sub[256];
		size_t idx = 0;

		if (cfg_check_key(L, k, where, tool_names, TOOL_COUNT,
				  (1u << TOOL_COUNT) - 1, &ks, &idx))
			return SG_EUSAGE;
		cfg_join(sub, sizeof(sub), where, tool_names[idx]);
		if (idx == TOOL_CUSTOM) {
			if (parse_customs(L, k->next, sub, p))
				return SG_EUSAGE;
			continue;
		}
		if (idx == TOOL_ENV || idx == TOOL_HEADERS) {
			if ((idx == TOOL_ENV ? cfg_parse_env_section
					     : cfg_parse_headers_section)(
				L, k, k->next, sub, &p->tools[p->n_tools]))
				return SG_EUSAGE;
			p->n_tools++;
			continue;
		}
		if (parse_tool(L, k, k->next, sub, idx, &p->tools[p->n_tools]))
			return SG_EUSAGE;
		p->n_tools++;
	}
	return 0;
}

void *cfg_check_section_begin(struct loader *L, const struct ynode *pos,
			      const char *name, size_t size,
			      struct sg_tool_config *t)
{
	void *settings;

	memset(t, 0, sizeof(*t));
	t->name = name;
	t->enabled = true;  /* the section exists */
	t->required = true; /* a check that cannot check fails the run */
	t->output = SG_OUTPUT_STDOUT;
	t->line = pos->line;
	t->column = pos->column;
	settings = sg_arena_alloc(L->out, size);
	if (settings)
		memset(settings, 0, size);
	return settings;
}
