// SPDX-License-Identifier: GPL-2.0
/*
 * seccomp-noclone3 - run a command on which clone3() fails
 *
 * usage: seccomp-noclone3 [-e ERRNO] CMD [ARG...]
 *
 * Installs a seccomp filter under which every clone3() fails with ERRNO
 * (default EINVAL, what a kernel says about clone3 flags it does not know)
 * and execs CMD.  test-pidfd-run.sh uses it to see what pidfd-run says on
 * a kernel without the pidfd lifecycle flags.  Other syscalls, clone()
 * included, are allowed: fork() works, pthread_create() does not.
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#ifndef __noreturn
#define __noreturn __attribute__((noreturn))
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#ifndef __NR_clone3
#define __NR_clone3 435
#endif

#if defined(__x86_64__)
#define AUDIT_ARCH_SELF AUDIT_ARCH_X86_64
#elif defined(__i386__)
#define AUDIT_ARCH_SELF AUDIT_ARCH_I386
#elif defined(__aarch64__)
#define AUDIT_ARCH_SELF AUDIT_ARCH_AARCH64
#elif defined(__riscv) && __riscv_xlen == 64
#define AUDIT_ARCH_SELF AUDIT_ARCH_RISCV64
#else
#error "seccomp-noclone3: add this architecture's AUDIT_ARCH_*"
#endif

static void __noreturn show_help(void)
{
	fprintf(stderr, "usage: seccomp-noclone3 [-e ERRNO] CMD [ARG...]\n");
	exit(2);
}

/* Every clone3() of this process and its descendants fails with @error. */
static void deny_clone3(unsigned int error)
{
	struct sock_filter filter[] = {
		/* another architecture's syscall numbers: let it be */
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_SELF, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone3, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | error),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
		.len = ARRAY_SIZE(filter),
		.filter = filter,
	};

	/* needed to install a filter without CAP_SYS_ADMIN */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		err(1, "prctl(PR_SET_NO_NEW_PRIVS)");
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
		err(1, "prctl(PR_SET_SECCOMP)");
}

int main(int argc, char **argv)
{
	unsigned long error = EINVAL;
	char *end;
	int opt;

	while ((opt = getopt(argc, argv, "+e:")) != -1) {
		switch (opt) {
		case 'e':
			error = strtoul(optarg, &end, 0);
			if (*end || !*optarg || error == 0 || error > 4095)
				errx(2, "invalid errno '%s'", optarg);
			break;
		default:
			show_help();
		}
	}
	if (optind >= argc)
		show_help();

	deny_clone3(error);
	execvp(argv[optind], argv + optind);
	err(127, "cannot run %s", argv[optind]);
}
