#!/usr/bin/python3
"""Draws the figures of one bench/run as a PNG chart.

    bench/run > bench.txt
    /usr/bin/python3 tools/plot-bench.py bench.txt docs/bench-chart.png

Reads the key=value lines bench/run prints (anything else is ignored) and
draws one small bar chart per question, libbridge beside the baselines of
the same run, with the quality bar of DESIGN.md as a dashed line where
there is one. Needs matplotlib (Debian: python3-matplotlib). Made by hand
from a run, not in CI.
"""

import argparse
import re
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

BRIDGE = "#2a6f97"
BASELINE = "#a9a9a9"
LIMIT = "#6c757d"
TARGET = "#c0392b"

# title, unit, better, [(label, key)], target: (label, function of figures)
PANELS = [
    ("Call round trip, 64 bytes (p50; tick: p99)", "µs", "lower",
     [("libbridge", "rtt_us_p50.libbridge"), ("raw socketpair", "rtt_us_p50.raw_uds"),
      ("GDBus p2p", "rtt_us_p50.gdbus_p2p")],
     ("1.5 × raw", lambda f: 1.5 * f["rtt_us_p50.raw_uds"])),
    ("Bulk, 1 MiB calls", "MB/s", "higher",
     [("libbridge", "bulk_MBps.libbridge"), ("raw socketpair", "bulk_MBps.raw_uds"),
      ("GDBus p2p", "bulk_MBps.gdbus_p2p")],
     ("85 % of raw", lambda f: 0.85 * f["bulk_MBps.raw_uds"])),
    ("Bulk, 16 MiB calls (the message limit)", "MB/s", "higher",
     [("libbridge", "bulk_MBps.libbridge_16MiB"), ("raw socketpair", "bulk_MBps.raw_uds_16MiB")],
     ("80 % of raw", lambda f: 0.8 * f["bulk_MBps.raw_uds_16MiB"])),
    ("1080p BGRA frames, producer → consumer", "frames/s", "higher",
     [("libbridge", "frames_1080p_fps.libbridge"), ("libbridge, paced", "frames_1080p_fps.libbridge_paced"),
      ("bare memfd ring", "frames_1080p_fps.memfd_limit"), ("GStreamer shm", "frames_1080p_fps.gst_shm")],
     ("95 % of memfd", lambda f: 0.95 * f["frames_1080p_fps.memfd_limit"])),
    ("Video decoded into the host (640×360 VP8)", "frames/s", "higher",
     [("video plugin", "video_fps.plugin"), ("GStreamer alone", "video_fps.gst_decode")],
     ("100 % of gst", lambda f: f["video_fps.gst_decode"])),
    ("Registry → first frame in the host", "ms", "lower",
     [("cold plugin", "first_frame_ms.plugin"), ("of which: started, connected", "connect_ms.plugin"),
      ("plugin already running", "first_frame_ms.prestarted")],
     ("60 ms (cold)", lambda f: 60.0)),
    ("64 clients calling one plugin", "calls/s", "higher",
     [("libbridge", "calls_per_s.libbridge_64clients")],
     ("60 000", lambda f: 60000.0)),
    ("Resident memory", "MiB", "lower",
     [("host, idle", "rss_kB.host_idle"), ("host, playing", "rss_kB.host_playing"),
      ("plugin, playing", "rss_kB.plugin_playing")],
     None),
]


def read_figures(path):
    figures = {}
    stream = sys.stdin if path == "-" else open(path, encoding="utf-8")
    with stream:
        for line in stream:
            match = re.fullmatch(r"([A-Za-z0-9_.]+)=(-?[0-9]+(?:\.[0-9]+)?)", line.strip())
            if match:
                figures[match.group(1)] = float(match.group(2))
    return figures


def draw_panel(ax, figures, title, unit, better, bars, target):
    present = [(label, key) for label, key in bars if key in figures]
    if not present:
        ax.set_visible(False)
        return
    scale = 1 / 1024 if unit == "MiB" else 1
    labels = [label for label, _ in present]
    values = [figures[key] * scale for _, key in present]
    colours = [BRIDGE if i == 0 or key.startswith("rss_") else BASELINE
               for i, (_, key) in enumerate(present)]
    positions = range(len(values))
    ax.barh(positions, values, color=colours, height=0.6)
    ax.set_yticks(list(positions), labels)
    ax.invert_yaxis()
    ax.set_title(f"{title}\n{unit}, {better} is better", fontsize=10, loc="left")
    ax.tick_params(axis="both", labelsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    top = max(values)

    label_at = list(values)
    if present[0][1].startswith("rtt_us_p50"):
        for i, (_, key) in enumerate(present):
            p99 = figures.get(key.replace("p50", "p99"))
            if p99 is not None:
                ax.plot([p99, p99], [i - 0.3, i + 0.3], color="black", linewidth=1.5)
                top = max(top, p99)
                label_at[i] = max(label_at[i], p99)
    if target is not None:
        try:
            line = target[1](figures) * scale
        except KeyError:
            line = None
        if line is not None:
            ax.axvline(line, color=TARGET, linestyle="--", linewidth=1.2)
            ax.annotate(f"target: {target[0]}", (line, 1.0), xycoords=ax.get_xaxis_transform(),
                        color=TARGET, fontsize=8, ha="left", va="top", xytext=(3, 0),
                        textcoords="offset points")
            top = max(top, line)
    for i, value in enumerate(values):
        text = f"{value:,.1f}" if value < 100 else f"{value:,.0f}"
        ax.annotate(text, (label_at[i], i), xytext=(5, 0), textcoords="offset points", va="center",
                    fontsize=8)
    ax.set_xlim(0, top * 1.3)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("figures", help="bench/run output (key=value lines), or - for stdin")
    parser.add_argument("png", help="the chart to write")
    parser.add_argument("--title", default="libbridge benchmarks (bench/run)",
                        help="the chart's title, e.g. naming the machine")
    args = parser.parse_args()

    figures = read_figures(args.figures)
    if not figures:
        sys.exit(f"plot-bench: no key=value figures in {args.figures}")
    columns = 2
    rows = (len(PANELS) + columns - 1) // columns
    fig, axes = plt.subplots(rows, columns, figsize=(12, 3.0 * rows), constrained_layout=True)
    for ax, panel in zip(axes.flat, PANELS):
        draw_panel(ax, figures, *panel)
    for ax in list(axes.flat)[len(PANELS):]:
        ax.set_visible(False)
    fig.suptitle(args.title, fontsize=12, x=0.01, ha="left")
    fig.savefig(args.png, dpi=100)


if __name__ == "__main__":
    main()
