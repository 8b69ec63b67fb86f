/*
 * The JUnit reporter: counts per suite, validity against the Jenkins xUnit
 * and windyroad Ant schemas, unique names, hostile strings, a full disk,
 * determinism and 100k findings. Run results are built by hand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>

#include "test_util.h"

#include "config.h"
#include "report_junit.h"
#include "secgate/error.h"
#include "secgate/fingerprint.h"

#define NOW 1700000000 /* 2023-11-14T22:13:20Z */

struct fx {
	struct sg_findings set;
	struct sg_input inputs[6];
	size_t n_inputs;
	struct sg_suppression sups[3];
	struct sg_config config;
	struct sg_policy policy;
	struct sg_run_result r;
};

static const char *fingerprint(struct sg_findings *set, const char *seed)
{
	char hex[65], fp[40];

	sg_sha256_hex(seed, strlen(seed), hex);
	snprintf(fp, sizeof(fp), "sg1:%.32s", hex);
	return sg_findings_strdup(set, fp);
}

static struct sg_finding *add(struct sg_findings *set, const char *tool,
			      enum sg_kind kind, const char *rule,
			      const char *path, uint32_t line,
			      enum sg_severity sev, bool blocking,
			      uint32_t input)
{
	struct sg_finding *f = sg_findings_append(set);
	char seed[256];

	assert_non_null(f);
	f->tool = tool;
	f->kind = kind;
	f->rule_id = rule;
	f->title = rule;
	f->message = "a message";
	f->severity = sev;
	sg_finding_cold_mut(set, f)->tool_severity = sg_severity_name(sev);
	f->location.path = path;
	f->location.start_line = line;
	f->location.end_line = line;
	snprintf(seed, sizeof(seed), "%s|%s|%s|%u|%zu", tool, rule,
		 path ? path : "", line, set->count);
	f->fingerprint = fingerprint(set, seed);
	sg_finding_cold_mut(set, f)->sources = sg_findings_strv(set, 1);
	sg_finding_sources(f)[0] = tool;
	sg_finding_cold_mut(set, f)->n_sources = 1;
	f->input_index = input;
	f->blocking = blocking;
	f->reason =
	    blocking ? "high >= threshold high" : "low < threshold high";
	return f;
}

static void input_ok(struct fx *x, const char *path, const char *tool,
		     size_t n_findings)
{
	struct sg_input *in = &x->inputs[x->n_inputs++];

	memset(in, 0, sizeof(*in));
	in->path = path;
	in->meta.tool = tool;
	in->meta.format = "test-format";
	in->n_findings = n_findings;
}

static void finish(struct fx *x, enum sg_verdict verdict)
{
	sg_policy_default(&x->policy);
	x->r.set = &x->set;
	x->r.inputs = x->inputs;
	x->r.n_inputs = x->n_inputs;
	x->r.policy = &x->policy;
	x->r.verdict = verdict;
	sg_summary_compute(&x->set, NULL, NULL, &x->r.summary);
	x->r.now = NOW;
	x->r.stamp = NOW;
}

/*
 * Five tools, every verdict a finding can have, a suppressed, an expired
 * and a stale suppression, an input whose findings were all merged, one
 * with no findings and a failed one. Expected: 14 testcases, 4 failures,
 * 6 skipped, 2 errors (see the comments).
 */
