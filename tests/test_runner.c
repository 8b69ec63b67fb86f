/*
 * The process layer (src/run/runner.c) with real processes: tests/scanners/
 * fake-tool plays the scanner (exit codes, crashes, timeouts with children,
 * runaway output, noisy stderr). Ctrl-C is tested on a forked copy of the
 * test process. Every test works in its own scratch directory.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

#include "runner.h"
#include "secgate/error.h"
#include "test_util.h"

#define FAKE_TOOL SECGATE_SOURCE_DIR "/tests/scanners/fake-tool"
#define GRACE_MS 200

/* snprintf into an array, failing the test if it did not fit. */
#define PATHF(buf, ...)                                                        \
	assert_true(snprintf((buf), sizeof(buf), __VA_ARGS__) <                \
		    (int)sizeof(buf))

/* ---- helpers ---------------------------------------------------------- */

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static char *join(const char *dir, const char *name)
{
	static char bufs[4][PATH_MAX];
	static int next;
	char *buf = bufs[next++ % 4];

	assert_true(snprintf(buf, PATH_MAX, "%s/%s", dir, name) < PATH_MAX);
	return buf;
}

static int make_writable(const char *path, const struct stat *st, int flag,
			 struct FTW *ftw)
{
	(void)ftw;
	if (flag == FTW_D || (flag == FTW_DNR && S_ISDIR(st->st_mode)))
		chmod(path, 0700);
	return 0;
}

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

static void remove_scratch(const char *dir)
{
	nftw(dir, make_writable, 16, FTW_PHYS);
	nftw(dir, remove_one, 16, FTW_PHYS | FTW_DEPTH);
}

/*
 * What a failed test must still clean up: process groups of tools and
 * directories of the forked children (teardown).
 */
static pid_t leftover_groups[4];
static char leftover_dirs[4][PATH_MAX];

static void remember_group(pid_t pgid)
{
	for (size_t i = 0; i < 4; i++)
		if (!leftover_groups[i]) {
			leftover_groups[i] = pgid;
			return;
		}
}

static void remember_dir(const char *dir)
{
	for (size_t i = 0; i < 4; i++)
		if (!leftover_dirs[i][0]) {
			PATHF(leftover_dirs[i], "%s", dir);
			return;
		}
}

/* The test passed: nothing to clean up after all. */
static void forget_leftovers(void)
{
	memset(leftover_groups, 0, sizeof(leftover_groups));
	memset(leftover_dirs, 0, sizeof(leftover_dirs));
}

/* Each test gets a scratch directory of its own (not via the code under
 * test), removed afterwards with whatever the test left in it. */
static int setup(void **state)
{
	char *dir = strdup("/tmp/secgate-test-runner-XXXXXX");

	if (!dir || !mkdtemp(dir)) {
		free(dir);
		return -1;
	}
	*state = dir;
	sg_proc_set_kill_grace_ms(GRACE_MS);
	return 0;
}

static int teardown(void **state)
{
	for (size_t i = 0; i < 4; i++) {
		if (leftover_groups[i])
			kill(-leftover_groups[i], SIGKILL);
		leftover_groups[i] = 0;
		if (leftover_dirs[i][0])
			remove_scratch(leftover_dirs[i]);
		leftover_dirs[i][0] = '\0';
	}
	remove_scratch(*state);
	free(*state);
	/* We are a subreaper (main): reap whatever a failed test left. */
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	return 0;
}

/* argv is execve's type; the tests' literals are const. */
static struct sg_proc_spec fake_spec(const char **argv)
{
	struct sg_proc_spec spec;

	memset(&spec, 0, sizeof(spec));
	spec.name = "fake-tool";
	spec.argv = (char *const *)argv;
	spec.timeout_seconds = 30;
	spec.stderr_tail_bytes = 2048;
	return spec;
}

