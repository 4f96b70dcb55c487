#!/bin/sh
# valgrind.sh: the "valgrind" test setup's wrapper (tests/meson.build).
#
#   valgrind.sh [VALGRIND OPTIONS...] -- COMMAND [ARGS...]
#
# meson puts the wrapper before the whole test command, which starts with
# run-test.sh; memcheck belongs inside it, on the test program, not on the
# shell that sets up the hermetic directories (dash leaks a little on
# purpose, and is not ours to check).
#
# Valgrind writes to log files, not to the stderr of the programs it
# runs: several tests read a child's stderr (bridgectl's messages) and
# would trip over valgrind's notes. Logs with anything in them are copied
# to our stderr at the end. Every process exits with --error-exitcode on
# an error or a definite leak, but a forked child's status is not always
# looked at (check's test children report through a pipe): so the logs
# are the verdict too, and any error or definite leak in any of them fails
# the run (tests/meson.build's valgrind-sees-child-leak proves it).
set -u
opts=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  opts="$opts $1"
  shift
done
[ $# -gt 0 ] && shift

logs=$(mktemp -d "${TMPDIR:-/tmp}/bridge-valgrind.XXXXXX") || exit 99
trap 'rm -rf "$logs"' EXIT INT TERM
opts="$opts --log-file=$logs/%p.log"

case "${1:-}" in
  */run-test.sh)
    runner=$1
    shift
    # shellcheck disable=SC2086 # opts holds separate words on purpose
    "$runner" valgrind $opts "$@" ;;
  *)
    # shellcheck disable=SC2086
    valgrind $opts "$@" ;;
esac
status=$?

# Valgrind 3.19 does not know pidfd_open (434; GLib tries it, then falls
# back) nor Landlock's calls (444-446) nor seccomp() (317) (the video
# plugin's confinement: it runs unconfined then, and its tests skip):
# those notes are no finding; every other line is shown.
for log in "$logs"/*.log; do
  [ -s "$log" ] || continue
  grep -v -e 'unhandled amd64-linux syscall: 43[4]' -e 'unhandled amd64-linux syscall: 44[456]' \
    -e 'unhandled amd64-linux syscall: 317' \
    -e 'You may be able to write your own handler' \
    -e 'README_MISSING_SYSCALL_OR_IOCTL' -e 'Nevertheless we consider this a bug' \
    -e 'it at http://valgrind.org/support/bug_reports.html' "$log" >"$log.shown"
  if [ -s "$log.shown" ]; then
    echo "valgrind: process $(basename "$log" .log):" >&2
    cat "$log.shown" >&2
    if [ "$status" -eq 0 ] && grep -q -E -e 'are definitely lost in' \
      -e 'Invalid (read|write|free)|Mismatched free|uninitialised|Syscall param' \
      -e 'Source and destination overlap|Fishy value' "$log.shown"; then
      echo "valgrind: process $(basename "$log" .log) had the finding above: failing the run" >&2
      status=1
    fi
  fi
done
exit $status
