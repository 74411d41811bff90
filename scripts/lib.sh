# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by the workbench scripts: the paths and helpers they share.
#
#   top      the repository          B       the build folder (BUILD, default top/build)
#   src      the series' tree        prog    the calling script's name, for messages
#   die MSG            print "prog: MSG" and exit 1
#   phase NAME CMD...  run CMD with its output in $logs/NAME.log; print the
#                      phase's duration, or on failure the end of the log
#   patch_sum          checksum of patches/series and the patches it lists
#   base_version       the linux-source-6.12 version the series is built on:
#                      config/base-version, or the newest the archive has
#                      when that one cannot be had (said once on stderr);
#                      PIDFD_BASE, when set, is taken as it is
#   tree_base          the version build/linux's base commit is, if any
#   source_deb VER     path of linux-source-6.12 VER's .deb, fetched once
#   unpack_source VER DIR
#                      DIR = the tarball of linux-source-6.12 VER committed
#                      whole, with the fixed identity that makes the commit
#                      id the same on every machine
#   debian_uri         the archive URI of the machine's own apt entry for
#                      its Debian release (never a host name of ours)
#   with_build_lock CMD...
#                      run CMD (a command or a shell function) while holding
#                      build/.build.lock: kernel builds and timed boots take
#                      turns on a 2-core machine.  Who holds it is in
#                      build/.build.lock.holder; a command that has to wait
#                      says for whom
#   clean_build        remove everything generated under build/ but the
#                      tree (build/linux) and the downloads (build/dl)
#   configure_kernel SRC OUT ARCH FRAGMENT...
#                      OUT/.config = ARCH's tinyconfig (or the config file
#                      KCONFIG_BASE names) with the FRAGMENTs merged in
#                      order; fails unless every option the fragments set
#                      (a later one overriding an earlier one) is so in
#                      the final .config
#   report_ere         the kernel-report patterns of scripts/kernel-reports.ere
#                      as one extended regular expression
#   kernel_reports LOG the lines of LOG that are kernel reports; status 0
#                      when there is one
#   selftest_programs SRC TARGET
#                      the programs kselftest's runner runs for TARGET of the
#                      tree SRC, from its Makefile (TEST_GEN_PROGS and the rest)
#   touched_objs SRC   the objects of the kernel's .c files that the series
#                      (git diff base HEAD in SRC) changes: what check-configs
#                      and check-distro build with W=1 and sparse
#   test_summary LOG SRC EXTRA
#                      scripts/ktap-summary.sh on the guest log LOG: every
#                      program of SRC's pidfd Makefile, as 64-bit and as
#                      32-bit (pidfd-i386/) programs, pidfd-run's tests as
#                      both, and each of EXTRA (space-separated, named as
#                      ktap-summary.sh names them) must report; a skip in a
#                      program the series adds, or in those of ours, fails

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
B=${BUILD:-$top/build}
src=$B/linux
prog=$(basename "$0" .sh)
: "${logs:=$B/logs}"

die() {
	echo "$prog: $*" >&2
	exit 1
}

# Kbuild refuses a source or output directory with spaces or colons: say so
# before anything else fails obscurely.
case $B in
*[[:space:]:]*) die "kbuild refuses a path with a space or colon:" \
	"'$B'; clone the repository at a path without them" ;;
esac

phase() {
	local name=$1 start rc
	shift
	mkdir -p "$logs"
	start=$(date +%s)
	printf '%-12s ' "$name"
	set +e
	"$@" >"$logs/$name.log" 2>&1
	rc=$?
	set -e
	if [ $rc -ne 0 ]; then
		echo "FAILED after $(($(date +%s) - start)) s"
		tail -n 30 "$logs/$name.log" | sed 's/^/  | /'
		echo "$prog: phase '$name' failed; full log: $logs/$name.log"
		return 1
	fi
	echo "ok ($(($(date +%s) - start)) s)"
}

patch_sum() {
	local d=$top/patches
	[ -f "$d/series" ] || { echo none; return; }
	# shellcheck disable=SC2046
	(cd "$d" && cat series $(cat series)) | sha256sum | cut -d' ' -f1
}

source_deb() {
	local ver=$1 deb
	deb=$B/dl/linux-source-6.12_${ver}_all.deb
	if [ ! -f "$deb" ]; then
		mkdir -p "$B/dl"
		echo "$prog: fetching linux-source-6.12=$ver" >&2
		(cd "$B/dl" && apt-get download -q "linux-source-6.12=$ver" 2>&1 |
			grep -v unsandboxed >&2) || true
		[ -f "$deb" ] || die "apt-get download linux-source-6.12=$ver failed"
	fi
	echo "$deb"
}

