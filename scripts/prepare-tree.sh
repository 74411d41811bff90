#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: scripts/prepare-tree.sh [--force]
#
# Make build/linux a git tree of Debian's linux-source-6.12 (the version
# pinned in config/base-version, every file of its tarball in one commit
# tagged "base") with patches/ applied by "git am", one commit a patch.
# Quick when nothing changed: the 1.5 GB tree is unpacked only when missing
# or at another base version.  --force re-applies patches/ even over
# commits not yet exported.
set -e
. "$(dirname "$0")/lib.sh"

force=
case "$1" in
--force) force=1 ;;
"") ;;
*) echo "usage: $0 [--force]" >&2; exit 2 ;;
esac

pin=$(cat "$top/config/base-version")
series=$top/patches/series
git_src() { git -C "$src" "$@"; }

apt-cache madison linux-source-6.12 2>/dev/null | awk '{print $3}' | grep -qxF "$pin" ||
	[ -f "$B/dl/linux-source-6.12_${pin}_all.deb" ] ||
	die "linux-source-6.12 $pin is not in the apt lists (apt-get update, or change config/base-version)"

apply_series() {
	git_src am --abort >/dev/null 2>&1 || true
	git_src checkout -q -f -B series base
	git_src clean -q -fdx
	if [ -f "$series" ]; then
		echo "prepare-tree: applying $(grep -c . "$series") patches"
		# shellcheck disable=SC2046
		git_src am -q $(sed "s|^|$top/patches/|" "$series") ||
			die "patches/ does not apply; see git -C $src am --show-current-patch"
	fi
	git_src config pidfd.applied-sum "$(patch_sum)"
	git_src config pidfd.applied-head "$(git_src rev-parse HEAD)"
}

mkdir -p "$B"
# A tree from before the base held every file (no pidfd.base-all) is
# unpacked again.
if [ "$(git_src config pidfd.base 2>/dev/null)" != "$pin" ] ||
   [ "$(git_src config pidfd.base-all 2>/dev/null)" != true ]; then
	unpack_source "$pin" "$src"
	git_src tag -f base >/dev/null
	git_src config pidfd.base "$pin"
	git_src config pidfd.base-all true
fi

sum=$(patch_sum)
head=$(git_src rev-parse HEAD)
if [ "$(git_src config pidfd.applied-sum)" = "$sum" ] &&
   [ "$(git_src config pidfd.applied-head)" = "$head" ]; then
	echo "prepare-tree: $src is up to date ($(git_src rev-list --count base..HEAD) patches on $pin)"
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
