/*
 * The last-error slot. One per thread, so adapters may one day run in
 * parallel without clobbering each other's messages.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "secgate/error.h"

static _Thread_local char last_message[1024];

int sg_error(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_message, sizeof(last_message), fmt, ap);
	va_end(ap);
	return code;
}

void sg_error_prefix(const char *prefix)
{
	char joined[sizeof(last_message)];
	size_t n = strlen(prefix);

	if (n > sizeof(joined) / 2)
		n = sizeof(joined) / 2;
	memcpy(joined, prefix, n);
	memcpy(joined + n, ": ", 2);
	/* Cut the old message to fit: an error line is never worth a crash. */
	size_t room = sizeof(joined) - n - 3, old = strlen(last_message);
	if (old > room)
		old = room;
	memcpy(joined + n + 2, last_message, old);
	joined[n + 2 + old] = '\0';
	memcpy(last_message, joined, sizeof(last_message));
}

const char *sg_error_message(void)
{
	return last_message;
}

void sg_error_clear(void)
{
	last_message[0] = '\0';
}
