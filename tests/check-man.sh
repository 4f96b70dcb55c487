#!/bin/sh
# The man page and bridgectl agree: every command of 'bridgectl --help' and
# every long option of each command's --help is in bridgectl.1.
# Usage: check-man.sh BRIDGECTL BRIDGECTL.1
set -eu
bridgectl=$1
man=$2
failed=0
text=$(sed 's/\\f[BIR]//g; s/\\-/-/g' "$man")
commands=$("$bridgectl" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && /^  [a-z]/ { print $1 }')
[ -n "$commands" ] || { echo "no commands in bridgectl --help" >&2; exit 1; }
for command in $commands; do
  printf '%s\n' "$text" | grep -q "^$command\b\|^\.B $command\|$command \[" ||
    { echo "FAILED: the man page has no command $command" >&2; failed=1; }
  for option in $("$bridgectl" "$command" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    [ "$option" = --help ] && continue
    printf '%s\n' "$text" | grep -q -- "$option" ||
      { echo "FAILED: the man page does not describe $command $option" >&2; failed=1; }
  done
done
[ $failed -eq 0 ] && echo "bridgectl.1 covers: $(echo $commands)"
exit $failed
