#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: scripts/ktap-summary.sh GUEST_LOG [ADDED_TESTS [EXPECTED_PROGRAMS]]
#
# Read the console log of a guest that ran scripts/guest-selftests.sh
# (KTAP, as kselftest's runner prints it, with the kernel's own messages
# around it) and end with the line "N passed, N failed, N skipped".
#
# ADDED_TESTS: the test programs the series adds, space-separated; a skip
# in one of them is a failure.  EXPECTED_PROGRAMS: every program that
# must report, space-separated (lib.sh's test_summary gives the list).
# A program is named as kselftest's runner names it, without the
# collection for the pidfd collection ("pidfd_test"), with it for any
# other ("pidfd-i386/pidfd_test", "pidfd-run/test-pidfd-run").
#
# Each of these counts one failure or more, on top of the failed cases,
# so that a run that exits non-zero never says "0 failed":
#   - an expected program without its result line ("ok N selftests: ..."),
#   - a program without its KTAP plan ("1..N") or totals ("# Totals: "),
#     with fewer or more results than planned, cut short, or "not ok"
#     without a failing case (crash, timeout),
#   - "make run_tests" in the guest returned non-zero,
#   - the guest did not get to "guest: selftests done",
#   - each kernel report (scripts/kernel-reports.ere) on a console line
#     or in the guest's dmesg, and each kmemleak object,
#   - each case of ADDED_TESTS that skipped (counted failed, not skipped).
# Exits 1 when anything failed.
. "$(dirname "$0")/lib.sh"
[ $# -ge 1 ] && [ $# -le 3 ] ||
	{ echo "usage: $0 GUEST_LOG [ADDED_TESTS [EXPECTED_PROGRAMS]]" >&2; exit 2; }
log=$1
# Programs of the base tree that print their results and totals but no
# plan: 6.12's pidfd_poll_test never calls ksft_set_plan().  For these
# alone a missing plan is allowed (results and totals are still needed);
# take a name out once the tree prints its plan.
no_plan_ok="pidfd_poll_test pidfd-i386/pidfd_poll_test"
if [ ! -f "$log" ]; then
	echo "ktap: no guest log at $log"
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
fi

# A kernel message printed in the middle of a KTAP line splits it: "# ok
# 32[  816.84] coredump: ..." and " name" on the next line.  Put the
# message on a line of its own and join the KTAP line again.
unsplit() {
	awk '
	pending != "" { $0 = pending $0; pending = "" }
	substr($0, 1, 7) != "dmesg: " && match($0, /\[ *[0-9]+\.[0-9]+\] /) && RSTART > 1 {
		print substr($0, RSTART)
		pending = substr($0, 1, RSTART - 1)
		next
	}
	{ print }
	END { if (pending != "") print pending }'
}

# The patterns go through ENVIRON: awk -v would eat their backslashes.
tr -d '\r' <"$log" | unsplit | REPORTS=$(report_ere) ADDED=" $2 " EXPECTED="$3" NO_PLAN_OK=" $no_plan_ok " awk '
function counted(line) {
	if (line ~ /^not ok/) { nf++; failed_cases = failed_cases "\n  " prog ": " line }
	else if (line ~ /# [Ss][Kk][Ii][Pp]/) { ns++; skipped_cases = skipped_cases "\n  " line }
	else np++
}
# a problem of the current program: it fails, with at least one failure
function broken(why) {
	problems = problems "\n  " prog ": " why
	if (!nf) nf = 1
}
function close_program() {
	if (ns && index(ENVIRON["ADDED"], " " prog " ")) {
		bad_skip = bad_skip "\n  " prog ": " ns " skipped" skipped_cases
		nf += ns; ns = 0
	}
	pass += np; fail += nf; skip += ns
	np = nf = ns = 0
	reported[prog] = 1
	progs++
	in_prog = 0
}
function start(name) {
	prog = name; in_prog = 1
	np = nf = ns = 0; plan = -1; plan_skip = 0; totals = 0; skipped_cases = ""
}
function report(line,   key) {
	key = line
	sub(/^dmesg: /, "", key)
	sub(/^\[ */, "[", key)
	if (key in seen) return
	seen[key] = 1
	nreports++
	reports = reports "\n  " line
}
BEGIN { prog = "(no program)"; plan = -1 }

# "selftests: COLLECTION: NAME" as the name of a program, the collection
# left out for the programs of pidfd itself
function program(line,   coll) {
	sub(/^.*selftests: /, "", line)
	sub(/ #.*/, "", line)
	coll = line; sub(/: .*/, "", coll)
	sub(/^[^ ]+: /, "", line)
	return coll == "pidfd" ? line : coll "/" line
}
/^# selftests: [^ ]+: / {
	name = program($0)
	if (in_prog) { broken("cut short: no result line"); close_program() }
	start(name)
	next
}
in_prog && /^# 1\.\.[0-9]+/ {
	plan = substr($2, 4) + 0
	if ($0 ~ /# SKIP/) plan_skip = 1
	next
}
in_prog && /^# # Totals: / { totals = 1; next }
/^# (not )?ok [0-9]+ / { counted(substr($0, 3)); next }
/^(not )?ok [0-9]+ selftests: / {
	name = program($0)
	if (!in_prog || name != prog) {
		if (in_prog) { broken("cut short: no result line"); close_program() }
		start(name)
	}
	results = np + nf + ns
	# what the runner said: "# exit=1", "# TIMEOUT 600 seconds"
	note = index($0, " # ") ? " (runner: " substr($0, index($0, " # ") + 3) ")" : ""
	if (plan == 0 && plan_skip && results == 0) {
		ns = 1		# the whole program skipped: "1..0 # SKIP why"
		skipped_cases = "\n  " $0
	} else if (plan < 0 && !(index(ENVIRON["NO_PLAN_OK"], " " prog " ") && results)) {
		broken("printed no KTAP plan (1..N)" note)
	} else if (!totals) {
		broken("printed no totals line (# Totals: ...)" note)
	} else if (plan >= 0 && results != plan) {
		broken(results " results for a plan of " plan note)
	}
	if ($0 ~ /^not ok/ && !nf)
		broken("not ok without a failing case" note)
	close_program()
	next
}
/^guest: run_tests exit status [0-9]+$/ { run_tests = $NF + 0; run_tests_seen = 1; next }
/^guest: selftests done/ { done = 1; next }
/^kmemleak: unreferenced object/ { nleaks++; reports = reports "\n  " $0; next }
/^(\[ *[0-9]+\.[0-9]+\] |dmesg: )/ && $0 ~ ENVIRON["REPORTS"] { report($0) }
END {
	if (in_prog) {
		broken("cut short: no result line")
		close_program()
	} else if (np + nf + ns) {
		prog = "(no program)"
		broken(np + nf + ns " test results outside any program")
		pass += np; fail += nf; skip += ns
	}
	n = split(ENVIRON["EXPECTED"], expected, " ")
	for (i = 1; i <= n; i++) {
		if (!(expected[i] in reported)) {
			problems = problems "\n  " expected[i] ": did not report (not run, or its output is missing)"
			fail++
		}
	}
	if (n == 0 && progs == 0) {
		problems = problems "\n  no test program results found"
		fail++
	}
	if (run_tests_seen && run_tests != 0) {
		problems = problems "\n  make run_tests in the guest exited with status " run_tests
		fail++
	}
	if (!done) {
		problems = problems "\n  the guest did not finish the selftests (hung, crashed or timed out)"
		fail++
	}
	fail += nreports + nleaks
	if (failed_cases != "") print "failed:" failed_cases
	if (problems != "") print "harness:" problems
	if (reports != "") print "kernel reported problems:" reports
	if (bad_skip != "") print "tests added by the series skipped on the patched kernel (counted failed):" bad_skip
	printf "%d passed, %d failed, %d skipped\n", pass, fail, skip
	exit fail ? 1 : 0
}'
