// SPDX-License-Identifier: GPL-2.0
/*
 * pidfd-run - run a command as a child held by a pidfd
 *
 * Spawns a command with clone3(CLONE_PIDFD) and, on request, the pidfd
 * lifecycle flags CLONE_AUTOREAP, CLONE_NNP and CLONE_PIDFD_AUTOKILL,
 * waits for it by polling the pidfd and exits with its status the way a
 * shell does.  See pidfd-run.1.
 *
 * Only the kernel's uapi constants are used, with the fallbacks of
 * tools/include/pidfd-lifecycle.h, so that this builds against the patched
 * kernel's headers and against a distribution's older ones alike.
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <linux/ioctl.h>
#include <linux/sched.h>
#include <linux/types.h>

#include "pidfd-lifecycle.h"

/*
 * The version, written here only (the man page leaves it to --version); a
 * distribution may set its own with -DPIDFD_RUN_VERSION='"..."'.
 */
#ifndef PIDFD_RUN_VERSION
#define PIDFD_RUN_VERSION "1.2"
#endif

/*
 * What a kernel without the flags lacks, and where to get it.  A
 * distribution that ships the series in its kernel may say so here.
 */
#ifndef PIDFD_RUN_KERNEL_HINT
#define PIDFD_RUN_KERNEL_HINT \
	"a kernel with the pidfd lifecycle series for Linux 6.12 (patches/ in pidfd-run's source tree) or Linux 7.1 or later"
#endif

/*
 * pidfd-run's own exit statuses, as timeout(1), env(1) and nice(1) have
 * them, so that they are not taken for the command's: 124 when --timeout
 * killed the command (a plain 137 would look like any other SIGKILL, the
 * OOM killer's for one), 125 when pidfd-run itself fails, 126 when the command
 * was found but could not be run, 127 when it was not found.
 */
#define EXIT_TIMEDOUT		124
#define EXIT_RUN_FAILURE	125
#define EXIT_CANNOT_INVOKE	126
#define EXIT_ENOENT		127

/* Signals sent to pidfd-run that it passes on to the command (pass_on()). */
static const int forwarded[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2 };

struct options {
	bool autoreap;
	bool autoreap_implied;	/* by --autokill only */
	bool nnp;
	bool autokill;
	bool report;
	bool preserve_status;
	const char *timeout_arg;
	struct timespec timeout;
	char **argv;
};

/* How the command ended. */
struct outcome {
	int wstatus;		/* as waitpid() would have returned it */
	int exec_errno;		/* why exec failed, 0 if it did not */
	bool timed_out;		/* --timeout sent it SIGKILL */
	struct pidfd_info info;	/* info.mask == 0 if not available */
};

static void __noreturn show_help(void)
{
	printf("Usage:\n"
		" pidfd-run [options] [--] <command> [<argument>...]\n"
		"\n"
		"Run a command as a child held by a pidfd, with the clone3() pidfd\n"
		"lifecycle flags, and exit with its status.\n"
		"\n"
		"Options:\n"
		"     --autoreap        the kernel reaps the child at exit (CLONE_AUTOREAP)\n"
		"     --nnp             start the child with no_new_privs (CLONE_NNP)\n"
		"     --autokill        SIGKILL the child when pidfd-run goes away\n"
		"                         (CLONE_PIDFD_AUTOKILL, implies --autoreap)\n"
		" -r, --report          print how the child ended on stderr\n"
		" -t, --timeout <secs>  SIGKILL the child after <secs> seconds and exit 124\n"
		"     --preserve-status exit with the child's status (137) even when\n"
		"                         --timeout killed it, not 124\n"
		" -h, --help            display this help\n"
		" -V, --version         display the version and what this kernel supports\n"
		"\n"
		"For more details see pidfd-run(1).\n");
	exit(0);
}

/* A usage error: one line saying what is wrong, and where help is. */
static void __noreturn __attribute__((format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		vwarnx(fmt, ap);
		va_end(ap);
	}
	fprintf(stderr, "Try '%s --help' for more information.\n",
		program_invocation_short_name);
	exit(EXIT_RUN_FAILURE);
}

static pid_t sys_clone3(__u64 flags, int *pidfd)
{
	struct clone_args args;

	memset(&args, 0, sizeof(args));
	args.flags = flags | CLONE_PIDFD;
	args.pidfd = (__u64)(uintptr_t)pidfd;
	args.exit_signal = (flags & CLONE_AUTOREAP) ? 0 : SIGCHLD;
	return syscall(__NR_clone3, &args, CLONE_ARGS_SIZE_VER0);
}

