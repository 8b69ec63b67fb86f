/*
 * Command lines for the scanners (see tools.h). Each follows the tool's
 * documentation for machine-readable output:
 *   gitleaks        gitleaks dir|git --report-format json --report-path R
 *   (8.19+)         --exit-code 42 --no-banner [--log-opts RANGE] ARGS .
 *   gitleaks        gitleaks detect --source . [--no-git] (same flags)
 *   (before 8.19)
 * Which of the two gitleaks gets is decided by what its `help` lists, not
 * by its version: distributions' builds (Debian's 8.16 and 8.26) print
 * "version is set by build process" instead of a version.
 *   Trivy           trivy fs|repo|image|config --format json --output R
 *                   --exit-code 0 --quiet [--scanners S] ARGS TARGET
 *   pip-audit       pip-audit -f json -o R --progress-spinner off
 *                   [-r FILE]... ARGS [.]
 *   CodeQL          existing SARIF files, or codeql database analyze DB
 *                   --format=sarif-latest --output=R ARGS
 * gitleaks gets an exit code of its own (42) for "leaks found", so that
 * its exit code 1 (any error) is never read as a result.
 */
#include <ctype.h>
#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/evp.h>

#include "runner.h"
#include "secgate/error.h"
#include "tools.h"

#define GITLEAKS_LEAKS_EXIT 42
#define PROBE_TIMEOUT 20

static const char *const known_tools[] = {"gitleaks", "trivy", "pip-audit",
					  "codeql", NULL};
/* Built-in checks: in-process, no executable, no report file. */
static const char *const builtin_tools[] = {"env", "headers", NULL};

bool sg_tool_is_builtin(const char *name)
{
	for (size_t i = 0; builtin_tools[i]; i++)
		if (strcmp(builtin_tools[i], name) == 0)
			return true;
	return false;
}

/* ---- a growable argv ---- */

struct argv_builder {
	char **v;
	size_t n, cap;
	bool failed;
};

static void add(struct argv_builder *b, const char *arg)
{
	if (b->failed)
		return;
	if (b->n + 2 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 16;
		char **v = realloc(b->v, cap * sizeof(*v));

		if (!v) {
			b->failed = true;
			return;
		}
		b->v = v;
		b->cap = cap;
	}
	b->v[b->n] = strdup(arg);
	if (!b->v[b->n]) {
		b->failed = true;
		return;
	}
	b->v[++b->n] = NULL;
}

static void add_all(struct argv_builder *b, const char *const *args, size_t n)
{
	for (size_t i = 0; i < n; i++)
		add(b, args[i]);
}

static void free_argv(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

static char *join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *out = malloc(n);

	if (out)
		snprintf(out, n, "%s/%s", a, b);
	return out;
}

