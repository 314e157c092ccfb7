#!/bin/bash
# SPDX-License-Identifier: ISC
# workers.sh: the process model: a worker killed with SIGKILL is replaced while requests keep
# succeeding; SIGHUP replaces workers with no failed request; SIGTERM finishes and exits; a
# template error stops `serve` with FILE:LINE.
if [ -n "${MERIDIAN_VALGRIND:-}" ]; then
	echo "skip: these checks time restarts in milliseconds; valgrind slows workers 20-fold"
	exit 77
fi
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"

db_init
mkdir -p "$T/in"
write_md "$T/in/a.md" "Sleep and stress" sleep-and-stress "date: 2025-03-01T08:00:00Z" <<'MD'
Short text about sleep.
MD
m import "$T/in" >/dev/null
WORKERS=2 site_start || exit 99

# Requests succeed in a loop while a worker is killed.
loop_requests() {
	local n=$1 ok=0 bad=0 i
	for i in $(seq 1 "$n"); do
		code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/articles/sleep-and-stress")
		if [ "$code" = 200 ]; then ok=$((ok + 1)); else bad=$((bad + 1)); fi
	done
	echo "$ok $bad"
}

check "two workers run" [ "$(worker_pids | wc -l)" -eq 2 ]
victim=$(worker_pids | head -n 1)
( loop_requests 50 > "$T/kill-loop" ) &
loop=$!
t0=$(now_ms)
kill -KILL "$victim"
# The clock runs from the kill: replaced means two workers again, the victim not among them.
replaced=
while [ $(( $(now_ms) - t0 )) -lt 5000 ]; do
	w=($(worker_pids))	# builtins only: the poll must not be slower than the replacement
	if [ "${#w[@]}" -eq 2 ] && none_of "$victim" "${w[*]}"; then
		replaced=$(( $(now_ms) - t0 ))
		break
	fi
	sleep 0.005
done
wait "$loop"
res=$(cat "$T/kill-loop")
check "requests succeed while a killed worker is replaced ($res ok/failed)" [ "${res#* }" = 0 ]
check "the killed worker is replaced within a second of the kill (${replaced:-not in 5 s} ms)" \
    between "$replaced" 0 1000
check "the master log names the dead worker" grep -q "worker $victim died of signal 9" "$T/meridian.log"

# SIGHUP under a steady stream of requests: no failures, new worker pids.
old=$(worker_pids | sort | tr '\n' ' ')
n0=$(wc -l < "$T/access.log")
( loop_requests 150 > "$T/hup-loop" ) &
loop=$!
# Under load: once nginx has logged the loop's first requests.
wait_lines "$T/access.log" $((n0 + 3))
kill -HUP "$MERIDIAN_PID"
wait "$loop"
res=$(cat "$T/hup-loop")
check "SIGHUP under load fails no request ($res ok/failed)" [ "${res#* }" = 0 ]
for _ in $(seq 1 100); do
	new=$(worker_pids | sort | tr '\n' ' ')
	none_of "$old" "$new" && [ "$(echo $new | wc -w)" -eq 2 ] && break
	sleep 0.05
done
check "SIGHUP replaced every worker ($old -> $new)" none_of "$old" "$new"
check "still two workers after reload" [ "$(worker_pids | wc -l)" -eq 2 ]

# A template with a syntax error: reload keeps the old workers serving.
mkdir -p "$T/tpl"
cp -r "$SRC/templates/." "$T/tpl/"
TEMPLATES=$T/tpl write_conf
printf '{{> partials/head.html}}\n</head><body>\n{{#if title}}\n{{no_such_name}}\n' > "$T/tpl/page.html"
kill -HUP "$MERIDIAN_PID"
for _ in $(seq 1 100); do grep -q "keeping the old ones" "$T/meridian.log" && break; sleep 0.05; done
req /articles/sleep-and-stress
check "a reload with a broken template keeps serving" status_is 200
check "the reload failure is logged" grep -q "keeping the old ones" "$T/meridian.log"

# serve refuses to start on the broken template, naming FILE:LINE.
out=$("$MERIDIAN_BIN" serve --config "$T/meridian.conf" --listen "unix:$T/other.sock" \
    --workers 1 2>&1)
rc=$?
check "serve with a broken template exits 1" [ "$rc" = 1 ]
check "serve names the template file and line ($out)" sh -c "echo '$out' | grep -q 'page.html:4'"
TEMPLATES= write_conf

# SIGTERM: the master and all workers exit promptly, the socket is removed.
pids="$MERIDIAN_PID $(worker_pids | tr '\n' ' ')"
kill -TERM "$MERIDIAN_PID"
gone=no
for _ in $(seq 1 100); do
	alive=0
	for p in $pids; do kill -0 "$p" 2>/dev/null && alive=1; done
	[ $alive = 0 ] && { gone=yes; break; }
	sleep 0.05
done
check "SIGTERM stops master and workers within 5 s" [ "$gone" = yes ]
wait "$MERIDIAN_PID" 2>/dev/null
check "the master exits 0 on SIGTERM" [ $? = 0 ]
MERIDIAN_PID=
check "the socket is removed at exit" [ ! -e "$SOCK" ]
finish
