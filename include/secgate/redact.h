/*
 * Redaction of secret-looking text (src/util/redact.c): a scanner's stderr
 * and the messages of secret findings may repeat what was found. Used
 * before any such text is stored, so no sink can print it.
 */
#ifndef SECGATE_REDACT_H
#define SECGATE_REDACT_H

#include <stdbool.h>
#include <stddef.h>

#define SG_REDACTED "[redacted]"

/* Tokens shorter than this are never judged by their entropy alone. */
#define SG_REDACT_ENTROPY_MIN_LEN 16
/* Shannon entropy, bits per character, from which a token is secret. */
#define SG_REDACT_ENTROPY_BITS 3.0

/*
 * A copy of text with every secret-looking part replaced by SG_REDACTED:
 * the value of a secret-like assignment (`api_key = v`, `"password": "v"`,
 * `--token v`, `Authorization: Bearer v`), the userinfo of a URL
 * (`postgres://user:pw@host`), tokens with a known prefix (AKIA/ASIA,
 * ghp_/gho_/ghs_/ghu_/ghr_/github_pat_, xox?-, sk_/rk_ live and test
 * keys, glpat-, JWTs), PEM private key blocks (across lines, also when
 * the BEGIN or END line is missing), and random-looking tokens (see
 * sg_redact_is_random). New (caller frees); NULL when out of memory or
 * text is NULL.
 */
char *sg_redact_secrets(const char *text);

/*
 * The same, and every occurrence of each needle (NULL-terminated list;
 * needles that are empty after trimming are ignored) is replaced too: a
 * secret scanner's snippet quoted in its message. So are the needle's
 * words of 8 or more characters (split at blanks, quotes and "=:,;()[]{}<>"),
 * its words of 4 to 7 that are not only letters ("hunter2"), and whatever
 * the detectors find inside the needle (`pw = "sunshine"` hides
 * "sunshine").
 */
char *sg_redact_with(const char *text, const char *const *needles);

/*
 * Whether sg_redact_secrets(head + " in " + tail) is
 * sg_redact_secrets(head) + " in " + sg_redact_secrets(tail), head being
 * head_len bytes without a NUL and tail a string. True when no detector
 * can reach across " in ": head holds no assignment ('=', ':' or "--",
 * whose value could be the "in"), and neither half a PEM marker
 * ("-----"). Messages "<title> in <path>" then redact each title once.
 */
bool sg_redact_splits_at_in(const char *head, size_t head_len,
			    const char *tail);

/* Shannon entropy of s[0, n) in bits per character (0 for n == 0). */
double sg_shannon_entropy(const char *s, size_t n);

/*
 * Whether a token of letters, digits and "+/=_-" looks random: at least
 * SG_REDACT_ENTROPY_MIN_LEN characters, two of lower case, upper case and
 * digits, entropy >= SG_REDACT_ENTROPY_BITS, and not made of words (its
 * runs of one character class average under 4 characters, so
 * "ConnectionRefusedError" or "python3-dist-packages" stay readable).
 */
int sg_redact_is_random(const char *s, size_t n);

#endif
