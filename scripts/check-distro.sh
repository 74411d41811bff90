#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: scripts/check-distro.sh [STEP...]
#
# The series under Debian's own kernel configurations (package
# linux-config-6.12, fetched with apt-get download, nothing installed).
# Steps, default "objs cloud":
#   objs   the files the series touches (lib.sh's touched_objs), built with W=1 and sparse (C=1)
#          under the amd64, cloud-amd64 and rt-amd64 configs, at base and
#          at the top of the series: a warning the base does not have fails
#   cloud  a bootable kernel from cloud-amd64 with the series: what the
#          virtme-ng guest needs (config/pidfd.config) built in, every other
#          module off; booted, pidfd selftests and pidfd-run's tests run as
#          in "make check" (same report and skip rules)
#   rt     the same from rt-amd64 (PREEMPT_RT)
#   deb    the cloud kernel as Debian packages (make bindeb-pkg) in
#          build/deb/, release 6.12.N-pidfd-lifecycle-cloud
#
# The tree is a git worktree of build/linux at its HEAD (the series as it
# is when this runs) in build/distro/src, and one at base in
# build/distro/src-base; builds are incremental.  Compilers run under
# nice -n 19.  GUEST_LOCK names a lock file to hold, besides the
# workbench's build lock, while a guest runs.  Figures in
# build/distro/figures.txt.
set -e -o pipefail
. "$(dirname "$0")/lib.sh"

out=$B/distro
logs=$out/logs
flavours="amd64 cloud-amd64 rt-amd64"
jobs=${JOBS:-$(nproc)}
steps=${*:-objs cloud}
for s in $steps; do
	case $s in objs|cloud|rt|deb) ;; *) echo "usage: $0 [objs] [cloud] [rt] [deb]" >&2; exit 2 ;; esac
done
command -v sparse >/dev/null || die "sparse is not installed (scripts/install-deps.sh)"
[ -d "$src/.git" ] || die "no tree at $src (make tree)"
objs=$(touched_objs "$src")
mkdir -p "$out" "$logs"

kmake() { nice -n 19 make -C "$1" O="$2" ARCH=x86_64 LOCALVERSION= -j"$jobs" "${@:3}"; }
figure() { echo "$(date -u '+%F %H:%M') $*" | tee -a "$out/figures.txt"; }

# The linux-config-6.12 .deb of config/base-version, else one of the same
# upstream version, else the newest there is.
config_deb() {
	local want ver
	want=$(base_version)
	ver=$(apt-cache madison linux-config-6.12 | awk -F' *[|] *' '{print $2}' |
		awk -v w="$want" -v u="${want%%-*}" '
		$0 == w { exact = $0 } index($0, u "-") == 1 && !same { same = $0 }
		!first { first = $0 }
		END { print exact ? exact : same ? same : first }')
	[ -n "$ver" ] || die "apt-cache madison linux-config-6.12: no version (apt-get update?)"
	[ "$ver" = "$want" ] ||
		echo "$prog: linux-config-6.12 $want is not in the archive; using $ver" >&2
	if ! ls "$B/dl/linux-config-6.12_${ver/:/%3a}_"*.deb >/dev/null 2>&1; then
		mkdir -p "$B/dl"
		(cd "$B/dl" && apt-get download -q "linux-config-6.12=$ver" 2>&1 |
			grep -v unsandboxed >&2) || true
	fi
	ls "$B/dl/linux-config-6.12_${ver/:/%3a}_"*.deb 2>/dev/null | head -n 1 |
		grep . || die "apt-get download linux-config-6.12=$ver failed"
}

# Debian's config of FLAVOUR into $out/configs/FLAVOUR.config
distro_configs() {
	local deb f
	deb=$(config_deb)
	[ "$(cat "$out/configs.from" 2>/dev/null)" = "$deb" ] &&
		[ -f "$out/configs/rt-amd64.config" ] && return 0
	rm -rf "$out/configs" "$out/configs.x" "$out/configs.from"
	mkdir -p "$out/configs.x"
	dpkg-deb -x "$deb" "$out/configs.x" || return 1
	mkdir -p "$out/configs"
	for f in $flavours; do
		case $f in
		rt-*) xz -dc "$out/configs.x"/usr/src/linux-config-6.12/config.amd64_rt_amd64.xz ;;
		*) xz -dc "$out/configs.x"/usr/src/linux-config-6.12/config.amd64_none_$f.xz ;;
		esac >"$out/configs/$f.config" || return 1
	done
	rm -rf "$out/configs.x"
	echo "$deb" >"$out/configs.from"
}

