// SPDX-License-Identifier: GPL-2.0
/*
 * pidfd-bench - what creating, waiting for and reaping a process costs,
 * with and without the pidfd lifecycle flags, and the kernel memory an
 * exit record costs.
 *
 * Each operation is timed with CLOCK_MONOTONIC over REPS repetitions of
 * ITERS iterations (after one repetition that is thrown away); the time
 * of one iteration is printed as the median over the repetitions, with
 * the minimum, the maximum and the quartiles, in microseconds:
 *
 *   op=fork_wait children=1 median_us=... min_us=... q1_us=... q3_us=...
 *      max_us=... reps=... iters=...
 *
 * "children" is the number of other children alive meanwhile, blocked
 * on a pipe.  The operations, one iteration each:
 *
 *   fork_wait            fork(), the child _exit(0)s, waitpid()
 *   clone3_wait          the same with a raw clone3() (no glibc fork())
 *   clone3_pidfd_wait    clone3(CLONE_PIDFD), poll(), waitid(P_PIDFD)
 *   spawn_true           posix_spawn() of a static program, waitpid()
 *   autoreap_nowait      clone3(CLONE_AUTOREAP), nobody waits: the end
 *                        of the child is seen as EOF on a pipe it holds
 *   autoreap_pidfd_info  clone3(CLONE_AUTOREAP | CLONE_PIDFD), poll(),
 *                        PIDFD_GET_INFO(PIDFD_INFO_EXIT), close()
 *   autokill_close       clone3(CLONE_PIDFD_AUTOKILL | CLONE_AUTOREAP |
 *                        CLONE_NNP | CLONE_PIDFD) of a child that would
 *                        block for ever, pidfd_open() it, close the
 *                        clone3 pidfd, poll() the other one until it died
 *   get_info_live        PIDFD_GET_INFO on a live child (default mask)
 *   get_info_dead        PIDFD_GET_INFO(PIDFD_INFO_EXIT) on a reaped one
 *   pidfd_open_live      pidfd_open() of a live child, close()
 *   pidfd_open_storm     the same while another process forks children
 *                        that exit at once and reaps them, without a
 *                        pause: every fork and exit takes tasklist_lock
 *                        for writing.  The storm runs on another CPU only
 *                        if there is one: a guest needs 2 vCPUs for this
 *                        row to measure contention rather than time
 *                        slicing (the header line says cpus=).
 *
 * The get_info and pidfd_open ones run only with the first number of
 * children.
 * Operations that need the series print "op=NAME children=N
 * unsupported" on a kernel without it.
 *
 * Memory comes first, before any other child exists: the Slab line of
 * /proc/meminfo before and after MEMPROCS children exited and were
 * reaped, one after the other, with no pidfd ("plain_reaped"), with the
 * clone3 pidfd kept open ("pidfd_reaped_kept") or as autoreap children
 * with the pidfd kept ("autoreap_pidfd_kept"); per child, and again after
 * the pidfds were closed.  Memory results are lines that start with
 * "mem=", everything else starts with "#".
 *
 * Only uapi constants are used, with the fallbacks of
 * tools/include/pidfd-lifecycle.h, so that this builds against old
 * headers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include "pidfd-lifecycle.h"

static int reps = 15;
static int iters = 40;
static int mem_procs = 10000;
static const char *true_path = "true-static";
static bool have_autoreap;
static bool have_get_info;

static void die(const char *what)
{
	fprintf(stderr, "pidfd-bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static pid_t clone3_flags(__u64 flags, int *pidfd, int exit_signal)
{
	struct clone_args_ver0 args = {
		.flags = flags,
		.pidfd = (uintptr_t)pidfd,
		.exit_signal = exit_signal,
	};

	return syscall(__NR_clone3, &args, sizeof(args));
}

static int pidfd_open(pid_t pid)
{
	return syscall(__NR_pidfd_open, pid, 0);
}

static int wait_readable(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	while (poll(&pfd, 1, -1) < 0)
		if (errno != EINTR)
			return -errno;
	return 0;
}

/* Reap @pid and check that it called _exit(0). */
static int reap(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -errno;
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return -EPROTO;
	return 0;
}

