# tests/lib/staff.sh: sourced after env.sh by end-to-end tests that act as staff: one curl
# cookie jar per person, logging in through the real form, and same-origin form POSTs that
# carry the session's CSRF token, as a browser sends them; or a page's own form, submitted
# with its fields as the page shows them (python3).
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
	paced ureq "$who" /admin/login -H "Origin: $BASE" --data-urlencode "csrf_token=$tok" \
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

# form_fields ACTION [@NAME=VALUE...] [NAME=VALUE...]: the first form posting to ACTION on
# the last page that holds every @NAME=VALUE field (a row's id and action), as a browser would
# submit it (inputs, textareas, each select's chosen option), with the NAME=VALUE fields typed
# over; printed as curl --data-urlencode arguments, each ended by a NUL byte (a textarea's
# value may hold newlines).
form_fields() {
	python3 - "$T/body" "$@" <<'PY'
import sys
from html.parser import HTMLParser
page, action = sys.argv[1], sys.argv[2]
want = [a[1:].split("=", 1) for a in sys.argv[3:] if a.startswith("@")]
typed = dict(a.split("=", 1) for a in sys.argv[3:] if not a.startswith("@"))
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms, self.cur, self.sel, self.ta, self.opt = [], None, None, None, None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.cur = {"action": a.get("action"), "fields": []}
            self.forms.append(self.cur)
        elif self.cur is None:
            return
        elif tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
            if a.get("type") == "checkbox" and "checked" not in a:
                return
            self.cur["fields"].append([a["name"], a.get("value") or ""])
        elif tag == "textarea":
            self.ta = [a["name"], ""]
            self.cur["fields"].append(self.ta)
        elif tag == "select":
            self.sel = [a["name"], None]
            self.cur["fields"].append(self.sel)
        elif tag == "option" and self.sel is not None:
            if self.sel[1] is None or "selected" in a:
                self.sel[1] = a.get("value", "")
    def handle_data(self, data):
        if self.ta is not None:
            self.ta[1] += data
    def handle_endtag(self, tag):
        if tag == "textarea":
            self.ta = None
        elif tag == "select":
            self.sel = None
        elif tag == "form":
            self.cur = None
p = P()
p.feed(open(page, encoding="utf-8").read())
forms = [f for f in p.forms if f["action"] == action and
         all(list(w) in f["fields"] for w in want)]
if not forms:
    sys.exit(f"no form for {action} with {want}")
for name, value in forms[0]["fields"]:
    print("--data-urlencode", end="\0")
    print(f"{name}={typed.pop(name, value)}", end="\0")
for name, value in typed.items():
    print("--data-urlencode", end="\0")
    print(f"{name}={value}", end="\0")
PY
}
# submit WHO ACTION [@NAME=VALUE...] [NAME=VALUE...]: submits that form of the last page.
submit() {
	local who=$1 action=$2; shift 2
	submit_to "$who" "$action" "$action" "$@"
}
# submit_to WHO ACTION URL [...]: that form, sent to URL instead (a button's formaction, or a
# script posting the form elsewhere).
submit_to() {
	local who=$1 action=$2 url=$3 args; shift 3
	mapfile -d '' -t args < <(form_fields "$action" "$@")
	ureq "$who" "$url" -H "Origin: $BASE" "${args[@]}"
}
# follow WHO: the page the last answer's Location leads to.
follow() { ureq "$1" "$(header Location)"; }
