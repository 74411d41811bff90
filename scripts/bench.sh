#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: scripts/bench.sh [-B] [-r REPS] [-k ITERS] [-c N,N,...] [-n MEMPROCS] [-t SECONDS]
#                         [-s 'PIDFD_BENCH_ARGS']
#
# The benchmark ("make bench"): what the series costs the paths every
# process takes, and what its new paths cost.
#
# Builds the base kernel (tag "base" of build/linux, exported once into
# build/linux-base) and the patched one with the same config, and
# bench/pidfd-bench.c.  Boots the two kernels alternately, base, patched,
# base, patched, on one emulated CPU whose clock advances with the
# instructions it executes (QEMU -icount), so that the host's load does
# not move the figures, and runs pidfd-bench in each.  Each kernel is
# booted twice: the difference between its two boots (A/A) is the noise
# floor a patched/base ratio is judged against.
#
# Prints a table (median time per operation on base and patched, the
# ratio, the A/A noise, the memory an exit record costs) and draws it into
# build/bench/bench.png.  Raw results and logs: build/bench/.
#
#   -r, -k, -c, -n  passed to pidfd-bench (repetitions, iterations per
#                   repetition, other live children, memory children)
#   -t SECONDS      timeout of each boot (default 1200)
#   -B              do not build the kernels: boot the images there are
#   -s ARGS         the second pass: base, patched, base, patched again, on
#                   two vCPUs (still -icount), running pidfd-bench ARGS
#                   (default "-r REPS -k ITERS -c 1 -n 0"; -s '' skips
#                   it), for the rows that need another CPU: pidfd_open
#                   racing a fork/exit storm (pidfd_open_storm) and its
#                   control, pidfd_open_live; its table follows the first
#
# Kernel builds take the workbench's build lock (scripts/build-kernel.sh),
# and so does each boot here: a build never runs during a timed boot.
set -e -o pipefail
. "$(dirname "$0")/lib.sh"
cd "$top"
out=$B/bench
logs=$out

reps=15
iters=100
children=1,100,10000
memprocs=10000
secs=1200
build=1
storm=default

usage() {
	echo "usage: $0 [-B] [-r REPS] [-k ITERS] [-c N,N,...] [-n MEMPROCS] [-t SECONDS] [-s ARGS]" >&2
	exit 2
}

while getopts Br:k:c:n:t:s:h opt; do
	case $opt in
	B) build= ;;
	r) reps=$OPTARG ;;
	k) iters=$OPTARG ;;
	c) children=$OPTARG ;;
	n) memprocs=$OPTARG ;;
	t) secs=$OPTARG ;;
	s) storm=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage
[ "$storm" != default ] || storm="-r $reps -k $iters -c 1 -n 0"

# One CPU (two for -s), enough memory for 10,000 live children under
# threads-max, and a guest clock that counts instructions (2 ns each)
# instead of host time.
vng_opts="--memory 4G -o '-icount shift=1' $VNG_OPTS"

mkdir -p "$out"
t0=$(date +%s)

# The base tree: a plain export of the tag (no worktree: build/linux's
# state belongs to the developer), made again only when "base" moved.
export_base() {
	local want
	want=$(git -C "$B/linux" rev-parse base)
	if [ -f "$B/linux-base/Makefile" ] &&
	   [ "$(cat "$B/linux-base/.base-commit" 2>/dev/null)" = "$want" ]; then
		echo "build/linux-base is base $want already"
		return 0
	fi
	rm -rf "$B/linux-base"
	mkdir -p "$B/linux-base"
	git -C "$B/linux" archive base | tar -x -C "$B/linux-base"
	echo "$want" >"$B/linux-base/.base-commit"
}

build_bench() {
	gcc -O2 -Wall -Wextra -Werror -static -I"$top/tools/include" -o "$out/pidfd-bench" "$top/bench/pidfd-bench.c"
	gcc -O2 -Wall -Wextra -Werror -static -o "$out/true-static" "$top/bench/true-static.c"
}

# boot KERNEL RESULTS CPUS ARGS...: pidfd-bench ARGS in a guest of KERNEL
# with CPUS vCPUs.  Both programs are copied to the guest's tmpfs: exec
# and page faults must not go to the host over 9p while they are timed.
boot() {
	local kernel=$1 res=$2 cpus=$3
	shift 3
	VNG_OPTS="--cpus $cpus $vng_opts" with_build_lock scripts/vm-run.sh -k "$kernel" -t "$secs" \
		"cp $out/pidfd-bench $out/true-static /var/tmp/ && /var/tmp/pidfd-bench $* -t /var/tmp/true-static" \
		>"$res"
	grep -q '^op=' "$res" || { echo "bench: no results in $res"; return 1; }
	! grep -E ' error=' "$res"
}

