#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/trust/report.sh: reruns the security and reliability measurements, prints their
# table and writes tests/trust/README (TRUST_OUT names another file): what is attacked and
# how, then the table of this run. Commit it with the change it measured.
#
#   sh tests/trust/report.sh [--quick]
#
# Builds Meridian in _build/trust (gcc, hardened, as shipped), runs every fuzzer for
# FUZZ_SECONDS (default 400; 20 with --quick), FUZZ_JOBS at a time (default: the number of
# CPUs), then the trust tests (tests/e2e/{static,hostile-requests,fcgi-socket,md-hazards,
# faults,disk-full,auth-abuse,staff-security,mfa,images,image-limits,media-cache,wp-import,
# wp-fetch,xss-browser}.sh) once each, and prints one Markdown table of
# their "# figure" lines with the verdict of each test. Logs are kept in _build/trust/report.
# Exit 1 if any test or fuzzer failed.
set -u
cd "$(dirname "$0")/../.." || exit 1
TOP=$(pwd)
QUICK=
[ "${1:-}" = "--quick" ] && QUICK=1
FUZZ_SECONDS=${FUZZ_SECONDS:-$([ -n "$QUICK" ] && echo 20 || echo 400)}
FUZZ_JOBS=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
B=$TOP/_build/trust
OUT=$B/report
contrib/install-deps.sh --test >/dev/null || exit 1
if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
	autoreconf -fi >/dev/null 2>&1 || { echo "autoreconf failed"; exit 1; }
fi
mkdir -p "$B" "$OUT"
if [ ! -f "$B/Makefile" ] || [ "$TOP/configure" -nt "$B/Makefile" ]; then
	(cd "$B" && "$TOP/configure" -q CC=gcc) || { echo "configure failed"; exit 1; }
fi
# The image tests make their images with tests/tools/imgtool, which "make check" builds.
(cd "$B" && make -s -j"$FUZZ_JOBS" all tests/tools/imgtool >/dev/null) ||
    { echo "build failed"; exit 1; }
rm -f "$OUT"/*.log
failed=0

# --- fuzzers ----------------------------------------------------------------------------------
echo "fuzzing each target for $FUZZ_SECONDS s, $FUZZ_JOBS at a time ..." >&2
(cd "$B" && make -s fuzz >/dev/null 2>"$OUT/fuzz-build.log") || {
	echo "fuzzers: build failed or libFuzzer missing (see $OUT/fuzz-build.log)" >&2; failed=1; }
if [ -x "$B/tests/fuzz/fuzz-md" ]; then
	(cd "$B" && make -s fuzz-long FUZZ_SECONDS="$FUZZ_SECONDS" FUZZ_JOBS="$FUZZ_JOBS") \
	    > "$OUT/fuzz.log" 2>&1 || failed=1
fi

# --- the trust tests --------------------------------------------------------------------------
TESTS="static hostile-requests fcgi-socket md-hazards faults disk-full auth-abuse staff-security mfa
    images image-limits media-cache wp-import wp-fetch xss-browser"
for t in $TESTS; do
	echo "running tests/e2e/$t.sh ..." >&2
	MERIDIAN_BIN=$B/meridian MERIDIAN_SRCDIR=$TOP bash "$TOP/tests/e2e/$t.sh" > "$OUT/$t.log" 2>&1
	rc=$?
	case $rc in
	0) echo "pass" > "$OUT/$t.verdict" ;;
	77) echo "skipped: $(grep -m1 -i 'skip' "$OUT/$t.log")" > "$OUT/$t.verdict" ;;
	*) echo "FAILED ($(grep -c '^not ok' "$OUT/$t.log") checks; $OUT/$t.log)" > "$OUT/$t.verdict"; failed=1 ;;
	esac
done

# --- the table ----------------------------------------------------------------------------------
fig() { sed -n "s/^# figure $2 //p" "$OUT/$1.log" 2>/dev/null | head -n 1; }
verdict() { cat "$OUT/$1.verdict" 2>/dev/null || echo "not run"; }
row() { printf '| %s | %s | %s |\n' "$1" "$2" "$3"; }
{
sed -n '/^: <<.HEADER./,/^HEADER$/p' "$TOP/tests/trust/report.sh" | sed '1d;$d'
echo "## The latest run"
echo
echo "Measured $(date -u +%Y-%m-%d) on $(nproc) CPUs, Debian $(cat /etc/debian_version 2>/dev/null), $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo '+changes'), by \`sh tests/trust/report.sh$([ -n "$QUICK" ] && echo ' --quick')\`."
echo
row "What" "Figure" "Verdict"
row "---" "---" "---"
if [ -f "$OUT/fuzz.log" ]; then
	grep '^fuzz ' "$OUT/fuzz.log" | while IFS= read -r l; do
		name=$(echo "$l" | sed 's/^fuzz \([a-z0-9]*\):.*/\1/')
		rest=$(echo "$l" | sed 's/^fuzz [a-z0-9]*: //')
		v=pass
		echo "$rest" | grep -q ' 0 crashes' || v="FAILED ($B/tests/fuzz/work/$name/crashes)"
		row "fuzz \`$name\` (ASan+UBSan)" "$rest" "$v"
	done
