#!/usr/bin/env python3
"""Boundary values of secgate's limits, run on the real binary (issue 11):
suppression expiry to the second, the input size cap at and over, the
nesting depth 512/513, the annotation count 10/11, bidi
controls kept out of the terminal and the JUnit report, a report write
that fails at commit time (the previous file intact, exit 3), and a
baseline never written from an unreadable report, and a failing tool's
stderr redacted from 16 random-looking characters on."""
import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest

import sgtest

ARGS = None

LEAK = {
    "Description": "d", "StartLine": 3, "EndLine": 3, "StartColumn": 1,
    "EndColumn": 9, "Match": "k=REDACTED", "Secret": "REDACTED",
    "File": "app/x.py", "Commit": "", "Entropy": 3.5, "Author": "",
    "Email": "", "Date": "", "Message": "", "Tags": [],
    "RuleID": "generic-api-key", "Fingerprint": "app/x.py:generic-api-key:3",
}

# Every bidi control and LRM/RLM/ALM (Trojan Source), and CSI.
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066",
        "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c", "\u009b"]


class Boundaries(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="sg-bound.")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, text):
        with open(self.path(name), "w", encoding="utf-8") as f:
            f.write(text)
        return self.path(name)

    def sg(self, *argv, env=None, preexec=None):
        e = dict(os.environ)
        e.pop("GITHUB_ACTIONS", None)
        e.update(env or {})
        return subprocess.run([ARGS.secgate, *argv], cwd=self.dir, env=e,
                              capture_output=True, text=True, timeout=60,
                              preexec_fn=preexec)

    def test_expiry_to_the_second(self):
        report = self.write("leaks.json", json.dumps([LEAK]))
        self.write(".secgate.yml",
                   "suppressions:\n  - rule: generic-api-key\n"
                   "    reason: rotating\n    expires: 2026-03-01\n")
        # 2026-03-01T23:59:59Z: the last second of the expiry day.
        last = "1772409599"
        first = str(int(last) + 1)  # 2026-03-02T00:00:00Z
        p = self.sg("ingest", report, env={"SECGATE_NOW": last})
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        p = self.sg("ingest", report, env={"SECGATE_NOW": first})
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertIn("expired", p.stdout + p.stderr)
        # The day before, at its last second and its midnight: suppressed.
        for now in (str(int(last) - 86400), str(int(last) - 86399)):
            p = self.sg("ingest", report, env={"SECGATE_NOW": now})
            self.assertEqual(p.returncode, 0, (now, p.stdout + p.stderr))

    def test_stderr_redaction_threshold_15_16_17(self):
        # A failing tool's stderr tail: random-looking strings of 16+
        # characters go (src/util/redact.c), 15 stay.
        t19, t20, t21 = "aZ3kQ9xW2mT7pL5", "aZ3kQ9xW2mT7pL5v", "bY4jR8wV1nS6qK2uH"
        subprocess.run(["git", "init", "-q", self.dir], check=True)
        self.write(".secgate.yml", (
            "tools:\n  gitleaks: {enabled: false}\n"
            "  trivy: {enabled: false}\n  pip-audit: {enabled: false}\n"
            "  custom:\n    - name: noisy\n      command: [sh, -c, "
            f"\"echo 'a {t19} b {t20} c {t21} d' >&2; exit 2\"]\n"))
        p = self.sg("run")
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assertIn(f"a {t19} b [redacted] c [redacted] d", p.stderr)
        self.assertNotIn(t20, p.stdout + p.stderr)

    def test_run_with_an_unreadable_report_fails(self):
        # A tool that exits 0 with a report that is not one: error, exit 3.
        subprocess.run(["git", "init", "-q", self.dir], check=True)
        self.write(".secgate.yml", (
            "tools:\n  gitleaks: {enabled: false}\n"
            "  trivy: {enabled: false}\n  pip-audit: {enabled: false}\n"
            "  custom:\n    - name: broken\n      format: gitleaks\n"
            "      command: [sh, -c, \"echo '[{\\\"RuleID\\\": '\"]\n"))
        p = self.sg("run")
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assertIn("broken: its report:", p.stderr)

    def test_input_cap_at_and_over(self):
        report = self.write("leaks.json", json.dumps([LEAK]))
        size = os.path.getsize(report)
        p = self.sg("ingest", report,
                    env={"SECGATE_MAX_INPUT_BYTES": str(size)})
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        p = self.sg("ingest", report,
                    env={"SECGATE_MAX_INPUT_BYTES": str(size - 1)})
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assertIn("leaks.json", p.stderr)
        self.assertIn("SECGATE_MAX_INPUT_BYTES", p.stderr)
        # The same through a pipe, where the size is known only by reading.
        with open(report) as f:
            doc = f.read()
        for cap, code in ((size, 1), (size - 1, 3)):
            e = dict(os.environ, SECGATE_MAX_INPUT_BYTES=str(cap))
            e.pop("GITHUB_ACTIONS", None)
            p = subprocess.run([ARGS.secgate, "ingest", "-"], input=doc,
                               cwd=self.dir, env=e, capture_output=True,
                               text=True, timeout=60)
            self.assertEqual(p.returncode, code, (cap, p.stderr))

    def test_nesting_depth_512_and_513(self):
        # The outer array and the finding object are two levels.
        for total, code in ((512, 1), (513, 3)):
            inner = total - 2
            doc = ('[{"Extra": ' + "[" * inner + "]" * inner + "," +
                   json.dumps(LEAK)[1:] + "]")
            report = self.write("deep.json", doc)
            p = self.sg("ingest", report)
            self.assertEqual(p.returncode, code, (total, p.stderr))
            if code == 3:
                self.assertIn("deep.json:1:", p.stderr)
                self.assertIn("nesting deeper than 512", p.stderr)
            else:
                self.assertNotIn("nesting", p.stderr)

    def test_annotation_count_10_and_11(self):
        for n in (10, 11):
            leaks = []
            for i in range(n):
                leak = dict(LEAK)
                leak["StartLine"] = leak["EndLine"] = i + 1
                leak["Fingerprint"] = f"app/x.py:generic-api-key:{i + 1}"
                leaks.append(leak)
            report = self.write("leaks.json", json.dumps(leaks))
            p = self.sg("ingest", "--github", report)
            self.assertEqual(p.returncode, 1, p.stderr)
            lines = p.stdout.splitlines()
            errors = [x for x in lines if x.startswith("::error ")]
            notices = [x for x in lines if x.startswith("::notice::")]
            self.assertEqual(len(errors), 10, (n, p.stdout))
            if n == 10:
                self.assertEqual(notices, [])
            else:
                self.assertEqual(notices, [
                    "::notice::1 more finding is not annotated "
                    "(see the report)"])

    def test_bidi_controls_reach_neither_terminal_nor_junit(self):
        leak = dict(LEAK)
        hostile = "x" + "x".join(BIDI) + "x"
        leak["File"] = "app/" + hostile + ".py"
        leak["Description"] = hostile
        leak["RuleID"] = "rule" + hostile
        report = self.write("leaks.json", json.dumps([leak]))
        junit = self.path("junit.xml")
        p = self.sg("ingest", "--junit", junit, report)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        with open(junit, encoding="utf-8") as f:
            xml = f.read()
        for sink, text in (("stdout", p.stdout), ("stderr", p.stderr),
                           ("junit", xml)):
            for c in BIDI:
                self.assertNotIn(c, text, f"U+{ord(c):04X} in {sink}")
        self.assertIn("rule", xml)

    def test_report_write_failing_at_commit_keeps_previous_file(self):
        report = self.write("leaks.json", json.dumps([LEAK]))
        junit = self.write("junit.xml", "previous\n")

        def small_files():
            # A full disk: writes past 64 bytes fail (EFBIG), not kill.
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))

        p = self.sg("ingest", "--junit", junit, report, preexec=small_files)
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assertIn("JUnit report " + junit, p.stderr)  # names the file
        with open(junit) as f:
            self.assertEqual(f.read(), "previous\n")
        self.assertEqual(sorted(os.listdir(self.dir)),
                         ["junit.xml", "leaks.json"])

    def test_baseline_not_written_from_an_unreadable_report(self):
        good = self.write("leaks.json", json.dumps([LEAK]))
        bad = self.write("broken.json", '[{"RuleID": ')
        base = self.path("baseline.json")
        for action in ("create", "update"):
            p = self.sg("baseline", action, "--baseline", base, good, bad)
            self.assertEqual(p.returncode, 3, (action, p.stdout + p.stderr))
            self.assertFalse(os.path.exists(base), action)
        p = self.sg("baseline", "create", "--baseline", base, good)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        with open(base) as f:
            before = f.read()
        p = self.sg("baseline", "update", "--baseline", base, good, bad)
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        with open(base) as f:
            self.assertEqual(f.read(), before)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--secgate", required=True)
    ap.add_argument("--source", required=True)
    ARGS, rest = ap.parse_known_args()
    sys.exit(sgtest.run([sys.argv[0]] + rest))
