#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: scripts/check-applies.sh [VERSION...]
#
# Apply the series the way its users do, to Debian linux-source-6.12
# trees: patches/ with "git am" (no three-way merge; git never fuzzes) and
# with "quilt push -a" at fuzz 0, as Debian's packaging applies patches;
# then the Debian patch directory that "make export-debian" writes, with
# quilt at fuzz 0, to the first tree.  VERSIONs default to the base one
# (lib.sh's base_version: config/base-version, or the newest if the archive
# lost it) and the newest the archive offers, if newer.
#
# Each tree holds every file the series names, extracted from that
# version's source tarball as it is (dotfiles included; for the pinned
# version, from build/linux's base commit, which is that tarball whole), so
# a patch applies here exactly when it applies to the whole unpacked tree.  A failure says
# which patch and hunk, and why.  Trees and logs: build/applies/.
set -e -o pipefail
. "$(dirname "$0")/lib.sh"

out=$B/applies
pin=$(base_version)
if [ $# -gt 0 ]; then
	versions=("$@")
else
	newest=$(apt-cache madison linux-source-6.12 | awk '{print $3}' | sort -V | tail -n 1)
	versions=("$pin")
	[ -z "$newest" ] || [ "$newest" = "$pin" ] || versions+=("$newest")
fi
command -v quilt >/dev/null || die "quilt is not installed (scripts/install-deps.sh)"
mapfile -t patches <"$top/patches/series"
n=${#patches[@]}
[ "$n" -gt 0 ] || die "patches/series lists no patches"

# Every path a patch names, old or new: the files a tree must have as the
# tarball has them, and a new file must not exist yet.
mapfile -t paths < <(cd "$top/patches" &&
	sed -n 's|^diff --git a/\([^ ]*\) b/\([^ ]*\)$|\1\n\2|p' "${patches[@]}" | sort -u)

rm -rf "$out"
mkdir -p "$out"

# tree VER DIR: the series' paths of VER's tarball in DIR
tree() {
	local ver=$1 dir=$2 have cache
	mkdir -p "$dir"
	# The pinned tarball is the base commit of build/linux already.
	if [ "$ver" = "$pin" ] && [ "$(tree_base)" = "$pin" ]; then
		mapfile -t have < <(git -C "$src" ls-tree -r --name-only base -- "${paths[@]}")
		git -C "$src" archive base -- "${have[@]}" | tar -x -C "$dir"
		return
	fi
	# Decompressing the whole tarball takes most of this script's time:
	# the extracted paths are kept in build/dl, one tar per version and
	# list of paths.
	cache=$B/dl/linux-source-6.12_${ver}_$(printf '%s\n' "${paths[@]}" |
		sha256sum | cut -c1-12).tar
	if [ -f "$cache" ]; then
		tar -x -C "$dir" -f "$cache"
		return
	fi
	# tar names the paths the tarball lacks (files the series creates)
	# and exits 2; only those messages are expected.
	source_tar "$ver" | tar -x -C "$dir" --strip-components=1 \
		"${paths[@]/#/linux-source-6.12/}" 2>"$dir.tar-errors" || true
	if grep -v 'Not found in archive\|Exiting with failure status' "$dir.tar-errors"; then
		echo "check-applies: extracting linux-source-6.12 $ver failed"
		return 1
	fi
	tar -c -C "$dir" -f "$cache.tmp" . && mv "$cache.tmp" "$cache"
}

# with_git DIR: git am the series; prints "N/N" or what failed
with_git() {
	local dir=$1 log=$1.git-am.log
	git -C "$dir" init -q
	git -C "$dir" add -A -f
	git -C "$dir" -c user.name=check -c user.email=check@invalid commit -q -m base
	if git -C "$dir" -c user.name=check -c user.email=check@invalid \
		-c am.threeWay=false am --no-3way "${patches[@]/#/$top/patches/}" >"$log" 2>&1; then
		echo "git am $n/$n"
		return 0
	fi
	echo "git am FAILED:"
	grep -E '^(error|Patch failed at|fatal)' "$log" | sed 's/^/    /'
	return 1
}

# with_quilt DIR PATCHDIR: quilt push -a --fuzz=0 of PATCHDIR/series
with_quilt() {
	local dir=$1 log=$1.quilt.log applied offsets
	if (cd "$dir" && QUILT_PATCHES=$2 QUILT_PC=.pc quilt push -a --fuzz=0) >"$log" 2>&1; then
		applied=$(cd "$dir" && QUILT_PATCHES=$2 QUILT_PC=.pc quilt applied | wc -l)
		offsets=$(grep -c 'offset' "$log" || true)
		if [ "$offsets" -gt 0 ]; then
			echo "quilt push -a $applied/$applied at fuzz 0 ($offsets hunks at an offset)"
		else
			echo "quilt push -a $applied/$applied at fuzz 0"
		fi
		return 0
	fi
	echo "quilt push -a FAILED at fuzz 0:"
	# The patch that stopped, the file and hunk, and patch's reason.
	awk '/^Applying patch/ { cur = $0; file = ""; next }
	     /^patching file/ { file = $0; next }
	     /FAILED|does not apply|already exists|not found|can.t find|malformed/ {
		if (cur) { print cur; cur = "" }
		if (file) { print "  " file; file = "" }
		print "  " $0 }' "$log" | sed 's/^/    /'
	return 1
}

# report LABEL CMD...: one line of the table; a failure sets rc
report() {
	local label=$1 res
	shift
	if res=$("$@"); then
		printf '%-34s %s\n' "$label" "$res"
	else
		printf '%-34s %s\n' "$label" "$res"
		rc=1
	fi
}

rc=0
first=
for ver in "${versions[@]}"; do
	label=$ver
	[ "$ver" = "$pin" ] && label="$ver (base)"
	d=$out/$ver
	tree "$ver" "$d/tree" || { rc=1; continue; }
	cp -a "$d/tree" "$d/git"
	cp -a "$d/tree" "$d/quilt"
	report "$label" with_git "$d/git"
	report "" with_quilt "$d/quilt" "$top/patches"
	[ -n "$first" ] || first=$d
done

# The Debian patch directory, as a distribution maintainer drops it in.
"$top/scripts/export-debian.sh" "$out/debian-patches" >/dev/null
if [ -n "$first" ]; then
	cp -a "$first/tree" "$first/debian"
	report "${versions[0]} debian/patches" with_quilt "$first/debian" "$out/debian-patches"
fi
exit $rc
