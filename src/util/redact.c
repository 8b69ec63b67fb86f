/*
 * Secret redaction (see secgate/redact.h). Each detector marks the bytes
 * to hide in a mask; every marked run then becomes one SG_REDACTED. The
 * detectors err on the side of hiding: a redacted word in an error
 * message costs readability, a printed key costs a rotation.
 */
#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "secgate/redact.h"

/*
 * Snippet words this long are hidden wherever they appear; shorter ones
 * from NEEDLE_SHORT_MIN on when they are not plain words.
 */
#define NEEDLE_WORD_MIN 8
#define NEEDLE_SHORT_MIN 4

static void mark(bool *hide, size_t from, size_t to)
{
	if (to > from)
		memset(hide + from, 1, to - from);
}

/*
 * What each byte can be to the scans below, in one table looked up once
 * per byte: they test every byte of every text, and the character tests
 * (ctype's through __ctype_b_loc(), then comparisons) were most of their
 * cost. Classes of the C locale: secgate never calls setlocale().
 */
enum {
	B_ALNUM = 1 << 0,  /* [0-9A-Za-z] */
	B_WORD = 1 << 1,   /* alnum and '_' */
	B_IDENT = 1 << 2,  /* word, '-' and '.': a name in name=value */
	B_TOKEN = 1 << 3,  /* alnum, '+', '/', '_', '-': a random token */
	B_START = 1 << 4,  /* may start a known token (see token_start) */
	B_ASSIGN = 1 << 5, /* '=', ':', '-': where detect_assignments acts */
	B_LOWER = 1 << 6,  /* [a-z] */
	B_UPPER = 1 << 7,  /* [A-Z] */
	B_DIGIT = 1 << 8,  /* [0-9] */
};

#define IS_ALNUM(c)                                                            \
	(((c) >= '0' && (c) <= '9') || ((c) >= 'a' && (c) <= 'z') ||          \
	 ((c) >= 'A' && (c) <= 'Z'))
/*
 * The first letters of the prefixes table below, of a JWT ("eyJ") and of
 * a Slack token ("xox"). Keep it in step with the table (test_redact_diff
 * has a token of each prefix).
 */
#define IS_START(c)                                                            \
	((c) == 'A' || (c) == 'g' || (c) == 's' || (c) == 'r' || (c) == 'e' || \
	 (c) == 'x')
#define CLASS(c)                                                               \
	((IS_ALNUM(c) ? B_ALNUM | B_WORD | B_IDENT | B_TOKEN : 0) |            \
	 ((c) == '_' ? B_WORD | B_IDENT | B_TOKEN : 0) |                       \
	 ((c) == '-' ? B_IDENT | B_TOKEN | B_ASSIGN : 0) |                     \
	 ((c) == '.' ? B_IDENT : 0) |                                          \
	 ((c) == '+' || (c) == '/' ? B_TOKEN : 0) |                            \
	 (IS_START(c) ? B_START : 0) |                                         \
	 ((c) == '=' || (c) == ':' ? B_ASSIGN : 0) |                          \
	 ((c) >= 'a' && (c) <= 'z' ? B_LOWER : 0) |                           \
	 ((c) >= 'A' && (c) <= 'Z' ? B_UPPER : 0) |                           \
	 ((c) >= '0' && (c) <= '9' ? B_DIGIT : 0))
#define CLASS4(c) CLASS(c), CLASS((c) + 1), CLASS((c) + 2), CLASS((c) + 3)
#define CLASS16(c) CLASS4(c), CLASS4((c) + 4), CLASS4((c) + 8), CLASS4((c) + 12)
#define CLASS64(c)                                                             \
	CLASS16(c), CLASS16((c) + 16), CLASS16((c) + 32), CLASS16((c) + 48)

static const unsigned short byte_class[256] = {
	CLASS64(0), CLASS64(64), CLASS64(128), CLASS64(192),
};

static inline bool is_class(unsigned char c, unsigned class)
{
	return (byte_class[c] & class) != 0;
}

static inline bool ascii_alnum(unsigned char c)
{
	return is_class(c, B_ALNUM);
}

