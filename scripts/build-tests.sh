#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: scripts/build-tests.sh SRC OUT
#
# Build what the guest runs against the kernel built in OUT: the pidfd
# selftests of the tree SRC (OUT/kselftest/pidfd/, against OUT's uapi
# headers, as the kernel's own "make O=OUT kselftest" would) and pidfd-run
# with its helper (OUT/pidfd-run/); then the same as 32-bit programs
# (OUT/kselftest-i386/pidfd-i386/, OUT/pidfd-run-i386/), built with
# "gcc -m32": the kernel's compat entry points (clone3(), the
# PIDFD_GET_INFO ioctl) need 32-bit callers.  A build that fails, 32-bit
# too, fails.
set -e
. "$(dirname "$0")/lib.sh"

[ $# -eq 2 ] || { echo "usage: $0 SRC OUT" >&2; exit 2; }
out=$(cd "$2" && pwd)
[ -d "$out/usr/include" ] || die "no uapi headers in $out/usr/include (build the kernel first)"
jobs=-j${JOBS:-$(nproc)}
hdrs="-isystem $out/usr/include"
make -C "$1/tools/testing/selftests" TARGETS=pidfd O="$out" "$jobs"
mkdir -p "$out/pidfd-run" "$out/kselftest-i386/pidfd-i386" "$out/pidfd-run-i386"
make -C "$top/tools/pidfd-run" O="$out/pidfd-run" KHDR_INCLUDES="$hdrs"
make -C "$1/tools/testing/selftests/pidfd" OUTPUT="$out/kselftest-i386/pidfd-i386" \
	CC="${CC:-gcc} -m32" KHDR_INCLUDES="$hdrs" "$jobs"
make -C "$top/tools/pidfd-run" O="$out/pidfd-run-i386" CC="${CC:-gcc} -m32" KHDR_INCLUDES="$hdrs"
# kselftest's runner, started in OUT/kselftest-i386 (guest-selftests.sh),
# finds its helpers there.
ln -sfn "$(cd "$1/tools/testing/selftests/kselftest" && pwd)" "$out/kselftest-i386/kselftest"
