// SPDX-License-Identifier: GPL-2.0
/*
 * Compile-time checks of ../include/pidfd-lifecycle.h against the uapi
 * headers that pidfd-run is built with (KHDR_INCLUDES): their values of the
 * names that it has fallbacks for must be the series' ones, and their
 * struct pidfd_info must have the documented layout.
 *
 * The programs cannot check this themselves: they include glibc's <fcntl.h>,
 * with which <linux/pidfd.h> clashes.  So here the uapi headers are included
 * alone, before pidfd-lifecycle.h, whose checks then see the headers'
 * definitions.  Nothing to run: the Makefile compiles this before the
 * programs, and a mismatch fails the build.
 */
#include <linux/sched.h>
#if __has_include(<linux/pidfd.h>)
#include <linux/pidfd.h>
#endif

#include "pidfd-lifecycle.h"
