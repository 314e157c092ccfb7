#!/bin/sh
# SPDX-License-Identifier: ISC
# sql_gen.sh: turns sql/NNNN-*.sql into a C array of migrations (sql_files.c), in number order.
set -eu
echo '/* sql_files.c: generated from the sql/ migrations by src/sql_gen.sh; do not edit. */'
echo '#include "config.h"'
echo '#include <stddef.h>'
echo '#include "migrate.h"'
echo 'const struct migration migrations[] = {'
for f in "$@"; do
	base=$(basename "$f")
	printf '\t{ "%s",\n' "$base"
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/\t  "/' -e 's/$/\\n"/' "$f"
	printf '\t},\n'
done
echo '};'
echo "const size_t migrations_count = sizeof(migrations) / sizeof(migrations[0]);"