[ -d "$src/.git" ] || die "no $src (make tree)"
command -v gnuplot >/dev/null || die "gnuplot not found (scripts/install-deps.sh)"

if [ -n "$build" ]; then
	phase base-tree export_base || exit 1
	phase base-kernel scripts/build-kernel.sh "$B/linux-base" "$B/kernel-base" config/pidfd.config || exit 1
	phase kernel scripts/build-kernel.sh "$src" "$B/kernel" config/pidfd.config || exit 1
fi
phase bench-build build_bench || exit 1

# passes LABEL CPUS ARGS...: base, patched, base, patched; results in
# $out/LABEL-N-KIND.txt
passes() {
	local label=$1 cpus=$2 n=0 k img
	shift 2
	rm -f "$out/$label"-*.txt
	for k in base patched base patched; do
		n=$((n + 1))
		case $k in
		base) img=$B/kernel-base/arch/x86/boot/bzImage ;;
		patched) img=$B/kernel/arch/x86/boot/bzImage ;;
		esac
		phase "$label$n-$k" boot "$img" "$out/$label-$n-$k.txt" "$cpus" "$@" || exit 1
	done
}

passes run 1 -r "$reps" -k "$iters" -c "$children" -n "$memprocs"
if [ -n "$storm" ]; then
	# shellcheck disable=SC2086
	passes storm 2 $storm
fi

# The table.  A value is the mean of the two boots' medians; A/A is the
# difference between those two medians in % of their mean.
table() {
	awk '
	function fld(name,   i) {
		for (i = 1; i <= NF; i++)
			if (index($i, name "=") == 1)
				return substr($i, length(name) + 2)
		return ""
	}
	function pct(x) { return sprintf("%+.2f%%", x) }
	FNR == 1 {
		kind = FILENAME; sub(/.*-[0-9]+-/, "", kind); sub(/\.txt$/, "", kind)
		boot[kind]++
	}
	/^op=/ && / median_us=/ {
		key = fld("op") " " fld("children")
		# Rows in the order the patched kernel, which runs them all, ran them.
		if (kind == "patched" && !(key in seen)) {
			seen[key] = 1
			order[++nkeys] = key
		}
		med[kind, boot[kind], key] = fld("median_us") + 0
		v = fld("min_us") + 0
		if (!((kind, key) in lo) || v < lo[kind, key])
			lo[kind, key] = v
		v = fld("max_us") + 0
		if (!((kind, key) in hi) || v > hi[kind, key])
			hi[kind, key] = v
	}
	/^mem=/ && / bytes_per_proc=/ {
		mkey = fld("mem")
		if (!(mkey in mseen)) { mseen[mkey] = 1; morder[++nm] = mkey }
		mem[kind, mkey] += fld("bytes_per_proc")
		held[kind, mkey] += fld("held_bytes_per_proc")
		mn[kind, mkey]++
		mn_n[mkey] = fld("n")
	}
	/^mem=cache / { cache[kind] = $0 }
	function val(k, key) {
		if (((k, 1, key) in med) && ((k, 2, key) in med))
			return (med[k, 1, key] + med[k, 2, key]) / 2
		return ""
	}
	function aa(k, key,   m) {
		m = val(k, key)
		if (m == "")
			return ""
		return 100 * (med[k, 1, key] - med[k, 2, key]) / m
	}
	function abs(x) { return x < 0 ? -x : x }
	function memval(arr, k, key) {
		return mn[k, key] ? sprintf("%.1f", arr[k, key] / mn[k, key]) : "-"
	}
	END {
		printf "%-22s %8s %11s %11s %8s %9s %9s  %s\n", "operation", "children",
		       "base_us", "patched_us", "diff", "A/A base", "A/A patch", "verdict"
		for (i = 1; i <= nkeys; i++) {
			split(order[i], a, " ")
			b = val("base", order[i]); p = val("patched", order[i])
			if (b == "" && p == "")
				continue
			ab = aa("base", order[i]); ap = aa("patched", order[i])
			if (b == "") {
				printf "%-22s %8s %11s %11.2f %8s %9s %9s  %s\n", a[1], a[2],
				       "-", p, "-", "-", pct(ap), "patched only"
				dat = dat sprintf("%s/%s ? ? ? %.3f %s %s\n", a[1], a[2], p,
						  lo["patched", order[i]], hi["patched", order[i]])
				continue
			}
			d = 100 * (p / b - 1)
			noise = abs(ab) > abs(ap) ? abs(ab) : abs(ap)
			verdict = abs(d) <= noise ? "within A/A" : "outside A/A"
			# The targets: fork+exit+wait and posix_spawn cost the same.
			if (a[1] == "fork_wait" || a[1] == "spawn_true") {
				verdict = verdict (abs(d) <= 1 ? ", within 1 %" : ", OVER 1 %")
				ntarget++
				if (abs(d) <= 1 && abs(d) <= noise)
					nmet++
			}
			printf "%-22s %8s %11.2f %11.2f %8s %9s %9s  %s\n", a[1], a[2],
			       b, p, pct(d), pct(ab), pct(ap), verdict
			dat = dat sprintf("%s/%s %.3f %s %s %.3f %s %s\n", a[1], a[2], b,
					  lo["base", order[i]], hi["base", order[i]], p,
					  lo["patched", order[i]], hi["patched", order[i]])
			rdat = rdat sprintf("%s/%s %.3f %.3f\n", a[1], a[2], d, noise)
		}
		printf "\ntarget (fork_wait, spawn_true: within 1 %% and within A/A noise): met in %d of %d rows\n",
		       nmet, ntarget
		printf "\npatched kernel: the lifecycle flags against waiting for a child\n"
		for (i = 1; i <= nkeys; i++) {
			split(order[i], a, " ")
			if (a[1] != "fork_wait")
				continue
			c = a[2]
			f = val("patched", "fork_wait " c)
			w = val("patched", "clone3_wait " c)
			pw = val("patched", "clone3_pidfd_wait " c)
			ar = val("patched", "autoreap_pidfd_info " c)
			nw = val("patched", "autoreap_nowait " c)
			if (f == "" || ar == "")
				continue
			printf "  children=%-6s autoreap_pidfd_info/fork_wait %.3f  autoreap_pidfd_info/clone3_pidfd_wait %.3f  autoreap_nowait/clone3_wait %.3f\n",
			       c, ar / f, ar / pw, nw / w
		}
		printf "\nkernel memory per exited process, bytes (Slab of /proc/meminfo, mean of the boots):\n"
		printf "delta = whole round / n, held = given back when the pidfds were closed / n\n"
		printf "  %-22s %6s %12s %12s %14s %14s\n", "children", "n", "base delta",
		       "base held", "patched delta", "patched held"
		for (i = 1; i <= nm; i++) {
			k = morder[i]
			printf "  %-22s %6s %12s %12s %14s %14s\n", k, mn_n[k],
			       memval(mem, "base", k), memval(held, "base", k),
			       memval(mem, "patched", k), memval(held, "patched", k)
		}
		if ("patched" in cache)
			printf "  patched: %s\n", cache["patched"]
		printf "%s", dat > DAT
		printf "%s", rdat > RDAT
	}' DAT="$out/${dat:-bench}.dat" RDAT="$out/${dat:-bench}-ratio.dat" "$@"
}