static __noreturn void child_block(void)
{
	for (;;)
		pause();
}

/* The operations: each runs @n iterations and returns 0 or -errno. */

static int op_fork_wait(int n)
{
	int i, ret;

	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0)
			return -errno;
		if (pid == 0)
			_exit(0);
		ret = reap(pid);
		if (ret)
			return ret;
	}
	return 0;
}

/* fork() without glibc's share: the raw clone3() the other loops use. */
static int op_clone3_wait(int n)
{
	int i, ret;

	for (i = 0; i < n; i++) {
		pid_t pid = clone3_flags(0, NULL, SIGCHLD);

		if (pid < 0)
			return -errno;
		if (pid == 0)
			_exit(0);
		ret = reap(pid);
		if (ret)
			return ret;
	}
	return 0;
}

static int op_clone3_pidfd_wait(int n)
{
	siginfo_t si;
	int i, pidfd;

	for (i = 0; i < n; i++) {
		pid_t pid = clone3_flags(CLONE_PIDFD, &pidfd, SIGCHLD);

		if (pid < 0)
			return -errno;
		if (pid == 0)
			_exit(0);
		if (wait_readable(pidfd) ||
		    waitid(PIDFD_LIFECYCLE_P_PIDFD, pidfd, &si, WEXITED))
			return -errno;
		close(pidfd);
		if (si.si_code != CLD_EXITED || si.si_status)
			return -EPROTO;
	}
	return 0;
}

