/*
 * The shared option parser (see options.h): getopt_long with permutation,
 * and usage errors that say which option was wrong and what was meant.
 */
#include <stdio.h>
#include <string.h>

#include "options.h"

/* Option names are short; a longer word is no option worth suggesting. */
#define NAME_MAX_LEN 40

void sg_getopt_reset(void)
{
	optind = 0; /* 0, not 1: glibc then also resets its permutation state */
	opterr = 0;
}

/* Optimal string alignment distance (Levenshtein plus transpositions). */
static size_t distance(const char *a, size_t la, const char *b, size_t lb)
{
	size_t d[NAME_MAX_LEN + 1][NAME_MAX_LEN + 1];

	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t best = d[i - 1][j - 1] + cost;

			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

const char *sg_option_nearest(const struct option *longopts, const char *name)
{
	size_t len = strcspn(name, "="), best = (size_t)-1;
	const char *found = NULL;

	if (len == 0 || len > NAME_MAX_LEN)
		return NULL;
	for (size_t i = 0; longopts[i].name; i++) {
		size_t lo = strlen(longopts[i].name), dist;

		if (lo > NAME_MAX_LEN)
			continue;
		dist = distance(name, len, longopts[i].name, lo);
		/* Close enough to be a typo: 1 edit for short names, 2 else. */
		if (dist <= (len <= 4 ? 1u : 2u) && dist < best) {
			best = dist;
			found = longopts[i].name;
		}
	}
	return found;
}

static const struct option *by_val(const struct option *longopts, int val)
{
	for (size_t i = 0; longopts[i].name; i++)
		if (longopts[i].val == val)
			return &longopts[i];
	return NULL;
}

/* The options that start with what was typed, for an ambiguous prefix. */
static void candidates(const struct option *longopts, const char *name,
		       size_t len, char *out, size_t size)
{
	out[0] = '\0';
	for (size_t i = 0; longopts[i].name; i++) {
		if (strncmp(longopts[i].name, name, len) != 0)
			continue;
		size_t used = strlen(out);
		snprintf(out + used, size - used, "%s--%s", used ? ", " : "",
			 longopts[i].name);
	}
}

static int option_error(const struct sg_command *cmd, int argc, char **argv,
			const struct option *longopts, int c)
{
	/* getopt_long has consumed the offending word. */
	const char *word = optind > 0 && optind <= argc ? argv[optind - 1] : "";
	bool is_long = strncmp(word, "--", 2) == 0;
	const char *name = is_long ? word + 2 : NULL;
	int len = name ? (int)strcspn(name, "=") : 0;
	const struct option *known = by_val(longopts, optopt);

	if (len > NAME_MAX_LEN)
		len = NAME_MAX_LEN; /* the message names it, cut */
	if (c == ':') {
		if (is_long && known)
			return sg_usage_error(cmd, "option '--%s' needs an "
						   "argument", known->name);
		return sg_usage_error(cmd, "option '-%c' needs an argument",
				      optopt);
	}
	if (optopt && is_long && known)
		return sg_usage_error(cmd, "option '--%s' takes no argument",
				      known->name);
	/*
	 * optopt is the character of an unknown short option (the word
	 * may be an earlier one while getopt is inside "-xy"); 0 for an
	 * unknown or ambiguous long option.
	 */
	if (optopt || !is_long)
		return sg_usage_error(cmd, "unknown option '-%c'",
				      optopt > ' ' && optopt < 0x7f ? optopt
								    : '?');
	char prefixed[512];
	candidates(longopts, name, (size_t)len, prefixed, sizeof(prefixed));
	if (len > 0 && strchr(prefixed, ','))
		return sg_usage_error(cmd, "ambiguous option '--%.*s' (could "
					   "be %s)", len, name, prefixed);
	const char *near = sg_option_nearest(longopts, name);
	if (near)
		return sg_usage_error(cmd, "unknown option '--%.*s' (did you "
					   "mean '--%s'?)", len, name, near);
	return sg_usage_error(cmd, "unknown option '--%.*s'", len, name);
}

int sg_getopt(const struct sg_command *cmd, int argc, char **argv,
	      const struct option *longopts)
{
	/* ':' first: a missing argument is told apart from an unknown option. */
	int c = getopt_long(argc, argv, ":h", longopts, NULL);

	if (c == 'h') {
		sg_print_command_help(stdout, cmd);
		return SG_OPT_HELP;
	}
	if (c == '?' || c == ':') {
		option_error(cmd, argc, argv, longopts, c);
		return SG_OPT_ERROR;
	}
	return c;
}

int sg_config_option(int opt, const char *arg, struct sg_pipeline_options *o)
{
	switch (opt) {
	case SG_OPT_CONFIG:
		o->config_path = arg;
		return 1;
	case SG_OPT_PROFILE:
		o->profile = arg;
		return 1;
	case SG_OPT_FAIL_ON:
		o->fail_on = arg;
		return 1;
	case SG_OPT_BASELINE:
		o->baseline = arg;
		return 1;
	case SG_OPT_NEW_ONLY:
		o->new_only = 1;
		return 1;
	case SG_OPT_ALL:
		o->new_only = 0;
		return 1;
	case SG_OPT_STRICT:
		o->strict = true;
		return 1;
	default:
		return 0;
	}
}
