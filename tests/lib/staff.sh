# tests/lib/staff.sh: sourced after env.sh by end-to-end tests that act as staff: one curl
# cookie jar per person, logging in through the real form, and same-origin form POSTs that
# carry the session's CSRF token, as a browser sends them.
# SPDX-License-Identifier: ISC

# ureq WHO PATH [curl args]: req with WHO's cookie jar (read and updated).
ureq() { local who=$1 path=$2; shift 2; req "$path" -b "$T/jar.$who" -c "$T/jar.$who" "$@"; }
# csrf_of [FILE]: the first csrf_token value in a page (default: the last response).
csrf_of() { sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' "${1:-$T/body}" | head -n 1; }
# login WHO PASS [NAME]: shows the login form, then posts it as a browser would.
login() {
	local who=$1 pw=$2 name=${3:-$1} tok
	ureq "$who" /admin/login
	tok=$(csrf_of)
	ureq "$who" /admin/login -H "Origin: $BASE" --data-urlencode "csrf_token=$tok" \
	    --data-urlencode "username=$name" --data-urlencode "password=$pw"
}
# tok WHO: WHO's session CSRF token, from the dashboard.
tok() { ureq "$1" /admin/ >/dev/null; csrf_of; }
# upost WHO PATH [curl args]: a same-origin form POST with WHO's token.
upost() {
	local who=$1 path=$2 t; shift 2
	t=$(tok "$who")
	ureq "$who" "$path" -H "Origin: $BASE" --data-urlencode "csrf_token=$t" "$@"
}
location_is() {
	[ "$(header Location)" = "$1" ] || { echo "# Location: $(header Location), want $1"; return 1; }
}
# add_staff NAME ROLE PASSWORD: a staff account from the command line (minimal hash cost).
add_staff() {
	grep -q '^password_cost' "$T/meridian.conf" || echo "password_cost = minimal" >> "$T/meridian.conf"
	printf '%s\n' "$3" | m user add "$1" --role "$2" >/dev/null 2>&1 ||
	    { echo "user add $1 failed"; exit 99; }
}
