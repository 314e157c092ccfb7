#!/bin/bash
# image-limits.sh: the image helper past its time limit (image_time_limit, here 2 s): a
# photo whose helper never finishes (stopped by the test, as a decoder caught in a loop
# would be) is refused with a message naming the limit, nothing is stored, no helper is
# left behind, and the same worker serves the next page and the next upload. Also: a
# time limit the request watchdog would cut short is refused by `meridian check`.
# SPDX-License-Identifier: ISC
if [ -n "${MERIDIAN_VALGRIND:-}" ]; then
	echo "skip: under memcheck the worker's side of an upload outlasts the 2 s limit set here; uploads.sh runs it under valgrind"
	exit 77
fi
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
. "$MERIDIAN_SRCDIR/tests/lib/staff.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }
. "$MERIDIAN_SRCDIR/tests/lib/imgtool.sh"
q() { sqlite3 "$DB" "$1"; }

# The check first: a limit at or above request_timeout is refused, naming both.
printf 'image_time_limit = 30\n' >> "$T/meridian.conf"
m check > "$T/check.out" 2>&1
check "meridian check: image_time_limit = request_timeout is refused" [ $? != 0 ]
check "... saying why" grep -q 'image_time_limit (30 s) must be less than request_timeout (30 s)' "$T/check.out"
write_conf
printf 'image_time_limit = 2\n' >> "$T/meridian.conf"

db_init
add_staff bob editor password-three-four
WORKERS=1 site_start || exit 99
img photo "$T/photo.jpg" 4032 3024 || exit 99
img gif "$T/small.gif" 1 || exit 99
login bob password-three-four
check "login: 303" status_is 303
WORKER=$(worker_pids)
check "one worker ($WORKER)" [ -n "$WORKER" ] && [ "$(echo "$WORKER" | wc -w)" = 1 ]
send() {
	ureq bob /admin/media -H "Origin: $BASE" -F "csrf_token=$(tok bob)" -F "alt=$3" \
	    -F "file=@$1;filename=$2;type=application/octet-stream"
}
# helpers: the worker's children (the image helper while it runs).
helpers() { cat /proc/"$WORKER"/task/*/children 2>/dev/null; }

TOKEN=$(tok bob)
curl -s -b "$T/jar.bob" -o "$T/stuck.html" -w '%{http_code}' -H "Origin: $BASE" \
    -F "csrf_token=$TOKEN" -F "alt=A photo" \
    -F "file=@$T/photo.jpg;filename=photo.jpg;type=image/jpeg" "$BASE/admin/media" > "$T/stuck.code" &
CURL=$!
stopped=
end=$(( $(now_ms) + 20000 ))
while [ -z "$stopped" ] && [ "$(now_ms)" -lt "$end" ] && kill -0 "$CURL" 2>/dev/null; do
	for p in $(helpers); do kill -STOP "$p" 2>/dev/null && stopped=$p; done
	sleep 0.005
done
wait "$CURL"
check "the helper was caught while it ran and stopped ($stopped)" [ -n "$stopped" ]
check "the upload whose helper never finished: 400" [ "$(cat "$T/stuck.code")" = 400 ]
check "... saying it took longer than the limit" \
    grep -q 'The image took more than 2 seconds to process, the limit for one image' "$T/stuck.html"
check "... nothing stored" [ "$(q 'SELECT count(*) FROM media')" = 0 ]
check "... the stopped helper is gone, not left behind" [ ! -e "/proc/$stopped" ]
check "... the worker has no child left" [ -z "$(helpers)" ]
check "the same worker is still there" [ "$(worker_pids)" = "$WORKER" ]
req /
check "... and serves the next page: 200" status_is 200
send "$T/small.gif" small.gif "A small chart"
check "... and the next upload: 303" status_is 303
check "... stored" [ "$(q 'SELECT count(*) FROM media')" = 1 ]
check "... by the same worker" [ "$(worker_pids)" = "$WORKER" ]

finish
