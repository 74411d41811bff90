// SPDX-License-Identifier: GPL-2.0
/*
 * pidfd-oracle: run a fixed list of clone3() and PIDFD_GET_INFO scenarios
 * and print one canonical line per observation, "KEY: VALUE", with nothing
 * in it that depends on the kernel build or the run: no pid numbers, no
 * addresses, no times.  Pids are named by their role (child, self, 0,
 * other).  scripts/check-oracle.sh runs it as root on the patched 6.12
 * kernel and on mainline and compares the two outputs key by key
 * (docs/oracle.md).
 *
 * usage: pidfd-oracle            run every scenario (as root, x86_64)
 *        pidfd-oracle --exit N   exit with status N (the exec scenarios)
 *        pidfd-oracle --core-helper DIR
 *                                a core_pattern pipe helper: report what
 *                                PIDFD_GET_INFO says on the pidfd it gets
 *                                as file descriptor 3 (%F) in DIR/helper
 *
 * Each scenario runs in a process of its own with SIGCHLD and SIGUSR1
 * blocked, under alarm(); every wait is for an event that must come
 * (a pidfd, a pipe, a child's exit), bounded by a poll() timeout.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pidfd-lifecycle.h"

#ifndef PIDFD_INFO_SUPPORTED_MASK
#define PIDFD_INFO_SUPPORTED_MASK BIT(5)
#endif
#ifndef PIDFD_COREDUMP_SKIP
#define PIDFD_COREDUMP_SKIP	BIT(1)
#endif
#ifndef PIDFD_COREDUMP_USER
#define PIDFD_COREDUMP_USER	BIT(2)
#endif
#ifndef PIDFD_COREDUMP_ROOT
#define PIDFD_COREDUMP_ROOT	BIT(3)
#endif
#ifndef PIDFD_INFO_SIZE_VER3
#define PIDFD_INFO_SIZE_VER3	88
#endif
#ifndef __WALL
#define __WALL 0x40000000
#endif

/* The series' struct pidfd_info, whatever the headers say. */
struct oracle_info {
	__u64 mask;
	__u64 cgroupid;
	__u32 pid;
	__u32 tgid;
	__u32 ppid;
	__u32 ruid;
	__u32 rgid;
	__u32 euid;
	__u32 egid;
	__u32 suid;
	__u32 sgid;
	__u32 fsuid;
	__u32 fsgid;
	__s32 exit_code;
	__u32 coredump_mask;
	__u32 coredump_signal;
	__u32 coredump_code;
	__u32 coredump_pad;
	__u64 supported_mask;
};

#define INFO_MAX	128	/* the biggest size the sweep passes */
#define POLL_MS		20000	/* bound of a wait for what must come */
#define SCENARIO_SECS	600	/* alarm() of one scenario process */
#define NOBODY		65534

static const char *scen = "main";	/* prefix of every line */
static char *self_exe;

static void out(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n, m;

	n = snprintf(buf, sizeof(buf), "%s ", scen);
	va_start(ap, fmt);
	m = vsnprintf(buf + n, sizeof(buf) - n - 1, fmt, ap);
	va_end(ap);
	n += m < (int)(sizeof(buf) - n - 1) ? m : (int)(sizeof(buf) - n - 2);
	buf[n++] = '\n';
	/* One write a line: no stdio buffer is ever copied by fork(). */
	if (write(STDOUT_FILENO, buf, n) != n)
		_exit(99);
}

static const char *err(int e)
{
	const char *s = strerrorname_np(e);

	return s ? s : "E?";
}

static const char *sig(int s)
{
	const char *n;
	static char buf[16];

	if (s == 0)
		return "0";
	n = sigabbrev_np(s);
	if (!n) {
		snprintf(buf, sizeof(buf), "sig%d", s);
		return buf;
	}
	snprintf(buf, sizeof(buf), "SIG%s", n);
	return buf;
}

/* A wait status, as "exited(N)", "signaled(SIGx)" or "signaled(SIGx)+core". */
static const char *status_str(int st)
{
	static char buf[64];

	if (WIFEXITED(st))
		snprintf(buf, sizeof(buf), "exited(%d)", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, sizeof(buf), "signaled(%s)%s", sig(WTERMSIG(st)),
			 WCOREDUMP(st) ? "+core" : "");
	else if (WIFSTOPPED(st))
		snprintf(buf, sizeof(buf), "stopped(%s)", sig(WSTOPSIG(st)));
	else
		snprintf(buf, sizeof(buf), "status(%#x)", st);
	return buf;
}

static const char *role(pid_t p, pid_t child)
{
	if (p == 0)
		return "0";
	if (child > 0 && p == child)
		return "child";
	if (p == getpid())
		return "self";
	return "other";
}

static void revents_str(short ev, char *buf, size_t len)
{
	static const struct { short bit; const char *name; } names[] = {
		{ POLLIN, "IN" }, { POLLPRI, "PRI" }, { POLLOUT, "OUT" },
		{ POLLERR, "ERR" }, { POLLHUP, "HUP" }, { POLLNVAL, "NVAL" },
		{ POLLRDNORM, "RDNORM" }, { POLLRDHUP, "RDHUP" },
	};
	size_t i, n = 0;

	buf[0] = 0;
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!(ev & names[i].bit))
			continue;
		n += snprintf(buf + n, len - n, "%s%s", n ? "+" : "", names[i].name);
		ev &= ~names[i].bit;
	}
	if (ev)
		n += snprintf(buf + n, len - n, "%s%#x", n ? "+" : "", ev);
	if (!n)
		snprintf(buf, len, "none");
}

/* poll() FD for POLLIN for up to MS milliseconds; the revents, or "timeout". */
static const char *poll_str(int fd, int ms)
{
	static char buf[64];
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int r;

	r = poll(&p, 1, ms);
	if (r < 0)
		return err(errno);
	if (r == 0)
		return ms ? "timeout" : "none";
	revents_str(p.revents, buf, sizeof(buf));
	return buf;
}

/*
 * Wait up to POLL_MS for PIDFD to poll readable; with SETTLE, then also
 * for POLLHUP, which comes once the task is released: an autoreap
 * child's release follows its exit by a moment, and what PIDFD_GET_INFO
 * says in between is a race.  The revents then, or "timeout".
 */
