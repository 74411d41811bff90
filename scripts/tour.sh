#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: scripts/tour.sh PATH_TO_PIDFD_RUN
#
# Runs as root inside the guest that "make run" boots: a guided tour of
# the pidfd lifecycle features (CLONE_AUTOREAP, CLONE_NNP,
# CLONE_PIDFD_AUTOKILL, PIDFD_GET_INFO exit and coredump info) through
# pidfd-run.  Each step prints a heading, the commands, their output and
# what to notice, then [ok] or [FAILED]; the tour ends with a summary and
# exits 1 if a step failed.  It runs in a private mount namespace of its
# own (step 6 mounts a tmpfs) and puts core_pattern back as it found it.

[ $# -eq 1 ] || { echo "usage: $0 PATH_TO_PIDFD_RUN" >&2; exit 2; }
run=$(readlink -f "$1")
[ -x "$run" ] || { echo "tour: $1: not an executable" >&2; exit 2; }

if [ -z "$TOUR_MOUNT_NS" ]; then
	TOUR_MOUNT_NS=1 exec unshare -m --propagation private bash "$0" "$@"
fi

wait_secs=10
tmp=$(mktemp -d /var/tmp/tour.XXXXXX) || exit 1
chmod 755 "$tmp"
core_pattern=/proc/sys/kernel/core_pattern
saved_core_pattern=$(cat "$core_pattern")
cleanup() {
	printf '%s\n' "$saved_core_pattern" >"$core_pattern"
	[ -n "$bg" ] && kill -9 $bg 2>/dev/null
	cd /
	umount "$tmp/suid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
cd "$tmp" || exit 1
ulimit -S -c 0

# The commands shown say "pidfd-run", whatever the path given.
mkdir "$tmp/bin"
ln -s "$run" "$tmp/bin/pidfd-run"
helper=$(dirname "$run")/seccomp-noclone3
[ -x "$helper" ] && ln -s "$helper" "$tmp/bin/seccomp-noclone3"
export PATH=$tmp/bin:$PATH

steps=0
failed=
bg=

heading() {
	steps=$((steps + 1))
	printf '\n== %d. %s\n' "$steps" "$1"
}

# show CMD: print CMD, run it, print its output; $rc is its exit status
# and the file "out" its output.
show() {
	printf '  $ %s\n' "$1"
	eval "$1" >out 2>&1
	rc=$?
	sed 's/^/    /' out
	[ $rc -eq 0 ] || printf '    (exit status %d)\n' $rc
}

# say TEXT: what happens without a command of its own
say() {
	printf '  # %s\n' "$*"
}

notice() {
	printf '  -> %s\n' "$@"
}

verdict() {
	if [ "$1" -eq 0 ]; then
		echo "  [ok]"
	else
		echo "  [FAILED]"
		failed="$failed $steps"
	fi
}

# state, wait_child, wait_state
# shellcheck source=scripts/proc-wait.sh
. "$(dirname "$(readlink -f "$0")")/proc-wait.sh"

step_kernel() {
	local ok=0

	heading "the kernel and its clone3() flags"
	show "pidfd-run --version"
	[ $rc -eq 0 ] && [ "$(grep -cE '[A-Z_]+ +supported$' out)" -eq 4 ] || ok=1
	notice "the version, then what this kernel supports: each flag was tried" \
	       "with a child that exits at once."
	show "pidfd-run --autoreap --nnp --autokill --report -- true"
	[ $rc -eq 0 ] && grep -Eq '^pidfd-run: pid [0-9]+ exited with status 0$' out || ok=1
	notice "clone3() accepted CLONE_AUTOREAP, CLONE_NNP and CLONE_PIDFD_AUTOKILL" \
	       "together: the command ran and exited with status 0."
	if [ -x "$helper" ]; then
		say "a kernel without the series, emulated: clone3() fails with EINVAL"
		show "seccomp-noclone3 pidfd-run --autoreap -- true"
		[ $rc -eq 125 ] && grep -q 'does not support CLONE_AUTOREAP' out || ok=1
		notice "there pidfd-run names the flag the kernel lacks and the series that" \
		       "adds it, and exits 125: its own error, not the command's status."
	fi
	verdict $ok
}

# start_runner FLAGS SECS: "pidfd-run FLAGS -- sleep SECS &", shown;
# $runner is pidfd-run's pid, $child the sleep's
start_runner() {
	printf '  $ pidfd-run %s-- sleep %s &\n' "${1:+$1 }" "$2"
	pidfd-run $1 -- sleep "$2" &
	runner=$!
	bg=$runner
	child=$(wait_child "$runner" sleep)
}

# zombie_demo [FLAGS]: pidfd-run's child ends while pidfd-run is stopped
# and cannot reap it; print what ps sees.  $child is the child's pid.
zombie_demo() {
	local runner

	start_runner "$1" 2
	show "kill -STOP $runner"
	say "pidfd-run ($runner) is stopped: it cannot reap; its child $child runs sleep 2"
	wait_state "$child" "Z gone"
	show "ps -o pid,stat,comm --ppid $runner"
	kill -CONT "$runner"
	wait "$runner"
	bg=
}

step_autoreap() {
	local ok=0

	heading "--autoreap: no zombie"
	say "without --autoreap: the exited child waits as a zombie for its parent"
	zombie_demo ""
	[ -n "$child" ] && grep -Eq "^ *$child +Z" out || ok=1
	say "with --autoreap: the kernel reaps the child as it exits"
	zombie_demo --autoreap
	[ -n "$child" ] || ok=1
	grep -q "^ *$child " out && ok=1
	[ -z "$(state "$child")" ] || ok=1
	notice "the first ps shows the sleep as Z <defunct> until pidfd-run waits for it;" \
	       "the second shows no child at all: CLONE_AUTOREAP released it at exit," \
	       "and pidfd-run still read its exit status from the pidfd."
	verdict $ok
}

step_report() {
	local ok=0

	heading "--report: how the child ended, from PIDFD_GET_INFO"
	show "pidfd-run --autoreap --report -- sh -c 'exit 42'"
	[ $rc -eq 42 ] && grep -Eq 'pid [0-9]+ exited with status 42$' out || ok=1
	show "pidfd-run --autoreap --report -- sh -c 'kill -TERM \$\$'"
	[ $rc -eq 143 ] &&
		grep -Eq 'killed by signal 15 \(SIGTERM\), no core dump$' out || ok=1
	notice "the exact exit code (42), and death by SIGTERM as 128+15 = 143, as a" \
	       "shell reports it.  The child was autoreaped: nobody could wait() for" \
	       "it, the status came from ioctl(pidfd, PIDFD_GET_INFO, PIDFD_INFO_EXIT)."
	verdict $ok
}

step_coredump() {
	local ok=0 cmd expect py

	heading "coredump report: signal and si_code of the dump"
	if py=$(command -v python3); then
		cmd="pidfd-run --autoreap --report -- $py -c 'import ctypes; ctypes.string_at(0)'"
		expect='killed by signal 11 \(SIGSEGV\), core dumped, si_code 1 \(SEGV_MAPERR\)$'
	else
		cmd="pidfd-run --autoreap --report -- sh -c 'kill -QUIT \$\$'"
		expect='killed by signal 3 \(SIGQUIT\), core dumped, si_code 0 \(SI_USER\)$'
	fi
	show "echo '$tmp/core.%p' >$core_pattern"
	show "ulimit -S -c unlimited"
	show "$cmd"
	grep -Eq "$expect" out || ok=1
	show "ls $tmp | grep core"
	[ -s out ] || ok=1
	ulimit -S -c 0
	printf '%s\n' "$saved_core_pattern" >"$core_pattern"
	say "core_pattern is back to '$(cat "$core_pattern")'"
	notice "'core dumped' and the si_code of the signal that caused the dump" \
	       "(SEGV_MAPERR: a read of an unmapped address) come from PIDFD_INFO_COREDUMP," \
	       "although the child was already reaped when pidfd-run asked."
	verdict $ok
}

# autokill_demo FLAGS: SIGKILL pidfd-run; $child is what it ran
autokill_demo() {
	local runner

	start_runner "$1" 1000
	bg="$runner $child"
	show "ps -o pid,ppid,stat,comm -p $runner,$child"
	printf '  $ kill -9 %s\n' "$runner"
	# quiet: no "Killed" line from bash for its job
	{ kill -9 "$runner"; wait "$runner"; } 2>/dev/null
}

step_autokill() {
	local ok=0

	heading "--autokill: the child dies with its pidfd"
	say "without --autokill, the child outlives a killed pidfd-run"
	autokill_demo --autoreap
	[ -n "$child" ] || ok=1
	sleep 1
	show "ps -o pid,ppid,stat,comm -p $child"
	[ -n "$(state "$child")" ] || ok=1
	kill -9 "$child" 2>/dev/null
	say "with --autokill"
	autokill_demo "--autokill --nnp"
	[ -n "$child" ] || ok=1
	wait_state "$child" gone
	show "ps -o pid,ppid,stat,comm -p $child"
	[ -z "$(state "$child")" ] || ok=1
	bg=
	notice "the orphan sleep lives on, adopted (ppid 1); with --autokill the kernel" \
	       "SIGKILLed the sleep when pidfd-run's death closed the clone3() pidfd" \
	       "(CLONE_PIDFD_AUTOKILL), and it left no zombie (autoreap)."
	verdict $ok
}

step_nnp() {
	local ok=0 nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"

	heading "--nnp: a setuid-root program gains nothing"
	mkdir "$tmp/suid"
	say "a tmpfs without nosuid, in the tour's private mount namespace"
	show "mount -t tmpfs -o mode=755 tmpfs $tmp/suid"
	show "cp /usr/bin/id $tmp/suid/id && chmod 4755 $tmp/suid/id && ls -l $tmp/suid/id"
	say "as user nobody (65534), the setuid-root copy of id, without and with --nnp"
	show "$nobody pidfd-run -- $tmp/suid/id -u"
	[ $rc -eq 0 ] && [ "$(cat out)" = 0 ] || ok=1
	show "$nobody pidfd-run --nnp -- $tmp/suid/id -u"
	[ $rc -eq 0 ] && [ "$(cat out)" = 65534 ] || ok=1
	show "pidfd-run --nnp -- grep NoNewPrivs /proc/self/status"
	grep -Eq 'NoNewPrivs:[[:space:]]+1' out || ok=1
	notice "without --nnp the setuid bit made id run with euid 0; with --nnp" \
	       "(CLONE_NNP: the child starts with no_new_privs) the exec granted" \
	       "nothing and the euid stayed 65534."
	verdict $ok
}

start=$SECONDS
echo "pidfd-run tour: $run"
step_kernel
step_autoreap
step_report
step_coredump
step_autokill
step_nnp

echo
if [ -z "$failed" ]; then
	echo "tour: all $steps steps ok ($((SECONDS - start)) s)"
	exit 0
fi
echo "tour: steps failed:$failed (of $steps; $((SECONDS - start)) s)"
exit 1
