"""The end of every Python test program: run unittest, print the plain
"N passed, N failed, N skipped" line, and exit 1 on a failure, 77 when
nothing failed but something was skipped (ctest reports it as skipped:
SKIP_RETURN_CODE 77 in tests/CMakeLists.txt, and CI fails on any skip),
else 0. A test that cannot check must never read as passed."""
import argparse
import os
import sys
import unittest

SKIP = 77


def run(argv, verbosity=2):
    prog = unittest.main(argv=argv, exit=False, verbosity=verbosity)
    r = prog.result
    failed = len(r.failures) + len(r.errors) + len(r.unexpectedSuccesses)
    skipped = len(r.skipped)
    print(f"{r.testsRun - failed - skipped} passed, {failed} failed, "
          f"{skipped} skipped")
    if failed:
        return 1
    if r.testsRun == 0:
        print("no test ran", file=sys.stderr)
        return 1
    return SKIP if skipped else 0


def options(*paths):
    """The options every test program takes: --secgate and --source, and
    the extra paths it names ("tools-dir", "shared"), all required and made
    absolute. Returns (the options, the arguments left for unittest)."""
    names = ("secgate", "source", *paths)
    ap = argparse.ArgumentParser()
    for name in names:
        ap.add_argument("--" + name, required=True)
    args, rest = ap.parse_known_args()
    for name in names:
        attr = name.replace("-", "_")
        setattr(args, attr, os.path.abspath(getattr(args, attr)))
    return args, rest
