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
# follow, in the same format.  Then the 32-bit builds of both, if
# scripts/build-tests.sh made them (OUT/kselftest-i386/pidfd-i386,
# OUT/pidfd-run-i386), as the collections pidfd-i386 and pidfd-run-i386;
# with STRESS_SECONDS set, stress-ng for that long (scripts/guest-stress.sh).  On a kernel with kmemleak, a scan comes
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
# The coredump tests crash on purpose: the kernel's line for each user
# fault would land in the middle of the tests' KTAP lines on the console.
echo 0 >/proc/sys/debug/exception-trace
export kselftest_override_timeout=${KSELFTEST_TIMEOUT:-600}
make -s -C "$1/tools/testing/selftests" TARGETS="${3:-pidfd}" O="$2" run_tests
rc=$?
echo "guest: run_tests exit status $rc"
if [ -n "$PIDFD_RUN" ]; then
	echo "# selftests: pidfd-run: test-pidfd-run"
	"$(dirname "$0")/../tools/pidfd-run/test-pidfd-run.sh" "$PIDFD_RUN"
fi

# The 32-bit build (scripts/build-tests.sh), by kselftest's own runner, as
# the collection pidfd-i386; and pidfd-run's tests with its 32-bit build.
i386=$2/kselftest-i386/pidfd-i386
if [ -d "$i386" ]; then
	(
		cd "$i386" || exit 1
		BASE_DIR=$(dirname "$i386")
		# The reap races are the 64-bit run's; here they only show that
		# the compat entry points reach the same callers: 1 s a case
		# (about 600 rounds, 30 in the window) keeps make check short.
		export PIDFD_RACE_SECONDS=1
		. "$1/tools/testing/selftests/kselftest/runner.sh"
		# shellcheck disable=SC2046
		run_many $(make -s --no-print-directory -C "$1/tools/testing/selftests/pidfd" \
			emit_tests | sed "s|^[^:]*:|$i386/|")
	)
	echo "guest: i386 run status $?"
fi
if [ -n "$PIDFD_RUN" ] && [ -x "$2/pidfd-run-i386/pidfd-run" ]; then
	echo "# selftests: pidfd-run-i386: test-pidfd-run"
	PIDFD_RUN_COLLECTION=pidfd-run-i386 \
		"$(dirname "$0")/../tools/pidfd-run/test-pidfd-run.sh" "$2/pidfd-run-i386/pidfd-run"
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
