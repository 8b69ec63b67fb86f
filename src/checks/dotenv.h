/*
 * A dotenv file in memory: its KEY=VALUE lines in order. The values are
 * private to the env check: never printed, stored or hashed into any
 * output; sg_dotenv_release wipes them.
 */
#ifndef SECGATE_DOTENV_H
#define SECGATE_DOTENV_H

#include <stddef.h>

struct sg_dotenv_entry {
	char *key;
	char *value; /* NUL-terminated; len bytes */
	size_t len;
	unsigned line, column; /* of the key */
};

struct sg_dotenv {
	const char *path; /* for messages and findings (borrowed) */
	struct sg_dotenv_entry *items;
	size_t count, cap;
};

/*
 * Parse buf[0, len) (a whole file) into d, whose path is set. All or
 * nothing: on error (SG_EINPUT "<path>:<line>: <what>") d is empty.
 */
int sg_dotenv_parse(struct sg_dotenv *d, const char *buf, size_t len);

/* Read and parse the file at full (at most 1 MiB). */
int sg_dotenv_read(struct sg_dotenv *d, const char *full);

/* Wipe and free the entries (d->path is kept). */
void sg_dotenv_release(struct sg_dotenv *d);

#endif
