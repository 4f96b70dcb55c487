#!/usr/bin/env bash
# bridgectl's bash completion: commands and plugin names complete; a
# method of a running instance completes; and completing never starts a
# plugin (a plugin whose Exec leaves a mark is never run).
# Usage: test-completion.sh COMPLETION_FILE BRIDGECTL_DIR
set -u
completion=$1
export PATH="$2:$PATH"
work=$(mktemp -d "${TMPDIR:-/tmp}/test-completion-XXXXXX")
trap 'kill $server 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
server=""
export XDG_RUNTIME_DIR="$work/run"
mkdir -m 700 "$XDG_RUNTIME_DIR"
mkdir "$work/plugins"
cat >"$work/plugins/marker.plugin" <<END
[Plugin]
Name=marker
Exec=/usr/bin/touch $work/started
Interfaces=org.example.Marker1
END
export LIBBRIDGE_PLUGIN_PATH="$work/plugins:$LIBBRIDGE_PLUGIN_PATH"

. /usr/share/bash-completion/bash_completion || { echo "no bash-completion" >&2; exit 77; }
. "$completion"

failed=0
complete_line() { # words...: completes the last one
  COMP_WORDS=("$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMP_LINE="$*"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _bridgectl bridgectl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
  echo "${COMPREPLY[*]}"
}
expect() { # what got wanted
  case " $2 " in
    *" $3 "*) echo "ok: $1 offers $3" ;;
    *) echo "FAILED: $1 offers '$2', not $3" >&2; failed=1 ;;
  esac
}

expect "bridgectl c" "$(complete_line bridgectl c)" call
expect "bridgectl call m" "$(complete_line bridgectl call m)" marker
expect "bridgectl list --j" "$(complete_line bridgectl list --j)" --json

got=$(complete_line bridgectl call marker "")
sleep 0.5
if [ -e "$work/started" ]; then
  echo "FAILED: completing a method of marker started it" >&2
  failed=1
elif [ -n "$got" ]; then
  echo "FAILED: methods offered for a plugin that is not running: $got" >&2
  failed=1
else
  echo "ok: completing a method of a plugin that is not running starts nothing"
fi

# A running instance is asked.
bridgectl start clock >"$work/start.log" 2>&1 &
server=$!
for _ in $(seq 100); do
  grep -q "listening on" "$work/start.log" && break
  sleep 0.1
done
expect "bridgectl call clock org.libbridge.example.Clock1.A" \
  "$(complete_line bridgectl call clock org.libbridge.example.Clock1.A)" org.libbridge.example.Clock1.Add
exit $failed
