#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: scripts/build-kernel.sh SRC OUT FRAGMENT...
#
# Configure (x86_64 tinyconfig + FRAGMENTs), check that every option the
# fragments ask for is in the final .config, then build bzImage and the
# uapi headers out of tree in OUT.  The .config is remade only when the
# fragments changed.
set -e

if [ $# -lt 3 ]; then
	echo "usage: $0 SRC OUT FRAGMENT..." >&2
	exit 2
fi
src=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
shift 2
frags=()
for f in "$@"; do
	[ -f "$f" ] || { echo "build-kernel: no such fragment: $f" >&2; exit 2; }
	frags+=("$(cd "$(dirname "$f")" && pwd)/$(basename "$f")")
done
jobs=${JOBS:-$(nproc)}
# LOCALVERSION= (set, empty) keeps setlocalversion from adding "+" for the
# git tree: the release is exactly 6.12.N-pidfd.
kmake() { make -s -C "$src" O="$out" ARCH=x86_64 LOCALVERSION= "$@"; }

# The fragments' contents, not their dates, say when to configure again.
stamp=$(cat "${frags[@]}" | sha256sum | cut -d' ' -f1)
if [ ! -f "$out/.config" ] || [ "$(cat "$out/.config-fragments" 2>/dev/null)" != "$stamp" ]; then
	kmake tinyconfig >/dev/null
	(cd "$out" && "$src/scripts/kconfig/merge_config.sh" -m -O "$out" \
		"$out/.config" "${frags[@]}" >/dev/null)
	kmake olddefconfig >/dev/null
	echo "$stamp" >"$out/.config-fragments"
fi

# merge_config only warns about options it could not set: fail instead.
# A later fragment overrides an earlier one, as in merge_config.
declare -A want
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
missing=0
for opt in "${!want[@]}"; do
	line=${want[$opt]}
	got=$(grep -E "^(# )?$opt[= ]" "$out/.config" || true)
	case "$line" in
	*"is not set") [ -z "$got" ] || [ "$got" = "$line" ] && continue ;;
	*) [ "$got" = "$line" ] && continue ;;
	esac
	echo "build-kernel: the fragments ask for '$line', .config has '${got:-nothing}'" >&2
	missing=1
done
if [ $missing -ne 0 ]; then
	rm -f "$out/.config-fragments"
	exit 1
fi

kmake -j"$jobs" bzImage
kmake headers
echo "build-kernel: $out/arch/x86/boot/bzImage ($(kmake -s kernelrelease))"
