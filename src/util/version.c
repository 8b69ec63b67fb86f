/*
 * Version reporting: the runtime versions of the libraries (which may
 * differ from the headers secgate was built with), for bug reports.
 */
#include <curl/curl.h>
#include <git2.h>
#include <jansson.h>
#include <libxml/globals.h>
#include <libxml/xmlversion.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <yaml.h>

#include "version.h"

const char *sg_version(void)
{
	return SECGATE_VERSION;
}

void sg_version_print(FILE *out)
{
	int major, minor, rev;

	git_libgit2_version(&major, &minor, &rev);
	fprintf(out, "secgate %s\n", SECGATE_VERSION);
	fprintf(out, "jansson %s\n", jansson_version_str());
	/* libxml2 says "20914" (maybe with a suffix): print 2.9.14. */
	long xml = strtol(xmlParserVersion, NULL, 10);
	fprintf(out, "libxml2 %ld.%ld.%ld\n", xml / 10000, xml / 100 % 100,
		xml % 100);
	fprintf(out, "libgit2 %d.%d.%d\n", major, minor, rev);
	fprintf(out, "libcurl %s\n", curl_version_info(CURLVERSION_NOW)->version);
	fprintf(out, "libyaml %s\n", yaml_get_version_string());
	fprintf(out, "openssl %s\n", OpenSSL_version(OPENSSL_VERSION));
}
