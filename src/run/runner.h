/*
 * The process layer of `secgate run`: scanners run as real processes (no
 * shell), several at once, each in its own process group with a timeout
 * and an output cap; private temporary directories that are removed at
 * exit and on Ctrl-C. POSIX; Linux gets a few extra safety nets.
 */
#ifndef SECGATE_RUNNER_H
#define SECGATE_RUNNER_H

#include <stdbool.h>
#include <stddef.h>

/* After SIGTERM to a process group, how long before SIGKILL. */
#define SG_PROC_KILL_GRACE_MS 5000

/* The stdout cap when a spec says 0. */
#define SG_PROC_STDOUT_MAX_DEFAULT ((size_t)1 << 30)

struct sg_proc_spec {
	const char *name; /* the tool's name, for messages */
	/*
	 * argv[0]: an absolute path, a path with a '/' (relative to our
	 * current directory, not to cwd), or a name looked up on PATH
	 * (env's PATH when env has one, else ours; see sg_find_program).
	 */
	char *const *argv;
	const char *cwd; /* the child's working directory; NULL: ours */
	unsigned timeout_seconds; /* 0: no timeout */
	/*
	 * The child's stdout goes through a pipe into this file (created or
	 * truncated, mode 0600, never through a symbolic link), or NULL to
	 * discard it.
	 */
	const char *stdout_path;
	/*
	 * Cap on that file (0: SG_PROC_STDOUT_MAX_DEFAULT). Past it the file
	 * keeps the first stdout_max_bytes, the group is killed and the result
	 * says output_too_large.
	 */
	size_t stdout_max_bytes;
	/* Keep the last N bytes of stderr (0: stderr goes to /dev/null). */
	size_t stderr_tail_bytes;
	char *const *env; /* NULL: inherit; else the full environment */
};

/* Why a child did not start (result.start_failure). */
enum sg_proc_start_failure {
	SG_PROC_STARTED = 0,
	SG_PROC_NOT_FOUND,   /* a bare name not found (executable) on PATH */
	SG_PROC_BAD_PATH,    /* a path to a missing or non-executable file */
	SG_PROC_BAD_CWD,     /* the child could not enter cwd */
	SG_PROC_EXEC_FAILED, /* execve failed (e.g. ENOEXEC, E2BIG) */
	SG_PROC_FORK_FAILED, /* fork failed (e.g. EAGAIN) */
};

struct sg_proc_result {
	bool started; /* false: see start_failure and errno_start */
	int errno_start;
	enum sg_proc_start_failure start_failure;
	bool exited; /* normal exit with exit_code */
	int exit_code;
	bool signaled; /* killed by signal (a crash, or our kill) */
	int signal;
	bool timed_out;	       /* we killed it at the timeout */
	bool output_too_large; /* we killed it at the stdout cap */
	size_t stdout_bytes;   /* bytes written to stdout_path */
	/*
	 * The end of stderr, NUL-terminated (new, free with
	 * sg_proc_result_release; NULL when stderr_tail_bytes was 0). It may
	 * hold anything, secrets and escape sequences included: sanitize it
	 * and show a few lines only.
	 */
	char *stderr_tail;
	size_t stderr_tail_len;
	bool stderr_truncated; /* earlier stderr bytes were dropped */
	double seconds;	       /* wall time from start to exit */
};

/*
 * Run specs[0..n) with at most `jobs` at once (0: the number of online
 * CPUs), starting them in index order; results[i] belongs to specs[i]
 * (every result is initialized here, also on error: release them all).
 * progress (may be NULL) is called on the calling thread once with
 * done=false when a spec starts (or fails to start) and once with
 * done=true when it has finished.
 *
 * A tool that is missing, fails, crashes or times out is a result, not an
 * error. Returns 0, or SG_EUSAGE (a spec without argv[0]), SG_ENOMEM,
 * SG_EIO (stdout_path cannot be created or written; a pipe or the signal
 * set-up failed): then every child already started has been killed and
 * reaped.
 *
 * SIGINT, SIGTERM or SIGHUP during the run kill every child's group
 * (SIGTERM, the grace period, SIGKILL), remove the temporary directories
 * and end the process by the same signal: this function then never
 * returns. Not reentrant, one caller thread at a time; it installs a
 * SIGCHLD handler for its duration (restoring the old one after).
 */
int sg_run_all(const struct sg_proc_spec *specs, size_t n, unsigned jobs,
	       struct sg_proc_result *results,
	       void (*progress)(void *ctx, size_t index,
				const struct sg_proc_result *r, bool done),
	       void *ctx);

/* Free what the result owns and zero it. NULL is allowed. */
void sg_proc_result_release(struct sg_proc_result *r);

/*
 * One line on how the run ended, e.g. "exited with code 2", "killed by
 * signal 11 (SIGSEGV)", "timed out after 30 s", "not found on PATH",
 * "wrote more than 1048576 bytes to stdout"; into buf (cut to size).
 * Returns buf.
 */
const char *sg_proc_describe(const struct sg_proc_result *r, unsigned timeout,
			     char *buf, size_t size);

/*
 * Find a program: a name with a '/' is checked as it is (made absolute
 * against the current directory), any other name is looked up on $PATH
 * (confstr's default path when unset). Only absolute PATH entries are
 * searched: empty entries, "." and other relative ones are skipped, so a
 * scanned repository cannot plant a "gitleaks" in the current directory.
 * A match must be a regular file executable by us. *out: the absolute path
 * (new), or NULL when there is none (errno then ENOENT or EACCES). Returns
 * 0, or SG_ENOMEM.
 */
int sg_find_program(const char *name, char **out);

/*
 * A new private directory (mode 0700) under $TMPDIR (when absolute) or
 * /tmp, registered for removal at exit and on SIGINT/SIGTERM/SIGHUP (the
 * first call installs those handlers, except for a signal that is ignored,
 * as under nohup). *out: its path (new). Returns 0, SG_EIO or SG_ENOMEM.
 * Only the process that created a directory removes it (a forked child's
 * exit does not).
 */
int sg_tmpdir_create(char **out);

/*
 * Remove a registered directory now, recursively and without following
 * symbolic links, and unregister it. Paths that are not registered (or
 * NULL) are left alone.
 */
void sg_tmpdir_remove(const char *path);

/* Tests: the SIGTERM-to-SIGKILL grace in milliseconds (also read once from
 * $SECGATE_KILL_GRACE_MS when this is never called). */
void sg_proc_set_kill_grace_ms(unsigned ms);

#endif
