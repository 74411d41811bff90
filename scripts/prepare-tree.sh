#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: scripts/prepare-tree.sh [--force]
#
# Make build/linux a git tree of Debian's linux-source-6.12 (the version
# pinned in config/base-version, or the newest the archive has when that
# one is gone: lib.sh base_version; every file of its tarball in one commit
# tagged "base", the version in git config pidfd.base) with patches/
# applied by "git am", one commit a patch.  Quick when nothing changed: the
# 1.5 GB tree is unpacked only when missing or at another base version.
#
# The developer's work in build/linux is never discarded without --force:
# uncommitted changes to tracked files, untracked files that are not build
# products, and, before a new unpack, commits not in patches/, other
# branches and stashes.  Without --force a tree that has any is left alone
# and what would be lost is listed.  --force also re-applies patches/ over
# commits not yet exported.
set -e
. "$(dirname "$0")/lib.sh"

force=
case "$1" in
--force) force=1 ;;
"") ;;
*) echo "usage: $0 [--force]" >&2; exit 2 ;;
esac

series=$top/patches/series
git_src() { git -C "$src" "$@"; }

# work [all]: what resetting $src would lose, one item a line.  Build
# products are the untracked files that the kernel's own .gitignore rules
# name.  The top-level file's rules are given again on the command line,
# where they come before the per-directory files, after "!/*": Debian's
# "/*" at the end of that file (ignore everything at the top) would hide
# every untracked file.  "all" adds what only a new unpack loses.
work() {
	local line ex=(--exclude='!/*') applied head
	git_src status --porcelain --untracked-files=no
	while IFS= read -r line; do
		ex+=(--exclude="$line")
	done < <(grep -vx -e '' -e '#.*' -e '/\*' -e '!/debian/' "$src/.gitignore" 2>/dev/null)
	git_src ls-files --others --exclude-per-directory=.gitignore "${ex[@]}" | sed 's/^/?? /'
	# The workbench never rebases: a rebase in progress is the developer's.
	[ ! -d "$(git_src rev-parse --absolute-git-dir)/rebase-merge" ] ||
		echo "a git rebase in progress"
	[ "$1" = all ] || return 0
	applied=$(git_src config pidfd.applied-head || true)
	head=$(git_src rev-parse HEAD)
	if [ -n "$applied" ] && [ "$applied" != "$head" ]; then
		git_src log --format='commit %h %s' "$applied..$head"
	fi
	git_src for-each-ref --format='%(refname:short)' refs/heads refs/stash |
		grep -vx series | sed 's/^/ref /' || true
}

# keep_work [all]: stop, listing it, if there is work to lose; with
# --force, list what goes.
keep_work() {
	local lost
	lost=$(work "$@")
	[ -n "$lost" ] || return 0
	if [ -n "$force" ]; then
		echo "prepare-tree: --force: discarding in $src:"
		sed 's/^/  /' <<<"$lost"
		return 0
	fi
	echo "prepare-tree: $src has work that this would discard:" >&2
	head -n 50 <<<"$lost" | sed 's/^/  /' >&2
	[ "$(wc -l <<<"$lost")" -le 50 ] || echo "  ..." >&2
	die "commit and 'make export' what is to be kept (a new file needs git add -f); 'make tree FORCE=1' discards it"
}

apply_series() {
	keep_work
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

base=$(base_version)
mkdir -p "$B"
# A tree from before the base held every file (no pidfd.base-all) is
# unpacked again.  A tree with no .git or no commit yet is an unpack that
# was cut short: nobody's work.
if [ "$(tree_base)" != "$base" ]; then
	if [ -e "$src/.git" ] && git_src rev-parse -q --verify HEAD >/dev/null; then
		keep_work all
	fi
	unpack_source "$base" "$src"
	git_src tag -f base >/dev/null
	git_src config pidfd.base "$base"
	git_src config pidfd.base-all true
fi

sum=$(patch_sum)
head=$(git_src rev-parse HEAD)
if [ "$(git_src config pidfd.applied-sum)" = "$sum" ] &&
   [ "$(git_src config pidfd.applied-head)" = "$head" ]; then
	echo "prepare-tree: $src is up to date ($(git_src rev-list --count base..HEAD) patches on $base)"
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
echo "prepare-tree: $src at $(git_src describe --always --tags) ($(git_src rev-list --count base..HEAD) patches on $base)"
