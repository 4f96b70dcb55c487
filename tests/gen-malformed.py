#!/usr/bin/python3
"""Writes the malformed-message corpus: a few thousand messages, each with
the verdict docs/PROTOCOL.md gives it.

    gen-malformed.py OUTPUT

Each case is what a peer sends right after a good handshake (its HELLO
had serial 1): one message, mostly broken in one way. The verdict comes
from the specification, not from libbridge: header rules from sections
2.1 to 2.4, 6 and 9 written out here, bodies judged by GLib's own
normal-form check (section 12) and the checks of section 3. Verdicts:

    ok            the connection stays up; the next serial is as given
    close:R       the connection closes with reason R (section 8), and
    close:R:TEXT  its message says TEXT

tests/test-malformed.c replays every case against a real connection.
One line per case: NAME, VERDICT, NEXT_SERIAL, HEX, tab-separated.
"""

import struct
import sys

import gi

gi.require_version("GLib", "2.0")
from gi.repository import GLib  # noqa: E402

HELLO, CALL, REPLY, ERROR, EVENT, BYE = 1, 2, 3, 4, 5, 6
NO_REPLY = 0x0001
BODY_TYPES = {HELLO: "(uusasa{sv})", CALL: "(ssv)", REPLY: "(v)", ERROR: "(sis)",
              EVENT: "(ssv)", BYE: "(us)"}
HEADER = struct.Struct("<4sBBHIIIHH")
MESSAGE_LIMIT = 16 * 1024 * 1024  # section 9
FD_LIMIT = 16
NESTING_LIMIT = 64
# Close reasons, section 8.
PEER_GONE, VIOLATION, LIMIT = 2, 3, 4

cases = []


def header(mtype, body_size, serial=2, reply_serial=0, flags=0, n_fds=0, magic=b"LBRG",
           version=1, reserved=0):
    return HEADER.pack(magic, version, mtype, flags, serial, reply_serial, body_size, n_fds,
                       reserved)


def body(mtype, value):
    return GLib.Variant(BODY_TYPES[mtype], value).get_data_as_bytes().get_data()


def add(name, verdict, data, next_serial=3):
    cases.append((name, verdict, next_serial, data))


def good_name(name):
    """Section 3.1."""
    return 1 <= len(name) <= 255 and all(c.isascii() and (c.isalnum() or c in "_.-")
                                         for c in name)


def depth(v):
    """Section 3, item 2: nesting counted from the type, walking only into
    variants. Returns None where a variant sits inside an array or maybe
    (the corpus keeps away from that corner; test-hostile covers it)."""
    t = v.get_type_string()
    if t[0] in "ybnqiuxtdhsog":
        return 0
    if t == "v":
        inner = depth(v.get_variant())
        return None if inner is None else 1 + inner
    if t[0] in "am":
        return None if "v" in t else type_depth(t)
    members = [depth(v.get_child_value(i)) for i in range(v.n_children())]
    if None in members:
        return None
    return 1 + max(members, default=0)


def type_depth(t):
    if t[0] in "ybnqiuxtdhsog":
        return 0
    if t[0] in "am":
        return 1 + type_depth(t[1:])
    members, i = [], 1
    while t[i] not in ")}":
        sub = first_type(t[i:])
        members.append(type_depth(sub))
        i += len(sub)
    return 1 + max(members, default=0)


def first_type(t):
    """The first complete type of a type string."""
    if t[0] in "am":
        return t[0] + first_type(t[1:])
    if t[0] in "({":
        i = 1
        while t[i] not in ")}":
            i += len(first_type(t[i:]))
        return t[:i + 1]
    return t[0]


def body_verdict(mtype, data):
    """What section 3 says of a body of type mtype, bytes data."""
    vtype = GLib.VariantType(BODY_TYPES[mtype])
    v = GLib.Variant.new_from_bytes(vtype, GLib.Bytes.new(data), False)
    if not v.is_normal_form():
        return f"close:{VIOLATION}"
    d = depth(v)
    if d is None:
        return None  # undecided by this generator: left out
    if d > NESTING_LIMIT:
        return f"close:{LIMIT}"
    if mtype in (CALL, EVENT):
        iface, member = v.get_child_value(0).get_string(), v.get_child_value(1).get_string()
        if not good_name(iface) or not good_name(member):
            return f"close:{VIOLATION}"
        if not v.get_child_value(2).get_variant().get_type_string().startswith("("):
            return f"close:{VIOLATION}"
        return "ok"
    if mtype == BYE:
        return f"close:{PEER_GONE}"
    raise AssertionError(mtype)


def message(mtype, data, **kw):
    return header(mtype, len(data), **kw) + data


CALL_PING = body(CALL, ("org.libbridge.Peer1", "Ping", GLib.Variant("()", ())))
CALL_ARGS = body(CALL, ("org.example.Nobody1", "DoIt", GLib.Variant("(is)", (7, "abc"))))
EVENT_HI = body(EVENT, ("org.example.Raw1", "Hi", GLib.Variant("(i)", (5,))))
EVENT_NESTED = body(EVENT, ("org.example.Raw1", "Deep",
                            GLib.Variant("(vas)", (GLib.Variant("u", 9), ["x", "yz"]))))
