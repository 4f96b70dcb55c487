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
ok = bad = 0
skipped = []
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["result"] in ("OK", "EXPECTEDFAIL"): ok += 1
    elif r["result"] == "SKIP": skipped.append(r)
    else: bad += 1
# A skipped test (exit 77, tests/bridge-test-util.h) says why on stderr.
for r in skipped:
    out = (r.get("stdout") or "") + (r.get("stderr") or "")
    why = [l.strip() for l in out.splitlines() if l.strip().startswith("SKIP")]
    print(f"SKIP {r['name']}: {'; '.join(dict.fromkeys(why)) or 'no reason given'}")
print(f"{ok} passed, {bad} failed, {len(skipped)} skipped")
PY
exit $status
