# SPDX-License-Identifier: ISC
# tests/trust/lib.sh: sourced after tests/lib/env.sh by the trust tests (hostile requests,
# FastCGI socket, Markdown hazards, faults, auth abuse, XSS): staff login helpers and the
# "# figure KEY VALUE" lines that tests/trust/report.sh collects for the README table.

# Debian's python3 first: a pyenv shim in front of it costs 100 ms a start, which the timings
# below would count.
PYTHON=${PYTHON:-$(command -v /usr/bin/python3 || command -v python3 || echo python3)}

# figure KEY VALUE...: a measured figure, printed as a TAP comment.
figure() { local k=$1; shift; echo "# figure $k $*"; }

# now_ms is env.sh's.

# staff_add NAME PASSWORD [ROLE]: a staff account with the cheapest password hash, so tests
# spend their time on what they measure.
staff_add() {
	grep -q '^password_cost' "$T/meridian.conf" || echo "password_cost = minimal" >> "$T/meridian.conf"
	printf '%s\n' "$2" | m user add "$1" --role "${3:-admin}" >/dev/null 2>&1
}

# csrf_of [FILE]: the first csrf_token value in a page (default: the last response).
csrf_of() { sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' "${1:-$T/body}" | head -n 1; }

# ureq WHO PATH [curl args]: req() with WHO's cookie jar, read and updated.
ureq() { local who=$1 path=$2; shift 2; req "$path" -b "$T/jar.$who" -c "$T/jar.$who" "$@"; }

# cookie_of WHO [NAME]: a cookie's value in WHO's jar.
cookie_of() { awk -F'\t' -v n="${2:-meridian}" '$6 == n { v = $7 } END { print v }' "$T/jar.$1"; }

# staff_login WHO PASSWORD: the login form, then the form posted as a browser would; sets
# STATUS (303 on success) and leaves the session in WHO's jar.
staff_login() {
	local tok
	: > "$T/jar.$1"
	ureq "$1" /admin/login
	tok=$(csrf_of)
	paced ureq "$1" /admin/login -H "Origin: $BASE" --data-urlencode "csrf_token=$tok" \
	    --data-urlencode "username=$1" --data-urlencode "password=$2"
}

# staff_csrf WHO: WHO's session CSRF token, read from the dashboard.
staff_csrf() { ureq "$1" /admin/ >/dev/null; csrf_of; }

# A 1x1 PNG, for uploads.
png_file() { printf '%s' 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=' | base64 -d > "$1"; }
