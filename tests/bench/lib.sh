# SPDX-License-Identifier: ISC
# tests/bench/lib.sh: sourced (under bash, with TOP the source tree) by the benchmark scripts
# run.sh, images.sh and peers.sh: building Meridian in _build/bench, starting and stopping it,
# free loopback ports, wrk's figures and the median of interleaved rounds.

BUILD=$TOP/_build/bench

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

# quick_flag ARGS...: sets QUICK when the one argument is --quick; any other is a usage error.
quick_flag() {
	QUICK=
	case $# in 0) return 0 ;; esac
	[ "$#" = 1 ] && [ "$1" = --quick ] || { echo "usage: sh ${0#"$TOP"/} [--quick]" >&2; exit 2; }
	QUICK=1
}

# bench_build: configures _build/bench once and builds Meridian there; sets BIN. A tree
# configured in place cannot also be configured elsewhere, hence the refusal.
bench_build() {
	if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
		autoreconf -fi >/dev/null
	fi
	mkdir -p "$BUILD"
	[ -f "$BUILD/Makefile" ] || [ ! -f config.status ] ||
	    die "the source tree is configured in place: \`make distclean\` first (the benchmark builds in $BUILD)"
	[ -f "$BUILD/Makefile" ] || (cd "$BUILD" && "$TOP/configure" -q)
	say "building in $BUILD"
	make -s -C "$BUILD" -j"$(nproc)" >/dev/null
	BIN=$BUILD/meridian
}

# meridian_start N: `meridian serve` with $CONF on $SOCK, N workers, its log in $RUN; sets MPID
# and returns once every worker is up.
meridian_start() {
	"$BIN" serve --config "$CONF" --listen "unix:$SOCK" --workers "$1" >>"$RUN/meridian.log" 2>&1 &
	MPID=$!
	for _ in $(seq 1 400); do
		[ -S "$SOCK" ] && [ "$(pgrep -P "$MPID" | wc -l)" -ge "$1" ] && return 0
		kill -0 "$MPID" 2>/dev/null || break
		sleep 0.025
	done
	cat "$RUN/meridian.log" >&2
	die "meridian serve did not start"
}
meridian_stop() {
	[ -n "${MPID:-}" ] || return 0
	kill -TERM "$MPID" 2>/dev/null || true
	wait "$MPID" 2>/dev/null || true
	MPID=
	rm -f "$SOCK"
}

