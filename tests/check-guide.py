#!/usr/bin/python3
# check-guide.py: runs every code snippet of a Markdown guide, in order
#
#   check-guide.py [--path DIR]... GUIDE.md
#
# so that docs/writing-plugins.md never rots. The guide's fenced blocks
# say what to do with them in their info string:
#
#   ```c file=hello-plugin.c     written to that file (any language)
#   ```sh run                    run as one bash script (set -e)
#   ```console                   "$ command" lines are run one by one; the
#                                lines after each are its expected output
#                                (stdout and stderr): "..." in a line
#                                matches anything, a line of only "..."
#                                any number of lines. A command ending in
#                                "# exits N" must exit with N, others with 0.
#   ```text                      not code: a picture or a listing
#
# --path puts DIR in front of PATH (for bridgectl from a build tree).
# Any other block fails the check: an untested snippet. Everything runs in
# a fresh folder under $HOME (tests/run-test.sh makes HOME and
# XDG_RUNTIME_DIR private), and the working directory and exported
# variables carry over from one command to the next, as in a terminal.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import re
import shlex
import subprocess
import sys
import tempfile

TIMEOUT_S = 300


class Failure(Exception):
    pass


def blocks(path):
    """Yields (line number, info string, text) for each fenced block."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        m = re.match(r"^(\s*)(```+)(.*)$", lines[i])
        if not m:
            i += 1
            continue
        indent, fence, info = m.group(1), m.group(2), m.group(3).strip()
        start = i + 1
        body = []
        i += 1
        while i < len(lines) and not lines[i].strip().startswith(fence):
            body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i])
            i += 1
        if i == len(lines):
            raise Failure(f"{path}:{start}: the block opened here is never closed")
        i += 1
        yield start, info, "\n".join(body) + "\n"


class Shell:
    """Runs commands one at a time, keeping the working directory and the
    exported variables between them, as a terminal does."""

    def __init__(self, folder):
        self.state = os.path.join(folder, ".guide-state.sh")
        with open(self.state, "w") as f:
            f.write(f"cd {shlex.quote(folder)}\n")

    @property
    def cwd(self):
        out = subprocess.run(["bash", "-c", f"source {shlex.quote(self.state)} && pwd"],
                             capture_output=True, text=True, check=True)
        return out.stdout.strip()

    def run(self, script, strict):
        wrapper = (f"source {shlex.quote(self.state)}\n"
                   + ("set -eo pipefail\n" if strict else "")
                   + script
                   + "\n__status=$?\n"
                   f"{{ export -p; echo cd \"$(printf %q \"$PWD\")\"; }} > {shlex.quote(self.state)}.new\n"
                   f"mv {shlex.quote(self.state)}.new {shlex.quote(self.state)}\n"
                   "exit $__status\n")
        out = subprocess.run(["bash", "-c", wrapper], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, timeout=TIMEOUT_S,
                             stdin=subprocess.DEVNULL)
        return out.returncode, out.stdout


def output_matches(expected, actual):
    """Line by line; "..." inside a line matches any text, a line of only
    "..." any number of lines."""
    def line_matches(pattern, line):
        regex = ".*".join(re.escape(part) for part in pattern.split("..."))
        return re.fullmatch(regex, line) is not None

    def match(e, a):
        if not e:
            return not a
        if e[0] == "...":
            return any(match(e[1:], a[k:]) for k in range(len(a) + 1))
        return bool(a) and line_matches(e[0], a[0]) and match(e[1:], a[1:])

    return match(expected, actual)


def console(shell, where, text):
    """Runs a console block: "$ " commands and their expected output."""
    commands = []  # [command, expected lines]
    lines = text.rstrip("\n").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.startswith("$ "):
            if not commands:
                raise Failure(f"{where}: console block starts with output, not a '$ ' command")
            commands[-1][1].append(line)
            i += 1
            continue
        command = line[2:]
        while command.endswith("\\") and i + 1 < len(lines):
            i += 1
            command = command[:-1] + "\n" + lines[i]
        commands.append([command, []])
        i += 1

    for command, expected in commands:
        m = re.search(r"#\s*exits (\d+)\s*$", command)
        wanted = int(m.group(1)) if m else 0
        status, output = shell.run(command, strict=False)
        actual = output.rstrip("\n").split("\n") if output.strip() else []
        if status != wanted:
            raise Failure(f"{where}: '{command}' exited with {status}, not {wanted}:\n{output}")
        if expected and not output_matches(expected, actual):
            raise Failure(f"{where}: '{command}' printed:\n{output}\nbut the guide shows:\n"
                          + "\n".join(expected))
        print(f"  $ {command}  ok")


def main():
    args = sys.argv[1:]
    while len(args) > 2 and args[0] == "--path":
        os.environ["PATH"] = args[1] + os.pathsep + os.environ.get("PATH", "")
        args = args[2:]
    if len(args) != 1:
        print("usage: check-guide.py [--path DIR]... GUIDE.md", file=sys.stderr)
        return 2
    guide = args[0]
    folder = tempfile.mkdtemp(prefix="guide-", dir=os.environ.get("HOME"))
    shell = Shell(folder)
    counts = {"file": 0, "run": 0, "console": 0}
    print(f"checking {guide} in {folder}")
    try:
        for line, info, text in blocks(guide):
            where = f"{guide}:{line}"
            words = info.split()
            attrs = dict(w.split("=", 1) for w in words[1:] if "=" in w)
            if "file" in attrs:
                path = os.path.join(shell.cwd, attrs["file"])
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
                counts["file"] += 1
                print(f"{where}: wrote {attrs['file']}")
            elif words[:1] == ["sh"] and "run" in words[1:]:
                print(f"{where}: running")
                status, output = shell.run(text, strict=True)
                if status != 0:
                    raise Failure(f"{where}: the script failed with status {status}:\n{output}")
                counts["run"] += 1
            elif words[:1] == ["console"]:
                print(f"{where}: console")
                console(shell, where, text)
                counts["console"] += 1
            elif words[:1] == ["text"]:
                continue
            else:
                raise Failure(f"{where}: a ```{info} block that is neither written to a file, "
                              "run, nor marked text: every snippet must be tested")
    except (Failure, subprocess.TimeoutExpired) as e:
        print(f"FAIL {e}", file=sys.stderr)
        return 1
    print(f"ok: {counts['file']} files, {counts['run']} scripts, {counts['console']} console blocks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
