#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: scripts/build-kernel.sh SRC OUT FRAGMENT...
#
# Configure (x86_64 tinyconfig + FRAGMENTs), check that every option the
# fragments ask for is in the final .config (lib.sh: configure_kernel),
# then build bzImage and the uapi headers out of tree in OUT.  The .config
# is remade only when the fragments changed.  The build holds the
# workbench's build lock (lib.sh: with_build_lock): it waits for another
# build or a timed boot, and they wait for it.
set -e
. "$(dirname "$0")/lib.sh"

[ $# -ge 3 ] || { echo "usage: $0 SRC OUT FRAGMENT..." >&2; exit 2; }
ksrc=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
shift 2
for f in "$@"; do
	[ -f "$f" ] || { echo "$prog: no such fragment: $f" >&2; exit 2; }
done
jobs=${JOBS:-$(nproc)}
# LOCALVERSION= (set, empty) keeps setlocalversion from adding "+" for the
# git tree: the release is exactly 6.12.N-pidfd.
kmake() { make -s -C "$ksrc" O="$out" ARCH=x86_64 LOCALVERSION= "$@"; }

build() {
	# The fragments' contents, not their dates, say when to configure again.
	local stamp
	stamp=$(cat "$@" | sha256sum | cut -d' ' -f1)
	if [ ! -f "$out/.config" ] || [ "$(cat "$out/.config-fragments" 2>/dev/null)" != "$stamp" ]; then
		rm -f "$out/.config-fragments"
		configure_kernel "$ksrc" "$out" x86_64 "$@"
		echo "$stamp" >"$out/.config-fragments"
	fi
	kmake -j"$jobs" bzImage
	kmake headers
}

with_build_lock build "$@"
echo "$prog: $out/arch/x86/boot/bzImage ($(kmake -s kernelrelease))"
