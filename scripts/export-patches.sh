#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: scripts/export-patches.sh
#
# Write the commits base..HEAD of build/linux back to patches/ with
# "git format-patch": a cover letter (its text is patches/cover-letter.txt:
# a subject line, a blank line, the body), one file a patch, and a "series"
# file that lists them in order.  Old patch files are removed first.
set -e

top=$(cd "$(dirname "$0")/.." && pwd)
src=${BUILD:-$top/build}/linux
out=$top/patches
cover=$out/cover-letter.txt

[ $# -eq 0 ] || { echo "usage: $0" >&2; exit 2; }
[ -d "$src/.git" ] || { echo "export: no tree at $src (make tree)" >&2; exit 1; }
[ -f "$cover" ] || { echo "export: $cover is missing" >&2; exit 1; }
n=$(git -C "$src" rev-list --count base..HEAD)
[ "$n" -gt 0 ] || { echo "export: no commits on top of base in $src" >&2; exit 1; }

rm -f "$out"/*.patch "$out/series"
git -C "$src" format-patch -q --cover-letter --no-signature --zero-commit \
	--base=base -o "$out" base..HEAD

# Fill the cover letter's subject and blurb from cover-letter.txt.
letter=$out/0000-cover-letter.patch
subject=$(head -n 1 "$cover")
python3 - "$letter" "$cover" "$subject" <<'PY'
import sys
path, cover, subject = sys.argv[1:4]
text = open(path).read()
body = open(cover).read().split("\n", 1)[1].lstrip("\n")
text = text.replace("*** SUBJECT HERE ***", subject)
text = text.replace("*** BLURB HERE ***\n", body)
open(path, "w").write(text)
PY

(cd "$out" && ls [0-9][0-9][0-9][0-9]-*.patch | grep -v '^0000-') >"$out/series"
git -C "$src" config pidfd.applied-sum "$(cd "$out" && cat series $(cat series) | sha256sum | cut -d' ' -f1)"
git -C "$src" config pidfd.applied-head "$(git -C "$src" rev-parse HEAD)"
echo "export: $n patches and a cover letter in $out"
