/*
 * The gate's decision per finding. In order: the effective severity (rule
 * overrides), the threshold that applies (rule > kind > tool > global),
 * path filters, suppressions (configured, then the producer's when the
 * policy honours them), the baseline (new_only) and the diff. The reason
 * string records what decided, so --explain and every report can show it.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "baseline.h"
#include "config.h"
#include "path_glob.h"
#include "policy.h"
#include "secgate/decimal.h"
#include "secgate/error.h"
#include "secgate/fingerprint.h"
#include "secgate/path.h"

#define DAY_SECONDS 86400

void sg_policy_default(struct sg_policy *policy)
{
	memset(policy, 0, sizeof(*policy));
	policy->fail_on = SG_SEV_HIGH;
	policy->unknown_as = SG_SEV_HIGH;
	policy->expiry_warning_days = 14;
	policy->now = (int64_t)time(NULL);
	policy->stamp = policy->now;
}

void sg_policy_from_config(struct sg_policy *policy, struct sg_config *config)
{
	int64_t now = policy->now, stamp = policy->stamp;

	sg_policy_default(policy);
	policy->now = now;
	policy->stamp = stamp;
	policy->config = config;
	if (config->fail_on.none) {
		policy->never_fail = true;
	} else {
		policy->fail_on = config->fail_on.severity;
	}
	policy->unknown_as = config->unknown_severity;
	policy->new_only = config->new_only;
	policy->honor_producer_suppressions = config->honor_producer_suppressions;
	policy->strict = config->strict;
	policy->expiry_warning_days = config->expiry_warning_days;
}

/* A clock variable: 1 and *out when set, 0 when unset, -1 when malformed. */
static int clock_variable(const char *name, bool dates, int64_t *out)
{
	const char *v = getenv(name);
	char *end;
	long long secs;
	int64_t day_end;

	if (!v || !*v)
		return 0;
	if (dates && sg_parse_expiry(v, &day_end) == 0) {
		*out = day_end - DAY_SECONDS; /* the start of that day */
		return 1;
	}
	errno = 0;
	secs = strtoll(v, &end, 10);
	if (errno || *end || secs < 0) {
		sg_error(SG_EUSAGE, "%s must be seconds since 1970%s", name,
			 dates ? " or YYYY-MM-DD" : "");
		return -1;
	}
	*out = (int64_t)secs;
	return 1;
}

int64_t sg_policy_now(void)
{
	int64_t now;
	int rc = clock_variable("SECGATE_NOW", true, &now);

	if (rc < 0)
		return -1;
	return rc ? now : (int64_t)time(NULL);
}

int64_t sg_output_time(int64_t now)
{
	int64_t epoch;
	int rc = clock_variable("SOURCE_DATE_EPOCH", false, &epoch);

	if (rc < 0)
		return -1;
	return rc ? epoch : now;
}

int sg_policy_parse_fail_on(struct sg_policy *policy, const char *value)
{
	enum sg_severity sev;

	if (strcmp(value, "none") == 0) {
		policy->never_fail = true;
		return 0;
	}
	if (sg_severity_parse(value, &sev) < 0 || sev == SG_SEV_UNKNOWN)
		return -1;
	/* Only the canonical lowercase names are accepted on the command line. */
	if (strcmp(value, sg_severity_name(sev)) != 0)
		return -1;
	policy->fail_on = sev;
	policy->never_fail = false;
	return 0;
}

/* ---- matching ---- */

static bool eq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static bool override_matches(const struct sg_override *o,
			     const struct sg_finding *f)
{
	if (o->tool && !eq(o->tool, f->tool))
		return false;
	if (o->has_kind && o->kind != f->kind)
		return false;
	if (o->rule && !eq(o->rule, f->rule_id))
		return false;
	return true;
}

/* How specific an override is: a rule beats a kind beats a tool. */
static int specificity(const struct sg_override *o)
{
	return (o->rule ? 4 : 0) + (o->has_kind ? 2 : 0) + (o->tool ? 1 : 0);
}

/*
 * Compare versions part by part: numeric parts as numbers, others as
 * text ("1.10" > "1.9", "2.0.0rc1" < "2.0.0" is not attempted: PEP 440 and
 * semver pre-releases are beyond this, and documented as such).
 */
