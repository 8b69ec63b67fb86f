/*
 * libFuzzer target: the document reader (jsondoc.h) against jansson on
 * the same bytes. Both must accept or both refuse; what both accept must
 * read the same, which the compact writer (jsonwrite.h) shows: its text
 * of our document equals json_dumps of jansson's. Differences by design
 * are not compared: the stream's refusals before any value (empty,
 * UTF-16, a byte-order mark it skips), nesting past SG_JS_MAX_DEPTH
 * (jansson's own cap is higher), and a raw NUL byte, which we always
 * refuse and jansson takes for the end of a token ("[1\0]" reads as
 * [1] there).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "secgate/error.h"
#include "secgate/jsondoc.h"
#include "secgate/jsonwrite.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void differ(const char *what, const char *detail)
{
	fprintf(stderr, "jsondoc and jansson differ: %s: %s\n", what, detail);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct sg_jstream *js = NULL;
	struct sg_jdoc *doc = NULL;
	const struct sg_jval *v;
	json_error_t err;
	json_t *theirs;
	int rc;

	if (size >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		return 0;
	if (sg_jstream_open_buffer(&js, "fuzz", text, size) < 0)
		return 0;
	if (sg_jdoc_new(&doc) < 0)
		abort();
	rc = sg_js_load_doc(js, doc, NULL, NULL, &v);
	if (rc == 0)
		rc = sg_js_finish(js);
	theirs = json_loadb(text, size,
			    JSON_DECODE_ANY | JSON_REJECT_DUPLICATES |
				    JSON_ALLOW_NUL,
			    &err);
	if (rc == 0 && !theirs)
		differ("jansson refuses what we accept", err.text);
	if (rc < 0 && theirs && !strstr(sg_error_message(), "nesting deeper") &&
	    !memchr(data, 0, size))
		differ("we refuse what jansson accepts", sg_error_message());
	if (rc == 0) {
		struct sg_jbuf ours;
		char *want = json_dumps(theirs, JSON_COMPACT | JSON_ENCODE_ANY);

		sg_jbuf_init(&ours);
		sg_jbuf_value(&ours, v);
		if (!want || ours.failed)
			abort();
		if (strcmp(ours.data, want) != 0)
			differ("values", "the compact texts differ");
		sg_jbuf_release(&ours);
		free(want);
	}
	json_decref(theirs);
	sg_jdoc_free(doc);
	sg_jstream_free(js);
	return 0;
}
