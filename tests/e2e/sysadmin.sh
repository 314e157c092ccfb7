#!/bin/bash
# SPDX-License-Identifier: ISC
# sysadmin.sh: deployment shapes other than the shipped nginx config: a sysadmin's own minimal
# server block, plain CGI, the unix socket's mode, TCP on loopback only, and a listening socket
# inherited on standard input (systemd StandardInput=socket, spawn-fcgi).
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"

B=$MERIDIAN_BIN
HAVE_PY=
command -v python3 >/dev/null 2>&1 && HAVE_PY=1

# nginx_restart FILE: nginx again, with server block FILE, once the old one has let go.
nginx_restart() {
	nginx_stop
	for _ in $(seq 1 100); do
		[ -e "$T/nginx.pid" ] || break
		sleep 0.05
	done
	nginx_start "$1"
}

# wait_200 PATH: until nginx answers 200 for PATH (at most 5 s).
wait_200() {
	for _ in $(seq 1 100); do
		req "$1"
		[ "$STATUS" = 200 ] && return 0
		sleep 0.05
	done
	return 1
}

# A daemon this script runs itself (besides env.sh's): BG is its pid while it may be alive.
BG=
# bg_stop: SIGTERM to BG, then wait for it to exit; sets BG_RC to its exit status.
bg_stop() {
	[ -n "$BG" ] || return 0
	kill -TERM "$BG" 2>/dev/null
	for _ in $(seq 1 100); do
		kill -0 "$BG" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL "$BG" 2>/dev/null
	wait "$BG"
	BG_RC=$?
	BG=
}
# bg_exits_alone: waits up to 5 s for BG to exit by itself; BG_RC is its exit status, or
# "running" if it had to be stopped.
bg_exits_alone() {
	for _ in $(seq 1 100); do
		kill -0 "$BG" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$BG" 2>/dev/null; then
		bg_stop
		BG_RC=running
	else
		wait "$BG"
		BG_RC=$?
		BG=
	fi
}
trap 'bg_stop; cleanup' EXIT

db_init
mkdir -p "$T/in"
write_md "$T/in/a.md" "Shoulder care after a fall" shoulder-care "date: 2025-01-10T09:00:00Z" \
    "author: Mei Tan" <<'MD'
Rest the shoulder for a day, then **move it gently**.
MD
m import "$T/in" >/dev/null || { echo "import failed"; exit 99; }

# --- A sysadmin's own minimal server block ---------------------------------------------------
cat > "$T/minimal.conf" <<CONF
server {
	listen 127.0.0.1:$PORT;
	location / { include fastcgi_params; fastcgi_pass unix:$SOCK; }
}
CONF
meridian_start || exit 99
nginx_start "$T/minimal.conf" || exit 99
check "nginx runs the minimal server block, not the shipped one" \
    grep -q "include $T/minimal.conf;" "$T/nginx.conf"
req /articles/shoulder-care
check "minimal server block: the article answers 200" status_is 200
check "minimal server block: the article shows its title" body_has '<h1>Shoulder care after a fall</h1>'
check "minimal server block: the body is rendered" body_has '<strong>move it gently</strong>'
req /
check "minimal server block: the home page lists the article" got 200 body_has 'href="/articles/shoulder-care"'
req /articles/no-such-thing
check "minimal server block: an unknown article is 404" status_is 404
req /_health
check "minimal server block: /_health answers ok" sh -c "[ $STATUS = 200 ] && grep -qx ok '$T/body'"

# --- The unix socket's permissions -----------------------------------------------------------
check "the unix socket is a socket" [ -S "$SOCK" ]
check "the unix socket has mode 0660 ($(stat -c %a "$SOCK"))" [ "$(stat -c %a "$SOCK")" = 660 ]

# --- Plain CGI: one request from the environment ---------------------------------------------
cgi() {
	env GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET REQUEST_URI="$1" QUERY_STRING= \
	    SERVER_PROTOCOL=HTTP/1.1 MERIDIAN_CONFIG="$T/meridian.conf" \
	    "$B" < /dev/null > "$T/cgi.out" 2> "$T/cgi.err"
}
cgi /articles/shoulder-care
check "CGI: exits 0" [ $? = 0 ]
check "CGI: the first line is 'Status: 200 OK'" [ "$(head -n 1 "$T/cgi.out" | tr -d '\r')" = "Status: 200 OK" ]
check "CGI: Content-Type is text/html; charset=utf-8" \
    sh -c "sed '/^\r\$/q' '$T/cgi.out' | tr -d '\r' | grep -qx 'Content-Type: text/html; charset=utf-8'"
check "CGI: headers end with a blank line, then the page" \
    sh -c "tr -d '\r' < '$T/cgi.out' | sed '1,/^\$/d' | grep -q '<!DOCTYPE html>'"
check "CGI: the page shows the article's title" grep -qF '<h1>Shoulder care after a fall</h1>' "$T/cgi.out"
check "CGI: the page carries the security headers" \
    grep -qi "^Content-Security-Policy: default-src 'self'" "$T/cgi.out"
cgi /articles/no-such-thing
check "CGI: an unknown path gives 'Status: 404'" sh -c "head -n 1 '$T/cgi.out' | grep -q '^Status: 404'"
check "CGI: the 404 is the site's page" grep -qF 'Page not found' "$T/cgi.out"