static const char *wait_exit(int pidfd, bool settle)
{
	struct pollfd p = { .fd = pidfd, .events = POLLIN };
	int i;

	if (poll(&p, 1, POLL_MS) <= 0 || !(p.revents & POLLIN))
		return "timeout";
	for (i = 0; settle && i < POLL_MS && !(p.revents & POLLHUP); i++) {
		usleep(1000);
		poll(&p, 1, 0);
	}
	return poll_str(pidfd, 0);
}

static int sys_pidfd_open(pid_t pid, unsigned int flags)
{
	return syscall(__NR_pidfd_open, pid, flags);
}

static pid_t sys_clone3(struct clone_args_ver0 *args)
{
	return syscall(__NR_clone3, args, sizeof(*args));
}

/*
 * clone3() whose child calls exit(0) at once and touches no memory, not
 * even the stack: safe for CLONE_VM, CLONE_THREAD and CLONE_VFORK
 * children alike.  Returns the child's id or -errno.
 */
static long clone3_exit0(struct clone_args_ver0 *args)
{
	long ret;

	asm volatile("syscall\n\t"
		     "test %%rax, %%rax\n\t"
		     "jnz 1f\n\t"
		     "mov $60, %%eax\n\t"	/* SYS_exit */
		     "xor %%edi, %%edi\n\t"
		     "syscall\n\t"
		     "1:\n\t"
		     : "=a"(ret)
		     : "0"((long)__NR_clone3), "D"(args), "S"(sizeof(*args))
		     : "rcx", "r11", "memory");
	return ret;
}

/* clone3() of a child process that returns 0 in the child, like fork(). */
static pid_t spawn(__u64 flags, int exit_signal, int *pidfd)
{
	struct clone_args_ver0 args = {
		.flags = flags,
		.pidfd = (__u64)(uintptr_t)pidfd,
		.exit_signal = exit_signal,
	};

	return sys_clone3(&args);
}

/* Which of SIGCHLD and SIGUSR1 are pending; then take them. */
static const char *pending_str(void)
{
	static const struct timespec zero;
	sigset_t set, both;
	bool chld, usr1;

	sigpending(&set);
	chld = sigismember(&set, SIGCHLD);
	usr1 = sigismember(&set, SIGUSR1);
	sigemptyset(&both);
	sigaddset(&both, SIGCHLD);
	sigaddset(&both, SIGUSR1);
	while (sigtimedwait(&both, NULL, &zero) > 0)
		;
	if (chld && usr1)
		return "SIGCHLD+SIGUSR1";
	return chld ? "SIGCHLD" : usr1 ? "SIGUSR1" : "none";
}

static void drain_signals(void)
{
	pending_str();
}

/* waitpid() as a string: the status, "none" (WNOHANG, nothing) or errno. */
static const char *waitpid_str(pid_t pid, int flags)
{
	int st;
	pid_t r;

	r = waitpid(pid, &st, flags);
	if (r < 0)
		return err(errno);
	if (r == 0)
		return "none";
	return status_str(st);
}

static const char *waitid_pidfd_str(int pidfd, int flags)
{
	siginfo_t si = {};

	if (waitid(PIDFD_LIFECYCLE_P_PIDFD, pidfd, &si, flags) < 0)
		return err(errno);
	if (si.si_pid == 0)
		return "none";
	if (si.si_code == CLD_EXITED)
		return status_str(W_EXITCODE(si.si_status, 0));
	return status_str(si.si_status | (si.si_code == CLD_DUMPED ? 0x80 : 0));
}

/* ------------------------------------------------------------------ */
/* PIDFD_GET_INFO */

static unsigned long info_cmd(size_t size)
{
	return _IOC(_IOC_READ | _IOC_WRITE, PIDFS_IOCTL_MAGIC, 11, size);
}

#define END(f) (offsetof(struct oracle_info, f) + sizeof(((struct oracle_info *)0)->f))

/* Each mask bit and the end of the field (or fields) it vouches for. */
static const struct {
	__u64 bit;
	size_t end;
} info_fields[] = {
	{ PIDFD_INFO_PID, END(ppid) },
	{ PIDFD_INFO_CREDS, END(fsgid) },
	{ PIDFD_INFO_CGROUPID, END(cgroupid) },
	{ PIDFD_INFO_EXIT, END(exit_code) },
	{ PIDFD_INFO_COREDUMP, END(coredump_mask) },
	{ PIDFD_INFO_COREDUMP_SIGNAL, END(coredump_signal) },
	{ PIDFD_INFO_COREDUMP_CODE, END(coredump_code) },
	{ PIDFD_INFO_SUPPORTED_MASK, END(supported_mask) },
};

/* The known mask bits returned for fields past the size of the last call. */
static __u64 info_beyond;

/*
 * One PIDFD_GET_INFO call with SIZE in the ioctl number and REQ in mask:
 * errno, or the returned mask and what the fields it covers say.  Only
 * what fits in SIZE is shown: the known bits of fields past it are left
 * in info_beyond, for a line of their own.  Bits the series does not know
 * show as "unknown=".  The buffer is INFO_MAX + 64 bytes of 0xa5:
 * "tail=written" if a byte past SIZE changed, "ext=..." the bytes past
 * our struct that came back non-zero.
 */