static int op_spawn_true(int n)
{
	char *const argv[] = { (char *)true_path, NULL };
	char *const envp[] = { NULL };
	int i, ret;

	for (i = 0; i < n; i++) {
		pid_t pid;

		ret = posix_spawn(&pid, true_path, NULL, NULL, argv, envp);
		if (ret)
			return -ret;
		ret = reap(pid);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * Fire and forget: nobody waits.  To time whole lives, the child holds
 * the write end of a pipe that its exit closes; the pipe costs a few
 * syscalls per iteration next to the clone3().
 */
static int op_autoreap_nowait(int n)
{
	int i, p[2];
	char c;

	for (i = 0; i < n; i++) {
		pid_t pid;

		if (pipe2(p, O_CLOEXEC))
			return -errno;
		pid = clone3_flags(CLONE_AUTOREAP, NULL, 0);
		if (pid < 0)
			return -errno;
		if (pid == 0)
			_exit(0);
		close(p[1]);
		if (read(p[0], &c, 1) != 0)
			return -EPROTO;
		close(p[0]);
	}
	return 0;
}

static int op_autoreap_pidfd_info(int n)
{
	struct pidfd_info info;
	int i, pidfd;

	for (i = 0; i < n; i++) {
		pid_t pid = clone3_flags(CLONE_AUTOREAP | CLONE_PIDFD, &pidfd, 0);

		if (pid < 0)
			return -errno;
		if (pid == 0)
			_exit(0);
		if (wait_readable(pidfd))
			return -errno;
		memset(&info, 0, sizeof(info));
		info.mask = PIDFD_INFO_EXIT;
		if (ioctl(pidfd, PIDFD_GET_INFO, &info))
			return -errno;
		close(pidfd);
		if (!(info.mask & PIDFD_INFO_EXIT) || info.exit_code)
			return -EPROTO;
	}
	return 0;
}

/*
 * Start a child that would live for ever and kill it by closing the
 * clone3() pidfd.  Its death is waited for through a pidfd_open() pidfd,
 * which neither keeps it alive nor kills it.
 */
static int op_autokill_close(int n)
{
	__u64 flags = CLONE_PIDFD_AUTOKILL | CLONE_AUTOREAP | CLONE_NNP |
			 CLONE_PIDFD;
	int i, pidfd, wfd;

	for (i = 0; i < n; i++) {
		pid_t pid = clone3_flags(flags, &pidfd, 0);

		if (pid < 0)
			return -errno;
		if (pid == 0)
			child_block();
		wfd = pidfd_open(pid);
		if (wfd < 0)
			return -errno;
		close(pidfd);
		if (wait_readable(wfd))
			return -errno;
		close(wfd);
	}
	return 0;
}

/* PIDFD_GET_INFO alone, on a child that lives or on one that was reaped. */
static pid_t info_pid;
static int info_pidfd = -1;

static int setup_info_live(void)
{
	info_pid = fork();
	if (info_pid < 0)
		return -errno;
	if (info_pid == 0)
		child_block();
	info_pidfd = pidfd_open(info_pid);
	return info_pidfd < 0 ? -errno : 0;
}

static int setup_info_dead(void)
{
	int ret;

	info_pid = fork();
	if (info_pid < 0)
		return -errno;
	if (info_pid == 0)
		_exit(0);
	/* A zombie has not been reaped yet: pidfd_open() still works. */
	info_pidfd = pidfd_open(info_pid);
	if (info_pidfd < 0)
		return -errno;
	ret = reap(info_pid);
	info_pid = 0;
	return ret;
}

static void teardown_info(void)
{
	if (info_pid > 0) {
		kill(info_pid, SIGKILL);
		waitpid(info_pid, NULL, 0);
	}
	info_pid = 0;
	close(info_pidfd);
	info_pidfd = -1;
}

static int get_info(__u64 ask, __u64 want, int n)
{
	struct pidfd_info info;
	int i;

	for (i = 0; i < n; i++) {
		memset(&info, 0, sizeof(info));
		info.mask = ask;
		if (ioctl(info_pidfd, PIDFD_GET_INFO, &info))
			return -errno;
		if ((info.mask & want) != want)
			return -EPROTO;
	}
	return 0;
}

static int op_get_info_live(int n)
{
	return get_info(0, PIDFD_INFO_PID | PIDFD_INFO_CREDS, n);
}

static int op_get_info_dead(int n)
{
	return get_info(PIDFD_INFO_EXIT, PIDFD_INFO_EXIT, n);
}

/* pidfd_open() and close() of the live child that setup_info_live() made. */
static int op_pidfd_open(int n)
{
	int i, fd;

	for (i = 0; i < n; i++) {
		fd = pidfd_open(info_pid);
		if (fd < 0)
			return -errno;
		close(fd);
	}
	return 0;
}

/* A process that forks children that _exit(0) at once and reaps them. */
static pid_t storm_pid;

static __noreturn void storm(void)
{
	for (;;) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		if (pid > 0)
			waitpid(pid, NULL, 0);
	}
}

static int setup_storm(void)
{
	int ret = setup_info_live();

	if (ret)
		return ret;
	storm_pid = fork();
	if (storm_pid < 0)
		return -errno;
	if (storm_pid == 0)
		storm();
	return 0;
}

static void teardown_storm(void)
{
	if (storm_pid > 0) {
		kill(storm_pid, SIGKILL);
		waitpid(storm_pid, NULL, 0);
	}
	storm_pid = 0;
	teardown_info();
}

struct op {
	const char *name;
	int (*run)(int n);
	int (*setup)(void);
	void (*teardown)(void);
	bool *needs;		/* what the kernel must support, or NULL */
	bool scaled;		/* run at every number of other children */
	int mult;		/* iterations: this many times ITERS */
};

static const struct op ops[] = {
	{ "fork_wait", op_fork_wait, NULL, NULL, NULL, true, 1 },
	{ "clone3_wait", op_clone3_wait, NULL, NULL, NULL, true, 1 },
	{ "clone3_pidfd_wait", op_clone3_pidfd_wait, NULL, NULL, NULL,
	  true, 1 },
	{ "spawn_true", op_spawn_true, NULL, NULL, NULL, true, 1 },
	{ "autoreap_nowait", op_autoreap_nowait, NULL, NULL, &have_autoreap,
	  true, 1 },
	{ "autoreap_pidfd_info", op_autoreap_pidfd_info, NULL, NULL,
	  &have_autoreap, true, 1 },
	{ "autokill_close", op_autokill_close, NULL, NULL, &have_autoreap,
	  true, 1 },
	{ "get_info_live", op_get_info_live, setup_info_live, teardown_info,
	  &have_get_info, false, 50 },
	{ "get_info_dead", op_get_info_dead, setup_info_dead, teardown_info,
	  &have_get_info, false, 50 },
	{ "pidfd_open_live", op_pidfd_open, setup_info_live, teardown_info,
	  NULL, false, 50 },
	{ "pidfd_open_storm", op_pidfd_open, setup_storm, teardown_storm,
	  NULL, false, 50 },
};

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Nearest-rank quantile of sorted @v. */
static double quantile(const double *v, int n, double q)
{
	int i = (int)(q * (n - 1) + 0.5);

	return v[i];
}

static void run_op(const struct op *op, int children)
{
	int n = iters * op->mult;
	double *t;
	int r, ret = 0;

	if (op->needs && !*op->needs) {
		printf("op=%s children=%d unsupported\n", op->name, children);
		return;
	}
	t = calloc(reps, sizeof(*t));
	if (!t)
		die("calloc");
	if (op->setup)
		ret = op->setup();
	/* Repetition -1 warms caches up and is not counted. */
	for (r = -1; !ret && r < reps; r++) {
		double start = now_us();

		ret = op->run(n);
		if (r >= 0)
			t[r] = (now_us() - start) / n;
	}
	if (op->teardown)
		op->teardown();
	if (ret) {
		printf("op=%s children=%d error=%s\n", op->name, children,
		       strerror(-ret));
	} else {
		qsort(t, reps, sizeof(*t), cmp_double);
		printf("op=%s children=%d median_us=%.3f min_us=%.3f q1_us=%.3f q3_us=%.3f max_us=%.3f reps=%d iters=%d\n",
		       op->name, children, quantile(t, reps, 0.5), t[0],
		       quantile(t, reps, 0.25), quantile(t, reps, 0.75),
		       t[reps - 1], reps, n);
	}
	fflush(stdout);
	free(t);
}

/*
 * The other children: blocked in read() on a pipe whose write end only
 * the benchmark holds, so that closing it ends them all.
 */
static int bg_pipe[2] = { -1, -1 };
static pid_t *bg_pids;
static int nr_bg;

static void grow_background(int n)
{
	char c;

	if (bg_pipe[0] < 0 && pipe2(bg_pipe, O_CLOEXEC))
		die("pipe2");
	bg_pids = realloc(bg_pids, n * sizeof(*bg_pids));
	if (!bg_pids)
		die("realloc");
	while (nr_bg < n) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork of a background child");
		if (pid == 0) {
			close(bg_pipe[1]);
			if (read(bg_pipe[0], &c, 1) < 0)
				_exit(1);
			_exit(0);
		}
		bg_pids[nr_bg++] = pid;
	}
}

