/*
 * `secgate baseline create|update|prune`: maintain the baseline file from
 * the findings of REPORTs. Nothing is written when an input failed: a
 * missing report must never look like "everything was fixed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "options.h"
#include "pipeline.h"
#include "registry.h"
#include "sanitize.h"
#include "secgate/error.h"

#define MAX_CHECKS 8

/* The reports and the built-in checks named by --checks, as inputs. */
struct inputs {
	struct sg_pipeline_input items[MAX_CHECKS];
	struct sg_check_ctx checks[MAX_CHECKS];
	struct sg_pipeline_input *all; /* reports, then checks (new) */
	size_t n;
};

/*
 * --checks env,headers: the built-in checks have no report to read, so
 * they run in-process like under 'secgate run' (after the settings are
 * loaded: a check reads its section).
 */
static int plan_checks(struct inputs *in, const char *csv,
		       const struct sg_pipeline *p,
		       const struct sg_pipeline_options *o)
{
	char list[256], *save = NULL;
	size_t n = 0;

	if (strlen(csv) >= sizeof(list))
		return sg_error(SG_EUSAGE, "--checks: too long");
	memcpy(list, csv, strlen(csv) + 1);
	for (char *name = strtok_r(list, ",", &save); name;
	     name = strtok_r(NULL, ",", &save)) {
		const struct sg_check *check = sg_check_find(name);
		struct sg_check_ctx *cc = &in->checks[n];

		if (!check)
			return sg_error(SG_EUSAGE, "--checks: '%s' is not a "
					"built-in check (env, headers)", name);
		if (n == MAX_CHECKS)
			return sg_error(SG_EUSAGE, "--checks: too many");
		cc->config = &p->config;
		cc->tool = sg_config_tool(&p->config, check->name);
		cc->repo_root = p->repo_root;
		cc->name = check->name;
		in->items[n].display = check->name;
		in->items[n].tool = check->name;
		in->items[n].check = sg_check_run;
		in->items[n].check_ctx = cc;
		n++;
	}
	in->all = calloc(o->n_reports + n + 1, sizeof(*in->all));
	if (!in->all)
		return sg_error(SG_ENOMEM, "out of memory");
	for (size_t i = 0; i < o->n_reports; i++) {
		in->all[i].path = o->reports[i];
		in->all[i].display = o->reports[i];
		in->all[i].tool = o->tool;
	}
	memcpy(in->all + o->n_reports, in->items, n * sizeof(*in->all));
	in->n = o->n_reports + n;
	return 0;
}

/* baseline's own option. */
enum { OPT_CHECKS = SG_OPT_FIRST_PRIVATE };

enum action { ACTION_CREATE, ACTION_UPDATE, ACTION_PRUNE };