static const char *info_str(int pidfd, size_t size, __u64 req, pid_t child,
			    pid_t parent)
{
	static char buf[512];
	unsigned char raw[INFO_MAX + 64];
	struct oracle_info info;
	size_t i, n = 0;
	bool tail_ok = true, ext_zero = true;
	__u64 m, fit = 0, known = 0;

	info_beyond = 0;
	memset(raw, 0xa5, sizeof(raw));
	memcpy(raw, &req, sizeof(req));
	if (ioctl(pidfd, info_cmd(size), raw) < 0)
		return err(errno);
	for (i = size; i < sizeof(raw); i++)
		if (raw[i] != 0xa5)
			tail_ok = false;
	for (i = sizeof(info); i < size; i++)
		if (raw[i])
			ext_zero = false;
	memset(&info, 0, sizeof(info));
	memcpy(&info, raw, size < sizeof(info) ? size : sizeof(info));
	for (i = 0; i < ARRAY_SIZE(info_fields); i++) {
		known |= info_fields[i].bit;
		if (info_fields[i].end <= size)
			fit |= info_fields[i].bit;
	}
	info_beyond = info.mask & known & ~fit;
	m = info.mask & fit;
	n += snprintf(buf + n, sizeof(buf) - n, "mask=%#llx", (unsigned long long)m);
	if (info.mask & ~known)
		n += snprintf(buf + n, sizeof(buf) - n, " unknown=%#llx",
			      (unsigned long long)(info.mask & ~known));
	if (m & PIDFD_INFO_PID)
		n += snprintf(buf + n, sizeof(buf) - n,
			      " pid=%s tgid=%s ppid=%s", role(info.pid, child),
			      role(info.tgid, child),
			      info.ppid == (__u32)parent ? "parent" : role(info.ppid, child));
	if (m & PIDFD_INFO_CREDS)
		n += snprintf(buf + n, sizeof(buf) - n,
			      " uid=%u,%u,%u,%u gid=%u,%u,%u,%u",
			      info.ruid, info.euid, info.suid, info.fsuid,
			      info.rgid, info.egid, info.sgid, info.fsgid);
	if (m & PIDFD_INFO_CGROUPID)
		n += snprintf(buf + n, sizeof(buf) - n, " cgroupid=%s",
			      info.cgroupid ? "set" : "0");
	if (m & PIDFD_INFO_EXIT)
		n += snprintf(buf + n, sizeof(buf) - n, " exit=%s",
			      status_str(info.exit_code));
	if (m & PIDFD_INFO_COREDUMP)
		n += snprintf(buf + n, sizeof(buf) - n, " coredump_mask=%#x",
			      info.coredump_mask);
	if (m & PIDFD_INFO_COREDUMP_SIGNAL)
		n += snprintf(buf + n, sizeof(buf) - n, " coredump_signal=%s",
			      sig(info.coredump_signal));
	if (m & PIDFD_INFO_COREDUMP_CODE)
		n += snprintf(buf + n, sizeof(buf) - n, " coredump_code=%d",
			      (int)info.coredump_code);
	if (m & PIDFD_INFO_SUPPORTED_MASK)
		n += snprintf(buf + n, sizeof(buf) - n, " supported=%#llx",
			      (unsigned long long)info.supported_mask);
	if (!tail_ok)
		n += snprintf(buf + n, sizeof(buf) - n, " tail=written");
	if (!ext_zero) {
		n += snprintf(buf + n, sizeof(buf) - n, " ext=");
		for (i = sizeof(info); i < size && n < sizeof(buf) - 3; i++)
			n += snprintf(buf + n, sizeof(buf) - n, "%02x", raw[i]);
	}
	return buf;
}

/*
 * What PIDFD_GET_INFO says about PIDFD in STATE: every size from 0 to
 * INFO_MAX with every bit asked for, each followed by a "beyond" line
 * (the mask bits returned for fields past the size), then each mask bit
 * alone at PIDFD_INFO_SIZE_VER3.
 */
static void info_sweep(const char *state, int pidfd, pid_t child, pid_t parent)
{
	static const int bits[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 31, 32, 63 };
	size_t size, i;

	out("%s poll: %s", state, poll_str(pidfd, 0));
	for (size = 0; size <= INFO_MAX; size++) {
		out("%s info size=%zu req=all: %s", state, size,
		    info_str(pidfd, size, ~0ULL, child, parent));
		out("%s info size=%zu req=all beyond: %#llx", state, size,
		    (unsigned long long)info_beyond);
	}
	for (i = 0; i < ARRAY_SIZE(bits); i++)
		out("%s info size=%d req=bit%d: %s", state, PIDFD_INFO_SIZE_VER3,
		    bits[i], info_str(pidfd, PIDFD_INFO_SIZE_VER3,
				      1ULL << bits[i], child, parent));
	out("%s info size=%d req=0: %s", state, PIDFD_INFO_SIZE_VER3,
	    info_str(pidfd, PIDFD_INFO_SIZE_VER3, 0, child, parent));
}

/* One line: PIDFD_GET_INFO at the uapi's size, everything asked for. */
static void info_line(const char *what, int pidfd, pid_t child, pid_t parent)
{
	out("%s: %s", what, info_str(pidfd, PIDFD_INFO_SIZE_VER3, ~0ULL, child,
				     parent));
}

/* ------------------------------------------------------------------ */
/* Scenario plumbing */

static void run(const char *name, void (*fn)(void))
{
	pid_t pid;
	int st;

	pid = fork();
	if (pid < 0) {
		out("fork %s: %s", name, err(errno));
		return;
	}
	if (pid == 0) {
		scen = name;
		alarm(SCENARIO_SECS);
		fn();
		_exit(0);
	}
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		out("%s ended: %s", name, status_str(st));
	/* CLONE_PARENT children of the scenario are ours to reap. */
	while (waitpid(-1, &st, WNOHANG | __WALL) > 0)
		;
	drain_signals();
}

static void become_nobody(void)
{
	if (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
	    setresuid(NOBODY, NOBODY, NOBODY)) {
		out("setresuid: %s", err(errno));
		_exit(1);
	}
}

/* A child that blocks in read() on FD until its writer is closed, then exits CODE. */
static __noreturn void wait_then_exit(int fd, int code)
{
	char c;

	while (read(fd, &c, 1) > 0)
		;
	_exit(code);
}

static bool read_file(const char *path, char *buf, size_t len);

/* ------------------------------------------------------------------ */
/* The clone3() flag matrix */

static void flags_str(__u64 f, char *buf, size_t len)
{
	static const struct { __u64 bit; const char *name; } names[] = {
		{ CLONE_AUTOREAP, "AUTOREAP" }, { CLONE_NNP, "NNP" },
		{ CLONE_PIDFD_AUTOKILL, "AUTOKILL" }, { CLONE_PIDFD, "PIDFD" },
		{ CLONE_THREAD, "THREAD" }, { CLONE_SIGHAND, "SIGHAND" },
		{ CLONE_VM, "VM" }, { CLONE_PARENT, "PARENT" },
		{ CLONE_VFORK, "VFORK" },
	};
	size_t i, n = 0;

	buf[0] = 0;
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (f & names[i].bit)
			n += snprintf(buf + n, len - n, "%s%s", n ? "+" : "",
				      names[i].name);
	if (!n)
		snprintf(buf, len, "0");
}

