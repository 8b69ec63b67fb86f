/*
 * Differential test of redact.c: the fast detectors must hide exactly the
 * bytes that the straightforward ones (redact_reference.c, the code before
 * the fast paths) hide, over generated text dense in what the detectors
 * look for, with and without needles; and a token of every known prefix
 * is still caught (the first-letter gate must list each prefix).
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

#include "redact_reference.c"

#define ROUNDS 40000
#define TEXT_MAX 400

/* Fragments the detectors react to, and some they must not. */
static const char *const fragments[] = {
    "AKIA", "ASIA", "ghp_", "gho_", "ghs_", "ghu_", "ghr_", "github_pat_",
    "sk_live_", "rk_live_", "sk_test_", "rk_test_", "glpat-", "eyJ",
    "xoxb-", "xoxp-", "xox", "://", "@", "https://", "user:pw@",
    "-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN CERTIFICATE-----",
    "-----END RSA PRIVATE KEY-----", "-----END ", "-----BEGIN ", "-----",
    "PRIVATE", "password", "api_key", "token", "secret", "pass", "auth",
    "=", ":", ":=", "=>", "==", "\"", "'", " ", "  ", "\t", "\n", "\r\n",
    "--token ", "--password ", "Bearer ", "basic ", "Authorization: ",
    ",", ";", "&", ")", "<", ">", "`", "\\", "/", "/usr/lib/", ".", "-",
    "_", "+", "==", "Error", "Connection", "python3", "0123456789",
    "abcdefghij", "ABCDEFGHIJ", "Zx9Qw2Lk8Rt5Vb3N", "aB3dE5gH7jK9mN1p",
    "é", "\xff", "hunter2", "[redacted]",
};

static uint64_t rng_state;

static uint32_t rng(void)
{
	/* xorshift64*: reproducible from the seed printed on failure. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32);
}

static void generate(char *out, size_t max)
{
	static const char chars[] =
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	    "+/_-=.:@ \"'\n";
	size_t len = 0, target = rng() % max;

	while (len < target) {
		const char *piece;
		char one[2] = {0, 0};
		size_t k;

		if (rng() % 3 == 0) {
			piece = fragments[rng() % (sizeof(fragments) /
						   sizeof(*fragments))];
		} else {
			one[0] = chars[rng() % (sizeof(chars) - 1)];
			piece = one;
		}
		k = strlen(piece);
		if (len + k >= max)
			break;
		memcpy(out + len, piece, k);
		len += k;
	}
	out[len] = '\0';
}

static void expect_same(const char *text, const char *const *needles,
			uint64_t seed)
{
	char *fast = sg_redact_with(text, needles);
	char *slow = ref_redact_with(text, needles);

	assert_non_null(fast);
	assert_non_null(slow);
	if (strcmp(fast, slow) != 0) {
		fprintf(stderr,
			"seed %llu: redactions differ\ntext: %s\nfast: %s\n"
			"reference: %s\n",
			(unsigned long long)seed, text, fast, slow);
		fail();
	}
	free(fast);
	free(slow);
}

static void test_redact_diff__generated_text(void **state)
{
	char text[TEXT_MAX + 1];

	(void)state;
	for (uint64_t seed = 1; seed <= ROUNDS; seed++) {
		rng_state = seed * 0x9E3779B97F4A7C15ULL;
		generate(text, sizeof(text));
		expect_same(text, NULL, seed);
	}
}

static void test_redact_diff__generated_needles(void **state)
{
	char text[TEXT_MAX + 1], needle[TEXT_MAX / 4 + 1];
	const char *needles[2] = {needle, NULL};

	(void)state;
	for (uint64_t seed = 1; seed <= ROUNDS / 4; seed++) {
		rng_state = seed * 0xD1B54A32D192ED03ULL;
		generate(text, sizeof(text));
		if (rng() % 2 && text[0]) {
			/* A snippet taken from the text, as scanners quote. */
			size_t n = strlen(text), from = rng() % n;
			size_t k = rng() % (sizeof(needle) - 1);

			if (k > n - from)
				k = n - from;
			memcpy(needle, text + from, k);
			needle[k] = '\0';
		} else {
			generate(needle, sizeof(needle));
		}
		expect_same(text, needles, seed);
	}
}

