#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: scripts/vm-run.sh [-k KERNEL] [-t SECONDS] [-l LOG] [CMD]
#
# Boot KERNEL (default: build/kernel/arch/x86/boot/bzImage) with virtme-ng,
# the host root shared into the guest copy-on-write, and run CMD in it as
# root; without CMD, open an interactive shell.  Exits with CMD's status.
#
# QEMU's TCG is used (KVM was seen to hang a guest on this kind of machine);
# a guest that has not powered off after SECONDS (default 900) is killed and
# the exit status is 124.  With -l the whole console (kernel log included)
# also goes to LOG.  VNG_OPTS adds options to vng, for example
# VNG_OPTS="--cpus 1 -o '-icount shift=1'".
#
# Under TCG the guest's TSC is the host's TSC as read by rdtsc.  A host
# that does not keep time with its TSC (a VM that uses kvm-clock, say) may
# see it jump: one such jump moved a guest's clock by 3.7 hours at once,
# firing soft-lockup reports and test timeouts.  So unless the host's
# clocksource is tsc, or -icount makes the TSC count instructions, the
# guest is booted with tsc=unstable and keeps time with the HPET.
#
# Ctrl-C (SIGINT), SIGTERM and SIGHUP stop the guest and every process it
# runs on the host (QEMU, vng, tee) at once; vm-run then dies of that
# signal (exit status 130, 143, 129).  So does the death of vm-run's parent:
# make and the scripts that run vm-run die of a SIGTERM without passing it
# on.
set -e
. "$(dirname "$0")/lib.sh"

# The parent's death as a SIGTERM: set before exec, it stays with vm-run.
if [ -z "$VM_RUN_PDEATHSIG" ]; then
	VM_RUN_PDEATHSIG=1 exec setpriv --pdeathsig TERM "$0" "$@"
fi
unset VM_RUN_PDEATHSIG

kernel=$B/kernel/arch/x86/boot/bzImage
secs=900
log=

usage() {
	echo "usage: $0 [-k KERNEL] [-t SECONDS] [-l LOG] [CMD]" >&2
	exit 2
}

while getopts k:t:l:h opt; do
	case $opt in
	k) kernel=$OPTARG ;;
	t) secs=$OPTARG ;;
	l) log=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -le 1 ] || usage
cmd=$1

[ -f "$kernel" ] || { echo "$prog: no kernel image at $kernel (make build?)" >&2; exit 2; }
command -v vng >/dev/null || { echo "$prog: vng not found (scripts/install-deps.sh)" >&2; exit 2; }

eval "extra=($VNG_OPTS)"
host_cs=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null)
if [ "$host_cs" != tsc ] && [[ $VNG_OPTS != *-icount* ]]; then
	extra+=(--append tsc=unstable)
fi
args=(--run "$kernel" --disable-kvm --force-9p --cpus 2 --memory 2G --cwd "$PWD"
      "${extra[@]}")

if [ -z "$cmd" ]; then
	exec vng "${args[@]}"
fi

# group_alive PGID: a process of the group has not exited yet
group_alive() {
	ps -eo pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { f = 1 } END { exit !f }'
}

# stop SIG: end the guest's process group, then vm-run by SIG.  TERM first,
# so that QEMU exits cleanly; KILL for what is left after 5 s.
guest=
teepid=
stop() {
	trap '' INT TERM HUP
	if [ -n "$guest" ]; then
		echo "$prog: SIG$1: stopping the guest" >&2
		kill -TERM -- -"$guest" "$guest" 2>/dev/null
		for _ in $(seq 50); do
			group_alive "$guest" || break
			sleep 0.1
		done
		kill -KILL -- -"$guest" 2>/dev/null
		wait "$guest"
	fi
	[ -z "$teepid" ] || wait "$teepid"
	trap - "$1"
	kill -"$1" $$
}
trap 'stop INT' INT
trap 'stop TERM' TERM
trap 'stop HUP' HUP

# The guest runs in the background, since bash runs a trap only once the
# command in the foreground has ended, and in a process group of its own
# (timeout makes one), which the terminal's Ctrl-C does not reach: stop()
# ends it.  A QEMU left running would hold the build lock when vm-run runs
# under it (the lock's fd is inherited).  tee -i keeps the log going to the
# guest's end.  --verbose puts the kernel's console next to CMD's output, so
# that a report from the guest kernel is never lost, even when it panics.
set +e
if [ -n "$log" ]; then
	exec 3> >(exec tee -i "$log")
	teepid=$!
	timeout -k 20 "$secs" vng "${args[@]}" --verbose --exec "$cmd" </dev/null >&3 2>&1 &
	guest=$!
	exec 3>&-
else
	timeout -k 20 "$secs" vng "${args[@]}" --exec "$cmd" </dev/null &
	guest=$!
fi
wait "$guest"
rc=$?
# Then tee has the guest's last words.
[ -z "$teepid" ] || wait "$teepid"
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	echo "$prog: guest did not power off within $secs s: killed" >&2
	exit 124
fi
exit $rc
