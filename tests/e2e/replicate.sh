#!/bin/bash
# SPDX-License-Identifier: ISC
# replicate.sh: the disaster drill. Litestream replicates the site's database with the shipped
# configuration while visitors read and staff save articles and upload images; then the
# machine is lost: Meridian (master and workers) and Litestream killed with SIGKILL, the
# database folder deleted. `litestream restore` brings the database back into a new folder
# and Meridian serves it: every save acknowledged more than a second before the loss is
# there, the images byte for byte. Prints the measured RPO and restore time
# (# rpo_seconds=, # restore_seconds=), which tests/replicate/figures.sh puts in the README.
# SPDX-License-Identifier: ISC
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
. "$SRC/tests/lib/litestream.sh"

# Under valgrind a save takes ten times as long: a longer load still makes a few.
LOAD_SECONDS=${DRILL_LOAD_SECONDS:-6}
[ -z "${MERIDIAN_VALGRIND:-}" ] || LOAD_SECONDS=15
PW=drill-password-123
mkdir -p "$T/restored"
primary_setup "$PW"
site_start || exit 99

# --- Replication is running ----------------------------------------------------------------------
replicated() { m check 2>/dev/null | grep -q '^ok: replication: Litestream, generation [0-9a-f]*, position .*up to date'; }
check "meridian check: the database is replicated by Litestream and up to date" wait_for 20 replicated
m check | grep replication | sed 's/^/# /'

# --- Load: visitors reading, one editor saving articles, another uploading images ----------------
TOKEN_A=$(login "$T/jar.a" staff "$PW")
TOKEN_M=$(login "$T/jar.m" staff "$PW")
[ -n "$TOKEN_A" ] && [ -n "$TOKEN_M" ] || { echo "login failed"; exit 99; }
PNG_B64=iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=
printf '%s' "$PNG_B64" | base64 -d > "$T/dot.png"

saver() {
	local i=0 st
	while [ ! -e "$T/stop" ]; do
		i=$((i + 1))
		st=$(save_article "$T/jar.a" "$TOKEN_A" "drill-$i" "Drill text number $i.")
		[ "$st" = 303 ] && echo "drill-$i $(now)" >> "$T/acks.articles"
	done
}
uploader() {
	local j=0 st f
	while [ ! -e "$T/stop" ]; do
		j=$((j + 1))
		# A valid PNG; the bytes after its end make each upload different.
		f=$T/img.$j.png
		{ cat "$T/dot.png"; head -c 4096 /dev/urandom; } > "$f"
		st=$(curl -s -o /dev/null -w '%{http_code}' -b "$T/jar.m" -H "Origin: $BASE" \
		    -F "csrf_token=$TOKEN_M" -F "alt=drill image $j" \
		    -F "file=@$f;type=image/png" "$BASE/admin/media")
		[ "$st" = 303 ] && echo "$j $(now)" >> "$T/acks.images"
	done
}
visitor() {
	while [ ! -e "$T/stop.visitor" ]; do
		curl -s -o /dev/null -o /dev/null -o /dev/null -w '%{http_code}\n' "$BASE/" \
		    "$BASE/search?q=drill" "$BASE/feed.xml" >> "$T/visits"
		# A reader's pace: the shipped server block allows 5 searches a second.
		sleep 0.25
	done
}
saver & SAVER=$!
uploader & UPLOADER=$!
visitor & VISITOR=$!
sleep "$LOAD_SECONDS"

# --- The disaster ---------------------------------------------------------------------------------
# The visitors' tally ends just before: after the kill, nginx can only answer 502.
touch "$T/stop.visitor"
wait "$VISITOR"
VICTIMS="$MERIDIAN_PID $(worker_pids | tr '\n' ' ') $LS_PID"
# shellcheck disable=SC2086
kill -KILL $VICTIMS
KILL_AT=$(now)
touch "$T/stop"
wait "$SAVER" "$UPLOADER" 2>/dev/null
wait "$MERIDIAN_PID" "$LS_PID" 2>/dev/null
MERIDIAN_PID=
LS_PID=
rm -rf "$T/primary"
echo "# $(wc -l < "$T/acks.articles") articles and $(wc -l < "$T/acks.images") images saved," \
    "$(grep -c . "$T/visits") pages read in ${LOAD_SECONDS}s before the kill"
