#!/bin/bash
# SPDX-License-Identifier: ISC
# faults.sh: the storage and the process model under faults.
#  1. `meridian import` killed with SIGKILL at a random moment, FAULT_ITER times (default
#     30): the database passes PRAGMA integrity_check and the FTS index's own check every
#     time, and every file the import reported as saved is there with that run's text.
#  2. A worker killed with SIGKILL while staff save articles, FAULT_ITER/3 times: the same
#     checks, and every save answered 303 is there.
#  3. A worker killed twice under wrk load: the error rate and the time to replacement.
#  4. Concurrent writers (four imports and three staff members saving at once): SQLITE_BUSY
#     never reaches anyone; every import succeeds and every save answers 303.
# Disk full has its own test (disk-full.sh), as it needs to mount a tmpfs.
if [ -n "${MERIDIAN_VALGRIND:-}" ]; then
	echo "skip: these checks time kills and restarts in milliseconds; valgrind slows the daemon 20-fold"
	exit 77
fi
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
. "$SRC/tests/trust/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }
ITER=${FAULT_ITER:-30}
# stdbuf makes import's stdout line-buffered, so what it reports is seen at once; it works by
# LD_PRELOAD, which ASan must be told to accept.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
STDBUF=
command -v stdbuf >/dev/null 2>&1 && STDBUF="stdbuf -oL"

db_init
staff_add eve 'fault-pass-1'
staff_add ann 'fault-pass-2'
staff_add bob 'fault-pass-3'

# db_ok WHAT: integrity_check and the FTS5 index's integrity-check, on the live file.
db_ok() {
	local r
	r=$(sqlite3 "$DB" "PRAGMA integrity_check;" 2>&1)
	[ "$r" = ok ] || { echo "# $1: integrity_check: $r"; return 1; }
	sqlite3 "$DB" "INSERT INTO posts_fts(posts_fts) VALUES('integrity-check');" 2>"$T/fts.err" ||
	    { echo "# $1: FTS integrity-check: $(cat "$T/fts.err")"; return 1; }
	r=$(sqlite3 "$DB" "SELECT count(*) FROM posts p WHERE NOT EXISTS (SELECT 1 FROM revisions r WHERE r.post_id = p.id);")
	[ "$r" = 0 ] || { echo "# $1: $r posts without a revision"; return 1; }
}
body_of() { sqlite3 "$DB" "SELECT body_md FROM posts WHERE slug = '$1'"; }

# --- 1. kill -9 during imports -------------------------------------------------------------------
# import_dir I: 15 files, the same slugs each time (so later runs update), text marked with I.
import_dir() {
	local d=$T/imp/$1 j
	mkdir -p "$d"
	for j in $(seq -w 1 15); do
		write_md "$d/kf-$j.md" "Kill test $1 $j" "kf-$j" "date: 2025-03-01T08:00:00Z" <<MD
marker iter-$1-file-$j. $(head -c 3000 /dev/zero | tr '\0' 'x')
MD
	done
}
# One whole import first: how long one takes, and how much of that is starting up (an import
# of nothing), so the kills below fall anywhere inside the import's work. Under ASan the start
# of two programs (meridian execs meridian-import) can take most of an import.
import_dir 0
t0=$(now_ms)
m import "$T/imp/0" >/dev/null 2>&1
DUR=$(( $(now_ms) - t0 + 10 ))
mkdir -p "$T/imp/none"
t0=$(now_ms)
m import "$T/imp/none" >/dev/null 2>&1
START=$(( $(now_ms) - t0 ))
[ "$START" -lt "$DUR" ] || START=0
WORK=$((DUR - START))
bad_db=0 missing=0 acked_total=0 partial=0
for i in $(seq 1 "$ITER"); do
	import_dir "$i"
	d=$T/imp/$i
	$STDBUF "$MERIDIAN_BIN" import "$d" --db "$DB" --config "$T/meridian.conf" \
	    > "$T/imp.out" 2> "$T/imp.err" &
	pid=$!
	ms=$(( START + $(od -An -N2 -tu2 /dev/urandom) % WORK ))
	sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	db_ok "import kill $i" || bad_db=$((bad_db + 1))
	acked=$(sed -n 's#.*/\(kf-[0-9]*\)\.md: \(created\|updated\) .*#\1#p' "$T/imp.out")
	n=0
	for s in $acked; do
		n=$((n + 1))
		body_of "$s" | grep -q "marker iter-$i-file-${s#kf-}\." ||
		    { missing=$((missing + 1)); echo "# import kill $i: $s was reported saved but is not there"; }
	done
	acked_total=$((acked_total + n))
	[ "$n" -gt 0 ] && [ "$n" -lt 15 ] && partial=$((partial + 1))