static int version_compare(const char *a, const char *b)
{
	while (*a || *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			char *ea, *eb;
			unsigned long long na = strtoull(a, &ea, 10);
			unsigned long long nb = strtoull(b, &eb, 10);

			if (na != nb)
				return na < nb ? -1 : 1;
			a = ea;
			b = eb;
			continue;
		}
		size_t la = strcspn(a, ".-+_"), lb = strcspn(b, ".-+_");
		int c = strncmp(a, b, la < lb ? la : lb);

		if (c)
			return c < 0 ? -1 : 1;
		if (la != lb)
			return la < lb ? -1 : 1;
		a += la;
		b += lb;
		if (*a && strchr(".-+_", *a))
			a++;
		if (*b && strchr(".-+_", *b))
			b++;
		if (!*a && *b)
			return -1;
		if (*a && !*b)
			return 1;
	}
	return 0;
}

/* "<2.0,>=1.2", "==1.4", "1.4": every comparison must hold. */
static bool version_in(const char *version, const char *constraint)
{
	char buf[256];
	char *save = NULL;

	if (!version)
		return false;
	snprintf(buf, sizeof(buf), "%s", constraint);
	for (char *part = strtok_r(buf, ",", &save); part;
	     part = strtok_r(NULL, ",", &save)) {
		const char *op = part;
		int c;

		while (isspace((unsigned char)*op))
			op++;
		size_t n = strspn(op, "<>=!");
		const char *v = op + n;
		while (isspace((unsigned char)*v))
			v++;
		char *end = (char *)v + strlen(v);
		while (end > v && isspace((unsigned char)end[-1]))
			*--end = '\0';
		c = version_compare(version, v);
		if ((n == 0 || (n == 2 && !strncmp(op, "==", 2))) && c != 0)
			return false;
		if (n == 1 && op[0] == '<' && !(c < 0))
			return false;
		if (n == 1 && op[0] == '>' && !(c > 0))
			return false;
		if (n == 2 && !strncmp(op, "<=", 2) && !(c <= 0))
			return false;
		if (n == 2 && !strncmp(op, ">=", 2) && !(c >= 0))
			return false;
		if (n == 2 && !strncmp(op, "!=", 2) && c == 0)
			return false;
	}
	return true;
}

static bool has_id(const struct sg_finding *f, const char *id)
{
	if (f->rule_id && strcasecmp(f->rule_id, id) == 0)
		return true;
	for (size_t i = 0; i < sg_finding_cold(f)->n_ids; i++)
		if (sg_finding_cold(f)->ids[i] &&
		    strcasecmp(sg_finding_cold(f)->ids[i], id) == 0)
			return true;
	return false;
}

static bool same_package(struct sg_findings *set, const struct sg_finding *f,
			 const char *name)
{
	const char *eco = sg_finding_cold(f)->package.ecosystem;

	if (!sg_finding_cold(f)->package.name)
		return false;
	return eq(sg_package_identity_name(set, eco,
					   sg_finding_cold(f)->package.name),
		  sg_package_identity_name(set, eco, name));
}

/* Did tool report f (itself, or as one of a merged finding's sources)? */
static bool from_tool(const struct sg_finding *f, const char *tool)
{
	if (f->tool && !strcmp(f->tool, tool))
		return true;
	for (size_t i = 0; i < sg_finding_n_sources(f); i++)
		if (sg_finding_sources(f)[i] &&
		    !strcmp(sg_finding_sources(f)[i], tool))
			return true;
	return false;
}

/*
 * f is one result (a finding read once, or a copy of a merged one: then
 * parent is the merged finding, whose fingerprint and ids, every alias of
 * every copy, name the copy too; else parent is f).
 */
static bool suppression_matches(struct sg_findings *set,
				const struct sg_suppression *s,
				const struct sg_finding *f,
				const struct sg_finding *parent)
{
	if (s->fingerprint && !sg_fingerprint_matches(f, s->fingerprint) &&
	    !sg_fingerprint_matches(parent, s->fingerprint))
		return false;
	if (s->rule && !eq(s->rule, f->rule_id))
		return false;
	if (s->vulnerability && !has_id(parent, s->vulnerability))
		return false;
	if (s->package && !same_package(set, f, s->package))
		return false;
	if (s->package_versions &&
	    !version_in(sg_finding_cold(f)->package.version,
			s->package_versions))
		return false;
	if (s->path && !(f->location.path &&
			 !sg_path_outside_repository(f->location.path) &&
			 sg_glob_match(s->path, f->location.path)))
		return false;
	if (s->tool && !from_tool(f, s->tool))
		return false;
	return true;
}

