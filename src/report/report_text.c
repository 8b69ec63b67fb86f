/*
 * The terminal summary: inputs, then findings grouped by verdict (blocking
 * first) and severity, then one verdict line. Every untrusted string goes
 * through sanitize.c; colour only when asked (the caller decides from
 * --color, NO_COLOR, FORCE_COLOR and isatty).
 */
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "config.h"
#include "report.h"
#include "sanitize.h"

#define RESET "\033[0m"
#define TITLE_MAX 120 /* bytes of a title on a terminal */

static const char *severity_color(enum sg_severity sev)
{
	switch (sev) {
	case SG_SEV_CRITICAL:
		return "\033[1;35m";
	case SG_SEV_HIGH:
		return "\033[1;31m";
	case SG_SEV_MEDIUM:
		return "\033[33m";
	case SG_SEV_LOW:
		return "\033[36m";
	default:
		return "\033[2m";
	}
}

static void severity_label(FILE *out, enum sg_severity sev, bool color)
{
	char label[16];
	size_t n = 0;

	for (const char *p = sg_severity_name(sev); *p && n < 9; p++)
		label[n++] = (char)(*p - 32 * (*p >= 'a' && *p <= 'z'));
	label[n] = '\0';
	if (color)
		fprintf(out, "%s%-8s%s", severity_color(sev), label, RESET);
	else
		fprintf(out, "%-8s", label);
}

/*
 * On a terminal a long title is cut, at a word when one ends near the
 * limit, and marked with "…"; elsewhere (a log, a pipe) the full text.
 */
static void title_out(FILE *out, const char *title, bool terminal)
{
	size_t len = strlen(title), cut;
	char *safe;

	if (!terminal || len <= TITLE_MAX) {
		sg_fputs_terminal(out, title);
		return;
	}
	safe = malloc(len + 1);
	if (!safe) {
		sg_fputs_terminal(out, title);
		return;
	}
	sg_terminal_safe(safe, len + 1, title);
	cut = strlen(safe);
	if (cut > TITLE_MAX) {
		cut = TITLE_MAX - 1;
		while (cut && ((unsigned char)safe[cut] & 0xC0) == 0x80)
			cut--; /* not inside a UTF-8 sequence */
		for (size_t i = cut; i > TITLE_MAX * 2 / 3; i--)
			if (safe[i] == ' ') {
				cut = i;
				break;
			}
		while (cut && safe[cut - 1] == ' ')
			cut--;
		safe[cut] = '\0';
		fputs(safe, out);
		fputs("\xe2\x80\xa6", out); /* … */
	} else {
		fputs(safe, out);
	}
	free(safe);
}

static void finding_line(FILE *out, const struct sg_finding *f, bool color,
			 bool terminal)
{
	fputs("  ", out);
	severity_label(out, f->severity, color);
	fputc(' ', out);
	sg_fputs_terminal(out, f->tool);
	fputs("  ", out);
	sg_fputs_terminal(out, f->rule_id ? f->rule_id : "(no rule)");
	if (sg_finding_cold(f)->package.name) {
		fputs("  ", out);
		sg_fputs_terminal(out, sg_finding_cold(f)->package.name);
		if (sg_finding_cold(f)->package.version) {
			fputc(' ', out);
			sg_fputs_terminal(out,
					  sg_finding_cold(f)->package.version);
		}
		if (sg_finding_cold(f)->package.n_fixed_versions) {
			fputs(" (fixed in ", out);
			sg_fputs_terminal(
			    out, sg_finding_cold(f)->package.fixed_versions[0]);
			fputc(')', out);
		}
	}
	if (f->location.path) {
		fputs("  ", out);
		sg_fputs_terminal(out, f->location.path);
		if (f->location.start_line)
			fprintf(out, ":%u", f->location.start_line);
	}
	if (f->title) {
		fputs("  ", out);
		title_out(out, f->title, terminal);
	}
	if (sg_finding_n_sources(f) > 1) {
		fputs("  [also: ", out);
		for (size_t i = 1; i < sg_finding_n_sources(f); i++) {
			if (i > 1)
				fputs(", ", out);
			sg_fputs_terminal(out, sg_finding_sources(f)[i]);
		}
		fputc(']', out);
	}
	if (sg_finding_cold(f)->n_copies)
		fprintf(out, "  (%zu results merged)",
			sg_finding_cold(f)->n_copies);
	fputc('\n', out);
}

