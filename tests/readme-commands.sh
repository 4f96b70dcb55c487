#!/bin/sh
# Runs the command lines of README.md's "Command line" block as written,
# from a folder whose build/ is this build tree, with no plugin variable
# set and nothing installed that could stand in: each must succeed (the
# monitor runs until stopped, so it must print events within 5 s).
# Usage: readme-commands.sh README.md BUILD_ROOT
set -eu
readme=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$2" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/readme-commands-XXXXXX")
trap 'rm -rf "$work"' EXIT
ln -s "$root" "$work/build"
cd "$work"

unset LIBBRIDGE_PLUGIN_PATH LIBBRIDGE_PLUGIN_SYSTEM_PATH
export XDG_DATA_HOME="$work/data" XDG_DATA_DIRS="$work/no-such-dir"

sed -n '/^## Command line/,/^## /p' "$readme" | sed -n '/^```sh/,/^```/p' | sed '1d;$d' >commands
[ -s commands ] || { echo "no command lines found in $readme" >&2; exit 1; }

failed=0
while IFS= read -r line; do
  echo "\$ $line"
  case $line in
    *" monitor "*)
      status=0
      timeout 5 sh -c "$line" >monitor.log 2>&1 || status=$?
      cat monitor.log
      if [ "$status" -ne 124 ] || [ ! -s monitor.log ]; then
        echo "FAILED: expected events until stopped, got status $status" >&2
        failed=1
      fi
      ;;
    *)
      if ! sh -c "$line"; then
        echo "FAILED: $line" >&2
        failed=1
      fi
      ;;
  esac
done <commands
[ -d out ] && ls out | grep -q 'slide-01.png' || { echo "FAILED: no out/slide-01.png" >&2; failed=1; }
exit $failed
