#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: scripts/check.sh [--debug]
#
# The test command ("make check"): host checks of the series, then build
# the patched kernel and the pidfd selftests, boot the kernel and run the
# selftests in it.  Each phase prints its duration; a failed phase prints
# the last lines of its log and where the whole log is.  Ends with the line
# "N passed, N failed, N skipped" (scripts/ktap-summary.sh) and exits
# non-zero on any failed test, a test program of the tree's pidfd Makefile
# that did not report in full, a failed "make run_tests" in the guest, a
# guest that did not finish, a kernel report (scripts/kernel-reports.ere)
# on the guest's console or in its dmesg, or a test added by the series
# that was skipped on the patched kernel; each of these counts in "N
# failed".  A phase that fails before the guest ends the run with "0
# passed, 1 failed, 0 skipped".
#
# --debug ("make check-debug") does the same with config/debug.config on
# top (KASAN, lockdep, kmemleak...) in build/kernel-debug, bigger stress,
# race and fuzz runs, 300 s of Debian's stress-ng (scripts/guest-stress.sh),
# pid_max 4096 and a 1800 s test timeout in the guest, and a kmemleak scan
# after the tests.
#
# GUEST_TIMEOUT (default 2400, 7200 with --debug) bounds the boot plus all
# tests, in seconds.
set -e -o pipefail
. "$(dirname "$0")/lib.sh"
cd "$top"
series=$top/patches/series

case "$*" in
"")
	kout=$B/kernel
	logs=$B/logs
	frags=("$top/config/pidfd.config")
	guest_env=
	guest_timeout=${GUEST_TIMEOUT:-2400}
	extra_programs=		# our programs, besides pidfd-run's tests
	;;
--debug)
	kout=$B/kernel-debug
	logs=$B/logs/debug
	frags=("$top/config/pidfd.config" "$top/config/debug.config")
	# pidfd_test's recycled-pid case forks until the pid numbers wrap
	# around pid_max: 32,000 forks take most of an hour on this kernel
	# under TCG, 4,000 do not.  pidfd_poll_test's 10,000 children take
	# more than the 600 s a test gets otherwise.
	guest_env="PID_MAX=4096 KSELFTEST_TIMEOUT=1800"
	guest_env="$guest_env PIDFD_STRESS_SCALE=4 PIDFD_FUZZ_ITERATIONS=20000"
	guest_env="$guest_env WAIT_SECS=60"
	# Longer reap races; stress-ng over the same paths (guest-stress.sh).
	guest_env="$guest_env PIDFD_RACE_SECONDS=15 PIDFD_RACE_ROUNDS=20000"
	guest_env="$guest_env STRESS_SECONDS=300"
	extra_programs="stress/stress-ng"
	# The guest's run takes 80 to 90 minutes here (docs/results.md): the
	# timeout is only there for a hung guest.
	guest_timeout=${GUEST_TIMEOUT:-7200}
	# KASAN's shadow wants memory; TCG is slow enough for the soft-lockup
	# watchdog's 20 s default to fire on a busy but healthy guest.
	export VNG_OPTS="--memory 3G --append watchdog_thresh=60 $VNG_OPTS"
	;;
*)
	echo "usage: $0 [--debug]" >&2
	exit 2
	;;
esac
mkdir -p "$logs"

t0=$(date +%s)

# A phase failed: the closing line says so too.
stop() {
	echo "check: total $(($(date +%s) - t0)) s"
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
}

checkpatch_series() {
	local p types bad=0 out tmp
	[ -f "$series" ] || { echo "no patches/series: nothing to check"; return 0; }
	accepted=$(grep -v '^#' "$top/config/checkpatch-accepted" | grep . || true)
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' RETURN
	# A few seconds a patch, all of it in perl: one checkpatch a CPU.
	# Debian's python3 has the modules spdxcheck.py wants.
	for p in $(cat "$series"); do
		(cd "$src" && PATH=/usr/bin:$PATH scripts/checkpatch.pl --strict \
			--terse --show-types "$top/patches/$p" >"$tmp/$p" 2>&1) &
		[ "$(jobs -rp | wc -l)" -lt "$(nproc)" ] || wait -n
	done
	wait
	for p in $(cat "$series"); do
		out=$(cat "$tmp/$p")
		echo "$out"
		types=$(echo "$out" | grep -oE ' (ERROR|WARNING|CHECK):[A-Z0-9_]+:' |
			sed 's/.*:\([A-Z0-9_]*\):$/\1/' | sort -u)
		for t in $types; do
			if ! echo "$accepted" | grep -qx "$t"; then
				echo "check: $p: checkpatch $t is not in config/checkpatch-accepted"
				bad=1
			fi
		done
	done
	return $bad
}

# patches/ applies to a fresh base and gives exactly the tree being built;
# then to the pinned and the newest Debian trees with git am and quilt, and
# as a Debian patch directory (scripts/check-applies.sh).
series_applies() {
	series_builds_tree && scripts/check-applies.sh
}

series_builds_tree() {
	local idx p tree
	idx=$(mktemp)
	trap 'rm -f "$idx"' RETURN
	GIT_INDEX_FILE=$idx git -C "$src" read-tree base
	if [ -f "$series" ]; then
		for p in $(cat "$series"); do
			GIT_INDEX_FILE=$idx git -C "$src" apply --cached "$top/patches/$p" ||
				{ echo "check: $p does not apply to base"; return 1; }
			echo "applies: $p"
		done
	fi
	tree=$(GIT_INDEX_FILE=$idx git -C "$src" write-tree)
	if [ "$tree" != "$(git -C "$src" rev-parse 'HEAD^{tree}')" ]; then
		echo "check: $src has commits not in patches/ (make export, or make tree FORCE=1)"
		return 1
	fi
	if [ -n "$(git -C "$src" status --porcelain --untracked-files=no)" ]; then
		git -C "$src" status --short --untracked-files=no
		echo "check: uncommitted changes in $src: commit and make export first"
		return 1
	fi
}

run_guest() {
	rm -f "$logs/guest.log"
	scripts/vm-run.sh -k "$kout/arch/x86/boot/bzImage" -t "$guest_timeout" \
		-l "$logs/guest.log" \
		"env $guest_env PIDFD_RUN=$kout/pidfd-run/pidfd-run $top/scripts/guest-selftests.sh $src $kout"
}

# The pinned base, or the newest if the archive lost it (lib.sh: one notice).
PIDFD_BASE=$(base_version)
export PIDFD_BASE
echo "check: series on Debian linux-source-6.12 $PIDFD_BASE"
phase tree scripts/prepare-tree.sh || stop
phase checkpatch checkpatch_series || stop
phase applies series_applies || stop
grep -E '^[0-9 ]' "$logs/applies.log" | sed 's/^/  /'
# Every caller of a function the series changes is in docs/callers.md,
# with the test that drives it.
phase callers scripts/callers.sh --check "$top/docs/callers.md" || stop
phase kernel scripts/build-kernel.sh "$src" "$kout" "${frags[@]}" || stop
phase selftests scripts/build-tests.sh "$src" "$kout" || stop
# After the kernel: the man pages' examples and constants are checked
# against its uapi headers.
phase man scripts/check-man.sh || stop
# A guest that fails is judged from its log, below.
phase guest run_guest || true

echo "check: total $(($(date +%s) - t0)) s; guest log: $logs/guest.log"
# A skip in a test the series adds, or in ours, means a missing feature.
test_summary "$logs/guest.log" "$src" "$extra_programs"
