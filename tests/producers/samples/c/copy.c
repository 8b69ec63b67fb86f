/* Identical lines in one file: flawfinder's contextHash is the same. */
#include <stdio.h>
#include <string.h>

void copy_all(char *dst, const char *a, const char *b, const char *c)
{
	char buf[16];

	strcpy(buf, a);
	strcpy(dst, buf);
	strcpy(buf, b);
	strcpy(dst, buf);
	strcpy(buf, c);
	strcpy(dst, buf);
}
