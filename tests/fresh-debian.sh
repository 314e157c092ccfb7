#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/fresh-debian.sh: the newcomer's path, repeatable before a release. Builds a minimal
# Debian 12 root with debootstrap, clones this repository's committed HEAD into it, and runs the
# README's two commands there as root: the demo (until its site answers) and the test command.
# Prints each command's last lines and exit status. Not part of CI: it needs root, debootstrap
# and Debian's mirror, and takes 20-40 minutes.
# Usage: sh tests/fresh-debian.sh [ROOT-FOLDER]   (default /var/tmp/meridian-fresh, made anew)
# Extra arguments for the test command go in TEST_ARGS (e.g. TEST_ARGS=--quick).
set -eu
cd "$(dirname "$0")/.."
TOP=$(pwd)
ROOT=${1:-/var/tmp/meridian-fresh}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
PORT=${PORT:-18080}

[ "$(id -u)" = 0 ] || { echo "fresh-debian.sh: run as root" >&2; exit 1; }
command -v debootstrap >/dev/null 2>&1 || {
	echo "fresh-debian.sh: needs debootstrap (apt-get install debootstrap)" >&2; exit 1; }

umount_all() {
	for m in dev/shm dev/pts dev sys proc; do
		umount -l "$ROOT/$m" 2>/dev/null || true
	done
}
trap umount_all EXIT INT TERM

umount_all
rm -rf "$ROOT"
echo "== debootstrap --variant=minbase bookworm $ROOT"
debootstrap --variant=minbase bookworm "$ROOT" "$MIRROR" > "$ROOT.debootstrap.log" 2>&1 || {
	tail -n 20 "$ROOT.debootstrap.log"; exit 1; }
# The release as Debian ships it today: main, its updates and its security updates.
cat > "$ROOT/etc/apt/sources.list" <<EOF
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
cp /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
# Where this machine reaches the registries through a TLS-inspecting proxy, the root must
# trust the same local authorities (ca-certificates adds them when it is installed).
mkdir -p "$ROOT/usr/local/share/ca-certificates"
cp /usr/local/share/ca-certificates/*.crt "$ROOT/usr/local/share/ca-certificates/" 2>/dev/null || true
mount -t proc proc "$ROOT/proc"
mount -t sysfs sys "$ROOT/sys"
mount --bind /dev "$ROOT/dev"
mount -t devpts devpts "$ROOT/dev/pts" 2>/dev/null || true
mount -t tmpfs tmpfs "$ROOT/dev/shm"

# A clone of what is committed, as a newcomer gets it (git itself is not in a minbase root).
git clone -q "$TOP" "$ROOT/root/meridian"
git -C "$ROOT/root/meridian" log -1 --format='== cloned %h %s'

in_root() { chroot "$ROOT" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 "$@"; }

echo "== sh contrib/demo.sh   (PORT=$PORT)"
in_root sh -c "cd /root/meridian && PORT=$PORT exec sh contrib/demo.sh" \
    > "$ROOT/demo.log" 2>&1 &
DEMO=$!
start=$(date +%s)
demo_status=1
while kill -0 "$DEMO" 2>/dev/null; do
	if in_root sh -c "command -v curl >/dev/null && curl -fsS -o /dev/null \
	    http://127.0.0.1:$PORT/articles/first-appointment" 2>/dev/null; then
		demo_status=0
		break
	fi
	[ $(($(date +%s) - start)) -gt 1800 ] && break
	sleep 2
done
if [ "$demo_status" = 0 ]; then
	echo "demo: the site answered after $(($(date +%s) - start)) s"
	# demo.sh stops nginx and the daemon on TERM (a background job ignores INT).
	kill -TERM "$DEMO" 2>/dev/null || true
else
	echo "demo: the site never answered"
fi
wait "$DEMO" 2>/dev/null || true
sleep 1
pkill -f "^/root/meridian/_build/demo/meridian serve" 2>/dev/null || true
tail -n 8 "$ROOT/demo.log" | sed 's/^/  | /'
echo "demo exit status: $demo_status (0 = served the demo article)"

echo "== sh tests/run.sh ${TEST_ARGS:-}"
start=$(date +%s)
set +e
in_root sh -c "cd /root/meridian && exec sh tests/run.sh ${TEST_ARGS:-}" > "$ROOT/tests.log" 2>&1
test_status=$?
set -e
tail -n 25 "$ROOT/tests.log" | sed 's/^/  | /'
echo "tests exit status: $test_status after $(($(date +%s) - start)) s (logs in $ROOT/*.log)"
[ "$demo_status" = 0 ] && [ "$test_status" = 0 ]
