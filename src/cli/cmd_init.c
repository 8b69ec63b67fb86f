/*
 * `secgate init`: a commented .secgate.yml fitted to the repository (the
 * scanners that apply, a release profile, fail_on, the baseline), checked
 * by the configuration loader before it is written, never over an
 * existing file without --force; optionally the baseline, the pre-push
 * hook and a GitHub workflow that uses secgate's action.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "cli.h"
#include "config.h"
#include "options.h"
#include "gitinfo.h"
#include "runner.h"
#include "sanitize.h"
#include "secgate/error.h"
#include "tools.h"

/* The action the workflow uses; --action names another (pin a commit). */
#define DEFAULT_ACTION "example-org/secgate@v1"
/* How deep and how wide the look for Dockerfiles and IaC goes. */
#define SCAN_DEPTH 6
#define SCAN_ENTRIES 20000

enum {
	OPT_BASELINE = SG_OPT_FIRST_PRIVATE,
	OPT_HOOK,
	OPT_ACTION,
};

struct repo_facts {
	char **requirements; /* requirement files (relative), or NULL */
	bool pyproject;
	bool iac; /* a Dockerfile, Compose, Terraform, Helm, ... */
	char iac_example[512];
	bool codeql_sarif; /* codeql/ holds SARIF files */
};

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* What Trivy's `config` scanner reads (its documented file types). */
static bool is_iac(const char *name)
{
	return !strncmp(name, "Dockerfile", 10) ||
	       !strcmp(name, "Containerfile") ||
	       has_suffix(name, ".dockerfile") || has_suffix(name, ".tf") ||
	       has_suffix(name, ".tf.json") || !strcmp(name, "Chart.yaml") ||
	       !strncmp(name, "docker-compose", 14) ||
	       !strcmp(name, "compose.yaml") || !strcmp(name, "compose.yml") ||
	       !strcmp(name, "kustomization.yaml");
}

static void find_iac(struct repo_facts *f, const char *dir, const char *rel,
		     int depth, size_t *seen)
{
	DIR *d;
	struct dirent *e;

	if (f->iac || depth > SCAN_DEPTH || !(d = opendir(dir)))
		return;
	while (!f->iac && (e = readdir(d)) && ++*seen < SCAN_ENTRIES) {
		char path[4096], sub[512];
		struct stat st;

		if (e->d_name[0] == '.' || !strcmp(e->d_name, "node_modules"))
			continue; /* .git, hidden folders, vendored code */
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "",
			 e->d_name);
		if (lstat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			find_iac(f, path, sub, depth + 1, seen);
		} else if (S_ISREG(st.st_mode) && is_iac(e->d_name)) {
			f->iac = true;
			snprintf(f->iac_example, sizeof(f->iac_example), "%s",
				 sub);
		}
	}
	closedir(d);
}

static bool exists_in(const char *root, const char *name)
{
	char path[4096];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", root, name);
	return stat(path, &st) == 0;
}

static void look_at_repo(struct repo_facts *f, const char *root)
{
	size_t seen = 0;
	DIR *d;
	struct dirent *e;
	char codeql[4096];

	memset(f, 0, sizeof(*f));
	f->requirements = sg_requirement_files(root);
	f->pyproject = exists_in(root, "pyproject.toml");
	find_iac(f, root, "", 0, &seen);
	snprintf(codeql, sizeof(codeql), "%s/codeql", root);
	if ((d = opendir(codeql))) {
		while ((e = readdir(d)))
			f->codeql_sarif |= has_suffix(e->d_name, ".sarif");
		closedir(d);
	}
}

static void facts_release(struct repo_facts *f)
{
	for (size_t i = 0; f->requirements && f->requirements[i]; i++)
		free(f->requirements[i]);
	free(f->requirements);
}

