#!/usr/bin/env python3
"""Memory per finding, on the real binary (issue 16): peak RSS grows with
the number of findings kept, at most a budget per finding above the RSS
of a one-finding run, and not with the size of the input: a SARIF log
whose few results carry large code flows costs about the same with the
reports that show them (they are spooled to a temporary file, not held).

The peak RSS is the child's own (wait4's rusage), so the figures do not
depend on what else the machine runs."""
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import unittest

import sgtest

ARGS = None

# Bytes of peak RSS per secret finding above a one-finding run: issue 16's
# goal. 150,000 findings in 4,000 files cost ~180 here, ~340 before the
# hot/cold split of struct sg_finding.
GITLEAKS_BUDGET = 200
GITLEAKS_N = 150000

RULES = ["aws-access-token", "generic-api-key", "github-pat", "slack-bot-token",
         "private-key", "jwt", "stripe-access-token", "gcp-api-key"]


def gitleaks_finding(rng, i):
    rule = RULES[i % len(RULES)]
    # 4,000 files, as in a large repository's history
    path = "src/m%d/f%d.py" % (i % 4000 % 97, i % 4000)
    secret = "%032x" % rng.getrandbits(128)
    commit = "%040x" % (i % 3000 + 1)
    return {
        "RuleID": rule, "Description": "Found a %s." % rule,
        "StartLine": i % 500 + 1, "EndLine": i % 500 + 1,
        "StartColumn": 5, "EndColumn": 5 + len(secret),
        "Match": "key = %s" % secret, "Secret": secret, "File": path,
        "SymlinkFile": "", "Commit": commit, "Entropy": 4.1,
        "Author": "A", "Email": "a@example.test",
        "Date": "2024-01-01T00:00:00Z", "Message": "m", "Tags": [],
        "Fingerprint": "%s:%s:%s:%d" % (commit, path, rule, i % 500 + 1),
    }


def flow_step(i, n):
    return {"location": {
        "physicalLocation": {
            "artifactLocation": {"uri": "src/step%d.js" % (i % 50)},
            "region": {"startLine": i + 1, "startColumn": 3,
                       "endColumn": 30}},
        "message": {"text": "step %d of %d" % (i, n)}}}


def sarif_result(r, steps):
    return {
        "ruleId": "js/sql-injection", "ruleIndex": 0, "level": "error",
        "message": {"text": "Query built from user input (%d)." % r},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": "src/app%d.js" % r},
            "region": {"startLine": r + 1}}}],
        "partialFingerprints": {"primaryLocationLineHash": "%016x" % r},
        "codeFlows": [{"threadFlows": [{"locations": [
            flow_step(i, steps) for i in range(steps)]}]}],
    }


def sarif_log(n_results, steps):
    results = [sarif_result(r, steps) for r in range(n_results)]
    return {
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{"tool": {"driver": {
            "name": "CodeQL", "version": "2.15.3",
            "rules": [{"id": "js/sql-injection",
                       "shortDescription": {"text": "SQL injection"},
                       "defaultConfiguration": {"level": "error"}}]}},
            "results": results}],
    }


# Run argv[1:]; print its exit code, its peak RSS and the helper's own
# (VmHWM: that of this process's memory, not what a fork inherited).
SPAWN = """
import os, sys
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ, file_actions=[
    (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)])
_, status, usage = os.wait4(pid, 0)
hwm = [l.split()[1] for l in open("/proc/self/status")
       if l.startswith("VmHWM:")]
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss, hwm[0])
"""


