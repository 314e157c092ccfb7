#!/bin/bash
# SPDX-License-Identifier: ISC
# hostile-requests.sh: thousands of generated hostile requests through real nginx to the real
# daemon (tests/trust/hostile.py: bad methods, broken percent-encoding, NULs, invalid UTF-8,
# huge and repeated headers and cookies, broken multipart to /admin/media with a staff
# session, lying Content-Length, FTS5 syntax in search, path traversal in slugs and media
# names, very long URLs). Prints the status histogram. Passes when no request got a 5xx
# (502/504 would mean a dead worker; nginx's own 505 to "HTTP/9.9" is the right answer and
# is only counted), no worker died or was replaced, no body leaked a file
# from outside the site, no request hung, and /_health still answers.
# HOSTILE_COUNT (default 5000) and HOSTILE_SEED pick the run; it takes seconds (most
# requests are small), also under valgrind.
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
. "$SRC/tests/trust/lib.sh"
command -v "$PYTHON" >/dev/null 2>&1 || { echo "python3 missing: skip"; exit 77; }
COUNT=${HOSTILE_COUNT:-5000}

db_init
staff_add eve 'hostile-pass-1'
mkdir -p "$T/in"
write_md "$T/in/a.md" "Sleep and stress" sleep-and-stress "date: 2025-03-01T08:00:00Z" \
    "topics: [Sleep]" <<'MD'
Short text about sleep and stress.
MD
write_md "$T/in/p.md" "About us" about "kind: page" <<'MD'
About the clinic.
MD
m import "$T/in" >/dev/null || { echo "import failed"; exit 99; }
site_start || exit 99

staff_login eve 'hostile-pass-1'
check "a staff session for the multipart cases" status_is 303
CSRF=$(staff_csrf eve)
COOKIE="meridian=$(cookie_of eve)"
png_file "$T/dot.png"
ureq eve /admin/media -H "Origin: $BASE" -F "csrf_token=$CSRF" -F "alt=A dot" \
    -F "file=@$T/dot.png;type=image/png;filename=dot.png"
MID=$(sqlite3 "$DB" "SELECT id FROM media ORDER BY id DESC LIMIT 1" 2>/dev/null)
MNAME=$(sqlite3 "$DB" "SELECT name FROM media WHERE id = ${MID:-0}" 2>/dev/null)
check "a media file to aim traversal at (/media/$MID/$MNAME)" [ -n "$MID" ]

before=$(worker_pids | sort | tr '\n' ' ')
"$PYTHON" "$SRC/tests/trust/hostile.py" --port "$PORT" --count "$COUNT" \
    --seed "${HOSTILE_SEED:-1}" --deadline 240 --cookie="$COOKIE" --csrf="$CSRF" \
    --media-id="$MID" --media-name="$MNAME" > "$T/hostile.json"
"$PYTHON" - "$T/hostile.json" > "$T/hostile.txt" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print("sent %d of %d in %.1f s" % (d["sent"], d["planned"], d["seconds"]))
print("histogram: " + " ".join("%s=%d" % kv for kv in d["histogram"].items()))
for c, h in sorted(d["by_category"].items()):
    print("  %-12s %s" % (c, " ".join("%s=%d" % kv for kv in sorted(h.items()))))
by = d["fivexx_by_origin"]
# nginx's 505 (an HTTP version it does not speak) is the right answer, not a failure;
# every other 5xx is: from Meridian, or 502/504 from nginx (a dead or stuck worker).
bad = sum(v for k, v in by.items() if k != "nginx-505")
print("5xx by origin: " + (" ".join("%s=%d" % kv for kv in sorted(by.items())) or "none"))
print("5xx=%d leaks=%d timeouts=%d" % (bad, len(d["leaks"]), d["histogram"].get("timeout", 0)))
for e in d["fivexx"][:5] + d["leaks"][:5]:
    print("  example: " + json.dumps(e)[:400])
PY
sed 's/^/# /' "$T/hostile.txt"
SENT=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["sent"])' "$T/hostile.json")
HIST=$(sed -n 's/^histogram: //p' "$T/hostile.txt")
figure hostile.histogram "$HIST"
figure hostile.sent "$SENT requests in $(sed -n 's/^sent .* in \(.*\) s$/\1/p' "$T/hostile.txt") s"
check "all $COUNT requests were sent within the deadline ($SENT)" [ "$SENT" = "$COUNT" ]
check "no 5xx answer (nginx's 505 for HTTP/9.9 aside)" grep -q '^5xx=0 ' "$T/hostile.txt"
check "no answer leaked a file from outside the site" grep -q ' leaks=0 ' "$T/hostile.txt"
check "no request hung (timeouts=0)" grep -q ' timeouts=0$' "$T/hostile.txt"
check "the master logged no worker death" sh -c "! grep -q 'died of signal\|killed by the request watchdog\|exited with status' '$T/meridian.log'"
after=$(worker_pids | sort | tr '\n' ' ')
check "the same workers still run (none was replaced)" [ "$before" = "$after" ]
check "nginx saw no upstream failure" sh -c "! grep -q 'upstream prematurely closed\|connect() to unix.*failed' '$T/nginx-error.log'"
req /_health
check "/_health still answers 200" status_is 200
req /articles/sleep-and-stress
check "an article still answers 200" status_is 200
finish