static char *set_problem(struct sg_tool_run *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static char *set_problem(struct sg_tool_run *t, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	free(t->problem);
	t->problem = strdup(msg);
	return t->problem;
}

/* The usual way to install a supported tool, for "not found" messages. */
static const char *install_hint(const char *name)
{
	static const struct {
		const char *tool, *hint;
	} hints[] = {
		{"gitleaks", "install it (apt install gitleaks on Debian 13 or "
			     "Ubuntu 22.04 and later, brew install gitleaks, "
			     "or a release binary from "
			     "github.com/gitleaks/gitleaks/releases)"},
		{"trivy", "install it (brew install trivy, Aqua Security's "
			  "apt/rpm repository, or a release binary from "
			  "github.com/aquasecurity/trivy/releases)"},
		{"pip-audit", "install it (pipx install pip-audit, or pip "
			      "install pip-audit)"},
		{"codeql", "install the CodeQL bundle (github.com/github/"
			   "codeql-action/releases)"},
	};

	for (size_t i = 0; i < sizeof(hints) / sizeof(*hints); i++)
		if (strcmp(hints[i].tool, name) == 0)
			return hints[i].hint;
	return "install it";
}

static void release_one(struct sg_tool_run *t);

/* ---- versions ---- */

/* "8.21.2" from "gitleaks version v8.21.2", "Version: 0.57.0", ... */
static char *parse_version(const char *text)
{
	for (const char *p = text; *p; p++) {
		size_t n = 0;

		if (!isdigit((unsigned char)*p) ||
		    (p > text && (isalnum((unsigned char)p[-1]) && p[-1] != 'v')))
			continue;
		while (isdigit((unsigned char)p[n]) || p[n] == '.')
			n++;
		if (memchr(p, '.', n))
			return strndup(p, n);
	}
	return NULL;
}

/* Compare dotted versions numerically: <0, 0, >0. */
static int version_cmp(const char *a, const char *b)
{
	while (*a || *b) {
		long x = strtol(a, (char **)&a, 10), y = strtol(b, (char **)&b, 10);

		if (x != y)
			return x < y ? -1 : 1;
		if (*a == '.')
			a++;
		if (*b == '.')
			b++;
		if (!isdigit((unsigned char)*a) && !isdigit((unsigned char)*b))
			break;
	}
	return 0;
}

bool sg_tool_version_supported(const struct sg_tool_run *t)
{
	static const struct {
		const char *tool, *min;
	} floors[] = {
		{"gitleaks", "8.0"},  /* the v8 JSON report */
		{"trivy", "0.20"},    /* SchemaVersion 2 */
		{"pip-audit", "2.0"}, /* the JSON object form */
		{"codeql", "2.0"},    /* SARIF 2.1.0 */
	};

	if (!t->version)
		return true; /* unknown: the report's format decides */
	for (size_t i = 0; i < sizeof(floors) / sizeof(*floors); i++)
		if (strcmp(t->name, floors[i].tool) == 0)
			return version_cmp(t->version, floors[i].min) >= 0;
	return true;
}

/* ---- plans per tool ---- */

static void plan_gitleaks(struct sg_tool_run *t, struct argv_builder *b,
			  const struct sg_tool_config *c, const char *range,
			  bool modern)
{
	bool history = c && c->mode && strcmp(c->mode, "git") == 0;
	char code[8];

	snprintf(code, sizeof(code), "%d", GITLEAKS_LEAKS_EXIT);
	add(b, t->program ? t->program : "gitleaks");
	if (modern) {
		add(b, history ? "git" : "dir");
	} else {
		add(b, "detect");
		add(b, "--source");
		add(b, ".");
		if (!history)
			add(b, "--no-git");
	}
	add(b, "--report-format");
	add(b, "json");
	add(b, "--report-path");
	add(b, t->report);
	add(b, "--exit-code");
	add(b, code);
	add(b, "--no-banner");
	if (history && range) {
		add(b, "--log-opts");
		add(b, range);
	}
	if (c)
		add_all(b, c->args, c->n_args);
	if (modern)
		add(b, ".");
	t->ok_codes[0] = 0;
	t->ok_codes[1] = GITLEAKS_LEAKS_EXIT;
	t->n_ok = 2;
}

static void plan_trivy(struct sg_tool_run *t, struct argv_builder *b,
		       const struct sg_tool_config *c)
{
	const char *mode = c && c->mode ? c->mode : "fs";
	const char *target = c && c->target ? c->target : ".";

	add(b, t->program ? t->program : "trivy");
	add(b, mode);
	add(b, "--format");
	add(b, "json");
	add(b, "--output");
	add(b, t->report);
	add(b, "--exit-code");
	add(b, "0");
	add(b, "--quiet");
	if (c && c->n_scanners && strcmp(mode, "config") != 0) {
		char list[256] = "";

		for (size_t i = 0; i < c->n_scanners; i++) {
			if (i)
				strncat(list, ",", sizeof(list) - strlen(list) - 1);
			strncat(list, c->scanners[i], sizeof(list) - strlen(list) - 1);
		}
		add(b, "--scanners");
		add(b, list);
	}
	if (c)
		add_all(b, c->args, c->n_args);
	add(b, target);
	t->ok_codes[0] = 0;
	t->n_ok = 1;
}

static void plan_pip_audit(struct sg_tool_run *t, struct argv_builder *b,
			   const struct sg_tool_config *c, const char *root)
{
	add(b, t->program ? t->program : "pip-audit");
	add(b, "-f");
	add(b, "json");
	add(b, "-o");
	add(b, t->report);
	add(b, "--progress-spinner");
	add(b, "off");
	if (c && c->n_requirements) {
		for (size_t i = 0; i < c->n_requirements; i++) {
			add(b, "-r");
			add(b, c->requirements[i]);
		}
		add_all(b, c->args, c->n_args);
	} else {
		char **found = sg_requirement_files(root);
		bool have = found && found[0];

		for (size_t i = 0; have && found[i]; i++) {
			add(b, "-r");
			add(b, found[i]);
		}
		free_argv(found);
		if (c)
			add_all(b, c->args, c->n_args);
		if (!have)
			add(b, "."); /* the project in the repository root */
	}
	/* Exit 1 means "vulnerabilities found" when the report was written. */
	t->ok_codes[0] = 0;
	t->ok_codes[1] = 1;
	t->n_ok = 2;
}

static void plan_codeql(struct sg_tool_run *t, struct argv_builder *b,
			const struct sg_tool_config *c, const char *root)
{
	bool analyze = c && c->mode && strcmp(c->mode, "analyze") == 0;

	if (!analyze) {
		/* CodeQL usually runs in its own Action: read its SARIF. */
		const char *pattern = c && c->sarif ? c->sarif : "codeql/*.sarif";
		char *full = pattern[0] == '/' ? strdup(pattern) : join(root, pattern);
		glob_t g;
		int rc;

		t->existing_only = true;
		if (!full)
			return;
		/* glob sorts its matches, so the run is deterministic. */
		rc = glob(full, 0, NULL, &g);
		if (rc == 0 && g.gl_pathc > 0) {
			t->existing = calloc(g.gl_pathc + 1, sizeof(char *));
			for (size_t i = 0; t->existing && i < g.gl_pathc; i++)
				t->existing[i] = strdup(g.gl_pathv[i]);
			globfree(&g);
		} else {
			if (rc == 0)
				globfree(&g);
			set_problem(t, "no SARIF file matches '%s'", pattern);
		}
		free(full);
		return;
	}
	add(b, t->program ? t->program : "codeql");
	add(b, "database");
	add(b, "analyze");
	add(b, c->database);
	add(b, "--format=sarif-latest");
	char out[4096];
	snprintf(out, sizeof(out), "--output=%s", t->report);
	add(b, out);
	add_all(b, c->args, c->n_args);
	t->ok_codes[0] = 0;
	t->n_ok = 1;
}

static void plan_custom(struct sg_tool_run *t, struct argv_builder *b,
			const struct sg_tool_config *c, const char *root)
{
	if (!c->n_command) {
		set_problem(t, "%s: no command", t->name);
		return;
	}
	add(b, t->program ? t->program : c->command[0]);
	add_all(b, c->command + 1, c->n_command - 1);
	add_all(b, c->args, c->n_args);
	if (c->output == SG_OUTPUT_FILE && c->output_path) {
		free(t->report);
		t->report = c->output_path[0] == '/' ? strdup(c->output_path)
						     : join(root, c->output_path);
		t->report_in_repo = true;
	} else {
		t->report_on_stdout = true;
	}
	if (c->n_success_exit_codes) {
		for (size_t i = 0; i < c->n_success_exit_codes && i < 16; i++)
			t->ok_codes[i] = c->success_exit_codes[i];
		t->n_ok = c->n_success_exit_codes < 16 ? c->n_success_exit_codes
						       : 16;
	} else {
		t->ok_codes[0] = 0;
		t->n_ok = 1;
	}
	t->ingest_tool = c->format && strcmp(c->format, "sarif") != 0
				 ? c->format
				 : "sarif";
}

static bool is_known(const char *name)
{
	for (size_t i = 0; known_tools[i]; i++)
		if (strcmp(known_tools[i], name) == 0)
			return true;
	return false;
}

/* Build the run for one tool; c may be NULL (named with --tools only). */
static int plan_one(struct sg_tool_run *t, const char *name,
		    const struct sg_tool_config *c, const char *repo_root,
		    const char *tree_dir, const char *tmpdir,
		    const char *range)
{
	struct argv_builder b = {0};
	char file[300];
	const char *exe, *root = repo_root;
	bool history = strcmp(name, "gitleaks") == 0 && c && c->mode &&
		       strcmp(c->mode, "git") == 0;
	bool sarif_files = strcmp(name, "codeql") == 0 &&
			   !(c && c->mode && !strcmp(c->mode, "analyze"));

	memset(t, 0, sizeof(*t));
	/*
	 * Tools that read files read the tree being checked (built-in checks
	 * run in-process, and not for a push).
	 */
	if (tree_dir && !history && !sarif_files &&
	    !sg_tool_is_builtin(name)) {
		root = tree_dir;
		t->cwd = strdup(tree_dir);
		if (!t->cwd)
			return sg_error(SG_ENOMEM, "out of memory");
	}
	t->config = c;
	t->git_range = range ? strdup(range) : NULL;
	t->name = strdup(name);
	t->required = c ? c->required : true;
	t->timeout = c && c->timeout_seconds ? c->timeout_seconds
					     : SG_TOOL_DEFAULT_TIMEOUT;
	snprintf(file, sizeof(file), "%s.report", name);
	t->report = join(tmpdir, file);
	if (!t->name || !t->report)
		return sg_error(SG_ENOMEM, "out of memory");
	if (sg_tool_is_builtin(name)) {
		t->builtin = true;
		t->required = true; /* a check that cannot run fails the gate */
		t->version = strdup(SECGATE_VERSION);
		return t->version ? 0 : sg_error(SG_ENOMEM, "out of memory");
	}
	if (c && c->is_custom)
		exe = c->path ? c->path : (c->n_command ? c->command[0] : NULL);
	else
		exe = c && c->path ? c->path : name;
	t->ingest_tool = is_known(name) ? t->name : NULL;
	bool needs_process = !(strcmp(name, "codeql") == 0 &&
			       !(c && c->mode && !strcmp(c->mode, "analyze")));
	if (needs_process && exe) {
		if (sg_find_program(exe, &t->program) < 0)
			return SG_ENOMEM;
		if (!t->program && c && c->path)
			set_problem(t, "not found at the configured path");
		else if (!t->program)
			set_problem(t, "not found on PATH; %s, or set tools.%s."
				       "path%s",
				    install_hint(name), name,
				    t->required ? ", or make it optional "
						  "(required: false)"
						: "");
	}
	if (strcmp(name, "gitleaks") == 0)
		plan_gitleaks(t, &b, c, range, true);
	else if (strcmp(name, "trivy") == 0)
		plan_trivy(t, &b, c);
	else if (strcmp(name, "pip-audit") == 0)
		plan_pip_audit(t, &b, c, root);
	else if (strcmp(name, "codeql") == 0)
		plan_codeql(t, &b, c, root);
	else
		plan_custom(t, &b, c, root);
	if (b.failed) {
		free_argv(b.v);
		return sg_error(SG_ENOMEM, "out of memory");
	}
	t->argv = b.v;
	return 0;
}

int sg_tools_plan(struct sg_tool_run **out, size_t *n,
		  const struct sg_config *config, const char *tools_csv,
		  const char *repo_root, const char *tmpdir,
		  const char *git_range)
{
	return sg_tools_plan_in(out, n, config, tools_csv, repo_root, NULL,
				tmpdir, git_range);
}

int sg_tools_plan_in(struct sg_tool_run **out, size_t *n,
		     const struct sg_config *config, const char *tools_csv,
		     const char *repo_root, const char *tree_dir,
		     const char *tmpdir, const char *git_range)
{
	struct sg_tool_run *tools = calloc(config->n_tools + 16, sizeof(*tools));
	size_t count = 0;
	int rc = 0;

	if (!tools)
		return sg_error(SG_ENOMEM, "out of memory");
	if (tools_csv) {
		char *list = strdup(tools_csv), *save = NULL;

		for (char *name = list ? strtok_r(list, ",", &save) : NULL;
		     name && rc == 0; name = strtok_r(NULL, ",", &save)) {
			const struct sg_tool_config *c = sg_config_tool(config, name);

			if (!c && !is_known(name) && !sg_tool_is_builtin(name)) {
				rc = sg_error(SG_EUSAGE, "--tools: unknown tool "
						 "'%s' (known: gitleaks, trivy, "
						 "pip-audit, codeql, env, headers, "
						 "or a custom tool of the "
						 "configuration)",
					      name);
				break;
			}
			if (count >= config->n_tools + 16) {
				rc = sg_error(SG_EUSAGE, "--tools: too many tools");
				break;
			}
			rc = plan_one(&tools[count++], name, c, repo_root,
				      tree_dir, tmpdir, git_range);
		}
		free(list);
	} else {
		for (size_t i = 0; i < config->n_tools && rc == 0; i++) {
			const struct sg_tool_config *c = &config->tools[i];

			if (c->enabled)
				rc = plan_one(&tools[count++], c->name, c,
					      repo_root, tree_dir, tmpdir,
					      git_range);
		}
	}
	if (rc == 0 && count == 0)
		rc = sg_error(SG_EUSAGE, "no tools to run: enable some under "
				 "'tools:' in .secgate.yml, or name them with "
				 "--tools gitleaks,trivy");
	if (rc < 0) {
		sg_tools_release(tools, count);
		return rc;
	}
	*out = tools;
	*n = count;
	return 0;
}

/* ---- no configuration: what is installed and applies ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **sg_requirement_files(const char *root)
{
	static const char *const patterns[] = {
		"requirements.txt", "requirements-*.txt", "requirements_*.txt",
		"*-requirements.txt", "*_requirements.txt", "requirements/*.txt",
	};
	size_t rootlen = strlen(root) + 1;
	struct argv_builder b = {0};

	for (size_t i = 0; i < sizeof(patterns) / sizeof(*patterns); i++) {
		char *full = join(root, patterns[i]);
		glob_t g;

		if (full && glob(full, 0, NULL, &g) == 0) {
			for (size_t k = 0; k < g.gl_pathc; k++) {
				bool dup = false;

				for (size_t j = 0; j < b.n; j++)
					dup |= !strcmp(b.v[j],
						       g.gl_pathv[k] + rootlen);
				if (!dup)
					add(&b, g.gl_pathv[k] + rootlen);
			}
			globfree(&g);
		}
		free(full);
	}
	if (b.failed || !b.n) {
		free_argv(b.v);
		return NULL;
	}
	qsort(b.v, b.n, sizeof(*b.v), cmp_str);
	return b.v;
}

static bool file_exists(const char *root, const char *name)
{
	struct stat st;
	char *full = join(root, name);
	bool yes = full && stat(full, &st) == 0 && S_ISREG(st.st_mode);

	free(full);
	return yes;
}

/* The scanners run without a configuration, in this order. */
static const char *const auto_tools[SG_N_KNOWN_TOOLS] = {
	"gitleaks", "trivy", "pip-audit", "codeql"};

/* How to get one: CodeQL's SARIF comes from its own Action here. */
static const char *auto_install(const char *name)
{
	if (!strcmp(name, "codeql"))
		return "run CodeQL (github/codeql-action, or the CodeQL CLI's "
		       "'database analyze --format=sarif-latest') and put its "
		       "SARIF under codeql/*.sarif";
	return install_hint(name);
}

/* Why this scanner does not apply to the repository, or NULL. */
static const char *not_applicable(const char *name, const char *root)
{
	if (!strcmp(name, "pip-audit")) {
		char **req = sg_requirement_files(root);
		bool have = req != NULL;

		free_argv(req);
		if (!have && !file_exists(root, "pyproject.toml"))
			return "not applicable: no requirements file or "
			       "pyproject.toml";
	}
	return NULL;
}

void sg_tools_auto_release(struct sg_tool_auto found[SG_N_KNOWN_TOOLS])
{
	for (size_t i = 0; i < SG_N_KNOWN_TOOLS; i++) {
		free(found[i].why);
		found[i].why = NULL;
	}
}

int sg_tools_plan_auto(struct sg_tool_run **out, size_t *n,
		       struct sg_tool_auto found[SG_N_KNOWN_TOOLS],
		       const char *repo_root, const char *tree_dir,
		       const char *tmpdir, const char *git_range)
{
	struct sg_tool_run *tools = calloc(SG_N_KNOWN_TOOLS, sizeof(*tools));
	size_t count = 0;
	int rc = 0;

	memset(found, 0, SG_N_KNOWN_TOOLS * sizeof(*found));
	if (!tools)
		return sg_error(SG_ENOMEM, "out of memory");
	for (size_t i = 0; i < SG_N_KNOWN_TOOLS && rc == 0; i++) {
		struct sg_tool_run *t = &tools[count];
		const char *name = auto_tools[i];
		const char *why = not_applicable(name, tree_dir ? tree_dir
								 : repo_root);

		found[i].name = name;
		found[i].install = auto_install(name);
		if (why) {
			found[i].why = strdup(why);
			continue;
		}
		rc = plan_one(t, name, NULL, repo_root, tree_dir, tmpdir,
			      git_range);
		if (rc < 0) {
			count++; /* release what it holds */
			break;
		}
		if (t->problem) {
			/* Missing program, or no CodeQL SARIF to read. */
			found[i].why = strdup(t->existing_only
						      ? "not applicable: no SARIF "
							"under codeql/*.sarif"
						      : "not installed (not "
							"found on PATH)");
			release_one(t);
			continue;
		}
		found[i].runs = true;
		count++;
	}
	if (rc == 0 && count == 0)
		rc = sg_error(SG_EINPUT, "no scanner can run here: gitleaks, "
				 "trivy, pip-audit and codeql are each missing "
				 "or do not apply (with no .secgate.yml secgate "
				 "runs those that are installed and apply)");
	if (rc < 0) {
		sg_tools_release(tools, count);
		return rc;
	}
	*out = tools;
	*n = count;
	return 0;
}

static char **probe_argv(const struct sg_tool_run *t, bool help)
{
	struct argv_builder b = {0};

	if (!t->program)
		return NULL;
	add(&b, t->program);
	if (help) {
		add(&b, "help");
	} else if (!strcmp(t->name, "gitleaks")) {
		add(&b, "version");
	} else if (!strcmp(t->name, "codeql")) {
		add(&b, "version");
		add(&b, "--format=terse");
	} else {
		add(&b, "--version");
	}
	if (b.failed) {
		free_argv(b.v);
		return NULL;
	}
	return b.v;
}

/*
 * Whether gitleaks' `help` lists `command` under "Available Commands:"
 * (cobra's layout: two spaces, the name, spaces, the summary).
 */
static bool help_lists(const char *help, const char *command)
{
	const char *p = strstr(help, "Available Commands:");
	size_t n = strlen(command);

	for (p = p ? strchr(p, '\n') : NULL; p && p[1] == ' ';
	     p = strchr(p + 1, '\n')) {
		const char *name = p + 1;

		while (*name == ' ')
			name++;
		if (strncmp(name, command, n) == 0 &&
		    (name[n] == ' ' || name[n] == '\n' || name[n] == '\0'))
			return true;
	}
	return false;
}

static void read_probe(const char *path, char *text, size_t size)
{
	FILE *f = fopen(path, "r");

	text[0] = '\0';
	if (f) {
		size_t got = fread(text, 1, size - 1, f);

		text[got] = '\0';
		fclose(f);
	}
}

/*
 * gitleaks' command line from what the binary offers: `dir`/`git` when its
 * help lists them, `detect` when it lists only that; without a usable help
 * text, from the version (8.19 added `dir`/`git`), else the modern form.
 */
static void choose_gitleaks_commands(struct sg_tool_run *t, const char *help)
{
	bool modern = true;
	struct argv_builder b = {0};

	if (help_lists(help, "dir") && help_lists(help, "git"))
		modern = true;
	else if (help_lists(help, "detect"))
		modern = false;
	else if (t->version)
		modern = version_cmp(t->version, "8.19") >= 0;
	t->legacy_commands = !modern;
	if (modern)
		return; /* planned that way */
	plan_gitleaks(t, &b, t->config, t->git_range, false);
	if (!b.failed) {
		free_argv(t->argv);
		t->argv = b.v;
	} else {
		free_argv(b.v);
	}
}

/* The file's SHA-256 as lowercase hex (new), or NULL. */
static char *file_sha256(const char *path)
{
	unsigned char md[EVP_MAX_MD_SIZE], buf[65536];
	unsigned int len = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	FILE *f = fopen(path, "rb");
	char *hex = NULL;
	size_t got;
	bool ok = ctx && f && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1;

	while (ok && (got = fread(buf, 1, sizeof(buf), f)) > 0)
		ok = EVP_DigestUpdate(ctx, buf, got) == 1;
	ok = ok && !ferror(f) && EVP_DigestFinal_ex(ctx, md, &len) == 1;
	if (ok && (hex = malloc(2 * len + 1)))
		for (unsigned int i = 0; i < len; i++)
			snprintf(hex + 2 * i, 3, "%02x", md[i]);
	if (f)
		fclose(f);
	EVP_MD_CTX_free(ctx);
	return hex;
}

/*
 * Which binary will run: its real path and digest, recorded next to its
 * version (a gate that runs third-party binaries says which ones).
 */
static void record_provenance(struct sg_tool_run *t)
{
	if (!t->program || t->executable)
		return;
	t->executable = realpath(t->program, NULL);
	if (t->executable)
		t->sha256 = file_sha256(t->executable);
}

void sg_tools_probe_versions(struct sg_tool_run *tools, size_t n,
			     const char *tmpdir)
{
	/* Up to two probes per tool: its version, and gitleaks' help. */
	size_t cap = 2 * n + 1;
	struct sg_proc_spec *specs = calloc(cap, sizeof(*specs));
	struct sg_proc_result *results = calloc(cap, sizeof(*results));
	char **outs = calloc(cap, sizeof(char *));
	char ***argvs = calloc(cap, sizeof(char **));
	size_t *index = calloc(cap, sizeof(size_t));
	bool *is_help = calloc(cap, sizeof(bool));
	size_t m = 0;

	if (!specs || !results || !outs || !argvs || !index || !is_help)
		goto done;
	for (size_t i = 0; i < n; i++)
		record_provenance(&tools[i]);
	for (size_t i = 0; i < n; i++) {
		/* Custom tools have no common way to say their version. */
		if (!is_known(tools[i].name) || !tools[i].program)
			continue;
		for (int help = 0; help < 2; help++) {
			char file[300];

			if (help && strcmp(tools[i].name, "gitleaks") != 0)
				break;
			argvs[m] = probe_argv(&tools[i], help);
			snprintf(file, sizeof(file), "%s.%s", tools[i].name,
				 help ? "help" : "version");
			outs[m] = join(tmpdir, file);
			if (!argvs[m] || !outs[m])
				continue;
			specs[m].name = tools[i].name;
			specs[m].argv = argvs[m];
			specs[m].timeout_seconds = PROBE_TIMEOUT;
			specs[m].stdout_path = outs[m];
			specs[m].stdout_max_bytes = 65536;
			is_help[m] = help;
			index[m++] = i;
		}
	}
	if (m && sg_run_all(specs, m, 0, results, NULL, NULL) == 0) {
		/* Versions first: the gitleaks fallback needs its version. */
		for (size_t k = 0; k < m; k++) {
			struct sg_tool_run *t = &tools[index[k]];
			char text[4096];

			if (is_help[k])
				continue;
			read_probe(outs[k], text, sizeof(text));
			/* Distribution builds: "version is set by build process". */
			if (results[k].exited && results[k].exit_code == 0 &&
			    !strstr(text, "set by build process"))
				t->version = parse_version(text);
		}
		for (size_t k = 0; k < m; k++) {
			char text[16384];

			if (!is_help[k])
				continue;
			read_probe(outs[k], text, sizeof(text));
			if (!results[k].exited || results[k].exit_code != 0)
				text[0] = '\0';
			choose_gitleaks_commands(&tools[index[k]], text);
		}
	}
	for (size_t k = 0; k < m; k++)
		sg_proc_result_release(&results[k]);
done:
	for (size_t k = 0; argvs && outs && k < cap; k++) {
		free_argv(argvs[k]);
		if (outs[k]) {
			remove(outs[k]);
			free(outs[k]);
		}
	}
	free(specs);
	free(results);
	free(outs);
	free(argvs);
	free(index);
	free(is_help);
}

static void release_one(struct sg_tool_run *t)
{
	free(t->name);
	free(t->git_range);
	free(t->program);
	free_argv(t->argv);
	free(t->report);
	free(t->version);
	free_argv(t->existing);
	free(t->problem);
	free(t->cwd);
	free(t->executable);
	free(t->sha256);
	memset(t, 0, sizeof(*t));
}

void sg_tools_release(struct sg_tool_run *tools, size_t n)
{
	for (size_t i = 0; tools && i < n; i++)
		release_one(&tools[i]);
	free(tools);
}
