/*
 * The length of a run of plain ASCII at the start of a text, eight bytes
 * at a time: the report writers' escaping and cleaning loops spend most
 * of their time walking such runs a byte at a time (issue 16). Each
 * function returns exactly what a byte loop would; tests/test_ascii_scan.c
 * checks them against one.
 *
 * How a word of eight bytes v is tested, with ONES = 0x0101...01 and
 * HIGHS = 0x8080...80 (the high bit of each byte):
 *   - some byte is 0x80 or more:       v & HIGHS
 *   - some byte is 0x7F or more:       (v + ONES | v) & HIGHS
 *         (no byte below 0x7F overflows into its high bit, and a carry
 *         into the next byte comes only from a byte of 0xFF, which the
 *         test finds anyway);
 *   - some byte is below 0x20:         (v - 0x20 * ONES) & ~v & HIGHS
 *         (the lowest such byte borrows into its own high bit; borrows
 *         may flag bytes above it, never hide it);
 *   - some byte equals c:              the last test with 1 for 0x20
 *         on v ^ (c * ONES), which turns the bytes equal to c into zeros.
 * A word with any flag is left to the byte loop, which finds the exact
 * end; a false flag only costs speed.
 */
#ifndef SECGATE_ASCII_SCAN_H
#define SECGATE_ASCII_SCAN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define SG_ASCII_ONES UINT64_C(0x0101010101010101)
#define SG_ASCII_HIGHS UINT64_C(0x8080808080808080)

/* Some byte of v is below 0x20 or 0x7F or more. */
static inline uint64_t sg_ascii_unprintable(uint64_t v)
{
	return (((v - 0x20 * SG_ASCII_ONES) & ~v) | (v + SG_ASCII_ONES) | v) &
	       SG_ASCII_HIGHS;
}

/* Some byte of v equals c. */
static inline uint64_t sg_ascii_has_byte(uint64_t v, unsigned char c)
{
	uint64_t x = v ^ (c * SG_ASCII_ONES);

	return (x - SG_ASCII_ONES) & ~x & SG_ASCII_HIGHS;
}

/* How many bytes at the start of s[0, n) are 0x20 to 0x7E. */
static inline size_t sg_ascii_printable_run(const char *s, size_t n)
{
	size_t i = 0;

	for (; n - i >= 8; i += 8) {
		uint64_t v;

		memcpy(&v, s + i, 8); /* one unaligned load */
		if (sg_ascii_unprintable(v))
			break;
	}
	while (i < n && (unsigned char)s[i] >= 0x20 &&
	       (unsigned char)s[i] < 0x7F)
		i++;
	return i;
}

/*
 * How many bytes at the start of s[0, n) are 0x20 to 0x7E other than
 * '"' and '\\': what a JSON string holds without an escape, in ASCII.
 */
static inline size_t sg_ascii_json_plain_run(const char *s, size_t n)
{
	size_t i = 0;

	for (; n - i >= 8; i += 8) {
		uint64_t v;

		memcpy(&v, s + i, 8);
		if (sg_ascii_unprintable(v) | sg_ascii_has_byte(v, '"') |
		    sg_ascii_has_byte(v, '\\'))
			break;
	}
	while (i < n && (unsigned char)s[i] >= 0x20 &&
	       (unsigned char)s[i] < 0x7F && s[i] != '"' && s[i] != '\\')
		i++;
	return i;
}

#endif
