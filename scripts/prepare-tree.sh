#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: scripts/prepare-tree.sh [--force]
#
# Make build/linux a git tree of Debian's linux-source-6.12 (the version
# pinned in config/base-version, one commit tagged "base") with patches/
# applied by "git am", one commit a patch.  Quick when nothing changed: the
# 1.5 GB tree is unpacked only when missing or at another base version.
# --force re-applies patches/ even over commits not yet exported.
set -e

top=$(cd "$(dirname "$0")/.." && pwd)
B=${BUILD:-$top/build}
src=$B/linux
force=
case "$1" in
--force) force=1 ;;
"") ;;
*) echo "usage: $0 [--force]" >&2; exit 2 ;;
esac

pin=$(cat "$top/config/base-version")
series="$top/patches/series"

die() { echo "prepare-tree: $*" >&2; exit 1; }
git_src() { git -C "$src" "$@"; }

# The Debian version to build on: the pinned one, or the newest 6.12 with a
# warning when the archive no longer has it.
resolve_version() {
	local have
	have=$(apt-cache madison linux-source-6.12 2>/dev/null | awk '{print $3}')
	[ -n "$have" ] || die "linux-source-6.12 not in the apt lists (run apt-get update)"
	if echo "$have" | grep -qxF "$pin"; then
		echo "$pin"
		return
	fi
	newest=$(echo "$have" | sort -V | tail -n 1)
	echo "prepare-tree: WARNING: linux-source-6.12 $pin is gone from the archive;" >&2
	echo "prepare-tree: WARNING: using the newest one, $newest" >&2
	echo "$newest"
}

unpack() {
	local ver=$1 dl=$B/dl
	mkdir -p "$dl"
	deb="$dl/linux-source-6.12_${ver}_all.deb"
	if [ ! -f "$deb" ]; then
		echo "prepare-tree: fetching linux-source-6.12=$ver"
		(cd "$dl" && apt-get download -q "linux-source-6.12=$ver" 2>&1 | grep -v unsandboxed) ||
			true
		[ -f "$deb" ] || die "apt-get download linux-source-6.12=$ver failed"
	fi
	echo "prepare-tree: unpacking $(basename "$deb")"
	rm -rf "$src" "$B/linux-source-6.12"
	dpkg-deb --fsys-tarfile "$deb" |
		tar -xO ./usr/src/linux-source-6.12.tar.xz | tar -xJ -C "$B"
	mv "$B/linux-source-6.12" "$src"
	git_src init -q -b series
	git_src config user.name "pidfd workbench"
	git_src config user.email "pidfd-workbench@localhost"
	git_src config gc.auto 0
	# Debian's .gitignore ends by ignoring everything at the top level
	# (its packaging repo holds only debian/); drop that block so that
	# new files of the series show up in git status.
	sed -i '/^# Debian packaging: ignore everything/,$d' "$src/.gitignore"
	git_src add -A
	# A fixed identity and date make the base commit, and so the
	# base-commit line of the exported series, the same on every machine.
	GIT_AUTHOR_NAME="Debian kernel team" GIT_AUTHOR_EMAIL="debian-kernel@lists.debian.org" \
	GIT_COMMITTER_NAME="Debian kernel team" GIT_COMMITTER_EMAIL="debian-kernel@lists.debian.org" \
	GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z" \
		git -C "$src" commit -q -m "Debian linux-source-6.12 $ver" \
		-m "Debian's ignore-everything block is dropped from .gitignore."
	git_src tag -f base >/dev/null
	git_src config pidfd.base "$ver"
}

patch_sum() {
	[ -f "$series" ] || { echo none; return; }
	(cd "$top/patches" && cat series $(cat series)) | sha256sum | cut -d' ' -f1
}

apply_series() {
	git_src am --abort >/dev/null 2>&1 || true
	git_src checkout -q -f -B series base
	git_src clean -q -fdx
	if [ -f "$series" ]; then
		n=$(grep -c . "$series" || true)
		echo "prepare-tree: applying $n patches"
		git_src am -q --whitespace=nowarn $(sed "s|^|$top/patches/|" "$series") ||
			die "patches/ does not apply; see git -C $src am --show-current-patch"
	fi
	git_src config pidfd.applied-sum "$(patch_sum)"
	git_src config pidfd.applied-head "$(git_src rev-parse HEAD)"
}

mkdir -p "$B"
if [ "$(git_src config pidfd.base 2>/dev/null)" != "$pin" ]; then
	ver=$(resolve_version)
	[ "$(git_src config pidfd.base 2>/dev/null)" = "$ver" ] || unpack "$ver"
fi

sum=$(patch_sum)
head=$(git_src rev-parse HEAD)
if [ "$(git_src config pidfd.applied-sum)" = "$sum" ] &&
   [ "$(git_src config pidfd.applied-head)" = "$head" ]; then
	echo "prepare-tree: $src is up to date ($(git_src rev-list --count base..HEAD) patches on $(git_src config pidfd.base))"
	exit 0
fi
applied=$(git_src config pidfd.applied-head || true)
if [ -z "$force" ] && [ -n "$applied" ] && [ "$applied" != "$head" ]; then
	if [ "$(git_src config pidfd.applied-sum)" = "$sum" ]; then
		echo "prepare-tree: $src has commits not in patches/ (make export writes them); building it as it is"
		exit 0
	fi
	die "both patches/ and $src changed; run 'make export' to keep the tree, or 'make tree FORCE=1' to take patches/"
fi
apply_series
echo "prepare-tree: $src at $(git_src describe --always --tags) ($(git_src rev-list --count base..HEAD) patches)"