# --- TCP: loopback only -------------------------------------------------------------------------
# 10.1.2.3 is never contacted: the daemon must refuse it before binding.
"$B" serve --config "$T/meridian.conf" --listen 10.1.2.3:9000 --workers 1 \
    > "$T/out" 2> "$T/err" &
BG=$!
bg_exits_alone
check "--listen 10.1.2.3:9000 exits 1 at once ($BG_RC)" [ "$BG_RC" = 1 ]
check "--listen 10.1.2.3:9000 says only loopback is allowed" grep -q "only on a loopback address" "$T/err"

# 0.0.0.0 could be bound; it must be refused all the same, and leave the port closed.
free_port || exit 99
PORT3=$FREE_PORT
"$B" serve --config "$T/meridian.conf" --listen "0.0.0.0:$PORT3" --workers 1 \
    > "$T/out" 2> "$T/err" &
BG=$!
bg_exits_alone
check "--listen 0.0.0.0:PORT exits 1 at once ($BG_RC)" [ "$BG_RC" = 1 ]
check "--listen 0.0.0.0:PORT says only loopback is allowed" grep -q "only on a loopback address" "$T/err"
check "--listen 0.0.0.0:PORT left nothing listening" \
    sh -c "! curl -s -m 2 -o /dev/null 'http://127.0.0.1:$PORT3/'"

# 127.0.0.1 works, with a warning, and nginx speaks FastCGI to it over TCP.
meridian_stop
free_port || exit 99
PORT2=$FREE_PORT
"$B" serve --config "$T/meridian.conf" --listen "127.0.0.1:$PORT2" --workers 1 \
    > "$T/tcp.log" 2>&1 &
BG=$!
cat > "$T/minimal-tcp.conf" <<CONF
server {
	listen 127.0.0.1:$PORT;
	location / { include fastcgi_params; fastcgi_pass 127.0.0.1:$PORT2; }
}
CONF
nginx_restart "$T/minimal-tcp.conf" || exit 99
wait_200 /articles/shoulder-care
check "--listen 127.0.0.1:PORT: nginx reaches it over TCP (200)" status_is 200
check "--listen 127.0.0.1:PORT: the article's title" body_has '<h1>Shoulder care after a fall</h1>'
check "--listen 127.0.0.1:PORT: warns on stderr to prefer a unix socket" \
    grep -q "listening on TCP 127.0.0.1:$PORT2: prefer a unix socket" "$T/tcp.log"
check "--listen 127.0.0.1:PORT: the daemon is still running" kill -0 "$BG"
bg_stop
check "--listen 127.0.0.1:PORT: SIGTERM stops it cleanly ($BG_RC)" [ "$BG_RC" = 0 ]

# --- A listening socket inherited on standard input --------------------------------------------
# As systemd (StandardInput=socket) or spawn-fcgi hand it over. The config file has no listen
# key, so serve must take fd 0, not the default /run/meridian/meridian.sock.
ISOCK=$T/inherited.sock
VIA=
if [ -n "$HAVE_PY" ]; then
	VIA=python3
	python3 -c '
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sys.argv[1])
s.listen(64)
os.dup2(s.fileno(), 0)
os.execv(sys.argv[2], [sys.argv[2], "serve", "--config", sys.argv[3], "--workers", "1"])
' "$ISOCK" "$B" "$T/meridian.conf" > "$T/inherited.log" 2>&1 &
	BG=$!
elif command -v systemd-socket-activate >/dev/null 2>&1; then
	# It passes the socket as fd 3 and starts the program on the first connection.
	VIA=systemd-socket-activate
	systemd-socket-activate -l "$ISOCK" sh -c 'exec "$0" serve --config "$1" --workers 1 <&3 3<&-' \
	    "$B" "$T/meridian.conf" > "$T/inherited.log" 2>&1 &
	BG=$!
fi
if [ -n "$VIA" ]; then
	check "the config file has no listen key" sh -c "! grep -q '^listen' '$T/meridian.conf'"
	cat > "$T/minimal-inherited.conf" <<CONF
server {
	listen 127.0.0.1:$PORT;
	location / { include fastcgi_params; fastcgi_pass unix:$ISOCK; }
}
CONF
	nginx_restart "$T/minimal-inherited.conf" || exit 99
	wait_200 /articles/shoulder-care
	check "inherited socket on stdin ($VIA): nginx reaches the daemon (200)" status_is 200
	check "inherited socket on stdin: the article's title" body_has '<h1>Shoulder care after a fall</h1>'
	check "inherited socket on stdin: the daemon is still running" kill -0 "$BG"
	check "inherited socket on stdin: no default socket was tried" \
	    sh -c "! grep -q '/run/meridian' '$T/inherited.log'"
	bg_stop
	check "inherited socket on stdin: SIGTERM stops it cleanly ($BG_RC)" [ "$BG_RC" = 0 ]
	req /articles/shoulder-care
	check "inherited socket on stdin: once stopped, nginx gets no answer (502)" status_is 502
else
	echo "# skip: an inherited socket on stdin needs python3 or systemd-socket-activate"
fi

finish
