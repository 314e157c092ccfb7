# SPDX-License-Identifier: ISC
# wp.sh: helpers of the WordPress import tests, sourced after env.sh: they need sqlite3 and
# python3 (a stand-in for the old site), and compare the media library with the files.
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 missing: skip"; exit 77; }
# run CMD...: CMD's output in $T/out and $T/err, its exit status in RC.
run() { "$@" > "$T/out" 2> "$T/err"; RC=$?; }
# mm DB ARGS...: meridian on another database with the test's config.
mm() { local db=$1; shift; "$MERIDIAN_BIN" "$@" --db "$db" --config "$T/meridian.conf"; }
# same DB NAME FILE: the library image NAME in DB holds the bytes of FILE.
same() {
	[ "$(sqlite3 "$1" "select hex(bytes) from media where name = '$2'")" = \
	    "$(od -An -tx1 -v "$3" | tr -d ' \n' | tr a-f A-F)" ] || { echo "# $2 differs from $3"; return 1; }
}
# fetch_through_proxy DB EXPORT: `import --fetch EXPORT` into a new DB, every request sent to
# a stand-in proxy serving $T/proxy ($T/proxy/http:/HOST/PATH answers http://HOST/PATH), whose
# log ($T/proxy.log, shown) names each address asked; the export's addresses say http, so
# no TLS is needed on loopback. Sets RC as run does.
fetch_through_proxy() {
	file_server "$T/proxy" "$T/proxy.log" || exit 99
	mm "$1" init >/dev/null
	http_proxy=http://127.0.0.1:$FILE_PORT no_proxy= NO_PROXY= run mm "$1" import --fetch "$2"
	kill "$FILE_PID" 2>/dev/null; wait "$FILE_PID" 2>/dev/null
	sed 's/^/# proxy: /' "$T/proxy.log"
}