/* After a successful clone3_exit0(): how the child's end shows. */
static void matrix_collect(const char *key, pid_t pid, int pidfd, __u64 flags)
{
	const char *w, *p = "-";
	int fd;

	if (pidfd >= 0) {
		p = wait_exit(pidfd, flags & (CLONE_AUTOREAP | CLONE_THREAD));
		w = waitid_pidfd_str(pidfd, WEXITED | __WALL | WNOHANG);
		close(pidfd);
	} else if (flags & CLONE_THREAD) {
		w = "-";
	} else if (flags & CLONE_PARENT) {
		w = waitpid_str(pid, WNOHANG | __WALL);
	} else if (flags & CLONE_AUTOREAP) {
		/* No pidfd was asked for: take one if it is not gone yet. */
		fd = sys_pidfd_open(pid, 0);
		if (fd >= 0) {
			poll_str(fd, POLL_MS);
			close(fd);
		}
		w = waitpid_str(pid, WNOHANG | __WALL);
	} else {
		w = waitpid_str(pid, __WALL);
	}
	/* The thread's signal is none; a process's comes with its exit. */
	out("%s: ok poll=%s wait=%s signal=%s", key, p, w,
	    flags & CLONE_THREAD ? "-" : pending_str());
}

static void matrix(const char *user)
{
	static const struct { const char *name; __u64 flags; } extras[] = {
		{ "-", 0 },
		{ "THREAD", CLONE_THREAD | CLONE_SIGHAND | CLONE_VM },
		{ "PARENT", CLONE_PARENT },
		{ "VFORK", CLONE_VFORK },
	};
	static const int sigs[] = { 0, SIGCHLD, SIGUSR1 };
	static const __u64 news[] = { CLONE_AUTOREAP, CLONE_NNP, CLONE_PIDFD_AUTOKILL };
	static char stack[65536] __attribute__((aligned(16)));
	size_t e, s, n, i;
	int with_pidfd;

	for (e = 0; e < ARRAY_SIZE(extras); e++)
	for (s = 0; s < ARRAY_SIZE(sigs); s++)
	for (with_pidfd = 0; with_pidfd < 2; with_pidfd++)
	for (n = 0; n < 8; n++) {
		struct clone_args_ver0 args = {};
		char fl[128], key[192];
		int pidfd = -1;
		long pid;

		args.flags = extras[e].flags | (with_pidfd ? CLONE_PIDFD : 0);
		for (i = 0; i < ARRAY_SIZE(news); i++)
			if (n & (1 << i))
				args.flags |= news[i];
		args.pidfd = (__u64)(uintptr_t)&pidfd;
		args.exit_signal = sigs[s];
		if (args.flags & CLONE_VM) {
			args.stack = (__u64)(uintptr_t)stack;
			args.stack_size = sizeof(stack);
		}
		flags_str(args.flags, fl, sizeof(fl));
		snprintf(key, sizeof(key), "%s flags=%s exit_signal=%s", user, fl,
			 sig(sigs[s]));
		pid = clone3_exit0(&args);
		if (pid < 0) {
			out("%s: %s", key, err(-pid));
			continue;
		}
		matrix_collect(key, pid, pidfd, args.flags);
	}
}

static void scen_matrix_root(void)
{
	matrix("root");
}

static void scen_matrix_nobody(void)
{
	char status[4096], *cap;

	become_nobody();
	if (read_file("/proc/self/status", status, sizeof(status)) &&
	    (cap = strstr(status, "CapEff:"))) {
		cap[strcspn(cap, "\n")] = 0;
		out("nobody CapEff: %s", cap + strspn(cap + 7, " \t") + 7);
	}
	matrix("nobody");
}

/* The legacy clone() cannot pass the new flags: they are above 32 bits. */
static void scen_clone_legacy(void)
{
	out("CLONE_AUTOREAP=%#llx CLONE_NNP=%#llx CLONE_PIDFD_AUTOKILL=%#llx",
	    (unsigned long long)CLONE_AUTOREAP, (unsigned long long)CLONE_NNP,
	    (unsigned long long)CLONE_PIDFD_AUTOKILL);
}

/* ------------------------------------------------------------------ */
/* PIDFD_GET_INFO over a child's life */

static void scen_info_exit(void)
{
	int pidfd = -1, p[2], fd;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return out("pipe: %s", err(errno));
	pid = spawn(CLONE_PIDFD, SIGCHLD, &pidfd);
	if (pid < 0)
		return out("clone3: %s", err(errno));
	if (pid == 0) {
		close(p[1]);
		wait_then_exit(p[0], 7);
	}
	close(p[0]);
	info_sweep("live", pidfd, pid, getpid());
	out("live null: %s", ioctl(pidfd, PIDFD_GET_INFO, NULL) < 0 ? err(errno) : "ok");
	out("live badptr: %s", ioctl(pidfd, PIDFD_GET_INFO, (void *)8) < 0 ?
	    err(errno) : "ok");
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	out("devnull: %s", ioctl(fd, PIDFD_GET_INFO, NULL) < 0 ? err(errno) : "ok");
	close(fd);

	close(p[1]);
	out("zombie waitid-nowait: %s",
	    waitid_pidfd_str(pidfd, WEXITED | WNOWAIT | __WALL));
	info_sweep("zombie", pidfd, pid, getpid());
	out("reap: %s signal=%s", waitpid_str(pid, __WALL), pending_str());
	info_sweep("reaped", pidfd, pid, getpid());

	/* A pidfd opened before the reap of a second child, and one after. */
	pid = spawn(CLONE_PIDFD, SIGCHLD, &pidfd);
	if (pid == 0)
		_exit(9);
	fd = sys_pidfd_open(pid, 0);
	out("reaped2 reap: %s", waitpid_str(pid, __WALL));
	info_line("reaped2 clone3-pidfd", pidfd, pid, getpid());
	info_line("reaped2 pidfd_open-before", fd, pid, getpid());
	close(pidfd);
	close(fd);
}

static void scen_info_autoreap(void)
{
	int pidfd = -1, p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return out("pipe: %s", err(errno));
	pid = spawn(CLONE_PIDFD | CLONE_AUTOREAP, 0, &pidfd);
	if (pid < 0)
		return out("clone3: %s", err(errno));
	if (pid == 0) {
		close(p[1]);
		wait_then_exit(p[0], 7);
	}
	close(p[0]);
	info_sweep("autoreap-live", pidfd, pid, getpid());
	close(p[1]);
	out("autoreap poll: %s", wait_exit(pidfd, true));
	info_sweep("autoreaped", pidfd, pid, getpid());
	out("autoreaped waitid: %s", waitid_pidfd_str(pidfd, WEXITED | __WALL | WNOHANG));
	out("autoreaped waitpid: %s", waitpid_str(pid, __WALL | WNOHANG));
	out("autoreaped signal: %s", pending_str());
}

