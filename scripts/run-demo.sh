#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: scripts/run-demo.sh
#
# Runs inside the guest that "make run" boots: says which kernel this is
# and which patches it carries, then shows the pidfd lifecycle features
# at work through the selftests that cover them.
top=$(cd "$(dirname "$0")/.." && pwd)
src=$top/build/linux
tests=$top/build/kernel/kselftest/pidfd

echo "== kernel: $(uname -r)"
echo "== series on $(git -C "$src" log -1 --format=%s base):"
git -C "$src" log --reverse --format='   %s' base..HEAD
rc=0
for t in pidfd_info_test pidfd_autoreap_test pidfd_autokill_test pidfd_coredump_test; do
	[ -x "$tests/$t" ] || continue
	echo "== $t"
	(cd "$tests" && "./$t") | grep -E '^(ok|not ok) |^# (PASSED|FAILED|Totals)' || rc=1
done
exit $rc
