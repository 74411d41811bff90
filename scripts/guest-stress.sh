#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: scripts/guest-stress.sh SECONDS
#
# Runs inside the guest (scripts/guest-selftests.sh, for make check-debug):
# Debian's stress-ng, an engine written by others, over the paths the series
# touches, for SECONDS, in two instances side by side: as root, processes
# created and ended every way (fork, vfork, clone, exit_group), reaped every
# way (wait, zombies, SIGCHLD), traced (ptrace), signalled (kill), in
# sessions and new namespaces (unshare), pidfds (pidfd), file descriptors
# passed over UNIX sockets (sockfd, sockpair), fanotify events and prctl();
# as nobody, what stress-ng runs only unprivileged (exec, spawn) with
# fork, pidfd, sockfd, zombie and wait.  Kernel reports are looked for by
# the caller, in the console and dmesg.
#
# The output is that of a kselftest program under kselftest's runner:
# stress-ng's own lines as "# # ...", "# ok N root" / "# ok N nobody" (or
# "not ok"), the totals, then "ok 1 selftests: stress: stress-ng" or
# "not ok ...".  An instance that fails a stressor or does not end within
# twice SECONDS fails.
[ $# -eq 1 ] && [ "$1" -gt 0 ] 2>/dev/null || { echo "usage: $0 SECONDS" >&2; exit 2; }
secs=$1
root_stressors="fork vfork clone exit-group wait zombie sigchld ptrace kill session
		unshare pidfd sockfd sockpair fanotify prctl"
user_stressors="exec spawn fork pidfd sockfd zombie wait"

# run NAME STRESSOR...: one stress-ng instance; its output in $dir/NAME.log
run() {
	local name=$1 s args=()
	shift
	for s in "$@"; do
		args+=(--"$s" 1)
	done
	(cd "$dir/$name" && timeout -k 30 $((secs * 2)) $as stress-ng "${args[@]}" \
		--timeout "${secs}s" --temp-path . --metrics-brief --times) >"$dir/$name.log" 2>&1
}

echo "# TAP version 13"
echo "# 1..2"
pass=0
fail=0
if ! command -v stress-ng >/dev/null; then
	echo "# # stress-ng is not installed (scripts/install-deps.sh installs it)"
	echo "# not ok 1 root"
	echo "# not ok 2 nobody"
	fail=2
else
	dir=$(mktemp -d /var/tmp/stress-ng.XXXXXX)
	chmod 755 "$dir"
	mkdir "$dir/root" "$dir/nobody"
	chown 65534:65534 "$dir/nobody"
	echo "# # stress-ng $(stress-ng --version | awk '{ print $3 }'), ${secs} s"
	# shellcheck disable=SC2086
	as= run root $root_stressors &
	# shellcheck disable=SC2086
	as="setpriv --reuid=65534 --regid=65534 --clear-groups" run nobody $user_stressors &
	wait
	n=0
	for name in root nobody; do
		n=$((n + 1))
		sed 's/^/# # /' "$dir/$name.log"
		if grep -q "successful run completed" "$dir/$name.log" &&
		   ! grep -qE "^stress-ng: (fail|error):" "$dir/$name.log"; then
			echo "# ok $n $name"
			pass=$((pass + 1))
		else
			echo "# not ok $n $name"
			fail=$((fail + 1))
		fi
	done
	rm -rf "$dir"
fi
echo "# # Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:0 error:0"
if [ $fail -eq 0 ]; then
	echo "ok 1 selftests: stress: stress-ng"
	exit 0
fi
echo "not ok 1 selftests: stress: stress-ng"
exit 1
