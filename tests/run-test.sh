#!/bin/sh
# Runs one test binary hermetic: a private HOME and XDG_RUNTIME_DIR (0700)
# made fresh for it and removed afterwards, whatever the outcome.
set -u
dir=$(mktemp -d "${TMPDIR:-/tmp}/bridge-test.XXXXXX") || exit 99
chmod 0700 "$dir"
mkdir -m 0700 "$dir/home" "$dir/runtime"
trap 'rm -rf "$dir"' EXIT INT TERM
# The confined video plugins a test starts may read what it makes in its
# HOME too (tests/meson.build gives them the source and build trees).
if [ -n "${LIBBRIDGE_VIDEO_SANDBOX:-}" ]; then
  LIBBRIDGE_VIDEO_SANDBOX="$LIBBRIDGE_VIDEO_SANDBOX:$dir/home"
  export LIBBRIDGE_VIDEO_SANDBOX
fi
HOME="$dir/home" XDG_RUNTIME_DIR="$dir/runtime" XDG_DATA_HOME="$dir/home/.local/share" \
  XDG_CONFIG_HOME="$dir/home/.config" XDG_CACHE_HOME="$dir/home/.cache" \
  "$@"
