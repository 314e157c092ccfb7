# tests/lib/imgtool.sh: sourced after env.sh by end-to-end tests that make or inspect images
# with tests/tools/imgtool (built by make check); the test is skipped without it.
# SPDX-License-Identifier: ISC
IMGTOOL=$(dirname "$MERIDIAN_BIN")/tests/tools/imgtool
[ -x "$IMGTOOL" ] || { echo "tests/tools/imgtool not built (make check builds it): skip"; exit 77; }
# The test tool leaves libvips' objects to its exit: not the daemon's leaks to report.
img() { ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 "$IMGTOOL" "$@"; }
