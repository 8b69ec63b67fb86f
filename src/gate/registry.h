/*
 * The adapter table and format detection: a cheap sniff of the first bytes
 * (top-level shape and first keys) scored by every adapter's detect().
 */
#ifndef SECGATE_REGISTRY_H
#define SECGATE_REGISTRY_H

#include "secgate/adapter.h"

/* NULL-terminated table of every adapter (borrowed, static). */
const struct sg_adapter *const *sg_adapters(void);

/* The adapter whose name is `name`, or NULL. */
const struct sg_adapter *sg_adapter_by_name(const char *name);

/* True when `tool` is a valid --tool value. */
int sg_tool_name_valid(const char *tool);

/* The --tool values, for help and errors: "gitleaks|trivy|pip-audit|codeql|sarif". */
const char *sg_tool_names(void);

/* Fill *out from the document's first bytes. Never fails: unknown shapes give top 0. */
void sg_sniff_document(struct sg_sniff *out, const char *data, size_t len);

/*
 * Pick the adapter for a sniffed document. forced_tool (may be NULL) is the
 * user's --tool. Sets the error (naming `input`) when nothing fits.
 */
int sg_detect_adapter(const struct sg_sniff *sniff, const char *forced_tool,
		      const char *input, const struct sg_adapter **out);

#endif
