#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: scripts/check-oracle.sh
#
# Mainline as an oracle ("make check-oracle", docs/oracle.md): run the
# same clone3() and PIDFD_GET_INFO scenarios (tools/oracle/pidfd-oracle.c)
# on the patched 6.12 kernel and on Debian's newest linux-source-7.2,
# built alike (x86_64 tinyconfig + config/pidfd.config), and compare what
# they print, line by line.  A line that differs fails the check unless a
# row of the table of intended differences in docs/oracle.md allows it.
#
# linux-source-7.2 is in forky and sid, which the machine's apt sources do
# not list: a private apt state in build/oracle/apt, with the archive URI
# of the machine's own Debian entry (lib.sh: debian_uri), finds and fetches
# it without touching the machine's apt configuration.  It is unpacked
# once, in build/oracle/linux (about 1.5 GB); the kernel is built in
# build/oracle/kernel, the patched one as "make build" does.  Outputs and
# the comparison go to build/oracle/out/, logs to build/logs/oracle/.
#
# GUEST_TIMEOUT (default 1800) bounds each guest, in seconds.
set -e -o pipefail
. "$(dirname "$0")/lib.sh"
cd "$top"

[ $# -eq 0 ] || { echo "usage: $0" >&2; exit 2; }

od=$B/oracle
logs=$B/logs/oracle
outd=$od/out
known=$top/docs/oracle.md
guest_timeout=${GUEST_TIMEOUT:-1800}
mkdir -p "$od" "$logs" "$outd"
t0=$(date +%s)

# In a phase: say what failed, and fail (die would end the script
# before the phase could report).
fail() {
	echo "check-oracle: $*"
	return 1
}

stop() {
	echo "check-oracle: total $(($(date +%s) - t0)) s"
	exit 1
}

# apt-get and apt-cache on the private state: only our sources list, our
# (empty) preferences, our lists and cache.
apt_dir=$od/apt
apt_opts=(-o "Dir::Etc::sourcelist=$apt_dir/sources.list"
	  -o "Dir::Etc::sourceparts=-"
	  -o "Dir::Etc::preferences=$apt_dir/preferences"
	  -o "Dir::Etc::preferencesparts=$apt_dir/preferences.d"
	  -o "Dir::State::Lists=$apt_dir/lists"
	  -o "Dir::Cache=$apt_dir/cache"
	  -o "APT::Sandbox::User=root")

# build/oracle/version: the newest linux-source-7.2 of forky and sid;
# its .deb in build/dl.
fetch() {
	local uri ver deb
	uri=$(debian_uri)
	[ -n "$uri" ] || fail "no apt entry for Debian's main suite to take the archive's URI from" || return
	mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" \
		"$apt_dir/preferences.d" "$B/dl"
	cat >"$apt_dir/sources.list" <<-SRC
	deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri forky main
	deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri sid main
	SRC
	apt-get -q "${apt_opts[@]}" update || return
	apt-cache "${apt_opts[@]}" madison linux-source-7.2 || return
	ver=$(apt-cache "${apt_opts[@]}" policy linux-source-7.2 |
		awk '$1 == "Candidate:" { print $2 }')
	case "$ver" in
	"" | "(none)") fail "no linux-source-7.2 in forky or sid"; return ;;
	esac
	deb=$B/dl/linux-source-7.2_${ver}_all.deb
	if [ ! -f "$deb" ]; then
		(cd "$B/dl" && apt-get -q "${apt_opts[@]}" download "linux-source-7.2=$ver") &&
			[ -f "$deb" ] || fail "apt-get download linux-source-7.2=$ver failed" || return
	fi
	echo "$ver" >"$od/version"
	echo "check-oracle: linux-source-7.2 $ver"
}

