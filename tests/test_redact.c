/*
 * Tests for redact.c: every detector with the shapes real tools print,
 * the boundaries of the entropy rule (15 vs 16 characters, just below and
 * at the threshold), and text that must stay readable.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "secgate/redact.h"

/* text redacted: must not contain secret; must contain keep (if any). */
static void check(const char *text, const char *secret, const char *keep)
{
	char *out = sg_redact_secrets(text);

	assert_non_null(out);
	if (secret && strstr(out, secret)) {
		fprintf(stderr, "leaked '%s' in '%s'\n", secret, out);
		fail();
	}
	if (keep && !strstr(out, keep)) {
		fprintf(stderr, "lost '%s' in '%s'\n", keep, out);
		fail();
	}
	free(out);
}

static void unchanged(const char *text)
{
	char *out = sg_redact_secrets(text);

	assert_non_null(out);
	assert_string_equal(out, text);
	free(out);
}

static void test_redact__assignments(void **state)
{
	(void)state;
	check(
	    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
	    "wJalr", "aws_secret_access_key");
	check("password=hunter2", "hunter2", "password=[redacted]");
	check("PASSWD: letmein", "letmein", "PASSWD");
	check("db_pwd=abc", "abc", NULL);
	check("{\"api_key\": \"s3cr3t value\"}", "s3cr3t", "api_key");
	check("client_secret='x y z'", "x y z", NULL);
	check("GITHUB_TOKEN := abcdef", "abcdef", NULL);
	check(":token => 'ruby'", "ruby", NULL);
	check("credentials=alice:wonder,", "wonder", NULL);
	check("Authorization: Bearer abc.def.ghi", "abc.def", "Bearer");
	check("authorization: Basic dXNlcjpwYXNz", "dXNlcjpwYXNz", NULL);
	check("run --password hunter2 --verbose", "hunter2", "--verbose");
	check("export PRIVATE_KEY=0123", "0123", NULL);
	check("pass=swordfish", "swordfish", NULL);
	/* Names that say nothing secret keep their value. */
	check("user=alice count=3", NULL, "alice");
	check("path: src/app.py", NULL, "src/app.py");
}

static void test_redact__url_credentials(void **state)
{
	(void)state;
	check("connect postgres://user:password@db.local:5432/app failed",
	      "password", "@db.local:5432/app");
	check("https://x-access-token:ghs_short@github.com/o/r.git",
	      "ghs_short", "github.com/o/r.git");
	check("redis://:onlypass@cache", "onlypass", "cache");
	/* No userinfo: nothing to hide. */
	unchanged("see https://example.invalid/path?q=1 for help");
}