static bool path_excluded(const struct sg_config *c, const char *path)
{
	bool included = c->n_include == 0;

	if (!path)
		return false; /* nothing to filter on: never silently dropped */
	/*
	 * Outside the repository ("../x", an absolute path): the globs are
	 * about the repository's files, so none of them applies, and the
	 * finding is gated rather than dropped by accident.
	 */
	if (sg_path_outside_repository(path))
		return false;
	for (size_t i = 0; i < c->n_include && !included; i++)
		included = sg_glob_match(c->include[i], path);
	if (!included)
		return true;
	for (size_t i = 0; i < c->n_exclude; i++)
		if (sg_glob_match(c->exclude[i], path))
			return true;
	return false;
}

/* ---- the decision ---- */

struct decision {
	enum sg_severity severity;    /* after overrides and unknown_as */
	const struct sg_override *rerated; /* the override that set severity */
	bool unknown;
	bool threshold_none;
	enum sg_severity threshold;
	const char *threshold_from;   /* "fail_on", "override at line N" */
	char threshold_from_buf[48];
};

static void decide_threshold(const struct sg_policy *p,
			     const struct sg_finding *f, struct decision *d)
{
	const struct sg_config *c = p->config;
	const struct sg_override *best = NULL, *sev = NULL;

	d->severity = f->severity;
	d->rerated = NULL;
	d->threshold_none = p->never_fail;
	d->threshold = p->fail_on;
	d->threshold_from = "fail_on";
	for (size_t i = 0; c && i < c->n_overrides; i++) {
		const struct sg_override *o = &c->overrides[i];

		if (!override_matches(o, f))
			continue;
		if (o->fail_on.set &&
		    (!best || specificity(o) >= specificity(best)))
			best = o;
		if (o->has_severity &&
		    (!sev || specificity(o) >= specificity(sev)))
			sev = o;
	}
	if (sev && sev->severity != f->severity) {
		d->severity = sev->severity;
		d->rerated = sev;
	}
	d->unknown = d->severity == SG_SEV_UNKNOWN;
	if (d->unknown)
		d->severity = p->unknown_as;
	if (best) {
		d->threshold_none = best->fail_on.none;
		d->threshold = best->fail_on.severity;
		snprintf(d->threshold_from_buf, sizeof(d->threshold_from_buf),
			 "override at line %u", best->line);
		d->threshold_from = d->threshold_from_buf;
	}
}

static const struct sg_suppression *find_suppression(
	struct sg_findings *set, const struct sg_policy *p,
	struct sg_finding *f, const struct sg_finding *parent,
	const struct sg_suppression **expired)
{
	struct sg_config *c = p->config;

	*expired = NULL;
	for (size_t i = 0; c && i < c->n_suppressions; i++) {
		struct sg_suppression *s = &c->suppressions[i];

		if (!suppression_matches(set, s, f, parent))
			continue;
		s->matched++;
		if (s->has_expiry && p->now >= s->expires_end) {
			if (!*expired)
				*expired = s;
			continue;
		}
		return s;
	}
	return NULL;
}

static int set_reason(struct sg_findings *set, struct sg_finding *f,
		      const char *text)
{
	f->reason = sg_findings_intern(set, text, strlen(text));
	return f->reason ? 0 : sg_error(SG_ENOMEM, "out of memory");
}

/*
 * Append to buf[0, size) at *n, cut at the end: a long suppression reason
 * or ref must not push the writes past the buffer.
 */
__attribute__((format(printf, 4, 5))) static void
addf(char *buf, size_t size, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (*n >= size - 1)
		return;
	va_start(ap, fmt);
	w = vsnprintf(buf + *n, size - *n, fmt, ap);
	va_end(ap);
	if (w > 0)
		*n = *n + (size_t)w < size ? *n + (size_t)w : size - 1;
}