CALL_DICT = body(CALL, ("org.example.Nobody1", "Set",
                       GLib.Variant("(a{sv}s)", ({"k": GLib.Variant("s", "v"), "n": GLib.Variant("x", -2)},
                                                 "tail"))))
EVENT_BYTES = body(EVENT, ("org.example.Raw1", "Blob", GLib.Variant("(ayq)", (b"\x00\x01\x02pixels", 513))))
BYE_DONE = body(BYE, (1, "done"))


def header_cases():
    good = EVENT_HI
    for pos in range(4):
        for value in (0x00, 0x01, 0x20, 0x41, 0x4c, 0x62, 0x7f, 0x80, 0xfe, 0xff):
            magic = bytearray(b"LBRG")
            if magic[pos] == value:
                continue
            magic[pos] = value
            add(f"magic byte {pos} = {value:#04x}", f"close:{VIOLATION}:bad magic",
                message(EVENT, good, magic=bytes(magic)))
    for version in [0] + list(range(2, 256)):
        add(f"version {version}", f"close:{VIOLATION}:unsupported protocol version {version}",
            message(EVENT, good, version=version))
    for mtype in [0] + list(range(7, 256)):
        add(f"type {mtype}", f"close:{VIOLATION}:unknown message type {mtype}",
            message(mtype, good))
    for mtype, data in ((CALL, CALL_PING), (EVENT, good), (BYE, BYE_DONE)):
        for bit in range(1, 16):
            add(f"type {mtype} flag bit {bit}", f"close:{VIOLATION}:unknown flags",
                message(mtype, data, flags=1 << bit))
        for flags in (0xfffe, 0xffff, 0x8001, 0x0003, 0x5555, 0xaaaa):
            add(f"type {mtype} flags {flags:#06x}", f"close:{VIOLATION}:unknown flags",
                message(mtype, data, flags=flags))
    for mtype, data in ((EVENT, good), (BYE, BYE_DONE)):
        add(f"NO_REPLY on type {mtype}", f"close:{VIOLATION}:NO_REPLY", message(mtype, data, flags=NO_REPLY))
    add("NO_REPLY on a CALL: no answer", "ok", message(CALL, CALL_PING, flags=NO_REPLY))
    add("NO_REPLY on a CALL nobody serves", "ok", message(CALL, CALL_ARGS, flags=NO_REPLY))
    for which in (0, 1):
        for value in (0x01, 0x02, 0x10, 0x80, 0xff):
            reserved = value << (8 * which)
            add(f"reserved byte {22 + which} = {value:#04x}", f"close:{VIOLATION}:reserved header bytes",
                message(EVENT, good, reserved=reserved))
    add("serial 0", f"close:{VIOLATION}:serial 0 is reserved", message(EVENT, good, serial=0))
    add("serial repeated", f"close:{VIOLATION}:has serial 1, expected 2", message(EVENT, good, serial=1))
    for serial in list(range(3, 40)) + [1000, 0x7fffffff, 0xfffffffe, 0xffffffff]:
        add(f"serial {serial} skips ahead", f"close:{VIOLATION}:has serial {serial}, expected 2",
            message(EVENT, good, serial=serial))
    for mtype, data in ((CALL, CALL_PING), (EVENT, good), (BYE, BYE_DONE)):
        for rs in (1, 2, 3, 99, 0xffffffff):
            add(f"type {mtype} with reply serial {rs}", f"close:{VIOLATION}:reply serial",
                message(mtype, data, reply_serial=rs))
    reply = body(REPLY, (GLib.Variant("()", ()),))
    error = body(ERROR, ("bridge-error-quark", 4, "no"))
    for mtype, data in ((REPLY, reply), (ERROR, error)):
        add(f"type {mtype} with reply serial 0", f"close:{VIOLATION}", message(mtype, data, reply_serial=0))
        # Section 2.4: serial 1 was the HELLO, sent but no call: dropped
        # quietly; any serial above it was never sent: a violation.
        add(f"type {mtype} answers serial 1, the HELLO", "ok", message(mtype, data, reply_serial=1))
        for rs in list(range(2, 30)) + [1000, 0xffffffff]:
            add(f"type {mtype} answers serial {rs}, never sent", f"close:{VIOLATION}:never sent",
                message(mtype, data, reply_serial=rs))
    for size in (MESSAGE_LIMIT - HEADER.size + 1, MESSAGE_LIMIT, MESSAGE_LIMIT + 1, 0x7fffffff,
                 0xfffffffe, 0xffffffff):
        add(f"body size {size} declared", f"close:{LIMIT}:over the limit", header(EVENT, size))
    for n_fds in range(FD_LIMIT + 1, FD_LIMIT + 20):
        add(f"{n_fds} fds declared", f"close:{LIMIT}:carries {n_fds} fds", message(EVENT, good, n_fds=n_fds))
    for n_fds in (1, 2, 16):
        add(f"{n_fds} fds declared, none sent", f"close:{VIOLATION}:declares {n_fds} fds but 0 arrived",
            message(EVENT, good, n_fds=n_fds))
    for mtype, data in ((BYE, BYE_DONE), (ERROR, error), (HELLO, body(HELLO, (1, 1, "x", [], {})))):
        add(f"type {mtype} declaring an fd", f"close:{VIOLATION}:may not carry fds",
            message(mtype, data, n_fds=1, reply_serial=1 if mtype == ERROR else 0))
    hello = body(HELLO, (1, 1, "again", [], {}))
    add("a second HELLO", f"close:{VIOLATION}", message(HELLO, hello))


