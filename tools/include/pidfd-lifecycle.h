/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The uapi of the pidfd lifecycle series, for this repository's programs
 * (tools/pidfd-run, bench/pidfd-bench).
 *
 * Include it after the system headers: every definition is a fallback
 * used only when the headers the program is built against lack it, so
 * that the programs build against the patched kernel's uapi headers and
 * against a distribution's older ones alike.  <linux/pidfd.h> itself is
 * not included: it clashes with glibc's <fcntl.h>.  The values are the
 * ones of the series (Documentation/userspace-api/pidfd_lifecycle.rst) and
 * of mainline Linux.
 */
#ifndef PIDFD_LIFECYCLE_H
#define PIDFD_LIFECYCLE_H

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

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000ULL
#endif
#ifndef CLONE_AUTOREAP
#define CLONE_AUTOREAP BIT_ULL(34)
#endif
#ifndef CLONE_NNP
#define CLONE_NNP BIT_ULL(35)
#endif
#ifndef CLONE_PIDFD_AUTOKILL
#define CLONE_PIDFD_AUTOKILL BIT_ULL(36)
#endif
#ifndef CLONE_ARGS_SIZE_VER0
#define CLONE_ARGS_SIZE_VER0 64
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
#define PIDFD_INFO_PID		BIT(0)
#define PIDFD_INFO_CREDS	BIT(1)
#define PIDFD_INFO_CGROUPID	BIT(2)
#endif
#ifndef PIDFD_INFO_EXIT
#define PIDFD_INFO_EXIT		BIT(3)
#endif
#ifndef PIDFD_INFO_COREDUMP
#define PIDFD_INFO_COREDUMP	BIT(4)
#endif
#ifndef PIDFD_INFO_COREDUMP_SIGNAL
#define PIDFD_INFO_COREDUMP_SIGNAL BIT(6)
#endif
#ifndef PIDFD_INFO_COREDUMP_CODE
#define PIDFD_INFO_COREDUMP_CODE BIT(7)
#endif
#ifndef PIDFD_COREDUMPED
#define PIDFD_COREDUMPED	BIT(0)
#endif
#ifndef PIDFS_IOCTL_MAGIC
#define PIDFS_IOCTL_MAGIC 0xFF
#endif

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

#define PIDFD_GET_INFO _IOWR(PIDFS_IOCTL_MAGIC, 11, struct pidfd_info)
#endif

#endif /* PIDFD_LIFECYCLE_H */
