#!/usr/bin/env python3
"""Checks for the leak and injection cases (families 7, 8, 10), run by a
case's check.sh in its scratch directory after the command, whose cmd
saved secgate's stdout and stderr to .stdout and .stderr. It reads the
case's checks.json:

  must_not_appear  strings in no output: .stdout, .stderr and every file
                   under out/ (reports, evidence, step summary, outputs)
  must_appear      {"stdout"|"stderr"|<file under out/>: [strings]}
  stdout_is        "json", "xml" or "markdown": a report is on stdout, it
                   must parse as one document and hold no runner command

and always checks that no line of stdout or stderr is a GitHub runner
command that secgate did not mean to write: "##[" anywhere, or "::" at
the start after the blanks the runner trims, other than secgate's own
annotations ("::error file=", "::error title=", "::warning ...",
"::notice::N more").
"""
import json
import os
import re
import sys
import xml.dom.minidom

OWN = re.compile(r"^::(error|warning) (file|title)=|^::notice::\d+ more ")
BLANKS = " \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006" \
         "\u2007\u2008\u2009\u200a\u202f\u205f\u3000"


def command_lines(text, allow_own):
    bad = []
    for line in re.split(r"\r\n|\r|\n", text):
        stripped = line.lstrip(BLANKS)
        if "##[" in line or (stripped.startswith("::") and
                             not (allow_own and OWN.match(stripped))):
            bad.append(line)
    return bad


def main():
    scratch = sys.argv[1] if len(sys.argv) > 1 else "."
    with open(os.path.join(scratch, "checks.json")) as f:
        checks = json.load(f)
    sinks = {}
    for name in ("stdout", "stderr"):
        with open(os.path.join(scratch, "." + name), "rb") as f:
            sinks[name] = f.read().decode("utf-8", "replace")
    out = os.path.join(scratch, "out")
    for top, _, names in os.walk(out):
        for name in names:
            path = os.path.join(top, name)
            with open(path, "rb") as f:
                sinks[os.path.relpath(path, out)] = \
                    f.read().decode("utf-8", "replace")
    problems = []
    for s in checks.get("must_not_appear", []):
        problems += [f"{s!r} appears in {k}" for k, v in sinks.items()
                     if s in v]
    for sink, strings in checks.get("must_appear", {}).items():
        problems += [f"{s!r} missing from {sink}" for s in strings
                     if s not in sinks.get(sink, "")]
    doc = checks.get("stdout_is")
    problems += [f"stdout line is a runner command: {l!r}"
                 for l in command_lines(sinks["stdout"], allow_own=not doc)]
    problems += [f"stderr line is a runner command: {l!r}"
                 for l in command_lines(sinks["stderr"], allow_own=True)]
    try:
        if doc == "json":
            json.loads(sinks["stdout"])
        elif doc == "xml":
            xml.dom.minidom.parseString(sinks["stdout"].encode())
    except Exception as e:  # noqa: BLE001 - any parse failure
        problems.append(f"stdout is not one {doc} document: {e}")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
