#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: scripts/callers.sh [--check TABLE]
#
# Every kernel function that the series changes, and everything in the
# patched tree that calls it.  A function counts when it exists in the base
# and a line of its body or head is changed by "git diff base HEAD" in
# build/linux (tools/ and Documentation/ aside).  Its callers are the places
# "git grep -w" finds in the patched tree: the function around each call, or
# for a function pointer the structure that holds it.  Prints one line a
# (function, caller) pair: "function<TAB>caller-file:caller", sorted.
#
# --check TABLE compares that list with the table in TABLE (docs/callers.md),
# whose rows start "| `function` | `file:caller` |", and fails naming every
# pair the table lacks or has in excess, and every row whose test column
# names a selftest case the pidfd selftests do not have.
set -e -o pipefail
. "$(dirname "$0")/lib.sh"

check=
case "$1" in
--check) [ -f "$2" ] || die "usage: $0 [--check TABLE]"; check=$2 ;;
"") ;;
*) echo "usage: $0 [--check TABLE]" >&2; exit 2 ;;
esac
[ -d "$src/.git" ] || die "no tree at $src (make tree)"
g() { git -C "$src" "$@"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
paths=(-- '*.c' '*.h' ':!tools/' ':!Documentation/' ':!include/uapi/')

# functions FILE-CONTENT-ON-STDIN: "name first-line last-line" of every
# function defined in kernel style: the head starts in column 0, the body
# opens with "{" alone on a line and closes with "}" alone on a line.
# Outside function bodies, a line in column 0 with "= {" opens a structure
# initializer, named as a function would be, so that a function pointer
# stored in it has a place to be called from.
functions() {
	awk '
	# The identifier just before the first "(" of s, or that SYSCALL_DEFINE names.
	function ident(s,   t) {
		if (match(s, /SYSCALL_DEFINE[0-9]\([A-Za-z0-9_]+/)) {
			t = substr(s, RSTART, RLENGTH)
			sub(/.*\(/, "", t)
			return "sys_" t
		}
		if (!match(s, /[A-Za-z_][A-Za-z0-9_]*[ \t]*\(/))
			return ""
		t = substr(s, RSTART, RLENGTH)
		sub(/[ \t]*\($/, "", t)
		return t
	}
	inbody == 0 && /^[A-Za-z_]/ && !/^(typedef|extern)/ {
		if ($0 ~ /=[ \t]*\{/) {
			t = $0
			sub(/(\[[^]]*\])?[ \t]*=[ \t]*\{.*/, "", t)
			if (match(t, /[A-Za-z_][A-Za-z0-9_]*$/)) {
				name = substr(t, RSTART, RLENGTH); start = NR; inbody = 2
			}
			next
		}
		if ($0 ~ /\(/) { head = $0; start = NR; name = ident($0) }
	}
	inbody == 0 && head != "" && /;[ \t]*$/ && !/^\{/ { head = ""; next }
	inbody == 0 && head != "" && /^\{/ { inbody = 1; next }
	inbody == 1 && /^\}/ { print name, start, NR, (inbody == 1 ? "f" : "s"); inbody = 0; head = ""; next }
	inbody == 2 && /^\};?/ { print name, start, NR, (inbody == 1 ? "f" : "s"); inbody = 0; head = ""; next }
	'
}

# fmap REV FILE: functions of FILE at REV, computed once
fmap() {
	local c=$tmp/fmap/$1/$2
	if [ ! -f "$c" ]; then
		mkdir -p "$(dirname "$c")"
		g show "$1:$2" </dev/null | functions >"$c"
	fi
	cat "$c"
}

# The lines of FILE that HEAD changed against base, in HEAD's numbering; a
# deletion counts at the line after which it happened.
changed_lines() {
	g diff -U0 base HEAD -- "$1" | sed -n 's/^@@ [^+]*+\([0-9]*\)\(,\([0-9]*\)\)\{0,1\} @@.*/\1 \3/p' |
		awk '{ n = ($2 == "" ? 1 : $2); if (n == 0) print $1; for (i = 0; i < n; i++) print $1 + i }'
}

# "name file" of every function of the base that HEAD changes
changed_functions() {
	local f
	for f in $(g diff --name-only base HEAD "${paths[@]}"); do
		g cat-file -e "base:$f" 2>/dev/null || continue
		fmap HEAD "$f" | awk -v f="$f" '
			NR == FNR { hit[$1] = 1; next }
			$4 == "f" { for (l = $2; l <= $3; l++) if (l in hit) { print $1, f; break } }
		' <(changed_lines "$f") - |
		# ... that the base has too
		while read -r name file; do
			if fmap base "$f" |
			   awk -v n="$name" '$1 == n && $4 == "f" { found = 1 } END { exit !found }'; then
				echo "$name $file"
			fi
		done
	done | sort -u
}

# "function<TAB>file:caller" for every place in HEAD that names one of the
# functions on stdin ("name file" lines), in one pass of git grep
callers() {
	local names file line func
	names=$(cut -d' ' -f1 | sort -u)
	[ -n "$names" ] || return 0
	# shellcheck disable=SC2046
	{ g grep -n -w $(printf -- '-e %s ' $names) HEAD "${paths[@]}" </dev/null || true; } |
	awk -v names="$names" '
		BEGIN { n = split(names, fn, "\n") }
		# "HEAD:file:line:text"
		{
			text = $0; sub(/^HEAD:/, "", text)
			i = index(text, ":"); file = substr(text, 1, i - 1); text = substr(text, i + 1)
			i = index(text, ":"); line = substr(text, 1, i - 1); text = substr(text, i + 1)
		}
		# Comments, exports: not calls.
		text ~ /^[ \t]*(\*|\/\*|\/\/)/ { next }
		{ gsub(/\/\*.*\*\//, "", text); sub(/\/\/.*/, "", text) }
		text ~ /^(EXPORT_SYMBOL|ALLOW_ERROR_INJECTION)/ { next }
		{
			for (k = 1; k <= n; k++) {
				f = fn[k]
				if (text !~ "(^|[^A-Za-z0-9_])" f "([^A-Za-z0-9_]|$)")
					continue
				# Labels of the same name: "name:" and "goto name;".
				if (text ~ "^" f ":" || text ~ "goto[ \t]+" f ";")
					continue
				# Prototypes and the heads of definitions start in
				# column 0; calls never do.
				if (text ~ "^[A-Za-z_].*[ \t*]" f "\\(")
					continue
				print f, file, line
			}
		}
	' | while read -r func file line; do
		fmap HEAD "$file" |
			awk -v l="$line" -v f="$file" -v fname="$func" '
				# Read to the end: an early exit would fail the pipe.
				!found && $2 <= l && l <= $3 { found = 1; if ($1 != fname) print fname "\t" f ":" $1 }
				END { if (!found) print fname "\t" f ":(file scope)" }'
	done
}

list() {
	changed_functions | callers | sort -u
}

if [ -z "$check" ]; then
	list
	exit 0
fi

list >"$tmp/have"
# Rows "| `func` | `file:caller` | situation | test |"
sed -n 's/^| `\([^`]*\)` | `\([^`]*\)` |.*/\1\t\2/p' "$check" | sort -u >"$tmp/table"
bad=0
while IFS= read -r pair; do
	echo "$prog: $check does not name caller: $pair"
	bad=1
done < <(comm -23 "$tmp/have" "$tmp/table")
while IFS= read -r pair; do
	echo "$prog: $check names a pair that is not a caller of a changed function: $pair"
	bad=1
done < <(comm -13 "$tmp/have" "$tmp/table")
# Every row names a test, and each test named, "program: fixture.test" or
# "program: fixture.variant.test" ("*" for any variant), exists.
if grep '^| `' "$check" | awk -F'|' '$5 ~ /^[ \t]*$/ { exit 1 }'; then :; else
	echo "$prog: $check has a row without a test"
	bad=1
fi
while read -r t; do
	file=$src/tools/testing/selftests/pidfd/${t%%:*}.c
	IFS=. read -r fixture variant name <<<"${t#*@}"
	[ -n "$name" ] || { name=$variant; variant=; }
	ok=1
	[ -f "$file" ] || ok=0
	grep -qE "^TEST_F(_TIMEOUT)?\($fixture, $name[,)]" "$file" 2>/dev/null || ok=0
	if [ -n "$variant" ]; then
		grep -qE "^FIXTURE_VARIANT_ADD\($fixture, ${variant//\*/[a-z0-9_]*}\)" "$file" || ok=0
	fi
	[ $ok -eq 1 ] || { echo "$prog: $check names a test that does not exist: ${t/@/ }"; bad=1; }
done < <(grep -o '`pidfd_[a-z0-9_]*_test: [a-z0-9_.*]*`' "$check" | tr -d '`' | tr ' ' '@' | sort -u)
[ $bad -eq 0 ] && echo "callers: $(wc -l <"$tmp/have") (function, caller) pairs, all in $check"
exit $bad