static void explain_line(FILE *out, const struct sg_finding *f)
{
	if (f->message) {
		char message[241];

		/* What exactly failed: the title names only the rule. */
		sg_terminal_safe(message, sizeof(message), f->message);
		fputs("           what: ", out);
		fputs(message, out);
		fputc('\n', out);
	}
	fputs("           why: ", out);
	fputs(f->blocking ? "BLOCKS: " : "passes: ", out);
	sg_fputs_terminal(out, f->reason);
	if (sg_finding_cold(f)->severity_source) {
		fputs("\n           severity from ", out);
		sg_fputs_terminal(out, sg_finding_cold(f)->severity_source);
	}
	fputs("\n           id:  ", out);
	sg_fputs_terminal(out, f->fingerprint);
	fputc('\n', out);
}

static void severity_counts(FILE *out, const size_t *counts)
{
	bool first = true;

	for (int s = SG_SEV_COUNT - 1; s >= 0; s--) {
		if (!counts[s])
			continue;
		fprintf(out, "%s%zu %s", first ? "" : ", ", counts[s],
			sg_severity_name((enum sg_severity)s));
		first = false;
	}
	if (first)
		fputs("none", out);
}

static void group(FILE *out, const struct sg_run_result *r, bool blocking,
		  const struct sg_text_options *opt)
{
	size_t counts[SG_SEV_COUNT] = {0}, total = 0, listed = 0;

	for (size_t i = 0; i < r->set->count; i++) {
		const struct sg_finding *f = &r->set->items[i];
		if (f->blocking == blocking) {
			counts[f->severity]++;
			total++;
		}
	}
	if (!total)
		return;
	if (opt->color)
		fputs(blocking ? "\033[1;31m" : "\033[1m", out);
	fprintf(out, "%s (%zu: ", blocking ? "Blocking" : "Not blocking", total);
	severity_counts(out, counts);
	fputs(")", out);
	if (opt->color)
		fputs(RESET, out);
	fputc('\n', out);
	for (size_t i = 0; i < r->set->count && listed < opt->max_listed; i++) {
		const struct sg_finding *f = &r->set->items[i];
		if (f->blocking == blocking) {
			finding_line(out, f, opt->color, opt->terminal);
			if (opt->explain)
				explain_line(out, f);
			listed++;
		}
	}
	if (total > listed)
		fprintf(out, "  ... and %zu more (all are in the JSON report)\n",
			total - listed);
	fputc('\n', out);
}

/* Every merge is visible: results read, findings kept, and why fewer. */
static void merges_line(FILE *out, const struct sg_summary *s)
{
	fprintf(out, "Results: %zu read, %zu finding%s kept", s->results,
		s->total, s->total == 1 ? "" : "s");
	if (s->merged_duplicates || s->merged_across_tools)
		fprintf(out, " (%zu merged as duplicates of the same tool, %zu "
			     "across tools)",
			s->merged_duplicates, s->merged_across_tools);
	fputc('\n', out);
}

static void inputs_block(FILE *out, const struct sg_run_result *r)
{
	fputs("Inputs:\n", out);
	for (size_t i = 0; i < r->n_inputs; i++) {
		const struct sg_input *in = &r->inputs[i];

		fputs("  ", out);
		sg_fputs_terminal(out, in->path);
		if (in->status < 0) {
			fputs("  ERROR\n", out);
			continue;
		}
		fputs("  ", out);
		sg_fputs_terminal(out, in->meta.tool);
		if (in->meta.tool_version) {
			fputc(' ', out);
			sg_fputs_terminal(out, in->meta.tool_version);
		}
		fprintf(out, "  %s  %zu result%s",
			in->meta.format ? in->meta.format : "?",
			in->n_findings, in->n_findings == 1 ? "" : "s");
		if (in->meta.nothing_scanned)
			fputs("  (NOTHING SCANNED: not a clean scan)", out);
		else if (in->meta.n_skipped)
			fprintf(out, "  (%zu dependenc%s not audited)",
				in->meta.n_skipped,
				in->meta.n_skipped == 1 ? "y" : "ies");
		fputc('\n', out);
	}
	merges_line(out, &r->summary);
	fputc('\n', out);
}

