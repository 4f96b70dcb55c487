#!/usr/bin/python3
"""The arrows that must never exist (docs/ARCHITECTURE.md), checked.

Reads every #include "..." of the C sources of each component and fails
when one reaches a component it must not know: libbridge knows no one
above it; interfaces/ knows only libbridge; the video plugin and the host
never include each other; nothing outside libbridge includes a private
header of libbridge except its own tests, fuzzers and benchmarks.
"""

import os
import re
import sys

# component -> the components whose headers it may include (itself always).
ALLOWED = {
    "libbridge": set(),
    "interfaces": {"libbridge"},
    "video-plugin": {"libbridge", "interfaces"},
    "host-demo": {"libbridge", "interfaces"},
    "tools": {"libbridge", "interfaces"},
    "examples": {"libbridge", "interfaces"},
    "bench": {"libbridge", "interfaces", "tests"},
    "tests": {"libbridge", "interfaces", "host-demo", "video-plugin", "tools"},
    "fuzzing": {"libbridge", "host-demo"},
}
# Components that may use libbridge's private headers (its own tests).
PRIVATE_OK = {"libbridge", "tests", "fuzzing", "bench"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def main():
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    owner = {}  # header name -> component
    sources = []
    for component in ALLOWED:
        folder = os.path.join(top, component)
        for root, _, files in os.walk(folder):
            for name in files:
                if name.endswith((".c", ".h", ".h.in")):
                    header = name[:-3] if name.endswith(".in") else name
                    if header.endswith(".h"):
                        owner.setdefault(header, component)
                    sources.append((component, os.path.join(root, name)))
    failures = []
    for component, path in sources:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for included in INCLUDE.findall(text):
            header = os.path.basename(included)
            if header == "config.h":
                continue
            home = owner.get(header)
            rel = os.path.relpath(path, top)
            if home is None or home == component:
                continue
            if home not in ALLOWED[component]:
                failures.append(f"{rel}: includes {included} of {home}/, which {component}/ must not know")
            elif home == "libbridge" and header.endswith("-private.h") and component not in PRIVATE_OK:
                failures.append(f"{rel}: includes libbridge's private {included}")
    for failure in failures:
        print(failure)
    if failures:
        print(f"{len(failures)} forbidden arrow(s); see docs/ARCHITECTURE.md")
        return 1
    print(f"{len(sources)} files, no forbidden arrow")
    return 0


if __name__ == "__main__":
    sys.exit(main())