/*
 * The reason of one result is built with these, not addf: printf costs
 * more than the rest of the decision and runs for every finding. They
 * cut at the end of buf as addf does, so the text is the same.
 */
static void adds(char *buf, size_t size, size_t *n, const char *text)
{
	size_t len, room;

	if (*n >= size - 1)
		return;
	if (!text)
		text = "(null)"; /* what printf's %s wrote */
	len = strlen(text);
	room = size - 1 - *n;
	if (len > room)
		len = room;
	memcpy(buf + *n, text, len);
	*n += len;
	buf[*n] = '\0';
}

static void addu(char *buf, size_t size, size_t *n, unsigned v)
{
	char text[SG_DECIMAL_MAX + 1];

	*sg_put_decimal(text, v) = '\0';
	adds(buf, size, n, text);
}

/* The decision for one result (see suppression_matches for parent). */
static int decide_result(struct sg_findings *set, const struct sg_policy *p,
			 struct sg_finding *f, const struct sg_finding *parent)
{
	const struct sg_suppression *s, *expired;
	char reason[1024];
	const size_t size = sizeof(reason);
	struct decision d;
	size_t n = 0;

	decide_threshold(p, f, &d);
	reason[0] = '\0';
	if (d.unknown)
		adds(reason, size, &n, "unknown severity counted as ");
	adds(reason, size, &n, sg_severity_name(d.severity));
	if (d.rerated) {
		/*
		 * Re-rated: the finding's severity is the override's in every
		 * output and count; the producer's own words stay in
		 * tool_severity.
		 */
		adds(reason, size, &n, " (override at line ");
		addu(reason, size, &n, d.rerated->line);
		adds(reason, size, &n, "; was ");
		adds(reason, size, &n, sg_severity_name(f->severity));
		adds(reason, size, &n, ")");
		f->severity = d.rerated->severity;
		f->severity_overridden = true;
	}
	if (d.threshold_none) {
		adds(reason, size, &n, "; threshold none (");
		adds(reason, size, &n, d.threshold_from);
		adds(reason, size, &n, "): never blocks");
	} else {
		adds(reason, size, &n,
		     d.severity >= d.threshold ? " >= threshold "
					       : " < threshold ");
		adds(reason, size, &n, sg_severity_name(d.threshold));
		adds(reason, size, &n, " (");
		adds(reason, size, &n, d.threshold_from);
		adds(reason, size, &n, ")");
	}
	bool blocks = !d.threshold_none && d.severity >= d.threshold;

	f->excluded = p->config && path_excluded(p->config,
						 f->location.path);
	s = find_suppression(set, p, f, parent, &expired);
	/* Most findings match none: no cold part only to say so. */
	if (s || f->cold)
		sg_finding_cold_mut(set, f)->suppressed_by = s;
	f->suppression_expired = !s && expired;
	if (f->excluded) {
		blocks = false;
		adds(reason, size, &n, "; path excluded by paths");
	}
	if (s) {
		blocks = false;
		adds(reason, size, &n, "; suppressed (line ");
		addu(reason, size, &n, s->line);
		adds(reason, size, &n, ": ");
		adds(reason, size, &n, s->reason);
		if (s->owner) {
			adds(reason, size, &n, "; owner ");
			adds(reason, size, &n, s->owner);
		}
		if (s->has_expiry) {
			adds(reason, size, &n, "; expires ");
			adds(reason, size, &n, s->expires_text);
		}
		adds(reason, size, &n, ")");
	} else if (expired) {
		adds(reason, size, &n, "; the suppression at line ");
		addu(reason, size, &n, expired->line);
		adds(reason, size, &n, " expired on ");
		adds(reason, size, &n, expired->expires_text);
	} else if (sg_finding_cold(f)->producer_suppression &&
		   p->honor_producer_suppressions) {
		blocks = false;
		adds(reason, size, &n, "; suppressed by the producer (");
		adds(reason, size, &n,
		     sg_finding_cold(f)->producer_suppression);
		adds(reason, size, &n, ")");
	} else if (sg_finding_cold(f)->producer_suppression) {
		adds(reason, size, &n, "; the producer's suppression (");
		adds(reason, size, &n,
		     sg_finding_cold(f)->producer_suppression);
		adds(reason, size, &n, ") is not honoured");
	} else {
		adds(reason, size, &n, "; not suppressed");
	}
	if (f->state == SG_STATE_UNCHANGED) {
		adds(reason, size, &n, "; unchanged since the baseline");
		if (p->new_only) {
			adds(reason, size, &n, " (new_only: does not block)");
			blocks = false;
		}
	} else {
		adds(reason, size, &n, "; new");
	}
	if (p->diff_base && f->outside_diff) {
		blocks = false;
		adds(reason, size, &n, "; outside the change against ");
		adds(reason, size, &n, p->diff_base);
	}
	f->blocking = blocks;
	if (set_reason(set, f, reason) < 0)
		return SG_ENOMEM;
	return 0;
}

