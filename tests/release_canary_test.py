#!/usr/bin/env python3
"""End-to-end tests of the canary inside a run: `secgate run --profile
release` (and `--canary`) runs `doctor --canary` with Debian's real
gitleaks and puts its result in the evidence record; a blind gate fails
the release (exit 3, verdict error everywhere). The Action's `canary`
input passes --canary (the action's steps run through action_test's
runner).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

import action_test
import real_gitleaks
import sgtest

ARGS = None
BINS = {}
PLANTED = re.compile(r"AKIA[A-Z0-9]{16}|ghp_[A-Za-z0-9]{36}|"
                     r"(?<![A-Za-z0-9])(?:[A-Za-z][0-9]){20}")


def load(path):
    with open(path) as f:
        return json.load(f)


class ReleaseCanary(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.root = self._tmp.name
        self.repo = os.path.join(self.root, "repo")
        self.tmpdir = os.path.join(self.root, "tmp")
        os.makedirs(self.repo)
        os.makedirs(self.tmpdir)
        subprocess.run(["git", "init", "-q", self.repo], check=True)

    def tearDown(self):
        self._tmp.cleanup()

    def config(self, text):
        with open(os.path.join(self.repo, ".secgate.yml"), "w") as f:
            f.write(text)

    def secgate(self, *argv, version="8.26"):
        e = {k: v for k, v in os.environ.items()
             if k not in ("GITHUB_ACTIONS", "CI", "SECGATE_PROFILE")}
        e.update(PATH=":".join([BINS[version], "/usr/bin", "/bin"]),
                 NO_COLOR="1", TMPDIR=self.tmpdir)
        p = subprocess.run([ARGS.secgate, *argv], cwd=self.repo, env=e,
                           capture_output=True, text=True, timeout=120)
        self.assertIsNone(PLANTED.search(p.stdout + p.stderr))
        self.assertEqual(os.listdir(self.tmpdir), [])
        return p

    def test_release_runs_the_canary_into_the_evidence(self):
        self.config("tools:\n  gitleaks: {}\n")
        for version in sorted(BINS):
            with self.subTest(gitleaks=version):
                ev = os.path.join(self.root, "ev-" + version)
                p = self.secgate("run", "--profile", "release", "--evidence",
                                 ev, version=version)
                self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
                record = load(os.path.join(ev, "evidence.json"))
                self.assertEqual(record["canary"],
                                 {"result": "caught", "caught": 3,
                                  "planted": 3, "detail": None})
                with open(os.path.join(ev, "evidence.md")) as f:
                    md = f.read()
                self.assertIn("**caught**, 3 of 3", md)
                self.assertIn("every planted credential", p.stderr)

    def test_a_blind_release_gate_fails_in_every_output(self):
        # The release profile excludes everything: nothing would block.
        self.config("tools:\n  gitleaks: {}\nprofiles:\n  release:\n"
                    "    paths:\n      exclude: [\"**\"]\n")
        ev = os.path.join(self.root, "ev")
        out = os.path.join(self.root, "out.json")
        p = self.secgate("run", "--profile", "release", "--evidence", ev,
                         "--json", out)
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assertIn("ERROR", p.stdout.splitlines()[-1])
        self.assertIn("canary: the gate is blind", p.stderr)
        self.assertIn("path excluded by paths", p.stderr)
        record = load(os.path.join(ev, "evidence.json"))
        self.assertEqual(record["canary"]["result"], "blind")
        self.assertEqual(record["canary"]["caught"], 0)
        self.assertEqual(record["verdict"], "error")
        doc = load(out)
        self.assertEqual(doc["verdict"], "error")
        self.assertEqual(doc["inputs"][-1]["tool"], "canary")
        # Without the release profile the canary does not run.
        p = self.secgate("run", "--evidence", ev)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIsNone(load(os.path.join(ev, "evidence.json"))["canary"])

    def test_a_release_without_a_secret_scanner_records_the_canary_skipped(self):
        # The release checklist alone (a built-in check, no gitleaks).
        with open(os.path.join(self.repo, ".env.production"), "w") as f:
            f.write("DEBUG=false\n")
        self.config("tools:\n  env:\n    files: [.env.production]\n")
        ev = os.path.join(self.root, "ev")
        out = os.path.join(self.root, "out.json")
        p = self.secgate("run", "--profile", "release", "--evidence", ev,
                         "--json", out)
        self.assertIn(p.returncode, (0, 1), p.stdout + p.stderr)
        record = load(os.path.join(ev, "evidence.json"))
        self.assertEqual(record["canary"]["result"], "skipped")
        self.assertIn("no secret scanner", record["canary"]["detail"])
        self.assertNotIn("canary", [i["tool"] for i in load(out)["inputs"]])
        with open(os.path.join(ev, "evidence.md")) as f:
            self.assertIn("not run: no secret scanner", f.read())
        # Asked for explicitly, the canary is blind without gitleaks.
        p = self.secgate("run", "--canary")
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assertIn("gitleaks is not enabled", p.stderr)

    def test_canary_flag_outside_release(self):
        self.config("tools:\n  gitleaks: {}\nfail_on: none\n")
        p = self.secgate("run")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        p = self.secgate("run", "--canary")
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assertIn("threshold none", p.stderr)
        p = self.secgate("ingest", "--canary", "x.json")
        self.assertEqual(p.returncode, 2, p.stdout + p.stderr)


class ActionCanary(action_test.ActionCase):
    def setUp(self):
        super().setUp()
        self._path = os.environ["PATH"]
        os.environ["PATH"] = BINS["8.26"] + ":" + self._path
        subprocess.run(["git", "init", "-q", self.workspace], check=True)
        with open(os.path.join(self.workspace, ".secgate.yml"), "w") as f:
            f.write("tools:\n  gitleaks: {}\n")

    def tearDown(self):
        os.environ["PATH"] = self._path
        super().tearDown()

    def test_action__canary_input(self):
        res = self.run_action({"canary": "true"})
        self.assertRan(res, 0)
        self.assertIn("--canary", self.calls("run")[0])
        self.assertIn("every planted credential", res.stdout + res.stderr)
        res = self.run_action({})
        self.assertRan(res, 0)
        self.assertNotIn("--canary", self.calls("run")[-1])
        with open(os.path.join(self.workspace, ".secgate.yml"), "w") as f:
            f.write("tools:\n  gitleaks: {}\nfail_on: none\n")
        res = self.run_action({"canary": "true"})
        self.assertRan(res, 3)
        self.assertEqual(res.outputs.get("verdict"), "error")
        res = self.run_action({"canary": "yes"})
        self.assertRan(res, 2)
        res = self.run_action({"canary": "true", "mode": "ingest",
                               "reports": "x.json"})
        self.assertRan(res, 2)


def main():
    global ARGS, BINS
    ARGS, rest = sgtest.options("tools-dir")
    action_test.ARGS = argparse.Namespace(secgate=ARGS.secgate,
                                          source=ARGS.source, build=False,
                                          step_timeout=600)
    BINS = real_gitleaks.ensure(ARGS.tools_dir, ARGS.source)
    return sgtest.run([sys.argv[0], *rest])


if __name__ == "__main__":
    sys.exit(main())
