#!/usr/bin/env bash
# Installs what is needed, builds in build/ and opens the sample deck in
# the presentation window. Arguments go to host-demo (e.g. a deck path).
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build
if [ $# -eq 0 ]; then
  set -- "$PWD/build/host-demo/sample/deck.md"
fi
exec build/host-demo/host-demo "$@"
