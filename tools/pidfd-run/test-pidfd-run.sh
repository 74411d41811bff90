#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: test-pidfd-run.sh PATH_TO_PIDFD_RUN [CASE...]
#
# Tests of pidfd-run, run as root in a guest booted on the patched kernel;
# CASEs (names of test_* functions without "test_") run only those, for
# example the ones that do not need the patched kernel, on any machine:
#   test-pidfd-run.sh build/pidfd-run/pidfd-run usage_no_command make_install_destdir
# The output is that of a kselftest program under kselftest's runner: a
# "# ok N name" or "# not ok N name" line a case ("# ok N name # SKIP why"
# for a skip), a failed case's output after it as "# # ..." lines, then
# "ok 1 selftests: pidfd-run: test-pidfd-run" or "not ok 1 ..." (another
# collection than pidfd-run if PIDFD_RUN_COLLECTION says so).  Exits 0
# when no case failed.  seccomp-noclone3 is looked for next to pidfd-run;
# the signal cases run tty-signals.py, next to this script, with python3.
#
# Every wait for something to happen is bounded (WAIT_SECS, default 10 s).

[ $# -ge 1 ] || { echo "usage: $0 PATH_TO_PIDFD_RUN [CASE...]" >&2; exit 2; }
self=$(readlink -f "$0")
run=$(readlink -f "$1")
shift
[ -x "$run" ] || { echo "$0: $1: not an executable" >&2; exit 2; }
helper=$(dirname "$run")/seccomp-noclone3
wait_secs=${WAIT_SECS:-10}

tmp=$(mktemp -d /var/tmp/test-pidfd-run.XXXXXX) || exit 1
chmod 755 "$tmp"
core_pattern=/proc/sys/kernel/core_pattern
saved_core_pattern=$(cat "$core_pattern")
cleanup() {
	printf '%s\n' "$saved_core_pattern" >"$core_pattern"
	cd /
	rm -rf "$tmp"
}
trap cleanup EXIT
cd "$tmp" || exit 1
# no core dumps, except where a case asks for them
ulimit -c 0

# ---- helpers for the cases; a case runs in a subshell ----

fail() {
	echo "FAIL: $*"
	exit 1
}

skip() {
	echo "$*" >"$tmp/skip-reason"
	exit 4
}

# expect_rc WANT GOT: the exit status of the last pidfd-run
expect_rc() {
	[ "$2" -eq "$1" ] || fail "exit status $2, expected $1"
}

# expect_err REGEX: pidfd-run's stderr (file err) has a line matching it
expect_err() {
	grep -Eq -- "$1" err || {
		echo "stderr was:"
		cat err
		fail "no line matching '$1' on stderr"
	}
}

# state, wait_child, wait_state, zombies_of
# shellcheck source=scripts/proc-wait.sh
. "$(dirname "$self")/../../scripts/proc-wait.sh"

# expect_usage_error MESSAGE_REGEX: pidfd-run's stderr is the one line
# that says what is wrong, then where help is, and nothing else
expect_usage_error() {
	local try="Try 'pidfd-run --help' for more information."

	[ "$(wc -l <err)" -eq 2 ] && grep -Eq -- "$1" err &&
		[ "$(sed -n 2p err)" = "$try" ] || {
		echo "stderr was:"
		cat err
		fail "expected a line matching '$1', then \"$try\""
	}
}

# expect_out LINE...: the file out holds these lines and nothing else
expect_out() {
	printf '%s\n' "$@" | diff -u - out || fail "out (+) is not what was expected (-)"
}

# wait_line FILE LINE: until FILE has the line LINE
wait_line() {
	local end=$((SECONDS + wait_secs))

	until grep -qx -- "$2" "$1" 2>/dev/null; do
		[ "$SECONDS" -lt "$end" ] || { echo "no line '$2' in $1 after $wait_secs s"; return 1; }
		sleep 0.1
	done
}

# pid_from_err: the pid that pidfd-run named on stderr
pid_from_err() {
	sed -n 's/^pidfd-run: pid \([0-9]*\) .*/\1/p' err | head -n 1
}

# ---- the cases ----

test_all_flags_accepted() {
	"$run" --autoreap --nnp --autokill -- true 2>err
	expect_rc 0 $?
	[ -s err ] && { cat err; fail "unexpected stderr"; }
	return 0
}

test_exit_status_passthrough() {
	"$run" -- sh -c 'exit 3'
	expect_rc 3 $?
}

test_exit_status_passthrough_autoreap() {
	"$run" --autoreap -- sh -c 'exit 3'
	expect_rc 3 $?
}

test_signal_status_sigterm() {
	"$run" -- sh -c 'kill -TERM $$'
	expect_rc $((128 + 15)) $?
}

test_signal_status_sigsegv_autoreap() {
	"$run" --autoreap -- sh -c 'kill -SEGV $$'
	expect_rc $((128 + 11)) $?
}

test_report_exit() {
	"$run" --report -- sh -c 'exit 3' 2>err
	expect_rc 3 $?
	expect_err '^pidfd-run: pid [0-9]+ exited with status 3$'
}

test_report_exit_autoreap() {
	"$run" --autoreap --report -- sh -c 'exit 42' 2>err
	expect_rc 42 $?
	expect_err '^pidfd-run: pid [0-9]+ exited with status 42$'
}

test_report_signal() {
	"$run" --autoreap --report -- sh -c 'kill -TERM $$' 2>err
	expect_rc $((128 + 15)) $?
	expect_err '^pidfd-run: pid [0-9]+ killed by signal 15 \(SIGTERM\), no core dump$'
}

# Core dumps go to $tmp/core.PID while a case runs.
enable_core_dumps() {
	trap 'printf "%s\n" "$saved_core_pattern" >"$core_pattern"' EXIT
	echo "$tmp/core.%p" >"$core_pattern" || skip "cannot set core_pattern"
	ulimit -c unlimited || skip "cannot raise RLIMIT_CORE"
}

# autoreap: coredump info comes with the exit status from PIDFD_GET_INFO
test_report_coredump_sigquit_autoreap() {
	local pid

	enable_core_dumps
	"$run" --autoreap --report -- sh -c 'kill -QUIT $$' 2>err
	expect_rc $((128 + 3)) $?
	expect_err '^pidfd-run: pid [0-9]+ killed by signal 3 \(SIGQUIT\), core dumped, si_code 0 \(SI_USER\)$'
	pid=$(pid_from_err)
	[ -s "$tmp/core.$pid" ] || fail "no core file $tmp/core.$pid"
}

# plain child: waitid() reaps it, PIDFD_GET_INFO still has the dump's details
test_report_coredump_segv() {
	local py pid

	py=$(command -v python3) || skip "no python3 to make a real segfault"
	enable_core_dumps
	"$run" --report -- "$py" -c 'import ctypes; ctypes.string_at(0)' 2>err
	expect_rc $((128 + 11)) $?
	expect_err '^pidfd-run: pid [0-9]+ killed by signal 11 \(SIGSEGV\), core dumped, si_code 1 \(SEGV_MAPERR\)$'
	pid=$(pid_from_err)
	[ -s "$tmp/core.$pid" ] || fail "no core file $tmp/core.$pid"
}

# timeout_case STATUS [OPTION...]: --timeout kills a sleep, pidfd-run
# exits with STATUS
timeout_case() {
	local want=$1 pid
	shift

	"$run" "$@" --report --timeout 1 -- sleep 100 2>err
	expect_rc "$want" $?
	expect_err '^pidfd-run: pid [0-9]+ still running after 1 s: killed it with SIGKILL$'
	expect_err '^pidfd-run: pid [0-9]+ killed by signal 9 \(SIGKILL\), no core dump$'
	pid=$(pid_from_err)
	[ -n "$pid" ] || fail "no pid on stderr"
	[ -z "$(state "$pid")" ] || fail "sleep (pid $pid) still there: state $(state "$pid")"
}

# 124 as timeout(1), not the 137 of any other SIGKILL
test_timeout_kills() {
	timeout_case 124
}

test_timeout_kills_autoreap() {
	timeout_case 124 --autoreap
}

test_timeout_preserve_status() {
	timeout_case $((128 + 9)) --preserve-status
}

test_timeout_preserve_status_autoreap() {
	timeout_case $((128 + 9)) --autoreap --preserve-status
}

test_timeout_decimal() {
	"$run" --timeout 0.5 -- sleep 100
	expect_rc 124 $?
	"$run" --timeout 30 -- true
	expect_rc 0 $?
}

# 124 only when the timeout killed it: other ends keep their status
test_timeout_not_reached() {
	"$run" --timeout 100 -- sh -c 'kill -KILL $$'
	expect_rc $((128 + 9)) $?
	"$run" --autoreap --timeout 100 -- sh -c 'kill -KILL $$'
	expect_rc $((128 + 9)) $?
	"$run" --timeout 100 -- sh -c 'exit 3'
	expect_rc 3 $?
	"$run" --preserve-status -- sh -c 'exit 3'
	expect_rc 3 $?
}

# pidfd-run is SIGKILLed: the kernel kills the command when the pidfd goes
autokill_case() {
	local runner child

	"$run" "$@" -- sleep 1000 &
	runner=$!
	trap 'kill -9 $runner $child 2>/dev/null' EXIT
	child=$(wait_child "$runner" sleep) || fail "no sleep under pidfd-run $runner"
	echo "pidfd-run $runner, sleep $child"
	kill -9 "$runner"
	wait "$runner" 2>/dev/null
	wait_state "$child" gone || fail "sleep $child outlived pidfd-run"
}

test_autokill_when_pidfd_run_killed() {
	autokill_case --autokill --nnp
}

test_autokill_without_nnp_as_root() {
	autokill_case --autokill
}

# Run pidfd-run as nobody: a copy, in case the original is not reachable.
as_nobody() {
	command -v setpriv >/dev/null || skip "no setpriv"
	cp "$run" "$tmp/pidfd-run.copy" || fail "cannot copy $run"
	chmod 755 "$tmp/pidfd-run.copy"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$tmp/pidfd-run.copy" "$@"
}

test_autokill_without_nnp_needs_cap_sys_admin() {
	as_nobody --autokill -- true 2>err
	expect_rc 125 $?
	expect_err 'CLONE_PIDFD_AUTOKILL without --nnp needs CAP_SYS_ADMIN; add --nnp'
}

test_autokill_with_nnp_unprivileged() {
	as_nobody --autokill --nnp -- sh -c 'exit 5' 2>err
	expect_rc 5 $?
}

# Stop pidfd-run so that it cannot reap, then end its child: the child
# must become a zombie (plain) or vanish (autoreap).
zombie_case() {
	local expect=$1 runner child zombies
	shift

	"$run" "$@" -- sleep 1000 &
	runner=$!
	trap 'kill -9 $runner $child 2>/dev/null' EXIT
	child=$(wait_child "$runner" sleep) || fail "no sleep under pidfd-run $runner"
	kill -STOP "$runner"
	kill -TERM "$child"
	echo "pidfd-run $runner (stopped), sleep $child (SIGTERM)"
	wait_state "$child" "$expect" || fail "sleep $child did not end as expected"
	zombies=$(zombies_of "$runner")
	kill -CONT "$runner"
	wait "$runner"
	expect_rc $((128 + 15)) $?
	if [ "$expect" = Z ]; then
		[ "$zombies" = "$child" ] || fail "zombies of pidfd-run: '$zombies', expected $child"
	else
		[ -z "$zombies" ] || fail "pidfd-run has zombie children: $zombies"
	fi
	[ -z "$(state "$child")" ] || fail "sleep $child still there after pidfd-run exited"
}

test_autoreap_leaves_no_zombie() {
	zombie_case gone --autoreap
}

# the control: the same without --autoreap shows the zombie
test_plain_child_is_zombie_until_waited() {
	zombie_case Z
}

test_forwards_sigterm() {
	local runner child

	"$run" --autoreap -- sleep 1000 &
	runner=$!
	trap 'kill -9 $runner $child 2>/dev/null' EXIT
	child=$(wait_child "$runner" sleep) || fail "no sleep under pidfd-run $runner"
	kill -TERM "$runner"
	wait_state "$runner" "Z gone" || fail "pidfd-run did not exit"
	wait "$runner"
	expect_rc $((128 + 15)) $?
	[ -z "$(state "$child")" ] || fail "sleep $child still there"
}

# The command that logs the signals it gets, and the terminal that sends
# them: tools/pidfd-run/tty-signals.py.
tty_signals=$(dirname "$self")/tty-signals.py

need_python() {
	py=$(command -v python3) || skip "no python3 for tty-signals.py"
}

# on_tty STEPS [--own-pgrp]: pidfd-run running tty-signals.py's command as
# the session leader of a new terminal; the STEPS, then SIGUSR1 to
# pidfd-run, which the command exits 0 on.  The file out gets the lines
# the command logged and pidfd-run's exit status.
on_tty() {
	local steps=$1
	shift

	need_python
	[ -c /dev/ptmx ] || skip "no /dev/ptmx"
	rm -f siglog
	# shellcheck disable=SC2086 # one word a step
	"$py" "$tty_signals" run siglog $steps -- "$run" -- "$py" "$tty_signals" watch siglog "$@" >out ||
		{ cat out; fail "tty-signals.py run failed"; }
}

# Ctrl-C and Ctrl-\ go to the terminal's foreground process group, the
# command included: pidfd-run must not pass on its own copy (SI_KERNEL).
# pidfd-run stays stopped until the command has logged the terminal's
# signal, so a second copy would show and not merge with the first.
test_tty_signals_delivered_once() {
	on_tty "intr-stopped quit-stopped"
	expect_out ready "SIGINT SI_KERNEL" "SIGQUIT SI_KERNEL" \
		"SIGUSR1 SI_USER from pidfd-run" "exit 0"
}

# A command that left pidfd-run's process group gets no signal from the
# terminal: pidfd-run passes Ctrl-C on.
test_tty_signal_passed_to_own_pgrp() {
	on_tty intr --own-pgrp
	expect_out ready "SIGINT SI_USER from pidfd-run" \
		"SIGUSR1 SI_USER from pidfd-run" "exit 0"
}

# A hangup sends SIGHUP to the session leader, pidfd-run here, alone.
test_tty_hangup_passed_on() {
	on_tty hangup
	expect_out ready "SIGHUP SI_USER from pidfd-run" \
		"SIGUSR1 SI_USER from pidfd-run" "exit 0"
}

# kill -INT of pidfd-run alone (SI_USER) is passed on, terminal or not.
test_forwards_sigint_from_kill() {
	local runner

	need_python
	rm -f siglog
	"$run" -- "$py" "$tty_signals" watch siglog &
	runner=$!
	trap 'kill -9 $runner 2>/dev/null' EXIT
	wait_line siglog ready || fail "the command did not start"
	kill -INT "$runner"
	kill -USR1 "$runner"
	wait_state "$runner" "Z gone" || fail "pidfd-run did not exit"
	wait "$runner"
	expect_rc 0 $?
	cp siglog out
	expect_out ready "SIGINT SI_USER from pidfd-run" "SIGUSR1 SI_USER from pidfd-run"
}

test_nnp_sets_no_new_privs() {
	"$run" --nnp -- grep NoNewPrivs /proc/self/status >out
	expect_rc 0 $?
	grep -Eq '^NoNewPrivs:[[:space:]]+1$' out || { cat out; fail "NoNewPrivs not 1"; }
}

test_no_nnp_without_option() {
	grep -Eq '^NoNewPrivs:[[:space:]]+0$' /proc/self/status ||
		skip "the test itself runs with no_new_privs"
	"$run" --autoreap -- grep NoNewPrivs /proc/self/status >out
	expect_rc 0 $?
	grep -Eq '^NoNewPrivs:[[:space:]]+0$' out || { cat out; fail "NoNewPrivs not 0"; }
}

# Usage errors: one line and where help is, status 125 (as env, nice and
# timeout), never a status the command could have given.
test_usage_no_command() {
	"$run" 2>err
	expect_rc 125 $?
	expect_usage_error '^pidfd-run: no command given$'
	"$run" --report -- 2>err
	expect_rc 125 $?
	expect_usage_error '^pidfd-run: no command given$'
}

test_usage_unknown_option() {
	"$run" --no-such-option -- true 2>err
	expect_rc 125 $?
	expect_usage_error "unrecognized option '--no-such-option'"
	"$run" -x -- true 2>err
	expect_rc 125 $?
	expect_usage_error "invalid option -- 'x'"
}

test_usage_invalid_timeout() {
	local t

	for t in nope 0 -1 1s ''; do
		"$run" --timeout "$t" -- true 2>err
		expect_rc 125 $?
		expect_usage_error "^pidfd-run: invalid timeout '$t': expected a positive number of seconds$"
	done
	"$run" --timeout 2>err
	expect_rc 125 $?
	expect_usage_error "option '--timeout' requires an argument"
}

test_help() {
	"$run" --help >out 2>err
	expect_rc 0 $?
	grep -q -- '--autokill' out || fail "no usage on stdout"
	grep -q -- '--preserve-status' out || fail "no --preserve-status in the usage"
	[ -s err ] && fail "stderr not empty"
	return 0
}

# On the patched kernel: every flag and PIDFD_GET_INFO supported.
test_version() {
	local what

	"$run" --version >out 2>err
	expect_rc 0 $?
	[ -s err ] && { cat err; fail "stderr not empty"; }
	cat out
	grep -Eq '^pidfd-run [0-9]+\.[0-9]+' out || fail "no version on the first line"
	grep -q "^kernel $(uname -r):$" out || fail "no kernel release"
	for what in CLONE_AUTOREAP CLONE_NNP CLONE_PIDFD_AUTOKILL PIDFD_GET_INFO; do
		grep -Eq "^ +--[a-z]+ +$what +supported$" out || fail "$what not reported supported"
	done
}

test_exec_failure_not_found() {
	"$run" --autoreap -- /nonexistent/command 2>err
	expect_rc 127 $?
	expect_err '^pidfd-run: cannot run /nonexistent/command: No such file or directory$'
}

test_exec_failure_not_executable() {
	echo 'echo hello' >script
	chmod 644 script
	"$run" -- ./script 2>err
	expect_rc 126 $?
	expect_err '^pidfd-run: cannot run \./script: Permission denied$'
	"$run" --autoreap -- / 2>err
	expect_rc 126 $?
	expect_err '^pidfd-run: cannot run /: Permission denied$'
}

# Names from the C library (sigabbrev_np()); a signal it has no name for
# is given by number only.
test_report_signal_names() {
	"$run" --report -- sh -c 'kill -USR1 $$' 2>err
	expect_rc $((128 + 10)) $?
	expect_err '^pidfd-run: pid [0-9]+ killed by signal 10 \(SIGUSR1\), no core dump$'
	"$run" --autoreap --report -- sh -c 'kill -PWR $$' 2>err
	expect_rc $((128 + 30)) $?
	expect_err '^pidfd-run: pid [0-9]+ killed by signal 30 \(SIGPWR\), no core dump$'
	"$run" --report -- sh -c 'kill -s 40 $$' 2>err
	expect_rc $((128 + 40)) $?
	expect_err '^pidfd-run: pid [0-9]+ killed by signal 40, no core dump$'
}

# make install, as a distribution packages it: binary and man page under
# DESTDIR/PREFIX, nothing else, and the default PREFIX is /usr/local.
test_make_install_destdir() {
	local srcdir dest=$tmp/dest

	command -v make >/dev/null || skip "no make"
	srcdir=$(dirname "$self")
	make -s -C "$srcdir" O="$(dirname "$run")" DESTDIR="$dest" PREFIX=/usr install ||
		fail "make install failed"
	(cd "$dest" && find . ! -type d -printf '%m %p\n' | sort) >out
	printf '%s\n' '644 ./usr/share/man/man1/pidfd-run.1' '755 ./usr/bin/pidfd-run' |
		sort | diff -u - out || fail "installed files differ"
	cmp "$run" "$dest/usr/bin/pidfd-run" || fail "not the binary that was built"
	"$dest/usr/bin/pidfd-run" --version | grep -q '^pidfd-run ' || fail "installed binary does not run"
	grep -q '^\.SH EXIT STATUS' "$dest/usr/share/man/man1/pidfd-run.1" || fail "man page"
	make -s -C "$srcdir" O="$(dirname "$run")" DESTDIR="$dest.default" install ||
		fail "make install without PREFIX failed"
	[ -x "$dest.default/usr/local/bin/pidfd-run" ] &&
		[ -f "$dest.default/usr/local/share/man/man1/pidfd-run.1" ] ||
		fail "default PREFIX is not /usr/local"
	make -s -C "$srcdir" O="$(dirname "$run")" DESTDIR="$dest" PREFIX=/usr uninstall ||
		fail "make uninstall failed"
	[ -z "$(find "$dest" ! -type d)" ] || fail "make uninstall left files"
}

# A kernel without the flags, emulated: clone3() fails with EINVAL.
noclone3() {
	[ -x "$helper" ] || skip "no $helper (make -C tools/pidfd-run)"
	"$helper" "$@" 2>err
}

# the hint names the series and where it is
expect_fix_hint() {
	expect_err "needs? a kernel with the pidfd lifecycle series for Linux 6\\.12 \\(patches/ in pidfd-run's source tree\\) or Linux 7\\.1 or later$"
}

test_unsupported_autoreap_named() {
	noclone3 "$run" --autoreap -- true
	expect_rc 125 $?
	expect_err '^pidfd-run: .*does not support CLONE_AUTOREAP \(--autoreap\)'
	expect_fix_hint
}

test_unsupported_nnp_named() {
	noclone3 "$run" --report --nnp -- true
	expect_rc 125 $?
	expect_err '^pidfd-run: .*does not support CLONE_NNP \(--nnp\)'
	expect_fix_hint
}

test_unsupported_autokill_named() {
	noclone3 "$run" --nnp --autokill -- true
	expect_rc 125 $?
	expect_err '^pidfd-run: .*does not support CLONE_AUTOREAP \(implied by --autokill\)'
	expect_fix_hint
}

test_no_clone3_at_all() {
	noclone3 -e 38 "$run" --autoreap -- true
	expect_rc 125 $?
	expect_err '^pidfd-run: clone3\(\) is not available on this kernel \(ENOSYS\)'
	expect_fix_hint
}

test_version_unsupported() {
	local flag

	noclone3 "$run" --version >out
	expect_rc 0 $?
	for flag in CLONE_AUTOREAP CLONE_NNP CLONE_PIDFD_AUTOKILL; do
		grep -Eq "^ +--[a-z]+ +$flag +not supported$" out || { cat out; fail "$flag not reported unsupported"; }
	done
}

# the cases, in the order they are written above, or those asked for
cases=$(sed -n 's/^test_\([a-z0-9_]*\)() {$/\1/p' "$self")
[ -n "$cases" ] || { echo "$0: no test cases found in $self" >&2; exit 1; }
if [ $# -gt 0 ]; then
	for c in "$@"; do
		echo "$cases" | grep -qx "$c" || { echo "$0: no test case $c" >&2; exit 2; }
	done
	cases=$(printf '%s\n' "$@")
fi

echo "# TAP version 13"
echo "# 1..$(echo "$cases" | wc -l)"
n=0
pass=0
failed=0
skipped=0
for c in $cases; do
	n=$((n + 1))
	rm -f "$tmp/skip-reason" "$tmp/err" "$tmp/out"
	("test_$c") >"$tmp/log" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		pass=$((pass + 1))
		echo "# ok $n $c"
	elif [ $rc -eq 4 ]; then
		skipped=$((skipped + 1))
		echo "# ok $n $c # SKIP $(cat "$tmp/skip-reason" 2>/dev/null)"
	else
		failed=$((failed + 1))
		echo "# not ok $n $c"
		tail -n 20 "$tmp/log" | sed 's/^/# # /'
	fi
done
echo "# # Totals: pass:$pass fail:$failed xfail:0 xpass:0 skip:$skipped error:0"
if [ $failed -eq 0 ]; then
	echo "ok 1 selftests: ${PIDFD_RUN_COLLECTION:-pidfd-run}: test-pidfd-run"
	exit 0
fi
echo "not ok 1 selftests: ${PIDFD_RUN_COLLECTION:-pidfd-run}: test-pidfd-run"
exit 1
