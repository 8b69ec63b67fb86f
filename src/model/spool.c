/*
 * The text spool (secgate/spool.h): one tmpfile() per findings set,
 * written through stdio, read back with pread at an offset.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "secgate/error.h"
#include "secgate/spool.h"

struct sg_spool {
	FILE *file;
	uint64_t len; /* bytes appended */
	/* Appended since the last fflush: pread would not see them. */
	bool unflushed;
	bool failed; /* a read back failed */
	/* The last text read back: readers often ask for it twice. */
	char *buf;
	size_t cap;
	uint64_t buf_offset;
	size_t buf_len;
	bool buf_valid;
};

int sg_spool_put(struct sg_spool **spool, const char *text, size_t len,
		 struct sg_spooled *out)
{
	struct sg_spool *s = *spool;

	memset(out, 0, sizeof(*out));
	if (!s) {
		s = calloc(1, sizeof(*s));
		if (!s)
			return sg_error(SG_ENOMEM, "out of memory");
		s->file = tmpfile();
		if (!s->file) {
			free(s);
			return sg_error(SG_EIO, "cannot create a temporary "
						"file for the SARIF extras");
		}
		*spool = s;
	}
	if (len && fwrite(text, 1, len, s->file) != len)
		return sg_error(SG_EIO, "cannot write the temporary file of "
					"the SARIF extras");
	out->spool = s;
	out->offset = s->len;
	out->len = len;
	s->len += len;
	s->unflushed = true;
	return 0;
}

static const char *read_failed(struct sg_spool *s)
{
	s->failed = true;
	s->buf_valid = false;
	sg_error(SG_EIO, "cannot read back the temporary file of the SARIF "
			 "extras");
	return NULL;
}

const char *sg_spool_get(const struct sg_spooled *ref)
{
	struct sg_spool *s = ref->spool;
	size_t done = 0;

	if (!s)
		return NULL;
	if (s->buf_valid && s->buf_offset == ref->offset &&
	    s->buf_len == ref->len)
		return s->buf;
	s->buf_valid = false;
	if (s->unflushed) {
		if (fflush(s->file) != 0)
			return read_failed(s);
		s->unflushed = false;
	}
	if (ref->len + 1 > s->cap) {
		char *grown = realloc(s->buf, ref->len + 1);

		if (!grown)
			return read_failed(s);
		s->buf = grown;
		s->cap = ref->len + 1;
	}
	while (done < ref->len) {
		ssize_t n = pread(fileno(s->file), s->buf + done,
				  ref->len - done, (off_t)(ref->offset + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return read_failed(s);
		done += (size_t)n;
	}
	s->buf[ref->len] = '\0';
	s->buf_offset = ref->offset;
	s->buf_len = ref->len;
	s->buf_valid = true;
	return s->buf;
}

int sg_spool_check(const struct sg_spool *spool)
{
	if (spool && spool->failed)
		return sg_error(SG_EIO, "cannot read back the temporary file "
					"of the SARIF extras");
	return 0;
}

void sg_spool_free(struct sg_spool *spool)
{
	if (!spool)
		return;
	fclose(spool->file);
	free(spool->buf);
	free(spool);
}
