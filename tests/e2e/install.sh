#!/bin/bash
# SPDX-License-Identifier: ISC
# install.sh: `make install DESTDIR=...` from the build folder puts every file a sysadmin needs
# in the usual autotools places (binary, every template, www/, the sample configuration, the
# nginx and systemd files, the manuals, the README), the binary's default template folder is
# where they went, the manuals pass mandoc -Tlint, the systemd units carry the sandboxing the
# README promises and pass `systemd-analyze verify`, the image helper and the import program are
# in pkglibexecdir where the binary looks for them, only they link libvips (the helper) and
# libxml2 and libcurl (the import program), and `make uninstall` removes it all.
: "${MERIDIAN_BIN:?set by make check}" "${MERIDIAN_SRCDIR:?set by make check}"
SRC=$MERIDIAN_SRCDIR
BUILD=$(dirname "$MERIDIAN_BIN")
T=$(mktemp -d "${TMPDIR:-/tmp}/meridian-install.XXXXXX")
R=$T/root
PASS=0
FAIL=0
pass() { PASS=$((PASS + 1)); echo "ok $((PASS + FAIL)) - $*"; }
fail() { FAIL=$((FAIL + 1)); echo "not ok $((PASS + FAIL)) - $*"; }
check() { local d=$1; shift; if "$@"; then pass "$d"; else fail "$d"; fi; }
cleanup() {
	if [ "$FAIL" -gt 0 ] || [ -n "${KEEP_TMP:-}" ]; then echo "# state kept in $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT
[ -f "$BUILD/Makefile" ] || { echo "no Makefile next to $MERIDIAN_BIN: skip"; exit 77; }
# The test runs inside `make check`: its jobserver and flags are not this make's business.
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES make -s -C "$BUILD" "$@"; }

# The install directories as this build's Makefile has them (prefix, sysconfdir...).
read -r bindir pkgdatadir sysconfdir mandir docdir pkglibexecdir < <(printf 'print-install-dirs:\n\t@echo $(bindir) $(pkgdatadir) $(sysconfdir) $(mandir) $(docdir) $(pkglibexecdir)\n' |
    mk -f Makefile -f - print-install-dirs)
check "the Makefile names its install directories ($bindir ...)" [ -n "$pkglibexecdir" ]

mk install DESTDIR="$R" > "$T/install.log" 2>&1
rc=$?
check "make install DESTDIR=... succeeds" [ $rc = 0 ]
[ $rc = 0 ] || sed 's/^/# /' "$T/install.log" | tail -n 20

check "the binary is installed in bindir and runs" sh -c "'$R$bindir/meridian' --version >/dev/null"
check "the image helper is installed in pkglibexecdir" [ -x "$R$pkglibexecdir/meridian-image" ]
check "... and only it links libvips" sh -c "ldd '$R$pkglibexecdir/meridian-image' | grep -q libvips &&
    ! ldd '$R$bindir/meridian' | grep -q libvips"
check "the import program is installed in pkglibexecdir" [ -x "$R$pkglibexecdir/meridian-import" ]
# links PROGRAM LIB: PROGRAM itself names LIB (libvips also brings libxml2 and libcurl into
# meridian-image, which never imports).
links() { readelf -d "$1" | grep -q "(NEEDED).*\[$2"; }
if command -v readelf >/dev/null 2>&1; then
	for lib in libxml2 libcurl; do
		check "... and only it links $lib" eval "links '$R$pkglibexecdir/meridian-import' $lib &&
		    ! links '$R$pkglibexecdir/meridian-image' $lib && ! links '$R$bindir/meridian' $lib"
	done
else
	echo "# skip: readelf (binutils) is not installed, the importer's libraries are not checked"
fi
check "meridian (every worker) loads neither libxml2 nor libcurl, not even through another library" \
    sh -c "ldd '$R$bindir/meridian' >/dev/null && ! ldd '$R$bindir/meridian' | grep -q 'libxml2\|libcurl'"
missing=
for f in $(cd "$SRC/templates" && find . -type f | sed 's|^\./||' | sort); do
	[ -f "$R$pkgdatadir/templates/$f" ] || missing="$missing $f"
done
check "every template is installed, admin/ and partials/ included (missing:$missing)" [ -z "$missing" ]
check "admin and partials templates are in their folders" \
    [ -f "$R$pkgdatadir/templates/admin/login.html" -a -f "$R$pkgdatadir/templates/partials/head.html" ]
missing=
for f in $(cd "$SRC/www" && find . -type f | sed 's|^\./||' | sort); do
	[ -f "$R$pkgdatadir/www/$f" ] || missing="$missing $f"
done
check "every file of www/ is installed (missing:$missing)" [ -z "$missing" ]
check "the sample configuration is in sysconfdir/meridian" [ -f "$R$sysconfdir/meridian/meridian.conf.sample" ]
for f in contrib/nginx/meridian.conf contrib/systemd/meridian.service contrib/systemd/meridian.socket; do
	check "$f is installed in pkgdatadir" cmp -s "$SRC/$f" "$R$pkgdatadir/$f"
done
check "meridian.8 is installed in mandir/man8" [ -f "$R$mandir/man8/meridian.8" ]
check "meridian.conf.5 is installed in mandir/man5" [ -f "$R$mandir/man5/meridian.conf.5" ]
check "the README is installed in docdir" [ -f "$R$docdir/README" ]

