/*
 * GitHub Actions integration: workflow commands (annotations), the step
 * summary and job outputs, with the escaping of actions/toolkit
 * (command.ts, file-command.ts) and the runner's limits: 10 annotations of
 * each level per step, 1 MiB of step summary.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>

#include "report_github.h"
#include "report_markdown.h"
#include "sanitize.h"
#include "secgate/error.h"

#define TITLE_MAX 256  /* bytes of an annotation title */
#define VALUE_MAX 4096 /* bytes of a message or path */

/* Append s to buf[*len] (size bytes), cut at a character boundary. */
static void cat(char *buf, size_t size, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (*len + n + 1 > size) {
		n = size - *len - 1;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(buf + *len, s, n);
	*len += n;
	buf[*len] = '\0';
}

/*
 * Sanitized text (no CR or LF in it, no "##[": sanitize.c) with the
 * command escapes: '%' always, ':' and ',' in property values.
 */
static void put_text(FILE *out, const char *s, bool property)
{
	for (const char *p = s; *p; p++) {
		switch (*p) {
		case '%':
			fputs("%25", out);
			break;
		case ':':
			fputs(property ? "%3A" : ":", out);
			break;
		case ',':
			fputs(property ? "%2C" : ",", out);
			break;
		default:
			fputc(*p, out);
			break;
		}
	}
}

/*
 * An untrusted value (at most VALUE_MAX bytes) as command data or a
 * property: CR and LF become %0D and %0A; other control characters,
 * invalid UTF-8 and bidi controls become '?' (sanitize.c); then put_text.
 */
static void gh_escape(FILE *out, const char *s, bool property)
{
	char seg[VALUE_MAX + 1], safe[VALUE_MAX + 1];

	while (*s) {
		size_t n = strcspn(s, "\r\n");

		if (!n) {
			fputs(*s == '\r' ? "%0D" : "%0A", out);
			s++;
			continue;
		}
		if (n > VALUE_MAX)
			n = VALUE_MAX;
		memcpy(seg, s, n);
		seg[n] = '\0';
		sg_terminal_safe(safe, n + 1, seg);
		put_text(out, safe, property);
		s += n;
	}
}

static enum sg_severity effective_severity(const struct sg_run_result *r,
					   const struct sg_finding *f)
{
	if (f->severity == SG_SEV_UNKNOWN && r->policy)
		return r->policy->unknown_as;
	return f->severity;
}

/*
 * Warnings are for what a reviewer of this change should look at without
 * it blocking: new findings, not suppressed (by the configuration or the
 * tool), not excluded, in the diff, at medium or above. Baselined
 * findings are known debt and would repeat on every run.
 */
static bool warning_eligible(const struct sg_run_result *r,
			     const struct sg_finding *f)
{
	return !f->blocking && !sg_finding_cold(f)->suppressed_by &&
	       !sg_finding_cold(f)->producer_suppression && !f->excluded &&
	       !f->outside_diff && f->state == SG_STATE_NEW &&
	       effective_severity(r, f) >= SG_SEV_MEDIUM;
}

static void annotation(FILE *out, const char *level, const struct sg_finding *f)
{
	const struct sg_package *pkg = &sg_finding_cold(f)->package;
	const char *headline = f->title	    ? f->title
			       : f->message ? f->message
					    : f->rule_id;
	char title[TITLE_MAX], msg[VALUE_MAX], path[VALUE_MAX];
	size_t tl = 0, ml = 0, pl = 0;

	title[0] = msg[0] = path[0] = '\0';
	cat(title, sizeof(title), &tl, "[");
	cat(title, sizeof(title), &tl, sg_severity_name(f->severity));
	cat(title, sizeof(title), &tl, "] ");
	cat(title, sizeof(title), &tl, f->rule_id ? f->rule_id : "(no rule)");
	cat(title, sizeof(title), &tl, " (");
	cat(title, sizeof(title), &tl, f->tool ? f->tool : "?");
	cat(title, sizeof(title), &tl, ")");

	cat(msg, sizeof(msg), &ml, headline ? headline : "(no title)");
	if (f->message && f->message != headline &&
	    strcmp(f->message, headline) != 0) {
		cat(msg, sizeof(msg), &ml, "\n");
		cat(msg, sizeof(msg), &ml, f->message);
	}
	if (pkg->name) {
		cat(msg, sizeof(msg), &ml, "\npackage: ");
		cat(msg, sizeof(msg), &ml, pkg->name);
		if (pkg->version) {
			cat(msg, sizeof(msg), &ml, " ");
			cat(msg, sizeof(msg), &ml, pkg->version);
		}
		cat(msg, sizeof(msg), &ml,
		    pkg->n_fixed_versions ? ", fixed in " : ", no fix yet");
		for (size_t i = 0; i < pkg->n_fixed_versions; i++) {
			if (i)
				cat(msg, sizeof(msg), &ml, ", ");
			if (pkg->fixed_versions[i])
				cat(msg, sizeof(msg), &ml,
				    pkg->fixed_versions[i]);
		}
	}
	if (f->reason) {
		cat(msg, sizeof(msg), &ml, "\ngate: ");
		cat(msg, sizeof(msg), &ml, f->reason);
	}
	if (f->fingerprint) {
		cat(msg, sizeof(msg), &ml, "\nfingerprint: ");
		cat(msg, sizeof(msg), &ml, f->fingerprint);
	}

	fprintf(out, "::%s ", level);
	if (f->location.path) {
		cat(path, sizeof(path), &pl, f->location.path);
		fputs("file=", out);
		gh_escape(out, path, true);
		if (f->location.start_line) {
			fprintf(out, ",line=%u",
				(unsigned)f->location.start_line);
			if (f->location.end_line >= f->location.start_line)
				fprintf(out, ",endLine=%u",
					(unsigned)f->location.end_line);
		}
		fputc(',', out);
	}
	fputs("title=", out);
	gh_escape(out, title, true);
	fputs("::", out);
	gh_escape(out, msg, false);
	fputc('\n', out);
}

static void input_annotation(FILE *out, const struct sg_input *in)
{
	char msg[VALUE_MAX];
	size_t ml = 0;

	msg[0] = '\0';
	cat(msg, sizeof(msg), &ml, in->path ? in->path : "-");
	cat(msg, sizeof(msg), &ml, ": ");
	cat(msg, sizeof(msg), &ml, in->error ? in->error : "could not be read");
	fputs("::error title=secgate%3A input could not be read::", out);
	gh_escape(out, msg, false);
	fputc('\n', out);
}

int sg_github_annotations(FILE *out, const struct sg_run_result *r)
{
	size_t errors = 0, warnings = 0, rest = 0;

	/* A failed input makes the verdict "error": say so first. */
	for (size_t i = 0; i < r->n_inputs; i++) {
		if (r->inputs[i].status >= 0)
			continue;
		if (errors < SG_GITHUB_MAX_ANNOTATIONS) {
			input_annotation(out, &r->inputs[i]);
			errors++;
		} else {
			rest++;
		}
	}
	/* The set is sorted blocking first, most severe first. */
	for (size_t i = 0; i < r->set->count; i++) {
		const struct sg_finding *f = &r->set->items[i];

		if (!f->blocking)
			continue;
		if (errors < SG_GITHUB_MAX_ANNOTATIONS) {
			annotation(out, "error", f);
			errors++;
		} else {
			rest++;
		}
	}
	for (size_t i = 0; i < r->set->count; i++) {
		const struct sg_finding *f = &r->set->items[i];

		if (!warning_eligible(r, f))
			continue;
		if (warnings < SG_GITHUB_MAX_ANNOTATIONS) {
			annotation(out, "warning", f);
			warnings++;
		} else {
			rest++;
		}
	}
	if (rest)
		fprintf(out,
			"::notice::%zu more %s not annotated (see the "
			"report)\n",
			rest, rest == 1 ? "finding is" : "findings are");
	if (fflush(out) != 0 || ferror(out))
		return sg_error(SG_EIO, "cannot write the annotations");
	return 0;
}

/* Close f, turning any earlier or final write failure into SG_EIO. */
static int close_checked(FILE *f, int rc, const char *what, const char *path)
{
	bool failed = ferror(f) != 0;
	int err = errno;

	if (fclose(f) != 0) {
		failed = true;
		err = errno;
	}
	if (rc < 0 && rc != SG_EIO)
		return rc;
	if (failed || rc < 0)
		return sg_error(SG_EIO, "cannot write the %s %s: %s", what,
				path, strerror(err ? err : EIO));
	return 0;
}

int sg_github_step_summary(const char *path, const struct sg_run_result *r)
{
	struct stat st;
	size_t size = 0, room = 0;
	FILE *f;
	int rc = 0;

	f = fopen(path, "a");
	if (!f)
		return sg_error(SG_EIO, "cannot open the step summary %s: %s",
				path, strerror(errno));
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode))
		size = (size_t)st.st_size;
	errno = 0;
	if (size && fputc('\n', f) == EOF)
		rc = SG_EIO;
	size += size != 0;
	if (size + SG_MARKDOWN_MIN_BYTES <= SG_GITHUB_SUMMARY_LIMIT)
		room = SG_GITHUB_SUMMARY_LIMIT - size;
	if (rc == 0 && room) {
		rc = sg_report_markdown_write(f, r, room);
	} else if (rc == 0) {
		/* Under 100 bytes: stays within GitHub's 1 MiB. */
		if (fprintf(f,
			    "**secgate: %s** (the step summary is full; "
			    "see the reports)\n",
			    sg_verdict_name(r->verdict)) < 0)
			rc = SG_EIO;
	}
	return close_checked(f, rc, "step summary", path);
}