/* Run one spec; returns the wall time. */
static double run_one(const struct sg_proc_spec *spec, struct sg_proc_result *r)
{
	double t0 = now_seconds();

	assert_int_equal(sg_run_all(spec, 1, 1, r, NULL, NULL), 0);
	return now_seconds() - t0;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long size;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	rewind(f);
	buf = malloc((size_t)size + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
	buf[size] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)size;
	return buf;
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/* Wait for fake-tool's "PID CHILDPID" file. */
static void read_pids(const char *path, pid_t *pid, pid_t *child)
{
	for (int i = 0; i < 500; i++) {
		FILE *f = fopen(path, "r");

		if (f) {
			long a, b;
			int n = fscanf(f, "%ld %ld", &a, &b);

			fclose(f);
			assert_int_equal(n, 2);
			*pid = (pid_t)a;
			*child = (pid_t)b;
			return;
		}
		sleep_ms(20);
	}
	fail_msg("%s never appeared", path);
}

/*
 * The process no longer exists. Killed processes may take a moment; an
 * orphan that became our child (we are a subreaper) is reaped here.
 */
static bool process_gone(pid_t pid)
{
	for (int i = 0; i < 150; i++) {
		(void)waitpid(pid, NULL, WNOHANG);
		if (kill(pid, 0) != 0 && errno == ESRCH)
			return true;
		sleep_ms(20);
	}
	return false;
}

static bool group_gone(pid_t pgid)
{
	for (int i = 0; i < 150; i++) {
		(void)waitpid(-pgid, NULL, WNOHANG);
		if (kill(-pgid, 0) != 0 && errno == ESRCH)
			return true;
		sleep_ms(20);
	}
	return false;
}

/* waitpid with a limit: a hung child is killed and the test fails. */
static int wait_child(pid_t pid, double seconds)
{
	double end = now_seconds() + seconds;
	int status;

	while (now_seconds() < end) {
		pid_t w = waitpid(pid, &status, WNOHANG);

		if (w == pid)
			return status;
		assert_true(w == 0);
		sleep_ms(20);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	fail_msg("child %ld did not end in %.0f s", (long)pid, seconds);
	return -1;
}

static const char *describe(const struct sg_proc_result *r, unsigned timeout)
{
	static char buf[256];

	return sg_proc_describe(r, timeout, buf, sizeof(buf));
}

/* ---- exit codes, signals, order -------------------------------------- */

static void test_runner__exit_codes_and_report(void **state)
{
	const char *report = join(*state, "report.json");
	const char *ok[] = {FAKE_TOOL, "exit", "0", NULL};
	const char *three[] = {FAKE_TOOL, "exit", "3", NULL};
	const char *rep[] = {FAKE_TOOL, "report", report, NULL};
	struct sg_proc_spec specs[3] = {fake_spec(ok), fake_spec(three),
					fake_spec(rep)};
	struct sg_proc_result r[3];
	char *text;

	assert_int_equal(sg_run_all(specs, 3, 0, r, NULL, NULL), 0);
	assert_true(r[0].started && r[0].exited && !r[0].signaled);
	assert_int_equal(r[0].exit_code, 0);
	assert_string_equal(describe(&r[0], 30), "exited with code 0");
	assert_true(r[1].exited);
	assert_int_equal(r[1].exit_code, 3);
	assert_string_equal(describe(&r[1], 30), "exited with code 3");
	/* Exit 1 with a report, as gitleaks does when it finds leaks. */
	assert_true(r[2].exited);
	assert_int_equal(r[2].exit_code, 1);
	text = slurp(report, NULL);
	assert_string_equal(text,
			    "{\"findings\": [{\"rule\": \"fake-rule\"}]}\n");
	free(text);
	assert_string_equal(r[2].stderr_tail, "fake-tool: 1 finding\n");
	assert_int_equal(r[2].stderr_tail_len, 21);
	assert_false(r[2].stderr_truncated);
	assert_false(r[2].timed_out || r[2].output_too_large);
	assert_true(r[2].seconds >= 0.0 && r[2].seconds < 30.0);
	for (int i = 0; i < 3; i++)
		sg_proc_result_release(&r[i]);
}

static void test_runner__crash_is_a_signal(void **state)
{
	const char *argv[] = {FAKE_TOOL, "segv", NULL};
	struct sg_proc_spec spec = fake_spec(argv);
	struct sg_proc_result r;

	(void)state;
	run_one(&spec, &r);
	assert_true(r.started && r.signaled && !r.exited && !r.timed_out);
	assert_int_equal(r.signal, SIGSEGV);
	assert_string_equal(describe(&r, 30), "killed by signal 11 (SIGSEGV)");
	sg_proc_result_release(&r);
}

static void test_runner__results_keep_spec_order(void **state)
{
	/* The first finishes last; only 2 run at once. */
	const char *slow[] = {FAKE_TOOL, "sleep", "1", NULL};
	const char *seven[] = {FAKE_TOOL, "exit", "7", NULL};
	const char *segv[] = {FAKE_TOOL, "segv", NULL};
	const char *two[] = {FAKE_TOOL, "stderr", "two", "2", NULL};
	const char *missing[] = {"secgate-no-such-tool-4b1d", NULL};
	struct sg_proc_spec specs[5] = {fake_spec(slow), fake_spec(seven),
					fake_spec(segv), fake_spec(two),
					fake_spec(missing)};
	struct sg_proc_result r[5];

	(void)state;
	assert_int_equal(sg_run_all(specs, 5, 2, r, NULL, NULL), 0);
	assert_true(r[0].exited);
	assert_int_equal(r[0].exit_code, 0);
	assert_true(r[1].exited);
	assert_int_equal(r[1].exit_code, 7);
	assert_true(r[2].signaled);
	assert_int_equal(r[2].signal, SIGSEGV);
	assert_true(r[3].exited);
	assert_int_equal(r[3].exit_code, 2);
	assert_string_equal(r[3].stderr_tail, "two\n");
	assert_false(r[4].started);
	for (int i = 0; i < 5; i++)
		sg_proc_result_release(&r[i]);
}

struct progress_log {
	int starts[4], dones[4];
	int order[8];
	int count;
	bool done_before_start;
};

static void record_progress(void *ctx, size_t index,
			    const struct sg_proc_result *r, bool done)
{
	struct progress_log *log = ctx;

	assert_true(index < 4);
	if (done) {
		log->dones[index]++;
		if (log->starts[index] == 0)
			log->done_before_start = true;
	} else {
		log->starts[index]++;
		/* Called once the start is known: started or why not. */
		assert_true(r->started || r->start_failure != SG_PROC_STARTED);
	}
	if (log->count < 8)
		log->order[log->count++] = (int)index * 2 + (done ? 1 : 0);
}

static void test_runner__progress_once_per_start_and_end(void **state)
{
	const char *ok[] = {FAKE_TOOL, "exit", "0", NULL};
	const char *missing[] = {"secgate-no-such-tool-4b1d", NULL};
	const char *bad_cwd[] = {FAKE_TOOL, "exit", "0", NULL};
	struct sg_proc_spec specs[4] = {fake_spec(ok), fake_spec(missing),
					fake_spec(bad_cwd), fake_spec(ok)};
	struct sg_proc_result r[4];
	struct progress_log log;

	specs[2].cwd = join(*state, "no-such-dir");
	memset(&log, 0, sizeof(log));
	assert_int_equal(sg_run_all(specs, 4, 1, r, record_progress, &log), 0);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(log.starts[i], 1);
		assert_int_equal(log.dones[i], 1);
	}
	assert_false(log.done_before_start);
	/* jobs=1: each one starts and ends before the next starts. */
	for (int i = 0; i < 8; i++)
		assert_int_equal(log.order[i], i);
	assert_false(r[2].started);
	assert_int_equal(r[2].start_failure, SG_PROC_BAD_CWD);
	assert_int_equal(r[2].errno_start, ENOENT);
	assert_string_equal(describe(&r[2], 30),
			    "cannot enter its working directory: "
			    "No such file or directory");
	for (int i = 0; i < 4; i++)
		sg_proc_result_release(&r[i]);
}

/* ---- timeouts and process groups ------------------------------------- */

static void test_runner__timeout_kills_the_whole_group(void **state)
{
	const char *pidfile = join(*state, "pids");
	const char *argv[] = {FAKE_TOOL, "family", pidfile, "30", NULL};
	struct sg_proc_spec spec = fake_spec(argv);
	struct sg_proc_result r;
	pid_t pid, child;
	char *text;
	double t;

	spec.timeout_seconds = 1;
	t = run_one(&spec, &r);
	assert_true(t >= 0.9 && t < 3.0);
	assert_true(r.started && r.timed_out && r.signaled);
	assert_int_equal(r.signal, SIGTERM);
	assert_string_equal(describe(&r, 1), "timed out after 1 s");
	read_pids(pidfile, &pid, &child);
	remember_group(pid);
	/* The tool led its own group, and the background child is gone
	 * with it, after a SIGTERM of its own (it had a chance to clean
	 * up). */
	assert_true(process_gone(pid));
	assert_true(process_gone(child));
	assert_true(group_gone(pid));
	text = slurp(join(*state, "pids.term"), NULL);
	assert_string_equal(text, "terminated\n");
	free(text);
	forget_leftovers();
	sg_proc_result_release(&r);
}

static void test_runner__sigkill_when_sigterm_is_ignored(void **state)
{
	const char *pidfile = join(*state, "pids");
	const char *argv[] = {FAKE_TOOL, "stubborn", pidfile, NULL};
	struct sg_proc_spec spec = fake_spec(argv);
	struct sg_proc_result r;
	pid_t pid, child;
	double t;

	spec.timeout_seconds = 1;
	t = run_one(&spec, &r);
	assert_true(t >= 1.0 && t < 3.0);
	assert_true(r.timed_out && r.signaled);
	assert_int_equal(r.signal, SIGKILL);
	read_pids(pidfile, &pid, &child);
	remember_group(pid);
	assert_true(process_gone(pid));
	assert_true(process_gone(child));
	forget_leftovers();
	sg_proc_result_release(&r);
}

static void test_runner__stragglers_are_ended_after_exit(void **state)
{
	const char *pidfile = join(*state, "pids");
	const char *argv[] = {FAKE_TOOL, "straggler", pidfile, NULL};
	struct sg_proc_spec spec = fake_spec(argv);
	struct sg_proc_result r;
	pid_t pid, child;
	double t;

	/* The background child keeps stderr open: the run must not wait
	 * for it (30 s), and must not leave it behind. */
	t = run_one(&spec, &r);
	assert_true(t < 3.0);
	assert_true(r.exited && !r.timed_out);
	assert_int_equal(r.exit_code, 0);
	read_pids(pidfile, &pid, &child);
	remember_group(pid);
	assert_true(process_gone(child));
	assert_true(group_gone(pid));
	forget_leftovers();
	sg_proc_result_release(&r);
}

static void test_runner__parallel_runs_respect_jobs(void **state)
{
	const char *argv[] = {FAKE_TOOL, "sleep", "1", NULL};
	struct sg_proc_spec specs[4];
	struct sg_proc_result r[4];
	double t0, t;

	(void)state;
	for (int i = 0; i < 4; i++)
		specs[i] = fake_spec(argv);
	t0 = now_seconds();
	assert_int_equal(sg_run_all(specs, 4, 4, r, NULL, NULL), 0);
	t = now_seconds() - t0;
	assert_true(t >= 0.9 && t < 2.5);
	for (int i = 0; i < 4; i++) {
		assert_true(r[i].exited && r[i].exit_code == 0);
		sg_proc_result_release(&r[i]);
	}
	t0 = now_seconds();
	assert_int_equal(sg_run_all(specs, 4, 1, r, NULL, NULL), 0);
	t = now_seconds() - t0;
	assert_true(t >= 4.0);
	for (int i = 0; i < 4; i++) {
		assert_true(r[i].exited && r[i].exit_code == 0);
		sg_proc_result_release(&r[i]);
	}
}

/* ---- starting ------------------------------------------------------- */

static void test_runner__missing_and_unrunnable_programs(void **state)
{
	const char *plain = join(*state, "not-executable");
	const char *missing[] = {"secgate-no-such-tool-4b1d", NULL};
	const char *abs_missing[] = {"/nonexistent/secgate-tool", NULL};
	const char *not_exec[] = {plain, NULL};
	const char *dir[] = {*state, NULL};
	struct sg_proc_spec specs[4] = {fake_spec(missing),
					fake_spec(abs_missing),
					fake_spec(not_exec), fake_spec(dir)};
	struct sg_proc_result r[4];

	write_file(plain, "#!/bin/sh\nexit 0\n", 0644);
	assert_int_equal(sg_run_all(specs, 4, 4, r, NULL, NULL), 0);
	assert_false(r[0].started);
	assert_int_equal(r[0].start_failure, SG_PROC_NOT_FOUND);
	assert_int_equal(r[0].errno_start, ENOENT);
	assert_string_equal(describe(&r[0], 30), "not found on PATH");
	assert_null(r[0].stderr_tail);
	assert_false(r[1].started);
	assert_int_equal(r[1].start_failure, SG_PROC_BAD_PATH);
	assert_int_equal(r[1].errno_start, ENOENT);
	assert_string_equal(describe(&r[1], 30), "not found");
	if (geteuid() != 0) { /* root may execute anything with an x bit */
		assert_false(r[2].started);
		assert_int_equal(r[2].errno_start, EACCES);
	}
	assert_false(r[3].started);
	assert_int_equal(r[3].errno_start, EACCES);
	assert_string_equal(describe(&r[3], 30), "not executable");
	for (int i = 0; i < 4; i++) {
		assert_false(r[i].exited || r[i].signaled);
		sg_proc_result_release(&r[i]);
	}
}

static void test_runner__exec_failure_is_reported(void **state)
{
	/* Executable, but no "#!" and not a binary: execve says ENOEXEC. */
	const char *junk = join(*state, "junk");
	const char *argv[] = {junk, NULL};
	struct sg_proc_spec spec = fake_spec(argv);
	struct sg_proc_result r;

	write_file(junk,
		   "\x7f"
		   "ELFnot really\n",
		   0755);
	run_one(&spec, &r);
	assert_false(r.started);
	assert_int_equal(r.start_failure, SG_PROC_EXEC_FAILED);
	assert_int_equal(r.errno_start, ENOEXEC);
	assert_string_equal(describe(&r, 30),
			    "cannot execute it: Exec format error");
	sg_proc_result_release(&r);
}

static void test_runner__find_program_skips_relative_path_entries(void **state)
{
	const char *dir = *state;
	const char *old_path = getenv("PATH");
	char *saved_path = old_path ? strdup(old_path) : NULL;
	char cwd[PATH_MAX], *found, *expected;
	char rel_path[PATH_MAX + 8];

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	write_file(join(dir, "fakeprog"), "#!/bin/sh\nexit 0\n", 0755);
	assert_int_equal(chdir(dir), 0);

	/* Empty, "." and relative entries would search the repository. */
	setenv("PATH", ":.:./:fake-relative", 1);
	assert_int_equal(sg_find_program("fakeprog", &found), 0);
	assert_null(found);
	assert_int_equal(errno, ENOENT);

	setenv("PATH", dir, 1);
	assert_int_equal(sg_find_program("fakeprog", &found), 0);
	assert_non_null(found);
	assert_string_equal(found, join(dir, "fakeprog"));
	free(found);

	/* With a '/': as given, made absolute. */
	assert_int_equal(sg_find_program("./fakeprog", &found), 0);
	expected = realpath(".", NULL);
	assert_non_null(found);
	PATHF(rel_path, "%s/./fakeprog", expected);
	assert_string_equal(found, rel_path);
	free(found);
	free(expected);

	/* Not a regular file, not executable. */
	assert_int_equal(sg_find_program(dir, &found), 0);
	assert_null(found);

	assert_int_equal(chdir(cwd), 0);
	if (saved_path)
		setenv("PATH", saved_path, 1);
	else
		unsetenv("PATH");
	free(saved_path);

	assert_int_equal(sg_find_program("sh", &found), 0);
	assert_non_null(found);
	assert_true(found[0] == '/');
	assert_non_null(strstr(found, "/sh"));
	free(found);
}

static void test_runner__environment_cwd_and_stdin(void **state)
{
	const char *dir = *state;
	const char *env_argv[] = {FAKE_TOOL, "env", NULL};
	const char *pwd_argv[] = {FAKE_TOOL, "pwd", NULL};
	const char *stdin_argv[] = {FAKE_TOOL, "stdin", NULL};
	const char *env[] = {"SECGATE_FAKE=42", "PATH=/usr/bin:/bin", NULL};
	struct sg_proc_spec specs[3] = {
	    fake_spec(env_argv), fake_spec(pwd_argv), fake_spec(stdin_argv)};
	struct sg_proc_result r[3];
	char *text, *real_dir, expected[PATH_MAX + 2];
	size_t len;

	specs[0].env = (char *const *)env;
	specs[0].stdout_path = join(dir, "env.txt");
	specs[1].cwd = dir;
	specs[1].stdout_path = join(dir, "pwd.txt");
	specs[2].stdout_path = join(dir, "stdin.txt");
	specs[2].timeout_seconds = 10;
	assert_int_equal(sg_run_all(specs, 3, 3, r, NULL, NULL), 0);

	text = slurp(join(dir, "env.txt"), NULL);
	assert_string_equal(text, "42 /usr/bin:/bin\n");
	free(text);

	real_dir = realpath(dir, NULL);
	PATHF(expected, "%s\n", real_dir);
	text = slurp(join(dir, "pwd.txt"), NULL);
	assert_string_equal(text, expected);
	free(text);
	free(real_dir);

	/* stdin is /dev/null, so cat ends at once. */
	assert_true(r[2].exited && !r[2].timed_out);
	assert_int_equal(r[2].exit_code, 0);
	text = slurp(join(dir, "stdin.txt"), &len);
	assert_int_equal(len, 0);
	free(text);
	for (int i = 0; i < 3; i++)
		sg_proc_result_release(&r[i]);
}

static void test_runner__other_descriptors_are_not_inherited(void **state)
{
#if defined(__linux__)
	const char *out = join(*state, "fd9.txt");
	const char *argv[] = {FAKE_TOOL, "fd9", NULL};
	struct sg_proc_spec spec = fake_spec(argv);
	struct sg_proc_result r;
	char *text;
	int fd = open("/dev/null", O_RDONLY); /* no O_CLOEXEC on purpose */

	assert_true(fd >= 0);
	assert_int_equal(dup2(fd, 9), 9);
	close(fd);
	spec.stdout_path = out;
	run_one(&spec, &r);
	close(9);
	text = slurp(out, NULL);
	/* close_range(CLOSE_RANGE_CLOEXEC) needs Linux 5.11. */
	assert_string_equal(text, "closed\n");
	free(text);
	sg_proc_result_release(&r);
#else
	(void)state;
	print_message("SKIPPED: relies on Linux close_range\n");
	skip();
#endif
}

static void test_runner__usage_errors(void **state)
{
	const char *empty[] = {NULL};
	struct sg_proc_spec spec = fake_spec(empty);
	struct sg_proc_result r;

	(void)state;
	assert_int_equal(sg_run_all(&spec, 1, 1, &r, NULL, NULL), SG_EUSAGE);
	assert_non_null(strstr(sg_error_message(), "fake-tool"));
	assert_int_equal(sg_run_all(&spec, 0, 1, &r, NULL, NULL), 0);
}

/* ---- output ---------------------------------------------------------- */

static void test_runner__stdout_file_is_private(void **state)
{
	const char *out = join(*state, "out.txt");
	const char *argv[] = {FAKE_TOOL, "stdout", "hello", NULL};
	struct sg_proc_spec spec = fake_spec(argv);
	struct sg_proc_result r;
	struct stat st;
	char *text;

	/* An old, longer, world-readable file: truncated and made 0600. */
	write_file(out, "an older and longer report\n", 0644);
	assert_int_equal(chmod(out, 0644), 0);
	spec.stdout_path = out;
	run_one(&spec, &r);
	assert_true(r.exited && r.exit_code == 0);
	assert_int_equal(r.stdout_bytes, 6);
	text = slurp(out, NULL);
	assert_string_equal(text, "hello\n");
	free(text);
	assert_int_equal(stat(out, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	sg_proc_result_release(&r);

	unlink(out);
	run_one(&spec, &r);
	assert_int_equal(stat(out, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	sg_proc_result_release(&r);
}

static void test_runner__stdout_through_a_symlink_is_refused(void **state)
{
	const char *target = join(*state, "target.txt");
	const char *link = join(*state, "link.txt");
	const char *argv[] = {FAKE_TOOL, "stdout", "hello", NULL};
	struct sg_proc_spec specs[2] = {fake_spec(argv), fake_spec(argv)};
	struct sg_proc_result r[2];
	char *text;

	write_file(target, "keep me\n", 0600);
	assert_int_equal(symlink(target, link), 0);
	specs[1].stdout_path = link;
	/* An internal failure: nothing more starts, the error names it. */
	assert_int_equal(sg_run_all(specs, 2, 1, r, NULL, NULL), SG_EIO);
	assert_non_null(strstr(sg_error_message(), "link.txt"));
	text = slurp(target, NULL);
	assert_string_equal(text, "keep me\n");
	free(text);
	assert_true(r[0].exited);
	assert_false(r[1].started);
	for (int i = 0; i < 2; i++)
		sg_proc_result_release(&r[i]);
}

static void test_runner__runaway_stdout_is_capped(void **state)
{
	const char *out = join(*state, "big.out");
	const char *argv[] = {FAKE_TOOL, "big", "10", NULL};
	struct sg_proc_spec spec = fake_spec(argv);
	struct sg_proc_result r;
	struct stat st;
	double t;

	spec.stdout_path = out;
	spec.stdout_max_bytes = 1 << 20;
	t = run_one(&spec, &r);
	assert_true(t < 5.0);
	assert_true(r.started && r.output_too_large && !r.timed_out);
	assert_int_equal(r.stdout_bytes, 1 << 20);
	assert_int_equal(stat(out, &st), 0);
	assert_int_equal(st.st_size, 1 << 20);
	assert_string_equal(describe(&r, 30),
			    "wrote more than 1048576 bytes to stdout");
	sg_proc_result_release(&r);

	/* Under the cap (0: the default cap) it is all kept. */
	spec.stdout_max_bytes = 0;
	run_one(&spec, &r);
	assert_true(r.exited && r.exit_code == 0 && !r.output_too_large);
	assert_int_equal(stat(out, &st), 0);
	assert_int_equal(st.st_size, 10 << 20);
	assert_int_equal(r.stdout_bytes, 10 << 20);
	sg_proc_result_release(&r);
}

static void test_runner__only_the_stderr_tail_is_kept(void **state)
{
	const char *argv[] = {FAKE_TOOL, "noise", NULL};
	struct sg_proc_spec spec = fake_spec(argv);
	struct sg_proc_result r;
	static const char last[] = "the last line\n";

	(void)state;
	run_one(&spec, &r);
	assert_true(r.exited && r.exit_code == 0);
	assert_int_equal(r.stderr_tail_len, 2048);
	assert_int_equal(strlen(r.stderr_tail), 2048);
	assert_true(r.stderr_truncated);
	/* The fake secret was in the middle of ~8 KB: not kept. */
	assert_null(strstr(r.stderr_tail, "FAKE-SECRET"));
	assert_string_equal(r.stderr_tail + 2048 - strlen(last), last);
	sg_proc_result_release(&r);

	/* No tail wanted: stderr is discarded. */
	spec.stderr_tail_bytes = 0;
	run_one(&spec, &r);
	assert_true(r.exited);
	assert_null(r.stderr_tail);
	assert_int_equal(r.stderr_tail_len, 0);
	sg_proc_result_release(&r);

	/* A tiny ring wraps many times. */
	spec.stderr_tail_bytes = 5;
	run_one(&spec, &r);
	assert_string_equal(r.stderr_tail, "line\n");
	sg_proc_result_release(&r);
}

static void test_runner__describe_every_ending(void **state)
{
	struct sg_proc_result r;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.start_failure = SG_PROC_NOT_FOUND;
	r.errno_start = EACCES;
	assert_string_equal(describe(&r, 0),
			    "found on PATH but not executable");
	r.start_failure = SG_PROC_FORK_FAILED;
	r.errno_start = EAGAIN;
	assert_non_null(strstr(describe(&r, 0), "cannot start a process: "));
	r.start_failure = SG_PROC_STARTED;
	assert_string_equal(describe(&r, 0), "was not started");
	r.started = true;
	r.signaled = true;
	r.signal = SIGKILL;
	assert_string_equal(describe(&r, 0), "killed by signal 9 (SIGKILL)");
	r.signal = 1000;
	assert_string_equal(describe(&r, 0), "killed by signal 1000");
	r.timed_out = true;
	assert_string_equal(describe(&r, 90), "timed out after 90 s");
	r.signaled = r.timed_out = false;
	assert_string_equal(describe(&r, 0), "ended with an unknown status");
	{
		char small[8];

		r.exited = true;
		r.exit_code = 255;
		assert_string_equal(
		    sg_proc_describe(&r, 0, small, sizeof(small)), "exited ");
	}
}

/* ---- temporary directories ------------------------------------------ */

static void fill_tmpdir(const char *dir, const char *outside)
{
	char sub[PATH_MAX], ro[PATH_MAX], link[PATH_MAX];

	write_file(join(dir, "report.json"), "{}\n", 0600);
	PATHF(sub, "%s/a", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	PATHF(sub, "%s/a/b", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	write_file(join(sub, "deep.txt"), "x\n", 0600);
	/* Read-only directories, as Go's module cache leaves. */
	PATHF(ro, "%s/readonly", dir);
	assert_int_equal(mkdir(ro, 0700), 0);
	write_file(join(ro, "locked.txt"), "x\n", 0400);
	assert_int_equal(chmod(ro, 0500), 0);
	/* Links out of the directory are removed, never followed. */
	PATHF(link, "%s/link-to-file", dir);
	assert_int_equal(symlink(join(outside, "keep.txt"), link), 0);
	PATHF(link, "%s/link-to-dir", dir);
	assert_int_equal(symlink(outside, link), 0);
}

static void test_runner__tmpdir_is_private_and_removed(void **state)
{
	const char *scratch = *state;
	const char *old_tmpdir = getenv("TMPDIR");
	char *saved = old_tmpdir ? strdup(old_tmpdir) : NULL;
	char base[PATH_MAX], outside[PATH_MAX];
	char *dir, *other;
	struct stat st;

	PATHF(base, "%s/base", scratch);
	PATHF(outside, "%s/outside", scratch);
	assert_int_equal(mkdir(base, 0700), 0);
	assert_int_equal(mkdir(outside, 0700), 0);
	write_file(join(outside, "keep.txt"), "keep\n", 0600);

	setenv("TMPDIR", base, 1);
	assert_int_equal(sg_tmpdir_create(&dir), 0);
	assert_int_equal(strncmp(dir, base, strlen(base)), 0);
	assert_int_equal(stat(dir, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0700);
	fill_tmpdir(dir, outside);

	/* A relative TMPDIR is not trusted. */
	setenv("TMPDIR", "relative", 1);
	assert_int_equal(sg_tmpdir_create(&other), 0);
	assert_int_equal(strncmp(other, "/tmp/secgate-", 13), 0);
	if (saved)
		setenv("TMPDIR", saved, 1);
	else
		unsetenv("TMPDIR");
	free(saved);

	sg_tmpdir_remove(dir);
	assert_int_equal(lstat(dir, &st), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(stat(join(outside, "keep.txt"), &st), 0);
	/* Not registered (any more): left alone. */
	assert_int_equal(mkdir(dir, 0700), 0);
	sg_tmpdir_remove(dir);
	sg_tmpdir_remove(NULL);
	assert_int_equal(stat(dir, &st), 0);
	rmdir(dir);

	sg_tmpdir_remove(other);
	assert_int_equal(lstat(other, &st), -1);
	free(dir);
	free(other);
}

static void test_runner__tmpdir_removed_at_exit(void **state)
{
	char outside[PATH_MAX], path[PATH_MAX] = "";
	char *mine;
	struct stat st;
	int fds[2], status;
	ssize_t got;
	size_t len = 0;
	pid_t pid;

	PATHF(outside, "%s/outside", (const char *)*state);
	assert_int_equal(mkdir(outside, 0700), 0);
	write_file(join(outside, "keep.txt"), "keep\n", 0600);
	/* Ours, from before the fork: the child's exit must not take it. */
	assert_int_equal(sg_tmpdir_create(&mine), 0);
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char *dir;

		close(fds[0]);
		if (sg_tmpdir_create(&dir) != 0)
			_exit(90);
		fill_tmpdir(dir, outside);
		if (write(fds[1], dir, strlen(dir)) < 0)
			_exit(91);
		close(fds[1]);
		free(dir);
		exit(0); /* exit, not _exit: the atexit handler runs */
	}
	close(fds[1]);
	while ((got = read(fds[0], path + len, sizeof(path) - 1 - len)) > 0)
		len += (size_t)got;
	close(fds[0]);
	path[len] = '\0';
	status = wait_child(pid, 10);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_true(len > 0);
	assert_int_equal(lstat(path, &st), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(stat(join(outside, "keep.txt"), &st), 0);
	assert_int_equal(stat(mine, &st), 0);
	sg_tmpdir_remove(mine);
	assert_int_equal(lstat(mine, &st), -1);
	free(mine);
}

/* ---- Ctrl-C --------------------------------------------------------- */

/* The forked "secgate": a tmpdir, then a long tool; never returns. */
static void interrupted_child(int path_fd, const char *pidfile, bool run)
{
	struct sg_proc_spec spec;
	struct sg_proc_result r;
	const char *argv[] = {FAKE_TOOL, "family", pidfile, "60", NULL};
	char *dir;

	sg_proc_set_kill_grace_ms(GRACE_MS);
	if (sg_tmpdir_create(&dir) != 0)
		_exit(90);
	write_file(join(dir, "partial.json"), "{", 0600);
	if (write(path_fd, dir, strlen(dir)) < 0)
		_exit(91);
	close(path_fd);
	if (!run) {
		/* Outside a run: the handler itself cleans up. */
		for (;;)
			pause();
	}
	spec = fake_spec(argv);
	spec.timeout_seconds = 0;
	spec.stdout_path = join(dir, "out.json");
	sg_run_all(&spec, 1, 1, &r, NULL, NULL);
	_exit(92);
}

static void interrupt(void **state, int sig, bool run)
{
	const char *pidfile = join(*state, "pids");
	char path[PATH_MAX] = "";
	struct stat st;
	pid_t pid, tool = 0, child = 0;
	int fds[2], status;
	ssize_t got;
	size_t len = 0;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		interrupted_child(fds[1], pidfile, run);
	}
	close(fds[1]);
	while ((got = read(fds[0], path + len, sizeof(path) - 1 - len)) > 0)
		len += (size_t)got;
	close(fds[0]);
	path[len] = '\0';
	assert_true(len > 0);
	remember_dir(path);
	if (run) {
		read_pids(pidfile, &tool, &child);
		remember_group(tool);
	}
	assert_int_equal(kill(pid, sig), 0);
	status = wait_child(pid, 10);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), sig);
	if (run) {
		assert_true(process_gone(tool));
		assert_true(process_gone(child));
		assert_true(group_gone(tool));
	}
	assert_int_equal(lstat(path, &st), -1);
	assert_int_equal(errno, ENOENT);
	forget_leftovers();
}

static void test_runner__ctrl_c_kills_tools_and_removes_tmpdirs(void **state)
{
	interrupt(state, SIGINT, true);
}

static void test_runner__sigterm_kills_tools_and_removes_tmpdirs(void **state)
{
	interrupt(state, SIGTERM, true);
}

static void test_runner__signal_outside_a_run_removes_tmpdirs(void **state)
{
	interrupt(state, SIGINT, false);
	interrupt(state, SIGHUP, false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	    T(test_runner__exit_codes_and_report),
	    T(test_runner__crash_is_a_signal),
	    T(test_runner__results_keep_spec_order),
	    T(test_runner__progress_once_per_start_and_end),
	    T(test_runner__timeout_kills_the_whole_group),
	    T(test_runner__sigkill_when_sigterm_is_ignored),
	    T(test_runner__stragglers_are_ended_after_exit),
	    T(test_runner__parallel_runs_respect_jobs),
	    T(test_runner__missing_and_unrunnable_programs),
	    T(test_runner__exec_failure_is_reported),
	    T(test_runner__find_program_skips_relative_path_entries),
	    T(test_runner__environment_cwd_and_stdin),
	    T(test_runner__other_descriptors_are_not_inherited),
	    T(test_runner__usage_errors),
	    T(test_runner__stdout_file_is_private),
	    T(test_runner__stdout_through_a_symlink_is_refused),
	    T(test_runner__runaway_stdout_is_capped),
	    T(test_runner__only_the_stderr_tail_is_kept),
	    T(test_runner__describe_every_ending),
	    T(test_runner__tmpdir_is_private_and_removed),
	    T(test_runner__tmpdir_removed_at_exit),
	    T(test_runner__ctrl_c_kills_tools_and_removes_tmpdirs),
	    T(test_runner__sigterm_kills_tools_and_removes_tmpdirs),
	    T(test_runner__signal_outside_a_run_removes_tmpdirs),
#undef T
	};

	/* However we were started (a background job has SIGINT ignored),
	 * the Ctrl-C tests need the default dispositions to begin with. */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
#if defined(__linux__)
	/* Orphans of the fake tools come to us, so teardown can reap them
	 * and process_gone() is exact even under an init that never reaps. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
#endif
	return cmocka_run_group_tests(tests, NULL, NULL);
}