/* The hand-made cases: short texts where the boundaries matter. */
static void test_redact_diff__edges(void **state)
{
	static const char *const texts[] = {
	    "", ":", "://", "a://", "://@", "x://u@", "AKIA", "eyJ", "xoxb-",
	    "-----BEGIN ", "-----END RSA PRIVATE KEY-----",
	    "-----BEGIN RSA PRIVATE KEY-----\nabc",
	    "tail\n-----END OPENSSH PRIVATE KEY-----\nafter",
	    "see https://user:pass@example.com/x and ftp://a@b",
	    "::::////@@@", "a:/b://c@d", "sk_live_", "ghp_short",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++) {
		char *fast = sg_redact_secrets(texts[i]);
		char *slow = ref_redact_secrets(texts[i]);

		assert_non_null(fast);
		assert_non_null(slow);
		assert_string_equal(fast, slow);
		free(fast);
		free(slow);
	}
}

/*
 * Every byte value in each place a detector classes bytes (the byte
 * class table): inside and around tokens, names, values, URLs, random
 * strings and the second letter of a known prefix.
 */
static void test_redact_diff__every_byte(void **state)
{
	static const char *const templates[] = {
	    "%", "a%b", "%AKIAABCDEFGHIJKLMNOP", "AKIA%BCDEFGHIJKLMNOP",
	    "A%IAABCDEFGHIJKLMNOP", "g%p_aaaaaaaaaaaaaaaaaaaaaaaa",
	    "s%_live_aaaaaaaaaa", "e%J0123456789.eyJ01234567.x",
	    "x%xb-aaaaaaaaaa", "ghp_aaaaaaaaaa%aaaaaaaaaaaaa",
	    "api_key%hunter2", "api%key=hunter2", "password =%value",
	    "--token%VALUE",
	    "-%token VALUE", "--tok%n VALUE",
	    "https://user%pw@host", "https://us:pw@ho%t/x",
	    "aB3dE5gH7jK9mN1p%Zx9Qw2Lk8Rt5Vb3N", "Zx9Qw2Lk8Rt%Vb3NaB3dE5gH",
	    "/usr/lib/aB3dE5gH7jK9mN1p%x", "-----BEGIN RSA%PRIVATE KEY-----\nx",
	    "Identified a token%in src/main/UserService.java",
	};
	char text[128];

	(void)state;
	for (size_t t = 0; t < sizeof(templates) / sizeof(*templates); t++) {
		const char *hole = strchr(templates[t], '%');
		size_t before = (size_t)(hole - templates[t]);

		for (unsigned b = 1; b < 256; b++) {
			snprintf(text, sizeof(text), "%.*s%c%s", (int)before,
				 templates[t], (char)b, hole + 1);
			expect_same(text, NULL, b);
		}
	}
}

/*
 * Texts shaped like the messages ingest redacts for every secret:
 * "<rule title> in <path>", with paths that hold long mixed-case words.
 */
static void test_redact_diff__messages(void **state)
{
	static const char *const titles[] = {
	    "Identified a Slack Bot token, which may compromise bot "
	    "integrations and communication channel security",
	    "Uncovered a JSON Web Token, which may lead to unauthorized access",
	    "Found a GitHub Personal Access Token", "generic-api-key",
	    "Detected a Generic API Key, potentially exposing access to "
	    "various services and sensitive operations.",
	};
	static const char *const parts[] = {
	    "src/", "main/", "java/", "com/", "acme/", "UserServiceImpl",
	    "AbstractTokenProviderFactory", "config", ".java", ".py",
	    "server_feed", ".sh", "test/", "fixtures/", "aB3dE5gH7jK9mN1p",
	    "v2", "-", "_", "k8s/", "secrets.yaml", "eyJhbGciOi", "AKIA",
	};
	char text[512];

	(void)state;
	for (uint64_t seed = 1; seed <= ROUNDS / 4; seed++) {
		size_t len;

		rng_state = seed * 0xA0761D6478BD642FULL;
		len = (size_t)snprintf(text, sizeof(text), "%s in ",
				       titles[rng() % (sizeof(titles) /
						       sizeof(*titles))]);
		for (unsigned k = rng() % 8; k > 0; k--) {
			const char *p =
			    parts[rng() % (sizeof(parts) / sizeof(*parts))];

			if (len + strlen(p) + 1 >= sizeof(text))
				break;
			memcpy(text + len, p, strlen(p) + 1);
			len += strlen(p);
		}
		expect_same(text, NULL, seed);
	}
}

/*
 * sg_redact_splits_at_in's claim: whenever it says yes, redacting
 * head + " in " + tail whole gives the halves' redactions joined. Heads
 * are generated text, half of them with '=' and ':' taken out so that
 * the split applies often; tails likewise, untouched.
 */
