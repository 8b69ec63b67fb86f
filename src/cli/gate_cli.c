/*
 * The options every gating command shares (ingest, run), and the end of
 * such a command: reports, GitHub outputs, the summary, the exit code.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "gate_cli.h"
#include "registry.h"
#include "secgate/error.h"

#define MAX_LISTED 50

enum {
	OPT_TOOL = 256, OPT_FAIL_ON, OPT_JSON, OPT_JUNIT, OPT_SARIF,
	OPT_MARKDOWN, OPT_COLOR, OPT_CONFIG, OPT_PROFILE, OPT_BASELINE,
	OPT_NEW_ONLY, OPT_ALL, OPT_STRICT, OPT_DIFF_BASE, OPT_EXPLAIN,
	OPT_GITHUB, OPT_TOOLS, OPT_JOBS, OPT_PRE_PUSH, OPT_EVIDENCE,
};

int sg_gate_cli_parse(const struct sg_command *cmd, int argc, char **argv,
		      struct sg_gate_cli *o, bool run_mode)
{
	static const struct option longopts[] = {
		{"tool", required_argument, NULL, OPT_TOOL},
		{"fail-on", required_argument, NULL, OPT_FAIL_ON},
		{"json", required_argument, NULL, OPT_JSON},
		{"junit", required_argument, NULL, OPT_JUNIT},
		{"sarif", required_argument, NULL, OPT_SARIF},
		{"markdown", required_argument, NULL, OPT_MARKDOWN},
		{"color", required_argument, NULL, OPT_COLOR},
		{"config", required_argument, NULL, OPT_CONFIG},
		{"profile", required_argument, NULL, OPT_PROFILE},
		{"baseline", required_argument, NULL, OPT_BASELINE},
		{"new-only", no_argument, NULL, OPT_NEW_ONLY},
		{"all", no_argument, NULL, OPT_ALL},
		{"strict", no_argument, NULL, OPT_STRICT},
		{"diff-base", required_argument, NULL, OPT_DIFF_BASE},
		{"explain", no_argument, NULL, OPT_EXPLAIN},
		{"github", no_argument, NULL, OPT_GITHUB},
		{"tools", required_argument, NULL, OPT_TOOLS},
		{"jobs", required_argument, NULL, OPT_JOBS},
		{"pre-push", no_argument, NULL, OPT_PRE_PUSH},
		{"evidence", required_argument, NULL, OPT_EVIDENCE},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *gha = getenv("GITHUB_ACTIONS");
	int c;

	memset(o, 0, sizeof(*o));
	o->color = "auto";
	o->pipeline.new_only = -1;
	o->outputs.github = gha && strcmp(gha, "true") == 0;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_TOOL:
			if (!sg_tool_name_valid(optarg))
				return sg_usage_error(cmd,
						      "--tool must be one of %s",
						      sg_tool_names());
			o->pipeline.tool = optarg;
			break;
		case OPT_FAIL_ON:
			o->pipeline.fail_on = optarg;
			break;
		case OPT_JSON:
			o->outputs.json = optarg;
			break;
		case OPT_JUNIT:
			o->outputs.junit = optarg;
			break;
		case OPT_SARIF:
			o->outputs.sarif = optarg;
			break;
		case OPT_MARKDOWN:
			o->outputs.markdown = optarg;
			break;
		case OPT_COLOR:
			if (sg_color_enabled(optarg, stdout) < 0)
				return sg_usage_error(cmd,
						      "--color must be auto, "
						      "always or never");
			o->color = optarg;
			break;
		case OPT_CONFIG:
			o->pipeline.config_path = optarg;
			break;
		case OPT_PROFILE:
			o->pipeline.profile = optarg;
			break;
		case OPT_BASELINE:
			o->pipeline.baseline = optarg;
			break;
		case OPT_NEW_ONLY:
			o->pipeline.new_only = 1;
			break;
		case OPT_ALL:
			o->pipeline.new_only = 0;
			break;
		case OPT_STRICT:
			o->pipeline.strict = true;
			break;
		case OPT_DIFF_BASE:
			o->pipeline.diff_base = optarg;
			break;
		case OPT_EXPLAIN:
			o->explain = true;
			break;
		case OPT_GITHUB:
			o->outputs.github = true;
			break;
		case OPT_EVIDENCE:
			if (!optarg[0])
				return sg_usage_error(cmd, "--evidence needs a "
							   "directory");
			o->evidence = optarg;
			break;
		case OPT_TOOLS:
		case OPT_JOBS:
		case OPT_PRE_PUSH:
			if (!run_mode)
				return sg_usage_error(cmd, "--tools, --jobs and "
							   "--pre-push are "
							   "options of 'run'");
			if (c == OPT_TOOLS) {
				o->tools = optarg;
			} else if (c == OPT_PRE_PUSH) {
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
		case 'h':
			sg_print_command_help(stdout, cmd);
			return -1;
		default:
			return sg_usage_error(cmd,
					      "unknown or incomplete option");
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
	o->pipeline.reports = argv + optind;
	o->pipeline.n_reports = (size_t)(argc - optind);
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

int sg_gate_cli_finish(struct sg_gate_cli *o, struct sg_pipeline *p)
{
	int code;

	sg_pipeline_warn(p);
	o->outputs.repo_root = p->repo_root;
	code = exit_code(p->result.verdict);
	if (sg_outputs_write(&o->outputs, &p->result) > 0)
		code = SG_EXIT_ERROR;
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
		if (sg_evidence_write(o->evidence, p, tools, n, &o->outputs) > 0)
			code = SG_EXIT_ERROR;
		else
			fprintf(stderr, "secgate: release record written to %s\n",
				o->evidence);
		free(own);
	}

	FILE *text_out = sg_outputs_use_stdout(&o->outputs) ? stderr : stdout;
	struct sg_text_options text = {
		.color = sg_color_enabled(o->color, text_out) == 1,
		.max_listed = o->explain ? (size_t)-1 : MAX_LISTED,
		.explain = o->explain,
	};
	sg_report_text_write(text_out, &p->result, &text);
	if (fflush(text_out) != 0 && code == SG_EXIT_PASS)
		code = SG_EXIT_ERROR;
	return code;
}
