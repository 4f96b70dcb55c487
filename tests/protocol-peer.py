#!/usr/bin/python3
"""A second implementation of the libbridge wire protocol, written from
docs/PROTOCOL.md alone: Python's standard library, no GLib. It starts the
example clock plugin the way a host does (section 10.4), talks to it and
checks what comes back. If the document and libbridge ever drift apart,
this test fails.

Usage: protocol-peer.py PATH-TO-clock-plugin
"""

import os
import socket
import struct
import subprocess
import sys

CLOCK = "org.libbridge.example.Clock1"
HELLO, CALL, REPLY, ERROR, EVENT, BYE = 1, 2, 3, 4, 5, 6
NO_REPLY = 0x0001  # section 2.3
HEADER = struct.Struct("<4sBBHIIIHH")  # section 2.1, 24 bytes


# ---- GVariant, section 12 ------------------------------------------------

FIXED = {"y": (1, "B"), "b": (1, "?"), "n": (2, "h"), "q": (2, "H"), "i": (4, "i"),
         "u": (4, "I"), "h": (4, "i"), "x": (8, "q"), "t": (8, "Q"), "d": (8, "d")}


def split_types(sig):
    """Splits a string of complete types into a list of them."""
    out, i = [], 0
    while i < len(sig):
        j = i
        while sig[j] in "am":
            j += 1
        if sig[j] in "({":
            depth = 0
            while True:
                depth += sig[j] in "({"
                depth -= sig[j] in ")}"
                j += 1
                if depth == 0:
                    break
        else:
            j += 1
        out.append(sig[i:j])
        i = j
    return out


def alignment(t):
    if t in FIXED:
        return FIXED[t][0]
    if t in "sog":
        return 1
    if t == "v":
        return 8
    if t[0] in "am":
        return alignment(t[1:])
    members = split_types(t[1:-1])
    return max([alignment(m) for m in members] or [1])


def fixed_size(t):
    """Size of a fixed-size type, or None if its size varies."""
    if t in FIXED:
        return FIXED[t][0]
    if t[0] in "({":
        members = split_types(t[1:-1])
        if not members:
            return 1
        size = 0
        for m in members:
            s = fixed_size(m)
            if s is None:
                return None
            size = pad(size, alignment(m)) + s
        return pad(size, alignment(t))
    return None


def pad(n, a):
    return (n + a - 1) // a * a


def offset_size(total):
    return 0 if total == 0 else 1 if total <= 0xFF else 2 if total <= 0xFFFF else 4 if total <= 0xFFFFFFFF else 8


def with_offsets(body, offsets, forward):
    """Appends framing offsets, picking the smallest size that fits."""
    for size in (1, 2, 4, 8):
        if len(body) + size * len(offsets) <= (1 << (8 * size)) - 1 or size == 8:
            break
    if not offsets:
        return body
    fmt = {1: "B", 2: "H", 4: "I", 8: "Q"}[size]
    order = offsets if forward else list(reversed(offsets))
    return body + b"".join(struct.pack("<" + fmt, o) for o in order)


def serialize(t, value):
    if t in FIXED:
        return struct.pack("<" + FIXED[t][1], value)
    if t in "sog":
        return value.encode() + b"\0"
    if t == "v":
        inner_type, inner = value
        return serialize(inner_type, inner) + b"\0" + inner_type.encode()
    if t[0] == "a":
        elem = t[1:]
        body, ends = b"", []
        if elem.startswith("{"):
            value = list(value.items())
        for v in value:
            body += b"\0" * (pad(len(body), alignment(elem)) - len(body))
            body += serialize(elem, v)
            ends.append(len(body))
        return body if fixed_size(elem) is not None else with_offsets(body, ends, True)
    members = split_types(t[1:-1])
    if not members:
        return b"\0"
    body, ends = b"", []
    for i, (m, v) in enumerate(zip(members, value)):
        body += b"\0" * (pad(len(body), alignment(m)) - len(body))
        body += serialize(m, v)
        if fixed_size(m) is None and i < len(members) - 1:
            ends.append(len(body))
    size = fixed_size(t)
    if size is not None:
        return body + b"\0" * (size - len(body))
    return with_offsets(body, ends, False)


