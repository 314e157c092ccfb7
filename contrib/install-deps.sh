#!/bin/sh
# SPDX-License-Identifier: ISC
# contrib/install-deps.sh: installs, from Debian's packages, what building, running and testing
# Meridian needs and is missing. Run as root on Debian 12. With --test, also the test tools
# (Chromium for browser tests, valgrind, clang with libFuzzer, cppcheck, xmllint, wrk and
# strace for the benchmark's scripts, oathtool and zbarimg, which compute two-factor codes and
# read QR codes as a phone would, and exiftool, which reads a served image's metadata
# independently of libvips).
# Node.js and npm for the browser tests are Debian's (18 on Debian 12) unless a newer one is
# already installed; tests/browser/package.json pins packages that run on Node.js 18.
set -eu
BUILD="build-essential autoconf automake pkg-config libfcgi-dev libsqlite3-dev
libcmark-dev libsodium-dev libyaml-dev libinih-dev liboath-dev libqrencode-dev
libvips-dev libxml2-dev libcurl4-openssl-dev
nginx-light curl sqlite3"
TEST="ca-certificates clang libclang-rt-14-dev cppcheck python3 python3-yaml valgrind libxml2-utils mandoc
chromium fonts-dejavu-core wrk oathtool zbar-tools libimage-exiftool-perl strace"

want=$BUILD
[ "${1:-}" = "--test" ] && want="$BUILD $TEST"
missing=
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
	    missing="$missing $p"
done
# Node.js may come from elsewhere than Debian (with npm inside); only its absence matters.
if [ "${1:-}" = "--test" ] && ! command -v npm >/dev/null 2>&1; then
	missing="$missing nodejs npm"
fi
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "missing Debian packages:$missing" >&2
	echo "run as root, or: apt-get install$missing" >&2
	exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
