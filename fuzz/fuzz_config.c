/*
 * libFuzzer target: any bytes as .secgate.yml through the strict loader
 * (libyaml tree, anchors and aliases, every section's parser). A load
 * either succeeds or sets an error; either way nothing may leak or crash.
 */
#include "config.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size, ".yml");
	struct sg_config config;

	sg_config_init(&config);
	sg_config_load(&config, path, NULL);
	sg_config_release(&config);
	unlink(path);
	return 0;
}