# build/oracle/linux: that version's tree, unpacked once.  Another version
# replaces it, and its old build output goes too (the tarball's dates
# could be older than the objects).
unpack() {
	local ver deb tmp
	ver=$(cat "$od/version")
	if [ "$(cat "$od/linux/.oracle-version" 2>/dev/null)" = "$ver" ]; then
		echo "check-oracle: $od/linux is linux-source-7.2 $ver already"
		return 0
	fi
	deb=$B/dl/linux-source-7.2_${ver}_all.deb
	tmp=$od/linux.unpack
	rm -rf "$od/linux" "$od/kernel" "$tmp"
	mkdir -p "$tmp"
	dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/src/linux-source-7.2.tar.xz |
		nice -n 19 xz -dc | nice -n 19 tar -x -C "$tmp" &&
		mv "$tmp/linux-source-7.2" "$od/linux" && rmdir "$tmp" ||
		fail "unpacking $deb failed" || return
	echo "$ver" >"$od/linux/.oracle-version"
	echo "check-oracle: unpacked linux-source-7.2 $ver in $od/linux"
}

# The oracle program, built once for both kernels.
program() {
	nice -n 19 "${CC:-gcc}" -O2 -Wall -Wextra -Werror -I"$top/tools/include" \
		-o "$od/pidfd-oracle" "$top/tools/oracle/pidfd-oracle.c"
}

# run_oracle NAME KERNEL: the program's output in out/NAME.txt, the
# guest's dmesg in out/NAME.dmesg.
run_oracle() {
	local name=$1 kernel=$2 rc=0
	scripts/vm-run.sh -k "$kernel" -t "$guest_timeout" \
		"uname -r >&2; $od/pidfd-oracle; rc=\$?; dmesg >&2; exit \$rc" \
		>"$outd/$name.txt" 2>"$outd/$name.dmesg" || rc=$?
	cat "$outd/$name.dmesg"
	echo "check-oracle: $name: $(wc -l <"$outd/$name.txt") lines, exit status $rc"
	if kernel_reports "$outd/$name.dmesg"; then
		echo "check-oracle: $name: kernel report in the guest's log"
		return 1
	fi
	[ "$rc" -eq 0 ] || return 1
	tail -n 1 "$outd/$name.txt" | grep -qx 'main done' ||
		{ echo "check-oracle: $name: the program did not finish"; return 1; }
}

