#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: scripts/check-man.sh
#
# The man pages of the series (man/): man/patches/*.patch are patches
# against the pages of the man-pages release Debian trixie ships
# (manpages-dev, version in man/base-version; fetched once with apt-get
# download into build/man-base, never installed), man/man2/ holds pages
# man-pages does not have.  Applies the patches, copies the new pages,
# renders each page, lints it with "mandoc -Tlint -W style" and
# "groff -man -t -ww -z"; when a kernel was built, compiles the example
# programs (".\" SRC BEGIN") against the series' uapi headers and checks
# that every CLONE_* and PIDFD_* value the pages show is the headers'.  A
# patched page may have only the messages its base page has; a new page
# none.  The result is in build/man/man2, to read with "man -l", and
# rendered in build/man/txt.
set -e -o pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 0 ] || { echo "usage: $0" >&2; exit 2; }
for t in mandoc groff patch; do
	command -v $t >/dev/null || die "$t is not installed (scripts/install-deps.sh)"
done
base=$B/man-base
out=$B/man
# man-pages names a page after a function in lower case: mandoc's style
# check does not know that convention.
ignore='lower case character in document title'

# build/man-base: trixie's manpages-dev, the version of man/base-version
# or, if the archive no longer has it, trixie's.
fetch_base() {
	local want deb
	want=$(cat "$top/man/base-version")
	[ "$(cat "$base/.version" 2>/dev/null)" = "$want" ] && return 0
	mkdir -p "$B/dl"
	deb=$(ls "$B/dl/manpages-dev_${want}_all.deb" 2>/dev/null || true)
	if [ -z "$deb" ]; then
		(cd "$B/dl" && { apt-get download -q "manpages-dev=$want" ||
			{ echo "$prog: manpages-dev $want is not in the archive; using trixie's" >&2
			  apt-get download -q manpages-dev/trixie; }; } 2>&1 | grep -v unsandboxed >&2) || true
		deb=$(ls -t "$B/dl"/manpages-dev_*_all.deb 2>/dev/null | head -n 1)
		[ -n "$deb" ] || die "apt-get download manpages-dev failed"
	fi
	rm -rf "$base"
	mkdir -p "$base"
	dpkg-deb -x "$deb" "$base"
	echo "$want" >"$base/.version"
}

# lint PAGE: mandoc's and groff's messages, without the file name and
# line numbers
lint() {
	{
		mandoc -Tlint -W style "$1" 2>&1 || true
		groff -man -t -ww -z "$1" 2>&1 || true
	} | { grep -v -e "$ignore" || true; } | sed -E "s|$1:[0-9]+(:[0-9]+)?:|PAGE:|; s|:[0-9]+:|:|" | sort
}

# example PAGE: compile the programs between SRC BEGIN and SRC END
example() {
	local page=$1 hdr name
	hdr=$(ls -d "$B/kernel/usr/include" "$B"/distro/kernel-*/usr/include 2>/dev/null | head -n 1)
	grep -q '^\.\\" SRC BEGIN' "$page" || return 0
	if [ -z "$hdr" ]; then
		echo "$(basename "$page"): example not compiled (no uapi headers of the series: make build)"
		return 0
	fi
	name=$(sed -n 's/^\.\\" SRC BEGIN (\(.*\))/\1/p' "$page" | head -n 1)
	sed -n '/^\.\\" SRC BEGIN/,/^\.\\" SRC END/p' "$page" | sed -e '1,/^\.EX/d' -e '/^\.EE/,$d' |
		sed -e 's/^\\&$//' -e 's/\\-/-/g' -e 's/\\\[rs\]/\\/g' -e "s/\\\\\\[aq\\]/'/g" \
			>"$out/src/$name"
	cc -Wall -Wextra -Werror -isystem "$hdr" -o "$out/src/${name%.c}" "$out/src/$name" ||
		{ echo "$(basename "$page"): its example $name does not compile"; return 1; }
	echo "$(basename "$page"): example $name compiles against $hdr"
}

# constants: every "#define CLONE_* / PIDFD_* VALUE" the rendered pages
# show must be what the series' uapi headers say
constants() {
	local hdr=$1 c=$out/src/constants.c
	{
		printf '#include <linux/pidfd.h>\n#include <linux/sched.h>\n#include <stddef.h>\n'
		cat "$out"/txt/*.txt | sed -nE 's/^ *#define ((CLONE|PIDF[DS])_[A-Z0-9_]+) +([^/]*[^/ ]) *(\/\*.*)?$/\1 \3/p' |
			sort -u | while read -r name value; do
				printf '_Static_assert((%s) == (%s), "%s is %s");\n' "$value" "$name" "$name" "$value"
			done
		echo '_Static_assert(sizeof(struct pidfd_info) == PIDFD_INFO_SIZE_VER3, "size");'
	} >"$c"
	cc -fsyntax-only -isystem "$hdr" "$c" ||
		{ echo "man pages: a constant differs from the series' uapi headers ($c)"; return 1; }
	echo "man pages: $(grep -c '^_Static' "$c") constants and sizes agree with $hdr"
}

fetch_base
rm -rf "$out"
mkdir -p "$out/man2" "$out/base" "$out/txt" "$out/src"
rc=0
for p in "$top"/man/patches/*.patch; do
	page=$(sed -n 's|^+++ b/\(man[0-9]*/[^[:space:]]*\).*|\1|p' "$p" | head -n 1)
	[ -n "$page" ] || die "$p: no page named in the patch"
	zcat "$base/usr/share/man/$page.gz" >"$out/base/$(basename "$page")" ||
		die "$p: no $page in manpages-dev $(cat "$base/.version")"
	cp "$out/base/$(basename "$page")" "$out/$page"
	patch -s -d "$out" -p1 <"$p" || { echo "$(basename "$p") does not apply"; rc=1; }
done
cp "$top"/man/man2/* "$out/man2/"

for page in "$out"/man2/*; do
	name=$(basename "$page")
	mandoc -Tutf8 "$page" | col -bx >"$out/txt/$name.txt"
	if [ -f "$out/base/$name" ]; then
		new=$(comm -13 <(lint "$out/base/$name") <(lint "$page"))
		what="patched"
	else
		new=$(lint "$page")
		what="new"
	fi
	if [ -n "$new" ]; then
		echo "$name ($what): lint messages:"
		echo "$new" | sed 's/^/  /'
		rc=1
	else
		echo "$name ($what): lint clean, $(wc -l <"$out/txt/$name.txt") lines"
	fi
	example "$page" || rc=1
done
hdr=$(ls -d "$B/kernel/usr/include" "$B"/distro/kernel-*/usr/include 2>/dev/null | head -n 1 || true)
if [ -n "$hdr" ]; then
	constants "$hdr" || rc=1
else
	echo "man pages: constants not checked (no uapi headers of the series: make build)"
fi
[ $rc -ne 0 ] || echo "read them with: man -l $out/man2/PAGE"
exit $rc