static void build(struct fx *x)
{
	struct sg_finding *f;

	memset(x, 0, sizeof(*x));
	sg_findings_init(&x->set);

	x->sups[0].rule = "generic-api-key";
	x->sups[0].reason = "test fixture key";
	x->sups[0].owner = "alice";
	x->sups[0].has_expiry = true;
	x->sups[0].expires_end = NOW + 86400;
	memcpy(x->sups[0].expires_text, "2023-11-15", 11);
	x->sups[0].line = 4, x->sups[0].column = 5;
	x->sups[0].matched = 1;
	x->sups[1].path = "vendor/**"; /* stale */
	x->sups[1].reason = "vendored";
	x->sups[1].line = 8, x->sups[1].column = 5;
	x->sups[2].vulnerability = "CVE-2020-0002"; /* expired */
	x->sups[2].reason = "waiting for upstream";
	x->sups[2].has_expiry = true;
	x->sups[2].expires_end = NOW - 86400;
	memcpy(x->sups[2].expires_text, "2023-11-13", 11);
	x->sups[2].line = 12, x->sups[2].column = 5;
	x->config.path = (char *)".secgate.yml";
	x->config.suppressions = x->sups;
	x->config.n_suppressions = 3;
	x->config.new_only = true;
	x->r.config = &x->config;

	/* trivy: 4 testcases, 3 failures, 1 skipped. */
	f = add(&x->set, "trivy", SG_KIND_VULNERABILITY, "CVE-2020-0001",
		"requirements.txt", 0, SG_SEV_HIGH, true, 0);
	sg_finding_cold_mut(&x->set, f)->package.ecosystem = "pypi";
	sg_finding_cold_mut(&x->set, f)->package.name = "requests";
	sg_finding_cold_mut(&x->set, f)->package.version = "2.19.0";
	sg_finding_cold_mut(&x->set, f)->package.fixed_versions =
	    sg_findings_strv(&x->set, 2);
	sg_finding_cold(f)->package.fixed_versions[0] = "2.20.0";
	sg_finding_cold(f)->package.fixed_versions[1] = "2.21.0";
	sg_finding_cold_mut(&x->set, f)->package.n_fixed_versions = 2;
	sg_finding_cold_mut(&x->set, f)->ids = sg_findings_strv(&x->set, 2);
	sg_finding_cold(f)->ids[0] = "CVE-2020-0001";
	sg_finding_cold(f)->ids[1] = "GHSA-aaaa-bbbb-cccc";
	sg_finding_cold_mut(&x->set, f)->n_ids = 2;
	sg_finding_cold_mut(&x->set, f)->help_uri =
	    "https://avd.aquasec.com/nvd/cve-2020-0001";
	add(&x->set, "trivy", SG_KIND_VULNERABILITY, "CVE-2020-0003",
	    "requirements.txt", 0, SG_SEV_LOW, false, 0);
	f = add(&x->set, "trivy", SG_KIND_VULNERABILITY, "CVE-2020-0004",
		"requirements.txt", 0, SG_SEV_CRITICAL, true, 0);
	sg_finding_cold_mut(&x->set, f)->sources = sg_findings_strv(&x->set, 2);
	sg_finding_sources(f)[0] = "trivy";
	sg_finding_sources(f)[1] = "pip-audit";
	sg_finding_cold_mut(&x->set, f)->n_sources = 2;
	f = add(&x->set, "trivy", SG_KIND_VULNERABILITY, "CVE-2020-0002",
		"requirements.txt", 0, SG_SEV_HIGH, true, 0);
	sg_finding_cold_mut(&x->set, f)->suppressed_by = &x->sups[2];
	f->suppression_expired = true;

	/* gitleaks: 2 testcases, 1 failure, 1 skipped (suppressed). */
	add(&x->set, "gitleaks", SG_KIND_SECRET, "aws-access-token",
	    "src/config.py", 12, SG_SEV_HIGH, true, 1);
	f = add(&x->set, "gitleaks", SG_KIND_SECRET, "generic-api-key",
		"tests/data.py", 3, SG_SEV_HIGH, false, 1);
	sg_finding_cold_mut(&x->set, f)->suppressed_by = &x->sups[0];
	f->reason = "suppressed by .secgate.yml:4:5";

	/* CodeQL: 2 testcases, both skipped (baseline, excluded). */
	f = add(&x->set, "CodeQL", SG_KIND_CODE, "py/sql-injection",
		"app/db.py", 40, SG_SEV_HIGH, false, 2);
	f->state = SG_STATE_UNCHANGED;
	f->reason = "in the baseline";
	f = add(&x->set, "CodeQL", SG_KIND_CODE, "py/path-injection",
		"build/gen.py", 7, SG_SEV_HIGH, false, 2);
	f->excluded = true;
	f->reason = "path excluded";

	input_ok(x, "trivy.json", "trivy", 4);
	input_ok(x, "gitleaks.json", "gitleaks", 2);
	input_ok(x, "codeql.sarif", "CodeQL", 2);
	/* pip-audit: its finding merged into trivy's: 1 passing testcase. */
	input_ok(x, "pip-audit.json", "pip-audit", 1);
	/* Semgrep: nothing found: 1 passing testcase. */
	input_ok(x, "semgrep.sarif", "Semgrep OSS", 0);
	/* Policy suite: error, stale (skipped), expired (skipped), gate error.
	 */
	input_ok(x, "broken.json", NULL, 0);
	x->inputs[5].status = SG_EINPUT;
	x->inputs[5].error = (char *)"broken.json:1:2: unknown report format";
	finish(x, SG_VERDICT_ERROR);
}

static void release(struct fx *x)
{
	sg_findings_release(&x->set);
}

/* Render to memory; the buffer is new. */
static char *render(const struct sg_run_result *r, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	assert_non_null(f);
	assert_int_equal(sg_report_junit_write(f, r), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static xmlDocPtr parse(const char *buf, size_t len)
{
	xmlDocPtr doc =
	    xmlReadMemory(buf, (int)len, "junit.xml", NULL, XML_PARSE_NONET);

	assert_non_null(doc);
	return doc;
}

static const char *prop(xmlNodePtr n, const char *name, char *out, size_t size)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);

	if (!v)
		return NULL;
	snprintf(out, size, "%s", (const char *)v);
	xmlFree(v);
	return out;
}