def read_offset(data, at, size):
    return int.from_bytes(data[at:at + size], "little")


def deserialize(t, data):
    if t in FIXED:
        return struct.unpack("<" + FIXED[t][1], data)[0]
    if t in "sog":
        assert data.endswith(b"\0"), "string without its NUL"
        return data[:-1].decode()
    if t == "v":
        nul = data.rindex(b"\0")
        inner_type = data[nul + 1:].decode()
        return (inner_type, deserialize(inner_type, data[:nul]))
    if t[0] == "a":
        elem = t[1:]
        size = fixed_size(elem)
        if size is not None:
            items = [deserialize(elem, data[i:i + size]) for i in range(0, len(data), size)]
        elif not data:
            items = []
        else:
            osize = offset_size(len(data))
            last_end = read_offset(data, len(data) - osize, osize)
            n = (len(data) - last_end) // osize
            items, start = [], 0
            for k in range(n):
                end = read_offset(data, last_end + k * osize, osize)
                start = pad(start, alignment(elem))
                items.append(deserialize(elem, data[start:end]))
                start = end
        return dict(items) if elem.startswith("{") else items
    members = split_types(t[1:-1])
    if not members:
        return ()
    osize = offset_size(len(data))
    values, pos, used = [], 0, 0
    n_offsets = sum(1 for i, m in enumerate(members) if fixed_size(m) is None and i < len(members) - 1)
    for i, m in enumerate(members):
        pos = pad(pos, alignment(m))
        size = fixed_size(m)
        if size is not None:
            end = pos + size
        elif i == len(members) - 1:
            end = len(data) - osize * n_offsets
        else:
            used += 1
            end = read_offset(data, len(data) - osize * used, osize)
        values.append(deserialize(m, data[pos:end]))
        pos = end
    return tuple(values)


# ---- messages, sections 2 to 8 -------------------------------------------

class Peer:
    def __init__(self, sock):
        self.sock = sock
        self.serial = 0
        self.expect_serial = 1
        self.buf = b""

    def send(self, mtype, body_type, body, reply_serial=0, flags=0, fds=()):
        self.serial = self.serial % 0xFFFFFFFF + 1  # section 2.4: after 0xFFFFFFFF comes 1
        data = serialize(body_type, body)
        header = HEADER.pack(b"LBRG", 1, mtype, flags, self.serial, reply_serial, len(data), len(fds), 0)
        if fds:
            # Section 6: the fds go with the first byte of the header.
            sent = socket.send_fds(self.sock, [header + data], fds)
            self.sock.sendall((header + data)[sent:])
        else:
            self.sock.sendall(header + data)
        return self.serial

    def recv(self):
        while True:
            if len(self.buf) >= HEADER.size:
                magic, version, mtype, flags, serial, reply_serial, size, n_fds, reserved = \
                    HEADER.unpack_from(self.buf)
                if len(self.buf) >= HEADER.size + size:
                    assert magic == b"LBRG" and version == 1 and reserved == 0, "bad header"
                    assert serial == self.expect_serial, f"serial {serial}, expected {self.expect_serial}"
                    assert n_fds == 0
                    self.expect_serial = self.expect_serial % 0xFFFFFFFF + 1
                    body = self.buf[HEADER.size:HEADER.size + size]
                    self.buf = self.buf[HEADER.size + size:]
                    body_type = {HELLO: "(uusasa{sv})", CALL: "(ssv)", REPLY: "(v)",
                                 ERROR: "(sis)", EVENT: "(ssv)", BYE: "(us)"}[mtype]
                    return mtype, reply_serial, deserialize(body_type, body)
            chunk = self.sock.recv(65536)
            if not chunk:
                return None
            self.buf += chunk

    def call(self, interface, method, args_type, args):
        serial = self.send(CALL, "(ssv)", (interface, method, (args_type, args)))
        while True:
            msg = self.recv()
            assert msg is not None, f"{method}: connection closed"
            mtype, reply_serial, body = msg
            if mtype in (REPLY, ERROR) and reply_serial == serial:
                return mtype, body
            assert mtype == EVENT, f"unexpected message type {mtype}"


