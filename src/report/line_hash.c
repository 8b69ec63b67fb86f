/*
 * primaryLocationLineHash as github/codeql-action's src/fingerprints.ts
 * computes it. Node decodes the file as UTF-8 into UTF-16 code units
 * (invalid bytes become U+FFFD as the WHATWG decoder does) and Long does
 * 64-bit two's complement arithmetic, which uint64_t wraps identically.
 * One streaming pass; only the occurrence counts grow with the file.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "line_hash.h"
#include "secgate/error.h"

#define BLOCK_SIZE 100
#define MOD 37u
#define END_OF_FILE 65535u /* fingerprints.ts feeds it after the last byte */
#define REPLACEMENT 0xFFFDu
#define READ_CHUNK 65536

struct count_slot {
	uint64_t hash;
	uint32_t count; /* 0: empty */
};

struct hasher {
	const struct sg_line_hash_sink *sink;
	uint32_t window[BLOCK_SIZE];
	uint32_t line_numbers[BLOCK_SIZE]; /* 0: no line starts here */
	uint64_t hash, first_mod;
	unsigned index;
	uint32_t line;
	bool line_start, prev_cr, stopped;
	int error;
	/* How many times each hash value was output. */
	struct count_slot *counts;
	size_t n_counts, cap_counts;
	/* The UTF-8 decoder (WHATWG Encoding Standard, section 9.1.1). */
	uint32_t cp;
	unsigned needed, seen;
	unsigned char lower, upper;
};

static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 33;
	return h;
}

static int grow_counts(struct hasher *hs)
{
	size_t cap = hs->cap_counts ? hs->cap_counts * 2 : 1024;
	struct count_slot *slots = calloc(cap, sizeof(*slots));

	if (!slots)
		return sg_error(SG_ENOMEM, "out of memory");
	for (size_t i = 0; i < hs->cap_counts; i++) {
		const struct count_slot *old = &hs->counts[i];
		size_t j;

		if (!old->count)
			continue;
		for (j = mix(old->hash) & (cap - 1); slots[j].count;
		     j = (j + 1) & (cap - 1))
			;
		slots[j] = *old;
	}
	free(hs->counts);
	hs->counts = slots;
	hs->cap_counts = cap;
	return 0;
}

/* Count one more output of hash; 0 when out of room or memory. */
static uint32_t count_hash(struct hasher *hs, uint64_t hash)
{
	size_t j;

	if (hs->n_counts * 2 >= hs->cap_counts) {
		if (hs->n_counts >= SG_LINE_HASH_MAX_LINES) {
			hs->error =
			    sg_error(SG_EINPUT, "more than %u lines to hash",
				     SG_LINE_HASH_MAX_LINES);
			return 0;
		}
		if ((hs->error = grow_counts(hs)) < 0)
			return 0;
	}
	for (j = mix(hash) & (hs->cap_counts - 1); hs->counts[j].count;
	     j = (j + 1) & (hs->cap_counts - 1)) {
		if (hs->counts[j].hash == hash)
			return ++hs->counts[j].count;
	}
	hs->counts[j].hash = hash;
	hs->counts[j].count = 1;
	hs->n_counts++;
	return 1;
}

static void output_hash(struct hasher *hs)
{
	char text[SG_LINE_HASH_MAX];
	uint32_t n;

	if (hs->stopped || hs->error)
		return;
	n = count_hash(hs, hs->hash);
	if (!n)
		return;
	snprintf(text, sizeof(text), "%" PRIx64 ":%" PRIu32, hs->hash, n);
	if (hs->sink->line(hs->sink->arg, hs->line_numbers[hs->index], text))
		hs->stopped = true;
	hs->line_numbers[hs->index] = 0;
}

static void update_hash(struct hasher *hs, uint32_t current)
{
	uint32_t begin = hs->window[hs->index];

	hs->window[hs->index] = current;
	hs->hash = MOD * hs->hash + current - hs->first_mod * begin;
	hs->index = (hs->index + 1) % BLOCK_SIZE;
}

/* One UTF-16 code unit, as processCharacter() takes it. */
static void process_char(struct hasher *hs, uint32_t c)
{
	if (c == ' ' || c == '\t' || (hs->prev_cr && c == '\n')) {
		hs->prev_cr = false;
		return;
	}
	if (c == '\r') {
		c = '\n';
		hs->prev_cr = true;
	} else {
		hs->prev_cr = false;
	}
	if (hs->line_numbers[hs->index])
		output_hash(hs);
	if (hs->line_start) {
		hs->line_start = false;
		hs->line++;
		hs->line_numbers[hs->index] = hs->line;
	}
	if (c == '\n')
		hs->line_start = true;
	update_hash(hs, c);
}