chart() {
	gnuplot <<EOF
set terminal pngcairo size 1400,1000 font "sans,10" noenhanced
set output "$out/bench.png"
set multiplot layout 2,1 title "pidfd-bench on QEMU TCG, 1 CPU, -icount shift=1 (guest time counts instructions), ASLR off; label: operation/other live children"
set datafile missing "?"
set style data histograms
set style fill solid 0.7 border -1
set boxwidth 0.9
set grid ytics
set xtics rotate by -45 font "sans,8" nomirror
set key top right
set rmargin 8

set title "median time per iteration, mean of two boots (error bars: min-max over repetitions of both boots)"
set ylabel "microseconds (log scale)"
set logscale y
set yrange [0.5:*]
set style histogram errorbars gap 1 lw 1
plot "$out/bench.dat" using 2:3:4:xtic(1) title "base 6.12" linecolor rgb "#4477aa", \
     "" using 5:6:7 title "patched" linecolor rgb "#ee6677"

set title "patched / base - 1, in % (error bars: A/A noise floor, the larger difference between two boots of one kernel)"
set ylabel "%"
unset logscale y
set yrange [*<-3:3<*]
set style histogram errorbars gap 2 lw 1
plot "$out/bench-ratio.dat" using 2:(\$2-\$3):(\$2+\$3):xtic(1) title "patched vs base" linecolor rgb "#ee6677", \
     1 with lines dashtype 2 linecolor rgb "#444444" title "+-1 % target", \
     -1 with lines dashtype 2 linecolor rgb "#444444" notitle
unset multiplot
EOF
}

table "$out"/run-1-base.txt "$out"/run-2-patched.txt "$out"/run-3-base.txt \
	"$out"/run-4-patched.txt | tee "$out/table.txt"
phase chart chart || exit 1
if [ -n "$storm" ]; then
	echo
	echo "two vCPUs: pidfd-bench $storm"
	dat=bench-storm table "$out"/storm-1-base.txt "$out"/storm-2-patched.txt \
		"$out"/storm-3-base.txt "$out"/storm-4-patched.txt | tee "$out/table-storm.txt"
fi
echo "bench: total $(($(date +%s) - t0)) s; table: $out/table.txt; chart: $out/bench.png"