static bool is(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	       strcmp((const char *)n->name, name) == 0;
}

struct counts {
	size_t suites, tests, failures, skipped, errors;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t attr_num(xmlNodePtr n, const char *name)
{
	char v[64];

	assert_non_null(prop(n, name, v, sizeof(v)));
	return (size_t)strtoul(v, NULL, 10);
}

/*
 * Count testcases and their outcomes; check each suite's attributes
 * against its children, names unique in the file, classnames free of '/',
 * no file/line attributes, at most one outcome per testcase.
 */
static struct counts count(xmlDocPtr doc)
{
	struct counts c = {0};
	xmlNodePtr root = xmlDocGetRootElement(doc);
	char **names = NULL;
	size_t n_names = 0;

	assert_true(is(root, "testsuites"));
	assert_null(root->properties);
	for (xmlNodePtr s = root->children; s; s = s->next) {
		struct counts sc = {0};

		if (s->type != XML_ELEMENT_NODE)
			continue;
		assert_true(is(s, "testsuite"));
		c.suites++;
		for (xmlNodePtr t = s->children; t; t = t->next) {
			char v[4096];
			size_t outcomes = 0;

			if (!is(t, "testcase"))
				continue;
			sc.tests++;
			assert_non_null(prop(t, "name", v, sizeof(v)));
			names = realloc(names, (n_names + 1) * sizeof(*names));
			assert_non_null(names);
			names[n_names++] = strdup(v);
			assert_non_null(prop(t, "classname", v, sizeof(v)));
			assert_null(strchr(v, '/'));
			assert_null(prop(t, "file", v, sizeof(v)));
			assert_null(prop(t, "line", v, sizeof(v)));
			for (xmlNodePtr o = t->children; o; o = o->next) {
				if (is(o, "failure"))
					sc.failures++, outcomes++;
				else if (is(o, "skipped"))
					sc.skipped++, outcomes++;
				else if (is(o, "error"))
					sc.errors++, outcomes++;
			}
			assert_true(outcomes <= 1);
		}
		assert_int_equal(attr_num(s, "tests"), sc.tests);
		assert_int_equal(attr_num(s, "failures"), sc.failures);
		assert_int_equal(attr_num(s, "errors"), sc.errors);
		assert_int_equal(attr_num(s, "skipped"), sc.skipped);
		c.tests += sc.tests;
		c.failures += sc.failures;
		c.skipped += sc.skipped;
		c.errors += sc.errors;
	}
	if (n_names)
		qsort(names, n_names, sizeof(*names), cmp_str);
	for (size_t i = 1; i < n_names; i++)
		assert_string_not_equal(names[i - 1], names[i]);
	for (size_t i = 0; i < n_names; i++)
		free(names[i]);
	free(names);
	return c;
}

/* The first element named name with attribute attr == value, or NULL. */
static xmlNodePtr find(xmlNodePtr n, const char *name, const char *attr,
		       const char *value)
{
	for (; n; n = n->next) {
		char v[4096];
		xmlNodePtr hit;

		if (is(n, name) && (!attr || (prop(n, attr, v, sizeof(v)) &&
					      strcmp(v, value) == 0)))
			return n;
		hit = find(n->children, name, attr, value);
		if (hit)
			return hit;
	}
	return NULL;
}

static xmlNodePtr child(xmlNodePtr n, const char *name)
{
	for (n = n->children; n; n = n->next)
		if (is(n, name))
			return n;
	return NULL;
}

static bool validate(xmlDocPtr doc, const char *xsd)
{
	const char *path = shared_fixture_path(xsd);
	xmlSchemaParserCtxtPtr pctx;
	xmlSchemaValidCtxtPtr vctx;
	xmlSchemaPtr schema;
	int rc;

	assert_non_null(path);
	pctx = xmlSchemaNewParserCtxt(path);
	assert_non_null(pctx);
	schema = xmlSchemaParse(pctx);
	assert_non_null(schema);
	vctx = xmlSchemaNewValidCtxt(schema);
	assert_non_null(vctx);
	rc = xmlSchemaValidateDoc(vctx, doc);
	xmlSchemaFreeValidCtxt(vctx);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pctx);
	return rc == 0;
}

static bool schemas_present(void)
{
	if (shared_fixture_path("schemas/junit-10-jenkins-xunit.xsd") &&
	    shared_fixture_path("schemas/junit-windyroad-ant.xsd"))
		return true;
	printf("SKIPPED: ../shared absent: no JUnit schemas to validate "
	       "against\n");
	return false;
}

static void assert_valid(xmlDocPtr doc)
{
	assert_true(validate(doc, "schemas/junit-10-jenkins-xunit.xsd"));
	assert_true(validate(doc, "schemas/junit-windyroad-ant.xsd"));
}