static bool ident_char(unsigned char c)
{
	return is_class(c, B_IDENT);
}

static bool word_char(unsigned char c)
{
	return is_class(c, B_WORD);
}

/* ---- PEM private key blocks ---- */

/* The first needle in text[from, n); memchr finds the candidates fast. */
static const char *find_from(const char *text, size_t n, size_t from,
			     const char *needle)
{
	size_t k = strlen(needle);
	const char *p = text + from, *end = text + n;

	while (k && (size_t)(end - p) >= k &&
	       (p = memchr(p, needle[0], (size_t)(end - p) - k + 1))) {
		if (memcmp(p, needle, k) == 0)
			return p;
		p++;
	}
	return NULL;
}

/* The end of a "-----BEGIN x-----" marker line starting at p (exclusive). */
static size_t marker_end(const char *text, size_t n, size_t p, bool *private)
{
	size_t i = p + 5, end;

	while (i < n && text[i] != '\n' &&
	       !(i + 5 <= n && memcmp(text + i, "-----", 5) == 0))
		i++;
	*private = false;
	for (size_t j = p; j + 7 <= i; j++)
		if (memcmp(text + j, "PRIVATE", 7) == 0)
			*private = true;
	end = i;
	if (i + 5 <= n && memcmp(text + i, "-----", 5) == 0)
		end = i + 5;
	return end;
}

static void detect_pem(const char *text, size_t n, bool *hide)
{
	const char *b, *e;
	bool private, seen_begin = false;
	size_t from = 0;

	while ((b = find_from(text, n, from, "-----BEGIN "))) {
		size_t p = (size_t)(b - text), end;

		seen_begin = true;
		end = marker_end(text, n, p, &private);
		from = end;
		if (!private)
			continue;
		e = find_from(text, n, end, "-----END ");
		if (!e) {
			mark(hide, p,
			     n); /* cut before its END: hide the rest */
			return;
		}
		end = marker_end(text, n, (size_t)(e - text), &private);
		mark(hide, p, end);
		from = end;
	}
	/* A tail that starts inside a block: only its END is left. */
	e = find_from(text, n, 0, "-----END ");
	if (e && !seen_begin) {
		size_t end = marker_end(text, n, (size_t)(e - text), &private);

		if (private)
			mark(hide, 0, end);
	}
}

/* ---- credentials in URLs ---- */

static bool authority_char(unsigned char c)
{
	return c > ' ' && c != 0x7f && !strchr("/?#\"'<>\\`", c);
}

static void detect_url_userinfo(const char *text, size_t n, bool *hide)
{
	for (size_t i = 0; i + 3 <= n; i++) {
		const char *colon = memchr(text + i, ':', n - i - 2);
		size_t j, at = 0;

		if (!colon)
			return;
		i = (size_t)(colon - text);
		if (memcmp(text + i, "://", 3) != 0)
			continue;
		for (j = i + 3; j < n && authority_char((unsigned char)text[j]);
		     j++)
			if (text[j] == '@')
				at = j;
		if (at > i + 3)
			mark(hide, i + 3, at);
		i = j ? j - 1 : j;
	}
}

/* ---- tokens with a known prefix ---- */

enum body_class {
	UPPER_DIGIT,
	ALNUM,
	ALNUM_UNDERSCORE,
	ALNUM_DASH,
	ALNUM_DASH_UNDERSCORE
};

static bool body_char(enum body_class k, unsigned char c)
{
	switch (k) {
	case UPPER_DIGIT:
		return isupper(c) || isdigit(c);
	case ALNUM:
		return isalnum(c);
	case ALNUM_UNDERSCORE:
		return isalnum(c) || c == '_';
	case ALNUM_DASH:
		return isalnum(c) || c == '-';
	case ALNUM_DASH_UNDERSCORE:
		return isalnum(c) || c == '-' || c == '_';
	}
	return false;
}

#define PREFIX(text, body, min) {text, sizeof(text) - 1, body, min}

