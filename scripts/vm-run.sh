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
set -e
. "$(dirname "$0")/lib.sh"

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

# --verbose puts the kernel's console next to CMD's output, so that a
# report from the guest kernel is never lost, even when it panics.
set +e
if [ -n "$log" ]; then
	timeout -k 20 "$secs" vng "${args[@]}" --verbose --exec "$cmd" </dev/null 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
else
	timeout -k 20 "$secs" vng "${args[@]}" --exec "$cmd" </dev/null
	rc=$?
fi
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	echo "$prog: guest did not power off within $secs s: killed" >&2
	exit 124
fi
exit $rc
