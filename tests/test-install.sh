#!/usr/bin/env bash
# test-install.sh: install libbridge to a temporary prefix and use it from
# there, as a user of the installed library would
#
#   test-install.sh SRCDIR [MEDIA_DIR]
#
# Configures SRCDIR with --prefix in a fresh folder, builds what gets
# installed and installs it, then, with nothing of the build tree on any
# path:
#  - checks the files a user needs are where they belong (library,
#    headers, libbridge-1.0.pc, the typelib, bridgectl, plugins and their
#    manifests in <prefix>/share/libbridge/plugins);
#  - sets the environment up with the private-prefix.sh snippet of
#    docs/writing-plugins.md ("libbridge in a private prefix"), as a user
#    would, and checks the pluginsdir and plugin_execdir variables of
#    libbridge-1.0.pc name the folders the plugins went to;
#  - bridgectl lists and calls the installed plugins, found by the
#    registry through the prefix compiled into the library;
#  - examples/client/clock-client.c, compiled out of tree with
#    `cc $(pkg-config --cflags --libs libbridge-1.0)`, talks to the
#    installed clock plugin;
#  - with valac, a Vala program builds against the installed
#    libbridge-1.0.vapi and finds the installed clock plugin;
#  - Python, with GI_TYPELIB_PATH at the installed typelib, calls the C
#    clock plugin and the installed Python plugin, and plays a video
#    through the installed video plugin (when MEDIA_DIR has the samples).
#
# Registered in tests/meson.build (suite "process"); run under
# tests/run-test.sh, so HOME and XDG_RUNTIME_DIR are private.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -euo pipefail

src=$(cd "${1:?usage: test-install.sh SRCDIR [MEDIA_DIR]}" && pwd)
media=${2:-}
python=/usr/bin/python3

