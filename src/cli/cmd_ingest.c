/*
 * `secgate ingest`: read reports, gate them (configuration, baseline,
 * suppressions, diff), write the requested reports, print the summary and
 * exit with the verdict.
 */
#include <stdio.h>

#include "gate_cli.h"
#include "secgate/error.h"

static int run_ingest(int argc, char **argv)
{
	struct sg_gate_cli o;
	struct sg_pipeline p;
	int rc, code;

	rc = sg_gate_cli_parse(&sg_cmd_ingest, argc, argv, &o, false);
	if (rc != 0)
		return rc < 0 ? SG_EXIT_PASS : rc;
	rc = sg_pipeline_prepare(&p, &o.pipeline);
	if (rc == 0)
		rc = sg_gate_cli_gate(&o, &p);
	if (rc < 0) {
		sg_print_error(sg_error_message());
		sg_pipeline_release(&p);
		return rc == SG_EUSAGE ? SG_EXIT_USAGE : SG_EXIT_ERROR;
	}
	code = sg_gate_cli_finish(&o, &p);
	sg_pipeline_release(&p);
	return code;
}

const struct sg_command sg_cmd_ingest = {
	.name = "ingest",
	.summary = "read scanner reports and gate on their findings",
	.usage = "secgate ingest [options] REPORT...",
	.help =
		"Reads each REPORT ('-' is standard input), detects its format\n"
		"from the content, normalizes and de-duplicates the findings,\n"
		"applies the configuration, the baseline and the suppressions,\n"
		"and blocks on what is left at or above the threshold.\n\n"
		"Options:\n"
		"  --tool NAME        read every REPORT as NAME's output:\n"
		"                     gitleaks, trivy, pip-audit, codeql or sarif\n"
		"  --config FILE      configuration (default: $SECGATE_CONFIG, else\n"
		"                     .secgate.yml or .secgate.yaml at the repository\n"
		"                     root)\n"
		"  --profile NAME     apply a profile of the configuration (e.g.\n"
		"                     release; default $SECGATE_PROFILE)\n"
		"  --fail-on SEV      threshold: critical, high (default), medium,\n"
		"                     low, info, or none (report, never block)\n"
		"  --baseline FILE    baseline file (default .secgate-baseline.json\n"
		"                     at the repository root)\n"
		"  --new-only         only findings absent from the baseline block\n"
		"  --all              every finding can block (overrides new_only)\n"
		"  --strict           stale suppressions fail the gate\n"
		"  --diff-base REF    only findings in lines changed since the merge\n"
		"                     base with REF block (vulnerabilities: when a\n"
		"                     manifest changed); all are still reported\n"
		"  --explain          list every finding with the reason for its\n"
		"                     verdict\n"
		"  --offline          no request to OSV: severities for findings\n"
		"                     without one come from the cache and\n"
		"                     enrich.osv.db only (also SECGATE_OFFLINE=1)\n"
		"  --json FILE        normalized findings and verdict\n"
		"                     (docs/json-output.md)\n"
		"  --junit FILE       JUnit XML (docs/reports.md)\n"
		"  --sarif FILE       SARIF 2.1.0 for code scanning\n"
		"  --markdown FILE    a Markdown summary\n"
		"                     ('-' writes a report to stdout; the summary\n"
		"                     then goes to stderr; missing folders are\n"
		"                     created; a report that cannot be written\n"
		"                     makes every output say error, exit 3)\n"
		"  --github           GitHub Actions annotations, step summary and\n"
		"                     job outputs (default when GITHUB_ACTIONS=true)\n"
		"  --color WHEN       auto (default; honours NO_COLOR and\n"
		"                     FORCE_COLOR), always or never\n\n"
		"Environment: SECGATE_CONFIG, SECGATE_PROFILE, SECGATE_FAIL_ON,\n"
		"SECGATE_NEW_ONLY, SECGATE_BASELINE, SECGATE_STRICT (flags win);\n"
		"SECGATE_NOW or SOURCE_DATE_EPOCH fix the clock for expiry dates.\n\n"
		"Options may come before or after the reports; '--' ends them.\n\n"
		"Exit codes: 0 pass, 1 blocking findings, 2 usage or configuration\n"
		"error, 3 an input could not be read or a report not written (wins\n"
		"over 1).\n",
	.run = run_ingest,
};