static const struct token_prefix {
	const char *prefix;
	size_t len;
	enum body_class body;
	size_t min; /* characters of body */
} prefixes[] = {
    PREFIX("AKIA", UPPER_DIGIT, 12),
    PREFIX("ASIA", UPPER_DIGIT, 12),
    PREFIX("ghp_", ALNUM, 20),
    PREFIX("gho_", ALNUM, 20),
    PREFIX("ghs_", ALNUM, 20),
    PREFIX("ghu_", ALNUM, 20),
    PREFIX("ghr_", ALNUM, 20),
    PREFIX("github_pat_", ALNUM_UNDERSCORE, 20),
    PREFIX("sk_live_", ALNUM, 8),
    PREFIX("rk_live_", ALNUM, 8),
    PREFIX("sk_test_", ALNUM, 8),
    PREFIX("rk_test_", ALNUM, 8),
    PREFIX("glpat-", ALNUM_DASH_UNDERSCORE, 16),
};

/*
 * Whether a known token can start with c (IS_START above). Most bytes of
 * a text start nothing, and this keeps the scan to one test for them.
 */
static bool token_start(unsigned char c)
{
	return is_class(c, B_START);
}

/*
 * Whether s can begin a known token, by its first two letters: most
 * words that start with one of the letters above start no token. Keep it
 * in step with the table (test_redact_diff has a token of each prefix).
 */
static bool token_second_letter(const char *s, size_t left)
{
	if (left < 2)
		return false; /* every token is longer */
	switch (s[0]) {
	case 'A':
		return s[1] == 'K' || s[1] == 'S'; /* AKIA, ASIA */
	case 'g':
		/* gh?_, github_pat_, glpat- */
		return s[1] == 'h' || s[1] == 'i' || s[1] == 'l';
	case 's':
	case 'r':
		return s[1] == 'k'; /* sk_..., rk_... */
	case 'e':
		return s[1] == 'y'; /* eyJ (a JWT) */
	case 'x':
		return s[1] == 'o'; /* xox (Slack) */
	}
	return false;
}

/* "xoxb-", "xoxp-", ...: Slack tokens. */
static size_t slack_prefix(const char *s, size_t left)
{
	if (left >= 5 && memcmp(s, "xox", 3) == 0 &&
	    isalpha((unsigned char)s[3]) && s[4] == '-')
		return 5;
	return 0;
}

static size_t body_len(const char *s, size_t left, enum body_class k)
{
	size_t j = 0;

	while (j < left && body_char(k, (unsigned char)s[j]))
		j++;
	return j;
}

/* header.payload[.signature], each part base64url, header "eyJ...". */
static size_t jwt_len(const char *s, size_t left)
{
	size_t j, parts = 0;

	if (left < 3 || memcmp(s, "eyJ", 3) != 0)
		return 0;
	for (j = 0; j < left && parts < 3; parts++) {
		size_t k = body_len(s + j, left - j, ALNUM_DASH_UNDERSCORE);

		if (k < (parts < 2 ? 8 : 1))
			break;
		j += k;
		if (parts == 2 || j >= left || s[j] != '.')
			return parts >= 1 ? j : 0;
		j++;
	}
	return parts >= 2 ? j : 0;
}

static void detect_prefixes(const char *text, size_t n, bool *hide)
{
	for (size_t i = 0; i < n; i++) {
		size_t len;

		if (!token_start((unsigned char)text[i]) ||
		    (i > 0 && word_char((unsigned char)text[i - 1])) ||
		    !token_second_letter(text + i, n - i))
			continue;
		if ((len = jwt_len(text + i, n - i))) {
			mark(hide, i, i + len);
			i += len - 1;
			continue;
		}
		if ((len = slack_prefix(text + i, n - i))) {
			size_t body =
			    body_len(text + i + len, n - i - len, ALNUM_DASH);

			if (body >= 8) {
				mark(hide, i, i + len + body);
				i += len + body - 1;
			}
			continue;
		}
		for (size_t p = 0; p < sizeof(prefixes) / sizeof(*prefixes);
		     p++) {
			size_t k = prefixes[p].len, body;

			if (n - i < k || text[i] != prefixes[p].prefix[0] ||
			    memcmp(text + i, prefixes[p].prefix, k))
				continue;
			body =
			    body_len(text + i + k, n - i - k, prefixes[p].body);
			if (body >= prefixes[p].min) {
				mark(hide, i, i + k + body);
				i += k + body - 1;
			}
			break;
		}
	}
}

