#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: scripts/export-patches.sh
#
# Write the commits base..HEAD of build/linux back to patches/ with
# "git format-patch": one file a patch (0001-...patch), a "series" file
# that lists them in order, and the cover letter, patches/cover-letter.patch
# (its text is patches/cover-letter.txt: a subject line, a blank line, the
# body).  The cover letter is not named 0000-*: "git am patches/00*.patch"
# would stop at it as an empty patch.  Old patch files are removed first.
set -e
. "$(dirname "$0")/lib.sh"

out=$top/patches
cover=$out/cover-letter.txt

[ $# -eq 0 ] || { echo "usage: $0" >&2; exit 2; }
[ -d "$src/.git" ] || die "no tree at $src (make tree)"
[ -f "$cover" ] || die "$cover is missing"
n=$(git -C "$src" rev-list --count base..HEAD)
[ "$n" -gt 0 ] || die "no commits on top of base in $src"

rm -f "$out"/*.patch "$out/series"
git -C "$src" format-patch -q --cover-letter --no-signature --zero-commit \
	--base=base -o "$out" base..HEAD

# Fill the cover letter's subject and blurb from cover-letter.txt.
letter=$out/cover-letter.patch
mv "$out/0000-cover-letter.patch" "$letter"
python3 - "$letter" "$cover" <<'PY'
import sys
path, cover = sys.argv[1:3]
text = open(path).read()
subject, body = open(cover).read().split("\n", 1)
text = text.replace("*** SUBJECT HERE ***", subject)
text = text.replace("*** BLURB HERE ***\n", body.lstrip("\n"))
open(path, "w").write(text)
PY

(cd "$out" && ls [0-9][0-9][0-9][0-9]-*.patch) >"$out/series"
git -C "$src" config pidfd.applied-sum "$(patch_sum)"
git -C "$src" config pidfd.applied-head "$(git -C "$src" rev-parse HEAD)"
echo "export: $n patches and a cover letter in $out"