done
check "import killed $ITER times: the database is intact every time" [ "$bad_db" = 0 ]
check "import killed $ITER times: no reported save is missing ($acked_total reported)" [ "$missing" = 0 ]
check "import killed $ITER times: some kills landed mid-import ($partial)" [ "$partial" -gt 0 ]
figure fault.import_kill "$ITER kills ($partial mid-import): integrity ok $((ITER - bad_db))/$ITER, $acked_total acknowledged saves, $missing missing"

WORKERS=2 site_start || exit 99
staff_login eve 'fault-pass-1'
CSRF_eve=$(staff_csrf eve)
staff_login ann 'fault-pass-2'
CSRF_ann=$(staff_csrf ann)
staff_login bob 'fault-pass-3'
CSRF_bob=$(staff_csrf bob)

# save WHO SLUG: a new published article through the editor; prints the status.
save() {
	local who=$1 s=$2 tok
	eval "tok=\$CSRF_$who"
	curl -s -o /dev/null -w '%{http_code}' -b "$T/jar.$who" "$BASE/admin/articles/new" \
	    -H "Origin: $BASE" --data-urlencode "csrf_token=$tok" \
	    --data-urlencode "title=Saved $s" --data-urlencode "slug=$s" \
	    --data-urlencode "body=marker $s. Some text." --data-urlencode "kind=article" \
	    --data-urlencode "status=published" --data-urlencode "topics=Faults" \
	    --data-urlencode "summary="
}

# --- 2. kill -9 of a worker during saves ------------------------------------------------------------
K2=$(( ITER / 3 ))
ok2=0 lost2=0 failed2=0 bad2=0
for i in $(seq 1 "$K2"); do
	( for k in 1 2 3 4 5 6; do echo "ws-$i-$k $(save eve "ws-$i-$k")"; done > "$T/ws.$i" ) &
	lp=$!
	sleep "0.$(printf '%03d' $(( $(od -An -N2 -tu2 /dev/urandom) % 60 )))"
	v=$(worker_pids | shuf -n 1)
	[ -n "$v" ] && kill -KILL "$v"
	wait "$lp"
	while read -r s st; do
		if [ "$st" = 303 ]; then
			ok2=$((ok2 + 1))
			body_of "$s" | grep -q "marker $s\." || { lost2=$((lost2 + 1)); echo "# $s answered 303 but is not there"; }
		else
			failed2=$((failed2 + 1))
		fi
	done < "$T/ws.$i"
	db_ok "worker kill $i" || bad2=$((bad2 + 1))
	# Replaced, and the replacement old enough not to count as dying young.
	for _ in $(seq 1 100); do [ "$(worker_pids | wc -l)" -eq 2 ] && break; sleep 0.05; done
	sleep 1.1
done
check "worker killed during saves $K2 times: the database is intact every time" [ "$bad2" = 0 ]
check "worker killed during saves: no save answered 303 is missing ($ok2 answered)" [ "$lost2" = 0 ]
# One writer saves one article at a time: a kill can cost at most the save in flight.
check "worker killed during saves: every save but the one in flight was acknowledged ($ok2 of $((K2 * 6)))" \
    [ "$ok2" -ge $((K2 * 5)) ]
nostart=$(grep -c 'cannot start' "$T/meridian.log")
figure fault.worker_kill_saves "$K2 kills: $ok2 saves acknowledged, $lost2 missing, $failed2 answered with an error (the request in flight), $nostart replacement(s) failed to start"

