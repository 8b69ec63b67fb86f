/*
 * libFuzzer target: any bytes as a baseline file. A corrupt baseline is a
 * configuration error, never a crash, and a loaded one is sorted and
 * searchable.
 */
#include <string.h>

#include "baseline.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size, ".json");
	struct sg_baseline b;

	sg_baseline_init(&b);
	if (sg_baseline_load(&b, path, true) == 0) {
		/* Loaded: every entry must be found again by its fingerprint. */
		for (size_t i = 0; i < b.count; i++)
			if (sg_baseline_find(&b, b.entries[i].fingerprint) !=
			    &b.entries[i])
				abort();
	}
	sg_baseline_release(&b);
	unlink(path);
	return 0;
}