static void test_redact_diff__split_at_in(void **state)
{
	char head[TEXT_MAX / 2 + 1], tail[TEXT_MAX / 2 + 1];
	char whole[TEXT_MAX + 8], joined[4 * TEXT_MAX];
	size_t applied = 0;

	(void)state;
	for (uint64_t seed = 1; seed <= ROUNDS / 2; seed++) {
		char *a, *b, *w;

		rng_state = seed * 0xE7037ED1A0B428DBULL;
		generate(head, sizeof(head));
		generate(tail, sizeof(tail));
		if (seed % 2) {
			for (char *p = head; *p; p++)
				if (*p == '=' || *p == ':' || *p == '-')
					*p = 'q';
			/* Tails keep their '-', but no PEM marker. */
			for (char *p = tail; *p; p++)
				if (strncmp(p, "-----", 5) == 0)
					*p = 'q';
		}
		snprintf(whole, sizeof(whole), "%s in %s", head, tail);
		if (!sg_redact_splits_at_in(head, strlen(head), tail))
			continue;
		applied++;
		a = sg_redact_secrets(head);
		b = sg_redact_secrets(tail);
		w = ref_redact_secrets(whole);
		assert_non_null(a);
		assert_non_null(b);
		assert_non_null(w);
		snprintf(joined, sizeof(joined), "%s in %s", a, b);
		if (strcmp(joined, w) != 0) {
			fprintf(stderr,
				"seed %llu: the split differs\nhead: %s\n"
				"tail: %s\njoined: %s\nwhole: %s\n",
				(unsigned long long)seed, head, tail, joined,
				w);
			fail();
		}
		free(a);
		free(b);
		free(w);
	}
	/* Not vacuous: the split applied to thousands of pairs. */
	if (applied < ROUNDS / 5)
		fail_msg("the split applied to only %zu pairs", applied);
}

/* What sg_redact_splits_at_in must refuse. */
static void test_redact_diff__split_refused(void **state)
{
	static const char *const heads[] = {
	    "password=", "key:", "--token", "a-----BEGIN", "x=y z",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(heads) / sizeof(*heads); i++)
		assert_false(sg_redact_splits_at_in(heads[i], strlen(heads[i]),
						    "src/a.py"));
	assert_false(sg_redact_splits_at_in("Token", 5, "-----END x"));
	assert_true(sg_redact_splits_at_in("A -token- here", 14, "src/a-b.py"));
	/* The first case is why: the value of "password=" is the "in". */
	char *whole = sg_redact_secrets("password= in src/a.py");
	assert_non_null(whole);
	assert_string_equal(whole, "password= " SG_REDACTED " src/a.py");
	free(whole);
}

/* One token of every prefix the header lists: each is hidden. */
static void test_redact_diff__every_prefix(void **state)
{
	static const char *const tokens[] = {
	    "AKIAABCDEFGHIJKLMNOP",
	    "ASIAABCDEFGHIJKLMNOP",
	    "ghp_aaaaaaaaaaaaaaaaaaaaaaaa",
	    "gho_aaaaaaaaaaaaaaaaaaaaaaaa",
	    "ghs_aaaaaaaaaaaaaaaaaaaaaaaa",
	    "ghu_aaaaaaaaaaaaaaaaaaaaaaaa",
	    "ghr_aaaaaaaaaaaaaaaaaaaaaaaa",
	    "github_pat_aaaaaaaaaaaaaaaaaaaaaaaa",
	    "sk_live_aaaaaaaaaa",
	    "rk_live_aaaaaaaaaa",
	    "sk_test_aaaaaaaaaa",
	    "rk_test_aaaaaaaaaa",
	    "glpat-aaaaaaaaaaaaaaaaaaaa",
	    "xoxb-aaaaaaaaaa",
	    "xoxp-aaaaaaaaaa",
	    "eyJhbGciOiJI.eyJzdWIiOiIx.c2lnbmF0dXJl",
	};
	char text[128];

	(void)state;
	for (size_t i = 0; i < sizeof(tokens) / sizeof(*tokens); i++) {
		char *out;

		snprintf(text, sizeof(text), "found %s here", tokens[i]);
		out = sg_redact_secrets(text);
		assert_non_null(out);
		assert_string_equal(out, "found " SG_REDACTED " here");
		free(out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_redact_diff__generated_text),
	    cmocka_unit_test(test_redact_diff__generated_needles),
	    cmocka_unit_test(test_redact_diff__every_byte),
	    cmocka_unit_test(test_redact_diff__messages),
	    cmocka_unit_test(test_redact_diff__split_at_in),
	    cmocka_unit_test(test_redact_diff__split_refused),
	    cmocka_unit_test(test_redact_diff__edges),
	    cmocka_unit_test(test_redact_diff__every_prefix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