static void stop_background(void)
{
	int i;

	if (bg_pipe[1] < 0)
		return;
	close(bg_pipe[1]);
	close(bg_pipe[0]);
	for (i = 0; i < nr_bg; i++)
		if (reap(bg_pids[i]))
			fprintf(stderr, "pidfd-bench: background child %d: %s\n",
				bg_pids[i], strerror(errno));
	nr_bg = 0;
	bg_pipe[0] = -1;
	bg_pipe[1] = -1;
}

/* Memory: the Slab line of /proc/meminfo, in kB. */
static long slab_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		die("/proc/meminfo");
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Slab: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/*
 * Objects are freed after an RCU grace period (task_struct, pidfs
 * dentries and inodes), and empty slabs go back to the page allocator
 * a little later: wait until Slab has not moved for three readings.
 */
static long settled_slab_kb(void)
{
	struct timespec ts = { .tv_nsec = 200 * 1000 * 1000 };
	long prev = slab_kb(), cur = prev;
	int i, same = 0;

	for (i = 0; i < 50 && same < 2; i++) {
		nanosleep(&ts, NULL);
		cur = slab_kb();
		same = cur == prev ? same + 1 : 0;
		prev = cur;
	}
	return cur;
}

/* One cache's objects and object size, where the kernel shows them. */
static void print_cache(const char *cache)
{
	char path[128], line[512], name[64];
	unsigned long active, num, objsize;
	long size = -1, objects = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/slab/%s/object_size", cache);
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%ld", &size) != 1)
			size = -1;
		fclose(f);
		snprintf(path, sizeof(path), "/sys/kernel/slab/%s/objects",
			 cache);
		f = fopen(path, "r");
		if (f) {
			if (fscanf(f, "%ld", &objects) != 1)
				objects = -1;
			fclose(f);
		}
		printf("mem=cache name=%s method=sysfs objects=%ld object_size=%ld\n",
		       cache, objects, size);
		return;
	}
	f = fopen("/proc/slabinfo", "r");
	if (f) {
		while (fgets(line, sizeof(line), f)) {
			if (sscanf(line, "%63s %lu %lu %lu", name, &active,
				   &num, &objsize) == 4 &&
			    !strcmp(name, cache)) {
				printf("mem=cache name=%s method=slabinfo objects=%lu object_size=%lu\n",
				       cache, active, objsize);
				fclose(f);
				return;
			}
		}
		fclose(f);
	}
	printf("mem=cache name=%s unavailable (no /sys/kernel/slab, no /proc/slabinfo)\n",
	       cache);
}

