/*
 * `secgate doctor --canary`: does the gate see a leaked credential? Fake
 * credentials are planted in a temporary repository (src/run/canary.c) and
 * the secret scanner runs there exactly as `secgate run` would run it here
 * (the same configuration file, profile, environment, suppressions and
 * policy); each planted credential must come out as a blocking finding.
 * The planted values are never printed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "canary.h"
#include "cli.h"
#include "config.h"
#include "gitinfo.h"
#include "pipeline.h"
#include "sanitize.h"
#include "secgate/error.h"

struct judgement {
	const struct sg_canary *canary;
	FILE *out;
	struct sg_canary_outcome *outcome;
	size_t caught;
	bool ran;
};

static void outcome(struct sg_canary_outcome *o, const char *result,
		    size_t caught, const char *detail)
{
	o->record.result = result;
	o->record.caught = (unsigned)caught;
	o->record.planted = SG_CANARY_SECRETS;
	if (detail && !o->detail[0])
		snprintf(o->detail, sizeof(o->detail), "%s", detail);
	o->record.detail = o->detail[0] ? o->detail : NULL;
}

/* A finding of the scanner at the planted line, blocking first. */
static const struct sg_finding *finding_at(const struct sg_findings *set,
					   const char *path, uint32_t line)
{
	const struct sg_finding *seen = NULL;

	for (size_t i = 0; i < set->count; i++) {
		const struct sg_finding *f = &set->items[i];

		if (!f->location.path || strcmp(f->location.path, path) ||
		    f->location.start_line != line)
			continue;
		if (f->blocking)
			return f;
		if (!seen)
			seen = f;
	}
	return seen;
}

static int judge(struct sg_pipeline *p, void *ctx)
{
	struct judgement *j = ctx;
	const struct sg_canary *c = j->canary;
	FILE *out = j->out;

	j->ran = true;
	if (p->failed_inputs) {
		fprintf(out,
			"secgate doctor --canary: the secret scanner could not "
			"run (see above): the gate cannot see (exit 3)\n");
		outcome(j->outcome, "error", 0,
			"the secret scanner could "
			"not run");
		return SG_EXIT_ERROR;
	}
	for (size_t i = 0; i < SG_CANARY_SECRETS; i++) {
		const struct sg_finding *f =
		    finding_at(&p->set, c->path, c->secrets[i].line);

		fprintf(out, "  %-22s ", c->secrets[i].kind);
		if (f && f->blocking) {
			j->caught++;
			fprintf(out, "caught: ");
			sg_fputs_terminal(out, f->tool);
			fprintf(out, " ");
			sg_fputs_terminal(out, f->rule_id);
			fprintf(out, ", blocking\n");
		} else if (f) {
			fprintf(out, "BLIND: ");
			sg_fputs_terminal(out, f->tool);
			fprintf(out, " ");
			sg_fputs_terminal(out, f->rule_id);
			fprintf(out, " found it, but it would not block: ");
			sg_fputs_terminal(out, f->reason ? f->reason : "?");
			fprintf(out, "\n");
			if (!j->outcome->detail[0])
				snprintf(j->outcome->detail,
					 sizeof(j->outcome->detail),
					 "%s: found by %s (%s) but not "
					 "blocking: %s",
					 c->secrets[i].kind, f->tool,
					 f->rule_id ? f->rule_id : "?",
					 f->reason ? f->reason : "?");
		} else {
			fprintf(
			    out,
			    "BLIND: not reported by the secret scanner (its "
			    "rules, allowlist or arguments?)\n");
			if (!j->outcome->detail[0])
				snprintf(j->outcome->detail,
					 sizeof(j->outcome->detail),
					 "%s: not reported by the secret "
					 "scanner",
					 c->secrets[i].kind);
		}
	}
	if (j->caught == SG_CANARY_SECRETS) {
		fprintf(out,
			"secgate doctor --canary: every planted credential "
			"would fail the gate\n");
		outcome(j->outcome, "caught", j->caught, NULL);
		return SG_EXIT_PASS;
	}
	outcome(j->outcome, "blind", j->caught, NULL);
	fprintf(out,
		"secgate doctor --canary: the gate is blind to %zu of %d "
		"planted credentials (exit 1)\n",
		SG_CANARY_SECRETS - j->caught, SG_CANARY_SECRETS);
	return SG_EXIT_FAIL;
}

