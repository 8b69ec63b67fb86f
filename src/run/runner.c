/*
 * The process layer of `secgate run` (see runner.h): fork+exec without a
 * shell, one process group per child, a single-threaded poll()/waitpid()
 * loop with a self-pipe for SIGCHLD and Ctrl-C, and the temporary
 * directory registry that the signal handler can empty by itself.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/prctl.h>
#include <sys/syscall.h>
#endif

#include "runner.h"
#include "secgate/error.h"

extern char **environ;

/*
 * Why one thread with poll() and not a thread per child: the children are
 * few, the work per byte is a copy, and with one thread the signal
 * handler has a single loop to wake (through the self-pipe), there are no
 * locks to take in a handler, and progress is naturally reported on the
 * calling thread.
 */

#define READ_CHUNK 65536
#define MAX_POLL_MS 1000     /* a safety net against a lost wakeup */
#define STRAGGLER_POLL_MS 20 /* re-check a group whose leader has exited */
#define REAP_AFTER_KILL 1.0  /* seconds to wait for a SIGKILLed group */
#define REMOVE_MAX_DEPTH 128
#define REMOVE_MAX_PASSES 4

#if defined(NSIG)
#define SG_NSIG NSIG
#else
#define SG_NSIG 65
#endif

/* ---- signal state shared with the handlers -------------------------- */

/*
 * While sg_run_all runs, the handlers only record the signal and write to
 * the self-pipe; the loop kills the children and then ends the process.
 * Outside a run there are no children, so the handler removes the
 * temporary directories itself (with async-signal-safe calls only) and
 * re-raises the signal.
 */
static volatile sig_atomic_t run_active;
static volatile sig_atomic_t run_owner;
static volatile sig_atomic_t wake_fd = -1;
static volatile sig_atomic_t pending_signal;
static volatile sig_atomic_t signal_count;

static unsigned kill_grace_ms = SG_PROC_KILL_GRACE_MS;
static bool kill_grace_set;

void sg_proc_set_kill_grace_ms(unsigned ms)
{
	kill_grace_ms = ms;
	kill_grace_set = true;
}

/* ---- temporary directory registry ----------------------------------- */

/*
 * Lock-free so a signal handler may take entries: whoever swaps a slot to
 * NULL owns the entry (removes the directory and, outside a handler,
 * frees it). The owner pid keeps a forked child from removing its
 * parent's directories.
 */
_Static_assert(ATOMIC_POINTER_LOCK_FREE == 2,
	       "the temporary directory registry needs lock-free pointers");

struct tmpdir_entry {
	pid_t owner;
	char path[];
};

#define TMPDIR_SLOTS 64
static _Atomic(struct tmpdir_entry *) tmpdirs[TMPDIR_SLOTS];

#if defined(__linux__) && defined(SYS_getdents64)
/* The kernel's record; getdents64 is a plain system call, so unlike
 * readdir it is safe in a signal handler. */
struct raw_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};
#endif

static void clear_dir(int fd, int depth);