else
	row "fuzzers" "not run" "skipped: see $OUT/fuzz-build.log"
fi
row "cppcheck, hardening (PIE, full RELRO, stack protector, FORTIFY)" "$(grep -c '^ok' "$OUT/static.log" 2>/dev/null) checks" "$(verdict static)"
row "hostile requests through nginx" "$(fig hostile-requests hostile.sent); statuses: $(fig hostile-requests hostile.histogram)" "$(verdict hostile-requests)"
row "crafted FastCGI record (libfcgi abort), 1 worker" "normal requests succeed again after $(fig fcgi-socket fcgi.recover_ms) ms; visitors: $(fig fcgi-socket fcgi.visitors_1w)" "$(verdict fcgi-socket)"
row "crafted FastCGI record, 2 workers" "worker replaced in $(fig fcgi-socket fcgi.replace_ms) ms; visitors: $(fig fcgi-socket fcgi.visitors_2w)" "$(verdict fcgi-socket)"
row "6 crafted records in a row" "$(fig fcgi-socket fcgi.burst6)" "$(verdict fcgi-socket)"
row "cmark pathological Markdown (import, editor, preview)" "$(fig md-hazards md.verdicts); slowest visitor request for an accepted body: $(fig md-hazards md.worst_admitted)" "$(verdict md-hazards)"
row "kill -9 of \`meridian import\`" "$(fig faults fault.import_kill)" "$(verdict faults)"
row "kill -9 of a worker during saves" "$(fig faults fault.worker_kill_saves)" "$(verdict faults)"
row "worker killed under wrk load" "$(fig faults fault.wrk)" "$(verdict faults)"
row "concurrent writers (SQLITE_BUSY)" "$(fig faults fault.busy)" "$(verdict faults)"
row "disk full (3 MiB tmpfs)" "$(fig disk-full disk.full)" "$(verdict disk-full)"
row "login brute force, per account" "$(fig auth-abuse auth.per_account); owner waits $(fig auth-abuse auth.owner_wait)" "$(verdict auth-abuse)"
row "login spraying, per address" "$(fig auth-abuse auth.per_address)" "$(verdict auth-abuse)"
row "session fixation, stale tokens, expiry" "$(fig auth-abuse auth.expiry)" "$(verdict auth-abuse)"
checks() { echo "$(grep -c '^ok' "$OUT/$1.log" 2>/dev/null) of $(grep -c '^\(not \)\?ok' "$OUT/$1.log" 2>/dev/null) checks pass"; }
row "staff accounts attacked (\`staff-security.sh\`)" "$(checks staff-security)" "$(verdict staff-security)"
row "two-factor sign-in attacked (\`mfa.sh\`)" "$(checks mfa)" "$(verdict mfa)"
row "hostile images: wrong types, pixel floods, damaged files, metadata (\`images.sh\`)" "$(checks images)" "$(verdict images)"
row "the image helper past its time limit mid-upload (\`image-limits.sh\`)" "$(checks image-limits)" "$(verdict image-limits)"
row "nginx's image cache: never for staff, never a HEAD's answer for a GET, a deleted image gone (\`media-cache.sh\`)" "$(checks media-cache)" "$(verdict media-cache)"
row "hostile WordPress exports: entities, DTDs, size, scripts (\`wp-import.sh\`)" "$(checks wp-import)" "$(verdict wp-import)"
row "a misbehaving old site under \`import --fetch\`: slow, huge, redirecting elsewhere (\`wp-fetch.sh\`)" "$(checks wp-fetch)" "$(verdict wp-fetch)"
row "XSS corpus in Chromium" "$(fig xss-browser xss.corpus); $(fig xss-browser xss.browser)" "$(verdict xss-browser)"
} > "${TRUST_OUT:-$TOP/tests/trust/README}"
cat "${TRUST_OUT:-$TOP/tests/trust/README}"
exit $failed