static void test_report_junit__counts_and_outcomes(void **state)
{
	struct fx x;
	size_t len;
	char *buf, v[4096];
	xmlDocPtr doc;
	xmlNodePtr root, s, t, o;
	struct counts c;
	const char *expect_suites[] = {"trivy",	      "gitleaks",
				       "CodeQL",      "pip-audit",
				       "Semgrep OSS", "secgate policy"};
	size_t k = 0;

	(void)state;
	build(&x);
	buf = render(&x.r, &len);
	doc = parse(buf, len);
	c = count(doc);
	assert_int_equal(c.suites, 6);
	assert_int_equal(c.tests, 14);
	assert_int_equal(c.failures, 4);
	assert_int_equal(c.skipped, 6);
	assert_int_equal(c.errors, 2);

	/* Suites in order of first appearance, ids from 0, fixed attributes. */
	root = xmlDocGetRootElement(doc);
	for (s = root->children; s; s = s->next) {
		if (!is(s, "testsuite"))
			continue;
		assert_string_equal(prop(s, "name", v, sizeof(v)),
				    expect_suites[k]);
		assert_int_equal(attr_num(s, "id"), k);
		assert_string_equal(prop(s, "timestamp", v, sizeof(v)),
				    "2023-11-14T22:13:20");
		assert_string_equal(prop(s, "hostname", v, sizeof(v)),
				    "secgate");
		assert_string_equal(prop(s, "time", v, sizeof(v)), "0");
		k++;
	}
	s = find(root, "testsuite", "name", "Semgrep OSS");
	assert_string_equal(prop(s, "package", v, sizeof(v)),
			    "secgate.Semgrep_OSS");

	/* A blocking vulnerability: name, classname, failure, body. */
	t = find(root, "testcase", "classname", "secgate.trivy.vulnerability");
	assert_non_null(t);
	prop(t, "name", v, sizeof(v));
	assert_true(strncmp(v, "CVE-2020-0001 requirements.txt [", 32) == 0);
	assert_int_equal(strlen(v), 32 + 12 + 1);
	assert_int_equal(strspn(v + 32, "0123456789abcdef"), 12);
	assert_int_equal(v[44], ']');
	assert_string_equal(prop(t, "time", v, sizeof(v)), "0");
	o = child(t, "failure");
	assert_non_null(o);
	assert_string_equal(prop(o, "message", v, sizeof(v)),
			    "high CVE-2020-0001");
	assert_string_equal(prop(o, "type", v, sizeof(v)), "high");
	{
		xmlChar *body = xmlNodeGetContent(o);

		assert_non_null(strstr((char *)body, "rule: CVE-2020-0001\n"));
		assert_non_null(
		    strstr((char *)body, "package: pypi/requests 2.19.0\n"));
		assert_non_null(
		    strstr((char *)body, "fixed versions: 2.20.0, 2.21.0\n"));
		assert_non_null(strstr(
		    (char *)body, "ids: CVE-2020-0001, GHSA-aaaa-bbbb-cccc\n"));
		assert_non_null(strstr((char *)body, "fingerprint: sg1:"));
		assert_non_null(strstr((char *)body, "help: https://avd"));
		assert_non_null(
		    strstr((char *)body, "reason: high >= threshold high\n"));
		xmlFree(body);
	}

	/* Skipped messages say why the finding does not block. */
	t = find(root, "testcase", "classname", "secgate.gitleaks.secret");
	t = t->next;
	while (t && !is(t, "testcase"))
		t = t->next;
	assert_non_null(t);
	o = child(t, "skipped");
	assert_non_null(o);
	assert_string_equal(prop(o, "message", v, sizeof(v)),
			    "suppressed: test fixture key (owner: alice, "
			    "expires 2023-11-15)");
	assert_null(prop(o, "type", v, sizeof(v)));
	t = find(root, "testcase", "classname", "secgate.CodeQL.code");
	assert_string_equal(prop(child(t, "skipped"), "message", v, sizeof(v)),
			    "unchanged since the baseline");
	assert_non_null(strstr(prop(t->next->next, "name", v, sizeof(v)),
			       "py/path-injection build/gen.py:7 ["));
	assert_string_equal(
	    prop(child(t->next->next, "skipped"), "message", v, sizeof(v)),
	    "excluded: path excluded by the configuration");
	t = find(root, "testcase", "name", "CVE-2020-0003 requirements.txt");
	assert_null(t); /* names carry the fingerprint */

	/* Inputs without findings of their own pass. */
	t = find(root, "testcase", "name", "no findings in semgrep.sarif");
	assert_non_null(t);
	assert_null(t->children);
	assert_string_equal(prop(t, "classname", v, sizeof(v)),
			    "secgate.Semgrep_OSS.input");
	assert_non_null(find(root, "testcase", "name",
			     "1 finding also reported by an earlier input in "
			     "pip-audit.json"));

	/* The policy suite. */
	t = find(root, "testcase", "name", "input broken.json");
	assert_non_null(t);
	o = child(t, "error");
	assert_string_equal(prop(o, "message", v, sizeof(v)),
			    "input failed: broken.json:1:2: unknown report "
			    "format");
	assert_string_equal(prop(o, "type", v, sizeof(v)), "input");
	t = find(root, "testcase", "name", "suppression at .secgate.yml:8:5");
	assert_string_equal(prop(child(t, "skipped"), "message", v, sizeof(v)),
			    "stale suppression: matched no finding");
	t = find(root, "testcase", "name", "suppression at .secgate.yml:12:5");
	assert_string_equal(prop(child(t, "skipped"), "message", v, sizeof(v)),
			    "suppression expired on 2023-11-13: 1 finding no "
			    "longer suppressed");
	assert_null(
	    find(root, "testcase", "name", "suppression at .secgate.yml:4:5"));
	t = find(root, "testcase", "name", "gate");
	o = child(t, "error");
	assert_string_equal(prop(o, "message", v, sizeof(v)),
			    "gate error: 1 input failed");

	if (schemas_present())
		assert_valid(doc);
	xmlFreeDoc(doc);
	free(buf);
	release(&x);
}

