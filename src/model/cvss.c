/*
 * CVSS v3.x base score (see cvss.h). Weights from the CVSS v3.1
 * specification, section 7.4; the v3.0 weights are the same. Roundup is
 * the specification's Appendix A version, which avoids floating-point
 * artefacts such as Roundup(4.000000000001) = 4.1.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "cvss.h"

enum { M_AV, M_AC, M_PR, M_UI, M_S, M_C, M_I, M_A, M_BASE_COUNT };

/* Temporal and environmental metrics: valid in a vector, not scored here. */
static const char *const other_metrics[] = {
	"E", "RL", "RC", "CR", "IR", "AR", "MAV", "MAC", "MPR", "MUI",
	"MS", "MC", "MI", "MA",
};

static const char *const base_metrics[M_BASE_COUNT] = {
	"AV", "AC", "PR", "UI", "S", "C", "I", "A",
};

/* The letters each base metric allows, in the order of its weights. */
static const char *const base_values[M_BASE_COUNT] = {
	"NALP", "LH", "NLH", "NR", "UC", "HLN", "HLN", "HLN",
};

static const double av_weight[] = {0.85, 0.62, 0.55, 0.2};
static const double ac_weight[] = {0.77, 0.44};
static const double pr_unchanged[] = {0.85, 0.62, 0.27};
static const double pr_changed[] = {0.85, 0.68, 0.5};
static const double ui_weight[] = {0.85, 0.62};
static const double cia_weight[] = {0.56, 0.22, 0};

/* Appendix A: the smallest number with one decimal >= x, in tenths. */
static int roundup_tenths(double x)
{
	int64_t i = (int64_t)llround(x * 100000.0);

	if (i % 10000 == 0)
		return (int)(i / 10000);
	return (int)(i / 10000 + 1);
}

static int metric_index(const char *name, size_t len,
			const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(names[i]) == len && !memcmp(names[i], name, len))
			return (int)i;
	return -1;
}

/* Other metrics take one capital letter (values are checked loosely). */
static int parse_metrics(const char *p, int value[M_BASE_COUNT])
{
	for (int m = 0; m < M_BASE_COUNT; m++)
		value[m] = -1;
	while (*p) {
		const char *colon = strchr(p, ':');
		const char *end = strchr(p, '/');
		size_t name_len, value_len;
		int m;

		if (!end)
			end = p + strlen(p);
		if (!colon || colon > end)
			return -1;
		name_len = (size_t)(colon - p);
		value_len = (size_t)(end - colon - 1);
		if (value_len != 1)
			return -1;
		m = metric_index(p, name_len, base_metrics, M_BASE_COUNT);
		if (m >= 0) {
			const char *at = strchr(base_values[m], colon[1]);

			if (value[m] >= 0 || !at || !colon[1])
				return -1;
			value[m] = (int)(at - base_values[m]);
		} else if (metric_index(p, name_len, other_metrics,
					sizeof(other_metrics) /
						sizeof(*other_metrics)) < 0 ||
			   colon[1] < 'A' || colon[1] > 'Z') {
			return -1;
		}
		if (!*end)
			break;
		p = end + 1;
		if (!*p)
			return -1; /* a trailing '/' */
	}
	for (int m = 0; m < M_BASE_COUNT; m++)
		if (value[m] < 0)
			return -1;
	return 0;
}

int sg_cvss3_base_score(const char *vector, int *tenths)
{
	int v[M_BASE_COUNT];
	double iss, impact, exploitability;
	int changed;

	if (!vector || (strncmp(vector, "CVSS:3.1/", 9) != 0 &&
			strncmp(vector, "CVSS:3.0/", 9) != 0))
		return -1;
	if (parse_metrics(vector + 9, v) < 0)
		return -1;
	changed = v[M_S] == 1;
	iss = 1 - (1 - cia_weight[v[M_C]]) * (1 - cia_weight[v[M_I]]) *
		      (1 - cia_weight[v[M_A]]);
	if (changed)
		impact = 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15);
	else
		impact = 6.42 * iss;
	exploitability = 8.22 * av_weight[v[M_AV]] * ac_weight[v[M_AC]] *
			 (changed ? pr_changed : pr_unchanged)[v[M_PR]] *
			 ui_weight[v[M_UI]];
	if (impact <= 0) {
		*tenths = 0;
		return 0;
	}
	if (changed)
		*tenths = roundup_tenths(fmin(1.08 * (impact + exploitability),
					      10));
	else
		*tenths = roundup_tenths(fmin(impact + exploitability, 10));
	return 0;
}
