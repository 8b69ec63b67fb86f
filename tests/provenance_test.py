#!/usr/bin/env python3
"""End-to-end test of tool provenance: `secgate run` records, next to each
scanner's version, the executable that ran (symbolic links resolved) and
its SHA-256, in the evidence record and the JSON report; reports read by
`ingest` have none. Runs Debian's real gitleaks (8.16 and 8.26).
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import unittest

import real_gitleaks
import sgtest

ARGS = None
BINS = {}


def load(path):
    with open(path) as f:
        return json.load(f)


class Provenance(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.root = self._tmp.name
        self.repo = os.path.join(self.root, "repo")
        os.makedirs(self.repo)
        subprocess.run(["git", "init", "-q", self.repo], check=True)
        with open(os.path.join(self.repo, ".secgate.yml"), "w") as f:
            f.write("tools:\n  gitleaks: {}\n")

    def tearDown(self):
        self._tmp.cleanup()

    def secgate(self, *argv, path):
        e = {k: v for k, v in os.environ.items()
             if k not in ("GITHUB_ACTIONS", "CI")}
        e.update(PATH=":".join([path, "/usr/bin", "/bin"]), NO_COLOR="1")
        return subprocess.run([ARGS.secgate, *argv], cwd=self.repo, env=e,
                              capture_output=True, text=True, timeout=120)

    def test_run_records_the_resolved_executable_and_its_sha256(self):
        for version, bindir in sorted(BINS.items()):
            with self.subTest(gitleaks=version):
                real = os.path.realpath(os.path.join(bindir, "gitleaks"))
                with open(real, "rb") as f:
                    digest = hashlib.sha256(f.read()).hexdigest()
                # Through a symbolic link, as /usr/local/bin often is.
                links = os.path.join(self.root, "links-" + version)
                os.makedirs(links)
                os.symlink(real, os.path.join(links, "gitleaks"))
                ev = os.path.join(self.root, "ev-" + version)
                out = os.path.join(self.root, f"out-{version}.json")
                p = self.secgate("run", "--json", out, "--evidence", ev,
                                 path=links)
                self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
                tool = [t for t in load(os.path.join(ev, "evidence.json"))
                        ["tools"] if t["name"] == "gitleaks"][0]
                self.assertEqual(tool["executable"], real)
                self.assertEqual(tool["sha256"], digest)
                self.assertIsNone(tool["version"])
                md = open(os.path.join(ev, "evidence.md")).read()
                self.assertIn(digest, md)
                self.assertIn("| gitleaks | unknown |", md)
                inp = load(out)["inputs"][0]
                self.assertEqual(inp["executable"],
                                 {"path": real, "sha256": digest})

    def test_ingested_reports_have_no_executable(self):
        out = os.path.join(self.root, "ingest.json")
        report = os.path.join(ARGS.source, "fixtures", "demo", "gitleaks.json")
        p = self.secgate("ingest", "--json", out, report, path="/nonexistent")
        self.assertIn(p.returncode, (0, 1), p.stdout + p.stderr)
        self.assertIsNone(load(out)["inputs"][0]["executable"])


def main():
    global ARGS, BINS
    ARGS, rest = sgtest.options("tools-dir")
    BINS = real_gitleaks.ensure(ARGS.tools_dir, ARGS.source)
    return sgtest.run([sys.argv[0], *rest])


if __name__ == "__main__":
    sys.exit(main())
