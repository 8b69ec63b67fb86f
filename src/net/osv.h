/*
 * The OSV API client (GET {url}/v1/vulns/{id}) with its on-disk cache, as
 * a record source for the enrichment stage (src/gate/enrich.h): requests
 * in parallel (curl multi, bounded), timeouts, retries on 429 and 5xx
 * that honour Retry-After, TLS always verified, plain http only for a
 * loopback URL (tests), a cap on response size. Offline, it reads the
 * cache only and makes no request.
 */
#ifndef SECGATE_OSV_H
#define SECGATE_OSV_H

#include <stdbool.h>

#include "config.h"
#include "enrich.h"

#define SG_OSV_PARALLEL 8     /* requests at once */
#define SG_OSV_ATTEMPTS 3     /* per id, the first included */
#define SG_OSV_MAX_DELAY 30   /* seconds: the longest wait for a retry */
#define SG_OSV_TIMEOUT 20     /* seconds per request (SECGATE_OSV_TIMEOUT) */

struct sg_osv_client;

/*
 * A client for c (borrowed; must outlive it). offline: no request at
 * all, cached records only (stale ones with a note). Returns 0 or
 * SG_ENOMEM.
 */
int sg_osv_client_new(struct sg_osv_client **out, const struct sg_osv_config *c,
		      bool offline);
void sg_osv_client_free(struct sg_osv_client *client);

/* The client as a source (borrowed from the client). */
const struct sg_osv_source *sg_osv_client_source(struct sg_osv_client *client);

#endif