# worktree DIR REV: a detached worktree of build/linux at REV (of build/linux)
worktree() {
	local c
	c=$(git -C "$src" rev-parse --verify "$2^{commit}") || return 1
	if [ ! -e "$1/.git" ]; then
		git -C "$src" worktree prune
		git -C "$src" worktree add -q --detach "$1" "$c" || return 1
	elif [ "$(git -C "$1" rev-parse HEAD)" != "$c" ]; then
		git -C "$1" checkout -q --detach "$c" || return 1
	fi
	echo "$1: $(git -C "$1" log -1 --format='%h %s')"
}

trees() {
	worktree "$out/src-base" base && worktree "$out/src" HEAD
}

# configure SRC OUT FLAVOUR MODULES FRAGMENT...: Debian's FLAVOUR config
# with the fragments merged on top, every option they ask for checked
# (lib.sh: configure_kernel); MODULES "no" then turns every module left
# off (make mod2noconfig: a module can only change to n, never a built-in
# option of the fragments).  Redone only when an input changed.
configure() {
	local s=$1 o=$2 f=$3 mods=$4 stamp
	shift 4
	stamp=$(cat "$out/configs/$f.config" "$@" <(echo "$mods") | sha256sum | cut -d' ' -f1)
	[ "$(cat "$o/.config-inputs" 2>/dev/null)" = "$stamp" ] && [ -f "$o/.config" ] && return 0
	rm -f "$o/.config-inputs"
	KCONFIG_BASE=$out/configs/$f.config configure_kernel "$s" "$o" x86_64 "$@" || return 1
	[ "$mods" = yes ] || kmake "$s" "$o" mod2noconfig >/dev/null || return 1
	echo "$stamp" >"$o/.config-inputs"
}

# warnings SRC OUT: W=1 and sparse warnings of the touched files, without
# the source path and line numbers, sorted
warnings() {
	local s=$1 o=$2
	kmake "$s" "$o" prepare >"$o/prepare.log" 2>&1 || { tail -n 20 "$o/prepare.log"; return 1; }
	# shellcheck disable=SC2086
	(cd "$o" && rm -f $objs)
	# shellcheck disable=SC2086
	kmake "$s" "$o" W=1 C=1 $objs >"$o/objs.log" 2>&1 || { tail -n 20 "$o/objs.log"; return 1; }
	# Only the kernel's own files: the host tools built on the way
	# (genksyms, objtool) warn only the first time.
	{ grep -E 'warning:|error:' "$o/objs.log" || true; } |
		sed -E "s|^$s/||; s|:[0-9]+:([0-9]+:)?|:|" |
		{ grep -E '^(arch|fs|include|kernel|mm)/' || true; } | sort >"$o/warnings.txt"
}

step_objs() {
	local f base series new rc=0
	for f in $flavours; do
		base=$out/objs/$f-base
		series=$out/objs/$f-series
		configure "$out/src-base" "$base" "$f" yes "$top/config/distro.config" &&
		configure "$out/src" "$series" "$f" yes "$top/config/distro.config" &&
		warnings "$out/src-base" "$base" && warnings "$out/src" "$series" ||
			{ echo "$f: FAILED"; rc=1; continue; }
		new=$(comm -13 "$base/warnings.txt" "$series/warnings.txt")
		# What of Debian's config this tree and toolchain do not keep:
		# compiler and pahole versions, debug info, and for rt-amd64 what
		# Debian's rt featureset patches add (linux-source has none).
		comm -23 <(grep '^CONFIG_' "$out/configs/$f.config" | sort) \
			<(grep '^CONFIG_' "$series/.config" | sort) >"$series/dropped.txt"
		figure "objs $f: W=1+sparse warnings in the touched files:" \
			"$(wc -l <"$base/warnings.txt") at base, $(wc -l <"$series/warnings.txt") with the series," \
			"$(echo -n "$new" | grep -c . || true) new" \
			"($(wc -l <"$series/dropped.txt") of Debian's options not kept: $series/dropped.txt)"
		if [ -n "$new" ]; then
			echo "$f: warnings the base does not have:"
			echo "$new"
			rc=1
		fi
	done
	return $rc
}

# boot_config FLAVOUR: the fragment that makes a bootable kernel of
# FLAVOUR: pidfd.config's options and distro-boot.config's (built in), the
# workbench's name
boot_config() {
	grep -v '^CONFIG_LOCALVERSION=' "$top/config/pidfd.config"
	cat "$top/config/distro-boot.config"
	echo "CONFIG_LOCALVERSION=\"-pidfd-lifecycle-${1%-amd64}\""
}

