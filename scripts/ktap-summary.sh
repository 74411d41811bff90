#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: scripts/ktap-summary.sh GUEST_LOG [ADDED_TESTS]
#
# Read the console log of a guest that ran kselftests (KTAP, as
# kselftest's runner prints it, with the kernel's own messages around it)
# and end with the line "N passed, N failed, N skipped".  Exits 1 when a
# test failed, when the guest did not get to the end ("guest: selftests
# done"), when the kernel reported a problem (BUG, WARNING, Oops, KASAN,
# lockdep, RCU stall, hung task, a kmemleak leak), or when one of ADDED_TESTS
# (the test programs the series adds, space-separated) skipped a test.
[ $# -ge 1 ] || { echo "usage: $0 GUEST_LOG [ADDED_TESTS]" >&2; exit 2; }
log=$1
added=" $2 "
[ -f "$log" ] || { echo "ktap: no guest log at $log"; echo "0 passed, 0 failed, 0 skipped"; exit 1; }

# Per test program: the harness prints "# ok N name" / "# not ok N name"
# for each test case, the runner "ok N selftests: T: prog" for the program.
tr -d '\r' <"$log" | awk -v added="$added" '
/^# (not )?ok [0-9]+ / {
	line = substr($0, 3)
	if (line ~ /^not ok/) { nf++; failed_cases = failed_cases "\n  " line }
	else if (line ~ /# [Ss][Kk][Ii][Pp]/) { ns++; skipped_cases = skipped_cases "\n  " line }
	else np++
	next
}
/^(not )?ok [0-9]+ selftests: / {
	prog = $0; sub(/ #.*/, "", prog); sub(/.*: /, "", prog)
	if ($0 ~ /^not ok/ && nf == 0) {
		# The program failed without a failing case: crash, timeout.
		nf = 1; failed_cases = failed_cases "\n  " $0
	} else if (np + nf + ns == 0) {
		if ($0 ~ /# SKIP/) ns = 1; else if ($0 ~ /^ok/) np = 1
	}
	if (ns && index(added, " " prog " ")) {
		bad_skip = bad_skip "\n  " prog ": " ns " skipped" skipped_cases
	}
	pass += np; fail += nf; skip += ns; progs++
	np = nf = ns = 0; skipped_cases = ""
	next
}
/^guest: selftests done/ { done = 1 }
/^kmemleak: unreferenced object/ { reports = reports "\n  " $0 }
/^\[ *[0-9]+\.[0-9]+\] / && /(BUG:|WARNING:|Oops|KASAN:|UBSAN:|suspected memory leak|general protection fault|Kernel panic|possible (circular|recursive) locking|inconsistent lock state|lock held when returning|INFO: rcu|rcu_.*detected stall|blocked for more than|soft lockup)/ {
	reports = reports "\n  " $0
}
END {
	status = 0
	if (np + nf + ns) {
		# Cases after the last program result: a program cut short.
		print "ktap: " np + nf + ns " test results without the result line of their program"
		pass += np; fail += nf; skip += ns; status = 1
	}
	if (failed_cases != "") print "failed:" failed_cases
	if (!done) { print "guest: did not finish the selftests (hung, crashed or timed out)"; status = 1 }
	if (progs == 0) { print "ktap: no test program results found"; status = 1 }
	if (reports != "") { print "kernel reported problems:" reports; status = 1 }
	if (bad_skip != "") { print "tests added by the series skipped on the patched kernel:" bad_skip; status = 1 }
	if (fail) status = 1
	printf "%d passed, %d failed, %d skipped\n", pass, fail, skip
	exit status
}'