free_port() {
	local p
	for _ in $(seq 1 100); do
		p=$((20000 + RANDOM % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return
		fi
	done
	die "no free port"
}

# fcgi_server NAME PORT SOCKET: prints an nginx server block on loopback PORT that passes every
# request to the FastCGI app on SOCKET, logging to $RUN/access-NAME.log.
fcgi_server() {
	cat <<NGINX
server {
	listen 127.0.0.1:$2;
	server_name 127.0.0.1;
	access_log $RUN/access-$1.log meridian_private;
	location / {
		include fastcgi_params;
		fastcgi_pass unix:$3;
		fastcgi_read_timeout 60s;
	}
}
NGINX
}
# static_server PORT: prints an nginx server block on loopback PORT serving $RUN/static/articles/
# as files, typed as Meridian's pages are.
static_server() {
	cat <<NGINX
server {
	listen 127.0.0.1:$1;
	server_name 127.0.0.1;
	access_log $RUN/access-static.log meridian_private;
	location /articles/ {
		root $RUN/static;
		default_type "text/html; charset=utf-8";
	}
}
NGINX
}

# cache_conf DIR PORT SOCK: DIR/nginx.conf, a copy of the shipped config with its optional
# micro-cache uncommented and the per-address rate limits lifted (a load generator is one
# address), listening on PORT in front of SOCK. Dies if the micro-cache lines moved.
cache_conf() {
	mkdir -p "$1"
	cp contrib/nginx/meridian.conf contrib/nginx/local-conf.sh "$1/"
	sed -i -e 's/^#\(fastcgi_cache_path\)/\1/' \
	    -e 's/^\([[:space:]]*\)#\(fastcgi_cache\|fastcgi_no_cache\|fastcgi_ignore_headers\)/\1\2/' \
	    "$1/meridian.conf"
	grep -q '^[[:space:]]*fastcgi_cache meridian;' "$1/meridian.conf" ||
	    die "could not enable the micro-cache in the copy of meridian.conf"
	sh "$1/local-conf.sh" "$1" "$2" "$3" "$TOP/www" > "$1/nginx.conf"
	sed -i '/^[[:space:]]*limit_req zone=/d' "$1/server.conf"
}

# to_ms VALUE: wrk's "850.00us", "2.10ms", "1.02s" in milliseconds.
to_ms() {
	awk -v v="$1" 'BEGIN {
		if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
		else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
		else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.2f", v * 60000 }
		else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.2f", v * 1000 }
		else printf "nan" }'
}

# wrk_figures: reads the report of `wrk --latency` and prints "rps p50 p99 errors requests"
# (latencies in ms; errors are non-2xx/3xx answers and socket errors, timeouts included).
wrk_figures() {
	local out rps p50 p99 bad sockerr reqs
	out=$(cat)
	rps=$(printf '%s\n' "$out" | awk '/^Requests\/sec:/ { printf "%.0f", $2 }')
	p50=$(to_ms "$(printf '%s\n' "$out" | awk '$1 == "50%" { print $2 }')")
	p99=$(to_ms "$(printf '%s\n' "$out" | awk '$1 == "99%" { print $2 }')")
	reqs=$(printf '%s\n' "$out" | awk '/requests in/ { print $1 }')
	bad=$(printf '%s\n' "$out" | awk '/Non-2xx or 3xx/ { print $NF }')
	sockerr=$(printf '%s\n' "$out" | awk '/Socket errors/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }')
	echo "$rps $p50 $p99 $(( ${bad:-0} + ${sockerr:-0} )) ${reqs:-0}"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
verdict() { if "$@"; then echo met; else echo "**not met**"; fi; }

# Interleaved rounds: $RUN/res/NAME.ROUND holds wrk_figures' line for target NAME in round
# ROUND, for rounds 1 to $ROUNDS.
# med NAME FIELD: the median over the rounds (1 req/s, 2 p50, 3 p99, 4 errors).
med() { for r in $(seq 1 "$ROUNDS"); do cut -d' ' -f"$2" "$RUN/res/$1.$r"; done | median; }
sum_errors() { local s=0 r; for r in $(seq 1 "$ROUNDS"); do s=$(( s + $(cut -d' ' -f4 "$RUN/res/$1.$r") )); done; echo "$s"; }
# range NAME: "min–max" req/s over the rounds; spread NAME: max / min.
range() { for r in $(seq 1 "$ROUNDS"); do cut -d' ' -f1 "$RUN/res/$1.$r"; done | sort -g | awk '
	NR == 1 { lo = $1 } { hi = $1 } END { printf "%s–%s", lo, hi }'; }
spread() { for r in $(seq 1 "$ROUNDS"); do cut -d' ' -f1 "$RUN/res/$1.$r"; done | sort -g | awk '
	NR == 1 { lo = $1 } { hi = $1 } END { if (lo > 0) printf "%.2f", hi / lo; else print 99 }'; }
# rratio NAME BASE [FIELD]: the median over the rounds of NAME's figure / BASE's in the same
# round (req/s unless FIELD). A shared machine drifts over minutes; targets measured in the
# same round saw the same machine, so their ratio holds where a ratio of medians would not.
rratio() {
	local r f=${3:-1}
	for r in $(seq 1 "$ROUNDS"); do
		ratio "$(cut -d' ' -f"$f" "$RUN/res/$1.$r")" "$(cut -d' ' -f"$f" "$RUN/res/$2.$r")"
		echo
	done | median
}