/* Baseline and suppression bookkeeping, when either is in use. */
/* Said once: entries of tools not read this time are left as they are. */
static void not_read_note(FILE *out, const struct sg_baseline *b, size_t n)
{
	size_t named = 0;

	fprintf(out, "  %zu baseline entr%s of tools not read this time (",
		n, n == 1 ? "y" : "ies");
	for (size_t i = 0; i < b->count && named < 8; i++) {
		const struct sg_baseline_entry *e = &b->entries[i];
		bool before = false;

		if (!e->not_read)
			continue;
		for (size_t j = 0; j < i && !before; j++)
			before = b->entries[j].not_read &&
				 !strcmp(b->entries[j].tool ? b->entries[j].tool : "",
					 e->tool ? e->tool : "");
		if (before)
			continue;
		if (named++)
			fputs(", ", out);
		sg_fputs_terminal(out, e->tool ? e->tool : "no tool");
	}
	fputs(named == 8 ? ", ...": "", out);
	fputs("): neither absent nor counted\n", out);
}

static void gate_block(FILE *out, const struct sg_run_result *r)
{
	const struct sg_summary *s = &r->summary;
	const struct sg_baseline *b = r->baseline;
	bool baseline = b && b->count;
	bool suppressions = r->config && r->config->n_suppressions;
	size_t listed = 0;

	if (!baseline && !suppressions && !s->excluded && !s->outside_diff)
		return;
	fprintf(out, "Gate: %zu new, %zu unchanged, %zu absent (fixed since "
		     "the baseline), %zu suppressed, %zu with an expired "
		     "suppression, %zu excluded, %zu outside the change; "
		     "%zu stale suppression%s\n",
		s->new_findings, s->unchanged, s->absent, s->suppressed,
		s->expired, s->excluded, s->outside_diff,
		s->stale_suppressions, s->stale_suppressions == 1 ? "" : "s");
	for (size_t i = 0; baseline && i < b->count && listed < 20; i++) {
		const struct sg_baseline_entry *e = &b->entries[i];

		if (!sg_baseline_entry_absent(e))
			continue;
		fputs("  absent: ", out);
		sg_fputs_terminal(out, e->tool);
		fputs("  ", out);
		sg_fputs_terminal(out, e->rule_id);
		fputs("  ", out);
		sg_fputs_terminal(out, e->path);
		fputs("  ", out);
		sg_fputs_terminal(out, e->fingerprint);
		fputc('\n', out);
		listed++;
	}
	if (s->absent > listed)
		fprintf(out, "  ... and %zu more absent entries\n",
			s->absent - listed);
	if (s->not_read)
		not_read_note(out, b, s->not_read);
	fputc('\n', out);
}

void sg_report_text_write(FILE *out, const struct sg_run_result *r,
			  const struct sg_text_options *opt)
{
	const struct sg_summary *s = &r->summary;
	size_t failed = 0;

	inputs_block(out, r);
	group(out, r, true, opt);
	group(out, r, false, opt);
	gate_block(out, r);
	for (size_t i = 0; i < r->n_inputs; i++)
		failed += r->inputs[i].status < 0;
	if (opt->color)
		fputs(r->verdict == SG_VERDICT_PASS ? "\033[1;32m" : "\033[1;31m",
		      out);
	switch (r->verdict) {
	case SG_VERDICT_ERROR:
		fputs("secgate: ERROR: ", out);
		if (failed || !r->failed_outputs)
			fprintf(out, "%zu of %zu input%s could not be read%s",
				failed, r->n_inputs,
				r->n_inputs == 1 ? "" : "s",
				r->failed_outputs ? ", " : "");
		if (r->failed_outputs)
			fprintf(out, "%zu report%s could not be written",
				r->failed_outputs,
				r->failed_outputs == 1 ? "" : "s");
		fputs("; the gate cannot pass", out);
		break;
	case SG_VERDICT_FAIL:
		if (!s->blocking) {
			fprintf(out, "secgate: FAIL: %zu stale suppression%s "
				     "(strict)",
				s->stale_suppressions,
				s->stale_suppressions == 1 ? "" : "s");
			break;
		}
		fprintf(out, "secgate: FAIL: %zu blocking finding%s (", s->blocking,
			s->blocking == 1 ? "" : "s");
		severity_counts(out, s->blocking_by_severity);
		fprintf(out, ") of %zu", s->total);
		break;
	default:
		fprintf(out, "secgate: PASS: no blocking findings (%zu total)",
			s->total);
		break;
	}

	if (opt->color)
		fputs(RESET, out);
	fputs(r->policy->never_fail ? "; threshold none\n" : "", out);
	if (!r->policy->never_fail)
		fprintf(out, "; threshold %s\n",
			sg_severity_name(r->policy->fail_on));
}
