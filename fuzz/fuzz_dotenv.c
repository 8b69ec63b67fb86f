/*
 * libFuzzer target: any bytes as a dotenv file for the env check's parser
 * (src/checks/dotenv.c). Checks the contract, not just the absence of a
 * crash: on success every entry has a key and a value of its length; on
 * error the set is empty and the message never quotes the input.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dotenv.h"
#include "secgate/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sg_dotenv d = {.path = ".env.fuzz"};

	if (sg_dotenv_parse(&d, (const char *)data, size) < 0) {
		if (d.count || d.items)
			abort(); /* all or nothing */
		if (strncmp(sg_error_message(), ".env.fuzz:", 10) != 0)
			abort(); /* every error names file and line */
		return 0;
	}
	for (size_t i = 0; i < d.count; i++)
		if (!d.items[i].key[0] || strlen(d.items[i].value) > d.items[i].len)
			abort();
	sg_dotenv_release(&d);
	return 0;
}