static void test_report_junit__strict_stale_fails(void **state)
{
	struct fx x;
	size_t len;
	char *buf, v[256];
	xmlDocPtr doc;
	xmlNodePtr t;
	struct counts c;

	(void)state;
	build(&x);
	x.config.strict = true;
	x.r.verdict = SG_VERDICT_FAIL;
	x.inputs[5].status = 0; /* no failed input this time */
	x.inputs[5].error = NULL;
	buf = render(&x.r, &len);
	doc = parse(buf, len);
	c = count(doc);
	/* broken.json now has no findings: a passing testcase instead. */
	assert_int_equal(c.tests, 14);
	assert_int_equal(c.failures, 4 + 1 + 1); /* + stale + gate */
	assert_int_equal(c.errors, 0);
	assert_int_equal(c.skipped, 5);
	t = find(xmlDocGetRootElement(doc), "testcase", "name",
		 "suppression at .secgate.yml:8:5");
	assert_string_equal(prop(child(t, "failure"), "type", v, sizeof(v)),
			    "stale-suppression");
	t = find(xmlDocGetRootElement(doc), "testcase", "name", "gate");
	assert_string_equal(prop(child(t, "failure"), "message", v, sizeof(v)),
			    "gate failed: 4 blocking findings");
	if (schemas_present())
		assert_valid(doc);
	xmlFreeDoc(doc);
	free(buf);
	release(&x);
}

static void test_report_junit__expired_suppressions(void **state)
{
	struct fx x;
	size_t len;
	char *buf, v[256];
	xmlDocPtr doc;
	xmlNodePtr root, t;
	struct sg_finding *f;
	struct counts c;

	(void)state;
	memset(&x, 0, sizeof(x));
	sg_findings_init(&x.set);
	/* Expired, matched nothing: stale, and says it expired. */
	x.sups[0].rule = "r1";
	x.sups[0].reason = "old";
	x.sups[0].has_expiry = true;
	x.sups[0].expires_end = NOW - 1;
	memcpy(x.sups[0].expires_text, "2023-11-13", 11);
	x.sups[0].line = 3, x.sups[0].column = 5;
	x.config.suppressions = x.sups;
	x.config.n_suppressions = 1;
	x.r.config = &x.config;
	/* Back from an expired suppression the gate did not name. */
	f = add(&x.set, "gitleaks", SG_KIND_SECRET, "r2", "a.txt", 1,
		SG_SEV_HIGH, true, 0);
	f->suppression_expired = true;
	input_ok(&x, "gitleaks.json", "gitleaks", 1);
	finish(&x, SG_VERDICT_FAIL);
	buf = render(&x.r, &len);
	doc = parse(buf, len);
	c = count(doc);
	assert_int_equal(c.tests, 4); /* finding, stale, expired, gate */
	assert_int_equal(c.failures, 2);
	assert_int_equal(c.skipped, 2);
	root = xmlDocGetRootElement(doc);
	/* No config path: the default file name. */
	t = find(root, "testcase", "name", "suppression at .secgate.yml:3:5");
	assert_string_equal(prop(child(t, "skipped"), "message", v, sizeof(v)),
			    "stale suppression: matched no finding (expired on "
			    "2023-11-13)");
	t = find(root, "testcase", "name", "expired suppressions");
	assert_string_equal(prop(child(t, "skipped"), "message", v, sizeof(v)),
			    "suppression expired: 1 finding no longer "
			    "suppressed");
	if (schemas_present())
		assert_valid(doc);
	xmlFreeDoc(doc);
	free(buf);
	release(&x);
}

