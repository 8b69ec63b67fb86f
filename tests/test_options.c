/*
 * The shared option parser: the nearest option for a typo, and the
 * configuration flags it applies.
 */
#include <stdio.h>
#include <string.h>

#include "options.h"
#include "test_util.h"

static const struct option opts[] = {
	{"json", required_argument, NULL, SG_OPT_JSON},
	{"junit", required_argument, NULL, SG_OPT_JUNIT},
	{"baseline", required_argument, NULL, SG_OPT_BASELINE},
	{"new-only", no_argument, NULL, SG_OPT_NEW_ONLY},
	{"all", no_argument, NULL, SG_OPT_ALL},
	SG_OPTIONS_END,
};

static void test_options__nearest(void **state)
{
	(void)state;
	assert_string_equal(sg_option_nearest(opts, "jsn"), "json");
	assert_string_equal(sg_option_nearest(opts, "josn"), "json");
	assert_string_equal(sg_option_nearest(opts, "jnuit"), "junit");
	assert_string_equal(sg_option_nearest(opts, "basline=x"), "baseline");
	assert_string_equal(sg_option_nearest(opts, "new-onyl"), "new-only");
	assert_string_equal(sg_option_nearest(opts, "al"), "all");
	/* Too far from anything: no suggestion. */
	assert_null(sg_option_nearest(opts, "frobnicate"));
	assert_null(sg_option_nearest(opts, "xyz"));
	assert_null(sg_option_nearest(opts, ""));
	char longname[200];
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_null(sg_option_nearest(opts, longname));
}

static void test_options__config_flags(void **state)
{
	struct sg_pipeline_options o = {.new_only = -1};

	(void)state;
	assert_int_equal(sg_config_option(SG_OPT_FAIL_ON, "low", &o), 1);
	assert_int_equal(sg_config_option(SG_OPT_NEW_ONLY, NULL, &o), 1);
	assert_int_equal(o.new_only, 1);
	assert_int_equal(sg_config_option(SG_OPT_ALL, NULL, &o), 1);
	assert_int_equal(o.new_only, 0);
	assert_int_equal(sg_config_option(SG_OPT_STRICT, NULL, &o), 1);
	assert_true(o.strict);
	assert_string_equal(o.fail_on, "low");
	assert_int_equal(sg_config_option(SG_OPT_JSON, "x", &o), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_options__nearest),
		cmocka_unit_test(test_options__config_flags),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
