#!/bin/sh
# Runs one benchmark program with tiny counts and checks that it printed
# each expected key with a number: smoke-test.sh PROGRAM 'KEY KEY ...' [ARGS...]
# A figure is never judged, only its presence.
set -u
program=$1
keys=$2
shift 2
out=$("$program" "$@") || { echo "$program $* exited with status $?" >&2; exit 1; }
printf '%s\n' "$out"
status=0
for key in $keys; do
  if ! printf '%s\n' "$out" | grep -Eq "^$(printf '%s' "$key" | sed 's/\./\\./g')=-?[0-9]+(\.[0-9]+)?$"; then
    echo "$program did not print $key=<number>" >&2
    status=1
  fi
done
exit $status
