/*
 * sg2 fingerprints (sg1 with results numbered by occurrence where the
 * identity names only a context; docs/fingerprints.md). Each kind hashes
 * the fields that name the same finding
 * on any machine, in any order of results, after unrelated line shifts:
 *   secret:  rule, path, digest of the secret
 *   vuln:    ecosystem, package name, one canonical id (CVE before GHSA ...)
 *   misconf/code/license: tool, rule, path, and the adapter's identity
 *            (producer fingerprints, a snippet or message hash)
 * Fields are NUL-separated so no two field lists hash alike.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "secgate/error.h"
#include "secgate/fingerprint.h"

#define FINGERPRINT_HEX 32 /* 128 bits of SHA-256 */
#define SECRET_SHA256 "secret-sha256:"
_Static_assert(sizeof(SECRET_SHA256) - 1 + 65 <= SG_SECRET_IDENTITY_MAX,
	       "a secret identity fits its buffer");

/* Lowercase hex of n bytes into out (2n chars + NUL); snprintf is too slow here. */
static void to_hex(const unsigned char *bytes, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[bytes[i] >> 4];
		out[2 * i + 1] = digits[bytes[i] & 15];
	}
	out[2 * n] = '\0';
}

static EVP_MD *fetched_sha256;

static void fetch_sha256(void)
{
	fetched_sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
}

/*
 * SHA-256, fetched from the provider once. EVP_sha256() makes every
 * EVP_DigestInit_ex() fetch it again (a name lookup and locks in OpenSSL
 * 3), which was half the cost of a fingerprint. Kept for the process.
 */
static const EVP_MD *sha256(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, fetch_sha256);
	return fetched_sha256 ? fetched_sha256 : EVP_sha256();
}

/*
 * SHA-256 of len bytes at data. One context per thread, kept for the
 * process and set up again by each digest: EVP_Digest() makes and frees
 * a context per call, which cost a third of a fingerprint.
 */
static int sha256_into(const void *data, size_t len, unsigned char digest[32])
{
	static _Thread_local EVP_MD_CTX *ctx;

	if (!ctx && !(ctx = EVP_MD_CTX_new()))
		return sg_error(SG_ENOMEM, "out of memory");
	if (!EVP_DigestInit_ex2(ctx, sha256(), NULL) ||
	    !EVP_DigestUpdate(ctx, data, len) ||
	    !EVP_DigestFinal_ex(ctx, digest, NULL))
		return sg_error(SG_ENOMEM, "sha-256 failed");
	return 0;
}

int sg_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char digest[32];
	int rc = sha256_into(data, len, digest);

	if (rc)
		return rc;
	to_hex(digest, 32, out);
	return 0;
}

/*
 * SHA-256 of fields[0..n) joined with a NUL after each (a NULL field adds
 * only its NUL). The bytes are assembled in one buffer and hashed by one
 * digest: one EVP_DigestUpdate per field cost as much as the hash itself
 * with a million findings.
 */
static int digest_fields(const char *const *fields, size_t n,
			 unsigned char digest[32])
{
	size_t lens[8], total = 0;
	char small[512], *buf = small, *p;
	int rc;

	if (n > sizeof(lens) / sizeof(*lens))
		return sg_error(SG_EINPUT, "internal: too many fields to "
				"fingerprint");
	for (size_t i = 0; i < n; i++) {
		lens[i] = fields[i] ? strlen(fields[i]) : 0;
		total += lens[i] + 1;
	}
	if (total > sizeof(small) && !(buf = malloc(total)))
		return sg_error(SG_ENOMEM, "out of memory");
	p = buf;
	for (size_t i = 0; i < n; i++) {
		if (lens[i])
			memcpy(p, fields[i], lens[i]);
		p += lens[i];
		*p++ = '\0';
	}
	rc = sha256_into(buf, total, digest);
	if (buf != small)
		free(buf);
	return rc;
}

int sg_secret_is_redacted(const char *secret, size_t len)
{
	size_t stars = 0;

	if (!secret || len == 0)
		return 1;
	if (strstr(secret, "REDACTED"))
		return 1;
	for (size_t i = 0; i < len; i++)
		if (secret[i] == '*')
			stars++;
	/* Trivy masks with '*'; gitleaks --redact=N keeps a prefix then "...". */
	return stars * 2 >= len || (len >= 3 && !strcmp(secret + len - 3, "..."));
}