# The compiled-in template folder is where the templates were installed (without DESTDIR).
: > "$T/empty.conf"
"$R$bindir/meridian" check --config "$T/empty.conf" --db "$T/none.db" > "$T/check.out" 2>&1
tdir=$(sed -n 's/^[A-Za-z]*: templates \([^ :]*\): .*/\1/p' "$T/check.out" | head -n 1)
check "the binary's default template folder is pkgdatadir/templates ($tdir)" [ "$tdir" = "$pkgdatadir/templates" ]
"$R$bindir/meridian" check --config "$T/empty.conf" --db "$T/none.db" --templates "$R$tdir" > "$T/check.out" 2>&1
check "the installed templates compile" grep -q "^ok: templates " "$T/check.out"
hdir=$(sed -n 's/^[A-Za-z]*: image helper \([^ :]*\).*/\1/p' "$T/check.out" | head -n 1)
check "the binary looks for its image helper in pkglibexecdir ($hdir)" \
    [ "$hdir" = "$pkglibexecdir/meridian-image" ]
idir=$(sed -n 's/^[A-Za-z]*: import program \([^ :]*\).*/\1/p' "$T/check.out" | head -n 1)
check "the binary looks for its import program in pkglibexecdir ($idir)" \
    [ "$idir" = "$pkglibexecdir/meridian-import" ]
sed 's/^#\([a-z_]* = \)/\1/' "$R$sysconfdir/meridian/meridian.conf.sample" > "$T/all-keys.conf"
"$R$bindir/meridian" check --config "$T/all-keys.conf" > "$T/check.out" 2>&1
check "the sample configuration with every key uncommented is valid" grep -q "^ok: config " "$T/check.out"
keys=$(sed -n 's/^#\([a-z_]*\) = .*/\1/p' "$SRC/contrib/meridian.conf.sample" | sort | tr '\n' ' ')
check "the sample has every key ($keys)" \
    [ "$keys" = "db image_time_limit listen log_level max_requests password_cost primary_url read_only render_budget_ms request_timeout socket_group syslog templates workers " ]

# --- The manuals ------------------------------------------------------------------------------------
if command -v mandoc >/dev/null 2>&1; then
	for p in "$R$mandir/man8/meridian.8" "$R$mandir/man5/meridian.conf.5"; do
		out=$(mandoc -Tlint -W warning "$p" 2>&1)
		check "mandoc -Tlint: no warning or error in $(basename "$p")" [ -z "$out" ]
		echo "$out" | sed '/^$/d; s/^/# /'
		# Style too, except whether the manuals it refers to are installed on this machine.
		out=$(mandoc -Tlint "$p" 2>&1 | grep -v 'referenced manual not found\|outdated mandoc.db')
		check "mandoc -Tlint: no style message in $(basename "$p")" [ -z "$out" ]
		echo "$out" | sed '/^$/d; s/^/# /'
	done
	for c in init serve user import export backup check render settings routes; do
		check "meridian.8 documents '$c'" grep -q "^\.It Cm $c" "$SRC/src/meridian.8"
	done
	for k in $keys; do
		check "meridian.conf.5 documents '$k' with its default" \
		    sh -c "sed -n '/^\.It Cm $k /,/^\.It /p' '$SRC/src/meridian.conf.5' | grep -q 'Default'"
	done
else
	echo "# skip: mandoc is not installed, the manuals are not linted"
fi

# --- systemd units ------------------------------------------------------------------------------------
S=$SRC/contrib/systemd
for d in User=meridian Group=meridian StateDirectory=meridian RuntimeDirectory=meridian \
    ProtectSystem=strict ProtectHome=yes NoNewPrivileges=yes PrivateTmp=yes PrivateDevices=yes \
    ProtectKernelTunables=yes ProtectKernelModules=yes ProtectKernelLogs=yes \
    ProtectControlGroups=yes 'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6' \
    SystemCallFilter=@system-service MemoryDenyWriteExecute=yes LockPersonality=yes \
    RestrictNamespaces=yes RestrictRealtime=yes RestrictSUIDSGID=yes CapabilityBoundingSet= \
    StandardInput=socket 'ExecReload=/bin/kill -HUP $MAINPID' Requires=meridian.socket; do
	check "meridian.service has '$d'" grep -qxF "$d" "$S/meridian.service"
done
check "meridian.service runs 'meridian serve'" grep -q '^ExecStart=.*/meridian serve ' "$S/meridian.service"
for d in ListenStream=/run/meridian/meridian.sock SocketMode=0660 SocketGroup=www-data; do
	check "meridian.socket has '$d'" grep -qxF "$d" "$S/meridian.socket"
done
if command -v systemd-analyze >/dev/null 2>&1; then
	# Only the binary's path substituted: verify checks that ExecStart exists.
	mkdir -p "$T/units"
	cp "$S/meridian.socket" "$T/units/"
	sed "s|^ExecStart=/usr/local/bin/meridian |ExecStart=$MERIDIAN_BIN |" "$S/meridian.service" > "$T/units/meridian.service"
	out=$(cd "$T/units" && systemd-analyze verify --man=no ./meridian.socket ./meridian.service 2>&1)
	rc=$?
	check "systemd-analyze verify is clean for both units (exit $rc)" sh -c "[ $rc = 0 ] && [ -z \"\$1\" ]" sh "$out"
	echo "$out" | sed '/^$/d; s/^/# /'
else
	echo "# skip: systemd-analyze is not installed, the units are only checked for their directives"
fi

mk uninstall DESTDIR="$R" > "$T/uninstall.log" 2>&1
left=$(find "$R" -type f | head -n 5)
check "make uninstall removes every installed file ($left)" [ -z "$left" ]
echo "# $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
