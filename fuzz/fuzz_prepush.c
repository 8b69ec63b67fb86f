/*
 * libFuzzer target: any bytes as git's pre-push lines on standard input.
 * The repository does not exist, so a well-formed push ends in "commit not
 * in this repository"; what is fuzzed is the line parser before that.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "prepush.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *in = fmemopen((void *)data, size, "rb");
	struct sg_prepush push;

	if (!in)
		return 0; /* fmemopen refuses size 0 on some libcs */
	if (sg_prepush_read(&push, in, "/nonexistent/secgate-fuzz") == 0)
		sg_prepush_release(&push);
	fclose(in);
	return 0;
}
