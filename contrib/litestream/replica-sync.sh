#!/bin/sh
# SPDX-License-Identifier: ISC
# contrib/litestream/replica-sync.sh: brings a read-only replica's database up to date from
# the primary's Litestream replica. Litestream 0.3.13 restores but does not follow a replica,
# so this runs every few seconds (contrib/systemd/meridian-replica-sync.timer) and, when the
# replica has new WAL segments, restores a fresh copy beside the database, checks it, renames
# it over the database and has `meridian serve --read-only` reopen it (SIGHUP).
# SPDX-License-Identifier: ISC
#
# usage: replica-sync.sh [DB [SOURCE]]
#   DB      the replica's database, /var/lib/meridian/meridian.db unless given
#   SOURCE  the primary's database as /etc/litestream.yml names it (DB unless given), or a
#           replica URL (file:///..., s3://BUCKET/PATH), which needs no configuration file
# Environment: LITESTREAM_CONFIG (/etc/litestream.yml), LITESTREAM (litestream), MERIDIAN_RELOAD (a SIGHUP to meridian.service's master,
# which the user meridian may send without systemctl's privileges).
set -eu
db=${1:-/var/lib/meridian/meridian.db}
source=${2:-$db}
config="-config ${LITESTREAM_CONFIG:-/etc/litestream.yml}"
case $source in *://*) config= ;; esac
litestream=${LITESTREAM:-litestream}
reload=${MERIDIAN_RELOAD:-'kill -HUP "$(systemctl show -p MainPID --value meridian.service)"'}
new=$db.sync-$$
seen=$db.sync-seen

trap 'rm -f "$new" "$new.tmp" "$new.tmp-shm" "$new.tmp-wal" "$new-journal" "$seen.new"' EXIT

# Listing the replica's WAL segments is cheap (one LIST on S3); a restore downloads the
# snapshot and every segment since. Restore only when the list changed.
# shellcheck disable=SC2086
"$litestream" wal $config "$source" > "$seen.new"
if [ -f "$db" ] && [ -f "$seen" ] && cmp -s "$seen" "$seen.new"; then
	exit 0
fi
# shellcheck disable=SC2086
"$litestream" restore $config -o "$new" "$source"
# Readers open the copy read-only. In rollback-journal mode it has no -wal or -shm file, so
# renaming a new copy over it can never mix the old copy's WAL into the new one.
sqlite3 "$new" 'PRAGMA journal_mode = DELETE' > /dev/null
if [ "$(sqlite3 "$new" 'PRAGMA integrity_check')" != ok ]; then
	echo "replica-sync: the restored copy fails integrity_check; keeping $db" >&2
	exit 1
fi
chmod 0640 "$new"
# rename(2): a worker still reading the old copy keeps it until it is replaced.
mv -f "$new" "$db"
mv -f "$seen.new" "$seen"
eval "$reload"