/* The user's configuration as `secgate run` would read it here. */
static int load_user_config(struct sg_config *config, char **root, char **path,
			    const char *config_path, const char *profile)
{
	int rc;

	sg_config_init(config);
	rc = sg_git_repo_root(root);
	if (rc == 0)
		rc = sg_config_find(path, config_path, *root);
	if (rc == 0)
		rc = sg_config_load(config, *path, profile);
	return rc;
}

int sg_doctor_canary(const char *config_path, const char *profile)
{
	struct sg_canary_outcome o;

	return sg_canary_check(config_path, profile, stdout, &o);
}

int sg_canary_check(const char *config_path, const char *profile, FILE *out,
		    struct sg_canary_outcome *result)
{
	struct sg_config config;
	struct sg_canary canary = {0};
	struct judgement j = {.canary = &canary, .out = out, .outcome = result};
	const struct sg_tool_config *gitleaks;
	char *root = NULL, *path = NULL, *abs = NULL, cwd[4096];
	int rc, code;

	/* As the pipeline does: the flag, else $SECGATE_PROFILE. */
	if (!profile && getenv("SECGATE_PROFILE") && *getenv("SECGATE_PROFILE"))
		profile = getenv("SECGATE_PROFILE");
	memset(result, 0, sizeof(*result));
	outcome(result, "error", 0, NULL);
	rc = load_user_config(&config, &root, &path, config_path, profile);
	if (rc < 0) {
		sg_print_error(sg_error_message());
		outcome(result, "error", 0, "the configuration was refused");
		code = rc == SG_EUSAGE ? SG_EXIT_USAGE : SG_EXIT_ERROR;
		goto done;
	}
	gitleaks = sg_config_tool(&config, "gitleaks");
	if (path && (!gitleaks || !gitleaks->enabled)) {
		fprintf(out,
			"  %-22s BLIND: no secret scanner: gitleaks is %s in ",
			"every credential",
			gitleaks ? "disabled (enabled: false)" : "not enabled");
		sg_fputs_terminal(out, path);
		fprintf(out,
			" (add 'gitleaks: {}' under 'tools:')\n"
			"secgate doctor --canary: the gate is blind to every "
			"leaked credential (exit 1)\n");
		outcome(result, "blind", 0,
			"no secret scanner: gitleaks is "
			"not enabled under tools:");
		code = SG_EXIT_FAIL;
		goto done;
	}
	if (!getcwd(cwd, sizeof(cwd)) ||
	    (path && !(abs = realpath(path, NULL)))) {
		sg_print_error(strerror(errno));
		code = SG_EXIT_ERROR;
		goto done;
	}
	rc = sg_canary_plant(&canary, &config, root);
	if (rc < 0) {
		sg_print_error(sg_error_message());
		code = SG_EXIT_ERROR;
		goto done;
	}
	fprintf(out,
		"secgate doctor --canary: %d fake credentials planted in a "
		"temporary repository at ",
		SG_CANARY_SECRETS);
	sg_fputs_terminal(out, canary.path);
	fprintf(out, "; running gitleaks with %s%s%s\n",
		abs ? "this configuration" : "no configuration (defaults)",
		profile ? " and profile " : "", profile ? profile : "");
	fflush(stdout);
	{
		/* `secgate run --tools gitleaks [--config F] [--profile P]`. */
		char *argv[8];
		int argc = 0;

		argv[argc++] = (char *)"run";
		argv[argc++] = (char *)"--tools";
		argv[argc++] = (char *)"gitleaks";
		if (abs) {
			argv[argc++] = (char *)"--config";
			argv[argc++] = abs;
		}
		if (profile) {
			argv[argc++] = (char *)"--profile";
			argv[argc++] = (char *)profile;
		}
		argv[argc] = NULL;
		if (chdir(canary.repo) != 0) {
			sg_print_error(strerror(errno));
			code = SG_EXIT_ERROR;
			goto done;
		}
		code = sg_run_then(argc, argv, judge, &j);
		if (chdir(cwd) != 0 && code == SG_EXIT_PASS)
			code = SG_EXIT_ERROR;
	}
	if (!j.ran && code == SG_EXIT_USAGE) {
		fprintf(out, "secgate doctor --canary: the configuration was "
			     "refused (exit 2)\n");
		outcome(result, "error", 0, "the configuration was refused");
	} else if (!j.ran) {
		fprintf(out,
			"secgate doctor --canary: the secret scanner could "
			"not run: the gate cannot see (exit 3)\n");
		outcome(result, "error", 0, "the secret scanner could not run");
	}
done:
	sg_canary_release(&canary);
	sg_config_release(&config);
	free(abs);
	free(path);
	free(root);
	return code;
}