# What tests/trust/README says before the table, written there by every run.
: <<'HEADER'
# Security and reliability: what is attacked, and the figures

Written by `sh tests/trust/report.sh` (about 35 minutes on 2 CPUs: 400 s of fuzzing per
parser, then each trust test once; `--quick` fuzzes 20 s each). It builds the shipped
configuration (gcc, hardened) in `_build/trust`; logs stay in `_build/trust/report/`.
Bounded versions of the same tests run in `sh tests/run.sh` on every change.

**Fuzzers** (`tests/fuzz/`, libFuzzer with ASan and UBSan, calling the production parsers):
`query` (percent-decoding and forms), `cookie`, `multipart`, `frontmatter` (accepted
documents keep the limits, and emit then parse gives the same struct), `tmpl` (a value's `<`
reaches the output only through `|raw`), `slug`, `search` (every sanitised query runs with
`MATCH` against an FTS5 table made like the site's: SQLite never answers with an error) and
`md` (Markdown to HTML with an oracle: no active tag, no `on...=` attribute, no `javascript:`
or non-image `data:` URL, read as a browser reads them), `totp` (codes, recovery codes and
stored secrets), `origin` (the same-origin check), `checks` (the editor's health checks),
`html2md` (WordPress HTML to Markdown, then rendered: no raw HTML comes through), `wxr` (the
export reader, within its limits) and `image` (the metadata stripping run on uploaded bytes).
Seeds are in `tests/fuzz/corpus/`.
`make fuzz` builds them; `make fuzz-long FUZZ_SECONDS=3600 FUZZ_JOBS=2` runs them all;
`sh tests/fuzz/run.sh md 60` one. cmark, libyaml and SQLite come from Debian without coverage
instrumentation, so guidance stops at their boundary.

**Other trust tests**: `static.sh` (cppcheck clean; PIE, full RELRO, stack protector,
FORTIFY), `hostile-requests.sh` (5 000 generated hostile requests through nginx: no 5xx but
nginx's own 505, no worker replaced, no file leaked), `fcgi-socket.sh` (libfcgi's abort on a
crafted record), `md-hazards.sh` (cmark's quadratic inputs against the render budget),
`faults.sh` (kill -9 of imports and workers during saves, SQLITE_BUSY), `disk-full.sh`,
`auth-abuse.sh` (brute force, spraying, session expiry), `staff-security.sh` (the staff side
attacked as an outsider and as an editor: a raced login throttle, password guessing at
`/admin/password`, one IPv6 /64 posing as many addresses, an editor's off-site redirect or
look at the audit log, a form from another origin or port, login CSRF with a chosen cookie,
login names on public pages, database files others can read, the micro-cache serving staff
pages, bursts that nginx's `limit_req` must refuse), `mfa.sh` (two-factor sign-in: no session
before the code, replayed and raced codes, recovery codes spent once, `mfa_required`),
`images.sh` (uploads that lie about their type, pixel floods past 50 MP, damaged files, GPS
and EXIF that must not survive; decoding in a helper process with memory, CPU and time
limits), `image-limits.sh` (a helper stuck mid-upload: refused with the limit named, nothing
stored, the worker serving on), `media-cache.sh` (nginx's cache of image variants: never
filled or read for staff, a HEAD's empty answer never served to a GET, a deleted image gone
once its minute is up), `wp-import.sh` (WordPress exports with entities, DTDs, oversized
fields and scripts), `wp-fetch.sh` (`import --fetch` against an old site that drips, sends
too much or redirects to another host: each image reported missing, no other host asked) and
`xss-browser.sh` (Chromium, with and without the Content-Security-Policy, so escaping alone
is tested).

**Known limits.** Debian 12's libfcgi refuses only one exact length of the crafted record
behind CVE-2025-23016; other huge lengths make its `malloc` fail and abort the worker (no
heap overflow). One connection costs one worker, replaced within milliseconds: keep the
socket unix-only, mode 0660, group nginx's. cmark 0.30.2 is quadratic on some inputs: bodies
over the render budget (250 ms) are refused on save and import, so visitors never reach
one. `MERIDIAN_CLOCK_OFFSET=SECONDS` is a test hook that moves every request's clock (for
session and throttle expiry); never set it in production.

HEADER
