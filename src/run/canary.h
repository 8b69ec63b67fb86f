/*
 * The canary of `secgate doctor --canary`: a temporary git repository
 * (never the user's tree or history) holding one committed file of freshly
 * generated, syntactically valid, fake credentials that gitleaks' default
 * rules detect, at a path the user's path filters would scan.
 */
#ifndef SECGATE_CANARY_H
#define SECGATE_CANARY_H

#include <stdint.h>

#include "config.h"

#define SG_CANARY_SECRETS 3

struct sg_canary_secret {
	const char *kind; /* "AWS access key id", ... (static) */
	uint32_t line;	  /* 1-based line in the planted file */
	char value[64];	  /* the fake value: never print it */
};

struct sg_canary {
	char *repo; /* the temporary repository (new) */
	char *path; /* the planted file, repository-relative (new) */
	struct sg_canary_secret secrets[SG_CANARY_SECRETS];
};

/*
 * Create the repository (a registered temporary directory, removed at exit
 * and on signals too), plant and commit the file. The folder is the first
 * included folder of config's paths.include (the root when none); the file
 * name is the first of a few that the include and exclude globs let
 * through (else the first, and the canary will say it is excluded).
 * user_root (may be NULL): the user's repository, whose gitleaks
 * configuration (.gitleaks.toml, .gitleaksignore) is copied alongside.
 */
int sg_canary_plant(struct sg_canary *c, const struct sg_config *config,
		    const char *user_root);

/* Remove the repository and wipe the values. */
void sg_canary_release(struct sg_canary *c);

#endif
