/*
 * De-duplication sorts fingerprints by a short numeric key first (see
 * dedupe.c): copies of a fingerprint must still come together, and the
 * copy that represents them must not depend on the input order, when
 * fingerprints share the key, differ right after it, or have another form.
 */
#include <stdio.h>
#include <string.h>

#include "dedupe.h"
#include "test_util.h"

/*
 * Fingerprints around the key's edges, then generated ones: keyed ones
 * with every hex digit up front, and unkeyed ones ('Z' in the key) that
 * sort between them by their strings. Each appears twice below.
 */
static const char *const edges[] = {
    "sg2:12345670000000000000000000000000", /* same key as the next */
    "sg2:12345671000000000000000000000000",
    "sg2:1234567", /* only the key's digits */
    "sg2:123456",  /* shorter than the key */
    "sg2:0fffffff000000000000000000000000",
    "sg1:12345670000000000000000000000000", /* another prefix */
    "sg2:ABCDEF70000000000000000000000000", /* not lowercase hex */
};
#define N_EDGES (sizeof(edges) / sizeof(*edges))
#define N_FP (N_EDGES + 48)
#define N_ITEMS (2 * N_FP)

static char generated[N_FP - N_EDGES][40];
static const char *fingerprints[N_FP];

static void make_fingerprints(void)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < N_EDGES; i++)
		fingerprints[i] = edges[i];
	for (size_t i = 0; i < N_FP - N_EDGES; i++) {
		char *g = generated[i];

		/* Two digits that walk the alphabet, a tail, i (unique). */
		snprintf(g, sizeof(generated[i]), "sg2:%c%c%s%02zx",
			 hex[(i * 7) % 16], hex[(i * 5 + 3) % 16],
			 i % 3 == 0 ? "Z00000000000000000000000000000"
				    : "000000000000000000000000000a",
			 i);
		fingerprints[N_EDGES + i] = g;
	}
}

static void build(struct sg_findings *set, const size_t *order)
{
	const char **sources;

	sg_findings_init(set);
	sources = sg_findings_strv(set, 1);
	assert_non_null(sources);
	sources[0] = "t";
	for (size_t i = 0; i < N_ITEMS; i++) {
		struct sg_finding *f = sg_findings_append(set);
		size_t which = order[i] % N_FP;
		char path[32];

		assert_non_null(f);
		f->tool = "t";
		f->kind = SG_KIND_CODE;
		f->rule_id = "r";
		f->fingerprint = fingerprints[which];
		/* The two copies differ: the representative is the first by
		 * place. */
		snprintf(path, sizeof(path), "p%03zu", order[i]);
		f->location.path = sg_findings_strdup(set, path);
		f->location.start_line = (uint32_t)order[i] + 1;
		sg_finding_cold_mut(set, f)->sources = sources;
		sg_finding_cold_mut(set, f)->n_sources = 1;
	}
}

static void test_dedupe_keys__copies_meet_in_any_order(void **state)
{
	size_t order[N_ITEMS];
	uint64_t rng = 88172645463325252ULL;

	(void)state;
	make_fingerprints();
	for (int round = 0; round < 200; round++) {
		struct sg_findings set;

		for (size_t i = 0; i < N_ITEMS; i++)
			order[i] = i;
		/* A shuffled input order (Fisher-Yates, xorshift). */
		for (size_t i = N_ITEMS - 1; round && i > 0; i--) {
			size_t j, t;

			rng ^= rng << 13;
			rng ^= rng >> 7;
			rng ^= rng << 17;
			j = (size_t)(rng % (i + 1));
			t = order[i];
			order[i] = order[j];
			order[j] = t;
		}
		build(&set, order);
		assert_int_equal(sg_dedupe(&set), 0);
		assert_int_equal(set.count, N_FP);
		for (size_t i = 0; i < set.count; i++) {
			const struct sg_finding *f = &set.items[i];
			size_t which = 0;

			while (which < N_FP &&
			       fingerprints[which] != f->fingerprint)
				which++;
			assert_true(which < N_FP);
			assert_int_equal(sg_finding_cold(f)->n_copies, 2);
			/* The copy with the smaller place ("p<which>") leads.
			 */
			assert_int_equal(f->location.start_line, which + 1);
		}
		sg_findings_release(&set);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dedupe_keys__copies_meet_in_any_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