const char *sg_secret_identity(struct sg_findings *set, const char *secret,
			       size_t len, uint32_t line)
{
	char out[SG_SECRET_IDENTITY_MAX];

	if (sg_secret_identity_into(out, secret, len, line) < 0)
		return NULL;
	return sg_findings_strdup(set, out);
}

int sg_secret_identity_into(char out[SG_SECRET_IDENTITY_MAX],
			    const char *secret, size_t len, uint32_t line)
{
	static const char domain[] = "secgate-secret-v1"; /* with its NUL */
	char hex[65], small[256], *buf = small;
	size_t total = sizeof(domain) + (secret ? len : 0);
	unsigned char digest[32];
	int rc;

	/* One buffer, one digest (see digest_fields). */
	if (total > sizeof(small) && !(buf = malloc(total)))
		return sg_error(SG_ENOMEM, "out of memory");
	memcpy(buf, domain, sizeof(domain));
	if (secret && len)
		memcpy(buf + sizeof(domain), secret, len);
	rc = sha256_into(buf, total, digest);
	if (buf != small) {
		/* A copy of the secret: gone before the memory is. */
		OPENSSL_cleanse(buf, total);
		free(buf);
	} else {
		OPENSSL_cleanse(small, total);
	}
	if (rc < 0)
		return rc;
	to_hex(digest, 32, hex);
	if (sg_secret_is_redacted(secret, len)) {
		/* A masked value names no secret: the line has to say which. */
		snprintf(out, SG_SECRET_IDENTITY_MAX, "redacted:%u:%.16s", line,
			 hex);
	} else {
		/* "secret-sha256:" and the hex with its NUL: 79 bytes. */
		memcpy(out, SECRET_SHA256, sizeof(SECRET_SHA256) - 1);
		memcpy(out + sizeof(SECRET_SHA256) - 1, hex, sizeof(hex));
	}
	return 0;
}

/* Normalize name into out (strlen(name) + 1 bytes). */
static void identity_name_into(char *out, const char *ecosystem,
			       const char *name)
{
	size_t j = 0;
	int pep503 = ecosystem && strcmp(ecosystem, "pypi") == 0;

	for (size_t i = 0; name[i]; i++) {
		char c = (char)tolower((unsigned char)name[i]);

		if (pep503 && (c == '-' || c == '_' || c == '.')) {
			if (j > 0 && out[j - 1] == '-')
				continue;
			c = '-';
		}
		out[j++] = c;
	}
	out[j] = '\0';
}

const char *sg_package_identity_name(struct sg_findings *set,
				     const char *ecosystem, const char *name)
{
	char small[256], *buf;
	const char *out;
	size_t n;

	if (!name)
		return NULL;
	n = strlen(name);
	/* The same few names repeat: interned, and built on the stack. */
	buf = n < sizeof(small) ? small : malloc(n + 1);
	if (!buf)
		return NULL;
	identity_name_into(buf, ecosystem, name);
	out = sg_findings_intern(set, buf, strlen(buf));
	if (buf != small)
		free(buf);
	return out;
}

/* CVE ids first, then GHSA, then anything else; ties by string order. */
static int id_rank(const char *id)
{
	if (strncmp(id, "CVE-", 4) == 0)
		return 0;
	if (strncmp(id, "GHSA-", 5) == 0)
		return 1;
	return 2;
}

static const char *canonical_id(const struct sg_finding *f)
{
	const char *best = NULL;

	for (size_t i = 0; i < sg_finding_cold(f)->n_ids; i++) {
		const char *id = sg_finding_cold(f)->ids[i];

		if (!id || !*id)
			continue;
		if (!best || id_rank(id) < id_rank(best) ||
		    (id_rank(id) == id_rank(best) && strcmp(id, best) < 0))
			best = id;
	}
	return best;
}

