/*
 * secgate's version and the versions of the libraries it runs with.
 */
#ifndef SECGATE_VERSION_H
#define SECGATE_VERSION_H

#include <stdio.h>

const char *sg_version(void);

/* "secgate X.Y.Z" on the first line, then one line per library. */
void sg_version_print(FILE *out);

#endif