/* ---- secret-like assignments ---- */

static bool contains_ci(const char *s, size_t n, const char *word)
{
	size_t k = strlen(word);

	for (size_t i = 0; i + k <= n; i++)
		if (strncasecmp(s + i, word, k) == 0)
			return true;
	return false;
}

static bool secret_name(const char *s, size_t n)
{
	static const char *const words[] = {
	    "key", "secret",	 "token", "passw", "passphrase",
	    "pwd", "credential", "auth",  "api",   "private",
	};

	while (n && (*s == '-' || *s == '.'))
		s++, n--;
	if (n == 4 && strncasecmp(s, "pass", 4) == 0)
		return true;
	for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++)
		if (contains_ci(s, n, words[i]))
			return true;
	return false;
}

static bool value_stop(unsigned char c)
{
	return c <= ' ' || c == 0x7f || strchr(",;&)\"'<>`", c);
}

/* Mark the value that starts at v (after the separator); its end. */
static size_t mark_value(const char *text, size_t n, size_t v, bool *hide)
{
	static const char *const schemes[] = {"bearer", "basic", "token",
					      "digest"};
	size_t e;

	while (v < n && (text[v] == ' ' || text[v] == '\t'))
		v++;
	if (v < n && (text[v] == '"' || text[v] == '\'')) {
		char q = text[v++];

		for (e = v; e < n && text[e] != q && text[e] != '\n'; e++)
			if (text[e] == '\\' && e + 1 < n)
				e++;
		mark(hide, v, e);
		return e;
	}
	for (e = v; e < n && !value_stop((unsigned char)text[e]); e++)
		;
	for (size_t s = 0; s < sizeof(schemes) / sizeof(*schemes); s++)
		if (e - v == strlen(schemes[s]) &&
		    strncasecmp(text + v, schemes[s], e - v) == 0 && e < n &&
		    text[e] == ' ')
			return mark_value(text, n, e, hide);
	mark(hide, v, e);
	return e;
}

static void detect_assignments(const char *text, size_t n, bool *hide)
{
	for (size_t i = 0; i < n; i++) {
		size_t b, a, v;
		char c = text[i];

		if (!is_class((unsigned char)c, B_ASSIGN))
			continue; /* most bytes: neither '-', '=' nor ':' */
		if (c == '-' && i + 2 < n && text[i + 1] == '-' &&
		    (i == 0 || isspace((unsigned char)text[i - 1]))) {
			/* --token VALUE */
			for (b = i + 2;
			     b < n && ident_char((unsigned char)text[b]); b++)
				;
			if (b < n && text[b] == ' ' &&
			    secret_name(text + i + 2, b - i - 2))
				i = mark_value(text, n, b, hide);
			continue;
		}
		if (c != '=' && c != ':')
			continue;
		if (c == ':' && i + 2 < n && text[i + 1] == '/' &&
		    text[i + 2] == '/')
			continue; /* a URL's scheme */
		v = i + 1;
		if (v < n && ((c == ':' && text[v] == '=') ||
			      (c == '=' && (text[v] == '>' || text[v] == '='))))
			v++;
		/* The name: identifier characters, maybe quoted, maybe spaced.
		 */
		b = i;
		while (b > 0 && (text[b - 1] == ' ' || text[b - 1] == '\t'))
			b--;
		if (b > 0 && (text[b - 1] == '"' || text[b - 1] == '\''))
			b--;
		a = b;
		while (a > 0 && ident_char((unsigned char)text[a - 1]))
			a--;
		if (a == b || !secret_name(text + a, b - a))
			continue;
		if (a >= 3 && memcmp(text + a - 3, "://", 3) == 0)
			continue; /* userinfo: the URL rule hides it */
		i = mark_value(text, n, v, hide);
		if (i > 0)
			i--;
	}
}

/* ---- random-looking tokens ---- */