static int sys_pidfd_send_signal(int pidfd, int sig)
{
	return syscall(__NR_pidfd_send_signal, pidfd, sig, NULL, 0);
}

/* "SIGTERM" for 15; NULL for a signal the C library has no name for */
static const char *signame(int sig)
{
	static char buf[32];
	const char *abbrev = sigabbrev_np(sig);

	if (!abbrev)
		return NULL;
	snprintf(buf, sizeof(buf), "SIG%s", abbrev);
	return buf;
}

/* si_code values; signo 0: valid with any signal. */
static const struct {
	int signo;
	int code;
	const char *name;
} sicodes[] = {
	{ 0, SI_USER, "SI_USER" },
	{ 0, SI_KERNEL, "SI_KERNEL" },
	{ 0, SI_QUEUE, "SI_QUEUE" },
	{ 0, SI_TIMER, "SI_TIMER" },
	{ 0, SI_MESGQ, "SI_MESGQ" },
	{ 0, SI_ASYNCIO, "SI_ASYNCIO" },
	{ 0, SI_SIGIO, "SI_SIGIO" },
	{ 0, SI_TKILL, "SI_TKILL" },
	{ SIGSEGV, SEGV_MAPERR, "SEGV_MAPERR" },
	{ SIGSEGV, SEGV_ACCERR, "SEGV_ACCERR" },
	{ SIGBUS, BUS_ADRALN, "BUS_ADRALN" },
	{ SIGBUS, BUS_ADRERR, "BUS_ADRERR" },
	{ SIGBUS, BUS_OBJERR, "BUS_OBJERR" },
	{ SIGILL, ILL_ILLOPC, "ILL_ILLOPC" },
	{ SIGILL, ILL_ILLOPN, "ILL_ILLOPN" },
	{ SIGILL, ILL_ILLADR, "ILL_ILLADR" },
	{ SIGILL, ILL_ILLTRP, "ILL_ILLTRP" },
	{ SIGILL, ILL_PRVOPC, "ILL_PRVOPC" },
	{ SIGILL, ILL_PRVREG, "ILL_PRVREG" },
	{ SIGILL, ILL_COPROC, "ILL_COPROC" },
	{ SIGILL, ILL_BADSTK, "ILL_BADSTK" },
	{ SIGFPE, FPE_INTDIV, "FPE_INTDIV" },
	{ SIGFPE, FPE_INTOVF, "FPE_INTOVF" },
	{ SIGFPE, FPE_FLTDIV, "FPE_FLTDIV" },
	{ SIGFPE, FPE_FLTOVF, "FPE_FLTOVF" },
	{ SIGFPE, FPE_FLTUND, "FPE_FLTUND" },
	{ SIGFPE, FPE_FLTRES, "FPE_FLTRES" },
	{ SIGFPE, FPE_FLTINV, "FPE_FLTINV" },
	{ SIGFPE, FPE_FLTSUB, "FPE_FLTSUB" },
	{ SIGTRAP, TRAP_BRKPT, "TRAP_BRKPT" },
	{ SIGTRAP, TRAP_TRACE, "TRAP_TRACE" },
};

static const char *sicode_name(int sig, int code)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sicodes); i++) {
		/* positive codes below SI_KERNEL depend on the signal */
		if (sicodes[i].code != code)
			continue;
		if (sicodes[i].signo == 0 || sicodes[i].signo == sig)
			return sicodes[i].name;
	}
	return NULL;
}

/* A positive number of seconds, integer or decimal: "5", "0.5", "2.25". */
static bool parse_timeout(const char *s, struct timespec *ts)
{
	unsigned long long secs = 0, nsecs = 0, scale = 100000000;
	bool digits = false;

	for (; *s >= '0' && *s <= '9'; s++) {
		digits = true;
		secs = secs * 10 + (*s - '0');
		if (secs > 100000000)	/* about three years is plenty */
			return false;
	}
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++) {
			digits = true;
			nsecs += (*s - '0') * scale;
			scale /= 10;
		}
	}
	if (!digits || *s || (secs == 0 && nsecs == 0))
		return false;
	ts->tv_sec = secs;
	ts->tv_nsec = nsecs;
	return true;
}

static void __noreturn show_version(void);

