#!/usr/bin/env python3
"""End-to-end tests of `secgate doctor --canary` with Debian's real
gitleaks (8.16 and 8.26): exit 0 when every planted fake credential would
fail the gate; 1, naming why, when the configuration makes the gate blind
(every path excluded, a suppressed rule, a severity override, threshold
none, gitleaks disabled); 3 when the scanner cannot run. The user's working
tree and history are untouched, the temporary repository is removed and no
planted value is printed.
"""
import os
import re
import subprocess
import sys
import tempfile
import unittest

import real_gitleaks
import sgtest

ARGS = None
BINS = {}
# What a planted value looks like (they are fresh each run).
PLANTED = re.compile(r"AKIA[A-Z0-9]{16}|ghp_[A-Za-z0-9]{36}|"
                     r"(?<![A-Za-z0-9])(?:[A-Za-z][0-9]){20}")


class Canary(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.root = self._tmp.name
        self.repo = os.path.join(self.root, "repo")
        self.tmpdir = os.path.join(self.root, "tmp")
        os.makedirs(self.repo)
        os.makedirs(self.tmpdir)
        self.git("init", "-q")
        self.write("src/app.py", "print('hello')\n")
        self.git("add", "-A")
        self.git("commit", "-q", "-m", "start")

    def tearDown(self):
        self._tmp.cleanup()

    def env(self, path):
        e = {k: v for k, v in os.environ.items()
             if k not in ("GITHUB_ACTIONS", "CI", "SECGATE_CONFIG",
                          "SECGATE_PROFILE", "SECGATE_FAIL_ON")}
        e.update(PATH=":".join([*path, "/usr/bin", "/bin"]), NO_COLOR="1",
                 TMPDIR=self.tmpdir, HOME=self.root,
                 GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
                 GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
        return e

    def git(self, *argv):
        return subprocess.run(["git", *argv], cwd=self.repo, check=True,
                              env=self.env([]), capture_output=True,
                              text=True).stdout

    def write(self, name, text):
        path = os.path.join(self.repo, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)

    def snapshot(self):
        files = []
        for d, _, names in os.walk(self.repo):
            if "/.git" in d + "/" and not d.endswith(".git"):
                continue
            files += [os.path.relpath(os.path.join(d, n), self.repo)
                      for n in names]
        return (self.git("rev-parse", "HEAD"),
                self.git("status", "--porcelain", "--ignored"),
                sorted(f for f in files if not f.startswith(".git/")))

    def canary(self, *argv, path=None, versions=None):
        """Run doctor --canary with each gitleaks; the same result from
        both is asserted by the callers through subTests."""
        results = {}
        for version in versions or sorted(BINS):
            before = self.snapshot()
            p = subprocess.run(
                [ARGS.secgate, "doctor", "--canary", *argv], cwd=self.repo,
                env=self.env(path if path is not None else [BINS[version]]),
                capture_output=True, text=True, errors="replace",
                timeout=120)
            # Never the user's tree or history; nothing left behind.
            self.assertEqual(self.snapshot(), before)
            self.assertEqual(os.listdir(self.tmpdir), [],
                             "the temporary repository was left behind")
            self.assertIsNone(PLANTED.search(p.stdout + p.stderr),
                              "a planted value was printed")
            results[version] = p
        return results

    def config(self, text):
        self.write(".secgate.yml", text)

    def test_a_working_gitleaks_and_a_sane_configuration_catch_everything(self):
        for text in (None, "tools:\n  gitleaks: {}\n",
                     "tools:\n  gitleaks:\n    mode: git\n"):
            if text:
                self.config(text)
            for version, p in self.canary().items():
                with self.subTest(config=text, gitleaks=version):
                    self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
                    self.assertEqual(p.stdout.count("caught:"), 3, p.stdout)
                    self.assertIn("AWS access key id", p.stdout)
                    self.assertIn("GitHub token", p.stdout)

    def test_the_canary_goes_under_the_first_included_folder(self):
        self.config('paths:\n  include: ["services/api/**", "lib/**"]\n'
                    "tools:\n  gitleaks: {}\n")
        for version, p in self.canary().items():
            with self.subTest(gitleaks=version):
                self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
                self.assertIn("at services/api/secgate_canary.py", p.stdout)

    def test_the_profile_from_the_environment_counts(self):
        # SECGATE_PROFILE chooses the profile, for the folder too.
        self.config("tools:\n  gitleaks: {}\nprofiles:\n  api:\n"
                    '    paths:\n      include: ["api/**"]\n')
        for version in sorted(BINS):
            with self.subTest(gitleaks=version):
                env = self.env([BINS[version]])
                env["SECGATE_PROFILE"] = "api"
                p = subprocess.run([ARGS.secgate, "doctor", "--canary"],
                                   cwd=self.repo, env=env,
                                   capture_output=True, text=True,
                                   timeout=120)
                self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
                self.assertIn("at api/secgate_canary.py", p.stdout)
                self.assertIsNone(PLANTED.search(p.stdout + p.stderr))

    def test_from_a_subdirectory(self):
        self.config('paths:\n  include: ["src/**"]\ntools:\n  gitleaks: {}\n')
        env = self.env([BINS["8.26"]])
        p = subprocess.run([ARGS.secgate, "doctor", "--canary"],
                           cwd=os.path.join(self.repo, "src"), env=env,
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("at src/secgate_canary.py", p.stdout)
        self.assertEqual(os.listdir(self.tmpdir), [])
        self.assertEqual(self.git("status", "--porcelain"), "?? .secgate.yml\n")

    def test_a_file_name_the_filters_let_through(self):
        self.config('paths:\n  include: ["app/**/*.go"]\n'
                    "tools:\n  gitleaks: {}\n")
        for version, p in self.canary().items():
            with self.subTest(gitleaks=version):
                self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
                self.assertIn("at app/secgate_canary.go", p.stdout)

    def assert_blind(self, why, *argv):
        for version, p in self.canary(*argv).items():
            with self.subTest(gitleaks=version):
                self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
                self.assertIn("BLIND", p.stdout)
                self.assertIn(why, p.stdout)
                self.assertIn("blind", p.stdout.splitlines()[-1])

    def test_excluding_every_path_is_blind(self):
        self.config('paths:\n  exclude: ["**"]\ntools:\n  gitleaks: {}\n')
        self.assert_blind("path excluded by paths")

    def test_a_suppressed_rule_is_blind(self):
        self.config("tools:\n  gitleaks: {}\nsuppressions:\n"
                    "  - rule: aws-access-token\n"
                    "    reason: \"noisy in our fixtures\"\n")
        self.assert_blind("suppressed (line")
        # Only that credential: the other two are still caught.
        p = self.canary(versions=["8.26"])["8.26"]
        self.assertEqual(p.stdout.count("caught:"), 2, p.stdout)
        self.assertIn("blind to 1 of 3", p.stdout)

    def test_an_override_that_lowers_gitleaks_is_blind(self):
        self.config("tools:\n  gitleaks: {}\noverrides:\n"
                    "  - tool: gitleaks\n    severity: low\n")
        self.assert_blind("low (override at line 4; was high) < threshold high")

    def test_threshold_none_in_the_profile_is_blind(self):
        self.config("tools:\n  gitleaks: {}\nprofiles:\n"
                    "  lax:\n    fail_on: none\n")
        self.assert_blind("threshold none", "--profile", "lax")
        # Without the profile the gate sees.
        for version, p in self.canary().items():
            with self.subTest(gitleaks=version):
                self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

    def test_no_secret_scanner_configured_is_blind(self):
        self.config("tools:\n  gitleaks:\n    enabled: false\n  trivy: {}\n")
        self.assert_blind("gitleaks is disabled")
        self.config("fail_on: high\n")
        self.assert_blind("gitleaks is not enabled")

    def test_the_users_gitleaks_allowlist_counts(self):
        # A .gitleaks.toml that allowlists AWS key ids blinds the gate to
        # them: the canary uses the repository's gitleaks configuration.
        self.config("tools:\n  gitleaks: {}\n")
        self.write(".gitleaks.toml", "[extend]\nuseDefault = true\n\n"
                   "[allowlist]\ndescription = \"too noisy\"\n"
                   "regexes = ['AKIA[A-Z0-9]{16}']\n")
        self.git("add", "-A")
        self.git("commit", "-q", "-m", "gitleaks config")
        self.assert_blind("not reported by the secret scanner")
        p = self.canary(versions=["8.26"])["8.26"]
        self.assertEqual(p.stdout.count("caught:"), 2, p.stdout)

    def test_a_missing_gitleaks_is_exit_3(self):
        empty = os.path.join(self.root, "empty")
        os.makedirs(empty)
        self.config("tools:\n  gitleaks: {}\n")
        p = self.canary(path=[empty], versions=["8.26"])["8.26"]
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assertIn("gitleaks: not found", p.stderr)
        self.assertIn("cannot see", p.stdout)

    def test_a_gitleaks_that_fails_is_exit_3(self):
        self.config("tools:\n  gitleaks:\n"
                    "    args: [--config, /nonexistent/gitleaks.toml]\n")
        for version, p in self.canary().items():
            with self.subTest(gitleaks=version):
                self.assertEqual(p.returncode, 3, p.stdout + p.stderr)

    def test_an_invalid_configuration_is_exit_2(self):
        self.config("fail_on: sometimes\n")
        p = self.canary(versions=["8.26"])["8.26"]
        self.assertEqual(p.returncode, 2, p.stdout + p.stderr)


def main():
    global ARGS, BINS
    ARGS, rest = sgtest.options("tools-dir")
    BINS = real_gitleaks.ensure(ARGS.tools_dir, ARGS.source)
    return sgtest.run([sys.argv[0], *rest])


if __name__ == "__main__":
    sys.exit(main())