static void test_redact__known_prefixes(void **state)
{
	(void)state;
	check("found AKIAIOSFODNN7EXAMPLE here", "AKIAIOSFODNN7EXAMPLE",
	      "found");
	check("ASIAY34FZKBOKMUTVV7A", "ASIAY34FZKBOKMUTVV7A", NULL);
	check("ghp_abcdefghijklmnopqrstuvwxyz0123456789", "ghp_abcdef", NULL);
	check("gho_16C7e42F292c6912E7710c838347Ae178B4a", "gho_16C7", NULL);
	check("ghu_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "ghu_aaaa", NULL);
	check("ghr_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "ghr_aaaa", NULL);
	check("ghs_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "ghs_aaaa", NULL);
	check("github_pat_11AAAAAAA0aaaaaaaaaaaa_bbbbbbbbbbbbbbb",
	      "github_pat_11", NULL);
	check("xoxb-1234567890-abcdefghij", "xoxb-1234", NULL);
	check("xoxp-aaaaaaaaaaaa", "xoxp-aaaa", NULL);
	check("key sk_live_aaaaaaaaaaaaaaaa", "sk_live_aaaa", NULL);
	check("rk_live_aaaaaaaaaaaa", "rk_live_aaaa", NULL);
	check("glpat-aaaaaaaaaaaaaaaaaaaa", "glpat-aaaa", NULL);
	check("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_nature-x end",
	      "eyJhbGci", "end");
	check("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0", "eyJzdWIi", NULL);
}

static void test_redact__pem_blocks(void **state)
{
	const char *pem = "before\n-----BEGIN RSA PRIVATE KEY-----\n"
			  "MIIEpAIBAAKCAQEA\nabc\n"
			  "-----END RSA PRIVATE KEY-----\nafter";
	char *out;

	(void)state;
	out = sg_redact_secrets(pem);
	assert_non_null(out);
	assert_null(strstr(out, "abc"));
	assert_null(strstr(out, "MIIE"));
	assert_non_null(strstr(out, "before"));
	assert_non_null(strstr(out, "after"));
	free(out);
	/* Cut before the END line: the rest is hidden. */
	check("x\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\nzzz", "zzz",
	      "x");
	/* A tail that starts inside the block. */
	check("q1w2\nzzz\n-----END PRIVATE KEY-----\nok", "zzz", "ok");
	/* A certificate is public. */
	unchanged(
	    "-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----");
}

/* 16 characters, 8 symbols twice each: exactly 3.0 bits per character. */
#define AT_THRESHOLD "a1b2c3d4a1b2c3d4"
/* 16 characters, 7 symbols (3,3,2,2,2,2,2): just under 3.0 bits. */
#define BELOW_THRESHOLD "a1b2c3da1b2c3a1d"

static void test_redact__entropy_boundaries(void **state)
{
	(void)state;
	assert_true(sg_shannon_entropy(AT_THRESHOLD, 16) >= 3.0);
	assert_true(sg_shannon_entropy(BELOW_THRESHOLD, 16) < 3.0);
	assert_true(sg_shannon_entropy(BELOW_THRESHOLD, 16) > 2.7);
	assert_true(sg_redact_is_random(AT_THRESHOLD, 16));
	assert_false(sg_redact_is_random(BELOW_THRESHOLD, 16));
	check("tail " AT_THRESHOLD " end", AT_THRESHOLD, "end");
	unchanged("tail " BELOW_THRESHOLD " end");
	/* 15 vs 16 characters of the same high-entropy alphabet. */
	assert_false(sg_redact_is_random("q7W3x9K2m5P8z4R", 15));
	assert_true(sg_redact_is_random("q7W3x9K2m5P8z4Rt", 16));
	unchanged("q7W3x9K2m5P8z4R");
	check("q7W3x9K2m5P8z4Rt", "q7W3x9K2m5P8z4Rt", NULL);
	/* One character class is never random by entropy alone. */
	assert_false(sg_redact_is_random("abcdefghijklmnop", 16));
	/* Base64 with '/', '+' and padding is one token. */
	check("blob 9kQ2+xY7/pL4mN8vR3sT6wZ1== done", "pL4mN8", "done");
	check("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b", "9f86d0", NULL);
}

static void test_redact__readable_text_stays(void **state)
{
	(void)state;
	unchanged("ConnectionRefusedError: [Errno 111] Connection refused");
	unchanged("error: /usr/lib/python3/dist-packages/pip/main.py: 12");
	unchanged("ModuleNotFoundError: No module named 'requirements-dev'");
	unchanged("GITHUB_WORKSPACE123 is not set");
	unchanged("");
}

static void test_redact__needles(void **state)
{
	const char *needles[] = {"  const k = \"hunter2hunter2\";  ", "ab",
				 NULL};
	char *out;

	(void)state;
	out = sg_redact_with("found hunter2hunter2 in const k = "
			     "\"hunter2hunter2\"; ab",
			     needles);
	assert_non_null(out);
	assert_null(strstr(out, "hunter2"));
	/* A 2-character needle is hidden where it is the whole snippet. */
	assert_null(strstr(out, " ab"));
	free(out);
	/* Short words that are not plain words, and assigned values. */
	{
		const char *snip[] = {"password = \"letmein\"; k = abc123",
				      NULL};

		out = sg_redact_with("found letmein and abc123 near k", snip);
		assert_non_null(out);
		assert_null(strstr(out, "letmein"));
		assert_null(strstr(out, "abc123"));
		/* Plain short words of the snippet stay. */
		assert_non_null(strstr(out, "near k"));
	}
	free(out);
	out = sg_redact_with("nothing to hide", needles);
	assert_string_equal(out, "nothing to hide");
	free(out);
	assert_null(sg_redact_with(NULL, needles));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_redact__assignments),
	    cmocka_unit_test(test_redact__url_credentials),
	    cmocka_unit_test(test_redact__known_prefixes),
	    cmocka_unit_test(test_redact__pem_blocks),
	    cmocka_unit_test(test_redact__entropy_boundaries),
	    cmocka_unit_test(test_redact__readable_text_stays),
	    cmocka_unit_test(test_redact__needles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
