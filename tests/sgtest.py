"""The end of every Python test program: run unittest, print the plain
"N passed, N failed, N skipped" line, and exit 1 on a failure, 77 when
nothing failed but something was skipped (ctest reports it as skipped:
SKIP_RETURN_CODE 77 in tests/CMakeLists.txt, and CI fails on any skip),
else 0. A test that cannot check must never read as passed."""
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
