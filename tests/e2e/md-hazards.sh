#!/bin/bash
# SPDX-License-Identifier: ISC
# md-hazards.sh: Markdown that makes cmark 0.30.2 (Debian 12) slow, through every way a body
# gets in: `meridian import`, the editor (POST /admin/articles/new) and the preview. Each of
# the shapes in tests/trust/md_hazards.py, at the 256 KiB limit and at 1/8 of it, must be
# either refused with the clear "takes too long to render" message or accepted, and either
# way answered before the render check's wall-clock limit (the budget, 250 ms by default, is
# CPU time, so a busy machine stretches it; a child still running after twenty budgets, at
# least 5 s, is ended) plus a fixed allowance for everything else; meanwhile /_health keeps
# answering. Figures: how many were refused, and
# the worst render time admitted (the slowest visitor request for an accepted body, from
# the daemon's own per-request log).
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
. "$SRC/tests/trust/lib.sh"
command -v "$PYTHON" >/dev/null 2>&1 || { echo "python3 missing: skip"; exit 77; }
BUDGET=250
RENDER_BUDGET_MS=$BUDGET LOG_LEVEL=info write_conf
# Time beyond the budget a request may take: reading a 750 KB form, the fork, the save.
# Sanitizer builds are slower; valgrind much slower, so there only the verdicts count.
SLACK=${HAZARD_SLACK_MS:-1500}
WALL=$((BUDGET * 20 < 5000 ? 5000 : BUDGET * 20))
MSG='takes too long to render'

db_init
staff_add eve 'hazard-pass-1'
"$PYTHON" "$SRC/tests/trust/md_hazards.py" "$T/md" > "$T/names"
NAMES=$(cat "$T/names")
if [ -n "${MERIDIAN_VALGRIND:-}" ]; then
	NAMES=$(grep -E '^(image-brackets|nested-lists|emph-quote-mix|ref-defs)(-small)?$' "$T/names")
	echo "# valgrind pass: $(echo $NAMES | wc -w) of the $(wc -l < "$T/names") inputs through the daemon, no time limits"
fi
site_start || exit 99
staff_login eve 'hazard-pass-1'
CSRF=$(staff_csrf eve)

# /_health in a loop the whole time: "CODE SECONDS" lines.
( while [ ! -e "$T/stop" ]; do
	curl -s -o /dev/null -m 30 -w '%{http_code} %{time_total}\n' "$BASE/_health"
	sleep 0.05
done > "$T/health" ) &
HPID=$!

refused=0 accepted=0 slowest=0
# verdict WHERE NAME STATUS_OK MS: checks one answer; counts it.
verdict() {
	local where=$1 n=$2 okst=$3 ms=$4
	if [ "$STATUS" = "$okst" ]; then
		accepted=$((accepted + 1))
	else
		refused=$((refused + 1))
		check "$where $n: refused with the clear message (status $STATUS)" \
		    sh -c "[ '$STATUS' = 400 ] && grep -q '$MSG' '$T/body'"
	fi
	[ "$ms" -gt "$slowest" ] && slowest=$ms
	if [ -z "${MERIDIAN_VALGRIND:-}" ]; then
		check "$where $n: answered in $ms ms (wall limit $WALL + $SLACK)" [ "$ms" -le $((WALL + SLACK)) ]
	fi
}

for n in $NAMES; do
	# import: one file at a time, so one refusal does not hold back the others
	{ echo "---"; echo "title: \"Imported $n\""; echo "slug: imp-$n"; echo "---"; cat "$T/md/$n.md"; } > "$T/imp-$n.md"
	t0=$(now_ms)
	m import "$T/imp-$n.md" > "$T/imp.out" 2> "$T/imp.err"
	rc=$?
	ms=$(( $(now_ms) - t0 ))
	if [ "$rc" = 0 ]; then
		accepted=$((accepted + 1)); echo "imp-$n" >> "$T/accepted"
	else
		refused=$((refused + 1))
		check "import $n: refused with FILE:LINE and the clear message" grep -q "imp-$n.md:[0-9]*: .*$MSG" "$T/imp.err"
	fi
	[ -z "${MERIDIAN_VALGRIND:-}" ] && check "import $n: done in $ms ms" [ "$ms" -le $((WALL + SLACK)) ]

	t0=$(now_ms)
	ureq eve /admin/articles/new -H "Origin: $BASE" --data-urlencode "csrf_token=$CSRF" \
	    --data-urlencode "title=Edited $n" --data-urlencode "slug=ed-$n" \
	    --data-urlencode "body@$T/md/$n.md" --data-urlencode "kind=article" \
	    --data-urlencode "status=published" --data-urlencode "topics=" --data-urlencode "summary="
	ms=$(( $(now_ms) - t0 ))
	[ "$STATUS" = 303 ] && echo "ed-$n" >> "$T/accepted"
	verdict editor "$n" 303 "$ms"

	t0=$(now_ms)
	ureq eve /admin/articles/0/preview -H "Origin: $BASE" --data-urlencode "csrf_token=$CSRF" \
	    --data-urlencode "title=Preview $n" --data-urlencode "slug=pv-$n" \
	    --data-urlencode "body@$T/md/$n.md" --data-urlencode "kind=article" \
	    --data-urlencode "status=draft" --data-urlencode "topics=" --data-urlencode "summary="
	ms=$(( $(now_ms) - t0 ))
	verdict preview "$n" 200 "$ms"
done

# Visitors read every accepted body: the daemon logs each request's time.
for s in $(cat "$T/accepted" 2>/dev/null); do
	req "/articles/$s"
	[ "$STATUS" = 200 ] || fail "accepted article /articles/$s answers $STATUS"
done
touch "$T/stop"
wait "$HPID"
worst_us=$(grep -o 'GET /articles/[a-z0-9-]* 200 [0-9]* [0-9]*us' "$T/meridian.log" |
    awk '{ sub("us", "", $5); if ($5 + 0 > m) { m = $5 + 0; s = $2 } } END { print m + 0, s }')
worst_ms=$(( ${worst_us%% *} / 1000 ))
hfail=$(grep -vc '^200 ' "$T/health")
hn=$(wc -l < "$T/health")
hmax=$(awk '$2 > m { m = $2 } END { printf "%d", m * 1000 }' "$T/health")
check "every accepted body is served" [ "$FAIL" = 0 ]
check "/_health answered all the while ($hfail failed of $hn, slowest $hmax ms)" [ "$hfail" = 0 ]
# Admitted within the budget when saved, a body takes about as long for every visitor; the
# allowance covers other tests running beside this one.
[ -z "${MERIDIAN_VALGRIND:-}" ] && check "no visitor request for an accepted body took much longer than the budget ($worst_ms ms: ${worst_us#* })" \
    [ "$worst_ms" -le $((BUDGET + SLACK)) ]
check "no worker died" sh -c "! grep -q 'died of signal\|watchdog' '$T/meridian.log'"
figure md.verdicts "$((refused + accepted)) submissions: $accepted accepted, $refused refused (budget $BUDGET ms)"
figure md.worst_admitted "$worst_ms ms (${worst_us#* })"
figure md.slowest_answer "$slowest ms"
finish
