#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: scripts/check-configs.sh
#
# Build the files the series touches (git diff base HEAD: lib.sh's
# touched_objs) in configurations "make check" does not use, with W=1, and
# fail on any warning in them:
#   cgroups-off, coredump-off, pidns-off  x86_64 with that option off
#   i386                                  32-bit: unsigned long clone flags
# then check that every patch of the series builds on its own: each commit
# of build/linux is checked out in build/configs/bisect and the files it
# touches are compiled there; a commit that changes the kernel (not only
# tools/ or Documentation/) is also built whole with config/pidfd.config
# and booted, and its boot log must be free of kernel reports.  Last,
# sparse (C=2) runs on those files at the base and at the top of the
# series: a warning the base does not have fails.  (The base has about 160
# of its own in them.)  Output in build/configs/.
set -e
. "$(dirname "$0")/lib.sh"

out=$B/configs
[ $# -eq 0 ] || { echo "usage: $0" >&2; exit 2; }
[ -d "$src/.git" ] || die "no tree at $src (make tree)"
objs=$(touched_objs "$src")
mkdir -p "$out"
command -v sparse >/dev/null || die "sparse is not installed"

# configure SRC OUT ARCH EXTRA-LINE...: tinyconfig + config/pidfd.config
# (without CONFIG_64BIT, which only the i386 variant changes, and for i386
# without CONFIG_IA32_EMULATION, which only a 64-bit kernel has) + the extra
# lines, every one of them checked in the final .config
configure() {
	local s=$1 o=$2 arch=$3
	shift 3
	mkdir -p "$o"
	printf '%s\n' "$@" >"$o/extra.config"
	local drop='^CONFIG_64BIT'
	[ "$arch" = i386 ] && drop="$drop|^CONFIG_IA32_EMULATION"
	grep -Ev "$drop" "$top/config/pidfd.config" >"$o/fragment.config"
	configure_kernel "$s" "$o" "$arch" "$o/fragment.config" "$o/extra.config"
}

# compile SRC OUT ARCH OBJ...: W=1 warnings in OBJs fail
compile() {
	local s=$1 o=$2 arch=$3 log
	shift 3
	log=$o/compile.log
	make -C "$s" O="$o" ARCH="$arch" LOCALVERSION= -j"$(nproc)" prepare >/dev/null 2>&1
	rm -f "${@/#/$o/}"
	make -C "$s" O="$o" ARCH="$arch" LOCALVERSION= W=1 -j"$(nproc)" "$@" >"$log" 2>&1 ||
		{ tail -n 20 "$log"; return 1; }
	if grep -E 'warning:|error:' "$log"; then
		echo "check-configs: warnings in $o, see $log" >&2
		return 1
	fi
}

# boot SRC OUT: build SRC whole in OUT, boot it, no kernel report
boot() {
	"$top/scripts/build-kernel.sh" "$1" "$2" "$top/config/pidfd.config" \
		>"$2.build.log" 2>&1 || { tail -n 20 "$2.build.log"; return 1; }
	"$top/scripts/vm-run.sh" -k "$2/arch/x86/boot/bzImage" -t 600 \
		-l "$2/boot.log" 'cat /proc/version' >/dev/null 2>&1 || return 1
	! kernel_reports "$2/boot.log"
}

variant() {
	local name=$1 arch=$2 start
	shift 2
	start=$(date +%s)
	printf '%-14s ' "$name"
	# fs/coredump.o is not built at all without CONFIG_COREDUMP.
	case "$*" in
	*"CONFIG_COREDUMP is not set"*) vobjs=${objs/fs\/coredump.o/} ;;
	*) vobjs=$objs ;;
	esac
	if configure "$src" "$out/$name" "$arch" "$@" && compile "$src" "$out/$name" "$arch" $vobjs; then
		echo "ok ($(($(date +%s) - start)) s)"
	else
		echo "FAILED"
		return 1
	fi
}

rc=0
variant cgroups-off x86_64 "# CONFIG_CGROUPS is not set" || rc=1
variant coredump-off x86_64 "# CONFIG_COREDUMP is not set" "# CONFIG_ELF_CORE is not set" || rc=1
variant pidns-off x86_64 "# CONFIG_PID_NS is not set" || rc=1
variant i386 i386 "# CONFIG_64BIT is not set" || rc=1

# Bisectability: every commit builds the files it touches.
bis=$out/bisect
[ -d "$bis/src" ] || git -C "$src" worktree add -q --detach "$bis/src" base
configure "$bis/src" "$bis/obj" x86_64 || rc=1
for c in $(git -C "$src" rev-list --reverse base..HEAD); do
	git -C "$bis/src" checkout -q --detach "$c"
	files=$(git -C "$bis/src" diff --name-only "$c^" "$c" -- '*.c' |
		grep -v '^tools/' | sed 's/\.c$/.o/' || true)
	printf '%-14s %s ' bisect "$(git -C "$src" log -1 --format=%s "$c" | cut -c1-50)"
	if ! { [ -z "$files" ] || compile "$bis/src" "$bis/obj" x86_64 $files; }; then
		echo FAILED
		rc=1
	elif git -C "$bis/src" diff --name-only "$c^" "$c" |
	     grep -qv -e '^tools/' -e '^Documentation/' -e '^MAINTAINERS$'; then
		if boot "$bis/src" "$bis/kernel"; then
			echo "ok, boots"
		else
			echo "FAILED to build or boot, see $bis/kernel/boot.log"
			rc=1
		fi
	else
		echo ok
	fi
done

# sparse_warnings SRC OUT: sparse's warnings on the touched files, without
# line numbers, sorted
sparse_warnings() {
	make -C "$1" O="$2" LOCALVERSION= C=2 -j"$(nproc)" $objs >"$2/sparse.log" 2>&1 ||
		{ tail -n 20 "$2/sparse.log" >&2; return 1; }
	grep -E 'warning:|error:' "$2/sparse.log" |
		sed -E "s|^$1/||; s|:[0-9]+:[0-9]+:|:|" | sort
}

printf '%-14s ' sparse
top_commit=$(git -C "$bis/src" rev-parse HEAD)
git -C "$bis/src" checkout -q --detach base
sparse_warnings "$bis/src" "$bis/obj" >"$out/sparse-base.txt" || rc=1
git -C "$bis/src" checkout -q --detach "$top_commit"
sparse_warnings "$bis/src" "$bis/obj" >"$out/sparse-series.txt" || rc=1
new=$(comm -13 "$out/sparse-base.txt" "$out/sparse-series.txt")
if [ -n "$new" ]; then
	echo "FAILED: warnings the base does not have:"
	echo "$new"
	rc=1
else
	echo "ok ($(wc -l <"$out/sparse-series.txt") warnings, all in the base too)"
fi
exit $rc