static void test_report_junit__package_in_name(void **state)
{
	struct fx x;
	size_t len;
	char *buf, v[256];
	xmlDocPtr doc;
	xmlNodePtr t;
	struct sg_finding *f;

	(void)state;
	memset(&x, 0, sizeof(x));
	sg_findings_init(&x.set);
	f = add(&x.set, "trivy", SG_KIND_VULNERABILITY, "CVE-2019-18224", NULL,
		0, SG_SEV_CRITICAL, true, 0);
	sg_finding_cold_mut(&x.set, f)->package.name = "libidn2-0";
	sg_finding_cold_mut(&x.set, f)->package.version = "2.0.5-1";
	input_ok(&x, "image.json", "trivy", 1);
	finish(&x, SG_VERDICT_FAIL);
	buf = render(&x.r, &len);
	doc = parse(buf, len);
	t = find(xmlDocGetRootElement(doc), "testcase", "classname",
		 "secgate.trivy.vulnerability");
	prop(t, "name", v, sizeof(v));
	assert_true(strncmp(v, "CVE-2019-18224 libidn2-0 2.0.5-1 [", 34) == 0);
	xmlFreeDoc(doc);
	free(buf);
	release(&x);
}

static void test_report_junit__empty_run_passes(void **state)
{
	struct fx x;
	size_t len;
	char *buf;
	xmlDocPtr doc;
	xmlNodePtr t;
	struct counts c;

	(void)state;
	memset(&x, 0, sizeof(x));
	sg_findings_init(&x.set);
	finish(&x, SG_VERDICT_PASS);
	buf = render(&x.r, &len);
	doc = parse(buf, len);
	c = count(doc);
	assert_int_equal(c.suites, 1);
	assert_int_equal(c.tests, 1);
	assert_int_equal(c.failures + c.skipped + c.errors, 0);
	t = find(xmlDocGetRootElement(doc), "testcase", "name", "gate");
	assert_non_null(t);
	assert_null(t->children);
	if (schemas_present())
		assert_valid(doc);
	xmlFreeDoc(doc);
	free(buf);
	release(&x);
}

static void test_report_junit__unique_names(void **state)
{
	struct fx x;
	size_t len;
	char *buf;
	xmlDocPtr doc;
	struct sg_finding *f;
	const char *fp;

	(void)state;
	memset(&x, 0, sizeof(x));
	sg_findings_init(&x.set);
	/* Same rule, path, line and fingerprint (not de-duplicated). */
	f = add(&x.set, "semgrep", SG_KIND_CODE, "r", "a.c", 1, SG_SEV_HIGH,
		true, 0);
	fp = f->fingerprint;
	f = add(&x.set, "semgrep", SG_KIND_CODE, "r", "a.c", 1, SG_SEV_HIGH,
		true, 0);
	f->fingerprint = fp;
	f = add(&x.set, "semgrep", SG_KIND_CODE, "r", "a.c", 1, SG_SEV_HIGH,
		true, 0);
	f->fingerprint = fp;
	/* A tool named like the policy suite, and one named "gate". */
	add(&x.set, "secgate policy", SG_KIND_CODE, "gate", NULL, 0, SG_SEV_LOW,
	    false, 0);
	input_ok(&x, "semgrep.sarif", "semgrep", 3);
	finish(&x, SG_VERDICT_FAIL);
	buf = render(&x.r, &len);
	doc = parse(buf, len);
	assert_int_equal(count(doc).tests, 5); /* count() checks uniqueness */
	assert_non_null(strstr(buf, "] (2)\""));
	assert_non_null(strstr(buf, "] (3)\""));
	assert_non_null(strstr(buf, "name=\"secgate policy (tool)\""));
	if (schemas_present())
		assert_valid(doc);
	xmlFreeDoc(doc);
	free(buf);
	release(&x);
}

/* Compare with fixtures/junit/<name>; SG_UPDATE_GOLDEN=1 rewrites it. */
static void assert_golden(const char *name, const char *buf, size_t len)
{
	const char *path = fixture_path(name);
	char *want = NULL;
	size_t want_len = 0, cap = 0, n;
	FILE *f;

	if (sg_update_golden()) {
		f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(buf, 1, len, f), len);
		assert_int_equal(fclose(f), 0);
		return;
	}
	f = fopen(path, "rb");
	if (!f)
		fail_msg("%s: missing golden (SG_UPDATE_GOLDEN=1 writes it)",
			 path);
	do {
		if (want_len + 4096 > cap) {
			cap = cap ? cap * 2 : 65536;
			want = realloc(want, cap);
			assert_non_null(want);
		}
		n = fread(want + want_len, 1, cap - want_len, f);
		want_len += n;
	} while (n > 0);
	fclose(f);
	if (want_len != len || memcmp(want, buf, len) != 0)
		fail_msg("%s differs from the output (SG_UPDATE_GOLDEN=1 to "
			 "accept)",
			 path);
	free(want);
}

