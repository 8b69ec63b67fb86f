/*
 * Finding identity across runs and machines. Fingerprints are "sg2:" and 32
 * hex digits of a SHA-256 over the fields that name a finding for its kind
 * (see docs/fingerprints.md); never over absolute paths or line numbers
 * when anything better is known, and never over a raw secret.
 */
#ifndef SECGATE_FINGERPRINT_H
#define SECGATE_FINGERPRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "secgate/finding.h"

#define SG_FINGERPRINT_PREFIX "sg2:"
/* The previous recipe's prefix: still read in baselines and suppressions. */
#define SG_FINGERPRINT_PREFIX_V1 "sg1:"
#define SG_FINGERPRINT_LEN 36 /* prefix and 32 hex digits */

/*
 * The identity material of a secret: "secret-sha256:<hex>" of the secret
 * (domain-separated), or, when the report only has a redacted or masked
 * value ("REDACTED", "****", empty), "redacted:line:<line>:<masked hash>"
 * from what is there. New string in the set. The secret is not kept.
 */
const char *sg_secret_identity(struct sg_findings *set, const char *secret,
			       size_t len, uint32_t line);

/* The same into a caller's buffer, so nothing per finding is kept. */
#define SG_SECRET_IDENTITY_MAX 96
int sg_secret_identity_into(char out[SG_SECRET_IDENTITY_MAX],
			    const char *secret, size_t len, uint32_t line);

/* True when a secret value is already redacted/masked by the tool. */
int sg_secret_is_redacted(const char *secret, size_t len);

/*
 * Compute f->fingerprint from its kind, rule, path, package, ids and the
 * adapter's identity material (`identity`, may be NULL). The string is new
 * in the set.
 */
int sg_fingerprint_compute(struct sg_findings *set, struct sg_finding *f,
			   const char *identity);

/*
 * Keep f's current fingerprint as its sg1 value (f->fingerprint_v1) unless
 * one is kept already: adapters call it when the previous recipe differs,
 * before computing the new one.
 */
int sg_fingerprint_keep_v1(struct sg_findings *set, struct sg_finding *f);

/*
 * The nth (n >= 2) result sharing f's context identity: a new fingerprint
 * from the current one and n (the first keeps the plain value, so that a
 * lone result's fingerprint does not move). Keeps the sg1 value first.
 */
int sg_fingerprint_occurrence(struct sg_findings *set, struct sg_finding *f,
			      uint32_t n);

/*
 * True when fp ("sg2:..." or "sg1:...", from a baseline or a suppression)
 * names f: its fingerprint, or its sg1 value.
 */
bool sg_fingerprint_matches(const struct sg_finding *f, const char *fp);

/* True for "sg1:" or "sg2:" and 32 lowercase hex digits. */
bool sg_fingerprint_valid(const char *fp);

/*
 * Lowercase hex SHA-256 of data into out[65]; 0, or an error (out of
 * memory, or the digest failed) with out left unset.
 */
int sg_sha256_hex(const void *data, size_t len, char out[65]);

/* Normalize a package name for identity (PEP 503 for pypi; lowercase otherwise). New in set. */
const char *sg_package_identity_name(struct sg_findings *set,
				     const char *ecosystem, const char *name);

#endif
