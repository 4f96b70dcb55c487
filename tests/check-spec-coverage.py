#!/usr/bin/python3
"""Every requirement of the specifications has a test that names it.

Reads the RFC 2119 key words (MUST, MUST NOT, SHOULD, SHOULD NOT) of
docs/PROTOCOL.md, docs/FRAME-RING.md and docs/VIDEO-INTERFACE.md, and
tests/spec-coverage.txt, which maps each requirement to the tests that
prove it. Fails when:

- a requirement line has no entry (a new MUST without a test);
- an entry's phrase is no longer in its section (the text moved or changed);
- a named test does not exist, or does not name the document's section
  in its body or in the comment just above it ("PROTOCOL.md section 2.4",
  "§2.4", or "section 2.4" inside a file that speaks of one document).

Run as a unit test by meson (the documents to check may be named on the
command line); prints each requirement with its tests when given --list.
"""

import os
import re
import sys

KEYWORDS = re.compile(r"\b(MUST NOT|MUST|SHOULD NOT|SHOULD)\b")
HEADING = re.compile(r"^(#+)\s+(?:(\d+(?:\.\d+)*)\.?\s+)?(.*)$")


def section_text(path):
    """Section -> its whole text, to find an entry's phrase in."""
    text = {}
    section = None
    in_code = False
    with open(path, encoding="utf-8") as f:
        for line in f:
            heading = HEADING.match(line)
            if heading and not in_code:
                section = heading.group(2) or heading.group(3).strip()
                continue
            if line.startswith("```"):
                in_code = not in_code
                continue
            # The conventions paragraph defines the key words: no requirement.
            if section is not None and not in_code and "RFC 2119" not in line:
                text[section] = text.get(section, "") + line
    return text


def test_region(source, name):
    """The text of one test: its comment, START_TEST to END_TEST (C) or
    the def and its body (Python); None when there is no such test."""
    c = re.search(r"(?:/\*(?:[^*]|\*(?!/))*\*/\s*)?START_TEST \(" + re.escape(name)
                  + r"\).*?END_TEST", source, re.S)
    if c:
        return c.group(0)
    py = re.search(r"(?:(?:^[ \t]*#.*\n)*)^([ \t]*)def " + re.escape(name)
                   + r"\(.*?(?=^\1(?:def |\S)|\Z)", source, re.S | re.M)
    if py:
        return py.group(0)
    return None


def names_section(region, doc, section):
    # Comments wrap: compare the words, not the lines.
    flat = " ".join(re.sub(r"^\s*(\*|#|//)", " ", region, flags=re.M).split())
    doc_name = re.escape(doc[:-3])
    sec = re.escape(section)
    if not section[0].isdigit():
        # A heading without a number: the document and its title.
        return re.search(doc_name, flat) is not None and section in flat
    patterns = [
        doc_name + r"(?:\.md)?,? (?:§|section |Section )?" + sec + r"(?![.\d])",
        r"(?:§|[Ss]ection )" + sec + r"(?![.\d])",
    ]
    return any(re.search(p, flat) for p in patterns)


def main():
    srcdir = os.path.dirname(os.path.abspath(__file__))
    top = os.path.dirname(srcdir)
    docs = [a for a in sys.argv[1:] if a.endswith(".md")] or \
        ["PROTOCOL.md", "FRAME-RING.md", "VIDEO-INTERFACE.md"]
    entries = []
    with open(os.path.join(srcdir, "spec-coverage.txt"), encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            m = re.match(r'(\S+\.md) (?:§(\S+)|"([^"]+)") "([^"]+)" => (.+)$', line)
            if not m:
                sys.exit(f"spec-coverage.txt:{number}: cannot read: {line}")
            entries.append((number, m.group(1), m.group(2) or m.group(3), m.group(4),
                            m.group(5).split()))

    failures = []
    sources = {}

    def source(name):
        if name not in sources:
            path = os.path.join(srcdir, name)
            sources[name] = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        return sources[name]

    for doc in docs:
        path = os.path.join(top, "docs", doc)
        text = section_text(path)
        mine = [e for e in entries if e[1] == doc]
        for number, _, section, phrase, tests in mine:
            if phrase not in " ".join(text.get(section, "").split()):
                failures.append(f"spec-coverage.txt:{number}: \"{phrase}\" is not in {doc} section {section}")
            for test in tests:
                file, _, name = test.partition(":")
                src = source(file)
                region = test_region(src, name) if src else None
                if region is None:
                    failures.append(f"spec-coverage.txt:{number}: no test {test}")
                elif not names_section(region, doc, section):
                    failures.append(f"spec-coverage.txt:{number}: {test} does not name {doc} section {section}")
        for section, body in text.items():
            flat = " ".join(body.split())
            spans = []
            for _, _, sec, phrase, _ in (e for e in mine if e[2] == section):
                spans += [(m.start(), m.start() + len(phrase))
                          for m in re.finditer(re.escape(phrase), flat)]
            for key in KEYWORDS.finditer(flat):
                if not any(a <= key.start() < b for a, b in spans):
                    context = flat[max(0, key.start() - 60):key.end() + 40]
                    failures.append(f"{doc} section {section}: requirement has no test: ...{context}...")
        if "--list" in sys.argv:
            for number, _, section, phrase, tests in mine:
                print(f"{doc} {section}: {phrase}\n    {' '.join(tests)}")

    for failure in failures:
        print(failure)
    if failures:
        print(f"{len(failures)} requirement(s) not covered; see tests/spec-coverage.txt")
        return 1
    print(f"{len(entries)} requirements, each with a test that names its section")
    return 0


if __name__ == "__main__":
    sys.exit(main())
