/*
 * The related locations a SARIF producer gave a finding (finding.h:
 * sarif_extras), for the reports that mention them in words (Markdown,
 * JUnit). A secret's are never listed.
 */
#ifndef SECGATE_RELATED_LOCATIONS_H
#define SECGATE_RELATED_LOCATIONS_H

#include <stddef.h>
#include <stdint.h>

#include "secgate/finding.h"

/* One related location: path (NULL if unknown), line (0), message (NULL). */
typedef void (*sg_related_fn)(void *arg, const char *path, uint32_t line,
			      const char *message);

/*
 * Call fn for the first `max` related locations of f, in the producer's
 * order. Returns how many there are in all (0 when none, or out of
 * memory: they are a courtesy, never a verdict).
 */
size_t sg_related_locations(const struct sg_finding *f, size_t max,
			    sg_related_fn fn, void *arg);

#endif
