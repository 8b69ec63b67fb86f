/*
 * The options every gating command shares (ingest, run), and the end of
 * such a command: reports, GitHub outputs, the summary, the exit code.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "gate_cli.h"
#include "options.h"
#include "osv.h"
#include "registry.h"
#include "sanitize.h"
#include "secgate/error.h"

#define MAX_LISTED 50

/* Where a path would land: its directory's real path and its name. */
static char *landing(const char *path)
{
	char *copy = strdup(path), *slash, *dir, *out = NULL;
	const char *name;

	if (!copy)
		return NULL;
	slash = strrchr(copy, '/');
	if (slash) {
		*slash = '\0';
		name = slash + 1;
		dir = realpath(slash == copy ? "/" : copy, NULL);
	} else {
		name = copy;
		dir = realpath(".", NULL);
	}
	if (dir) {
		size_t n = strlen(dir) + strlen(name) + 2;

		out = malloc(n);
		if (out)
			snprintf(out, n, "%s/%s", dir, name);
	}
	free(dir);
	free(copy);
	return out;
}

/* Would a and b be the same file (same inode, or the same place)? */
static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	bool same;

	if (!strcmp(a, "-") || !strcmp(b, "-"))
		return false;
	if (!strcmp(a, b))
		return true;
	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	char *la = landing(a), *lb = landing(b);
	same = la && lb && !strcmp(la, lb);
	free(la);
	free(lb);
	return same;
}

enum { OPT_CANARY = SG_OPT_FIRST_PRIVATE }; /* run --canary */
int sg_gate_cli_gate(struct sg_gate_cli *o, struct sg_pipeline *p)
{
	struct sg_osv_client *client = NULL;
	int rc;

	if (p->config.osv.enabled) {
		rc = sg_osv_client_new(&client, &p->config.osv, o->offline);
		if (rc < 0)
			return rc;
		o->pipeline.osv_source = sg_osv_client_source(client);
	}
	rc = sg_pipeline_gate(p, &o->pipeline);
	o->pipeline.osv_source = NULL;
	sg_osv_client_free(client);
	return rc;
}

int sg_gate_cli_parse(const struct sg_command *cmd, int argc, char **argv,
		      struct sg_gate_cli *o, bool run_mode)
{
	static const struct option longopts[] = {
		{"tool", required_argument, NULL, SG_OPT_TOOL},
		SG_OPTIONS_CONFIG,
		{"json", required_argument, NULL, SG_OPT_JSON},
		{"junit", required_argument, NULL, SG_OPT_JUNIT},
		{"sarif", required_argument, NULL, SG_OPT_SARIF},
		{"markdown", required_argument, NULL, SG_OPT_MARKDOWN},
		{"color", required_argument, NULL, SG_OPT_COLOR},
		{"diff-base", required_argument, NULL, SG_OPT_DIFF_BASE},
		{"explain", no_argument, NULL, SG_OPT_EXPLAIN},
		{"github", no_argument, NULL, SG_OPT_GITHUB},
		{"evidence", required_argument, NULL, SG_OPT_EVIDENCE},
		{"offline", no_argument, NULL, SG_OPT_OFFLINE},
		{"tools", required_argument, NULL, SG_OPT_TOOLS},
		{"jobs", required_argument, NULL, SG_OPT_JOBS},
		{"pre-push", no_argument, NULL, SG_OPT_PRE_PUSH},
		{"canary", no_argument, NULL, OPT_CANARY},
		SG_OPTION_HELP,
		SG_OPTIONS_END,
	};
	const char *gha = getenv("GITHUB_ACTIONS");
	int c;