static void scen_info_signaled(void)
{
	int pidfd = -1, p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return out("pipe: %s", err(errno));
	pid = spawn(CLONE_PIDFD, SIGCHLD, &pidfd);
	if (pid == 0) {
		close(p[1]);
		wait_then_exit(p[0], 7);
	}
	close(p[0]);
	out("kill: %s", kill(pid, SIGTERM) ? err(errno) : "ok");
	out("zombie waitid-nowait: %s",
	    waitid_pidfd_str(pidfd, WEXITED | WNOWAIT | __WALL));
	info_sweep("signaled-zombie", pidfd, pid, getpid());
	out("reap: %s", waitpid_str(pid, __WALL));
	info_sweep("signaled-reaped", pidfd, pid, getpid());
	close(p[1]);

	/* The same through an autoreap child. */
	pid = spawn(CLONE_PIDFD | CLONE_AUTOREAP, 0, &pidfd);
	if (pid == 0) {
		pause();
		_exit(1);
	}
	out("autoreap kill: %s", syscall(__NR_pidfd_send_signal, pidfd, SIGTERM,
					 NULL, 0) ? err(errno) : "ok");
	out("autoreap poll: %s", wait_exit(pidfd, true));
	info_sweep("signaled-autoreaped", pidfd, pid, getpid());
}

/*
 * The coredump mask through a child's life when it is not dumpable
 * (PR_SET_DUMPABLE 0) and when it is: live, zombie, reaped.  No dump.
 */
static void scen_info_dumpable(void)
{
	static const int modes[] = { 0, 1 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		char key[64];
		int pidfd = -1, p[2], ready[2];
		pid_t pid;
		char c;

		if (pipe2(p, O_CLOEXEC) || pipe2(ready, O_CLOEXEC))
			return out("pipe: %s", err(errno));
		pid = spawn(CLONE_PIDFD, SIGCHLD, &pidfd);
		if (pid < 0)
			return out("clone3: %s", err(errno));
		if (pid == 0) {
			close(p[1]);
			prctl(PR_SET_DUMPABLE, modes[i]);
			if (write(ready[1], "r", 1) != 1)
				_exit(1);
			wait_then_exit(p[0], 0);
		}
		close(p[0]);
		close(ready[1]);
		if (read(ready[0], &c, 1) != 1)
			return out("child not ready");
		snprintf(key, sizeof(key), "dumpable=%d live", modes[i]);
		info_line(key, pidfd, pid, getpid());
		close(p[1]);
		waitid_pidfd_str(pidfd, WEXITED | WNOWAIT | __WALL);
		snprintf(key, sizeof(key), "dumpable=%d zombie", modes[i]);
		info_line(key, pidfd, pid, getpid());
		waitpid(pid, NULL, __WALL);
		snprintf(key, sizeof(key), "dumpable=%d reaped", modes[i]);
		info_line(key, pidfd, pid, getpid());
		close(pidfd);
		close(ready[0]);
		drain_signals();
	}
}

/* ------------------------------------------------------------------ */
/* Core dumps, to a file in a tmpfs and to a pipe helper */

static char core_dir[64];

static bool write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return false;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s);
}

static bool read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return false;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return false;
	buf[n] = 0;
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = 0;
	return true;
}

static int count_cores(void)
{
	struct dirent *d;
	DIR *dir = opendir(core_dir);
	int n = 0;

	if (!dir)
		return -1;
	while ((d = readdir(dir)))
		if (!strncmp(d->d_name, "core", 4))
			n++;
	closedir(dir);
	return n;
}

static __noreturn void crash(void)
{
	struct rlimit r = { RLIM_INFINITY, RLIM_INFINITY };
	volatile int *volatile null = NULL;

	setrlimit(RLIMIT_CORE, &r);
	prctl(PR_SET_DUMPABLE, 1);
	*null = 0;			/* SIGSEGV, si_code SEGV_MAPERR */
	_exit(1);
}

/* A child that dumps core; its states through PIDFD_GET_INFO. */
static void dump_one(const char *what, __u64 flags)
{
	char key[64];
	int pidfd = -1;
	pid_t pid;

	pid = spawn(CLONE_PIDFD | flags, flags & CLONE_AUTOREAP ? 0 : SIGCHLD, &pidfd);
	if (pid < 0)
		return out("%s clone3: %s", what, err(errno));
	if (pid == 0)
		crash();
	if (flags & CLONE_AUTOREAP) {
		out("%s poll: %s", what, wait_exit(pidfd, true));
	} else {
		out("%s zombie waitid-nowait: %s", what,
		    waitid_pidfd_str(pidfd, WEXITED | WNOWAIT | __WALL));
		snprintf(key, sizeof(key), "%s-zombie", what);
		info_sweep(key, pidfd, pid, getpid());
		out("%s reap: %s", what, waitpid_str(pid, __WALL));
	}
	snprintf(key, sizeof(key), "%s-reaped", what);
	info_sweep(key, pidfd, pid, getpid());
	close(pidfd);
}

/* Copy this program to a new file @path, mode 0755. */
static bool copy_self(const char *path)
{
	int in = open("/proc/self/exe", O_RDONLY | O_CLOEXEC), fd;
	bool ok = false;
	char buf[65536];
	ssize_t n = -1;

	if (in < 0)
		return false;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
	if (fd >= 0) {
		while ((n = read(in, buf, sizeof(buf))) > 0)
			if (write(fd, buf, n) != n)
				break;
		ok = n == 0;
		if (close(fd))
			ok = false;
	}
	close(in);
	return ok;
}

