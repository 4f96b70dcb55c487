#!/usr/bin/python3
# video-host.py: a libbridge host written in Python
#
# Finds a plugin implementing org.libbridge.Video1 through the registry,
# starts a fresh instance of it, plays a media file and receives the
# decoded pictures through the shared-memory frame ring, all through the
# library's GObject Introspection bindings (Debian's python3-gi).
#
#   video-host.py [--fast] [--frames N] [--size WxH] [--save-frame FILE] MEDIA
#
# Prints what the plugin says about the media, one line per state change,
# and a summary: how many pictures arrived, their size, and the time and
# colour of the top-left area of the first picture that arrived (with
# --fast, the host may miss the first ones: the newest picture wins). --save-frame writes the first
# picture as a binary PPM.
#
# From a build tree: GI_TYPELIB_PATH=<builddir>/libbridge
# LD_LIBRARY_PATH=<builddir>/libbridge
# LIBBRIDGE_PLUGIN_PATH=<builddir>/video-plugin /usr/bin/python3 video-host.py FILE
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import argparse
import os
import sys

import gi

gi.require_version("Bridge", "1.0")
from gi.repository import Bridge, Gio, GLib  # noqa: E402

VIDEO = "org.libbridge.Video1"
STREAM_ID = 0  # VIDEO_FRAME_STREAM_ID (docs/VIDEO-INTERFACE.md, section 4)


class VideoHost:
    def __init__(self, args):
        self.args = args
        self.loop = GLib.MainLoop()
        self.status = 0
        self.first = None  # (width, height, stride, format, bytes)
        self.sizes = set()

    def call(self, method, signature=None, *values, fds=None):
        args = GLib.Variant(signature, values) if signature else None
        reply, _fds = self.connection.call_sync(VIDEO, method, args, fds, Bridge.TIMEOUT_DEFAULT, None)
        return reply.unpack()

    def fail(self, message):
        print(f"video-host: {message}", file=sys.stderr)
        self.status = 1
        self.loop.quit()

    # Frames arrive in the main loop; each is a read-only view of a slot of
    # the ring, handed back to the plugin when the last reference goes.
    def on_frame(self, consumer, frame):
        self.sizes.add((frame.get_width(), frame.get_height()))
        if self.first is None:
            self.first = (frame.get_width(), frame.get_height(), frame.get_stride(),
                          frame.get_format(), frame.get_pts(), frame.get_bytes().get_data())
        if self.args.frames and consumer.get_received() >= self.args.frames:
            self.loop.quit()

    def on_frame_error(self, consumer, error):
        self.fail(f"bad frame from the plugin: {error.message}")

    def on_event(self, connection, interface, event, args, fds):
        if interface != VIDEO:
            return
        if event == "StateChanged":
            print(f"state: {args.unpack()[0]}")
        elif event == "EndOfStream":
            self.loop.quit()
        elif event == "Error":
            domain, code, message = args.unpack()
            self.fail(f"playback failed: {message} ({domain} {code})")

    def on_closed(self, connection, reason, message):
        self.fail(f"the plugin went away: {message}")

    def run(self):
        registry = Bridge.Registry.new()
        info = registry.find_by_interface(VIDEO)
        if info is None:
            path = ":".join(registry.get_search_path())
            print(f"video-host: no plugin implements {VIDEO} on {path}", file=sys.stderr)
            return 1
        # One process per video: a hostile file takes down only its own.
        self.connection = registry.connect_sync(info, Bridge.ConnectFlags.NEW_INSTANCE, None)
        self.connection.connect("event", self.on_event)
        self.connection.connect("closed", self.on_closed)

        # The consumer first: the ring is announced with the first picture.
        consumer = Bridge.FrameConsumer.new(self.connection, STREAM_ID)
        consumer.connect("frame", self.on_frame)
        consumer.connect("error", self.on_frame_error)

        width, height = self.args.size
        self.call("SetOutput", "(uuu)", width, height, int(Bridge.FrameFormat.BGRA))
        if self.args.fast:
            self.call("SetSync", "(b)", False)
        # The plugin is confined and may not read the user's files: a local
        # file goes as an fd (docs/VIDEO-INTERFACE.md, "OpenFd"), a URI by name.
        if GLib.uri_parse_scheme(self.args.media) not in (None, "file"):
            (info,) = self.call("Open", "(s)", self.args.media)
        else:
            path = self.args.media
            if path.startswith("file:"):
                path, _host = GLib.filename_from_uri(path)
            fds = Gio.UnixFDList.new_from_array([os.open(path, os.O_RDONLY | os.O_CLOEXEC)])  # takes the fd
            (info,) = self.call("OpenFd", "(h)", 0, fds=fds)
        print(f"media: {info['uri']}, {info['video-codec'] or 'no video'}, "
              f"{info['width']}x{info['height']}, {info['duration'] / 1e9:.2f} s; "
              f"pictures {info['output-width']}x{info['output-height']}")
        self.call("Play")
        self.loop.run()

        received = consumer.get_received()
        print(f"frames: {received} received, {consumer.get_dropped()} dropped")
        if self.first is not None:
            w, h, stride, fmt, pts, data = self.first
            print(f"first frame: {w}x{h}, stride {stride}, {Bridge.FrameFormat(fmt).value_nick}, "
                  f"at {pts / 1e9:.2f} s, top-left colour {colour_name(data, stride, 40, 40)}")
            if self.args.save_frame:
                save_ppm(self.args.save_frame, w, h, stride, data)
        elif self.status == 0:
            self.fail("no frame arrived")
        self.connection.close()
        return self.status


def colour_name(data, stride, x, y):
    """Names the colour of BGRA pixel (x, y)."""
    b, g, r = data[y * stride + x * 4: y * stride + x * 4 + 3]
    names = {(255, 0, 0): "red", (0, 255, 0): "green", (0, 0, 255): "blue",
             (0, 0, 0): "black", (255, 255, 255): "white"}
    nearest = min(names, key=lambda c: sum((a - b) ** 2 for a, b in zip(c, (r, g, b))))
    return f"{names[nearest]} (r={r} g={g} b={b})"


def save_ppm(path, width, height, stride, data):
    with open(path, "wb") as out:
        out.write(b"P6\n%d %d\n255\n" % (width, height))
        for y in range(height):
            row = data[y * stride: y * stride + width * 4]
            out.write(bytes(c for i in range(0, len(row), 4) for c in (row[i + 2], row[i + 1], row[i])))


def parse_size(text):
    try:
        w, h = (int(v) for v in text.lower().split("x"))
        return w, h
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not WIDTHxHEIGHT")


def main():
    parser = argparse.ArgumentParser(description="Play a video through the libbridge video plugin.")
    parser.add_argument("media", help="a media file")
    parser.add_argument("--fast", action="store_true", help="decode as fast as possible (SetSync false)")
    parser.add_argument("--frames", type=int, default=0, help="stop after this many frames")
    parser.add_argument("--size", type=parse_size, default=(320, 180), help="picture box, WxH")
    parser.add_argument("--save-frame", metavar="FILE", help="write the first frame as PPM")
    args = parser.parse_args()
    try:
        return VideoHost(args).run()
    except GLib.Error as e:
        print(f"video-host: {e.message} ({e.domain} {e.code})", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"video-host: cannot open {e.filename}: {e.strerror}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