static int run_baseline(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"baseline", required_argument, NULL, SG_OPT_BASELINE},
		{"config", required_argument, NULL, SG_OPT_CONFIG},
		{"profile", required_argument, NULL, SG_OPT_PROFILE},
		{"tool", required_argument, NULL, SG_OPT_TOOL},
		{"force", no_argument, NULL, SG_OPT_FORCE},
		{"checks", required_argument, NULL, OPT_CHECKS},
		SG_OPTION_HELP,
		SG_OPTIONS_END,
	};
	struct sg_pipeline_options o = {.new_only = -1};
	struct sg_pipeline p;
	enum action action;
	bool force = false;
	const char *checks = NULL;
	struct inputs in = {0};
	struct stat st;
	size_t changed = 0;
	char today[11];
	const char *verb;
	int c, rc;

	sg_getopt_reset();
	while ((c = sg_getopt(&sg_cmd_baseline, argc, argv, longopts)) != -1) {
		switch (c) {
		case SG_OPT_BASELINE:
		case SG_OPT_CONFIG:
		case SG_OPT_PROFILE:
			sg_config_option(c, optarg, &o);
			break;
		case SG_OPT_TOOL:
			if (!sg_tool_name_valid(optarg))
				return sg_usage_error(&sg_cmd_baseline,
						      "--tool must be one of %s",
						      sg_tool_names());
			o.tool = optarg;
			break;
		case SG_OPT_FORCE:
			force = true;
			break;
		case OPT_CHECKS:
			checks = optarg;
			break;
		case SG_OPT_HELP:
			return SG_EXIT_PASS;
		default:
			return SG_EXIT_USAGE;
		}
	}
	/* The operands, options taken out: ACTION REPORT... */
	if (optind >= argc && !checks)
		return sg_usage_error(&sg_cmd_baseline,
				      "say create, update or prune");
	verb = argv[optind++];
	if (!strcmp(verb, "create"))
		action = ACTION_CREATE;
	else if (!strcmp(verb, "update"))
		action = ACTION_UPDATE;
	else if (!strcmp(verb, "prune"))
		action = ACTION_PRUNE;
	else
		return sg_usage_error(&sg_cmd_baseline,
				      "unknown action (say create, update or "
				      "prune)");
	if (optind >= argc && !checks)
		return sg_usage_error(&sg_cmd_baseline, "no report given");
	o.reports = argv + optind;
	o.n_reports = (size_t)(argc - optind);
	o.baseline_must_exist = action == ACTION_PRUNE;

	rc = sg_pipeline_prepare(&p, &o);
	if (rc == 0 && checks) {
		rc = plan_checks(&in, checks, &p, &o);
		o.run_inputs = in.all;
		o.n_run_inputs = in.n;
	}
	if (rc == 0)
		rc = sg_pipeline_gate(&p, &o);
	if (rc == 0 && p.failed_inputs) {
		fprintf(stderr, "secgate: baseline not written: %zu input%s "
				"could not be read\n",
			p.failed_inputs, p.failed_inputs == 1 ? "" : "s");
		sg_pipeline_release(&p);
		free(in.all);
		return SG_EXIT_ERROR;
	}
	if (rc == 0 && action == ACTION_CREATE && !force &&
	    stat(p.baseline_path, &st) == 0) {
		rc = sg_error(SG_EUSAGE, "%s exists: use 'baseline update', or "
				 "'create --force' to replace it",
			      p.baseline_path);
	}
	if (rc < 0) {
		sg_print_error(sg_error_message());
		sg_pipeline_release(&p);
		free(in.all);
		return rc == SG_EUSAGE ? SG_EXIT_USAGE : SG_EXIT_ERROR;
	}
	sg_pipeline_today(&p, today);
	if (action == ACTION_CREATE)
		p.baseline.count = 0; /* start afresh from today's findings */
	if (action == ACTION_PRUNE)
		changed = sg_baseline_prune(&p.baseline);
	else
		rc = sg_baseline_add_new(&p.baseline, &p.set, today, &changed);
	if (rc == 0)
		rc = sg_baseline_save(&p.baseline, p.baseline_path);
	if (rc < 0) {
		sg_print_error(sg_error_message());
		sg_pipeline_release(&p);
		free(in.all);
		return SG_EXIT_ERROR;
	}
	printf("secgate: baseline ");
	sg_fputs_terminal(stdout, p.baseline_path);
	printf(": %s %zu entr%s; %zu in total\n",
	       action == ACTION_PRUNE ? "removed" : "added", changed,
	       changed == 1 ? "y" : "ies", p.baseline.count);
	/* update and prune touch only the tools whose reports were read. */
	size_t kept = p.result.summary.not_read;
	if (action != ACTION_CREATE && kept)
		printf("secgate: kept %zu entr%s of tools not read this time "
		       "untouched\n",
		       kept, kept == 1 ? "y" : "ies");
	if (p.baseline.upgraded)
		printf("secgate: %zu entr%s of an earlier fingerprint version "
		       "(sg1) written again as sg2\n",
		       p.baseline.upgraded,
		       p.baseline.upgraded == 1 ? "y" : "ies");
	if (action == ACTION_PRUNE && changed == 0)
		printf("secgate: nothing was absent\n");
	sg_pipeline_release(&p);
	free(in.all);
	return SG_EXIT_PASS;
}

const struct sg_command sg_cmd_baseline = {
	.name = "baseline",
	.summary = "create, update or prune the baseline from reports",
	.usage = "secgate baseline create|update|prune [options] "
		 "[--checks env,headers] REPORT...",
	.help =
		"The baseline (.secgate-baseline.json at the repository root,\n"
		"or the configuration's baseline, or --baseline) lists findings\n"
		"accepted as known debt: sorted by fingerprint, one entry per\n"
		"line, with tool, kind, rule, path, title and the date added.\n"
		"It holds no secret. With new_only (or --new-only), only findings\n"
		"missing from it block.\n\n"
		"  create   write a baseline of every current finding (refuses to\n"
		"           replace an existing file without --force)\n"
		"  update   add the current findings that are not in it yet\n"
		"  prune    remove the entries no longer found (fixed)\n\n"
		"update and prune change only the entries of tools whose reports\n"
		"were read (an entry's tool: gitleaks, trivy, pip-audit, codeql,\n"
		"a SARIF driver's name, or --tool); the others are kept untouched\n"
		"and the summary says how many. A gitleaks report of no leaks is\n"
		"'[]': name its tool (--tool gitleaks) to prune gitleaks entries.\n"
		"Options may come anywhere; '--' ends them.\n\n"
		"Options:\n"
		"  --baseline FILE    the baseline file\n"
		"  --config FILE      configuration (for its baseline path)\n"
		"  --profile NAME     a profile of the configuration\n"
		"  --tool NAME        read every REPORT as NAME's output\n"
		"  --checks a,b       also run these built-in checks (env,\n"
		"                     headers), which have no report\n"
		"  --force            let create replace an existing baseline\n\n"
		"Nothing is written when a report cannot be read (exit 3).\n"
		"A corrupt baseline is an error (exit 2), never an empty one.\n",
	.run = run_baseline,
};