/* "trivy app/requirements.txt:3 (Flask 2.2.2)": which copy. */
static void describe_copy(char *out, size_t size, const struct sg_finding *c)
{
	const struct sg_location *l = &c->location;
	size_t n = (size_t)snprintf(out, size, "%s", c->tool ? c->tool : "?");

	if (l->path && n < size)
		n += (size_t)snprintf(out + n, size - n, " %s", l->path);
	if (l->path && l->start_line && n < size)
		n += (size_t)snprintf(out + n, size - n, ":%u", l->start_line);
	if (l->commit && n < size)
		n += (size_t)snprintf(out + n, size - n, " commit %.12s",
				      l->commit);
	if (sg_finding_cold(c)->package.name &&
	    sg_finding_cold(c)->package.version && n < size)
		snprintf(out + n, size - n, " (%s %s)",
			 sg_finding_cold(c)->package.name,
			 sg_finding_cold(c)->package.version);
}

/*
 * A merged finding: each copy is decided as if it had been read alone
 * (its place, tool, version, producer suppression, diff), and the finding
 * blocks when any copy blocks; its reason names the first copy that does.
 */
static int decide_merged(struct sg_findings *set, const struct sg_policy *p,
			 struct sg_finding *f)
{
	char reason[1200], who[256];
	const struct sg_finding *blocker = NULL;
	size_t n_blocking = 0;
	bool all_excluded = true, same_reason = true;
	int rc;

	sg_finding_cold_mut(set, f)->suppressed_by = NULL;
	f->suppression_expired = false;
	for (size_t i = 0; i < sg_finding_cold(f)->n_copies; i++) {
		struct sg_finding *c = &sg_finding_cold(f)->copies[i];

		c->state = f->state;
		if ((rc = decide_result(set, p, c, f)) < 0)
			return rc;
		n_blocking += c->blocking;
		if (c->blocking && n_blocking == 1)
			blocker = c;
		all_excluded &= c->excluded;
		same_reason &=
		    c->reason == sg_finding_cold(f)->copies[0].reason;
		f->suppression_expired |= c->suppression_expired;
	}
	f->blocking = n_blocking > 0;
	f->excluded = all_excluded;
	/* Re-rated copies re-rate the finding: the most severe copy counts. */
	f->severity = sg_finding_cold(f)->copies[0].severity;
	f->severity_overridden = false;
	for (size_t i = 0; i < sg_finding_cold(f)->n_copies; i++) {
		if (sg_finding_cold(f)->copies[i].severity > f->severity)
			f->severity = sg_finding_cold(f)->copies[i].severity;
		f->severity_overridden |=
		    sg_finding_cold(f)->copies[i].severity_overridden;
	}
	for (size_t i = 0; !f->blocking && i < sg_finding_cold(f)->n_copies;
	     i++)
		if (!sg_finding_cold(f)->suppressed_by)
			sg_finding_cold_mut(set, f)->suppressed_by =
			    sg_finding_cold(&sg_finding_cold(f)->copies[i])
				->suppressed_by;
	if (blocker) {
		/* Annotations and summaries point where it blocks. */
		if (blocker->location.path) {
			f->location = blocker->location;
			sg_finding_cold_mut(set, f)->package.version =
			    sg_finding_cold(blocker)->package.version;
		}
		describe_copy(who, sizeof(who), blocker);
		snprintf(reason, sizeof(reason),
			 "%zu of %zu copies block%s; first %s: %s", n_blocking,
			 sg_finding_cold(f)->n_copies,
			 n_blocking == 1 ? "s" : "", who, blocker->reason);
	} else if (same_reason) {
		snprintf(reason, sizeof(reason),
			 "none of %zu copies blocks: %s",
			 sg_finding_cold(f)->n_copies,
			 sg_finding_cold(f)->copies[0].reason);
	} else {
		size_t n = 0;

		addf(reason, sizeof(reason), &n, "none of %zu copies blocks",
		     sg_finding_cold(f)->n_copies);
		for (size_t i = 0; i < sg_finding_cold(f)->n_copies; i++) {
			describe_copy(who, sizeof(who),
				      &sg_finding_cold(f)->copies[i]);
			addf(reason, sizeof(reason), &n, "; %s: %s", who,
			     sg_finding_cold(f)->copies[i].reason);
		}
	}
	return set_reason(set, f, reason);
}

