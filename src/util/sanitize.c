/*
 * Terminal-safe text (see sanitize.h). Replaces C0/C1 controls, DEL,
 * invalid UTF-8 and the Unicode bidi controls used by "Trojan Source"
 * tricks, so a hostile report cannot repaint or reorder the user's screen.
 */
#include <stdint.h>
#include <string.h>

#include "sanitize.h"

/* Length of the safe UTF-8 character at s, or 0 if it must be replaced. */
static size_t safe_char(const unsigned char *s)
{
	uint32_t cp;
	size_t n;

	if (s[0] < 0x80)
		return (s[0] >= 0x20 && s[0] != 0x7F) ? 1 : 0;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2, cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3, cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	if (cp >= 0x80 && cp <= 0x9F) /* C1 controls, e.g. CSI */
		return 0;
	if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0x200E || cp == 0x200F || cp == 0x061C)
		return 0;
	return n;
}

char *sg_terminal_safe(char *out, size_t size, const char *s)
{
	size_t j = 0;
	const unsigned char *p = (const unsigned char *)(s ? s : "-");

	if (!size)
		return out;
	while (*p) {
		size_t n = safe_char(p);

		if (n == 0) {
			if (j + 1 >= size)
				break;
			out[j++] = '?';
			p++;
			/* Skip continuation bytes of the replaced character. */
			while ((*p & 0xC0) == 0x80)
				p++;
			continue;
		}
		if (j + n >= size)
			break;
		memcpy(out + j, p, n);
		j += n;
		p += n;
	}
	out[j] = '\0';
	return out;
}

void sg_fputs_terminal(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "-");

	while (*p) {
		size_t n = safe_char(p);

		if (n == 0) {
			fputc('?', f);
			p++;
			while ((*p & 0xC0) == 0x80)
				p++;
			continue;
		}
		fwrite(p, 1, n, f);
		p += n;
	}
}
