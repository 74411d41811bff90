#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: scripts/guest-selftests.sh SRC OUT [TARGETS]
#
# Runs inside the guest (see scripts/check.sh): the kselftests of TARGETS
# (default: pidfd) of the tree SRC, built on the host with O=OUT, run the
# way a kernel developer runs them.  Under TCG a test is allowed
# KSELFTEST_TIMEOUT seconds (default 600) instead of kselftest's 45.
# With PIDFD_RUN set to a built pidfd-run, its tests (tools/pidfd-run/)
# follow, in the same format; with STRESS_SECONDS set, stress-ng for that
# long (scripts/guest-stress.sh).  On a kernel with kmemleak, a scan comes
# next and what it finds is printed with a "kmemleak:" prefix.  Last, the
# kernel's log, each line prefixed "dmesg: ", so that a report that never
# reached the console is still seen.  PID_MAX, when set, goes to
# kernel.pid_max first.
#
# The lines that ktap-summary.sh reads, besides the tests' KTAP:
#   guest: run_tests exit status N    what "make run_tests" returned
#   guest: selftests done             the end was reached
[ $# -ge 2 ] || { echo "usage: $0 SRC OUT [TARGETS]" >&2; exit 2; }
echo "guest: running on $(uname -r), $(nproc) cpus"
if [ -n "$PID_MAX" ]; then
	echo "$PID_MAX" >/proc/sys/kernel/pid_max || exit 1
	echo "guest: pid_max $(cat /proc/sys/kernel/pid_max)"
fi
export kselftest_override_timeout=${KSELFTEST_TIMEOUT:-600}
make -s -C "$1/tools/testing/selftests" TARGETS="${3:-pidfd}" O="$2" run_tests
rc=$?
echo "guest: run_tests exit status $rc"
if [ -n "$PIDFD_RUN" ]; then
	echo "# selftests: pidfd-run: test-pidfd-run"
	"$(dirname "$0")/../tools/pidfd-run/test-pidfd-run.sh" "$PIDFD_RUN"
fi
if [ -n "$STRESS_SECONDS" ]; then
	echo "# selftests: stress: stress-ng"
	"$(dirname "$0")/guest-stress.sh" "$STRESS_SECONDS"
fi

if [ -d /sys/kernel/debug ] && ! mountpoint -q /sys/kernel/debug; then
	mount -t debugfs none /sys/kernel/debug 2>/dev/null
fi
if [ -e /sys/kernel/debug/kmemleak ]; then
	# Objects freed late (RCU, delayed fput) must not count: scan twice.
	echo scan >/sys/kernel/debug/kmemleak
	sleep 5
	echo scan >/sys/kernel/debug/kmemleak
	sed 's/^/kmemleak: /' /sys/kernel/debug/kmemleak
	echo "guest: kmemleak scan done"
fi
echo "guest: kernel log follows"
dmesg | sed 's/^/dmesg: /'
echo "guest: selftests done"
[ $rc -eq 0 ]