static void emit_code_point(struct hasher *hs, uint32_t cp)
{
	if (cp < 0x10000) {
		process_char(hs, cp);
		return;
	}
	cp -= 0x10000;
	process_char(hs, 0xD800 + (cp >> 10));
	process_char(hs, 0xDC00 + (cp & 0x3FF));
}

static void decoder_reset(struct hasher *hs)
{
	hs->cp = 0;
	hs->needed = hs->seen = 0;
	hs->lower = 0x80;
	hs->upper = 0xBF;
}

static void decode_byte(struct hasher *hs, unsigned char b)
{
	if (hs->needed == 0) {
		if (b < 0x80) {
			process_char(hs, b);
		} else if (b >= 0xC2 && b <= 0xDF) {
			hs->needed = 1;
			hs->cp = b & 0x1Fu;
		} else if (b >= 0xE0 && b <= 0xEF) {
			if (b == 0xE0)
				hs->lower = 0xA0;
			if (b == 0xED)
				hs->upper = 0x9F;
			hs->needed = 2;
			hs->cp = b & 0x0Fu;
		} else if (b >= 0xF0 && b <= 0xF4) {
			if (b == 0xF0)
				hs->lower = 0x90;
			if (b == 0xF4)
				hs->upper = 0x8F;
			hs->needed = 3;
			hs->cp = b & 0x07u;
		} else {
			process_char(hs, REPLACEMENT);
		}
		return;
	}
	if (b < hs->lower || b > hs->upper) {
		/* The sequence so far is one U+FFFD; b starts afresh. */
		decoder_reset(hs);
		process_char(hs, REPLACEMENT);
		decode_byte(hs, b);
		return;
	}
	hs->lower = 0x80;
	hs->upper = 0xBF;
	hs->cp = (hs->cp << 6) | (b & 0x3Fu);
	if (++hs->seen == hs->needed) {
		uint32_t cp = hs->cp;

		decoder_reset(hs);
		emit_code_point(hs, cp);
	}
}

static void hasher_init(struct hasher *hs, const struct sg_line_hash_sink *sink)
{
	memset(hs, 0, sizeof(*hs));
	hs->sink = sink;
	hs->first_mod = 1;
	for (int i = 0; i < BLOCK_SIZE; i++)
		hs->first_mod *= MOD;
	hs->line_start = true;
	decoder_reset(hs);
}

static bool hasher_done(const struct hasher *hs)
{
	return hs->stopped || hs->error;
}

static void hasher_feed(struct hasher *hs, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n && !hasher_done(hs); i++)
		decode_byte(hs, p[i]);
}

static int hasher_finish(struct hasher *hs)
{
	if (hs->needed && !hasher_done(hs)) {
		decoder_reset(hs);
		process_char(hs, REPLACEMENT);
	}
	if (!hasher_done(hs))
		process_char(hs, END_OF_FILE);
	/* Flush the lines that started in the last BLOCK_SIZE characters. */
	for (int i = 0; i < BLOCK_SIZE && !hasher_done(hs); i++) {
		if (hs->line_numbers[hs->index])
			output_hash(hs);
		update_hash(hs, 0);
	}
	free(hs->counts);
	hs->counts = NULL;
	return hs->error;
}

int sg_line_hashes_buffer(const char *data, size_t len,
			  const struct sg_line_hash_sink *sink)
{
	struct hasher hs;

	hasher_init(&hs, sink);
	hasher_feed(&hs, (const unsigned char *)data, len);
	return hasher_finish(&hs);
}

int sg_line_hashes(const char *path, const struct sg_line_hash_sink *sink)
{
	struct hasher hs;
	struct stat st;
	unsigned char *buf;
	ssize_t n = 0;
	size_t total = 0;
	int fd, rc, read_errno = 0;

	/* O_NONBLOCK: a FIFO in the tree must not hang the report. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return sg_error(SG_EIO, "cannot open the file: %s",
				strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return sg_error(SG_EIO, "not a regular file");
	}
	buf = malloc(READ_CHUNK);
	if (!buf) {
		close(fd);
		return sg_error(SG_ENOMEM, "out of memory");
	}
	hasher_init(&hs, sink);
	while (!hasher_done(&hs)) {
		if (total >= SG_LINE_HASH_MAX_BYTES) {
			free(buf);
			close(fd);
			free(hs.counts);
			return sg_error(SG_EINPUT,
					"larger than %u bytes: lines past "
					"them are not hashed",
					SG_LINE_HASH_MAX_BYTES);
		}
		n = read(fd, buf, READ_CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			read_errno = errno;
			break;
		}
		total += (size_t)n;
		hasher_feed(&hs, buf, (size_t)n);
	}
	free(buf);
	close(fd);
	if (n < 0) {
		free(hs.counts);
		return sg_error(SG_EIO, "cannot read the file: %s",
				strerror(read_errno));
	}
	rc = hasher_finish(&hs);
	return rc;
}