/* A YAML double-quoted scalar (file names may hold anything). */
static void yaml_quoted(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static bool installed(const char *name)
{
	char *path = NULL;
	bool yes = sg_find_program(name, &path) == 0 && path;

	free(path);
	return yes;
}

static void tool_note(FILE *out, const char *name)
{
	if (!installed(name))
		fprintf(out,
			"    # (%s is not on PATH here: install it, or "
			"add 'required: false')\n",
			name);
}

static void write_config(FILE *out, const struct repo_facts *f, bool baseline)
{
	bool pip = f->requirements || f->pyproject;

	fputs("# secgate configuration, written by 'secgate init' for this\n"
	      "# repository. Every key: docs/configuration.md in secgate's\n"
	      "# sources. Check it with 'secgate config validate'; see the\n"
	      "# effective values with 'secgate config show'.\n\n"
	      "# Findings at or above this severity fail the gate: critical,\n"
	      "# high, medium, low, info (none: report, never block).\n"
	      "fail_on: high\n\n"
	      "# Known findings accepted as debt, committed with the code\n"
	      "# ('secgate baseline create|update|prune REPORT...').\n"
	      "baseline: .secgate-baseline.json\n",
	      out);
	if (baseline)
		fputs(
		    "# Only findings that are not in the baseline block: the\n"
		    "# code as it was at 'secgate init --baseline' passes.\n"
		    "new_only: true\n\n",
		    out);
	else
		fputs("# true: only findings missing from the baseline block.\n"
		      "new_only: false\n\n",
		      out);
	fputs(
	    "# Which paths count (globs like .gitignore's). Excluded "
	    "findings are\n# reported, never blocking.\n"
	    "# paths:\n"
	    "#   include: [\"src/**\"]\n"
	    "#   exclude: [\"tests/**\", \"**/testdata/**\"]\n\n"
	    "profiles:\n"
	    "  # The gate that signs off a release ('secgate run --profile\n"
	    "  # release'): built in as fail_on: low, strict: true, new_only:\n"
	    "  # false and every tool required; adjust it here.\n"
	    "  release:\n"
	    "    fail_on: low\n"
	    "    expiry_warning_days: 30\n\n"
	    "# The scanners 'secgate run' starts (each required: a missing or\n"
	    "# failing scanner fails the run, exit 3).\n"
	    "tools:\n"
	    "  # Secrets in the working tree (mode: git scans the history).\n"
	    "  gitleaks:\n"
	    "    mode: dir\n",
	    out);
	tool_note(out, "gitleaks");
	fputs(
	    "  # Vulnerable dependencies and secrets in the files (trivy fs).\n"
	    "  trivy:\n"
	    "    mode: fs\n"
	    "    scanners: [vuln, secret]\n",
	    out);
	tool_note(out, "trivy");
	if (pip) {
		fputs("  # Python dependencies against the Python advisory "
		      "databases.\n  pip-audit:\n",
		      out);
		if (f->requirements) {
			fputs("    requirements: [", out);
			for (size_t i = 0; f->requirements[i]; i++) {
				if (i)
					fputs(", ", out);
				yaml_quoted(out, f->requirements[i]);
			}
			fputs("]\n", out);
		} else {
			fputs("    # (no requirements file: the project in "
			      "pyproject.toml)\n",
			      out);
		}
		tool_note(out, "pip-audit");
	} else {
		fputs("  # Python dependencies (no requirements file or "
		      "pyproject.toml here):\n"
		      "  # pip-audit:\n"
		      "  #   requirements: [requirements.txt]\n",
		      out);
	}
	if (f->codeql_sarif)
		fputs("  # CodeQL's SARIF, as github/codeql-action leaves it.\n"
		      "  codeql:\n"
		      "    mode: sarif\n"
		      "    sarif: \"codeql/*.sarif\"\n",
		      out);
	else
		fputs("  # CodeQL results (SARIF) once your workflow writes "
		      "them:\n"
		      "  # codeql:\n"
		      "  #   mode: sarif\n"
		      "  #   sarif: \"codeql/*.sarif\"\n",
		      out);
	if (f->iac) {
		fputs("  custom:\n"
		      "    # Dockerfiles and infrastructure as code (found: ",
		      out);
		yaml_quoted(out, f->iac_example);
		fputs(").\n"
		      "    - name: trivy-config\n"
		      "      command: [trivy, config, --format, json, "
		      "--exit-code, \"0\", --quiet, .]\n"
		      "      format: trivy\n"
		      "      output: stdout\n",
		      out);
	} else {
		fputs("  # custom:\n", out);
	}
	fputs("    # The container image, once built (name it):\n"
	      "    # - name: trivy-image\n"
	      "    #   command: [trivy, image, --format, json, --exit-code, "
	      "\"0\", --quiet, \"registry.example/app:latest\"]\n"
	      "    #   format: trivy\n"
	      "    #   output: stdout\n",
	      out);
}

static void write_workflow(FILE *out, const struct repo_facts *f,
			   const char *action)
{
	fprintf(
	    out,
	    "# The security gate on every push and pull request, written "
	    "by\n# 'secgate init --github'. Pin the action to a release "
	    "commit you\n# trust (uses: OWNER/secgate@<commit sha>).\n"
	    "name: secgate\n"
	    "on:\n"
	    "  push:\n"
	    "  pull_request:\n"
	    "permissions: {}\n"
	    "jobs:\n"
	    "  secgate:\n"
	    "    runs-on: ubuntu-24.04\n"
	    "    permissions:\n"
	    "      contents: read          # check out the code\n"
	    "      security-events: write  # upload-sarif: code scanning "
	    "alerts\n"
	    "    steps:\n"
	    "      - uses: actions/checkout@v4\n"
	    "        with:\n"
	    "          fetch-depth: 0      # history: the diff base of pull "
	    "requests\n"
	    "          persist-credentials: false\n"
	    "      # The scanners that .secgate.yml runs.\n"
	    "      - run: sudo apt-get update -q && sudo apt-get install -y "
	    "-q gitleaks\n"
	    "      - uses: aquasecurity/setup-trivy@v0.2.2\n");
	if (f->requirements || f->pyproject)
		fputs("      - run: pipx install pip-audit\n", out);
	fprintf(out,
		"      - name: secgate\n"
		"        uses: %s\n"
		"        with:\n"
		"          mode: run\n"
		"          sarif-file: secgate.sarif\n"
		"          upload-sarif: true\n",
		action);
}

/* Write text made by fn to path atomically; 0 or an sg error. */
static int write_file(const char *path, bool make_dir,
		      void (*fn)(FILE *, const struct repo_facts *,
				 const void *),
		      const struct repo_facts *f, const void *arg)
{
	struct sg_atomic_file af;
	int rc;

	if (make_dir) {
		char dir[4096];

		snprintf(dir, sizeof(dir), "%s", path);
		for (char *p = strchr(dir + 1, '/'); p;
		     p = strchr(p + 1, '/')) {
			*p = '\0';
			if (mkdir(dir, 0755) != 0 && errno != EEXIST)
				return sg_error(SG_EIO, "%s: cannot create: %s",
						dir, strerror(errno));
			*p = '/';
		}
	}
	if ((rc = sg_atomic_open(&af, path)) < 0)
		return rc;
	fn(af.stream, f, arg);
	return sg_atomic_commit(&af);
}

static void config_text(FILE *out, const struct repo_facts *f,
			const void *baseline)
{
	write_config(out, f, *(const bool *)baseline);
}

static void workflow_text(FILE *out, const struct repo_facts *f,
			  const void *action)
{
	write_workflow(out, f, action);
}

/* Load the written text as `secgate config validate` would. */
static int validate(const char *path)
{
	static const char *const profiles[] = {NULL, "release"};
	int rc = 0;

	for (size_t i = 0; i < 2 && rc == 0; i++) {
		struct sg_config config;

		sg_config_init(&config);
		rc = sg_config_load(&config, path, profiles[i]);
		sg_config_release(&config);
	}
	return rc;
}

static int run_init(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"force", no_argument, NULL, SG_OPT_FORCE},
	    {"baseline", no_argument, NULL, OPT_BASELINE},
	    {"hook", no_argument, NULL, OPT_HOOK},
	    {"github", no_argument, NULL, SG_OPT_GITHUB},
	    {"action", required_argument, NULL, OPT_ACTION},
	    SG_OPTION_HELP,
	    SG_OPTIONS_END,
	};
	bool force = false, baseline = false, hook = false, github = false;
	const char *action = DEFAULT_ACTION;
	struct repo_facts facts;
	char *root = NULL, *tmpdir = NULL;
	char path[4096], trial[4200], workflow[4200];
	int c, rc, code = SG_EXIT_PASS;

	sg_getopt_reset();
	while ((c = sg_getopt(&sg_cmd_init, argc, argv, longopts)) != -1) {
		switch (c) {
		case SG_OPT_FORCE:
			force = true;
			break;
		case OPT_BASELINE:
			baseline = true;
			break;
		case OPT_HOOK:
			hook = true;
			break;
		case SG_OPT_GITHUB:
			github = true;
			break;
		case OPT_ACTION:
			if (!strchr(optarg, '/') || !strchr(optarg, '@') ||
			    strpbrk(optarg, " \t\r\n\"'#:"))
				return sg_usage_error(&sg_cmd_init,
						      "--action must look like "
						      "OWNER/REPO@REF");
			action = optarg;
			break;
		case SG_OPT_HELP:
			return SG_EXIT_PASS;
		default:
			return SG_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return sg_usage_error(&sg_cmd_init, "unexpected argument");
	if ((rc = sg_git_repo_root(&root)) < 0) {
		sg_print_error(sg_error_message());
		return rc == SG_EUSAGE ? SG_EXIT_USAGE : SG_EXIT_ERROR;
	}
	snprintf(path, sizeof(path), "%s/.secgate.yml", root);
	snprintf(trial, sizeof(trial), "%s/.secgate.yaml", root);
	snprintf(workflow, sizeof(workflow), "%s/.github/workflows/secgate.yml",
		 root);
	if (!force &&
	    (exists_in(root, ".secgate.yml") ||
	     exists_in(root, ".secgate.yaml") ||
	     (github && exists_in(root, ".github/workflows/secgate.yml")))) {
		char msg[4400];

		snprintf(msg, sizeof(msg),
			 "%s exists: not replaced (use "
			 "--force to replace it)",
			 exists_in(root, ".secgate.yml")    ? path
			 : exists_in(root, ".secgate.yaml") ? trial
							    : workflow);
		sg_print_error(msg);
		free(root);
		return SG_EXIT_USAGE;
	}
	if (force && exists_in(root, ".secgate.yaml"))
		unlink(trial); /* both names in one folder is an error */
	look_at_repo(&facts, root);

	/* Written and validated in private first: never a broken file. */
	rc = sg_tmpdir_create(&tmpdir);
	if (rc == 0) {
		snprintf(trial, sizeof(trial), "%s/secgate.yml", tmpdir);
		rc = write_file(trial, false, config_text, &facts, &baseline);
	}
	if (rc == 0 && validate(trial) < 0) {
		char msg[1024];

		snprintf(msg, sizeof(msg),
			 "the configuration secgate wrote "
			 "does not validate (a bug): %s",
			 sg_error_message());
		rc = sg_error(SG_EINPUT, "%s", msg);
	}
	if (rc == 0)
		rc = write_file(path, false, config_text, &facts, &baseline);
	if (rc < 0) {
		sg_print_error(sg_error_message());
		code = SG_EXIT_ERROR;
		goto done;
	}
	printf("secgate: wrote %s (gitleaks, trivy fs%s%s%s)\n", path,
	       facts.requirements || facts.pyproject ? ", pip-audit" : "",
	       facts.codeql_sarif ? ", codeql" : "",
	       facts.iac ? ", trivy config" : "");
	if (github) {
		rc = write_file(workflow, true, workflow_text, &facts, action);
		if (rc < 0) {
			sg_print_error(sg_error_message());
			code = SG_EXIT_ERROR;
			goto done;
		}
		printf("secgate: wrote %s (uses %s: pin it to a release "
		       "commit)\n",
		       workflow, action);
	}
	if (hook && (code = sg_cmd_hook.run(
			 2, (char *[]){(char *)"hook", (char *)"install",
				       NULL})) != SG_EXIT_PASS)
		goto done;
	if (baseline) {
		/* The config just written is the one found from the root. */
		if (chdir(root) != 0) {
			sg_print_error(strerror(errno));
			code = SG_EXIT_ERROR;
			goto done;
		}
		code = sg_run_write_baseline();
		if (code != SG_EXIT_PASS)
			goto done;
	}
	printf("secgate: next: 'secgate run' to gate, 'secgate hook install' "
	       "to gate every push\n");
done:
	if (tmpdir) {
		sg_tmpdir_remove(tmpdir);
		free(tmpdir);
	}
	facts_release(&facts);
	free(root);
	return code;
}

const struct sg_command sg_cmd_init = {
    .name = "init",
    .summary = "write a .secgate.yml fitted to this repository",
    .usage = "secgate init [--force] [--baseline] [--hook] [--github "
	     "[--action OWNER/REPO@REF]]",
    .help = "Writes a commented .secgate.yml at the repository root: the\n"
	    "scanners that apply here (gitleaks; Trivy fs; pip-audit with the\n"
	    "requirement files found, or pyproject.toml; Trivy config when a\n"
	    "Dockerfile, Compose, Terraform or Helm file is present; CodeQL\n"
	    "SARIF under codeql/), a release profile, fail_on and the\n"
	    "baseline's place. It is validated before it is written.\n\n"
	    "Options:\n"
	    "  --force       replace an existing .secgate.yml (and workflow)\n"
	    "  --baseline    run the scanners once and write the baseline of\n"
	    "                every current finding, with new_only: true, so\n"
	    "                the code as it is passes and new findings block\n"
	    "  --hook        install the pre-push hook (secgate hook install)\n"
	    "  --github      write .github/workflows/secgate.yml using\n"
	    "                secgate's action (contents: read,\n"
	    "                security-events: write for the SARIF upload)\n"
	    "  --action REF  the action to use (default " DEFAULT_ACTION ")\n\n"
	    "Exit codes: 0 written; 2 a file exists (without --force) or bad\n"
	    "usage; 3 a file could not be written, or --baseline's run\n"
	    "failed (the configuration is written; the baseline is not).\n",
    .run = run_init,
};