def body_cases():
    for label, mtype, good in (("Ping call", CALL, CALL_PING), ("call (is)", CALL, CALL_ARGS),
                               ("event (i)", EVENT, EVENT_HI), ("event (vas)", EVENT, EVENT_NESTED),
                               ("call (a{sv}s)", CALL, CALL_DICT), ("event (ayq)", EVENT, EVENT_BYTES),
                               ("bye", BYE, BYE_DONE)):
        variants = []
        for n in range(len(good)):
            variants.append((f"{label} cut to {n} bytes", good[:n]))
        for pos in range(len(good)):
            for mask, how in ((0xff, "inverted"), (0x01, "low bit flipped"), (0x80, "high bit flipped")):
                mutated = bytearray(good)
                mutated[pos] ^= mask
                variants.append((f"{label} byte {pos} {how}", bytes(mutated)))
            if good[pos] != 0:
                mutated = bytearray(good)
                mutated[pos] = 0
                variants.append((f"{label} byte {pos} zeroed", bytes(mutated)))
        for extra in (b"\0", b"\0\0\0\0", b"x"):
            variants.append((f"{label} with {len(extra)} bytes more", good + extra))
        for name, data in variants:
            verdict = body_verdict(mtype, data)
            if verdict is not None:
                add(name, verdict, message(mtype, data))


def name_cases():
    def event(iface, member, args=GLib.Variant("()", ())):
        return message(EVENT, body(EVENT, (iface, member, args)))

    add("interface name empty", f"close:{VIOLATION}", event("", "Hi"))
    add("event name empty", f"close:{VIOLATION}", event("org.a.B1", ""))
    add("interface name 255 bytes", "ok", event("o" * 255, "Hi"))
    add("interface name 256 bytes", f"close:{VIOLATION}", event("o" * 256, "Hi"))
    add("event name 255 bytes", "ok", event("org.a.B1", "E" * 255))
    add("event name 256 bytes", f"close:{VIOLATION}", event("org.a.B1", "E" * 256))
    for c in " !\"#$%&'()*+,/:;<=>?@[\\]^`{|}~\t\x01\x7fé":
        add(f"interface name with {c!r}", f"close:{VIOLATION}", event(f"org.a{c}b.C1", "Hi"))
        add(f"event name with {c!r}", f"close:{VIOLATION}", event("org.a.B1", f"H{c}i"))
    for c in "_.-09AZaz":
        add(f"names with {c!r}", "ok", event(f"org.a{c}b.C1", f"H{c}i"))
    for t, value in (("i", 1), ("s", "x"), ("as", ["a"]), ("a{sv}", {}), ("v", GLib.Variant("i", 1)),
                     ("ay", b"xy"), ("mi", 3), ("b", True)):
        add(f"event arguments not a tuple but {t}", f"close:{VIOLATION}",
            message(EVENT, body(EVENT, ("org.a.B1", "Hi", GLib.Variant(t, value)))))
        add(f"call arguments not a tuple but {t}", f"close:{VIOLATION}",
            message(CALL, body(CALL, ("org.a.B1", "Hi", GLib.Variant(t, value)))))


def nesting_cases():
    # (ssv) 1, its v 2, the arguments tuple 3, then k variants: 3 + k.
    for k in range(1, 70):
        inner = GLib.Variant("i", 7)
        for _ in range(k):
            inner = GLib.Variant("v", inner)
        d = 3 + k
        add(f"arguments nest {k} variants ({d} deep)", "ok" if d <= NESTING_LIMIT else f"close:{LIMIT}",
            message(EVENT, body(EVENT, ("org.a.B1", "Deep", GLib.Variant.new_tuple(inner)))))
    # An empty array of k levels in the arguments: 3 + k.
    for k in range(1, 66):
        t = "a" * k + "i"
        d = 3 + k
        add(f"arguments hold an empty {t} ({d} deep)", "ok" if d <= NESTING_LIMIT else f"close:{LIMIT}",
            message(EVENT, body(EVENT, ("org.a.B1", "Deep", GLib.Variant.new_tuple(GLib.Variant(t, []))))))


def main():
    header_cases()
    body_cases()
    name_cases()
    nesting_cases()
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        out.write(f"# {len(cases)} cases from tests/gen-malformed.py; NAME VERDICT NEXT_SERIAL HEX\n")
        for name, verdict, next_serial, data in cases:
            out.write(f"{name}\t{verdict}\t{next_serial}\t{data.hex()}\n")
    print(f"{len(cases)} cases written to {sys.argv[1]}")


if __name__ == "__main__":
    main()
