#!/usr/bin/python3
# test-python.py: libbridge through GObject Introspection, from Python
#
# A host in Python drives the C clock plugin and the video plugin; a plugin
# in Python (examples/python/text-plugin.py) serves a host in Python and
# bridgectl in C. Run by meson with GI_TYPELIB_PATH and LD_LIBRARY_PATH
# pointing at <builddir>/libbridge, under tests/run-test.sh (own HOME and
# XDG_RUNTIME_DIR), with Debian's /usr/bin/python3 and python3-gi.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import hashlib
import os
import re
import select
import subprocess
import sys
import tempfile
import unittest

import gi

gi.require_version("Bridge", "1.0")
from gi.repository import Bridge, Gio, GLib  # noqa: E402

CLOCK = "org.libbridge.example.Clock1"
TEXT = "org.libbridge.example.Text1"
VIDEO = "org.libbridge.Video1"
WATCHDOG_MS = 20000

SRCDIR = os.environ["BRIDGE_TEST_SRCDIR"]
BUILDDIR = os.environ["BRIDGE_TEST_BUILDDIR"]
EXAMPLES = os.path.join(SRCDIR, "..", "examples", "python")
BRIDGECTL = os.path.join(BUILDDIR, "..", "tools", "bridgectl")
MEDIA = os.environ.get("BRIDGE_TEST_MEDIA", "")
SAMPLE = os.path.join(MEDIA, "sample-vp8.webm")


def wait_until(condition, timeout_ms=WATCHDOG_MS):
    """Iterates the default main context until condition() holds or the
    watchdog fires; returns condition(). A safety net, not a measurement."""
    expired = []
    source = GLib.timeout_add(timeout_ms, lambda: expired.append(True) or GLib.SOURCE_REMOVE)
    context = GLib.MainContext.default()
    while not condition() and not expired:
        context.iteration(True)
    if not expired:
        GLib.source_remove(source)
    return condition()