# tree_base: the version whose whole tarball is build/linux's base commit
tree_base() {
	[ "$(git -C "$src" config pidfd.base-all 2>/dev/null)" = true ] &&
		git -C "$src" config pidfd.base
}

# The pinned base can be had when build/linux is at it, build/dl has its
# .deb, or the archive lists it and the download works.  A script that
# runs others exports PIDFD_BASE=$(base_version): they then use the same
# base without asking the archive again, and the notice is printed once.
base_version() {
	local pin vers v newest=
	if [ -n "$PIDFD_BASE" ]; then
		echo "$PIDFD_BASE"
		return
	fi
	pin=$(cat "$top/config/base-version")
	vers=$(apt-cache madison linux-source-6.12 2>/dev/null | awk '{print $3}')
	if [ "$(tree_base)" = "$pin" ] || [ -f "$B/dl/linux-source-6.12_${pin}_all.deb" ] ||
	   { echo "$vers" | grep -qxF "$pin" && (source_deb "$pin") >/dev/null; }; then
		echo "$pin"
		return
	fi
	for v in $vers; do
		if [ -z "$newest" ] || dpkg --compare-versions "$v" gt "$newest"; then
			newest=$v
		fi
	done
	[ -n "$newest" ] ||
		die "linux-source-6.12 $pin cannot be had and the archive lists no other (apt-get update?)"
	echo "$prog: linux-source-6.12 $pin cannot be had from the archive; using the newest, $newest" >&2
	echo "$newest"
}

# source_tar VER [PATH...]: the source tarball's tar stream on stdout
source_tar() {
	dpkg-deb --fsys-tarfile "$(source_deb "$1")" |
		tar -xO ./usr/src/linux-source-6.12.tar.xz | xz -dc
}

# The identity and date of the base commit.  With them, any unpack of the
# same tarball committed with "git add -A -f" gets the same commit id; the
# cover letter gives the recipe.
base_commit() {
	GIT_AUTHOR_NAME="linux-source-6.12" GIT_AUTHOR_EMAIL="linux-source-6.12@debian.invalid" \
	GIT_COMMITTER_NAME="linux-source-6.12" GIT_COMMITTER_EMAIL="linux-source-6.12@debian.invalid" \
	GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z" \
		git -C "$1" commit -q -m "linux-source-6.12 $2"
}

unpack_source() {
	local ver=$1 dir=$2 tmp
	tmp=$dir.unpack
	rm -rf "$dir" "$tmp"
	mkdir -p "$tmp"
	echo "$prog: unpacking linux-source-6.12 $ver"
	source_tar "$ver" | tar -x -C "$tmp"
	mv "$tmp/linux-source-6.12" "$dir"
	rmdir "$tmp"
	git -C "$dir" init -q -b series
	git -C "$dir" config gc.auto 0
	# Every file, dotfiles included: Debian's top-level .gitignore ignores
	# everything but debian/, and upstream's ignores ".*".
	git -C "$dir" add -A -f
	base_commit "$dir" "$ver"
}

# debian_uri: the first URI of the apt entry (deb822 or one-line) for this
# release's main suite, e.g. bookworm, not bookworm-security
debian_uri() {
	local codename
	codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
	{
		awk -v c="$codename" 'BEGIN { RS = ""; FS = "\n" } {
			uri = ""; deb = 0; hit = 0
			for (i = 1; i <= NF; i++) {
				if ($i ~ /^Types:/ && $i ~ /[ \t]deb([ \t]|$)/) deb = 1
				if ($i ~ /^URIs:/) { split(substr($i, 6), u, " "); uri = u[1] }
				if ($i ~ /^Suites:/) {
					n = split(substr($i, 8), s, " ")
					for (j = 1; j <= n; j++) if (s[j] == c) hit = 1
				}
			}
			if (deb && hit && uri != "") { print uri; exit }
		}' /etc/apt/sources.list.d/*.sources 2>/dev/null
		cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
			sed -nE "s/^deb[ \t]+(\[[^]]*\][ \t]+)?([^ \t]+)[ \t]+$codename[ \t].*/\2/p"
	} | head -n 1
}

