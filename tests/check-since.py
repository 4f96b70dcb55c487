#!/usr/bin/python3
# check-since.py: every public symbol of libbridge says since when it is
# there (a "Since:" line in its doc comment, the GIR's version attribute)
#
#   check-since.py Bridge-1.0.gir
#
# Checked: classes, records, enums and flags, constants, functions,
# methods, constructors, virtual methods, callbacks, properties, signals
# and function macros. Enum members and fields go with their type.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import sys
import xml.etree.ElementTree as ET

CORE = "{http://www.gtk.org/introspection/core/1.0}"
GLIB = "{http://www.gtk.org/introspection/glib/1.0}"
KINDS = {"class", "interface", "record", "enumeration", "bitfield", "constant", "function",
         "method", "constructor", "virtual-method", "callback", "property", "function-macro",
         "alias", "union"}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: check-since.py GIR")
    root = ET.parse(sys.argv[1]).getroot()
    missing, checked = [], 0

    def walk(node, parent):
        nonlocal missing, checked
        for child in node:
            tag = child.tag.replace(CORE, "").replace(GLIB, "glib:")
            if tag in KINDS or tag == "glib:signal":
                name = child.get("name")
                # A record that only holds a class's vfuncs is not API of its own.
                if tag == "record" and child.get(GLIB + "is-gtype-struct-for"):
                    continue
                if child.get("introspectable") == "0" and tag == "record":
                    continue
                checked += 1
                if not child.get("version"):
                    missing.append(f"{tag} {parent}{name}")
                walk(child, f"{parent}{name}.")

    walk(root.find(CORE + "namespace"), "Bridge.")
    for m in missing:
        print(f"no Since: {m}", file=sys.stderr)
    if missing:
        sys.exit(f"check-since: {len(missing)} of {checked} public symbols lack a Since: line")
    if checked < 50:
        sys.exit(f"check-since: only {checked} symbols in the GIR, is it the right file?")
    print(f"ok: all {checked} public symbols say Since:")


if __name__ == "__main__":
    main()
