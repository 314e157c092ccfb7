#!/bin/bash
# SPDX-License-Identifier: ISC
# tests/tools/wp-fixtures.sh: makes tests/e2e/wp/real/ (the export a real WordPress writes, its
# uploads folder, and the text it shows for each published post and page) with Debian's
# WordPress 6.1 and MariaDB. Not part of the test suite; run it by hand, as root, when the
# fixtures must change:
#
#	bash tests/tools/wp-fixtures.sh
#
# It installs what is missing, builds a throwaway site in /tmp/meridian-wp-fixtures (wiped
# first, so every run starts from nothing), writes the content of tests/tools/wp-fixtures.php
# through WordPress's own API, and replaces tests/e2e/wp/real/ with the result. The site's
# address is https://harbour-acupuncture.example; nothing is fetched from it.
set -euo pipefail
cd "$(dirname "$0")/../.."
TOP=$(pwd)
OUT=$TOP/tests/e2e/wp/real
. "$TOP/tests/tools/wp-env.sh"
wp_env_install /tmp/meridian-wp-fixtures https://harbour-acupuncture.example
rm -rf "$WP_DIR/out"
mkdir -p "$WP_DIR/out"
wp_php "$TOP/tests/tools/wp-fixtures.php" "$WP_DIR/out"
wp_env_stop
# The export's first lines say when it was made; the rest is the same on every run.
rm -rf "$OUT"
mkdir -p "$OUT"
cp "$WP_DIR/out/export.xml" "$OUT/export.xml"
cp -r "$WP_DIR/out/text" "$OUT/text"
cp -r "$WP_DIR/wp/wp-content/uploads" "$OUT/uploads"
echo "wrote $OUT: $(du -sh "$OUT" | cut -f1), $(find "$OUT/uploads" -type f | wc -l) uploaded files"