double sg_shannon_entropy(const char *s, size_t n)
{
	size_t count[256] = {0};
	double h = 0;

	for (size_t i = 0; i < n; i++)
		count[(unsigned char)s[i]]++;
	for (size_t c = 0; c < 256; c++) {
		if (!count[c])
			continue;
		double p = (double)count[c] / (double)n;

		h -= p * log2(p);
	}
	return h;
}

static inline bool is_lower(char c)
{
	return is_class((unsigned char)c, B_LOWER);
}

static inline bool is_upper(char c)
{
	return is_class((unsigned char)c, B_UPPER);
}

static inline bool is_digit(char c)
{
	return is_class((unsigned char)c, B_DIGIT);
}

/* Average length of the runs of one class ("Error" counts as one run). */
static double average_run(const char *s, size_t n)
{
	size_t runs = 0, chars = 0;

	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t j = i + 1;

		if (!ascii_alnum(c)) {
			i++;
			continue;
		}
		if (is_digit((char)c)) {
			while (j < n && is_digit(s[j]))
				j++;
		} else if (is_lower((char)c) || (j < n && is_lower(s[j]))) {
			while (j < n && is_lower(s[j]))
				j++;
		} else {
			while (j < n && is_upper(s[j]) &&
			       !(j + 1 < n && is_lower(s[j + 1])))
				j++;
		}
		runs++;
		chars += j - i;
		i = j;
	}
	return runs ? (double)chars / (double)runs : 0;
}

int sg_redact_is_random(const char *s, size_t n)
{
	unsigned seen = 0;

	if (n < SG_REDACT_ENTROPY_MIN_LEN)
		return 0;
	for (size_t i = 0; i < n; i++)
		seen |= byte_class[(unsigned char)s[i]];
	/* At least two of lower case, upper case and digits. */
	if (!!(seen & B_LOWER) + !!(seen & B_UPPER) + !!(seen & B_DIGIT) < 2)
		return 0;
	/*
	 * Both tests must pass; the run length first: it is the cheaper, and
	 * the one that refuses the long tokens texts are full of (paths of
	 * words: "src/main/java/UserService").
	 */
	if (average_run(s, n) >= 4.0)
		return 0;
	return sg_shannon_entropy(s, n) >= SG_REDACT_ENTROPY_BITS;
}

static inline bool token_char(unsigned char c)
{
	return is_class(c, B_TOKEN);
}

static void judge_token(const char *text, size_t from, size_t to, bool *hide)
{
	/* Most tokens are too short to judge (sg_redact_is_random's test). */
	if (to - from >= SG_REDACT_ENTROPY_MIN_LEN &&
	    sg_redact_is_random(text + from, to - from))
		mark(hide, from, to);
}

static void detect_random(const char *text, size_t n, bool *hide)
{
	for (size_t i = 0; i < n;) {
		size_t j = i;

		if (!token_char((unsigned char)text[i])) {
			i++;
			continue;
		}
		while (j < n && token_char((unsigned char)text[j]))
			j++;
		while (j < n && text[j] == '=') /* base64 padding */
			j++;
		if (text[i] == '/') {
			/* An absolute path: each component on its own. */
			for (size_t s = i + 1, e; s < j; s = e + 1) {
				for (e = s; e < j && text[e] != '/'; e++)
					;
				judge_token(text, s, e, hide);
			}
		} else {
			judge_token(text, i, j, hide);
		}
		i = j;
	}
}

/* ---- needles ---- */

static void mark_all(const char *text, size_t n, const char *needle, size_t k,
		     bool *hide)
{
	if (!k || k > n)
		return;
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(text + i, needle, k) == 0)
			mark(hide, i, i + k);
}

static bool needle_sep(unsigned char c)
{
	return isspace(c) || strchr("\"'`=:,;()[]{}<>", c);
}

/* Run every detector over text[0, n) into hide. */
static void detect_all(const char *text, size_t n, bool *hide)
{
	detect_pem(text, n, hide);
	detect_url_userinfo(text, n, hide);
	detect_prefixes(text, n, hide);
	detect_assignments(text, n, hide);
	detect_random(text, n, hide);
}

