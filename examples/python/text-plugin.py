#!/usr/bin/python3
# text-plugin.py: a libbridge plugin written in Python
#
# Serves org.libbridge.example.Text1 through the same library as the C
# plugins, by GObject Introspection (Debian's python3-gi):
#
#   Upper(s) -> (s)          the text in upper case
#   Count(s) -> (uu)         words and characters
#   Digest(ss) -> (s)        hex digest of the text (algorithm, text) by hashlib
#   Later(us) -> (s)         replies with the text after some milliseconds,
#                            from the main loop: a reply need not be immediate
#   event Counted(uu)        emitted to every host after each Count
#
# Its manifest (pytext.plugin) starts it as /usr/bin/python3 text-plugin.py.
# Started from a build tree it needs GI_TYPELIB_PATH and LD_LIBRARY_PATH
# pointing at <builddir>/libbridge; a host started with them passes them on.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import hashlib
import sys

import gi

gi.require_version("Bridge", "1.0")
from gi.repository import Bridge, GLib  # noqa: E402

INTERFACE = "org.libbridge.example.Text1"


class TextPlugin:
    def __init__(self):
        self.service = Bridge.Service.new("pytext")
        iface = Bridge.Interface.new(INTERFACE)
        iface.add_method("Upper", "(s)", "(s)", self.upper)
        iface.add_method("Count", "(s)", "(uu)", self.count)
        iface.add_method("Digest", "(ss)", "(s)", self.digest)
        iface.add_method("Later", "(us)", "(s)", self.later)
        iface.add_event("Counted", "(uu)")
        self.service.export(iface)

    # Each handler gets a Bridge.Invocation whose parameters libbridge has
    # already checked against the declared type, and answers it once.

    def upper(self, invocation):
        (text,) = invocation.get_parameters().unpack()
        invocation.return_value(GLib.Variant("(s)", (text.upper(),)))

    def count(self, invocation):
        (text,) = invocation.get_parameters().unpack()
        words, chars = len(text.split()), len(text)
        invocation.return_value(GLib.Variant("(uu)", (words, chars)))
        self.service.emit(INTERFACE, "Counted", GLib.Variant("(uu)", (words, chars)))

    def digest(self, invocation):
        algorithm, text = invocation.get_parameters().unpack()
        if algorithm not in hashlib.algorithms_guaranteed:
            # An error reply; the connection stays up (docs/PROTOCOL.md 5).
            invocation.return_error_literal(
                Bridge.error_quark(),
                Bridge.Error.INVALID_ARGS,
                f"unknown digest algorithm '{algorithm}' "
                f"(try one of {', '.join(sorted(hashlib.algorithms_guaranteed))})",
            )
            return
        value = hashlib.new(algorithm, text.encode()).hexdigest()
        invocation.return_value(GLib.Variant("(s)", (value,)))

    def later(self, invocation):
        delay_ms, text = invocation.get_parameters().unpack()

        def reply():
            invocation.return_value(GLib.Variant("(s)", (text,)))
            return GLib.SOURCE_REMOVE

        # Keeping a reference to the invocation is all it takes to answer
        # after the handler returned.
        GLib.timeout_add(delay_ms, reply)

    def run(self, argv):
        # Serves the host on LIBBRIDGE_FD, or listens on the runtime socket
        # when started by hand (or with --listen).
        return self.service.run(argv)


if __name__ == "__main__":
    sys.exit(TextPlugin().run(sys.argv))