def check(condition, what):
    if not condition:
        print(f"FAIL: {what}")
        sys.exit(1)
    print(f"ok: {what}")


def main():
    host, plugin = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    # Hosts hand over fd 3 (section 10.4); LIBBRIDGE_FD names the number,
    # so this peer passes its end where Python puts it.
    env = dict(os.environ, LIBBRIDGE_FD=str(plugin.fileno()))
    proc = subprocess.Popen([sys.argv[1]], env=env, pass_fds=(plugin.fileno(),))
    plugin.close()
    peer = Peer(host)

    # Section 4: both HELLOs, versions 1 to 1. Section 3.2: a receiver
    # ignores option keys it does not know.
    peer.send(HELLO, "(uusasa{sv})", (1, 1, "protocol-peer.py", [], {"x-future-option": ("u", 7)}))
    mtype, _, (vmin, vmax, name, interfaces, options) = peer.recv()
    check(mtype == HELLO and (vmin, vmax) == (1, 1), "HELLO with versions 1..1")
    check(name == "clock" and interfaces == [CLOCK], f"plugin says it is {name!r} with {interfaces}")

    mtype, body = peer.call(CLOCK, "Add", "(ii)", (2, 40))
    check(mtype == REPLY and body == (("(i)", (42,)),), "Add(2, 40) = 42")

    mtype, body = peer.call(CLOCK, "Echo", "(s)", ("héllo, bridge",))
    check(body == (("(s)", ("héllo, bridge",)),), "Echo returns its UTF-8 argument")

    mtype, body = peer.call(CLOCK, "Add", "(s)", ("two",))
    check(mtype == ERROR and body[0] == "bridge-error-quark" and body[1] == 5,
          f"Add('two') is INVALID_ARGS: {body}")

    mtype, body = peer.call(CLOCK, "Missing", "()", ())
    check(mtype == ERROR and body[1] == 4, "an unknown method is UNKNOWN_METHOD")

    mtype, body = peer.call("org.libbridge.Peer1", "Ping", "()", ())
    check(mtype == REPLY and body == (("()", ()),), "Peer1.Ping")

    # Section 2.3: a CALL with NO_REPLY gets no answer, not even an error;
    # the Ping after it is the next thing answered.
    quiet = peer.send(CALL, "(ssv)", (CLOCK, "Add", ("(ii)", (1, 1))), flags=NO_REPLY)
    quiet_error = peer.send(CALL, "(ssv)", (CLOCK, "Missing", ("()", ())), flags=NO_REPLY)
    ping = peer.send(CALL, "(ssv)", ("org.libbridge.Peer1", "Ping", ("()", ())))
    mtype, reply_serial, body = peer.recv()
    check(mtype == REPLY and reply_serial == ping and reply_serial not in (quiet, quiet_error),
          f"section 2.3: NO_REPLY calls are not answered (next answer is to {reply_serial})")

    mtype, body = peer.call("org.libbridge.Peer1", "Ping", "(i)", (1,))
    check(mtype == ERROR and body[1] == 5, f"section 5: Ping((i)) is INVALID_ARGS: {body}")

    # Section 6: fds no `h` argument refers to still belong to the message.
    r, w = os.pipe()
    serial = peer.send(CALL, "(ssv)", (CLOCK, "Echo", ("(s)", ("fd",))), fds=[r])
    os.close(r)
    os.close(w)
    while True:
        mtype, reply_serial, body = peer.recv()
        if reply_serial == serial:
            break
    check(mtype == REPLY, "section 6: a call with an fd and no h argument is answered")

    mtype, body = peer.call("org.libbridge.Peer1", "Describe", "()", ())
    (desc_type, (pname, ifaces)), = body
    methods = {m[0]: (m[1], m[2]) for m in ifaces[0][1]}
    check(desc_type == "(sa(sa(sss)a(ss)))" and ifaces[0][0] == CLOCK and methods["Add"] == ("(ii)", "(i)")
          and ifaces[0][2] == [("Tick", "(x)")], "Peer1.Describe lists Add and Tick")

    # Events: ask for a tick every 20 ms and wait for one.
    peer.call(CLOCK, "SetTickInterval", "(u)", (20,))
    while True:
        mtype, _, body = peer.recv()
        if mtype == EVENT:
            break
    check(body[0] == CLOCK and body[1] == "Tick" and body[2][0] == "(x)", f"a Tick event: {body}")

    # Section 8: say goodbye; the plugin must exit (section 10.4).
    peer.send(BYE, "(us)", (1, "done"))
    host.close()
    check(proc.wait(timeout=10) == 0, "the plugin exits with status 0 when its host leaves")


