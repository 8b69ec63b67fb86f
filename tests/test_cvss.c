/*
 * The CVSS v3.x base score calculator against published vector/score
 * pairs. Sources:
 * - FIRST, "CVSS v3.1 Examples" (https://www.first.org/cvss/v3-1/examples;
 *   the same vulnerabilities in "CVSS v3.0 Examples"), one line per
 *   example below, scored by the authors of the specification;
 * - NVD (https://nvd.nist.gov/vuln/detail/<CVE>) for Heartbleed,
 *   Shellshock and Struts CVE-2017-5638 (a CVSS:3.0 vector).
 */
#include <string.h>

#include "cvss.h"
#include "test_util.h"

struct pair {
	const char *source;
	const char *vector;
	int tenths;
};

static const struct pair published[] = {
	{"FIRST example CVE-2013-1937 (phpMyAdmin XSS)",
	 "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 61},
	{"FIRST example CVE-2013-0375 (MySQL)",
	 "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 64},
	{"FIRST example CVE-2014-3566 (SSLv3 POODLE)",
	 "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 31},
	{"FIRST example CVE-2012-1516 (VMware guest to host)",
	 "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 99},
	{"FIRST example CVE-2009-0783 (Apache Tomcat)",
	 "CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L", 42},
	{"FIRST example CVE-2012-0384 (Cisco IOS)",
	 "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 88},
	{"FIRST example CVE-2015-1098 (Apple iWork)",
	 "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 78},
	{"FIRST example CVE-2008-1447 (DNS cache poisoning)",
	 "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N", 68},
	{"FIRST example CVE-2014-2005 (Sophos, physical)",
	 "CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 68},
	{"FIRST example CVE-2010-0467 (Joomla)",
	 "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N", 58},
	{"NVD CVE-2014-0160 (Heartbleed)",
	 "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 75},
	{"NVD CVE-2014-6271 (Shellshock)",
	 "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 98},
	{"NVD CVE-2017-5638 (Struts, CVSS 3.0)",
	 "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 100},
	{"specification: no impact scores 0",
	 "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:N/A:N", 0},
};

static void test_cvss__published_pairs(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(published) / sizeof(*published); i++) {
		int tenths = -1;

		if (sg_cvss3_base_score(published[i].vector, &tenths) != 0 ||
		    tenths != published[i].tenths)
			fail_msg("%s: %s: got %d tenths, want %d",
				 published[i].source, published[i].vector,
				 tenths, published[i].tenths);
	}
}

static void test_cvss__order_and_extra_metrics(void **state)
{
	int tenths = -1;

	(void)state;
	/* Metrics in any order; temporal metrics do not change the base. */
	assert_int_equal(sg_cvss3_base_score("CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/"
					     "PR:N/AC:L/AV:N/E:U/RL:O/RC:C",
					     &tenths),
			 0);
	assert_int_equal(tenths, 98);
}

static void test_cvss__invalid_vectors(void **state)
{
	static const char *const bad[] = {
		"",
		"AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
		"CVSS:2.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
		"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",     /* no A */
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:X", /* bad value */
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:H",
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/",
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:A",
		"CVSS:3.1/AV:NN/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
		"CVSS:3.1/AV:/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
		"CVSS:3.1//AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		int tenths = 7;

		if (sg_cvss3_base_score(bad[i], &tenths) != -1)
			fail_msg("accepted invalid vector '%s'", bad[i]);
		assert_int_equal(tenths, 7);
	}
	assert_int_equal(sg_cvss3_base_score(NULL, NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cvss__published_pairs),
		cmocka_unit_test(test_cvss__order_and_extra_metrics),
		cmocka_unit_test(test_cvss__invalid_vectors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
