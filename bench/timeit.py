#!/usr/bin/env python3
"""Run one command and print what it cost, for bench/run.sh.

  timeit.py [--stdout FILE] [--stderr FILE] -- COMMAND [ARG...]

Prints one line: wall seconds, user seconds, system seconds, peak RSS in
KiB and the exit code (128 + N when killed by signal N; 127 when it could
not start). Times come from the clock around fork and wait4 and from the
child's rusage (microseconds), so they resolve the few milliseconds a
small report takes, unlike GNU time's 10 ms. This script's own start-up is
never counted.

The peak RSS comes from GNU time (/usr/bin/time), which runs COMMAND: a
child forked from Python starts with Python's ~14 MiB resident, and the
kernel's high-water mark keeps it across exec, so wait4's ru_maxrss here
would never read below that. GNU time forks from a ~2 MiB process. Its own
start (about a millisecond) is in every figure alike.

Python 3 standard library only.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stdout", default=os.devnull)
    ap.add_argument("--stderr", default=os.devnull)
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not cmd:
        ap.error("no command")
    with tempfile.NamedTemporaryFile("r", prefix="timeit.") as rss, \
            open(args.stdout, "wb") as out, open(args.stderr, "ab") as err:
        timed = ["/usr/bin/time", "-f", "%M %x", "-o", rss.name]
        start = time.perf_counter()
        child = subprocess.Popen(timed + cmd, stdin=subprocess.DEVNULL,
                                 stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = 0  # reaped here; keep Popen from waiting again
        # "%M %x" last; before it GNU time may say "Command exited with
        # non-zero status N" or "Command terminated by signal N" (then %x
        # is -1)
        lines = rss.read().split("\n")
    kib, rc = 0, os.waitstatus_to_exitcode(status)
    for line in lines:
        words = line.split()
        if line.startswith("Command terminated by signal "):
            rc = 128 + int(words[-1])
        elif len(words) == 2 and words[0].isdigit():
            kib = int(words[0])
    if rc < 0:
        rc = 128 - rc
    print(f"{wall:.6f} {usage.ru_utime:.6f} {usage.ru_stime:.6f} {kib} {rc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