check "visitors were served while staff saved (every page 200)" \
    [ "$(grep -vc '^200$' "$T/visits")" = 0 ]
saved_enough() { [ "$(wc -l < "$T/acks.articles")" -ge 3 ] && [ "$(wc -l < "$T/acks.images")" -ge 2 ]; }
check "the editors' saves were acknowledged under load" saved_enough

# --- Restore into a new folder, and serve it ------------------------------------------------------
START=$(now)
"$LITESTREAM" restore -config "$T/litestream.yml" -o "$T/restored/site.db" "$T/primary/site.db" \
    >> "$T/litestream.log" 2>&1
RESTORE_RC=$?
RESTORE_SECONDS=$(awk -v a="$START" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
check "litestream restore succeeds" [ "$RESTORE_RC" = 0 ]
echo "# restore_seconds=$RESTORE_SECONDS"
# Litestream 0.3.13 leaves its temporary file's -shm and -wal behind.
rm -f "$T/restored/site.db.tmp-shm" "$T/restored/site.db.tmp-wal"
check "integrity_check of the restored database: ok" \
    [ "$(sqlite3 "$T/restored/site.db" 'PRAGMA integrity_check')" = ok ]
DB=$T/restored/site.db
write_conf
rm -f "$SOCK"
meridian_start || exit 99

# --- Nothing acknowledged more than a second before the kill is lost ------------------------------
: > "$T/lost"
while read -r slug at; do
	code=$(curl -s -o "$T/page" -w '%{http_code}' "$BASE/articles/$slug")
	if [ "$code" != 200 ] || ! grep -q "Drill text number ${slug#drill-}\." "$T/page"; then
		echo "article $slug $at" >> "$T/lost"
	fi
done < "$T/acks.articles"
: > "$T/damaged"
: > "$T/identical"
while read -r j at; do
	row=$(sqlite3 "$DB" "SELECT id || '/' || name FROM media WHERE alt = 'drill image $j'")
	if [ -z "$row" ]; then
		echo "image $j $at" >> "$T/lost"
		continue
	fi
	# The image pipeline re-encodes an upload: what the primary stored (its SHA-256 in the
	# row) must come back whole, and still be a PNG.
	curl -s -o "$T/img" "$BASE/media/$row"
	if [ "$(sha256sum < "$T/img" | cut -c1-64)" = \
	    "$(sqlite3 "$DB" "SELECT sha256 FROM media WHERE alt = 'drill image $j'")" ] &&
	    [ "$(head -c 8 "$T/img" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ]; then
		echo "$j" >> "$T/identical"
	else
		echo "image $j $row" >> "$T/damaged"
	fi
done < "$T/acks.images"
# The RPO: how long before the loss the oldest lost save was acknowledged (0: none lost).
RPO=$(awk -v k="$KILL_AT" '{ d = k - $3; if (d > m) m = d } END { printf "%.2f", m }' "$T/lost")
echo "# rpo_seconds=$RPO"
echo "# lost (acknowledged, then gone): $(wc -l < "$T/lost")"
sed 's/^/# lost: /' "$T/lost"
check "every save acknowledged more than 1 s before the kill is served (RPO $RPO s)" \
    awk -v r="$RPO" 'BEGIN { exit !(r <= 1) }'
images_identical() { [ ! -s "$T/damaged" ] && [ -s "$T/identical" ]; }
check "every image restored is whole: the bytes the primary stored, a PNG ($(wc -l < "$T/identical"))" \
    images_identical
sed 's/^/# damaged: /' "$T/damaged"
req /
check "the restored site serves its home page" status_is 200
# Saves come tens a second: the home page's ten are the newest the restored copy holds.
# (FILENAME, not NR == FNR: the list of lost saves is empty when nothing was lost.)
NEWEST=$(awk -v lost="$T/lost" 'FILENAME == lost { gone[$2] = 1; next }
    !($1 in gone) { s = $1 } END { print s }' "$T/lost" "$T/acks.articles")
check "the restored site lists the newest article it kept ($NEWEST)" \
    body_has "href=\"/articles/$NEWEST\""
check "meridian check passes on the restored database" m check
finish