#define NASTY                                                                  \
	"]]><testcase name=\"x\"/></testsuite> \x1b[31m ::error::x "           \
	"##[warning]y"                                                         \
	"\r\nz \xff\xfe \xef\xbf\xbe \x01 \xed\xa0\x80 \xc2\x9b \xe2\x80\xae"  \
	" \xc3 end"

static void test_report_junit__hostile_strings(void **state)
{
	struct fx x;
	size_t len;
	char *buf;
	xmlDocPtr doc;
	struct counts c;
	struct sg_finding *f;

	(void)state;
	build(&x);
	f = add(&x.set, NASTY, SG_KIND_CODE, NASTY, NASTY, 9, SG_SEV_HIGH, true,
		0);
	f->title = NASTY;
	f->message = NASTY;
	sg_finding_cold_mut(&x.set, f)->tool_severity = NASTY;
	sg_finding_cold_mut(&x.set, f)->help_uri = NASTY;
	f->location.commit = NASTY;
	sg_finding_cold_mut(&x.set, f)->ids = sg_findings_strv(&x.set, 1);
	sg_finding_cold(f)->ids[0] = NASTY;
	sg_finding_cold_mut(&x.set, f)->n_ids = 1;
	f = add(&x.set, "trivy", SG_KIND_CODE, NASTY, NASTY, 9, SG_SEV_LOW,
		false, 0);
	f->reason = NASTY;
	x.inputs[5].error = (char *)NASTY;
	x.inputs[5].path = NASTY;
	x.sups[1].reason = NASTY;
	x.sups[1].path = NASTY;
	x.sups[0].owner = NASTY;
	x.inputs[4].path = NASTY;
	finish(&x, SG_VERDICT_ERROR);
	buf = render(&x.r, &len);
	assert_golden("junit/hostile.expected.xml", buf, len);

	/* Bytes: no control character but LF and tab, nothing invalid. */
	for (size_t i = 0; i < len; i++) {
		unsigned char b = (unsigned char)buf[i];

		assert_true(b >= 0x20 || b == '\n' || b == '\t');
		assert_true(b != 0xFF && b != 0xFE && b != 0x7F);
	}
	assert_null(strstr(buf, "]]>"));
	assert_null(strstr(buf, "\xef\xbf\xbe")); /* U+FFFE */
	assert_null(strstr(buf, "\xed\xa0\x80")); /* a lone surrogate */
	assert_null(strstr(buf, "\xc2\x9b"));     /* CSI */
	assert_null(strstr(buf, "\xe2\x80\xae")); /* RLO */
	assert_null(strstr(buf, "<testcase name=\"x\""));
	assert_non_null(strstr(buf, "]]&gt;&lt;testcase"));
	assert_non_null(strstr(buf, "\xef\xbf\xbd[31m")); /* ESC replaced */

	doc = parse(buf, len);
	c = count(doc);
	assert_int_equal(c.suites, 7); /* the hostile tool's suite added */
	assert_int_equal(c.tests, 16);
	assert_int_equal(c.failures, 5);
	assert_int_equal(c.skipped, 7);
	assert_int_equal(c.errors, 2);
	{
		/* The hostile suite name parses back as one line of text. */
		xmlNodePtr s = xmlDocGetRootElement(doc)->children;
		char v[4096];

		for (; s; s = s->next)
			if (is(s, "testsuite") && attr_num(s, "id") == 5)
				break;
		assert_non_null(s);
		prop(s, "name", v, sizeof(v));
		assert_null(strchr(v, '\n'));
		assert_null(strchr(v, '\r'));
		assert_non_null(strstr(v, "::error::x ##[warning]y z"));
	}
	if (schemas_present())
		assert_valid(doc);
	xmlFreeDoc(doc);
	free(buf);
	release(&x);
}

static void test_report_junit__long_strings_are_capped(void **state)
{
	struct fx x;
	size_t len, big = 1 << 20;
	char *buf, *huge = malloc(big + 1);
	xmlDocPtr doc;

	(void)state;
	assert_non_null(huge);
	/* 2-byte characters: a cut must not split one. */
	for (size_t i = 0; i < big; i += 2)
		memcpy(huge + i, "\xc3\xa9", 2);
	huge[big] = '\0';
	memset(&x, 0, sizeof(x));
	sg_findings_init(&x.set);
	{
		struct sg_finding *f = add(&x.set, "t", SG_KIND_CODE, huge,
					   huge, 1, SG_SEV_HIGH, true, 0);

		f->message = huge;
		f->title = huge;
	}
	input_ok(&x, "t.sarif", "t", 1);
	finish(&x, SG_VERDICT_FAIL);
	buf = render(&x.r, &len);
	/* name + message + 16 KiB body + the rest, far below 1 MiB. */
	assert_true(len < 24 * 1024);
	doc = parse(buf, len);
	assert_int_equal(count(doc).tests, 2);
	if (schemas_present())
		assert_valid(doc);
	xmlFreeDoc(doc);
	free(buf);
	free(huge);
	release(&x);
}