static void scen_coredump(void)
{
	char old[256], oldlimit[32], pattern[512], helper[256];
	int rc;

	snprintf(core_dir, sizeof(core_dir), "/var/tmp/pidfd-oracle.XXXXXX");
	if (!mkdtemp(core_dir))
		return out("mkdtemp: %s", err(errno));
	if (mount("oracle", core_dir, "tmpfs", 0, "mode=0755")) {
		out("mount tmpfs: %s", err(errno));
		rmdir(core_dir);
		return;
	}
	if (!read_file("/proc/sys/kernel/core_pattern", old, sizeof(old)) ||
	    !read_file("/proc/sys/kernel/core_pipe_limit", oldlimit, sizeof(oldlimit))) {
		out("core_pattern: cannot read");
		goto out_umount;
	}

	/* A live child: what a dump would be. */
	{
		int pidfd = -1, p[2];
		pid_t pid;

		if (pipe2(p, O_CLOEXEC))
			goto out_umount;
		pid = spawn(CLONE_PIDFD, SIGCHLD, &pidfd);
		if (pid == 0) {
			close(p[1]);
			wait_then_exit(p[0], 0);
		}
		close(p[0]);
		info_line("live dumpable", pidfd, pid, getpid());
		close(p[1]);
		waitpid(pid, NULL, __WALL);
		close(pidfd);
		drain_signals();
	}

	snprintf(pattern, sizeof(pattern), "%s/core", core_dir);
	if (!write_file("/proc/sys/kernel/core_pattern", pattern)) {
		out("core_pattern: cannot write");
		goto out_restore;
	}
	dump_one("file", 0);
	out("file cores: %d", count_cores());
	dump_one("file-autoreap", CLONE_AUTOREAP);
	out("file-autoreap cores: %d", count_cores());

	/*
	 * A pipe helper, waited for (core_pipe_limit 1): a copy of this
	 * program in core_dir, so that core_pattern (128 bytes, split at
	 * spaces) holds it whatever path the program was started from.
	 */
	snprintf(pattern, sizeof(pattern), "%s/h", core_dir);
	if (!copy_self(pattern)) {
		out("copy helper: %s", err(errno));
		goto out_restore;
	}
	snprintf(pattern, sizeof(pattern), "|%s/h --core-helper %s %%F", core_dir, core_dir);
	if (!write_file("/proc/sys/kernel/core_pattern", pattern) ||
	    !write_file("/proc/sys/kernel/core_pipe_limit", "1")) {
		out("core_pattern: cannot write pipe");
		goto out_restore;
	}
	dump_one("pipe", 0);
	snprintf(pattern, sizeof(pattern), "%s/helper", core_dir);
	out("pipe helper: %s", read_file(pattern, helper, sizeof(helper)) ?
	    helper : "no report");
	unlink(pattern);
	dump_one("pipe-autoreap", CLONE_AUTOREAP);
	out("pipe-autoreap helper: %s", read_file(pattern, helper, sizeof(helper)) ?
	    helper : "no report");

out_restore:
	rc = write_file("/proc/sys/kernel/core_pattern", old) &&
	     write_file("/proc/sys/kernel/core_pipe_limit", oldlimit);
	out("core_pattern restored: %s", rc ? "yes" : "NO");
out_umount:
	umount2(core_dir, MNT_DETACH);
	rmdir(core_dir);
}