# --- 3. a worker killed under wrk load ---------------------------------------------------------------
if command -v wrk >/dev/null 2>&1; then
	before=$(worker_pids | sort | tr '\n' ' ')
	wrk -t2 -c8 -d6s "$BASE/articles/kf-01" > "$T/wrk.out" 2>&1 &
	wp=$!
	reps=
	for at in 2 4; do
		sleep 1.9
		v=$(worker_pids | head -n 1)
		others=$(worker_pids | grep -vx "$v" | tr '\n' ' ')
		t0=$(now_ms)
		kill -KILL "$v"
		while [ $(( $(now_ms) - t0 )) -lt 5000 ]; do
			cur=$(worker_pids | grep -vx "$v" | wc -l)
			[ "$cur" -ge 2 ] && break
			sleep 0.005
		done
		reps="$reps $(( $(now_ms) - t0 ))"
	done
	wait "$wp"
	total=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$T/wrk.out")
	non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$T/wrk.out")
	serr=$(sed -n 's/^ *Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\).*/\1 \2 \3 \4/p' "$T/wrk.out" |
	    awk '{ print $1 + $2 + $3 + $4 }')
	errs=$(( ${non2xx:-0} + ${serr:-0} ))
	rate=$(awk -v e="$errs" -v t="${total:-0}" 'BEGIN { printf "%.3f", t ? 100 * e / t : 100 }')
	maxrep=$(echo $reps | tr ' ' '\n' | sort -n | tail -n 1)
	check "wrk: requests were served (${total:-0})" [ "${total:-0}" -gt 100 ]
	check "wrk: two kills cost under 0.5% of requests ($errs of $total, $rate%)" \
	    awk -v r="$rate" 'BEGIN { exit !(r < 0.5) }'
	check "wrk: each killed worker was replaced within a second (${reps# } ms)" [ "${maxrep:-9999}" -lt 1000 ]
	figure fault.wrk "2 kills under wrk -c8: $errs errors of $total requests ($rate%), replaced in${reps} ms"
else
	echo "# skip: wrk missing (apt-get install wrk; contrib/install-deps.sh --test)"
fi

# --- 4. concurrent writers ----------------------------------------------------------------------------
for w in 1 2 3 4; do
	mkdir -p "$T/cw/$w"
	for j in $(seq -w 1 10); do
		write_md "$T/cw/$w/cw-$w-$j.md" "Concurrent $w $j" "cw-$w-$j" "date: 2025-03-01T08:00:00Z" <<MD
Concurrent import $w $j.
MD
	done
done
logline=$(wc -l < "$T/meridian.log")
pids=
for w in 1 2 3 4; do
	( m import "$T/cw/$w" > "$T/cw.$w.out" 2>&1; echo "rc=$?" >> "$T/cw.$w.out" ) &
	pids="$pids $!"
done
for who in eve ann bob; do
	( for k in $(seq 1 10); do echo "$(save $who "cs-$who-$k")"; done > "$T/cs.$who" ) &
	pids="$pids $!"
done
wait $pids
irc=$(cat "$T"/cw.*.out | grep -c '^rc=0$')
sok=$(cat "$T"/cs.* | grep -c '^303$')
check "concurrent writers: all 4 imports succeeded ($irc)" [ "$irc" = 4 ]
check "concurrent writers: all 30 saves answered 303 ($sok)" [ "$sok" = 30 ]
tail -n +"$((logline + 1))" "$T/meridian.log" > "$T/cw.log"
check "concurrent writers: nothing says 'locked' or 'busy'" sh -c "! grep -qi 'locked\|busy' '$T'/cw.*.out '$T/cw.log'"
check "concurrent writers: 40 imported and 30 saved articles are there" \
    [ "$(sqlite3 "$DB" "SELECT count(*) FROM posts WHERE slug LIKE 'cw-%' OR slug LIKE 'cs-%'")" = 70 ]
check "concurrent writers: the database is intact" db_ok "concurrent"
figure fault.busy "4 imports + 3x10 saves at once: $irc/4 imports ok, $sok/30 saves 303"
req /_health
check "/_health answers 200 after all of it" status_is 200
finish