int sg_policy_apply(struct sg_findings *set, const struct sg_policy *p)
{
	for (size_t i = 0; i < set->count; i++) {
		struct sg_finding *f = &set->items[i];
		int rc = sg_finding_cold(f)->n_copies
			     ? decide_merged(set, p, f)
			     : decide_result(set, p, f, f);

		if (rc < 0)
			return rc;
	}
	return 0;
}

/* How many tools the copies of a merged finding came from (a few). */
static size_t distinct_tools(const struct sg_finding *f)
{
	const char *seen[16];
	size_t n = 0, more = 0;

	for (size_t i = 0; i < sg_finding_cold(f)->n_copies; i++) {
		const char *tool = sg_finding_cold(f)->copies[i].tool;
		bool found = false;

		for (size_t j = 0; j < n && !found; j++)
			found = eq(seen[j], tool);
		if (found)
			continue;
		if (n < sizeof(seen) / sizeof(*seen))
			seen[n++] = tool;
		else
			more++; /* more than 16 tools: an estimate */
	}
	return n + more;
}

void sg_summary_compute(const struct sg_findings *set,
			const struct sg_baseline *baseline,
			const struct sg_policy *policy,
			struct sg_summary *out)
{
	const struct sg_config *c = policy ? policy->config : NULL;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < set->count; i++) {
		const struct sg_finding *f = &set->items[i];

		out->total++;
		out->results += sg_finding_cold(f)->n_copies
				    ? sg_finding_cold(f)->n_copies
				    : 1;
		if (sg_finding_cold(f)->n_copies) {
			size_t tools = distinct_tools(f);

			out->merged_across_tools += tools - 1;
			out->merged_duplicates +=
			    sg_finding_cold(f)->n_copies - tools;
		}
		out->by_severity[f->severity]++;
		if (f->blocking) {
			out->blocking++;
			out->blocking_by_severity[f->severity]++;
		}
		if (f->state == SG_STATE_UNCHANGED)
			out->unchanged++;
		else
			out->new_findings++;
		out->suppressed += sg_finding_cold(f)->suppressed_by != NULL;
		out->expired += f->suppression_expired;
		out->excluded += f->excluded;
		out->outside_diff += f->outside_diff;
	}
	for (size_t i = 0; baseline && i < baseline->count; i++)
		out->absent += sg_baseline_entry_absent(&baseline->entries[i]);
	for (size_t i = 0; c && i < c->n_suppressions; i++) {
		const struct sg_suppression *s = &c->suppressions[i];
		int64_t window = (int64_t)policy->expiry_warning_days * DAY_SECONDS;

		out->stale_suppressions += s->matched == 0;
		out->expiring_suppressions +=
			s->has_expiry && s->expires_end > policy->now &&
			s->expires_end - policy->now <= window;
	}
}

enum sg_verdict sg_policy_verdict(const struct sg_policy *policy,
				  const struct sg_summary *summary,
				  size_t failed_inputs)
{
	if (failed_inputs)
		return SG_VERDICT_ERROR;
	if (summary->blocking)
		return SG_VERDICT_FAIL;
	if (policy->strict && summary->stale_suppressions)
		return SG_VERDICT_FAIL;
	return SG_VERDICT_PASS;
}

const char *sg_verdict_name(enum sg_verdict verdict)
{
	switch (verdict) {
	case SG_VERDICT_PASS:
		return "pass";
	case SG_VERDICT_FAIL:
		return "fail";
	default:
		return "error";
	}
}
