#!/bin/sh
# tests/replicate/figures.sh: copies the disaster drill's measured figures (the `# rpo_seconds=`
# and `# restore_seconds=` lines of tests/e2e/replicate.sh's log) and the replica test's lag
# into the README's "Last drill" line, with the date and commit.
# usage: sh tests/replicate/figures.sh [BUILD-DIR]     (default _build/gcc)
# SPDX-License-Identifier: ISC
set -eu
cd "$(dirname "$0")/../.."
dir=${1:-_build/gcc}
fig() { sed -n "s/^# $1=\([0-9.]*\).*/\1/p" "$2" | tail -n 1; }
rpo=$(fig rpo_seconds "$dir/tests/e2e/replicate.log")
restore=$(fig restore_seconds "$dir/tests/e2e/replicate.log")
lag=$(fig replica_seconds "$dir/tests/e2e/replica.log")
[ -n "$rpo" ] && [ -n "$restore" ] && [ -n "$lag" ] || {
	echo "figures.sh: no figures in $dir/tests/e2e/replicate.log and replica.log" >&2; exit 1; }
line="Last drill: $(date -u +%F), commit $(git rev-parse --short HEAD): RPO $rpo s, restore $restore s; a save reached the replica in $lag s (sync every 2 s)."
sed -i "s|^Last drill: .*|$line|" README
grep '^Last drill: ' README