/* core_pattern's helper: what the dumping process's pidfd (fd 3) says now. */
static int core_helper(const char *dir)
{
	char path[256], buf[65536];
	int fd;

	scen = "helper";
	snprintf(path, sizeof(path), "%s/helper", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd >= 0) {
		dprintf(fd, "%s", info_str(3, PIDFD_INFO_SIZE_VER3,
					   PIDFD_INFO_COREDUMP | PIDFD_INFO_COREDUMP_SIGNAL |
					   PIDFD_INFO_COREDUMP_CODE | PIDFD_INFO_EXIT,
					   -1, -1));
		close(fd);
	}
	while (read(STDIN_FILENO, buf, sizeof(buf)) > 0)
		;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Autoreap: waiting, signals, exec, ptrace, reparenting */

static void scen_autoreap_wait(void)
{
	int pidfd = -1;
	pid_t pid;

	pid = spawn(CLONE_PIDFD | CLONE_AUTOREAP, 0, &pidfd);
	if (pid < 0)
		return out("clone3: %s", err(errno));
	if (pid == 0)
		_exit(3);
	out("poll: %s", wait_exit(pidfd, true));
	info_line("info", pidfd, pid, getpid());
	out("waitid P_PIDFD: %s", waitid_pidfd_str(pidfd, WEXITED | __WALL | WNOHANG));
	out("waitpid pid: %s", waitpid_str(pid, __WALL | WNOHANG));
	out("waitpid any: %s", waitpid_str(-1, __WALL));
	out("signal: %s", pending_str());
	close(pidfd);

	/* Without a pidfd: fire and forget; a sibling that is waited for. */
	pid = spawn(CLONE_AUTOREAP, 0, NULL);
	if (pid == 0)
		_exit(3);
	pid = spawn(0, SIGCHLD, NULL);
	if (pid == 0)
		_exit(4);
	out("no-pidfd sibling waitpid any: %s", waitpid_str(-1, __WALL));
	out("no-pidfd signal: %s", pending_str());
}

/*
 * Right after poll() reports an autoreap child readable, is its exit
 * status in PIDFD_GET_INFO?  ROUNDS children, each exiting at once.
 */
#define ROUNDS 300
static void scen_autoreap_window(void)
{
	int i, missing = 0, bad = 0;

	for (i = 0; i < ROUNDS; i++) {
		struct oracle_info info = { .mask = PIDFD_INFO_EXIT };
		int pidfd = -1;
		pid_t pid;

		pid = spawn(CLONE_PIDFD | CLONE_AUTOREAP, 0, &pidfd);
		if (pid < 0) {
			bad++;
			continue;
		}
		if (pid == 0)
			_exit(5);
		if (!strstr(poll_str(pidfd, POLL_MS), "IN")) {
			bad++;
		} else if (ioctl(pidfd, info_cmd(sizeof(info)), &info) < 0 ||
			   !(info.mask & PIDFD_INFO_EXIT)) {
			missing++;
		} else if (info.exit_code != W_EXITCODE(5, 0)) {
			bad++;
		}
		close(pidfd);
	}
	out("exit info after POLLIN: %s%s", missing ? "missing sometimes" : "always there",
	    bad ? " (other failures)" : "");
}

static void scen_autoreap_exec(void)
{
	int pidfd = -1;
	pid_t pid;

	pid = spawn(CLONE_PIDFD | CLONE_AUTOREAP, 0, &pidfd);
	if (pid == 0) {
		execl(self_exe, "pidfd-oracle", "--exit", "5", (char *)NULL);
		_exit(127);
	}
	out("autoreap poll: %s", wait_exit(pidfd, true));
	info_line("autoreap info", pidfd, pid, getpid());
	out("autoreap waitpid: %s", waitpid_str(-1, __WALL));
	out("autoreap signal: %s", pending_str());
	close(pidfd);

	/* An ordinary child with exit_signal SIGUSR1: exec resets it to SIGCHLD. */
	pid = spawn(CLONE_PIDFD, SIGUSR1, &pidfd);
	if (pid == 0) {
		execl(self_exe, "pidfd-oracle", "--exit", "6", (char *)NULL);
		_exit(127);
	}
	out("sigusr1 zombie waitid-nowait: %s",
	    waitid_pidfd_str(pidfd, WEXITED | WNOWAIT | __WALL));
	out("sigusr1 signal: %s", pending_str());
	out("sigusr1 waitpid: %s", waitpid_str(pid, __WALL));
	close(pidfd);
}

static void scen_autoreap_ptrace(void)
{
	int pidfd = -1, p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return out("pipe: %s", err(errno));
	pid = spawn(CLONE_PIDFD | CLONE_AUTOREAP, 0, &pidfd);
	if (pid == 0) {
		close(p[1]);
		wait_then_exit(p[0], 4);
	}
	close(p[0]);
	out("parent seize: %s", ptrace(PTRACE_SEIZE, pid, 0, 0) ? err(errno) : "ok");
	close(p[1]);
	out("parent waitid-nowait: %s", ({
		siginfo_t si = {};
		waitid(P_PID, pid, &si, WEXITED | WNOWAIT | __WALL) < 0 ? err(errno) :
		si.si_code == CLD_EXITED ? status_str(W_EXITCODE(si.si_status, 0)) :
		"other"; }));
	out("traced zombie poll: %s", poll_str(pidfd, 0));
	info_line("traced zombie info", pidfd, pid, getpid());
	out("tracer waitpid: %s", waitpid_str(pid, __WALL));
	out("after poll: %s", wait_exit(pidfd, true));
	info_line("after info", pidfd, pid, getpid());
	out("after waitpid: %s", waitpid_str(pid, __WALL | WNOHANG));
	out("after signal: %s", pending_str());
	close(pidfd);
}

/* The tracer is another process: the real parent learns of nothing. */
static void scen_autoreap_ptrace_other(void)
{
	int pidfd = -1, p[2], ready[2], done[2], hold[2];
	pid_t pid, tracer;
	char c = 0;

	if (pipe2(p, O_CLOEXEC) || pipe2(ready, O_CLOEXEC) || pipe2(done, O_CLOEXEC) ||
	    pipe2(hold, O_CLOEXEC))
		return out("pipe: %s", err(errno));
	pid = spawn(CLONE_PIDFD | CLONE_AUTOREAP, 0, &pidfd);
	if (pid == 0) {
		close(p[1]);
		wait_then_exit(p[0], 4);
	}
	close(p[0]);
	tracer = fork();
	if (tracer == 0) {
		scen = "autoreap-ptrace-other tracer";
		close(p[1]);
		out("seize: %s", ptrace(PTRACE_SEIZE, pid, 0, 0) ? err(errno) : "ok");
		if (write(ready[1], &c, 1) != 1)
			_exit(1);
		out("waitpid: %s", waitpid_str(pid, __WALL));
		if (write(done[1], &c, 1) != 1)
			_exit(1);
		close(hold[1]);
		wait_then_exit(hold[0], 0);
	}
	close(hold[0]);
	if (read(ready[0], &c, 1) != 1)
		return out("tracer: not ready");
	close(p[1]);
	if (read(done[0], &c, 1) != 1)
		return out("tracer: not done");
	out("parent signal: %s", pending_str());
	out("parent poll: %s", wait_exit(pidfd, true));
	info_line("parent info", pidfd, pid, getpid());
	out("parent waitpid child: %s", waitpid_str(pid, __WALL | WNOHANG));
	close(hold[1]);
	out("parent waitpid tracer: %s", waitpid_str(tracer, __WALL));
	out("parent waitpid any: %s", waitpid_str(-1, __WALL | WNOHANG));
	close(pidfd);
}

static void scen_autoreap_subreaper(void)
{
	int p[2], pp[2], hold[2], pidfd;
	pid_t mid, pid, me = getpid();

	out("set subreaper: %s", prctl(PR_SET_CHILD_SUBREAPER, 1) ? err(errno) : "ok");
	if (pipe2(p, O_CLOEXEC) || pipe2(pp, O_CLOEXEC) || pipe2(hold, O_CLOEXEC))
		return out("pipe: %s", err(errno));
	mid = fork();
	if (mid == 0) {
		close(p[0]);
		close(hold[1]);
		pid = spawn(CLONE_AUTOREAP, 0, NULL);
		if (pid == 0)
			wait_then_exit(hold[0], 6);
		if (write(pp[1], &pid, sizeof(pid)) != sizeof(pid))
			_exit(1);
		_exit(0);
	}
	close(hold[0]);
	if (read(pp[0], &pid, sizeof(pid)) != sizeof(pid))
		return out("middle: no pid");
	pidfd = sys_pidfd_open(pid, 0);
	out("middle: %s", waitpid_str(mid, __WALL));
	out("middle signal: %s", pending_str());
	info_line("grandchild live info", pidfd, pid, me);
	close(hold[1]);
	out("grandchild poll: %s", wait_exit(pidfd, true));
	info_line("grandchild info", pidfd, pid, me);
	out("waitpid any: %s", waitpid_str(-1, __WALL));
	out("signal: %s", pending_str());
	close(pidfd);
}

/* ------------------------------------------------------------------ */
/* CLONE_NNP, CLONE_PIDFD_AUTOKILL */

static void scen_nnp(void)
{
	int pidfd = -1;
	pid_t pid;

	out("parent before: %d", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	pid = spawn(CLONE_PIDFD | CLONE_NNP, SIGCHLD, &pidfd);
	if (pid == 0)
		_exit(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	out("child: %s", waitpid_str(pid, __WALL));
	close(pidfd);
	pid = spawn(CLONE_PIDFD | CLONE_NNP | CLONE_AUTOREAP, 0, &pidfd);
	if (pid == 0)
		_exit(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) + 10);
	out("autoreap poll: %s", wait_exit(pidfd, true));
	info_line("autoreap child", pidfd, pid, getpid());
	close(pidfd);
	out("parent after: %d", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	/* nnp survives exec: the exec'd program reports it too. */
	pid = spawn(CLONE_PIDFD | CLONE_NNP, SIGCHLD, &pidfd);
	if (pid == 0) {
		execl(self_exe, "pidfd-oracle", "--nnp", (char *)NULL);
		_exit(127);
	}
	out("exec child: %s", waitpid_str(pid, __WALL));
	close(pidfd);
}

/* A child that answers each byte on REQ with one on RESP; killed by its pidfd. */
struct pinger {
	pid_t pid;
	int pidfd;	/* the clone3() pidfd (AUTOKILL) */
	int watch;	/* pidfd_open()'s, which does not kill */
	int req, resp;
};

static bool autokill_spawn(struct pinger *pg, __u64 extra)
{
	int a[2], b[2];
	char c;

	if (pipe2(a, O_CLOEXEC) || pipe2(b, O_CLOEXEC))
		return false;
	pg->pidfd = -1;
	pg->pid = spawn(CLONE_PIDFD | CLONE_AUTOREAP | CLONE_PIDFD_AUTOKILL | extra,
			0, &pg->pidfd);
	if (pg->pid < 0) {
		out("clone3: %s", err(errno));
		return false;
	}
	if (pg->pid == 0) {
		close(a[1]);
		close(b[0]);
		while (read(a[0], &c, 1) == 1)
			if (write(b[1], &c, 1) != 1)
				break;
		pause();
		_exit(0);
	}
	close(a[0]);
	close(b[1]);
	pg->req = a[1];
	pg->resp = b[0];
	pg->watch = sys_pidfd_open(pg->pid, 0);
	return pg->watch >= 0;
}

static const char *ping(struct pinger *pg)
{
	char c = 'p';

	if (write(pg->req, &c, 1) != 1)
		return "no request";
	if (strcmp(poll_str(pg->resp, POLL_MS), "IN"))
		return "no reply";
	return read(pg->resp, &c, 1) == 1 ? "alive" : "dead";
}

static void autokill_end(struct pinger *pg, const char *what)
{
	out("%s watch poll: %s", what, wait_exit(pg->watch, true));
	info_line(what, pg->watch, pg->pid, getpid());
	out("%s waitpid: %s", what, waitpid_str(pg->pid, __WALL | WNOHANG));
	close(pg->watch);
	close(pg->req);
	close(pg->resp);
}

static void autokill(const char *who, __u64 extra)
{
	struct pinger pg;
	char key[64];
	pid_t f;
	int d, o, hold[2];

	if (!autokill_spawn(&pg, extra))
		return;
	snprintf(key, sizeof(key), "%s close", who);
	out("%s start: %s", who, ping(&pg));
	o = sys_pidfd_open(pg.pid, 0);
	close(o);
	out("%s pidfd_open closed: %s", who, ping(&pg));
	close(pg.pidfd);
	autokill_end(&pg, key);

	if (!autokill_spawn(&pg, extra))
		return;
	snprintf(key, sizeof(key), "%s dup", who);
	d = dup(pg.pidfd);
	close(pg.pidfd);
	out("%s first closed: %s", key, ping(&pg));
	close(d);
	autokill_end(&pg, key);

	if (!autokill_spawn(&pg, extra) || pipe2(hold, 0))
		return;
	snprintf(key, sizeof(key), "%s fork", who);
	f = fork();
	if (f == 0) {	/* holds a copy of the pidfd until hold is closed */
		close(hold[1]);
		wait_then_exit(hold[0], 0);
	}
	close(hold[0]);
	close(pg.pidfd);
	out("%s parent closed: %s", key, ping(&pg));
	close(hold[1]);
	waitpid(f, NULL, 0);
	drain_signals();
	autokill_end(&pg, key);

	/* The child exited first: closing the pidfd then does nothing. */
	if (!autokill_spawn(&pg, extra))
		return;
	snprintf(key, sizeof(key), "%s exited", who);
	close(pg.req);
	kill(pg.pid, SIGTERM);
	out("%s watch poll: %s", key, wait_exit(pg.watch, true));
	close(pg.pidfd);
	info_line(key, pg.watch, pg.pid, getpid());
	close(pg.watch);
	close(pg.resp);
}

static void scen_autokill_root(void)
{
	autokill("root", 0);
}

static void scen_autokill_nobody(void)
{
	become_nobody();
	autokill("nobody-nnp", CLONE_NNP);
}

/* ------------------------------------------------------------------ */

static const struct {
	const char *name;
	void (*fn)(void);
} scenarios[] = {
	{ "legacy", scen_clone_legacy },
	{ "matrix", scen_matrix_root },
	{ "matrix", scen_matrix_nobody },
	{ "info-exit", scen_info_exit },
	{ "info-autoreap", scen_info_autoreap },
	{ "info-signaled", scen_info_signaled },
	{ "info-dumpable", scen_info_dumpable },
	{ "coredump", scen_coredump },
	{ "autoreap-wait", scen_autoreap_wait },
	{ "autoreap-window", scen_autoreap_window },
	{ "autoreap-exec", scen_autoreap_exec },
	{ "autoreap-ptrace", scen_autoreap_ptrace },
	{ "autoreap-ptrace-other", scen_autoreap_ptrace_other },
	{ "autoreap-subreaper", scen_autoreap_subreaper },
	{ "nnp", scen_nnp },
	{ "autokill", scen_autokill_root },
	{ "autokill", scen_autokill_nobody },
};

int main(int argc, char **argv)
{
	sigset_t set;
	size_t i;

	if (argc == 3 && !strcmp(argv[1], "--exit"))
		return atoi(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "--nnp"))
		return prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
	if (argc >= 3 && !strcmp(argv[1], "--core-helper"))
		return core_helper(argv[2]);
	if (argc != 1) {
		fprintf(stderr, "usage: %s [--exit N | --core-helper DIR]\n", argv[0]);
		return 2;
	}
	if (geteuid() != 0) {
		fprintf(stderr, "pidfd-oracle: run it as root\n");
		return 2;
	}
	self_exe = realpath("/proc/self/exe", NULL);
	if (!self_exe)
		return 1;

	/* Exit signals are observed with sigpending(), never delivered. */
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	alarm(SCENARIO_SECS * 4);

	for (i = 0; i < ARRAY_SIZE(scenarios); i++)
		run(scenarios[i].name, scenarios[i].fn);
	out("done");
	return 0;
}
