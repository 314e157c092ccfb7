#!/bin/sh
# tests/replicate/figures.sh: copies the disaster drill's measured figures (the `# rpo_seconds=`
# and `# restore_seconds=` lines of tests/e2e/replicate.sh's log) and the replica test's lag
# into the "Replication drill" section of tests/bench/README, with the date and commit.
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
sh tests/bench/section.sh replication <<EOF
## Replication drill

Written by \`sh tests/replicate/figures.sh\` from the logs of \`tests/e2e/replicate.sh\` (Litestream
replicating while staff save and visitors read; then SIGKILL, the folder deleted, a restore)
and \`tests/e2e/replica.sh\` (a read-only replica syncing every 2 s).

| what | measured |
|---|---|
| RPO: the oldest acknowledged save lost | $rpo s |
| restore time | $restore s |
| a save visible on the replica after | $lag s |

$(date -u +%F), commit $(git rev-parse --short HEAD).
EOF
sed -n '/^<!-- begin replication -->/,/^<!-- end replication -->/p' tests/bench/README
