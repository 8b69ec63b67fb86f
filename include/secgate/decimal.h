/*
 * Whole numbers in decimal without printf: in the per-result loops of
 * the readers and the report writers (line numbers, indexes, error
 * places) a printf cost more than the number (issue 16).
 */
#ifndef SECGATE_DECIMAL_H
#define SECGATE_DECIMAL_H

#include <stdint.h>
#include <string.h>

/* The digits of UINT64_MAX; a negative int64 needs one more, its '-'. */
#define SG_DECIMAL_MAX 20

/* v in decimal at p (room for SG_DECIMAL_MAX bytes; no NUL): the end. */
static inline char *sg_put_decimal(char *p, uint64_t v)
{
	char digits[SG_DECIMAL_MAX], *d = digits + sizeof(digits);
	size_t n;

	do
		*--d = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	n = (size_t)(digits + sizeof(digits) - d);
	memcpy(p, d, n);
	return p + n;
}

/* v in decimal at p, with '-' when negative (SG_DECIMAL_MAX + 1 bytes). */
static inline char *sg_put_decimal_signed(char *p, int64_t v)
{
	if (v >= 0)
		return sg_put_decimal(p, (uint64_t)v);
	*p++ = '-';
	/* The magnitude in unsigned arithmetic: INT64_MIN has no positive. */
	return sg_put_decimal(p, 0 - (uint64_t)v);
}

#endif
