#!/bin/sh
# valgrind.sh: the "valgrind" test setup's wrapper (tests/meson.build).
#
# meson puts the wrapper before the whole test command, which starts with
# run-test.sh; memcheck belongs inside it, on the test program, not on the
# shell that sets up the hermetic directories (dash leaks a little on
# purpose, and is not ours to check). Usage:
#   valgrind.sh [VALGRIND OPTIONS...] -- COMMAND [ARGS...]
set -u
opts=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  opts="$opts $1"
  shift
done
[ $# -gt 0 ] && shift
case "${1:-}" in
  */run-test.sh)
    runner=$1
    shift
    # shellcheck disable=SC2086 # opts holds separate words on purpose
    exec "$runner" valgrind $opts "$@" ;;
  *)
    # shellcheck disable=SC2086
    exec valgrind $opts "$@" ;;
esac