class Memory(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="sg-memory.")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def write_items(self, name, head, items, tail):
        """Write head, the items (JSON, comma-separated), tail: streamed,
        so that this process stays small (see peak_kib)."""
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(head)
            for i, item in enumerate(items):
                f.write(("," if i else "") + json.dumps(item))
            f.write(tail)
        return path

    def peak_kib(self, *argv):
        """Run secgate; its own peak RSS in KiB. A child's peak counts
        what it held before exec too, so secgate is started by a small
        helper process, not by this one (which held the documents)."""
        env = dict(os.environ, SECGATE_OFFLINE="1")
        env.pop("GITHUB_ACTIONS", None)
        proc = subprocess.run([sys.executable, "-c", SPAWN, ARGS.secgate,
                               *argv], cwd=self.dir, env=env, text=True,
                              capture_output=True, timeout=600)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        rc, peak, helper = (int(x) for x in proc.stdout.split())
        self.assertEqual(rc, 0, proc.stderr)
        # What the helper held is a floor of the figure: it must be below.
        self.assertLess(helper, peak)
        return peak

    def json_len(self, name, *keys):
        """len() of a member of a JSON file, read by another process (this
        one stays small: see peak_kib)."""
        code = ("import json, sys\nv = json.load(open(sys.argv[1]))\n"
                "for k in sys.argv[2:]:\n"
                "    v = v[int(k)] if k.isdigit() else v[k]\n"
                "print(len(v))\n")
        out = subprocess.run([sys.executable, "-c", code,
                              os.path.join(self.dir, name), *keys],
                             check=True, capture_output=True, text=True)
        return int(out.stdout)

    def reports(self):
        return ["--json", os.path.join(self.dir, "r.json"),
                "--junit", os.path.join(self.dir, "r.xml"),
                "--sarif", os.path.join(self.dir, "r.sarif"),
                "--markdown", os.path.join(self.dir, "r.md")]

    def test_gitleaks_bytes_per_finding(self):
        rng = random.Random(16)
        one = self.write_items("one.json", "[", [gitleaks_finding(rng, 0)],
                               "]")
        many = self.write_items("many.json", "[",
                                (gitleaks_finding(rng, i)
                                 for i in range(GITLEAKS_N)), "]")
        base = self.peak_kib("ingest", "--fail-on", "none", one)
        peak = self.peak_kib("ingest", "--fail-on", "none", many)
        per = (peak - base) * 1024 / GITLEAKS_N
        print("gitleaks: base %d KiB, %d findings %d KiB: %.0f B/finding"
              % (base, GITLEAKS_N, peak, per))
        self.assertLessEqual(per, GITLEAKS_BUDGET)
        # It did read them all (a parse that stopped early is cheap too).
        self.peak_kib("ingest", "--fail-on", "none", "--json",
                      os.path.join(self.dir, "r.json"), many)
        self.assertEqual(self.json_len("r.json", "findings"), GITLEAKS_N)

    def test_sarif_extras_not_held_in_memory(self):
        # 1,600 results of 150 steps: ~40 MiB of code flows (a result's
        # are kept up to 64 KiB: the adapter's EXTRAS_MAX).
        n, steps = 1600, 150
        head, tail = json.dumps(sarif_log(0, 0)).split('"results": []')
        log = self.write_items("flows.sarif", head + '"results": [',
                               (sarif_result(r, steps) for r in range(n)),
                               "]" + tail)
        plain = self.peak_kib("ingest", "--fail-on", "none", log)
        full = self.peak_kib("ingest", "--fail-on", "none", *self.reports(),
                             log)
        report_kib = os.path.getsize(os.path.join(self.dir, "r.sarif")) >> 10
        print("sarif: %d KiB of input, %d KiB of SARIF report; peak %d KiB, "
              "with the four reports %d KiB" %
              (os.path.getsize(log) >> 10, report_kib, plain, full))
        # The code flows were kept: most of the report...
        self.assertGreater(report_kib, 32 * 1024)
        # ...but not in memory: the reports cost a few MiB of buffers.
        self.assertLess(full - plain, 8 * 1024)
        # The extras are in the reports all the same.
        self.assertEqual(self.json_len("r.sarif", "runs", "0", "results"), n)
        for r in (0, n - 1):
            self.assertEqual(self.json_len(
                "r.sarif", "runs", "0", "results", str(r), "codeFlows", "0",
                "threadFlows", "0", "locations"), steps)


if __name__ == "__main__":
    ARGS, rest = sgtest.options()
    sys.exit(sgtest.run([sys.argv[0]] + rest))
