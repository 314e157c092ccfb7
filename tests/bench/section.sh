#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/bench/section.sh: writes one script's figures into tests/bench/README as a section
# between `<!-- begin NAME -->` and `<!-- end NAME -->`, replacing that section if it is
# there and appending it otherwise; every other part of the file is left as it was.
# usage: ... | sh tests/bench/section.sh NAME [FILE]     (the section's text on stdin)
set -eu
name=$1
out=${2:-$(dirname "$0")/README}
new=$(mktemp)
trap 'rm -f "$new" "$new.out"' EXIT
{ echo "<!-- begin $name -->"; cat; echo "<!-- end $name -->"; } > "$new"
touch "$out"
awk -v b="<!-- begin $name -->" -v e="<!-- end $name -->" -v f="$new" '
	function put(l) { while ((getline l < f) > 0) print l; done = 1 }
	$0 == b { put(); skip = 1; next }
	skip && $0 == e { skip = 0; next }
	skip { next }
	{ print }
	END { if (!done) { print ""; put() } }' "$out" > "$new.out"
cat "$new.out" > "$out"