enum mem_kind { MEM_PLAIN, MEM_PIDFD_WAITED, MEM_AUTOREAP_PIDFD };

static const char *const mem_names[] = {
	[MEM_PLAIN] = "plain_reaped",
	[MEM_PIDFD_WAITED] = "pidfd_reaped_kept",
	[MEM_AUTOREAP_PIDFD] = "autoreap_pidfd_kept",
};

/*
 * Start @n children one after the other, let each exit and be reaped,
 * and keep a pidfd to each unless @kind is MEM_PLAIN.  Print the Slab
 * delta per child from before the first child to after the last
 * (bytes_per_proc), and what closing the pidfds gave back
 * (held_bytes_per_proc): the latter is measured over seconds instead of
 * the whole round, so the rest of the system moves it less.
 */
static void mem_round(enum mem_kind kind, int n, bool print)
{
	long before, kept, released;
	int *fds = NULL;
	siginfo_t si;
	int i, ret;

	if (kind != MEM_PLAIN) {
		fds = calloc(n, sizeof(*fds));
		if (!fds)
			die("calloc");
	}
	before = settled_slab_kb();
	for (i = 0; i < n; i++) {
		pid_t pid;

		switch (kind) {
		case MEM_PLAIN:
			pid = fork();
			if (pid == 0)
				_exit(0);
			if (pid < 0 || reap(pid))
				die("plain child");
			break;
		case MEM_PIDFD_WAITED:
			pid = clone3_flags(CLONE_PIDFD, &fds[i], SIGCHLD);
			if (pid == 0)
				_exit(0);
			if (pid < 0 ||
			    waitid(PIDFD_LIFECYCLE_P_PIDFD, fds[i], &si, WEXITED))
				die("pidfd child");
			break;
		case MEM_AUTOREAP_PIDFD:
			pid = clone3_flags(CLONE_AUTOREAP | CLONE_PIDFD,
					   &fds[i], 0);
			if (pid == 0)
				_exit(0);
			if (pid < 0)
				die("autoreap child");
			ret = wait_readable(fds[i]);
			if (ret) {
				errno = -ret;
				die("poll");
			}
			break;
		}
	}
	kept = settled_slab_kb();
	if (fds)
		for (i = 0; i < n; i++)
			close(fds[i]);
	released = settled_slab_kb();
	free(fds);
	if (!print)
		return;
	printf("mem=%s n=%d method=meminfo_slab before_kb=%ld kept_kb=%ld released_kb=%ld bytes_per_proc=%.1f held_bytes_per_proc=%.1f\n",
	       mem_names[kind], n, before, kept, released,
	       (kept - before) * 1024.0 / n,
	       (kept - released) * 1024.0 / n);
	fflush(stdout);
}

static void run_mem(int n)
{
	struct rlimit rl;
	rlim_t need = n + 1024;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		die("getrlimit");
	if (rl.rlim_max < need)
		rl.rlim_max = need;
	if (rl.rlim_cur < need)
		rl.rlim_cur = need;
	if (setrlimit(RLIMIT_NOFILE, &rl)) {
		printf("mem=all n=%d error=RLIMIT_NOFILE:%s\n", n,
		       strerror(errno));
		return;
	}
	/* A first round fills the caches that every fork uses. */
	mem_round(MEM_PLAIN, n, false);
	mem_round(MEM_PLAIN, n, true);
	mem_round(MEM_PIDFD_WAITED, n, true);
	if (have_autoreap)
		mem_round(MEM_AUTOREAP_PIDFD, n, true);
	else
		printf("mem=%s n=%d unsupported\n",
		       mem_names[MEM_AUTOREAP_PIDFD], n);
	print_cache("pidfs_inode_cache");
	fflush(stdout);
}