/* A word of a snippet worth hiding wherever it appears. */
static bool needle_word(const char *w, size_t n)
{
	if (n >= NEEDLE_WORD_MIN)
		return true;
	if (n < NEEDLE_SHORT_MIN)
		return false;
	/* Short, but not a plain word: "hunter2", "abc123", "p@ss". */
	for (size_t i = 0; i < n; i++)
		if (!isalpha((unsigned char)w[i]))
			return true;
	return false;
}

static int detect_needle(const char *text, size_t n, const char *needle,
			 bool *hide)
{
	size_t a = 0, b = strlen(needle);
	bool *own;

	while (a < b && isspace((unsigned char)needle[a]))
		a++;
	while (b > a && isspace((unsigned char)needle[b - 1]))
		b--;
	mark_all(text, n, needle + a, b - a, hide);
	for (size_t i = a; i < b;) {
		size_t j = i;

		while (j < b && !needle_sep((unsigned char)needle[j]))
			j++;
		if (needle_word(needle + i, j - i))
			mark_all(text, n, needle + i, j - i, hide);
		i = j + 1;
	}
	/*
	 * What the detectors find in the snippet (an assigned value, a
	 * token) is hidden in the text too, however short or plain.
	 */
	own = calloc(b - a + 1, sizeof(*own));
	if (!own)
		return -1;
	detect_all(needle + a, b - a, own);
	for (size_t i = 0; i < b - a;) {
		size_t j = i;

		if (!own[i]) {
			i++;
			continue;
		}
		while (j < b - a && own[j])
			j++;
		mark_all(text, n, needle + a + i, j - i, hide);
		i = j;
	}
	free(own);
	return 0;
}

char *sg_redact_with(const char *text, const char *const *needles)
{
	static const char mark_text[] = SG_REDACTED;
	size_t n, runs = 0, len = 0;
	bool *hide;
	char *out;

	if (!text)
		return NULL;
	n = strlen(text);
	hide = calloc(n ? n : 1, sizeof(*hide));
	if (!hide)
		return NULL;
	for (size_t i = 0; needles && needles[i]; i++) {
		if (detect_needle(text, n, needles[i], hide) < 0) {
			free(hide);
			return NULL;
		}
	}
	detect_all(text, n, hide);
	if (!memchr(hide, true, n)) {
		/* Nothing to hide (the usual case): a plain copy. */
		free(hide);
		out = malloc(n + 1);
		if (out)
			memcpy(out, text, n + 1);
		return out;
	}
	for (size_t i = 0; i < n; i++)
		if (hide[i] && (i == 0 || !hide[i - 1]))
			runs++;
	out = malloc(n + runs * (sizeof(mark_text) - 1) + 1);
	if (!out) {
		free(hide);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (!hide[i]) {
			out[len++] = text[i];
		} else if (i == 0 || !hide[i - 1]) {
			memcpy(out + len, mark_text, sizeof(mark_text) - 1);
			len += sizeof(mark_text) - 1;
		}
	}
	out[len] = '\0';
	free(hide);
	return out;
}

/* Whether s[0, n) holds needle. */
static bool holds(const char *s, size_t n, const char *needle)
{
	return find_from(s, n, 0, needle) != NULL;
}

/*
 * Why a split at " in " is exact, detector by detector (the conditions
 * below are checked; test_redact_diff checks the claim on generated
 * halves): the blanks of " in " end every token (known prefixes, JWTs,
 * random tokens) and every URL authority, and "in" is neither a token
 * nor a secret-like name; so only an assignment in head (its value would
 * be the "in" and may run on) and the PEM rule (which pairs markers
 * anywhere in the text) could cross, and they are excluded.
 */
bool sg_redact_splits_at_in(const char *head, size_t head_len,
			    const char *tail)
{
	size_t tail_len = strlen(tail);

	if (memchr(head, '=', head_len) || memchr(head, ':', head_len) ||
	    holds(head, head_len, "--"))
		return false;
	return !holds(head, head_len, "-----") &&
	       !holds(tail, tail_len, "-----");
}

char *sg_redact_secrets(const char *text)
{
	return sg_redact_with(text, NULL);
}
