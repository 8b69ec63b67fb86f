/*
 * libFuzzer target: any bytes through one adapter's parse, the report
 * read as FUZZ_TOOL's (set at compile time: gitleaks, trivy, pip-audit,
 * sarif), or through detection when FUZZ_TOOL is empty ("" picks by
 * content, like `secgate ingest` without --tool).
 */
#include <stddef.h>
#include <stdint.h>

#include "ingest.h"

#ifndef FUZZ_TOOL
#define FUZZ_TOOL ""
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *tool = FUZZ_TOOL[0] ? FUZZ_TOOL : NULL;
	struct sg_findings set;
	struct sg_input input;

	sg_findings_init(&set);
	sg_ingest_buffer(&set, &input, "fuzz", (const char *)data, size, tool,
			 "/repo", 0);
	sg_input_release(&input);
	sg_findings_release(&set);
	return 0;
}
