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

void sg_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char digest[32];
	unsigned int n = 0;

	EVP_Digest(data, len, digest, &n, sha256(), NULL);
	to_hex(digest, 32, out);
}

struct hasher {
	EVP_MD_CTX *ctx;
};

static void hash_field(struct hasher *h, const char *field)
{
	static const unsigned char sep = 0;

	if (field)
		EVP_DigestUpdate(h->ctx, field, strlen(field));
	EVP_DigestUpdate(h->ctx, &sep, 1);
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
	char hex[65];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char digest[32];
	unsigned int n = 0;
	static const char domain[] = "secgate-secret-v1";

	if (!ctx)
		return sg_error(SG_ENOMEM, "out of memory");
	EVP_DigestInit_ex(ctx, sha256(), NULL);
	EVP_DigestUpdate(ctx, domain, sizeof(domain));
	if (secret)
		EVP_DigestUpdate(ctx, secret, len);
	EVP_DigestFinal_ex(ctx, digest, &n);
	EVP_MD_CTX_free(ctx);
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

	for (size_t i = 0; i < f->n_ids; i++) {
		const char *id = f->ids[i];

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
	struct hasher h = {EVP_MD_CTX_new()};
	unsigned char digest[32];
	unsigned int n = 0;
	char out[sizeof(SG_FINGERPRINT_PREFIX) + FINGERPRINT_HEX];
	const char *id = canonical_id(f);

	if (!h.ctx)
		return sg_error(SG_ENOMEM, "out of memory");
	EVP_DigestInit_ex(h.ctx, sha256(), NULL);
	if (f->kind == SG_KIND_VULNERABILITY && f->package.name && id) {
		hash_field(&h, "vulnerability");
		hash_field(&h, f->package.ecosystem);
		hash_field(&h, sg_package_identity_name(set, f->package.ecosystem,
							f->package.name));
		hash_field(&h, id);
	} else if (f->kind == SG_KIND_SECRET) {
		hash_field(&h, "secret");
		hash_field(&h, f->rule_id);
		hash_field(&h, f->location.path);
		hash_field(&h, identity);
	} else {
		hash_field(&h, sg_kind_name(f->kind));
		hash_field(&h, f->tool);
		hash_field(&h, f->rule_id);
		hash_field(&h, f->location.path);
		hash_field(&h, f->package.name);
		hash_field(&h, id);
		hash_field(&h, identity);
	}
	EVP_DigestFinal_ex(h.ctx, digest, &n);
	EVP_MD_CTX_free(h.ctx);
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

	if (f->fingerprint_v1 || !f->fingerprint)
		return 0;
	snprintf(v1, sizeof(v1), "%s%s", SG_FINGERPRINT_PREFIX_V1,
		 f->fingerprint + n);
	f->fingerprint_v1 = sg_findings_intern(set, v1, strlen(v1));
	return f->fingerprint_v1 ? 0 : sg_error(SG_ENOMEM, "out of memory");
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
	sg_sha256_hex(text, (size_t)len, hex);
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
	if (f->fingerprint_v1)
		return strcmp(fp, f->fingerprint_v1) == 0;
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
