/*
 * Byte runs scanned eight bytes at a time (SWAR: one 64-bit word, loaded
 * with memcpy so that no alignment is needed). The JSON readers and the
 * report writers spend most of their time walking runs of plain bytes;
 * these are the one copy of the word tests they share (issue 16).
 *
 * Each test returns a mask with the high bit set in the bytes it flags,
 * with ONES = 0x0101...01 and HIGHS = 0x8080...80:
 *   - bytes below n (n <= 0x80):   (w - n * ONES) & ~w & HIGHS
 *   - bytes equal to c:            bytes below 1 of w ^ (c * ONES)
 *   - bytes of 0x80 or more:       w & HIGHS
 *   - bytes of 0x7F or more:       ((w + ONES) | w) & HIGHS
 * A borrow or a carry only runs upward, from a byte that is flagged
 * itself, so the lowest flagged byte is always a true hit (a byte above
 * it may be flagged falsely). The run functions rely on that: on a
 * little-endian machine the first stop is found inside its word; else
 * the word is left to the byte loop. Each returns exactly what a byte
 * loop would; tests/test_ascii_scan.c checks them against one.
 */
#ifndef SECGATE_WORD_SCAN_H
#define SECGATE_WORD_SCAN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define SG_WORD_ONES UINT64_C(0x0101010101010101)
#define SG_WORD_HIGHS UINT64_C(0x8080808080808080)

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
	__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SG_WORD_FIRST_FLAG(mask) ((size_t)__builtin_ctzll(mask) / 8)
#endif

static inline uint64_t sg_word_load(const void *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof(w));
	return w;
}

static inline uint64_t sg_word_below(uint64_t w, unsigned n)
{
	return (w - n * SG_WORD_ONES) & ~w & SG_WORD_HIGHS;
}

static inline uint64_t sg_word_equal(uint64_t w, unsigned char c)
{
	return sg_word_below(w ^ (c * SG_WORD_ONES), 1);
}

/* What ends a plain JSON string run: a control, '"', '\\', non-ASCII. */
static inline uint64_t sg_word_json_stops(uint64_t w)
{
	return (w & SG_WORD_HIGHS) | sg_word_below(w, 0x20) |
	       sg_word_equal(w, '"') | sg_word_equal(w, '\\');
}

/* What ends a printable ASCII run: below 0x20, or 0x7F and above. */
static inline uint64_t sg_word_unprintable(uint64_t w)
{
	return sg_word_below(w, 0x20) | (((w + SG_WORD_ONES) | w) & SG_WORD_HIGHS);
}

static inline int sg_json_plain_byte(unsigned char c)
{
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/*
 * How many bytes at the start of s[0, n) a JSON string holds as they
 * are: 0x20 to 0x7F but '"' and '\\'.
 */
static inline size_t sg_json_plain_run(const char *s, size_t n)
{
	size_t i = 0;

	for (; n - i >= 8; i += 8) {
		uint64_t stops = sg_word_json_stops(sg_word_load(s + i));

		if (stops) {
#ifdef SG_WORD_FIRST_FLAG
			return i + SG_WORD_FIRST_FLAG(stops);
#else
			break;
#endif
		}
	}
	while (i < n && sg_json_plain_byte((unsigned char)s[i]))
		i++;
	return i;
}

/* How many bytes at the start of s[0, n) are 0x20 to 0x7E. */
static inline size_t sg_printable_run(const char *s, size_t n)
{
	size_t i = 0;

	for (; n - i >= 8; i += 8) {
		uint64_t stops = sg_word_unprintable(sg_word_load(s + i));

		if (stops) {
#ifdef SG_WORD_FIRST_FLAG
			return i + SG_WORD_FIRST_FLAG(stops);
#else
			break;
#endif
		}
	}
	while (i < n && (unsigned char)s[i] >= 0x20 &&
	       (unsigned char)s[i] < 0x7F)
		i++;
	return i;
}

#endif
