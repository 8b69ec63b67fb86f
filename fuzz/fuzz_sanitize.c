/*
 * libFuzzer target: the terminal sanitizer, checked for what it promises
 * (src/util/sanitize.h), not only for not crashing: valid UTF-8 out, no C0
 * or C1 control, no DEL, no bidi control or invisible mark, no "##[" and
 * no "::" at the start (after blanks) that the GitHub runner would read as
 * a workflow command; and the stream and buffer forms agree.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Decode one UTF-8 character; 0 when invalid. */
static size_t decode(const unsigned char *s, uint32_t *cp)
{
	size_t n;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2, *cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3, *cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4, *cp = s[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	return n;
}

static void check(const char *out)
{
	const unsigned char *p = (const unsigned char *)out;
	const char *lead = out + strspn(out, " \t");
	uint32_t cp;

	if (strstr(out, "##[") || strncmp(lead, "::", 2) == 0)
		abort();
	while (*p) {
		size_t n = decode(p, &cp);

		if (n == 0 || cp < 0x20 || cp == 0x7F ||
		    (cp >= 0x80 && cp <= 0x9F) ||
		    (cp >= 0x202A && cp <= 0x202E) ||
		    (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
		    cp == 0x200F || cp == 0x061C || (cp >= 0xD800 && cp <= 0xDFFF))
			abort();
		p += n;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size + 1), *streamed = NULL;
	char out[4096];
	size_t len = 0;
	FILE *f;

	if (!in)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	f = open_memstream(&streamed, &len);
	if (!f)
		abort();
	sg_fputs_terminal(f, in);
	if (fclose(f) != 0)
		abort();
	check(streamed);
	sg_terminal_safe(out, sizeof(out), in);
	check(out);
	/* The buffer form is the stream form cut to fit. */
	if (strlen(out) < sizeof(out) - 4 && strcmp(out, streamed) != 0)
		abort();
	free(streamed);
	free(in);
	return 0;
}