/* "ghadelimiter_" and 32 random hex digits, as actions/toolkit does. */
static int random_delimiter(char *out, size_t size)
{
	unsigned char bytes[16];
	size_t got = 0;

	while (got < sizeof(bytes)) {
		ssize_t n = getrandom(bytes + got, sizeof(bytes) - got, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got < sizeof(bytes)) {
		FILE *u = fopen("/dev/urandom", "rb");

		if (!u)
			return -1;
		got = fread(bytes, 1, sizeof(bytes), u);
		fclose(u);
		if (got != sizeof(bytes))
			return -1;
	}
	snprintf(out, size, "ghadelimiter_");
	for (size_t i = 0; i < sizeof(bytes); i++)
		snprintf(out + 13 + 2 * i, size - 13 - 2 * i, "%02x", bytes[i]);
	return 0;
}

static bool valid_output_name(const char *name)
{
	if (!name || !*name)
		return false;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return false;
	return true;
}

static int exit_code(enum sg_verdict verdict)
{
	switch (verdict) {
	case SG_VERDICT_PASS:
		return 0;
	case SG_VERDICT_FAIL:
		return 1;
	default:
		return 3;
	}
}

int sg_github_outputs(const char *path, const struct sg_run_result *r,
		      const char *const report_paths[][2], size_t n_reports)
{
	const struct sg_summary *s = &r->summary;
	char delim[13 + 32 + 1];
	FILE *f;
	int rc = 0;

	for (size_t i = 0; i < n_reports; i++)
		if (!valid_output_name(report_paths[i][0]))
			return sg_error(SG_EUSAGE,
					"invalid output name for "
					"report %zu",
					i);
	f = fopen(path, "a");
	if (!f)
		return sg_error(SG_EIO, "cannot open the outputs file %s: %s",
				path, strerror(errno));
	errno = 0;
	if (fprintf(f,
		    "verdict=%s\nblocking=%zu\nnew=%zu\ntotal=%zu\n"
		    "exit-code=%d\n",
		    sg_verdict_name(r->verdict), s->blocking, s->new_findings,
		    s->total, exit_code(r->verdict)) < 0)
		rc = SG_EIO;
	/* Paths may hold any byte but NUL: always the multiline syntax. */
	for (size_t i = 0; i < n_reports && rc == 0; i++) {
		const char *value = report_paths[i][1];
		int tries = 0;

		if (!value)
			continue;
		do {
			if (random_delimiter(delim, sizeof(delim)) < 0) {
				fclose(f);
				return sg_error(SG_EIO,
						"cannot read random "
						"bytes for a delimiter");
			}
		} while (strstr(value, delim) && ++tries < 3);
		if (strstr(value, delim)) {
			fclose(f);
			return sg_error(SG_EIO,
					"the value of output %s "
					"contains its delimiter",
					report_paths[i][0]);
		}
		if (fprintf(f, "%s<<%s\n%s\n%s\n", report_paths[i][0], delim,
			    value, delim) < 0)
			rc = SG_EIO;
	}
	return close_checked(f, rc, "outputs file", path);
}
