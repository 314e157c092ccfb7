#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/fuzz/build.sh: builds the libFuzzer harnesses (tests/fuzz/fuzz-*.c) with clang,
# AddressSanitizer and UndefinedBehaviorSanitizer, linked against the production parsers in
# src/ (compiled again here with coverage instrumentation; the normal build is untouched).
# `make fuzz` runs it; it only rebuilds what changed.
#
#   usage: build.sh OUTDIR CONFIG_H_DIR
#   env:   FUZZ_CC (default clang), SRCDIR (default: this repository)
# Exit 0 when built, 77 (with the reason) when clang cannot link a libFuzzer program,
# 1 on a compile error.
set -eu
out=${1:?usage: build.sh OUTDIR CONFIG_H_DIR}
cfg=${2:?usage: build.sh OUTDIR CONFIG_H_DIR}
here=$(cd "$(dirname "$0")" && pwd)
src=${SRCDIR:-$(cd "$here/../.." && pwd)}
CC=${FUZZ_CC:-clang}
TARGETS="query cookie multipart frontmatter tmpl slug search md totp origin checks html2md wxr image"
# The parsers and what they need; everything else in src/ stays out.
SOURCES="buf util log html query cookie multipart frontmatter tmpl slug search md totp origin checks
html2md wxr html2md_pre image_clean"

[ -f "$cfg/config.h" ] || { echo "no config.h in $cfg: run configure first" >&2; exit 1; }
command -v "$CC" >/dev/null 2>&1 || { echo "skip: $CC missing (apt-get install clang)"; exit 77; }
mkdir -p "$out/obj"
probe=$out/obj/probe
if [ ! -x "$probe" ]; then
	printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' > "$probe.c"
	if ! "$CC" -fsanitize=fuzzer,address,undefined "$probe.c" -o "$probe" >"$probe.log" 2>&1; then
		echo "skip: $CC cannot link a libFuzzer program (install libclang-rt-14-dev):"
		sed 's/^/  /' "$probe.log" | head -n 5
		exit 77
	fi
fi

PKGS="libcmark yaml-0.1 sqlite3 liboath libsodium libxml-2.0"
CFLAGS_ALL="-std=c11 -g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=all -Wall -Wextra -Werror -I$cfg -I$src/src $(pkg-config --cflags $PKGS)"
LIBS=$(pkg-config --libs $PKGS)
SAN_LIB="-fsanitize=fuzzer-no-link,address,undefined"
SAN_BIN="-fsanitize=fuzzer,address,undefined"

# newer FILE DEPS...: true when FILE is missing or older than any of DEPS.
newer() {
	f=$1; shift
	[ -e "$f" ] || return 0
	for d in "$@"; do [ "$d" -nt "$f" ] && return 0; done
	return 1
}

headers="$cfg/config.h $(ls "$src"/src/*.h) $here/fuzz.h $here/build.sh"
objs=
for s in $SOURCES; do
	o=$out/obj/$s.o
	objs="$objs $o"
	# shellcheck disable=SC2086
	if newer "$o" "$src/src/$s.c" $headers; then
		echo "  CC  src/$s.c"
		# shellcheck disable=SC2086
		"$CC" $CFLAGS_ALL $SAN_LIB -c "$src/src/$s.c" -o "$o"
	fi
done
for t in $TARGETS; do
	b=$out/fuzz-$t
	# shellcheck disable=SC2086
	if newer "$b" "$here/fuzz-$t.c" $objs $headers; then
		echo "  CCLD tests/fuzz/fuzz-$t"
		# shellcheck disable=SC2086
		"$CC" $CFLAGS_ALL $SAN_BIN "$here/fuzz-$t.c" $objs $LIBS -o "$b"
	fi
done
