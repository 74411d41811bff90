/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The uapi of the pidfd lifecycle series, for this repository's programs
 * (tools/pidfd-run, bench/pidfd-bench).
 *
 * Include it after the system headers: every uapi name here is a fallback
 * used only when the headers the program is built against lack it, so that
 * the programs build against the patched kernel's uapi headers and against
 * a distribution's older ones alike.  The values are the ones of the series
 * (Documentation/userspace-api/pidfd_lifecycle.rst) and of mainline Linux,
 * each written once, as SERIES_<name>.
 *
 * The end of this file checks them at compile time: a name the headers
 * define must have the series' value, and struct pidfd_info, the headers'
 * or the fallback, the documented layout.  <linux/pidfd.h> itself is not
 * included: it clashes with glibc's <fcntl.h>.  tools/pidfd-run/uapi-check.c
 * includes it and <linux/sched.h> alone, before this file, so that building
 * pidfd-run checks the fallbacks against the headers in KHDR_INCLUDES.
 */
#ifndef PIDFD_LIFECYCLE_H
#define PIDFD_LIFECYCLE_H

#include <stddef.h>
#include <linux/ioctl.h>
#include <linux/types.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
#ifndef __noreturn
#define __noreturn __attribute__((noreturn))
#endif
#ifndef BIT
#define BIT(n) (1UL << (n))
#endif
#ifndef BIT_ULL
#define BIT_ULL(n) (1ULL << (n))
#endif

#ifndef __NR_pidfd_send_signal
#define __NR_pidfd_send_signal 424
#endif
#ifndef __NR_pidfd_open
#define __NR_pidfd_open 434
#endif
#ifndef __NR_clone3
#define __NR_clone3 435
#endif

/* ---- The series' values ---- */

/* <linux/sched.h> */
#define SERIES_CLONE_PIDFD			0x00001000ULL
#define SERIES_CLONE_AUTOREAP			BIT_ULL(34)
#define SERIES_CLONE_NNP			BIT_ULL(35)
#define SERIES_CLONE_PIDFD_AUTOKILL		BIT_ULL(36)
#define SERIES_CLONE_ARGS_SIZE_VER0		64

/* <linux/pidfd.h> */
#define SERIES_PIDFD_INFO_PID			BIT(0)
#define SERIES_PIDFD_INFO_CREDS			BIT(1)
#define SERIES_PIDFD_INFO_CGROUPID		BIT(2)
#define SERIES_PIDFD_INFO_EXIT			BIT(3)
#define SERIES_PIDFD_INFO_COREDUMP		BIT(4)
#define SERIES_PIDFD_INFO_SUPPORTED_MASK	BIT(5)
#define SERIES_PIDFD_INFO_COREDUMP_SIGNAL	BIT(6)
#define SERIES_PIDFD_INFO_COREDUMP_CODE		BIT(7)

#define SERIES_PIDFD_INFO_SIZE_VER0		64	/* up to and including exit_code */
#define SERIES_PIDFD_INFO_SIZE_VER1		72	/* + coredump_mask, coredump_signal */
#define SERIES_PIDFD_INFO_SIZE_VER2		80	/* + coredump_code, coredump_pad */
#define SERIES_PIDFD_INFO_SIZE_VER3		88	/* + supported_mask */

#define SERIES_PIDFD_COREDUMPED			BIT(0)
#define SERIES_PIDFD_COREDUMP_SKIP		BIT(1)
#define SERIES_PIDFD_COREDUMP_USER		BIT(2)
#define SERIES_PIDFD_COREDUMP_ROOT		BIT(3)

#define SERIES_PIDFS_IOCTL_MAGIC		0xFF
#define SERIES_PIDFD_GET_INFO			_IOWR(PIDFS_IOCTL_MAGIC, 11, struct pidfd_info)

/* ---- The fallbacks ---- */