def start_plugin():
    host, plugin = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    env = dict(os.environ, LIBBRIDGE_FD=str(plugin.fileno()))
    proc = subprocess.Popen([sys.argv[1]], env=env, pass_fds=(plugin.fileno(),))
    plugin.close()
    return proc, Peer(host)


def expect_bye(proc, peer, reason, what):
    """Reads until the plugin's BYE; checks its reason and that it exits."""
    while True:
        msg = peer.recv()
        if msg is None or msg[0] == BYE:
            break
    check(msg is not None and msg[2][0] == reason, f"{what}: BYE {msg[2] if msg else None}")
    peer.sock.close()
    proc.wait(timeout=10)


def nested(depth):
    """CALL arguments nested `depth` deep in all (section 3, "Nesting"):
    (ssv) is 1, its v 2, the arguments' tuple 3, each v inside one more, the
    plain value inside the last v nothing."""
    t, v = "i", 1
    for _ in range(depth - 3):
        t, v = "v", (t, v)
    return "(" + t + ")", (v,)


def cases():
    """The cases PROTOCOL.md settles, one plugin each."""
    hello = (1, 1, "protocol-peer.py", [], {})

    proc, peer = start_plugin()
    peer.send(HELLO, "(uusasa{sv})", (1, 1, "p", ["org.b.B1", "org.a.A1"], {}))
    expect_bye(proc, peer, 3, "section 3.2: unsorted HELLO interfaces are a protocol violation")

    proc, peer = start_plugin()
    peer.send(HELLO, "(uusasa{sv})", (1, 1, "p", ["org.a.A1", "org.a.A1"], {}))
    expect_bye(proc, peer, 3, "section 3.2: a HELLO interface listed twice is a protocol violation")

    proc, peer = start_plugin()
    peer.send(HELLO, "(uusasa{sv})", (1, 0, "p", [], {}))
    expect_bye(proc, peer, 6, "section 4: minimum above maximum version is handshake-failed")

    proc, peer = start_plugin()
    peer.send(HELLO, "(uusasa{sv})", hello)
    peer.send(EVENT, "(ssv)", (CLOCK, "Hi", ("()", ())), flags=NO_REPLY)
    expect_bye(proc, peer, 3, "section 2.3: NO_REPLY on an EVENT is a protocol violation")

    proc, peer = start_plugin()
    peer.send(HELLO, "(uusasa{sv})", hello)
    peer.send(CALL, "(ssv)", ("org.libbridge.Peer1", "Ping", ("()", ())), reply_serial=7)
    expect_bye(proc, peer, 3, "section 2.1: a CALL with a reply_serial is a protocol violation")

    proc, peer = start_plugin()
    peer.send(HELLO, "(uusasa{sv})", hello)
    peer.recv()  # its HELLO
    mtype, body = peer.call(CLOCK, "Echo", *nested(64))
    check(mtype == ERROR and body[1] == 5, "section 3: a body 64 deep is read (and answered)")
    peer.send(CALL, "(ssv)", (CLOCK, "Echo", nested(65)))
    expect_bye(proc, peer, 4, "section 3: a body 65 deep is limit-exceeded")

    proc, peer = start_plugin()
    peer.send(HELLO, "(uusasa{sv})", hello)
    peer.recv()  # its HELLO
    peer.send(BYE, "(us)", (99, "a reason from the future"))
    check(peer.recv() is None and proc.wait(timeout=10) == 0,
          "section 8: a BYE with an unknown reason is a goodbye: the plugin leaves")


if __name__ == "__main__":
    main()
    cases()
