/*
 * For targets whose entry point reads a file by path (the configuration,
 * the baseline): the input written to one private file, rewritten per run.
 */
#ifndef SECGATE_FUZZ_FILE_H
#define SECGATE_FUZZ_FILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* The path of a file holding exactly data[0..size); aborts on I/O errors. */
static const char *fuzz_file(const uint8_t *data, size_t size,
			     const char *suffix)
{
	static char path[64];
	FILE *f;

	if (!path[0]) {
		const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm"
								: "/tmp";
		snprintf(path, sizeof(path), "%s/secgate-fuzz-%ld%s", dir,
			 (long)getpid(), suffix);
	}
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	return path;
}

#endif
