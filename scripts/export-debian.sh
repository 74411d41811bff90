#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: scripts/export-debian.sh [OUTDIR]
#
# Write patches/ as a patch directory in the form Debian's kernel packaging
# keeps in debian/patches/: OUTDIR (default build/debian-patches) gets
# features/all/pidfd-lifecycle/NNNN-*.patch, each with DEP-3 headers
# (Description, Author, Origin, Forwarded, Last-Update) instead of the mail
# headers, and "series", the lines to add to debian/patches/series.
set -e
. "$(dirname "$0")/lib.sh"

[ $# -le 1 ] || { echo "usage: $0 [OUTDIR]" >&2; exit 2; }
out=${1:-$B/debian-patches}
sub=features/all/pidfd-lifecycle
series=$top/patches/series
[ -f "$series" ] || die "no patches/series"

rm -rf "${out:?}/$sub"
mkdir -p "$out/$sub"
n=$(grep -c . "$series")
{
	echo "# pidfd process lifecycle for 6.12: CLONE_AUTOREAP, CLONE_NNP,"
	echo "# CLONE_PIDFD_AUTOKILL, PIDFD_GET_INFO (independent backport of the"
	echo "# Linux 7.1 uapi; not forwarded: mainline has its own implementation)"
} >"$out/series"

i=0
while read -r p; do
	i=$((i + 1))
	python3 - "$top/patches/$p" "$out/$sub/$p" "$i" "$n" <<'PY'
import email.utils, sys
from email.header import decode_header, make_header
src, dst, i, n = sys.argv[1:5]
text = open(src).read()
head, rest = text.split("\n\n", 1)
fields = {}
key = None
for line in head.split("\n")[1:]:           # skip the "From <zero-commit>" line
    if line[:1] in (" ", "\t") and key:
        fields[key] += " " + line.strip()
    else:
        key, _, val = line.partition(":")
        fields[key] = val.strip()
author = str(make_header(decode_header(fields["From"])))
date = email.utils.parsedate_to_datetime(fields["Date"]).strftime("%Y-%m-%d")
subject = fields["Subject"]
if subject.startswith("[PATCH"):
    subject = subject.split("]", 1)[1].strip()
body, diff = rest.split("\n---\n", 1)
desc = [subject] + [" " + (l if l.strip() else ".") for l in body.rstrip("\n").split("\n")]
with open(dst, "w") as f:
    f.write("Description: " + "\n".join(desc) + "\n")
    f.write("Author: %s\n" % author)
    f.write("Origin: other, pidfd-lifecycle series for Linux 6.12, patch %s/%s\n" % (i, n))
    f.write("Forwarded: not-needed\n")
    f.write("Last-Update: %s\n" % date)
    f.write("---\n" + diff)
PY
	echo "$sub/$p" >>"$out/series"
done <"$series"
echo "export-debian: $n patches and a series fragment in $out"