	memset(o, 0, sizeof(*o));
	o->color = "auto";
	o->pipeline.new_only = -1;
	o->outputs.github = gha && strcmp(gha, "true") == 0;
	const char *offline = getenv("SECGATE_OFFLINE");
	o->offline = offline && (!strcmp(offline, "1") ||
				 !strcmp(offline, "true"));
	sg_getopt_reset();
	while ((c = sg_getopt(cmd, argc, argv, longopts)) != -1) {
		if (sg_config_option(c, optarg, &o->pipeline))
			continue;
		switch (c) {
		case SG_OPT_TOOL:
			if (!sg_tool_name_valid(optarg))
				return sg_usage_error(cmd,
						      "--tool must be one of %s",
						      sg_tool_names());
			o->pipeline.tool = optarg;
			break;
		case SG_OPT_JSON:
			o->outputs.json = optarg;
			break;
		case SG_OPT_JUNIT:
			o->outputs.junit = optarg;
			break;
		case SG_OPT_SARIF:
			o->outputs.sarif = optarg;
			break;
		case SG_OPT_MARKDOWN:
			o->outputs.markdown = optarg;
			break;
		case SG_OPT_COLOR:
			if (sg_color_enabled(optarg, stdout) < 0)
				return sg_usage_error(cmd,
						      "--color must be auto, "
						      "always or never");
			o->color = optarg;
			break;
		case SG_OPT_DIFF_BASE:
			o->pipeline.diff_base = optarg;
			break;
		case SG_OPT_EXPLAIN:
			o->explain = true;
			break;
		case SG_OPT_OFFLINE:
			o->offline = true;
			break;
		case SG_OPT_GITHUB:
			o->outputs.github = true;
			break;
		case SG_OPT_EVIDENCE:
			if (!optarg[0])
				return sg_usage_error(cmd, "--evidence needs a "
							   "directory");
			o->evidence = optarg;
			break;
		case OPT_CANARY:
			if (!run_mode)
				return sg_usage_error(cmd, "--canary is an "
							   "option of 'run'");
			o->canary = true;
			break;
		case SG_OPT_TOOLS:
		case SG_OPT_JOBS:
		case SG_OPT_PRE_PUSH:
			if (!run_mode)
				return sg_usage_error(cmd, "--tools, --jobs and "
							   "--pre-push are "
							   "options of 'run'");
			if (c == SG_OPT_TOOLS) {
				o->tools = optarg;
			} else if (c == SG_OPT_PRE_PUSH) {
				o->pre_push = true;
			} else {
				char *end;
				long jobs = strtol(optarg, &end, 10);
				if (*end || jobs < 1 || jobs > 256)
					return sg_usage_error(cmd, "--jobs must be "
								   "1 to 256");
				o->jobs = (unsigned)jobs;
			}
			break;
		case SG_OPT_HELP:
			return -1;
		default:
			return SG_EXIT_USAGE;
		}
	}
	if (run_mode && optind < argc)
		return sg_usage_error(cmd, "'run' takes no report files (it "
					   "runs the tools; see 'ingest')");
	if (!run_mode && optind >= argc)
		return sg_usage_error(cmd, "no report given");
	int stdin_uses = 0;
	for (int i = optind; i < argc; i++)
		stdin_uses += strcmp(argv[i], "-") == 0;
	if (stdin_uses > 1)
		return sg_usage_error(cmd,
				      "'-' (standard input) can be read once");
	if (sg_outputs_conflict(&o->outputs))
		return sg_usage_error(cmd,
				      "only one report can go to standard "
				      "output ('-')");
	const char *files[] = {o->outputs.json, o->outputs.junit,
			       o->outputs.sarif, o->outputs.markdown};
	for (size_t i = 0; i < 4; i++)
		if (files[i] && !files[i][0])
			return sg_usage_error(cmd,
					      "a report option needs a file name");
	const char *names[] = {"--json", "--junit", "--sarif", "--markdown"};
	for (size_t i = 0; i < 4; i++) {
		if (!files[i] || !strcmp(files[i], "-"))
			continue;
		for (size_t j = i + 1; j < 4; j++)
			if (files[j] && same_file(files[i], files[j]))
				return sg_usage_error(cmd, "%s and %s name the "
							   "same file",
						      names[i], names[j]);
		for (int k = optind; k < argc; k++)
			if (same_file(files[i], argv[k]))
				return sg_usage_error(cmd, "%s names an input "
							   "report: it would be "
							   "overwritten",
						      names[i]);
	}
	o->pipeline.reports = argv + optind;
	o->pipeline.n_reports = (size_t)(argc - optind);
	o->pipeline.keep_sarif_extras = o->outputs.sarif || o->outputs.junit ||
					o->outputs.markdown ||
					o->outputs.github || o->evidence;
	return 0;
}