static void test_report_junit__full_disk_is_an_error(void **state)
{
	struct fx x;
	FILE *f;

	(void)state;
	f = fopen("/dev/full", "w");
	if (!f) {
		printf("SKIPPED: /dev/full absent\n");
		skip();
	}
	build(&x);
	assert_int_equal(sg_report_junit_write(f, &x.r), SG_EIO);
	assert_non_null(strstr(sg_error_message(), "JUnit"));
	fclose(f);
	/* Larger than every buffer: fails inside the writer, not at the flush.
	 */
	for (int i = 0; i < 2000; i++)
		add(&x.set, "trivy", SG_KIND_CODE, "rule", "a/b.c",
		    (uint32_t)i + 1, SG_SEV_HIGH, true, 0);
	f = fopen("/dev/full", "w");
	assert_non_null(f);
	setvbuf(f, NULL, _IONBF, 0);
	assert_int_equal(sg_report_junit_write(f, &x.r), SG_EIO);
	fclose(f);
	release(&x);
}

static void test_report_junit__golden(void **state)
{
	struct fx x;
	size_t len;
	char *buf;

	(void)state;
	build(&x);
	buf = render(&x.r, &len);
	assert_golden("junit/run.expected.xml", buf, len);
	free(buf);
	release(&x);
}

static void test_report_junit__deterministic(void **state)
{
	struct fx x;
	size_t len1, len2;
	char *a, *b;

	(void)state;
	build(&x);
	a = render(&x.r, &len1);
	b = render(&x.r, &len2);
	assert_int_equal(len1, len2);
	assert_memory_equal(a, b, len1);
	free(a);
	free(b);
	release(&x);
}

static void test_report_junit__hundred_thousand_findings(void **state)
{
	struct fx x;
	FILE *f;
	char path[] = "/tmp/secgate-junit-XXXXXX";
	int fd;
	xmlTextReaderPtr reader;
	size_t testcases = 0, failures = 0;
	int rc;

	(void)state;
	memset(&x, 0, sizeof(x));
	sg_findings_init(&x.set);
	for (uint32_t i = 0; i < 100000; i++) {
		char rule[32];
		struct sg_finding *g;

		snprintf(rule, sizeof(rule), "rule-%u", i % 97);
		g = add(&x.set, i % 3 ? "CodeQL" : "trivy", SG_KIND_CODE,
			sg_findings_intern(&x.set, rule, strlen(rule)),
			"src/module/file.c", i + 1, SG_SEV_HIGH, i % 2, 0);
		g->message = "Untrusted data flows to a sink.";
	}
	input_ok(&x, "big.sarif", "CodeQL", 100000);
	finish(&x, SG_VERDICT_FAIL);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	assert_int_equal(sg_report_junit_write(f, &x.r), 0);
	assert_int_equal(fclose(f), 0);

	/* Streamed back too: the tree of 100k testcases is not needed. */
	reader = xmlReaderForFile(path, NULL, XML_PARSE_NONET);
	assert_non_null(reader);
	while ((rc = xmlTextReaderRead(reader)) == 1) {
		const xmlChar *name;

		if (xmlTextReaderNodeType(reader) != XML_READER_TYPE_ELEMENT)
			continue;
		name = xmlTextReaderConstName(reader);
		if (strcmp((const char *)name, "testcase") == 0)
			testcases++;
		else if (strcmp((const char *)name, "failure") == 0)
			failures++;
	}
	assert_int_equal(rc, 0);
	xmlFreeTextReader(reader);
	unlink(path);
	assert_int_equal(testcases, 100000 + 1);
	assert_int_equal(failures, 50000 + 1);
	release(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_junit__counts_and_outcomes),
		cmocka_unit_test(test_report_junit__strict_stale_fails),
		cmocka_unit_test(test_report_junit__expired_suppressions),
		cmocka_unit_test(test_report_junit__package_in_name),
		cmocka_unit_test(test_report_junit__empty_run_passes),
		cmocka_unit_test(test_report_junit__unique_names),
		cmocka_unit_test(test_report_junit__hostile_strings),
		cmocka_unit_test(test_report_junit__long_strings_are_capped),
		cmocka_unit_test(test_report_junit__full_disk_is_an_error),
		cmocka_unit_test(test_report_junit__golden),
		cmocka_unit_test(test_report_junit__deterministic),
		cmocka_unit_test(test_report_junit__hundred_thousand_findings),
	};
	int rc;

	xmlInitParser();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