# lock_holder: "pid N (COMMAND, since HH:MM)" for the command the user ran:
# the outermost make or workbench script above this one.
lock_holder() {
	local pid=$$ up args
	while up=$(ps -o ppid= -p "$pid" 2>/dev/null) && [ "${up// /}" -gt 1 ]; do
		up=${up// /}
		args=$(ps -o args= -p "$up" 2>/dev/null) || break
		case "$args" in
		make*|*/make\ *|*scripts/*) pid=$up ;;
		*) break ;;
		esac
	done
	args=$(ps -o args= -p "$pid" 2>/dev/null)
	echo "pid $pid (${args:0:60}, since $(date +%H:%M))"
}

# The lock is on fd 9, which every child inherits: the lock is free again
# only when the last of them (a QEMU, say) has exited.
with_build_lock() {
	mkdir -p "$B"
	(
		if ! flock -n 9; then
			holder=$(cat "$B/.build.lock.holder" 2>/dev/null || true)
			echo "$prog: waiting for the build lock held by ${holder:-another command}" >&2
			flock 9 || exit 1
		fi
		{ lock_holder >"$B/.build.lock.holder.tmp" &&
		  mv -f "$B/.build.lock.holder.tmp" "$B/.build.lock.holder"; } || true
		"$@"
	) 9>"$B/.build.lock"
}

# To run under the build lock (make clean does), so as not to pull a
# kernel from under a build.  The lock file stays: a new one would not
# exclude the holder of the old.  The worktrees of build/linux that
# check-configs and check-distro make go with their folders; "git worktree
# prune" forgets them.
clean_build() {
	local f
	[ -d "$B" ] || return 0
	find "$B" -mindepth 1 -maxdepth 1 ! -name linux ! -name dl ! -name '.build.lock*' |
		sort | while IFS= read -r f; do
			echo "$prog: removing $f"
			rm -rf "$f"
		done
	[ ! -d "$src/.git" ] || git -C "$src" worktree prune
}

configure_kernel() {
	local s=$1 o=$2 arch=$3 f frags=() line opt got bad=0
	local -A want
	shift 3
	for f in "$@"; do
		[ -f "$f" ] || die "no such config fragment: $f"
		frags+=("$(cd "$(dirname "$f")" && pwd)/$(basename "$f")")
	done
	mkdir -p "$o"
	if [ -n "$KCONFIG_BASE" ]; then
		cp "$KCONFIG_BASE" "$o/.config"
	else
		make -s -C "$s" O="$o" ARCH="$arch" tinyconfig >/dev/null
	fi
	(cd "$o" && "$s/scripts/kconfig/merge_config.sh" -m -O "$o" "$o/.config" \
		"${frags[@]}" >/dev/null)
	make -s -C "$s" O="$o" ARCH="$arch" olddefconfig >/dev/null
	# merge_config only warns about what it could not set: fail instead.
	for f in "${frags[@]}"; do
		while IFS= read -r line; do
			case "$line" in
			CONFIG_*=*) opt=${line%%=*} ;;
			"# CONFIG_"*" is not set") opt=${line#\# }; opt=${opt%% *} ;;
			*) continue ;;
			esac
			want[$opt]=$line
		done <"$f"
	done
	for opt in "${!want[@]}"; do
		line=${want[$opt]}
		got=$(grep -E "^(# )?$opt[= ]" "$o/.config" || true)
		case "$line" in
		*"is not set") [ -z "$got" ] || [ "$got" = "$line" ] && continue ;;
		*) [ "$got" = "$line" ] && continue ;;
		esac
		echo "$prog: $o: the fragments ask for '$line', .config has '${got:-nothing}'" >&2
		bad=1
	done
	return $bad
}

report_ere() {
	grep -v -e '^#' -e '^$' "$top/scripts/kernel-reports.ere" | paste -sd'|'
}

kernel_reports() {
	grep -E -- "$(report_ere)" "$1"
}

selftest_programs() {
	make -s --no-print-directory -C "$1/tools/testing/selftests/$2" emit_tests |
		sed 's/^[^:]*://'
}

touched_objs() {
	git -C "$1" diff --name-only base HEAD -- '*.c' ':!tools/' ':!Documentation/' \
		':!scripts/' ':!samples/' | sed 's/\.c$/.o/' | tr '\n' ' '
}

test_summary() {
	local added expected ours
	added=$(git -C "$2" diff --name-only --diff-filter=A base HEAD -- \
		tools/testing/selftests/pidfd/ | sed -n 's|.*/\(.*\)\.c$|\1|p')
	expected=$(selftest_programs "$2" pidfd)
	ours="pidfd-run/test-pidfd-run pidfd-run-i386/test-pidfd-run $3"
	"$top/scripts/ktap-summary.sh" "$1" \
		"$(echo $added $(printf 'pidfd-i386/%s ' $added)) $ours" \
		"$(echo $expected $(printf 'pidfd-i386/%s ' $expected)) $ours"
}