work=$(mktemp -d "${TMPDIR:-/tmp}/bridge-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
build=$work/build
log=$work/build.log

fail() {
  echo "test-install: FAIL: $*" >&2
  exit 1
}

step() {
  echo "test-install: $*"
}

# ---- build and install ------------------------------------------------

step "configuring for --prefix=$prefix"
# The presentation host is not what this test is about; GTK takes long.
# --libdir=lib: as docs/writing-plugins.md, "libbridge in a private prefix".
meson setup "$build" "$src" --prefix="$prefix" --libdir=lib -Dhost_demo=disabled -Dintrospection=auto \
  >"$log" 2>&1 || { cat "$log"; fail "meson setup"; }

# Build only what gets installed (not the tests, benchmarks, fuzzers).
mapfile -t targets < <(meson introspect --targets "$build" | "$python" -c '
import json, os, sys
build = sys.argv[1]
for t in json.load(sys.stdin):
    if t.get("installed"):
        for f in t["filename"]:
            print(os.path.relpath(f, build))
' "$build")
[ "${#targets[@]}" -gt 0 ] || fail "meson introspect lists nothing to install"
step "building ${#targets[@]} installed targets"
ninja -C "$build" -j 2 "${targets[@]}" >>"$log" 2>&1 || { tail -50 "$log"; fail "ninja"; }
meson install -C "$build" --no-rebuild >>"$log" 2>&1 || { tail -50 "$log"; fail "meson install"; }

# Nothing of any build tree from here on: the installed copy alone.
unset LIBBRIDGE_PLUGIN_PATH GI_TYPELIB_PATH LD_LIBRARY_PATH PKG_CONFIG_PATH
export XDG_DATA_DIRS=$work/no-such-dir

# ---- what got installed -----------------------------------------------

libdir=$prefix/lib
[ -e "$libdir/libbridge-1.0.so" ] || fail "no libbridge-1.0.so in $libdir"
plugindir=$prefix/share/libbridge/plugins
plugin_execdir=$prefix/libexec/libbridge

for f in "$libdir/libbridge-1.0.so.0" \
         "$libdir/pkgconfig/libbridge-1.0.pc" \
         "$prefix/include/libbridge-1.0/bridge.h" \
         "$prefix/include/libbridge-1.0/bridge-enums.h" \
         "$prefix/include/libbridge-1.0/bridge-connection.h" \
         "$prefix/bin/bridgectl" \
         "$plugindir/clock.plugin" \
         "$plugindir/chart.plugin" \
         "$plugin_execdir/clock-plugin" \
         "$plugin_execdir/chart-plugin" \
         "$prefix/share/bash-completion/completions/bridgectl"; do
  [ -e "$f" ] || fail "$f was not installed"
done
if command -v scdoc >/dev/null; then
  man -l "$prefix/share/man/man1/bridgectl.1" 2>/dev/null | grep -q "EXIT STATUS" \
    || grep -q "EXIT STATUS" "$prefix/share/man/man1/bridgectl.1" || fail "no bridgectl.1 man page installed"
fi
step "library, headers, .pc, bridgectl, its man page and manifests are in place"

# Each installed manifest points at an installed program.
for manifest in "$plugindir"/*.plugin; do
  exec_line=$(sed -n 's/^Exec=//p' "$manifest")
  case $exec_line in
    *"$build"*) fail "$manifest points into the build tree: $exec_line" ;;
    *"$prefix"*) ;;
    *) fail "$manifest does not point into $prefix: $exec_line" ;;
  esac
done

# The environment as the guide sets it up: its private-prefix.sh block,
# sourced with $prefix set.
guide=$src/docs/writing-plugins.md
sed -n '/^```sh file=private-prefix.sh$/,/^```$/p' "$guide" | sed '1d;$d' >"$work/private-prefix.sh"
[ -s "$work/private-prefix.sh" ] || fail "no private-prefix.sh block in $guide"
# shellcheck disable=SC1091
. "$work/private-prefix.sh"
[ "$LD_LIBRARY_PATH" = "$libdir" ] || fail "private-prefix.sh: LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
[ "$PKG_CONFIG_PATH" = "$libdir/pkgconfig" ] || fail "private-prefix.sh: PKG_CONFIG_PATH=$PKG_CONFIG_PATH"
[ "$(command -v bridgectl)" = "$prefix/bin/bridgectl" ] || fail "private-prefix.sh: PATH does not find bridgectl"
step "the guide's private-prefix.sh points at the installed library"

# ---- bridgectl ----------------------------------------------------------

list=$(bridgectl list)
echo "$list"
grep -q "^clock .*$plugindir/clock.plugin\$" <<<"$list" || fail "bridgectl list does not show the installed clock plugin"
grep -q "$build" <<<"$list" && fail "the installed bridgectl found plugins in the build tree"
out=$(bridgectl call clock org.libbridge.example.Clock1.Add 2 40)
[ "$out" = "(42,)" ] || fail "bridgectl call Add printed '$out'"
step "bridgectl finds and calls the installed plugins"

# ---- C, through pkg-config ---------------------------------------------

[ "$(pkg-config --modversion libbridge-1.0)" = "$(sed -n "s/^Version: //p" "$libdir/pkgconfig/libbridge-1.0.pc")" ] \
  || fail "pkg-config does not see libbridge-1.0"
# Where third-party plugins install (docs/writing-plugins.md, "Installing
# with meson"): the folders libbridge's own went to.
out=$(pkg-config --variable=pluginsdir libbridge-1.0)
[ "$out" = "$plugindir" ] || fail "pkg-config pluginsdir is '$out', not $plugindir"
out=$(pkg-config --variable=plugin_execdir libbridge-1.0)
[ "$out" = "$plugin_execdir" ] || fail "pkg-config plugin_execdir is '$out', not $plugin_execdir"
step "libbridge-1.0.pc names pluginsdir and plugin_execdir"
# shellcheck disable=SC2046
cc -Wall -Werror -o "$work/clock-client" "$src/examples/client/clock-client.c" \
  $(pkg-config --cflags --libs libbridge-1.0) || fail "clock-client.c does not build against the installed library"
out=$("$work/clock-client") || fail "clock-client failed: $out"
echo "$out"
grep -qx "plugin clock from $plugindir/clock.plugin" <<<"$out" || fail "clock-client did not use the installed plugin"
grep -qx "Add(2, 40) = 42" <<<"$out" || fail "clock-client: wrong sum"
grep -qx "tick 3: [0-9]*" <<<"$out" || fail "clock-client: no ticks"
step "an out-of-tree C program builds with pkg-config and talks to the installed clock plugin"

# The Video1 interface's header alone, nothing else of libbridge included
# before it: self-contained, and its quark is its domain string.
cat >"$work/video-names.c" <<'C'
#include <interfaces/bridge-video-interface.h>
#include <string.h>

int
main (void)
{
  if (strcmp (VIDEO_INTERFACE_NAME, "org.libbridge.Video1") != 0)
    return 1;
  if (strcmp (g_quark_to_string (VIDEO_ERROR), VIDEO_ERROR_DOMAIN) != 0)
    return 2;
  return VIDEO_ERROR_CANCELLED == 12 ? 0 : 3;
}
C
[ -f "$prefix/include/libbridge-1.0/interfaces/bridge-video-interface.h" ] \
  || fail "bridge-video-interface.h was not installed"
# shellcheck disable=SC2046
cc -Wall -Wextra -Wmissing-prototypes -Werror -o "$work/video-names" "$work/video-names.c" \
  $(pkg-config --cflags --libs libbridge-1.0) || fail "bridge-video-interface.h does not build on its own"
"$work/video-names" || fail "video-names: the installed header's names are wrong (exit $?)"
step "the installed bridge-video-interface.h builds on its own"

# ---- Python, through GObject Introspection -----------------------------

typelib=$(find "$prefix" -name 'Bridge-1.0.typelib' | head -n 1)
if [ -z "$typelib" ]; then
  step "no typelib installed (introspection disabled): Python skipped"
  exit 0
fi
[ -f "$prefix/share/gir-1.0/Bridge-1.0.gir" ] || fail "Bridge-1.0.gir was not installed"

# ---- Vala, through the vapi made from the GIR ---------------------------

if command -v valac >/dev/null && command -v vapigen >/dev/null; then
  vapidir=$prefix/share/vala/vapi
  for f in "$vapidir/libbridge-1.0.vapi" "$vapidir/libbridge-1.0.deps"; do
    [ -f "$f" ] || fail "$f was not installed"
  done
  cat >"$work/count.vala" <<'VALA'
int main () {
    var registry = new Bridge.Registry ();
    var clock = registry.find_by_name ("clock");
    if (clock == null)
        return 1;
    print ("%s\n", clock.get_path ());
    return 0;
}
VALA
  # valac takes the C flags from libbridge-1.0.pc, found through
  # PKG_CONFIG_PATH, and the vapi's dependencies from its .deps.
  valac --quiet -X -w --vapidir="$vapidir" --pkg libbridge-1.0 -o "$work/count" "$work/count.vala" \
    || fail "a Vala program does not build against the installed vapi"
  out=$("$work/count") || fail "the Vala program failed"
  [ "$out" = "$plugindir/clock.plugin" ] || fail "the Vala program found '$out'"
  step "a Vala program builds against the installed vapi and finds the installed clock plugin"
else
  step "no valac or vapigen: Vala skipped"
fi

[ -x "$python" ] || { step "no $python: Python skipped"; exit 0; }
[ "$typelib" = "$GI_TYPELIB_PATH/Bridge-1.0.typelib" ] || fail "private-prefix.sh: GI_TYPELIB_PATH=$GI_TYPELIB_PATH, typelib in $typelib"

"$python" - "$plugindir" <<'PY' || fail "Python against the installed typelib"
import sys

import gi

gi.require_version("Bridge", "1.0")
from gi.repository import Bridge, GLib

plugindir = sys.argv[1]
registry = Bridge.Registry.new()
clock_info = registry.find_by_name("clock")
assert clock_info is not None, registry.get_search_path()
assert clock_info.get_path() == plugindir + "/clock.plugin", clock_info.get_path()
clock = registry.connect_sync(clock_info, Bridge.ConnectFlags.NONE, None)
reply, _ = clock.call_sync("org.libbridge.example.Clock1", "Add", GLib.Variant("(ii)", (2, 40)),
                           None, Bridge.TIMEOUT_DEFAULT, None)
assert reply.unpack() == (42,), reply
clock.close()

# The Python plugin, installed like any other, started by the registry
# with the installed typelib passed on through the environment.
text_info = registry.find_by_interface("org.libbridge.example.Text1")
assert text_info is not None, "the Python plugin was not installed"
text = registry.connect_sync(text_info, Bridge.ConnectFlags.NONE, None)
reply, _ = text.call_sync("org.libbridge.example.Text1", "Upper", GLib.Variant("(s)", ("installed",)),
                          None, Bridge.TIMEOUT_DEFAULT, None)
assert reply.unpack() == ("INSTALLED",), reply
text.close()
print("python: clock and pytext plugins answer")
PY
step "Python calls the installed C and Python plugins through the installed typelib"

if [ -f "$plugindir/video.plugin" ] && [ -n "$media" ] && [ -f "$media/sample-vp8.webm" ]; then
  out=$("$python" "$src/examples/python/video-host.py" --fast "$media/sample-vp8.webm" 2>/dev/null) \
    || fail "video-host.py against the installed video plugin"
  echo "$out"
  grep -q "^first frame: 320x180" <<<"$out" || fail "video-host.py received no frame"
  step "the Python video host plays a file through the installed video plugin"
else
  step "no installed video plugin or sample media: video skipped"
fi

step "ok"
