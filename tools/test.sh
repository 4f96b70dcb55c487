#!/usr/bin/env bash
# Installs what is needed, builds from scratch in build-test/ and runs the
# whole test suite. Extra arguments go to `meson test` (e.g. --suite unit).
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh
rm -rf build-test
meson setup build-test --werror -Dintrospection=enabled
ninja -C build-test
status=0
meson test -C build-test --print-errorlogs --num-processes 2 "$@" || status=$?

# One plain closing line for humans and CI alike.
python3 - build-test/meson-logs/testlog.json <<'PY'
import json, sys
ok = bad = skip = 0
for line in open(sys.argv[1]):
    r = json.loads(line)["result"]
    if r in ("OK", "EXPECTEDFAIL"): ok += 1
    elif r == "SKIP": skip += 1
    else: bad += 1
print(f"{ok} passed, {bad} failed, {skip} skipped")
PY
exit $status
