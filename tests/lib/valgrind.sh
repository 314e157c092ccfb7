#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/lib/valgrind.sh: the LOG_COMPILER of the valgrind pass: a unit test under memcheck,
# failing on any error or definite leak. (End-to-end scripts see MERIDIAN_VALGRIND and start
# the daemon under memcheck themselves: tests/lib/env.sh.)
exec valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
    --errors-for-leak-kinds=definite,indirect --error-exitcode=1 "$@"