def wait_for_exit(pid, timeout_s=WATCHDOG_MS / 1000):
    """Waits for a process that is not our child to end, on its pidfd."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        readable, _, _ = select.select([fd], [], [], timeout_s)
        return bool(readable)
    finally:
        os.close(fd)


def box_colour(pts_ns):
    """The colour of the sample media's box at a time (video-plugin/media)."""
    return ["red", "green", "blue"][min(2, max(0, int(pts_ns // 1_000_000_000)))]


def nearest_colour(r, g, b):
    colours = {"red": (255, 0, 0), "green": (0, 255, 0), "blue": (0, 0, 255)}
    return min(colours, key=lambda c: sum((x - y) ** 2 for x, y in zip(colours[c], (r, g, b))))


def call(connection, interface, method, signature=None, *values):
    args = GLib.Variant(signature, values) if signature else None
    reply, _fds = connection.call_sync(interface, method, args, None, Bridge.TIMEOUT_DEFAULT, None)
    return reply.unpack()


class RegistryTestCase(unittest.TestCase):
    def setUp(self):
        self.registry = Bridge.Registry.new()
        self.connections = []

    def tearDown(self):
        for connection in self.connections:
            pid = connection.get_peer_pid()
            connection.close()
            # Every plugin a test started ends with its connection.
            self.assertTrue(wait_for_exit(pid), f"plugin pid {pid} outlived its host")

    def connect_to(self, name, flags=Bridge.ConnectFlags.NONE):
        info = self.registry.find_by_name(name)
        self.assertIsNotNone(info, f"no plugin {name} on {self.registry.get_search_path()}")
        connection = self.registry.connect_sync(info, flags, None)
        self.connections.append(connection)
        return connection


class LiveRegistry(unittest.TestCase):
    """The registry as a Gio.ListModel that follows its folders."""

    def test_list_model(self):
        registry = Bridge.Registry.new()
        self.assertIsInstance(registry, Gio.ListModel)
        self.assertEqual(registry.get_item_type(), Bridge.PluginInfo.__gtype__)
        names = [info.props.name for info in registry]
        self.assertIn("clock", names)
        self.assertEqual(names, sorted(names))
        clock = registry.find_by_name("clock")
        self.assertIn(CLOCK, clock.props.interfaces)
        self.assertEqual(clock.props.manifest_path, clock.get_path())
        self.assertIsInstance(clock.props.live, bool)

    def test_follows_folder(self):
        with tempfile.TemporaryDirectory(dir=os.environ["HOME"]) as folder:
            registry = Bridge.Registry.new_for_path([folder])
            changes = []
            registry.connect("items-changed", lambda model, *change: changes.append(change))
            self.assertEqual(registry.get_n_items(), 0)
            path = os.path.join(folder, "py.plugin")
            manifest = "[Plugin]\nName=py\nDescription={}\nExec=true\nInterfaces=org.example.Py1;\n"
            # Temporary file, then a rename: never seen half-written.
            with open(path + ".tmp", "w") as f:
                f.write(manifest.format("first"))
            os.rename(path + ".tmp", path)
            self.assertTrue(wait_until(lambda: registry.get_n_items() == 1), "py.plugin not seen")
            self.assertEqual(changes, [(0, 0, 1)])
            info = registry.get_item(0)
            notified = []
            info.connect("notify::description", lambda *args: notified.append(info.props.description))
            with open(path + ".tmp", "w") as f:
                f.write(manifest.format("second"))
            os.rename(path + ".tmp", path)
            self.assertTrue(wait_until(lambda: notified), "no notify::description")
            self.assertEqual(notified, ["second"])
            os.unlink(path)
            self.assertTrue(wait_until(lambda: registry.get_n_items() == 0), "py.plugin still listed")
            self.assertEqual(changes, [(0, 0, 1), (0, 1, 0)])


class CPluginFromPython(RegistryTestCase):
    """The C clock plugin, driven from Python."""

    def test_calls(self):
        clock = self.connect_to("clock")
        self.assertEqual(clock.get_peer_name(), "clock")
        self.assertIn(CLOCK, clock.get_peer_interfaces())
        self.assertEqual(call(clock, CLOCK, "Add", "(ii)", 2, 40), (42,))
        self.assertEqual(call(clock, CLOCK, "Echo", "(s)", "grüße"), ("grüße",))

    def test_errors_come_back_as_glib_errors(self):
        clock = self.connect_to("clock")
        with self.assertRaises(GLib.Error) as caught:
            call(clock, CLOCK, "Add", "(ii)", 2**31 - 1, 1)
        self.assertEqual(caught.exception.domain, "bridge-error-quark")
        self.assertEqual(caught.exception.code, Bridge.Error.INVALID_ARGS)
        self.assertIn("does not fit in 32 bits", caught.exception.message)
        with self.assertRaises(GLib.Error) as caught:
            call(clock, CLOCK, "Add", "(s)", "two")
        self.assertEqual(caught.exception.code, Bridge.Error.INVALID_ARGS)
        # Semantic failures keep the connection (docs/PROTOCOL.md 8).
        self.assertEqual(call(clock, CLOCK, "Add", "(ii)", 1, 1), (2,))

    def test_events(self):
        clock = self.connect_to("clock")
        ticks = []
        clock.connect("event::Tick", lambda c, iface, event, args, fds: ticks.append(args.unpack()[0]))
        call(clock, CLOCK, "SetTickInterval", "(u)", 10)
        self.assertTrue(wait_until(lambda: len(ticks) >= 3), "fewer than 3 Tick events arrived")
        self.assertTrue(all(isinstance(t, int) and t > 0 for t in ticks), ticks)

    def test_closed_signal_and_is_closed_property(self):
        # The property is "is-closed", so that it does not hide the
        # "closed" signal from bindings (Vala drops one of the two).
        clock = self.connect_to("clock")
        reasons = []
        clock.connect("closed", lambda c, reason, message: reasons.append(reason))
        self.assertFalse(clock.props.is_closed)
        self.assertFalse(hasattr(clock.props, "closed"))
        clock.close()
        self.assertTrue(clock.props.is_closed)
        self.assertTrue(clock.is_closed())
        self.assertTrue(wait_until(lambda: reasons), "no closed signal")
        self.assertEqual(reasons, [Bridge.CloseReason.LOCAL])


class PythonPlugin(RegistryTestCase):
    """examples/python/text-plugin.py, a plugin in Python."""

    def test_manifest_found(self):
        info = self.registry.find_by_interface(TEXT)
        self.assertIsNotNone(info, "pytext.plugin is not on LIBBRIDGE_PLUGIN_PATH")
        self.assertEqual(info.get_name(), "pytext")
        self.assertTrue(info.get_exec().startswith("'/usr/bin/python3' "), info.get_exec())

    def test_methods(self):
        text = self.connect_to("pytext")
        self.assertEqual(call(text, TEXT, "Upper", "(s)", "plugins are not tied to C"),
                         ("PLUGINS ARE NOT TIED TO C",))
        self.assertEqual(call(text, TEXT, "Count", "(s)", "two words"), (2, 9))
        self.assertEqual(call(text, TEXT, "Digest", "(ss)", "sha256", "abc"),
                         (hashlib.sha256(b"abc").hexdigest(),))

    def test_reply_later(self):
        text = self.connect_to("pytext")
        self.assertEqual(call(text, TEXT, "Later", "(us)", 20, "eventually"), ("eventually",))

    def test_error_reply(self):
        text = self.connect_to("pytext")
        with self.assertRaises(GLib.Error) as caught:
            call(text, TEXT, "Digest", "(ss)", "rot13", "abc")
        self.assertEqual(caught.exception.domain, "bridge-error-quark")
        self.assertEqual(caught.exception.code, Bridge.Error.INVALID_ARGS)
        self.assertIn("unknown digest algorithm 'rot13'", caught.exception.message)
        # Checked by libbridge before the Python handler runs.
        with self.assertRaises(GLib.Error) as caught:
            call(text, TEXT, "Upper", "(i)", 1)
        self.assertEqual(caught.exception.code, Bridge.Error.INVALID_ARGS)
        with self.assertRaises(GLib.Error) as caught:
            call(text, TEXT, "Lower", "(s)", "x")
        self.assertEqual(caught.exception.code, Bridge.Error.UNKNOWN_METHOD)

    def test_event(self):
        text = self.connect_to("pytext")
        counted = []
        text.connect("event::Counted", lambda c, iface, event, args, fds: counted.append(args.unpack()))
        call(text, TEXT, "Count", "(s)", "a b c")
        self.assertTrue(wait_until(lambda: counted), "no Counted event")
        self.assertEqual(counted, [(3, 5)])

    def test_describe(self):
        text = self.connect_to("pytext")
        name, interfaces = call(text, "org.libbridge.Peer1", "Describe")
        self.assertEqual(name, "pytext")
        self.assertEqual(interfaces[0][0], TEXT)
        self.assertIn(("Digest", "(ss)", "(s)"), interfaces[0][1])
        self.assertEqual(interfaces[0][2], [("Counted", "(uu)")])

    def test_called_from_c(self):
        # bridgectl is C through and through: the plugin's language is
        # invisible on the wire.
        out = subprocess.run([BRIDGECTL, "call", "pytext", TEXT + ".Upper", "from c"],
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout, "('FROM C',)\n")
        out = subprocess.run([BRIDGECTL, "introspect", "pytext"], capture_output=True, text=True,
                             timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("  method Count (s) -> (uu)\n", out.stdout)
        self.assertIn("  event  Counted (uu)\n", out.stdout)

    def test_listening_instance_serves_two_hosts(self):
        # Started by hand, the Python plugin listens like a C one.
        start = subprocess.Popen([BRIDGECTL, "start", "pytext"], stdout=subprocess.PIPE, text=True)
        try:
            line = start.stdout.readline()
            self.assertIn("pytext listening on ", line)
            first = self.connect_to("pytext", Bridge.ConnectFlags.NO_START)
            second = self.connect_to("pytext", Bridge.ConnectFlags.NO_START)
            self.assertEqual(first.get_peer_pid(), second.get_peer_pid())
            seen = []
            second.connect("event::Counted", lambda *args: seen.append(args[3].unpack()))
            # The plugin sends events to a host once it has read that host's
            # HELLO; a round trip on the second connection makes sure.
            call(second, "org.libbridge.Peer1", "Ping")
            call(first, TEXT, "Count", "(s)", "one")
            self.assertTrue(wait_until(lambda: seen), "the other host got no Counted event")
            self.assertEqual(seen, [(1, 3)])
        finally:
            for connection in self.connections:
                connection.close()
            self.connections = []
            start.send_signal(2)
            self.assertEqual(start.wait(timeout=WATCHDOG_MS / 1000), 0)
            start.stdout.close()


@unittest.skipUnless(os.path.exists(SAMPLE), f"no sample media at {SAMPLE} (video plugin not built)")
class VideoFromPython(RegistryTestCase):
    """The GStreamer video plugin, driven from Python."""

    def test_frames_reach_python(self):
        video = self.connect_to("video", Bridge.ConnectFlags.NEW_INSTANCE)
        consumer = Bridge.FrameConsumer.new(video, 0)
        frames = []
        ended = []

        def on_frame(consumer, frame):
            # The slot goes back to the plugin when frame does; keep a copy.
            if not frames:
                frames.append((frame.get_width(), frame.get_height(), frame.get_stride(),
                               frame.get_format(), frame.get_pts(), frame.get_bytes().get_data()))

        consumer.connect("frame", on_frame)
        video.connect("event::EndOfStream", lambda *args: ended.append(True))
        self.assertEqual(call(video, VIDEO, "SetOutput", "(uuu)", 160, 90, int(Bridge.FrameFormat.RGBA)),
                         (0, 0))
        call(video, VIDEO, "SetSync", "(b)", False)
        (info,) = call(video, VIDEO, "Open", "(s)", SAMPLE)
        self.assertEqual((info["width"], info["height"]), (320, 180))
        self.assertEqual((info["output-width"], info["output-height"]), (160, 90))
        call(video, VIDEO, "Play")
        self.assertTrue(wait_until(lambda: ended), "no EndOfStream")
        self.assertTrue(wait_until(lambda: frames), "no frame reached Python")
        width, height, stride, fmt, pts, data = frames[0]
        self.assertEqual((width, height, fmt), (160, 90, Bridge.FrameFormat.RGBA))
        self.assertGreaterEqual(len(data), stride * height)
        # The box at (20, 20) of the half-size picture: red, green, then
        # blue, a second each (the first frame to arrive need not be the
        # first decoded: the newest frame wins over a slow host).
        r, g, b, a = data[20 * stride + 20 * 4: 20 * stride + 20 * 4 + 4]
        self.assertEqual(a, 255)
        self.assertEqual(nearest_colour(r, g, b), box_colour(pts), (pts, r, g, b))
        self.assertGreater(consumer.get_received(), 0)
        self.assertLessEqual(consumer.get_received() + consumer.get_dropped(), 75)

    def test_still_as_bytes(self):
        video = self.connect_to("video", Bridge.ConnectFlags.NEW_INSTANCE)
        call(video, VIDEO, "Open", "(s)", SAMPLE)
        width, height, stride, fmt, pixels = call(video, VIDEO, "GetStill", "(xuu)", 2_500_000_000, 320, 180)
        self.assertEqual((width, height, stride), (320, 180, 1280))
        self.assertEqual(len(pixels), stride * height)
        # Third second: blue box; BGRA by default.
        b, g, r = pixels[40 * stride + 40 * 4: 40 * stride + 40 * 4 + 3]
        self.assertTrue(b > 200 and g < 60 and r < 60, (r, g, b))

    def test_example_host(self):
        ppm = os.path.join(os.environ["HOME"], "first.ppm")
        out = subprocess.run([sys.executable, os.path.join(EXAMPLES, "video-host.py"), "--fast",
                              "--save-frame", ppm, SAMPLE],
                             capture_output=True, text=True, timeout=120)
        self.assertEqual(out.returncode, 0, out.stderr)
        # A local file goes to the confined plugin as an fd (OpenFd).
        self.assertIn("media: bridgefd://", out.stdout)
        self.assertIn("state: ended", out.stdout)
        # The first frame that arrived: with --fast a slow host misses some,
        # so its colour follows its time (red, green, blue a second each).
        m = re.search(r"^first frame: 320x180, stride 1280, bgra, at ([0-9.]+) s, "
                      r"top-left colour (\w+)", out.stdout, re.M)
        self.assertIsNotNone(m, out.stdout)
        self.assertEqual(m.group(2), box_colour(float(m.group(1)) * 1e9), out.stdout)
        with open(ppm, "rb") as f:
            data = f.read()
        self.assertTrue(data.startswith(b"P6\n320 180\n255\n"))
        self.assertEqual(len(data), len(b"P6\n320 180\n255\n") + 320 * 180 * 3)

    def test_example_host_reports_errors(self):
        out = subprocess.run([sys.executable, os.path.join(EXAMPLES, "video-host.py"),
                              os.path.join(MEDIA, "missing.webm")],
                             capture_output=True, text=True, timeout=120)
        self.assertEqual(out.returncode, 1)
        # The host opens local files itself (OpenFd), so it is the one to say.
        self.assertIn("video-host: cannot open", out.stderr)
        self.assertIn("No such file or directory", out.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
