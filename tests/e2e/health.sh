#!/bin/bash
# health.sh: /_health says "ok" only while the database answers. A monitor must see an error
# status when another process holds the database locked, and "ok" again once it lets go.
# SPDX-License-Identifier: ISC
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 missing: skip"; exit 77; }

LOG_LEVEL=info write_conf
db_init
site_start || exit 99
# Both workers must have opened the database before it is locked (under valgrind they start
# slowly): wait until each has answered a request, as its log lines show.
for _ in $(seq 1 600); do
	curl -s -o /dev/null "$BASE/_health"
	[ "$(grep -o 'req [0-9]*-' "$T/meridian.log" | sort -u | wc -l)" -ge 2 ] && break
	sleep 0.1
done

req /_health
check "/_health answers 200 while the database answers" status_is 200
check "/_health says ok" grep -qx ok "$T/body"

# Another process takes the database for itself. SQLite's WAL readers must hold one of the
# read locks (bytes 123-127 of the -shm file, beside the write, checkpoint and recovery locks
# at 120-122); holding all eight exclusively keeps every reader out until it lets go, as a
# stuck process on the same file would. It holds them until its stdin closes.
mkfifo "$T/hold"
python3 -c '
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR)
for _ in range(400):
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 8, 120)
        break
    except OSError:
        time.sleep(0.05)
else:
    sys.exit("could not lock")
print("held", flush=True)
sys.stdin.read()
' "$DB-shm" < "$T/hold" > "$T/locker.out" 2>&1 &
LOCKER=$!
exec 3> "$T/hold"
for _ in $(seq 1 400); do
	grep -qx held "$T/locker.out" && break
	kill -0 "$LOCKER" 2>/dev/null || break
	sleep 0.05
done
check "setup: another process holds the database's locks" grep -qx held "$T/locker.out"
check "setup: a fresh reader is locked out" sh -c \
    "! sqlite3 -cmd '.timeout 200' '$DB' 'SELECT count(*) FROM site_state' >/dev/null 2>&1"

# The worker retries for some seconds (SQLite's read-lock back-off), then gives up.
req /_health -m 60
check "/_health with the database locked is not 200 ($STATUS)" [ "$STATUS" != 200 ]
check "/_health with the database locked answers 503" status_is 503
check "/_health with the database locked does not say ok" sh -c "! grep -qx ok '$T/body'"

exec 3>&-
wait "$LOCKER"
# A worker that was starting while the lock was held could not open the database and is
# being replaced (with a back-off): wait for the site to answer, within a generous bound.
for _ in $(seq 1 300); do
	req /_health
	[ "$STATUS" = 200 ] && break
	sleep 0.1
done
check "/_health answers 200 again once the lock is gone" status_is 200
check "... and says ok" grep -qx ok "$T/body"

# A database file that is no database at all: garbage in place of the file the workers
# opened (a new file under the same name, as a botched restore would leave it). The
# workers are restarted on it, as after a restore, and must not call it healthy.
meridian_stop
rm -f "$DB-wal" "$DB-shm"
head -c 65536 /dev/urandom > "$DB.garbage"
mv "$DB.garbage" "$DB"
meridian_start >/dev/null 2>&1
req /_health
check "/_health over a garbage database file is not 200 ($STATUS)" [ "$STATUS" != 200 ]
check "/_health over a garbage database file does not say ok" sh -c "! grep -qx ok '$T/body'"

finish