/*
 * Address-space randomisation changes how many page tables a fork()
 * copies and an exit frees: measured, it moves fork_wait by up to 5 %
 * from one run to the next.  Run with a fixed layout: set
 * ADDR_NO_RANDOMIZE and exec ourselves again, as setarch -R does.
 */
static bool fixed_layout(char **argv)
{
	int pers = personality(0xffffffff);

	if (pers < 0)
		return false;
	if (pers & ADDR_NO_RANDOMIZE)
		return true;
	if (personality(pers | ADDR_NO_RANDOMIZE) < 0)
		return false;
	execv("/proc/self/exe", argv);
	/* Go on with a random layout: the figures only get noisier. */
	personality(pers);
	return false;
}

static void probe(void)
{
	struct pidfd_info info = { 0 };
	int pidfd, fd;
	pid_t pid;

	pid = clone3_flags(CLONE_AUTOREAP | CLONE_PIDFD, &pidfd, 0);
	if (pid == 0)
		_exit(0);
	if (pid > 0) {
		have_autoreap = true;
		wait_readable(pidfd);
		close(pidfd);
	}

	fd = pidfd_open(getpid());
	if (fd < 0)
		die("pidfd_open");
	have_get_info = !ioctl(fd, PIDFD_GET_INFO, &info);
	close(fd);
}

static void bad_usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [-r REPS] [-k ITERS] [-c N,N,...] [-n MEMPROCS] [-t TRUE]\n"
		"  -r  timed repetitions per operation (default %d)\n"
		"  -k  iterations per repetition (default %d)\n"
		"  -c  numbers of other live children to run the spawn loops with\n"
		"      (default 1,100,10000)\n"
		"  -n  children for the memory measurement, 0: none (default %d)\n"
		"  -t  static program for posix_spawn (default %s)\n",
		prog, reps, iters, mem_procs, true_path);
	exit(2);
}

int main(int argc, char **argv)
{
	char *scales = "1,100,10000", *s, *end;
	struct utsname u;
	bool first = true, fixed;
	size_t i;
	int opt;

	while ((opt = getopt(argc, argv, "r:k:c:n:t:h")) != -1) {
		switch (opt) {
		case 'r':
			reps = atoi(optarg);
			break;
		case 'k':
			iters = atoi(optarg);
			break;
		case 'c':
			scales = optarg;
			break;
		case 'n':
			mem_procs = atoi(optarg);
			break;
		case 't':
			true_path = optarg;
			break;
		default:
			bad_usage(argv[0]);
		}
	}
	if (optind != argc || reps < 1 || iters < 1 || mem_procs < 0)
		bad_usage(argv[0]);
	if (access(true_path, X_OK))
		die(true_path);
	fixed = fixed_layout(argv);

	/* Default SIGCHLD: nobody asked for it, children stay zombies. */
	signal(SIGCHLD, SIG_DFL);
	setvbuf(stdout, NULL, _IOLBF, 0);
	probe();
	uname(&u);
	printf("# pidfd-bench kernel=%s cpus=%ld reps=%d iters=%d aslr=%s autoreap=%s get_info=%s\n",
	       u.release, sysconf(_SC_NPROCESSORS_ONLN), reps, iters,
	       fixed ? "off" : "on", have_autoreap ? "yes" : "no",
	       have_get_info ? "yes" : "no");

	/* First, while no other child is alive or being freed. */
	if (mem_procs)
		run_mem(mem_procs);

	for (s = scales; *s; s = end) {
		long children = strtol(s, &end, 10);

		if (end == s || children < 1 || (*end && *end != ','))
			bad_usage(argv[0]);
		if (*end)
			end++;
		grow_background(children);
		for (i = 0; i < ARRAY_SIZE(ops); i++)
			if (ops[i].scaled || first)
				run_op(&ops[i], nr_bg);
		first = false;
	}
	stop_background();
	return 0;
}