static void parse_options(int argc, char **argv, struct options *o)
{
	enum { OPT_AUTOREAP = CHAR_MAX + 1, OPT_NNP, OPT_AUTOKILL, OPT_PRESERVE_STATUS };
	static const struct option longopts[] = {
		{ "autoreap", no_argument, NULL, OPT_AUTOREAP },
		{ "nnp", no_argument, NULL, OPT_NNP },
		{ "autokill", no_argument, NULL, OPT_AUTOKILL },
		{ "report", no_argument, NULL, 'r' },
		{ "timeout", required_argument, NULL, 't' },
		{ "preserve-status", no_argument, NULL, OPT_PRESERVE_STATUS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	memset(o, 0, sizeof(*o));
	/* '+': options end at the command, as in setpriv */
	while ((c = getopt_long(argc, argv, "+rt:hV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_AUTOREAP:
			o->autoreap = true;
			break;
		case OPT_NNP:
			o->nnp = true;
			break;
		case OPT_AUTOKILL:
			o->autokill = true;
			break;
		case 'r':
			o->report = true;
			break;
		case OPT_PRESERVE_STATUS:
			o->preserve_status = true;
			break;
		case 't':
			if (!parse_timeout(optarg, &o->timeout))
				usage_error("invalid timeout '%s': expected a positive number of seconds",
					    optarg);
			o->timeout_arg = optarg;
			break;
		case 'h':
			show_help();
		case 'V':
			show_version();
		default:
			/* getopt_long() has said what is wrong */
			usage_error(NULL);
		}
	}
	if (optind >= argc)
		usage_error("no command given");
	if (o->autokill && !o->autoreap) {
		o->autoreap = true;
		o->autoreap_implied = true;
	}
	o->argv = argv + optind;
}

static __u64 clone_flags(const struct options *o)
{
	__u64 flags = 0;

	if (o->autoreap)
		flags |= CLONE_AUTOREAP;
	if (o->nnp)
		flags |= CLONE_NNP;
	if (o->autokill)
		flags |= CLONE_PIDFD_AUTOKILL;
	return flags;
}

/*
 * Does the kernel take these flags?  0 if it does, else clone3()'s errno.
 * A probe child exits at once and is reaped here before returning.
 */
static int probe_clone3(__u64 flags)
{
	struct pollfd pfd;
	int pidfd = -1;
	pid_t pid;

	pid = sys_clone3(flags, &pidfd);
	if (pid < 0)
		return errno;
	if (pid == 0)
		_exit(0);
	if (flags & CLONE_AUTOREAP) {
		/* the kernel reaps it; readable once it is gone */
		pfd.fd = pidfd;
		pfd.events = POLLIN;
		while (poll(&pfd, 1, -1) < 0 && errno == EINTR)
			;
	} else {
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	close(pidfd);
	return 0;
}

/* The lifecycle flags, each with what it cannot go without. */
static const struct {
	__u64 flag;
	__u64 needs;
	const char *name;
	const char *option;
} lifecycle_flags[] = {
	{ CLONE_AUTOREAP, 0, "CLONE_AUTOREAP", "--autoreap" },
	{ CLONE_NNP, 0, "CLONE_NNP", "--nnp" },
	{ CLONE_PIDFD_AUTOKILL, CLONE_AUTOREAP, "CLONE_PIDFD_AUTOKILL", "--autokill" },
};

/*
 * Does the kernel know lifecycle_flags[i]?  EPERM counts as known: the
 * flag is only not allowed to this caller (AUTOKILL without NNP).
 */
static bool flag_known(size_t i)
{
	int error = probe_clone3(lifecycle_flags[i].flag | lifecycle_flags[i].needs);

	return error == 0 || error == EPERM;
}

static const char *kernel_release(struct utsname *uts)
{
	if (uname(uts) < 0)
		snprintf(uts->release, sizeof(uts->release), "?");
	return uts->release;
}

/* --version: ours, and what this kernel supports */
static void __noreturn show_version(void)
{
	struct pidfd_info info;
	struct utsname uts;
	const char *info_state = "not supported";
	int pidfd;
	size_t i;

	printf("pidfd-run %s\n", PIDFD_RUN_VERSION);
	printf("kernel %s:\n", kernel_release(&uts));
	for (i = 0; i < ARRAY_SIZE(lifecycle_flags); i++)
		printf("  %-11s %-21s %s\n", lifecycle_flags[i].option,
		       lifecycle_flags[i].name,
		       flag_known(i) ? "supported" : "not supported");
	pidfd = syscall(__NR_pidfd_open, getpid(), 0);
	if (pidfd < 0) {
		info_state = "not supported (no pidfd_open)";
	} else {
		memset(&info, 0, sizeof(info));
		info.mask = PIDFD_INFO_EXIT;
		if (ioctl(pidfd, PIDFD_GET_INFO, &info) == 0)
			info_state = "supported";
		close(pidfd);
	}
	printf("  %-11s %-21s %s\n", "--report", "PIDFD_GET_INFO", info_state);
	exit(0);
}

/*
 * clone3() said EINVAL: find the first requested flag this kernel does not
 * know by trying each alone, with what it needs, and say how to fix it.
 */
static void __noreturn explain_einval(const struct options *o)
{
	__u64 wanted = clone_flags(o);
	struct utsname uts;
	const char *option;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(lifecycle_flags); i++) {
		if (!(wanted & lifecycle_flags[i].flag) || flag_known(i))
			continue;
		option = lifecycle_flags[i].option;
		if (lifecycle_flags[i].flag == CLONE_AUTOREAP && o->autoreap_implied)
			option = "--autokill";
		warnx("this kernel (%s) does not support %s (%s%s): clone3() fails with EINVAL",
		      kernel_release(&uts), lifecycle_flags[i].name,
		      option == lifecycle_flags[i].option ? "" : "implied by ", option);
		warnx("%s needs %s", option, PIDFD_RUN_KERNEL_HINT);
		exit(EXIT_RUN_FAILURE);
	}
	errx(EXIT_RUN_FAILURE,
	     "clone3() rejects this combination of flags (EINVAL) although each is supported");
}

static void __noreturn
clone_failed(const struct options *o, int error)
{
	switch (error) {
	case EINVAL:
		if (clone_flags(o))
			explain_einval(o);
		break;
	case EPERM:
		if (o->autokill && !o->nnp)
			errx(EXIT_RUN_FAILURE,
			     "CLONE_PIDFD_AUTOKILL without --nnp needs CAP_SYS_ADMIN; add --nnp");
		break;
	case ENOSYS:
		warnx("clone3() is not available on this kernel (ENOSYS): pidfd-run needs Linux 5.3 or later");
		if (clone_flags(o))
			warnx("--autoreap, --nnp and --autokill need %s", PIDFD_RUN_KERNEL_HINT);
		exit(EXIT_RUN_FAILURE);
	}
	errno = error;
	err(EXIT_RUN_FAILURE, "clone3");
}

static void __noreturn
run_child(char **argv, int errfd, const sigset_t *mask,
	  const struct sigaction *sigchld)
{
	ssize_t n;
	int error;

	/*
	 * The clone3() pidfd exists only in the parent: it is installed
	 * after the file table was copied, and is close-on-exec anyway, as
	 * are errfd and the signalfd.  So with --autokill, nothing but
	 * pidfd-run holds the file.
	 */
	sigaction(SIGCHLD, sigchld, NULL);
	sigprocmask(SIG_SETMASK, mask, NULL);
	execvp(argv[0], argv);
	error = errno;
	n = write(errfd, &error, sizeof(error));
	(void)n;
	/* as env(1) does: "not found" is 127, any other failure 126 */
	_exit(error == ENOENT ? EXIT_ENOENT : EXIT_CANNOT_INVOKE);
}

static struct timespec ts_sub(struct timespec a, struct timespec b)
{
	struct timespec d;

	d.tv_sec = a.tv_sec - b.tv_sec;
	d.tv_nsec = a.tv_nsec - b.tv_nsec;
	if (d.tv_nsec < 0) {
		d.tv_sec--;
		d.tv_nsec += 1000000000L;
	}
	return d;
}

/* Whether SIGKILL was sent: not if the child has just exited by itself. */
static bool kill_on_timeout(const struct options *o, int pidfd, pid_t pid)
{
	if (sys_pidfd_send_signal(pidfd, SIGKILL) < 0) {
		if (errno != ESRCH)
			err(EXIT_RUN_FAILURE, "pidfd_send_signal");
		return false;
	}
	warnx("pid %d still running after %s s: killed it with SIGKILL",
	      pid, o->timeout_arg);
	return true;
}

/*
 * Pass a signal on to the command through its pidfd, unless the kernel
 * sent the command its own copy.  A terminal sends SIGINT and SIGQUIT (its
 * keys) and SIGHUP (its session leader exits) to its whole foreground
 * process group, and the kernel marks these SI_KERNEL: if the command is
 * still in pidfd-run's process group, it has them already and a second
 * copy would be one too many.  The exception is the SIGHUP of a hangup,
 * which the kernel sends to the session leader alone: to pidfd-run, if it
 * leads its session.  Signals from kill() or sigqueue() are passed on,
 * since nothing tells whether they were sent to pidfd-run alone or to its
 * whole process group.  (With --autoreap, the pid may be another process's
 * once the command is gone; nothing reaches the command then anyway.)
 */
static void pass_on(int pidfd, pid_t pid, const struct signalfd_siginfo *ssi)
{
	if (ssi->ssi_code == SI_KERNEL &&
	    !(ssi->ssi_signo == SIGHUP && getsid(0) == getpid()) &&
	    getpgid(pid) == getpgrp())
		return;
	if (sys_pidfd_send_signal(pidfd, ssi->ssi_signo) < 0 && errno != ESRCH)
		warn("passing on signal %u", ssi->ssi_signo);
}

/*
 * Wait until the pidfd polls readable: the child has exited.  Returns
 * whether --timeout sent it SIGKILL.
 */
static bool wait_exit(const struct options *o, int pidfd, pid_t pid,
		      int sigfd)
{
	struct timespec deadline = { 0 }, now, left, *tsp = NULL;
	struct signalfd_siginfo ssi;
	struct pollfd pfd[2];
	bool killed = false;
	int n;

	pfd[0].fd = pidfd;
	pfd[0].events = POLLIN;
	pfd[1].fd = sigfd;
	pfd[1].events = POLLIN;
	if (o->timeout_arg) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		deadline.tv_sec = now.tv_sec + o->timeout.tv_sec;
		deadline.tv_nsec = now.tv_nsec + o->timeout.tv_nsec;
		if (deadline.tv_nsec >= 1000000000L) {
			deadline.tv_sec++;
			deadline.tv_nsec -= 1000000000L;
		}
		tsp = &left;
	}
	for (;;) {
		if (tsp) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			left = ts_sub(deadline, now);
			if (left.tv_sec < 0) {
				killed = kill_on_timeout(o, pidfd, pid);
				tsp = NULL;
				continue;
			}
		}
		n = ppoll(pfd, 2, tsp, NULL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err(EXIT_RUN_FAILURE, "poll");
		}
		if (pfd[0].revents)
			return killed;
		if (pfd[1].revents & POLLIN &&
		    read(sigfd, &ssi, sizeof(ssi)) == sizeof(ssi))
			pass_on(pidfd, pid, &ssi);
	}
}

static int get_info(int pidfd, struct pidfd_info *info)
{
	memset(info, 0, sizeof(*info));
	info->mask = PIDFD_INFO_EXIT | PIDFD_INFO_COREDUMP;
	return ioctl(pidfd, PIDFD_GET_INFO, info);
}

/* The child has exited: collect its status. */
static void collect(const struct options *o, int pidfd, struct outcome *out)
{
	siginfo_t si;
	int i;

	if (o->autoreap) {
		/*
		 * Nothing to wait for: the kernel reaped it and the pidfd
		 * has its exit status.  The series guarantees that it is
		 * there as soon as the pidfd polls readable; a kernel
		 * with a short window there (mainline 7.2) gets a second.
		 */
		for (i = 0; i < 1000; i++) {
			if (get_info(pidfd, &out->info) < 0)
				err(EXIT_RUN_FAILURE, "cannot get the exit status: ioctl(PIDFD_GET_INFO)");
			if (out->info.mask & PIDFD_INFO_EXIT)
				break;
			usleep(1000);
		}
		if (!(out->info.mask & PIDFD_INFO_EXIT))
			errx(EXIT_RUN_FAILURE, "the pidfd is readable but PIDFD_GET_INFO has no exit status");
		if (i && o->report)
			warnx("note: exit status seen %d ms after POLLIN", i);
		out->wstatus = out->info.exit_code;
		return;
	}

	memset(&si, 0, sizeof(si));
	while (waitid(PIDFD_LIFECYCLE_P_PIDFD, pidfd, &si, WEXITED) < 0)
		if (errno != EINTR)
			err(EXIT_RUN_FAILURE, "waitid");
	if (si.si_code == CLD_EXITED)
		out->wstatus = (si.si_status & 0xff) << 8;
	else
		out->wstatus = (si.si_status & 0x7f) |
			       (si.si_code == CLD_DUMPED ? 0x80 : 0);
	/* for --report's coredump details; older kernels have none */
	if (o->report && get_info(pidfd, &out->info) < 0)
		out->info.mask = 0;
}

static void report(pid_t pid, const struct outcome *out)
{
	const struct pidfd_info *info = &out->info;
	const char *name, *code;
	bool dumped;
	int sig;

	if (WIFEXITED(out->wstatus)) {
		fprintf(stderr, "%s: pid %d exited with status %d\n",
			program_invocation_short_name, pid,
			WEXITSTATUS(out->wstatus));
		return;
	}
	sig = WTERMSIG(out->wstatus);
	name = signame(sig);
	dumped = WCOREDUMP(out->wstatus) ||
		 ((info->mask & PIDFD_INFO_COREDUMP) &&
		  (info->coredump_mask & PIDFD_COREDUMPED));
	fprintf(stderr, "%s: pid %d killed by signal %d%s%s%s, %s",
		program_invocation_short_name, pid, sig,
		name ? " (" : "", name ? name : "", name ? ")" : "",
		dumped ? "core dumped" : "no core dump");
	if (info->mask & PIDFD_INFO_COREDUMP_CODE) {
		code = sicode_name(sig, (int)info->coredump_code);
		fprintf(stderr, ", si_code %d%s%s%s", (int)info->coredump_code,
			code ? " (" : "", code ? code : "", code ? ")" : "");
	}
	fputc('\n', stderr);
}

int main(int argc, char **argv)
{
	struct sigaction sigchld_dfl, sigchld_old;
	sigset_t fwd, oldmask;
	struct options o;
	struct outcome out;
	int errpipe[2], pidfd = -1, sigfd, error;
	pid_t pid;
	size_t i;

	parse_options(argc, argv, &o);
	memset(&out, 0, sizeof(out));

	/*
	 * An inherited SIG_IGN for SIGCHLD would make the kernel reap a
	 * plain child before waitid() can see it; the command gets the
	 * inherited disposition back before exec.
	 */
	memset(&sigchld_dfl, 0, sizeof(sigchld_dfl));
	sigchld_dfl.sa_handler = SIG_DFL;
	if (sigaction(SIGCHLD, &sigchld_dfl, &sigchld_old) < 0)
		err(EXIT_RUN_FAILURE, "sigaction");

	/* Signals meant for the command are read from a signalfd. */
	sigemptyset(&fwd);
	for (i = 0; i < ARRAY_SIZE(forwarded); i++)
		sigaddset(&fwd, forwarded[i]);
	if (sigprocmask(SIG_BLOCK, &fwd, &oldmask) < 0)
		err(EXIT_RUN_FAILURE, "sigprocmask");
	sigfd = signalfd(-1, &fwd, SFD_CLOEXEC);
	if (sigfd < 0)
		err(EXIT_RUN_FAILURE, "signalfd");

	/* exec's errno comes back here; EOF means exec succeeded */
	if (pipe2(errpipe, O_CLOEXEC) < 0)
		err(EXIT_RUN_FAILURE, "pipe");

	pid = sys_clone3(clone_flags(&o), &pidfd);
	if (pid < 0)
		clone_failed(&o, errno);
	if (pid == 0)
		run_child(o.argv, errpipe[1], &oldmask, &sigchld_old);
	close(errpipe[1]);

	out.timed_out = wait_exit(&o, pidfd, pid, sigfd);
	collect(&o, pidfd, &out);

	/* the child is gone, so is the pipe's write end: this cannot block */
	if (read(errpipe[0], &error, sizeof(error)) == sizeof(error))
		out.exec_errno = error;
	if (out.exec_errno)
		warnx("cannot run %s: %s", o.argv[0], strerror(out.exec_errno));
	if (o.report)
		report(pid, &out);

	if (WIFEXITED(out.wstatus))
		return WEXITSTATUS(out.wstatus);
	/*
	 * 124 as timeout(1) when --timeout's SIGKILL is what ended it; a
	 * child that was ending anyway as it came keeps its own status.
	 */
	if (out.timed_out && WTERMSIG(out.wstatus) == SIGKILL && !o.preserve_status)
		return EXIT_TIMEDOUT;
	return 128 + WTERMSIG(out.wstatus);
}