static bool is_dot_or_dotdot(const char *name)
{
	return name[0] == '.' &&
	       (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'));
}

/* Remove one entry of dirfd; true when it is gone. */
static bool remove_entry(int dirfd, const char *name, int type, int depth)
{
	struct stat st;
	bool is_dir;
	int sub;

	if (type == DT_UNKNOWN) {
		if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			return false;
		is_dir = S_ISDIR(st.st_mode);
	} else {
		is_dir = type == DT_DIR;
	}
	if (!is_dir)
		return unlinkat(dirfd, name, 0) == 0;
	if (depth >= REMOVE_MAX_DEPTH)
		return false;
	/* O_NOFOLLOW: a symbolic link planted in place of a directory must
	 * never make us empty its target. */
	sub = openat(dirfd, name,
		     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (sub >= 0) {
		clear_dir(sub, depth + 1);
		close(sub);
	}
	return unlinkat(dirfd, name, AT_REMOVEDIR) == 0;
}

/*
 * Empty the directory open as fd. Passes repeat while they remove
 * something, since removing entries while listing may skip some.
 */
static void clear_dir(int fd, int depth)
{
	bool removed = true;

	/* Tools (Go's module cache) leave read-only directories behind. */
	(void)fchmod(fd, S_IRWXU);
	for (int pass = 0; removed && pass < REMOVE_MAX_PASSES; pass++) {
		removed = false;
		if (lseek(fd, 0, SEEK_SET) < 0)
			return;
#if defined(__linux__) && defined(SYS_getdents64)
		union {
			char bytes[4096];
			uint64_t align;
		} buf;
		long got;

		while ((got = syscall(SYS_getdents64, fd, buf.bytes,
				      sizeof(buf.bytes))) > 0) {
			for (long off = 0; off < got;) {
				struct raw_dirent64 *d =
				    (void *)(buf.bytes + off);

				off += d->d_reclen;
				if (is_dot_or_dotdot(d->d_name))
					continue;
				if (remove_entry(fd, d->d_name, d->d_type,
						 depth))
					removed = true;
			}
		}
#else
		/* Elsewhere readdir it is: not async-signal-safe, a best
		 * effort when a signal arrives outside a run. */
		int dup_fd = dup(fd);
		DIR *dir = dup_fd >= 0 ? fdopendir(dup_fd) : NULL;
		struct dirent *d;

		if (!dir) {
			if (dup_fd >= 0)
				close(dup_fd);
			return;
		}
		rewinddir(dir);
		while ((d = readdir(dir)) != NULL) {
			if (is_dot_or_dotdot(d->d_name))
				continue;
			if (remove_entry(fd, d->d_name, DT_UNKNOWN, depth))
				removed = true;
		}
		closedir(dir);
#endif
	}
}

/* Async-signal-safe on Linux (see clear_dir). */
static void remove_tree(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd >= 0) {
		clear_dir(fd, 0);
		close(fd);
	}
	(void)rmdir(path);
}

static void remove_all_tmpdirs(bool free_entries)
{
	pid_t self = getpid();

	for (size_t i = 0; i < TMPDIR_SLOTS; i++) {
		struct tmpdir_entry *e = atomic_load(&tmpdirs[i]);

		if (!e || e->owner != self)
			continue;
		if (!atomic_compare_exchange_strong(&tmpdirs[i], &e, NULL))
			continue;
		remove_tree(e->path);
		if (free_entries)
			free(e);
	}
}

static void remove_tmpdirs_at_exit(void)
{
	remove_all_tmpdirs(true);
}

/* ---- signal handlers ------------------------------------------------- */

static void wake_loop(void)
{
	int fd = wake_fd;

	if (fd >= 0) {
		ssize_t w = write(fd, "x", 1);

		(void)w; /* a full pipe already holds a wakeup */
	}
}

/* Remove our temporary directories and end by sig (async-signal-safe). */
static void die_by_signal(int sig)
{
	struct sigaction dfl;
	sigset_t set;

	remove_all_tmpdirs(false);
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(sig, &dfl, NULL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	_exit(128 + sig);
}

static void on_terminate(int sig)
{
	int saved = errno;

	if (run_active && run_owner == (sig_atomic_t)getpid()) {
		pending_signal = sig;
		signal_count = signal_count + 1;
		wake_loop();
		errno = saved;
		return;
	}
	die_by_signal(sig);
}

static void on_child(int sig)
{
	int saved = errno;

	(void)sig;
	if (run_active)
		wake_loop();
	errno = saved;
}

static const int terminate_signals[] = {SIGINT, SIGTERM, SIGHUP};

static void install_handlers(void)
{
	static atomic_flag installed = ATOMIC_FLAG_INIT;
	struct sigaction sa, old;

	if (atomic_flag_test_and_set(&installed))
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_terminate;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < 3; i++)
		sigaddset(&sa.sa_mask, terminate_signals[i]);
	sigaddset(&sa.sa_mask, SIGCHLD);
	sa.sa_flags = SA_RESTART;
	for (size_t i = 0; i < 3; i++) {
		int sig = terminate_signals[i];

		if (sigaction(sig, NULL, &old) != 0)
			continue;
		/* Whoever started us asked for this signal to be ignored. */
		if (!(old.sa_flags & SA_SIGINFO) && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sig, &sa, NULL);
	}
	atexit(remove_tmpdirs_at_exit);
}

/* ---- temporary directories: the API ---------------------------------- */

int sg_tmpdir_create(char **out)
{
	const char *base = getenv("TMPDIR");
	struct tmpdir_entry *e;
	size_t len;

	*out = NULL;
	if (!base || base[0] != '/')
		base = "/tmp";
	len = strlen(base);
	while (len > 1 && base[len - 1] == '/')
		len--;
	e = malloc(sizeof(*e) + len + sizeof("/secgate-XXXXXX"));
	*out = malloc(len + sizeof("/secgate-XXXXXX"));
	if (!e || !*out) {
		free(e);
		free(*out);
		*out = NULL;
		return sg_error(SG_ENOMEM, "out of memory");
	}
	memcpy(e->path, base, len);
	memcpy(e->path + len, "/secgate-XXXXXX", sizeof("/secgate-XXXXXX"));
	e->owner = getpid();
	install_handlers();
	/* mkdtemp creates it 0700. */
	if (!mkdtemp(e->path)) {
		int rc = sg_error(SG_EIO,
				  "cannot create a temporary directory "
				  "in %.*s: %s",
				  (int)len, base, strerror(errno));
		free(e);
		free(*out);
		*out = NULL;
		return rc;
	}
	memcpy(*out, e->path, strlen(e->path) + 1);
	for (size_t i = 0; i < TMPDIR_SLOTS; i++) {
		struct tmpdir_entry *expected = NULL;

		if (atomic_compare_exchange_strong(&tmpdirs[i], &expected, e))
			return 0;
	}
	rmdir(e->path);
	free(e);
	free(*out);
	*out = NULL;
	return sg_error(SG_EIO, "too many temporary directories (%d)",
			TMPDIR_SLOTS);
}

void sg_tmpdir_remove(const char *path)
{
	pid_t self = getpid();

	if (!path)
		return;
	for (size_t i = 0; i < TMPDIR_SLOTS; i++) {
		struct tmpdir_entry *e = atomic_load(&tmpdirs[i]);

		if (!e || e->owner != self || strcmp(e->path, path) != 0)
			continue;
		if (!atomic_compare_exchange_strong(&tmpdirs[i], &e, NULL))
			continue;
		remove_tree(e->path);
		free(e);
		return;
	}
}

/* ---- finding programs ------------------------------------------------ */

/* 0 when path is a regular file we may execute; else errno set. */
static int check_executable(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return -1;
	if (!S_ISREG(st.st_mode)) {
		errno = EACCES;
		return -1;
	}
	return faccessat(AT_FDCWD, path, X_OK, AT_EACCESS);
}

static char *join_path(const char *dir, size_t dir_len, const char *name)
{
	size_t name_len = strlen(name);
	char *p = malloc(dir_len + 1 + name_len + 1);

	if (!p)
		return NULL;
	memcpy(p, dir, dir_len);
	p[dir_len] = '/';
	memcpy(p + dir_len + 1, name, name_len + 1);
	return p;
}

static int find_explicit(const char *name, char **out)
{
	char *candidate;

	if (name[0] == '/') {
		candidate = strdup(name);
	} else {
		size_t size = 4096;
		char *cwd = NULL;

		for (;;) {
			char *bigger = realloc(cwd, size);

			if (!bigger) {
				free(cwd);
				return sg_error(SG_ENOMEM, "out of memory");
			}
			cwd = bigger;
			if (getcwd(cwd, size))
				break;
			if (errno != ERANGE) {
				int saved = errno;

				free(cwd);
				errno = saved;
				return 0;
			}
			size *= 2;
		}
		candidate = join_path(cwd, strlen(cwd), name);
		free(cwd);
	}
	if (!candidate)
		return sg_error(SG_ENOMEM, "out of memory");
	if (check_executable(candidate) != 0) {
		int saved = errno;

		free(candidate);
		errno = saved;
		return 0;
	}
	*out = candidate;
	return 0;
}

/* PATH search over path_var (NULL: confstr's default). */
static int find_on_path(const char *name, const char *path_var, char **out)
{
	char *default_path = NULL;
	bool denied = false;

	*out = NULL;
	if (name[0] == '\0') {
		errno = ENOENT;
		return 0;
	}
	if (strchr(name, '/'))
		return find_explicit(name, out);
	if (!path_var) {
		size_t n = confstr(_CS_PATH, NULL, 0);

		default_path = n ? malloc(n) : NULL;
		if (n && !default_path)
			return sg_error(SG_ENOMEM, "out of memory");
		if (default_path)
			confstr(_CS_PATH, default_path, n);
		path_var = default_path ? default_path : "/usr/bin:/bin";
	}
	for (const char *p = path_var;;) {
		const char *end = strchr(p, ':');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		/* Relative entries ("", ".", "bin") would search the
		 * directory we were started in: the scanned repository. */
		if (len > 0 && p[0] == '/') {
			char *candidate = join_path(p, len, name);

			if (!candidate) {
				free(default_path);
				return sg_error(SG_ENOMEM, "out of memory");
			}
			if (check_executable(candidate) == 0) {
				*out = candidate;
				free(default_path);
				return 0;
			}
			if (errno == EACCES)
				denied = true;
			free(candidate);
		}
		if (!end)
			break;
		p = end + 1;
	}
	free(default_path);
	errno = denied ? EACCES : ENOENT;
	return 0;
}

int sg_find_program(const char *name, char **out)
{
	*out = NULL;
	return find_on_path(name, getenv("PATH"), out);
}

static const char *env_path(char *const *env)
{
	if (!env)
		return getenv("PATH");
	for (; *env; env++)
		if (strncmp(*env, "PATH=", 5) == 0)
			return *env + 5;
	return getenv("PATH");
}

/* ---- spawning -------------------------------------------------------- */

struct start_report {
	int stage; /* enum sg_proc_start_failure */
	int err;
};

/* fd moved to >= 3 and close-on-exec, so dup2 onto 0-2 never clobbers. */
static int high_cloexec(int fd)
{
	int moved;

	if (fd < 0 || fd > 2) {
		if (fd >= 0)
			(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
		return fd;
	}
	moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	close(fd);
	return moved;
}

static int make_pipe(int fds[2], bool nonblock_read)
{
	int raw[2];

	if (pipe(raw) != 0)
		return -1;
	fds[0] = high_cloexec(raw[0]);
	fds[1] = high_cloexec(raw[1]);
	if (fds[0] < 0 || fds[1] < 0) {
		if (fds[0] >= 0)
			close(fds[0]);
		if (fds[1] >= 0)
			close(fds[1]);
		return -1;
	}
	if (nonblock_read)
		(void)fcntl(fds[0], F_SETFL,
			    fcntl(fds[0], F_GETFL) | O_NONBLOCK);
	return 0;
}

/* Between fork and exec: async-signal-safe calls only. */
__attribute__((noreturn)) static void child_exec(const char *prog,
						 const struct sg_proc_spec *sp,
						 int out_w, int err_w,
						 int report_w)
{
	struct start_report rep = {SG_PROC_EXEC_FAILED, 0};
	struct sigaction dfl;
	sigset_t none;
	int null_fd;

	/* Handlers would be reset by exec anyway; ignored signals (SIGPIPE
	 * in a caller that ignores it) would not. */
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	for (int sig = 1; sig < SG_NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			(void)sigaction(sig, &dfl, NULL);
	if (setpgid(0, 0) != 0)
		goto fail;
	null_fd = high_cloexec(open("/dev/null", O_RDWR | O_CLOEXEC));
	if (null_fd < 0)
		goto fail;
	if (dup2(null_fd, 0) < 0 || dup2(out_w >= 0 ? out_w : null_fd, 1) < 0 ||
	    dup2(err_w >= 0 ? err_w : null_fd, 2) < 0)
		goto fail;
	if (sp->cwd && chdir(sp->cwd) != 0) {
		rep.stage = SG_PROC_BAD_CWD;
		goto fail;
	}
#if defined(__linux__) && defined(SYS_close_range)
	/* Everything we opened is O_CLOEXEC; this also covers descriptors
	 * other code in the process opened without it. Older kernels: ENOSYS,
	 * and O_CLOEXEC alone it is. */
	(void)syscall(SYS_close_range, 3U, ~0U, 4U /* CLOSE_RANGE_CLOEXEC */);
#endif
	sigemptyset(&none);
	pthread_sigmask(SIG_SETMASK, &none, NULL);
	execve(prog, sp->argv, sp->env ? sp->env : environ);
fail:
	rep.err = errno;
	{
		ssize_t w = write(report_w, &rep, sizeof(rep));

		(void)w;
	}
	_exit(127);
}

/* ---- the run loop ---------------------------------------------------- */

struct slot {
	bool busy;
	size_t index;
	pid_t pid; /* the leader; also the process group id */
	bool reaped;
	int out_fd;  /* stdout pipe (read end), -1 when closed */
	int err_fd;  /* stderr pipe (read end), -1 when closed */
	int file_fd; /* stdout_path, -1 when closed */
	size_t cap;  /* stdout cap */
	size_t written;
	char *ring; /* the stderr tail */
	size_t ring_size, ring_len, ring_pos;
	bool ring_dropped;
	double started_at, deadline, kill_at, give_up_at;
	bool term_sent, kill_sent;
};

struct run {
	const struct sg_proc_spec *specs;
	struct sg_proc_result *results;
	size_t n, next, running, jobs;
	struct slot *slots;
	struct pollfd *pfds;
	struct slot **pfd_slot;
	char *buf;
	int wake_rd;
	int error;
	bool stopping;
	sig_atomic_t signals_seen;
	bool interrupted;
	void (*progress)(void *ctx, size_t index,
			 const struct sg_proc_result *r, bool done);
	void *ctx;
};

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void report(struct run *run, size_t index, bool done)
{
	/* A terminating signal is pending: the process is about to end. */
	if (run->progress && !pending_signal)
		run->progress(run->ctx, index, &run->results[index], done);
}

static void terminate(struct slot *s)
{
	if (s->term_sent)
		return;
	(void)kill(-s->pid, SIGTERM);
	/* A member stopped by job control (SIGTTIN from opening /dev/tty)
	 * would hold the SIGTERM until continued. */
	(void)kill(-s->pid, SIGCONT);
	s->term_sent = true;
	s->kill_at = now_seconds() + kill_grace_ms / 1000.0;
}

static void kill_group(struct slot *s)
{
	(void)kill(-s->pid, SIGKILL);
	s->term_sent = s->kill_sent = true;
	s->give_up_at = now_seconds() + REAP_AFTER_KILL;
}

/* Stop starting tools and end the running ones. */
static void stop_all(struct run *run)
{
	run->stopping = true;
	for (size_t i = 0; i < run->jobs; i++)
		if (run->slots[i].busy)
			terminate(&run->slots[i]);
}

/* Record the first internal error and stop: kill what runs. */
__attribute__((format(printf, 3, 4))) static void
run_fail(struct run *run, int code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!run->error) {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		run->error = sg_error(code, "%s", msg);
	}
	stop_all(run);
}

static void close_fd(int *fd)
{
	if (*fd >= 0) {
		close(*fd);
		*fd = -1;
	}
}

static void slot_release(struct slot *s)
{
	close_fd(&s->out_fd);
	close_fd(&s->err_fd);
	close_fd(&s->file_fd);
	free(s->ring);
	memset(s, 0, sizeof(*s));
	s->out_fd = s->err_fd = s->file_fd = -1;
}

static void ring_append(struct slot *s, const char *data, size_t len)
{
	if (len >= s->ring_size) {
		s->ring_dropped =
		    s->ring_dropped || s->ring_len > 0 || len > s->ring_size;
		memcpy(s->ring, data + len - s->ring_size, s->ring_size);
		s->ring_len = s->ring_size;
		s->ring_pos = 0;
		return;
	}
	size_t first = s->ring_size - s->ring_pos;

	if (first > len)
		first = len;
	memcpy(s->ring + s->ring_pos, data, first);
	memcpy(s->ring, data + first, len - first);
	s->ring_pos = (s->ring_pos + len) % s->ring_size;
	if (s->ring_len + len > s->ring_size)
		s->ring_dropped = true;
	s->ring_len =
	    s->ring_len + len > s->ring_size ? s->ring_size : s->ring_len + len;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, data, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

/* One read from the stdout pipe; false when nothing more came. */
static bool read_stdout(struct run *run, struct slot *s)
{
	const struct sg_proc_spec *sp = &run->specs[s->index];
	ssize_t got = read(s->out_fd, run->buf, READ_CHUNK);
	size_t room, keep;

	if (got < 0 && (errno == EAGAIN || errno == EINTR))
		return false;
	if (got <= 0) {
		close_fd(&s->out_fd);
		return false;
	}
	room = s->cap - s->written;
	keep = (size_t)got < room ? (size_t)got : room;
	if (s->file_fd >= 0 && keep > 0 &&
	    write_all(s->file_fd, run->buf, keep) != 0) {
		run_fail(run, SG_EIO, "%s: cannot write %s: %s", sp->name,
			 sp->stdout_path, strerror(errno));
		close_fd(&s->file_fd);
	}
	s->written += keep;
	if ((size_t)got > room) {
		run->results[s->index].output_too_large = true;
		/* Closing the pipe also stops a writer that ignores SIGTERM
		 * with SIGPIPE. */
		close_fd(&s->out_fd);
		terminate(s);
		return false;
	}
	return true;
}

static bool read_stderr(struct run *run, struct slot *s)
{
	ssize_t got = read(s->err_fd, run->buf, READ_CHUNK);

	if (got < 0 && (errno == EAGAIN || errno == EINTR))
		return false;
	if (got <= 0) {
		close_fd(&s->err_fd);
		return false;
	}
	ring_append(s, run->buf, (size_t)got);
	return true;
}

static void record_status(struct sg_proc_result *r, int status)
{
	if (WIFEXITED(status)) {
		r->exited = true;
		r->exit_code = WEXITSTATUS(status);
	} else if (WIFSIGNALED(status)) {
		r->signaled = true;
		r->signal = WTERMSIG(status);
	}
}

static void wait_blocking(pid_t pid, int *status)
{
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
}

/* Fill a not-started result and report it. */
static void not_started(struct run *run, size_t index,
			enum sg_proc_start_failure why, int err)
{
	struct sg_proc_result *r = &run->results[index];

	r->started = false;
	r->start_failure = why;
	r->errno_start = err;
	report(run, index, false);
	report(run, index, true);
}

/* Start specs[index] in the free slot s. */
static int start_one(struct run *run, struct slot *s, size_t index)
{
	const struct sg_proc_spec *sp = &run->specs[index];
	struct sg_proc_result *r = &run->results[index];
	int out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1};
	int report_pipe[2] = {-1, -1};
	struct start_report rep;
	sigset_t all, old;
	char *prog = NULL;
	ssize_t got;
	pid_t pid;
	int rc, saved;

	rc = find_on_path(sp->argv[0], env_path(sp->env), &prog);
	if (rc < 0)
		return rc;
	if (!prog) {
		saved = errno;
		not_started(run, index,
			    strchr(sp->argv[0], '/') ? SG_PROC_BAD_PATH
						     : SG_PROC_NOT_FOUND,
			    saved);
		return 0;
	}

	slot_release(s);
	s->index = index;
	s->cap = sp->stdout_max_bytes ? sp->stdout_max_bytes
				      : SG_PROC_STDOUT_MAX_DEFAULT;
	if (sp->stdout_path) {
		/* O_NOFOLLOW: the directory is ours, but a tool might have
		 * left a link there from a previous step. */
		s->file_fd = high_cloexec(
		    open(sp->stdout_path,
			 O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
			 S_IRUSR | S_IWUSR));
		if (s->file_fd < 0 || fchmod(s->file_fd, S_IRUSR | S_IWUSR)) {
			rc = sg_error(SG_EIO, "%s: cannot create %s: %s",
				      sp->name, sp->stdout_path,
				      strerror(errno));
			goto fail;
		}
		if (make_pipe(out_pipe, true) != 0)
			goto fail_pipe;
	}
	if (sp->stderr_tail_bytes > 0) {
		s->ring_size = sp->stderr_tail_bytes;
		s->ring = malloc(s->ring_size);
		if (!s->ring) {
			rc = sg_error(SG_ENOMEM, "out of memory");
			goto fail;
		}
		if (make_pipe(err_pipe, true) != 0)
			goto fail_pipe;
	}
	if (make_pipe(report_pipe, false) != 0)
		goto fail_pipe;

	/* No handler may run in the child before it resets them. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pid = fork();
	if (pid == 0)
		child_exec(prog, sp, out_pipe[1], err_pipe[1], report_pipe[1]);
	saved = errno;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	free(prog);
	prog = NULL;
	close_fd(&out_pipe[1]);
	close_fd(&err_pipe[1]);
	close_fd(&report_pipe[1]);
	if (pid < 0) {
		close_fd(&out_pipe[0]);
		close_fd(&err_pipe[0]);
		close_fd(&report_pipe[0]);
		slot_release(s);
		not_started(run, index, SG_PROC_FORK_FAILED, saved);
		return 0;
	}
	/* Also here, so the group exists before we might signal it. */
	(void)setpgid(pid, pid);
	s->busy = true;
	s->pid = pid;
	s->out_fd = out_pipe[0];
	s->err_fd = err_pipe[0];
	s->started_at = now_seconds();
	if (sp->timeout_seconds)
		s->deadline = s->started_at + sp->timeout_seconds;
	run->running++;

	/* EOF: exec succeeded (the pipe is close-on-exec). */
	do {
		got = read(report_pipe[0], &rep, sizeof(rep));
	} while (got < 0 && errno == EINTR);
	close_fd(&report_pipe[0]);
	if (got == (ssize_t)sizeof(rep)) {
		int status;

		wait_blocking(pid, &status);
		run->running--;
		slot_release(s);
		not_started(run, index, (enum sg_proc_start_failure)rep.stage,
			    rep.err);
		return 0;
	}
	r->started = true;
	report(run, index, false);
	return 0;

fail_pipe:
	rc = sg_error(SG_EIO, "%s: cannot create a pipe: %s", sp->name,
		      strerror(errno));
fail:
	free(prog);
	close_fd(&out_pipe[0]);
	close_fd(&out_pipe[1]);
	close_fd(&err_pipe[0]);
	close_fd(&err_pipe[1]);
	close_fd(&report_pipe[0]);
	close_fd(&report_pipe[1]);
	slot_release(s);
	return rc;
}

/* True while some process of the group may still exist. */
static bool group_alive(pid_t pgid)
{
	int status;

	/* Orphans of the group that were reparented to us (we may be
	 * PID 1 in a container) would otherwise stay as zombies. */
	while (waitpid(-pgid, &status, WNOHANG) > 0)
		;
	return kill(-pgid, 0) == 0 || errno == EPERM;
}

static void finish(struct run *run, struct slot *s)
{
	const struct sg_proc_spec *sp = &run->specs[s->index];
	struct sg_proc_result *r = &run->results[s->index];
	size_t index = s->index;

	/* What is still in the pipes; bounded in case a writer escaped the
	 * group (setsid) and keeps the pipe open. */
	for (int i = 0; i < 256 && s->out_fd >= 0 && read_stdout(run, s); i++)
		;
	for (int i = 0; i < 256 && s->err_fd >= 0 && read_stderr(run, s); i++)
		;
	if (s->file_fd >= 0 && close(s->file_fd) != 0)
		run_fail(run, SG_EIO, "%s: cannot write %s: %s", sp->name,
			 sp->stdout_path, strerror(errno));
	s->file_fd = -1;
	r->stdout_bytes = s->written;
	if (s->ring) {
		r->stderr_tail = malloc(s->ring_len + 1);
		if (!r->stderr_tail) {
			run_fail(run, SG_ENOMEM, "out of memory");
		} else {
			size_t start =
			    (s->ring_pos + s->ring_size - s->ring_len) %
			    s->ring_size;
			size_t first = s->ring_size - start;

			if (first > s->ring_len)
				first = s->ring_len;
			memcpy(r->stderr_tail, s->ring + start, first);
			memcpy(r->stderr_tail + first, s->ring,
			       s->ring_len - first);
			r->stderr_tail[s->ring_len] = '\0';
			r->stderr_tail_len = s->ring_len;
			r->stderr_truncated = s->ring_dropped;
		}
	}
	slot_release(s);
	run->running--;
	report(run, index, true);
}

/* Reap, enforce the timers, finish a slot whose group is gone. */
static void check_slot(struct run *run, struct slot *s)
{
	struct sg_proc_result *r = &run->results[s->index];
	double now;

	if (!s->reaped) {
		int status;
		pid_t w = waitpid(s->pid, &status, WNOHANG);

		if (w == s->pid || (w < 0 && errno == ECHILD)) {
			/* ECHILD: someone else reaped it; the status is lost.
			 */
			if (w == s->pid)
				record_status(r, status);
			s->reaped = true;
			r->seconds = now_seconds() - s->started_at;
		}
	}
	now = now_seconds();
	if (!s->reaped && s->deadline > 0 && now >= s->deadline &&
	    !s->term_sent) {
		r->timed_out = true;
		terminate(s);
	}
	if (s->term_sent && !s->kill_sent && now >= s->kill_at)
		kill_group(s);
	if (!s->reaped)
		return;
	/* The leader is gone; stragglers it left in the group (a
	 * background child) get the same treatment as at a timeout. A
	 * process stuck in the kernel may outlive SIGKILL for a while: we
	 * give up on it after REAP_AFTER_KILL. */
	if (group_alive(s->pid)) {
		terminate(s);
		if (!s->kill_sent || now < s->give_up_at)
			return;
	}
	finish(run, s);
}

static int poll_timeout_ms(struct run *run)
{
	double now = now_seconds(), soonest = now + MAX_POLL_MS / 1000.0;
	int ms;

	for (size_t i = 0; i < run->jobs; i++) {
		struct slot *s = &run->slots[i];

		if (!s->busy)
			continue;
		if (s->reaped && now + STRAGGLER_POLL_MS / 1000.0 < soonest)
			soonest = now + STRAGGLER_POLL_MS / 1000.0;
		if (s->deadline > 0 && !s->term_sent && s->deadline < soonest)
			soonest = s->deadline;
		if (s->term_sent && !s->kill_sent && s->kill_at < soonest)
			soonest = s->kill_at;
		if (s->kill_sent && s->give_up_at < soonest)
			soonest = s->give_up_at;
	}
	if (soonest <= now)
		return 0;
	/* Round up: waking a little early would spin. */
	ms = (int)((soonest - now) * 1000.0) + 1;
	return ms;
}

static void drain_wake_pipe(int fd)
{
	char sink[64];

	while (read(fd, sink, sizeof(sink)) > 0)
		;
}

static void handle_signals(struct run *run)
{
	sig_atomic_t count = signal_count;

	if (count == run->signals_seen)
		return;
	if (run->interrupted) {
		/* A second Ctrl-C: no more grace. */
		for (size_t i = 0; i < run->jobs; i++) {
			struct slot *s = &run->slots[i];

			if (s->busy && !s->kill_sent)
				kill_group(s);
		}
	}
	run->signals_seen = count;
	run->interrupted = true;
	stop_all(run);
}

static void run_loop(struct run *run)
{
	while (run->running > 0 || (!run->stopping && run->next < run->n)) {
		size_t nfds = 1;
		int ready;

		handle_signals(run);
		for (size_t i = 0;
		     i < run->jobs && !run->stopping && run->next < run->n;
		     i++) {
			int rc;

			if (run->slots[i].busy)
				continue;
			rc = start_one(run, &run->slots[i], run->next++);
			if (rc < 0) {
				/* The message is already set. */
				if (!run->error)
					run->error = rc;
				stop_all(run);
			}
		}
		if (run->running == 0)
			continue;

		run->pfds[0].fd = run->wake_rd;
		run->pfds[0].events = POLLIN;
		for (size_t i = 0; i < run->jobs; i++) {
			struct slot *s = &run->slots[i];

			if (!s->busy)
				continue;
			if (s->out_fd >= 0) {
				run->pfds[nfds].fd = s->out_fd;
				run->pfds[nfds].events = POLLIN;
				run->pfd_slot[nfds++] = s;
			}
			if (s->err_fd >= 0) {
				run->pfds[nfds].fd = s->err_fd;
				run->pfds[nfds].events = POLLIN;
				run->pfd_slot[nfds++] = s;
			}
		}
		ready = poll(run->pfds, (nfds_t)nfds, poll_timeout_ms(run));
		if (ready < 0 && errno != EINTR)
			run_fail(run, SG_EIO, "poll: %s", strerror(errno));
		if (ready > 0 && run->pfds[0].revents)
			drain_wake_pipe(run->wake_rd);
		for (size_t i = 1; ready > 0 && i < nfds; i++) {
			struct slot *s = run->pfd_slot[i];

			if (!run->pfds[i].revents)
				continue;
			if (run->pfds[i].fd == s->out_fd)
				(void)read_stdout(run, s);
			else if (run->pfds[i].fd == s->err_fd)
				(void)read_stderr(run, s);
		}
		handle_signals(run);
		for (size_t i = 0; i < run->jobs; i++)
			if (run->slots[i].busy)
				check_slot(run, &run->slots[i]);
	}
}

static unsigned grace_from_env(void)
{
	const char *v = getenv("SECGATE_KILL_GRACE_MS");
	char *end;
	unsigned long ms;

	if (!v || !*v)
		return SG_PROC_KILL_GRACE_MS;
	errno = 0;
	ms = strtoul(v, &end, 10);
	if (errno || *end || ms > 600000)
		return SG_PROC_KILL_GRACE_MS;
	return (unsigned)ms;
}

int sg_run_all(const struct sg_proc_spec *specs, size_t n, unsigned jobs,
	       struct sg_proc_result *results,
	       void (*progress)(void *ctx, size_t index,
				const struct sg_proc_result *r, bool done),
	       void *ctx)
{
	struct run run;
	struct sigaction sa, old_chld;
	int wake[2] = {-1, -1};
	int was_subreaper = 0;
	int sig;

	if (n > 0)
		memset(results, 0, n * sizeof(*results));
	for (size_t i = 0; i < n; i++)
		if (!specs[i].argv || !specs[i].argv[0])
			return sg_error(SG_EUSAGE, "%s: no command to run",
					specs[i].name ? specs[i].name : "tool");
	if (n == 0)
		return 0;
	if (run_active)
		return sg_error(SG_EUSAGE, "sg_run_all is not reentrant");
	if (jobs == 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);

		jobs = cpus > 0 ? (unsigned)cpus : 1;
	}
	if (!kill_grace_set)
		sg_proc_set_kill_grace_ms(grace_from_env());

	memset(&run, 0, sizeof(run));
	run.specs = specs;
	run.results = results;
	run.n = n;
	run.jobs = jobs < n ? jobs : n;
	run.progress = progress;
	run.ctx = ctx;
	run.signals_seen = signal_count;
	run.slots = calloc(run.jobs, sizeof(*run.slots));
	run.pfds = calloc(2 * run.jobs + 1, sizeof(*run.pfds));
	run.pfd_slot = calloc(2 * run.jobs + 1, sizeof(*run.pfd_slot));
	run.buf = malloc(READ_CHUNK);
	if (!run.slots || !run.pfds || !run.pfd_slot || !run.buf) {
		run.error = sg_error(SG_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < run.jobs; i++)
		slot_release(&run.slots[i]);
	if (make_pipe(wake, true) != 0) {
		run.error = sg_error(SG_EIO, "cannot create a pipe: %s",
				     strerror(errno));
		goto out;
	}
	(void)fcntl(wake[1], F_SETFL, fcntl(wake[1], F_GETFL) | O_NONBLOCK);
	run.wake_rd = wake[0];

	install_handlers();
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_child;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	if (sigaction(SIGCHLD, &sa, &old_chld) != 0) {
		run.error = sg_error(SG_EIO, "cannot handle SIGCHLD: %s",
				     strerror(errno));
		goto out;
	}
#if defined(__linux__) && defined(PR_SET_CHILD_SUBREAPER)
	/* Orphans of a tool (its background children) become ours instead
	 * of init's, so group_alive can reap them and tell when a group is
	 * really gone, even under an init that never reaps (containers). */
	if (prctl(PR_GET_CHILD_SUBREAPER, &was_subreaper) != 0)
		was_subreaper = 1; /* unknown: leave it alone */
	if (!was_subreaper)
		(void)prctl(PR_SET_CHILD_SUBREAPER, 1);
#endif
	wake_fd = wake[1];
	run_owner = (sig_atomic_t)getpid();
	pending_signal = 0;
	run_active = 1;

	run_loop(&run);
	(void)was_subreaper; /* unused off Linux */

	run_active = 0;
	wake_fd = -1;
#if defined(__linux__) && defined(PR_SET_CHILD_SUBREAPER)
	if (!was_subreaper)
		(void)prctl(PR_SET_CHILD_SUBREAPER, 0);
#endif
	sigaction(SIGCHLD, &old_chld, NULL);
	sig = pending_signal;
	if (sig)
		die_by_signal(sig);
out:
	close_fd(&wake[0]);
	close_fd(&wake[1]);
	free(run.slots);
	free(run.pfds);
	free(run.pfd_slot);
	free(run.buf);
	return run.error;
}

void sg_proc_result_release(struct sg_proc_result *r)
{
	if (!r)
		return;
	free(r->stderr_tail);
	memset(r, 0, sizeof(*r));
}

/* ---- descriptions ---------------------------------------------------- */

static const char *signal_name(int sig)
{
	static const struct {
		int sig;
		const char *name;
	} names[] = {
	    {SIGHUP, "SIGHUP"},	      {SIGINT, "SIGINT"},
	    {SIGQUIT, "SIGQUIT"},     {SIGILL, "SIGILL"},
	    {SIGTRAP, "SIGTRAP"},     {SIGABRT, "SIGABRT"},
	    {SIGBUS, "SIGBUS"},	      {SIGFPE, "SIGFPE"},
	    {SIGKILL, "SIGKILL"},     {SIGUSR1, "SIGUSR1"},
	    {SIGSEGV, "SIGSEGV"},     {SIGUSR2, "SIGUSR2"},
	    {SIGPIPE, "SIGPIPE"},     {SIGALRM, "SIGALRM"},
	    {SIGTERM, "SIGTERM"},     {SIGCHLD, "SIGCHLD"},
	    {SIGCONT, "SIGCONT"},     {SIGSTOP, "SIGSTOP"},
	    {SIGTSTP, "SIGTSTP"},     {SIGTTIN, "SIGTTIN"},
	    {SIGTTOU, "SIGTTOU"},     {SIGURG, "SIGURG"},
	    {SIGXCPU, "SIGXCPU"},     {SIGXFSZ, "SIGXFSZ"},
	    {SIGVTALRM, "SIGVTALRM"}, {SIGPROF, "SIGPROF"},
	    {SIGSYS, "SIGSYS"},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].sig == sig)
			return names[i].name;
	return NULL;
}

const char *sg_proc_describe(const struct sg_proc_result *r, unsigned timeout,
			     char *buf, size_t size)
{
	if (size == 0)
		return buf;
	if (!r->started) {
		const char *why = strerror(r->errno_start);

		switch (r->start_failure) {
		case SG_PROC_NOT_FOUND:
			snprintf(buf, size, "%s",
				 r->errno_start == EACCES
				     ? "found on PATH but not executable"
				     : "not found on PATH");
			break;
		case SG_PROC_BAD_PATH:
			if (r->errno_start == ENOENT ||
			    r->errno_start == ENOTDIR)
				snprintf(buf, size, "not found");
			else if (r->errno_start == EACCES)
				snprintf(buf, size, "not executable");
			else
				snprintf(buf, size, "cannot run it: %s", why);
			break;
		case SG_PROC_BAD_CWD:
			snprintf(buf, size,
				 "cannot enter its working directory: %s", why);
			break;
		case SG_PROC_EXEC_FAILED:
			snprintf(buf, size, "cannot execute it: %s", why);
			break;
		case SG_PROC_FORK_FAILED:
			snprintf(buf, size, "cannot start a process: %s", why);
			break;
		default:
			snprintf(buf, size, "was not started");
			break;
		}
	} else if (r->timed_out) {
		snprintf(buf, size, "timed out after %u s", timeout);
	} else if (r->output_too_large) {
		snprintf(buf, size, "wrote more than %zu bytes to stdout",
			 r->stdout_bytes);
	} else if (r->signaled) {
		const char *name = signal_name(r->signal);

		if (name)
			snprintf(buf, size, "killed by signal %d (%s)",
				 r->signal, name);
		else
			snprintf(buf, size, "killed by signal %d", r->signal);
	} else if (r->exited) {
		snprintf(buf, size, "exited with code %d", r->exit_code);
	} else {
		snprintf(buf, size, "ended with an unknown status");
	}
	return buf;
}
