#!/usr/bin/env python3
"""A SARIF log that names one file many ways gets each result's path right.

The adapter resolves each distinct (uri, uriBaseId, work directory
applies) once per run and reuses the answer (adapters/sarif.c,
resolved_path). This runs the real binary from a subdirectory of a git
repository on results that share a uri but differ in what decides their
path: no base (relative to the work directory, where the file is), a
file:// base, a relative base, and history findings (a commit: paths are
from the repository root, the work directory does not apply), in both
orders, so that no answer is reused where it does not belong; and past
the number of files it remembers.
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

import sgtest

ARGS = None
COMMIT = {"commitSha": "0123456789abcdef0123456789abcdef01234567",
          "commitMessage": "add a"}


def result(n, uri, base=None, history=False):
    art = {"uri": uri}
    if base:
        art["uriBaseId"] = base
    r = {"ruleId": "r", "message": {"text": "m%d" % n},
         "locations": [{"physicalLocation": {
             "artifactLocation": art, "region": {"startLine": n}}}]}
    if history:
        r["partialFingerprints"] = dict(COMMIT)
    return r


class Paths(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.repo = os.path.realpath(self._tmp.name)
        subprocess.run(["git", "init", "-q", self.repo], check=True)
        self.sub = os.path.join(self.repo, "sub")
        os.makedirs(self.sub)
        for name in ("sub/a.py", "b.py"):
            with open(os.path.join(self.repo, name), "w") as f:
                f.write("x\n")

    def tearDown(self):
        self._tmp.cleanup()

    def paths(self, results):
        doc = {"version": "2.1.0", "runs": [{
            "tool": {"driver": {"name": "Semgrep"}},
            "originalUriBaseIds": {
                "SRC": {"uri": "file://" + self.sub + "/"},
                "LIB": {"uri": "lib/"}},
            "results": results}]}
        path = os.path.join(self.sub, "in.sarif")
        out = os.path.join(self.sub, "out.json")
        with open(path, "w") as f:
            json.dump(doc, f)
        env = dict(os.environ, SECGATE_OFFLINE="1", NO_COLOR="1")
        env.pop("GITHUB_ACTIONS", None)
        p = subprocess.run([ARGS.secgate, "ingest", "--fail-on", "none",
                            "--json", out, path], cwd=self.sub, env=env,
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(out) as f:
            findings = json.load(f)["findings"]
        self.assertEqual(len(findings), len(results))
        return {f["message"]: f["path"] for f in findings}

    def test_one_uri_resolved_by_what_decides_its_path(self):
        want = {"m1": "sub/a.py",  # found in the work directory
                "m2": "sub/a.py",  # file:// base in the repository
                "m3": "lib/a.py",  # relative base
                "m4": "a.py",      # history: from the root
                "m5": "sub/a.py",
                "m6": "lib/a.py",
                "m7": "lib/a.py",
                "m8": "a.py"}
        got = self.paths([result(1, "a.py"), result(2, "a.py", "SRC"),
                          result(3, "a.py", "LIB"),
                          result(4, "a.py", history=True),
                          result(5, "a.py"),
                          result(6, "a.py", "LIB", history=True),
                          result(7, "a.py", "LIB"),
                          result(8, "a.py", history=True)])
        self.assertEqual(got, want)

    def test_the_same_when_history_comes_first(self):
        got = self.paths([result(1, "a.py", history=True),
                          result(2, "a.py"),
                          result(3, "a.py", history=True),
                          result(4, "b.py"),
                          result(5, "b.py", history=True)])
        self.assertEqual(got, {"m1": "a.py", "m2": "sub/a.py",
                               "m3": "a.py", "m4": "b.py", "m5": "b.py"})

    def test_right_past_the_files_it_remembers(self):
        # More distinct files than the memo keeps (PATH_MEMO_MAX, 16384):
        # the later ones are resolved each time, as rightly.
        # The memo fills while the results are read (uris without a
        # base), then the tail is resolved without it: as it is read, and
        # when the run closes (with a base).
        many = [result(i, "f%d.py" % i) for i in range(1, 16501)]
        tail = [result(16501, "a.py"),
                result(16502, "a.py", history=True),
                result(16503, "a.py", "LIB"),
                result(16504, "a.py", "SRC"),
                result(16505, "f1.py", "LIB")]
        got = self.paths(many + tail)
        self.assertEqual(got["m1"], "f1.py")
        self.assertEqual(got["m16500"], "f16500.py")
        self.assertEqual([got["m%d" % i] for i in range(16501, 16506)],
                         ["sub/a.py", "a.py", "lib/a.py", "sub/a.py",
                          "lib/f1.py"])


if __name__ == "__main__":
    ARGS, rest = sgtest.options()
    sys.exit(sgtest.run([sys.argv[0]] + rest))
