# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by scripts/tour.sh and tools/pidfd-run/test-pidfd-run.sh: the
# shell helpers they share, bounded waits on processes seen through /proc
# and ps.  Every wait gives up after $wait_secs seconds (default 10) of
# the clock, however slow the machine.

: "${wait_secs:=10}"

# state PID: the State letter of PID, nothing if it is gone
state() {
	sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null
}

# wait_child PPID COMM: print the pid of PPID's child COMM once it exists
wait_child() {
	local end=$((SECONDS + wait_secs)) pid
	while :; do
		pid=$(ps -o pid=,comm= --ppid "$1" | awk -v c="$2" '$2 == c { print $1; exit }')
		[ -n "$pid" ] && { echo "$pid"; return 0; }
		[ "$SECONDS" -lt "$end" ] || return 1
		sleep 0.1
	done
}

# wait_state PID STATES: until PID's state is one of STATES ("gone": no PID)
wait_state() {
	local end=$((SECONDS + wait_secs)) s
	while :; do
		s=$(state "$1")
		case " $2 " in
		*" ${s:-gone} "*) return 0 ;;
		esac
		[ "$SECONDS" -lt "$end" ] || break
		sleep 0.1
	done
	echo "pid $1: state ${s:-gone} after $wait_secs s, expected one of: $2"
	return 1
}

# zombies_of PID: PID's children that are zombies
zombies_of() {
	ps -o pid=,stat= --ppid "$1" | awk '$2 ~ /^Z/ { print $1 }'
}