#ifndef CLONE_PIDFD
#define CLONE_PIDFD SERIES_CLONE_PIDFD
#endif
#ifndef CLONE_AUTOREAP
#define CLONE_AUTOREAP SERIES_CLONE_AUTOREAP
#endif
#ifndef CLONE_NNP
#define CLONE_NNP SERIES_CLONE_NNP
#endif
#ifndef CLONE_PIDFD_AUTOKILL
#define CLONE_PIDFD_AUTOKILL SERIES_CLONE_PIDFD_AUTOKILL
#endif
#ifndef CLONE_ARGS_SIZE_VER0
#define CLONE_ARGS_SIZE_VER0 SERIES_CLONE_ARGS_SIZE_VER0
#endif

/* The first CLONE_ARGS_SIZE_VER0 bytes of struct clone_args. */
struct clone_args_ver0 {
	__u64 flags;
	__u64 pidfd;
	__u64 child_tid;
	__u64 parent_tid;
	__u64 exit_signal;
	__u64 stack;
	__u64 stack_size;
	__u64 tls;
};

/* glibc's idtype_t is an enum: P_PIDFD cannot be tested with #ifdef. */
#define PIDFD_LIFECYCLE_P_PIDFD ((idtype_t)3)

#ifndef PIDFD_INFO_PID
#define PIDFD_INFO_PID SERIES_PIDFD_INFO_PID
#endif
#ifndef PIDFD_INFO_CREDS
#define PIDFD_INFO_CREDS SERIES_PIDFD_INFO_CREDS
#endif
#ifndef PIDFD_INFO_CGROUPID
#define PIDFD_INFO_CGROUPID SERIES_PIDFD_INFO_CGROUPID
#endif
#ifndef PIDFD_INFO_EXIT
#define PIDFD_INFO_EXIT SERIES_PIDFD_INFO_EXIT
#endif
#ifndef PIDFD_INFO_COREDUMP
#define PIDFD_INFO_COREDUMP SERIES_PIDFD_INFO_COREDUMP
#endif
#ifndef PIDFD_INFO_SUPPORTED_MASK
#define PIDFD_INFO_SUPPORTED_MASK SERIES_PIDFD_INFO_SUPPORTED_MASK
#endif
#ifndef PIDFD_INFO_COREDUMP_SIGNAL
#define PIDFD_INFO_COREDUMP_SIGNAL SERIES_PIDFD_INFO_COREDUMP_SIGNAL
#endif
#ifndef PIDFD_INFO_COREDUMP_CODE
#define PIDFD_INFO_COREDUMP_CODE SERIES_PIDFD_INFO_COREDUMP_CODE
#endif
#ifndef PIDFD_INFO_SIZE_VER0
#define PIDFD_INFO_SIZE_VER0 SERIES_PIDFD_INFO_SIZE_VER0
#endif
#ifndef PIDFD_INFO_SIZE_VER1
#define PIDFD_INFO_SIZE_VER1 SERIES_PIDFD_INFO_SIZE_VER1
#endif
#ifndef PIDFD_INFO_SIZE_VER2
#define PIDFD_INFO_SIZE_VER2 SERIES_PIDFD_INFO_SIZE_VER2
#endif
#ifndef PIDFD_INFO_SIZE_VER3
#define PIDFD_INFO_SIZE_VER3 SERIES_PIDFD_INFO_SIZE_VER3
#endif
#ifndef PIDFD_COREDUMPED
#define PIDFD_COREDUMPED SERIES_PIDFD_COREDUMPED
#endif
#ifndef PIDFD_COREDUMP_SKIP
#define PIDFD_COREDUMP_SKIP SERIES_PIDFD_COREDUMP_SKIP
#endif
#ifndef PIDFD_COREDUMP_USER
#define PIDFD_COREDUMP_USER SERIES_PIDFD_COREDUMP_USER
#endif
#ifndef PIDFD_COREDUMP_ROOT
#define PIDFD_COREDUMP_ROOT SERIES_PIDFD_COREDUMP_ROOT
#endif
#ifndef PIDFS_IOCTL_MAGIC
#define PIDFS_IOCTL_MAGIC SERIES_PIDFS_IOCTL_MAGIC
#endif

/*
 * <linux/pidfd.h> defines struct pidfd_info and PIDFD_GET_INFO together:
 * if PIDFD_GET_INFO is there, so is the struct, and the checks below are
 * of the headers' struct.
 */