int sg_fingerprint_compute(struct sg_findings *set, struct sg_finding *f,
			   const char *identity)
{
	unsigned char digest[32];
	char out[sizeof(SG_FINGERPRINT_PREFIX) + FINGERPRINT_HEX];
	const char *id = canonical_id(f);
	const char *fields[7];
	size_t n = 0;
	int rc;

	if (f->kind == SG_KIND_VULNERABILITY &&
	    sg_finding_cold(f)->package.name && id) {
		fields[n++] = "vulnerability";
		fields[n++] = sg_finding_cold(f)->package.ecosystem;
		fields[n++] = sg_package_identity_name(
		    set, sg_finding_cold(f)->package.ecosystem,
		    sg_finding_cold(f)->package.name);
		if (!fields[n - 1])
			return sg_error(SG_ENOMEM, "out of memory");
		fields[n++] = id;
	} else if (f->kind == SG_KIND_SECRET) {
		fields[n++] = "secret";
		fields[n++] = f->rule_id;
		fields[n++] = f->location.path;
		fields[n++] = identity;
	} else {
		fields[n++] = sg_kind_name(f->kind);
		fields[n++] = f->tool;
		fields[n++] = f->rule_id;
		fields[n++] = f->location.path;
		fields[n++] = sg_finding_cold(f)->package.name;
		fields[n++] = id;
		fields[n++] = identity;
	}
	if ((rc = digest_fields(fields, n, digest)) < 0)
		return rc;
	memcpy(out, SG_FINGERPRINT_PREFIX, sizeof(SG_FINGERPRINT_PREFIX) - 1);
	to_hex(digest, FINGERPRINT_HEX / 2,
	       out + sizeof(SG_FINGERPRINT_PREFIX) - 1);
	f->fingerprint = sg_findings_strdup(set, out);
	return f->fingerprint ? 0 : sg_error(SG_ENOMEM, "out of memory");
}

int sg_fingerprint_keep_v1(struct sg_findings *set, struct sg_finding *f)
{
	char v1[SG_FINGERPRINT_LEN + 1];
	size_t n = strlen(SG_FINGERPRINT_PREFIX);

	if (sg_finding_cold(f)->fingerprint_v1 || !f->fingerprint)
		return 0;
	snprintf(v1, sizeof(v1), "%s%s", SG_FINGERPRINT_PREFIX_V1,
		 f->fingerprint + n);
	sg_finding_cold_mut(set, f)->fingerprint_v1 =
	    sg_findings_intern(set, v1, strlen(v1));
	return sg_finding_cold(f)->fingerprint_v1
		   ? 0
		   : sg_error(SG_ENOMEM, "out of memory");
}

int sg_fingerprint_occurrence(struct sg_findings *set, struct sg_finding *f,
			      uint32_t n)
{
	char text[SG_FINGERPRINT_LEN + 32], hex[65];
	char out[SG_FINGERPRINT_LEN + 1];
	int len;

	if (sg_fingerprint_keep_v1(set, f) < 0)
		return SG_ENOMEM;
	/* Apart from every field list that sg_fingerprint_compute hashes. */
	len = snprintf(text, sizeof(text), "occurrence%c%s%c%u", 0,
		       f->fingerprint, 0, n);
	if (sg_sha256_hex(text, (size_t)len, hex))
		return SG_ENOMEM;
	snprintf(out, sizeof(out), "%s%.32s", SG_FINGERPRINT_PREFIX, hex);
	f->fingerprint = sg_findings_strdup(set, out);
	return f->fingerprint ? 0 : sg_error(SG_ENOMEM, "out of memory");
}

bool sg_fingerprint_matches(const struct sg_finding *f, const char *fp)
{
	size_t n = strlen(SG_FINGERPRINT_PREFIX_V1);

	if (!fp || !f->fingerprint)
		return false;
	if (strcmp(fp, f->fingerprint) == 0)
		return true;
	if (strncmp(fp, SG_FINGERPRINT_PREFIX_V1, n) != 0)
		return false;
	if (sg_finding_cold(f)->fingerprint_v1)
		return strcmp(fp, sg_finding_cold(f)->fingerprint_v1) == 0;
	return strcmp(fp + n,
		      f->fingerprint + strlen(SG_FINGERPRINT_PREFIX)) == 0;
}

bool sg_fingerprint_valid(const char *fp)
{
	size_t n = strlen(SG_FINGERPRINT_PREFIX);

	if (!fp || strlen(fp) != SG_FINGERPRINT_LEN ||
	    (strncmp(fp, SG_FINGERPRINT_PREFIX, n) != 0 &&
	     strncmp(fp, SG_FINGERPRINT_PREFIX_V1, n) != 0))
		return false;
	for (const char *p = fp + n; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}
