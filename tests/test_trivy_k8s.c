/*
 * trivy k8s JSON (ClusterName + Resources[], each with its own Results):
 * detection, findings located at namespace/Kind/name plus the target,
 * rules and severities as for other Trivy results; the older summary
 * shape stays refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "secgate/error.h"
#include "test_util.h"

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void test_trivy_k8s__detected_as_trivy(void **state)
{
	const char *files[] = {"trivy/good/k8s-resources.json",
			       "trivy/bad/k8s-cluster.json"};

	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		const struct sg_adapter *a = NULL;
		struct sg_sniff sniff;
		size_t len;
		char *doc = read_all(fixture_path(files[i]), &len);

		sg_sniff_document(&sniff, doc, len);
		assert_int_equal(sg_detect_adapter(&sniff, NULL, files[i], &a),
				 0);
		assert_non_null(a);
		assert_string_equal(a->name, "trivy");
		free(doc);
	}
}

static const struct sg_finding *by_rule(const struct sg_findings *set,
					const char *rule)
{
	const struct sg_finding *f = find_by_rule(set, rule);

	if (!f)
		fail_msg("no finding of rule %s", rule);
	return f;
}

static void test_trivy_k8s__findings_at_their_resource(void **state)
{
	struct sg_findings set;
	struct sg_input in;
	const struct sg_finding *f;

	(void)state;
	if (ingest_one(&set, &in, fixture_path("trivy/good/k8s-resources.json"),
		       NULL) != 0)
		fail_msg("%s", in.error);
	assert_string_equal(in.meta.format, "trivy-k8s-json");
	/* Four failures; the PASS check and the clean ConfigMap are none. */
	assert_int_equal(set.count, 4);

	f = by_rule(&set, "CVE-2020-27350");
	assert_int_equal(f->kind, SG_KIND_VULNERABILITY);
	assert_int_equal(f->severity, SG_SEV_MEDIUM);
	assert_string_equal(f->location.path,
			    "default/Deployment/redis-follower/"
			    "gcr.io/google_samples/gb-redis-follower:v2 "
			    "(debian 10.4)");
	assert_string_equal(sg_finding_cold(f)->package.name, "apt");
	assert_string_equal(sg_finding_cold(f)->package.ecosystem, "debian");

	/* A manifest's target only repeats the resource. */
	f = by_rule(&set, "KSV012");
	assert_int_equal(f->kind, SG_KIND_MISCONFIGURATION);
	assert_string_equal(f->location.path,
			    "default/Deployment/redis-follower");
	assert_int_equal(f->location.start_line, 132);

	f = by_rule(&set, "GHSA-j8r2-6x86-q33q");
	assert_string_equal(f->location.path,
			    "default/Deployment/frontend/usr/local/lib/"
			    "python3.11/site-packages/requests-2.30.0."
			    "dist-info/METADATA");

	/* A cluster-wide resource has no namespace. */
	f = by_rule(&set, "KSV041");
	assert_int_equal(f->severity, SG_SEV_CRITICAL);
	assert_string_equal(f->location.path,
			    "ClusterRole/system:aggregate-to-edit");
	sg_input_release(&in);
	sg_findings_release(&set);
}

static void test_trivy_k8s__legacy_summary_refused(void **state)
{
	const char *path =
	    shared_fixture_path("trivy/k8s-cluster-legacy-summary.json");
	struct sg_findings set;
	struct sg_input in;

	(void)state;
	if (!path) {
		print_message("SKIPPED: ../shared absent\n");
		skip();
	}
	assert_int_equal(ingest_one(&set, &in, path, NULL), SG_EINPUT);
	assert_non_null(strstr(in.error, "trivy k8s cluster reports are not "
					 "supported"));
	assert_int_equal(set.count, 0);
	sg_input_release(&in);
	sg_findings_release(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_trivy_k8s__detected_as_trivy),
	    cmocka_unit_test(test_trivy_k8s__findings_at_their_resource),
	    cmocka_unit_test(test_trivy_k8s__legacy_summary_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