#ifndef PIDFD_GET_INFO
struct pidfd_info {
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

#define PIDFD_GET_INFO SERIES_PIDFD_GET_INFO
#endif

/* ---- Compile-time checks ---- */

/* A name the headers define has the series' value (a fallback has it anyway). */
#define SERIES_CHECK(name) \
	_Static_assert((name) == SERIES_##name, #name " differs from the series' value")

SERIES_CHECK(CLONE_PIDFD);
SERIES_CHECK(CLONE_AUTOREAP);
SERIES_CHECK(CLONE_NNP);
SERIES_CHECK(CLONE_PIDFD_AUTOKILL);
SERIES_CHECK(CLONE_ARGS_SIZE_VER0);
SERIES_CHECK(PIDFD_INFO_PID);
SERIES_CHECK(PIDFD_INFO_CREDS);
SERIES_CHECK(PIDFD_INFO_CGROUPID);
SERIES_CHECK(PIDFD_INFO_EXIT);
SERIES_CHECK(PIDFD_INFO_COREDUMP);
SERIES_CHECK(PIDFD_INFO_SUPPORTED_MASK);
SERIES_CHECK(PIDFD_INFO_COREDUMP_SIGNAL);
SERIES_CHECK(PIDFD_INFO_COREDUMP_CODE);
SERIES_CHECK(PIDFD_INFO_SIZE_VER0);
SERIES_CHECK(PIDFD_INFO_SIZE_VER1);
SERIES_CHECK(PIDFD_INFO_SIZE_VER2);
SERIES_CHECK(PIDFD_INFO_SIZE_VER3);
SERIES_CHECK(PIDFD_COREDUMPED);
SERIES_CHECK(PIDFD_COREDUMP_SKIP);
SERIES_CHECK(PIDFD_COREDUMP_USER);
SERIES_CHECK(PIDFD_COREDUMP_ROOT);
SERIES_CHECK(PIDFS_IOCTL_MAGIC);
SERIES_CHECK(PIDFD_GET_INFO);

_Static_assert(sizeof(struct clone_args_ver0) == CLONE_ARGS_SIZE_VER0,
	       "struct clone_args_ver0 is not CLONE_ARGS_SIZE_VER0 bytes");

/*
 * The documented layout of struct pidfd_info, the same on 32- and 64-bit:
 * it holds for the fallback above and, when the headers define the struct,
 * for theirs, so that the two agree field by field.
 */
#define PIDFD_INFO_AT(field, offset)						\
	_Static_assert(offsetof(struct pidfd_info, field) == (offset),		\
		       "struct pidfd_info: " #field " is not at offset " #offset)

PIDFD_INFO_AT(mask, 0);
PIDFD_INFO_AT(cgroupid, 8);
PIDFD_INFO_AT(pid, 16);
PIDFD_INFO_AT(tgid, 20);
PIDFD_INFO_AT(ppid, 24);
PIDFD_INFO_AT(ruid, 28);
PIDFD_INFO_AT(rgid, 32);
PIDFD_INFO_AT(euid, 36);
PIDFD_INFO_AT(egid, 40);
PIDFD_INFO_AT(suid, 44);
PIDFD_INFO_AT(sgid, 48);
PIDFD_INFO_AT(fsuid, 52);
PIDFD_INFO_AT(fsgid, 56);
PIDFD_INFO_AT(exit_code, 60);
PIDFD_INFO_AT(coredump_mask, 64);
PIDFD_INFO_AT(coredump_signal, 68);
PIDFD_INFO_AT(coredump_code, 72);
PIDFD_INFO_AT(coredump_pad, 76);
PIDFD_INFO_AT(supported_mask, 80);
_Static_assert(sizeof(struct pidfd_info) == 88, "struct pidfd_info is not 88 bytes");

_Static_assert(PIDFD_INFO_SIZE_VER0 == 64 && PIDFD_INFO_SIZE_VER1 == 72 &&
	       PIDFD_INFO_SIZE_VER2 == 80 && PIDFD_INFO_SIZE_VER3 == 88,
	       "PIDFD_INFO_SIZE_VER0..3 are not 64, 72, 80, 88");

#endif /* PIDFD_LIFECYCLE_H */