kernel_dir() { echo "$out/kernel-${1%-amd64}"; }

build_kernel() {
	local f=$1 k
	k=$(kernel_dir "$f")
	mkdir -p "$k"
	boot_config "$f" >"$k.fragment"
	configure "$out/src" "$k" "$f" no "$top/config/distro.config" "$k.fragment" || return 1
	# CPU time says what the build costs on a machine shared with others.
	TIMEFORMAT='cpu: %U s user, %S s system, %R s wall'
	time { kmake "$out/src" "$k" bzImage && kmake "$out/src" "$k" headers; } || return 1
	echo "release: $(make -s -C "$out/src" O="$k" LOCALVERSION= kernelrelease)"
	echo "modules: $(grep -c '=m$' "$k/.config" || true) =m options left"
}

build_tests() {
	nice -n 19 "$top/scripts/build-tests.sh" "$out/src" "$(kernel_dir "$1")"
}

run_guest() {
	local k
	k=$(kernel_dir "$1")
	rm -f "$logs/guest-$1.log"
	# GUEST_LOCK first, then the build lock: a script that holds the
	# machine's lock and builds (build-kernel.sh) takes them in that order.
	(
		[ -z "$GUEST_LOCK" ] || flock 8 || exit 1
		with_build_lock "$top/scripts/vm-run.sh" -k "$k/arch/x86/boot/bzImage" -t "$2" \
			-l "$logs/guest-$1.log" \
			"env PIDFD_RUN=$k/pidfd-run/pidfd-run $top/scripts/guest-selftests.sh $out/src $k"
	) 8>>"${GUEST_LOCK:-/dev/null}"
}

step_boot() {
	local f=$1 timeout=$2 start summary rc=0
	start=$(date +%s)
	phase "kernel-$f" build_kernel "$f" || return 1
	figure "kernel $f: $(grep -E '^(release|modules|cpu):' "$logs/kernel-$f.log" | tr '\n' ' ')" \
		"built in $(($(date +%s) - start)) s (nice -n 19, -j$jobs, load $(cut -d' ' -f1-3 /proc/loadavg))"
	phase "tests-$f" build_tests "$f" || return 1
	phase "guest-$f" run_guest "$f" "$timeout" || true
	summary=$(test_summary "$logs/guest-$f.log" "$out/src" "") || rc=1
	echo "$summary"
	figure "guest $f: $(echo "$summary" | tail -n 1) (log: $logs/guest-$f.log)"
	return $rc
}

# The cloud kernel as packages: linux-image and linux-headers go to
# build/deb/; linux-libc-dev, which would replace the system's uapi
# headers, stays next to the output folder in build/distro/.
deb_pkgs() {
	local k
	k=$(kernel_dir cloud-amd64)
	rm -f "$out"/*.deb "$out"/*.buildinfo "$out"/*.changes
	DEBFULLNAME="pidfd lifecycle workbench" DEBEMAIL="pidfd-lifecycle@workbench.invalid" \
		KDEB_SOURCENAME=linux-pidfd-lifecycle kmake "$out/src" "$k" bindeb-pkg || return 1
	mkdir -p "$B/deb"
	rm -f "$B/deb"/*
	mv "$out"/linux-image-*.deb "$out"/linux-headers-*.deb "$B/deb/" || return 1
	for d in "$B/deb"/linux-image-*.deb; do
		dpkg-deb --info "$d"
	done
}

echo "$prog: $(git -C "$src" log -1 --format='%h %s' HEAD) on Debian's linux-config-6.12"
phase configs distro_configs || exit 1
echo "configs from $(basename "$(cat "$out/configs.from")")"
phase trees trees || exit 1

rc=0
for s in $steps; do
	case $s in
	objs) phase objs step_objs || rc=1 ;;
	cloud) step_boot cloud-amd64 "${GUEST_TIMEOUT:-2400}" || rc=1 ;;
	rt) step_boot rt-amd64 "${GUEST_TIMEOUT:-3600}" || rc=1 ;;
	deb)
		start=$(date +%s)
		phase kernel-cloud-amd64 build_kernel cloud-amd64 && phase deb deb_pkgs || rc=1
		figure "deb: $(cd "$B/deb" 2>/dev/null && ls ./*.deb | tr '\n' ' ')in $(($(date +%s) - start)) s"
		;;
	esac
done
exit $rc
