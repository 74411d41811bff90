#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: scripts/build-tests.sh SRC OUT
#
# Build what the guest runs against the kernel built in OUT: the pidfd
# selftests of the tree SRC (OUT/kselftest/pidfd/, against OUT's uapi
# headers, as the kernel's own "make O=OUT kselftest" would) and pidfd-run
# with its helper (OUT/pidfd-run/).
set -e
. "$(dirname "$0")/lib.sh"

[ $# -eq 2 ] || { echo "usage: $0 SRC OUT" >&2; exit 2; }
out=$(cd "$2" && pwd)
[ -d "$out/usr/include" ] || die "no uapi headers in $out/usr/include (build the kernel first)"
make -C "$1/tools/testing/selftests" TARGETS=pidfd O="$out" -j"${JOBS:-$(nproc)}"
mkdir -p "$out/pidfd-run"
make -C "$top/tools/pidfd-run" O="$out/pidfd-run" KHDR_INCLUDES="-isystem $out/usr/include"
