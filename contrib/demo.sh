#!/bin/sh
# SPDX-License-Identifier: ISC
# contrib/demo.sh: the quick start. Installs what is missing (Debian 12, as root), builds
# Meridian, creates a demo clinic site in _state/demo/ (sample articles with topics, one draft
# and one scheduled), and runs `meridian serve` behind nginx (the shipped config) on
# http://127.0.0.1:8080/ until Ctrl-C, which stops both. Running it again reuses the site.
set -eu
cd "$(dirname "$0")/.."
TOP=$(pwd)
PORT=${PORT:-8080}
STATE=$TOP/_state/demo
BUILD=$TOP/_build/demo
DB=$STATE/site.db
SOCK=$STATE/meridian.sock

contrib/install-deps.sh
if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
	autoreconf -fi >/dev/null
fi
mkdir -p "$BUILD" "$STATE"
[ -f "$BUILD/Makefile" ] || (cd "$BUILD" && "$TOP/configure" -q)
make -s -C "$BUILD" -j"$(nproc)" >/dev/null
BIN=$BUILD/meridian

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
	echo "port $PORT is in use; stop what runs there or set PORT=..." >&2
	exit 1
fi

cat > "$STATE/meridian.conf" <<CONF
# Demo configuration written by contrib/demo.sh (see meridian.conf(5)).
[meridian]
db = $DB
templates = $TOP/templates
listen = unix:$SOCK
workers = 2
CONF
m() { "$BIN" "$@" --config "$STATE/meridian.conf"; }

if [ -f "$DB" ]; then
	# A site from an older Meridian is migrated (after a backup), as an upgrade would be.
	m init >/dev/null
else
	echo "creating the demo site in $STATE"
	m init >/dev/null
	m settings set site_title "Harbour Street Acupuncture"
	m settings set tagline "Clear, careful writing about acupuncture and your health"
	m settings set base_url "http://127.0.0.1:$PORT"
	m settings set clinic_name "Harbour Street Acupuncture"
	m settings set clinic_address "14 Harbour Street, Kelmouth KL1 4HS"
	m settings set clinic_phone "01632 960 418"
	m settings set clinic_hours "Mon-Fri 09:00-18:00, Sat 09:00-13:00"
	m settings set booking_url "http://127.0.0.1:$PORT/services"
	m settings set timezone "Europe/London"
	# The scheduled article goes live two days from now.
	rm -rf "$STATE/import"
	cp -r contrib/demo "$STATE/import"
	soon=$(date -u -d '+2 days' +%Y-%m-%dT09:00:00Z)
	sed -i "s/SCHEDULED_DATE/$soon/" "$STATE/import/"*.md
	m import "$STATE/import" >/dev/null
	# A staff account; its password is shown once, here, and stored only as a hash.
	pw=$(head -c 12 /dev/urandom | base64 | tr -d '/+=' | cut -c1-16)
	printf '%s\n' "$pw" | m user add admin --role admin >/dev/null
	echo "$pw" > "$STATE/.first-password"
fi

"$BIN" serve --config "$STATE/meridian.conf" 2>>"$STATE/meridian.log" &
MPID=$!
sh contrib/nginx/local-conf.sh "$STATE" "$PORT" "$SOCK" "$TOP/www" > "$STATE/nginx.conf"
for _ in $(seq 1 100); do [ -S "$SOCK" ] && break; sleep 0.05; done
nginx -p "$STATE" -c "$STATE/nginx.conf" -e "$STATE/nginx-error.log"

stop() {
	trap - INT TERM EXIT
	echo
	echo "stopping"
	nginx -p "$STATE" -c "$STATE/nginx.conf" -e "$STATE/nginx-error.log" -s quit 2>/dev/null || true
	kill -TERM "$MPID" 2>/dev/null || true
	wait "$MPID" 2>/dev/null || true
	exit 0
}
trap stop INT TERM EXIT

echo
echo "Meridian demo: http://127.0.0.1:$PORT/"
echo "Staff area:    http://127.0.0.1:$PORT/admin/"
if [ -f "$STATE/.first-password" ]; then
	echo "               user admin, password $(cat "$STATE/.first-password")"
	echo "               (shown this once; change it under Password)"
	rm -f "$STATE/.first-password"
fi
echo "(state and logs in $STATE; Ctrl-C stops)"
wait "$MPID"