# The table of intended differences: the rows of docs/oracle.md's table
# under "## Intended differences", as "KEY<tab>SERIES<tab>MAINLINE<tab>ROW"
# (shell patterns; backquotes and the padding of the cells dropped).
known_rows() {
	awk '/^## / { on = ($0 == "## Intended differences") }
	     on && /^\| *`/ {
		n = split($0, c, "|")
		for (i = 2; i <= 4; i++) {
			gsub(/^ *`?|`? *$/, "", c[i])
		}
		print c[2] "\t" c[3] "\t" c[4] "\t" NR
	     }' "$known"
}

# keyed FILE: "KEY<tab>VALUE" for each line (KEY up to the first ": ";
# a key seen before gets "#N").
keyed() {
	awk '{ i = index($0, ": ")
	       if (i) { k = substr($0, 1, i - 1); v = substr($0, i + 2) }
	       else { k = $0; v = "" }
	       if (seen[k]++) k = k "#" seen[k]
	       print k "\t" v }' "$1" | sort -t "$(printf '\t')" -k1,1
}

# The differences no row allows, lines that differ only in their size=N
# grouped: "NEW: KEY (N = A-B,...)" and both values.
new_groups() {
	awk -F '\t' '{
		k = $1; sz = ""
		if (match(k, /size=[0-9]+/)) {
			sz = substr(k, RSTART + 5, RLENGTH - 5)
			k = substr(k, 1, RSTART + 4) "N" substr(k, RSTART + RLENGTH)
		}
		g = k "\t" $2 "\t" $3
		if (!(g in n)) order[++count] = g
		n[g]++
		if (sz != "") sizes[g] = sizes[g] (sizes[g] == "" ? "" : " ") sz
	} END {
		for (i = 1; i <= count; i++) {
			g = order[i]; split(g, f, "\t")
			printf "NEW: %s", f[1]
			if (sizes[g] != "") printf " (N = %s)", ranges(sizes[g])
			printf "\n  series:   %s\n  mainline: %s\n", f[2], f[3]
		}
	}
	function ranges(list,   a, c, i, out, lo) {
		c = split(list, a, " ")
		for (i = 1; i <= c; i++) {
			if (i == 1 || a[i] != a[i - 1] + 1) {
				if (i > 1) out = out (lo == a[i - 1] ? lo : lo "-" a[i - 1]) ","
				lo = a[i]
			}
		}
		return out (lo == a[c] ? lo : lo "-" a[c])
	}'
}

# Every line that differs between the two outputs, allowed by a row of the
# table or not: out/differences.txt lists them all, out/new.txt groups
# those that no row allows.
compare() {
	local k s m ks ss ms row hit bad=0 unknown=0
	local -a rows
	local -A used
	mapfile -t rows < <(known_rows)
	[ ${#rows[@]} -gt 0 ] || fail "no rows in $known's intended differences" || return
	join -t "$(printf '\t')" -a1 -a2 -e '(absent)' -o 0,1.2,2.2 \
		<(keyed "$outd/series.txt") <(keyed "$outd/mainline.txt") |
		awk -F '\t' '$2 != $3' >"$outd/differing.tsv"
	: >"$outd/differences.txt"
	: >"$outd/new.tsv"
	while IFS=$'\t' read -r k s m; do
		hit=
		for row in "${rows[@]}"; do
			IFS=$'\t' read -r ks ss ms _ <<<"$row"
			# shellcheck disable=SC2053
			if [[ $k == $ks && $s == $ss && $m == $ms ]]; then
				hit=${row##*$'\t'}
				break
			fi
		done
		if [ -n "$hit" ]; then
			used[$hit]=$((${used[$hit]:-0} + 1))
			printf 'intended (docs/oracle.md line %s): %s\n' "$hit" "$k" >>"$outd/differences.txt"
		else
			unknown=$((unknown + 1))
			printf 'NEW: %s\n' "$k" >>"$outd/differences.txt"
			printf '%s\t%s\t%s\n' "$k" "$s" "$m" >>"$outd/new.tsv"
			bad=1
		fi
		printf '  series:   %s\n  mainline: %s\n' "$s" "$m" >>"$outd/differences.txt"
	done <"$outd/differing.tsv"
	sort -V "$outd/new.tsv" | new_groups >"$outd/new.txt"
	for row in "${rows[@]}"; do
		IFS=$'\t' read -r ks _ _ hit <<<"$row"
		echo "intended difference at docs/oracle.md line $hit ($ks): ${used[$hit]:-0} lines"
	done
	echo "check-oracle: $(wc -l <"$outd/differing.tsv") lines differ, $unknown not listed as intended"
	[ "$unknown" -eq 0 ] || echo "check-oracle: those, grouped, in $outd/new.txt"
	return "$bad"
}

echo "check-oracle: the series against mainline (docs/oracle.md)"
phase fetch fetch || stop
echo "  linux-source-7.2 $(cat "$od/version")"
phase unpack unpack || stop
phase mainline nice -n 19 scripts/build-kernel.sh "$od/linux" "$od/kernel" \
	"$top/config/pidfd.config" || stop
phase tree scripts/prepare-tree.sh || stop
phase kernel nice -n 19 scripts/build-kernel.sh "$src" "$B/kernel" \
	"$top/config/pidfd.config" || stop
phase program program || stop
phase vm-series run_oracle series "$B/kernel/arch/x86/boot/bzImage" || stop
phase vm-mainline run_oracle mainline "$od/kernel/arch/x86/boot/bzImage" || stop
rc=0
if phase compare compare; then
	sed 's/^/  /' "$logs/compare.log"
else
	rc=1
	if [ -s "$outd/new.txt" ]; then
		echo "check-oracle: differences that docs/oracle.md does not list:"
		sed 's/^/  /' "$outd/new.txt"
	fi
fi
echo "check-oracle: total $(($(date +%s) - t0)) s; outputs and differences in $outd"
exit $rc