static int exit_code(enum sg_verdict verdict)
{
	switch (verdict) {
	case SG_VERDICT_PASS:
		return SG_EXIT_PASS;
	case SG_VERDICT_FAIL:
		return SG_EXIT_FAIL;
	default:
		return SG_EXIT_ERROR;
	}
}

/* Every report file and the release record; returns the failures. */
static int write_files(struct sg_gate_cli *o, struct sg_pipeline *p)
{
	int failures = sg_outputs_write_files(&o->outputs, &p->result);

	if (o->evidence) {
		/* ingest: one "tool" per report, as it was read. */
		struct sg_evidence_tool *tools = o->run_tools;
		size_t n = o->n_run_tools;
		struct sg_evidence_tool *own = NULL;

		if (!tools && p->n_inputs) {
			own = calloc(p->n_inputs, sizeof(*own));
			for (size_t i = 0; own && i < p->n_inputs; i++) {
				own[i].name = p->inputs[i].meta.tool
						      ? p->inputs[i].meta.tool
						      : p->inputs[i].path;
				own[i].version = p->inputs[i].meta.tool_version;
				own[i].status = p->inputs[i].status < 0
							? p->inputs[i].error
							: "report read";
				own[i].required = true;
				own[i].ok = p->inputs[i].status == 0;
			}
			tools = own;
			n = own ? p->n_inputs : 0;
		}
		failures += sg_evidence_write(o->evidence, p, tools, n,
					      &o->outputs);
		free(own);
	}
	return failures;
}

/*
 * Every output states the final verdict: when a report cannot be written
 * the verdict becomes error, and the reports already written are written
 * again to say so (once: the second pass changes no verdict). The GitHub
 * outputs, which are appended and cannot be taken back, come after the
 * files, and the summary's last line comes last.
 */
static void write_outputs(struct sg_gate_cli *o, struct sg_pipeline *p)
{
	struct sg_run_result *r = &p->result;
	int failures;

	/* A report on stdout cannot be taken back: it is written last. */
	o->outputs.files_only = true;
	failures = write_files(o, p);

	if (failures) {
		r->failed_outputs += (size_t)failures;
		if (r->verdict != SG_VERDICT_ERROR) {
			r->verdict = SG_VERDICT_ERROR;
			o->outputs.quiet = true;
			write_files(o, p);
		}
	}
	if (o->outputs.github) {
		enum sg_verdict before = r->verdict;

		if (sg_outputs_write_github(&o->outputs, r) > 0 &&
		    before != SG_VERDICT_ERROR) {
			o->outputs.quiet = true;
			write_files(o, p);
		}
	}
	o->outputs.files_only = false;
	o->outputs.stdout_only = true;
	o->outputs.quiet = false;
	if (sg_outputs_write_files(&o->outputs, r) > 0) {
		r->failed_outputs++;
		r->verdict = SG_VERDICT_ERROR;
	}
	o->outputs.stdout_only = false;
	if (o->evidence && !r->failed_outputs) {
		fputs("secgate: release record written to ", stderr);
		sg_fputs_terminal(stderr, o->evidence);
		fputc('\n', stderr);
	}
}

int sg_gate_cli_finish(struct sg_gate_cli *o, struct sg_pipeline *p)
{
	int code;

	sg_pipeline_warn(p);
	o->outputs.repo_root = p->repo_root;
	write_outputs(o, p);
	code = exit_code(p->result.verdict);

	FILE *text_out = sg_outputs_use_stdout(&o->outputs) ? stderr : stdout;
	struct sg_text_options text = {
		.color = sg_color_enabled(o->color, text_out) == 1,
		.max_listed = o->explain ? (size_t)-1 : MAX_LISTED,
		.explain = o->explain,
		.terminal = isatty(fileno(text_out)) == 1,
	};
	sg_report_text_write(text_out, &p->result, &text);
	if (fflush(text_out) != 0 && code == SG_EXIT_PASS)
		code = SG_EXIT_ERROR;
	return code;
}
