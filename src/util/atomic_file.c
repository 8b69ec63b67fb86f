/*
 * Atomic report writing (see atomic_file.h): mkstemp beside the
 * destination, checked writes, fsync, rename.
 */
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "secgate/error.h"

static void release(struct sg_atomic_file *af)
{
	free(af->dest);
	free(af->tmp);
	af->dest = af->tmp = NULL;
	af->stream = NULL;
}

void sg_mkdir_parents(const char *path)
{
	char *copy = strdup(path);

	if (!copy)
		return;
	for (char *p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0755) != 0 && errno != EEXIST) {
			*p = '/';
			break;
		}
		*p = '/';
	}
	free(copy);
}

int sg_atomic_open(struct sg_atomic_file *af, const char *dest)
{
	struct stat st;
	char *dir_copy, *dir;
	mode_t mask;
	int fd;

	memset(af, 0, sizeof(*af));
	af->direct = 0;
	if (strcmp(dest, "-") == 0) {
		af->stream = stdout;
		af->direct = 1;
		af->dest = strdup(dest);
		return af->dest ? 0 : sg_error(SG_ENOMEM, "out of memory");
	}
	if (lstat(dest, &st) == 0) {
		if (S_ISLNK(st.st_mode))
			return sg_error(SG_EIO, "%s: refusing to write a report "
					"through a symbolic link", dest);
		if (S_ISDIR(st.st_mode))
			return sg_error(SG_EIO, "%s: is a directory", dest);
		if (!S_ISREG(st.st_mode)) {
			af->direct = 1;
			af->dest = strdup(dest);
			af->stream = af->dest ? fopen(dest, "w") : NULL;
			if (!af->stream) {
				int rc = sg_error(SG_EIO, "%s: cannot open: %s",
						  dest, strerror(errno));
				release(af);
				return rc;
			}
			return 0;
		}
	}
	af->dest = strdup(dest);
	dir_copy = strdup(dest);
	if (!af->dest || !dir_copy) {
		free(dir_copy);
		release(af);
		return sg_error(SG_ENOMEM, "out of memory");
	}
	dir = dirname(dir_copy);
	size_t n = strlen(dir) + 32;
	af->tmp = malloc(n);
	if (!af->tmp) {
		free(dir_copy);
		release(af);
		return sg_error(SG_ENOMEM, "out of memory");
	}
	snprintf(af->tmp, n, "%s/.secgate-tmp-XXXXXX", dir);
	free(dir_copy);
	fd = mkstemp(af->tmp);
	if (fd < 0) {
		int rc = sg_error(SG_EIO, "%s: cannot create a temporary file "
				  "beside it: %s", dest, strerror(errno));
		release(af);
		return rc;
	}
	/* mkstemp makes 0600; reports are ordinary files. */
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	af->stream = fdopen(fd, "w");
	if (!af->stream) {
		int rc = sg_error(SG_EIO, "%s: %s", dest, strerror(errno));
		close(fd);
		unlink(af->tmp);
		release(af);
		return rc;
	}
	return 0;
}

int sg_atomic_commit(struct sg_atomic_file *af)
{
	int failed = 0, err = 0;

	if (af->direct) {
		/* Standard output or a device: all we can do is check the writes. */
		int bad = fflush(af->stream) != 0 || ferror(af->stream);
		int write_errno = errno;

		if (af->stream != stdout && fclose(af->stream) != 0 && !bad)
			bad = 1, write_errno = errno;
		if (bad) {
			int rc = sg_error(SG_EIO, "%s: cannot write: %s",
					  strcmp(af->dest, "-") ? af->dest
								: "standard output",
					  strerror(write_errno));
			release(af);
			return rc;
		}
		release(af);
		return 0;
	}
	if (fflush(af->stream) != 0 || ferror(af->stream))
		failed = 1, err = errno;
	if (!failed && fsync(fileno(af->stream)) != 0)
		failed = 1, err = errno;
	if (fclose(af->stream) != 0 && !failed)
		failed = 1, err = errno;
	af->stream = NULL;
	if (!failed && rename(af->tmp, af->dest) != 0)
		failed = 1, err = errno;
	if (failed) {
		int rc = sg_error(SG_EIO, "%s: cannot write: %s", af->dest,
				  strerror(err ? err : EIO));
		unlink(af->tmp);
		release(af);
		return rc;
	}
	release(af);
	return 0;
}

void sg_atomic_abort(struct sg_atomic_file *af)
{
	if (af->stream && af->stream != stdout)
		fclose(af->stream);
	if (af->tmp)
		unlink(af->tmp);
	release(af);
}
