#!/usr/bin/env python3
"""End-to-end tests of `secgate run` and the pre-push hook with Debian's
real gitleaks, as distributions ship it: trixie's 8.16 (only `detect`,
no version string) and sid's 8.26 (`dir`/`git`). Every test runs with both
binaries; a planted credential is freshly generated (fake) each run.
"""
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


def read(path):
    with open(path) as f:
        return f.read()


def load(path):
    return json.loads(read(path))


class RealGitleaks(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.root = self._tmp.name
        self.version = None
        self.log = os.path.join(self.root, "calls.log")
        self.repo = os.path.join(self.root, "repo")
        self.tmpdir = os.path.join(self.root, "tmp")
        os.makedirs(self.repo)
        os.makedirs(self.tmpdir)
        self.git("init", "-q", "-b", "main", self.repo, cwd=self.root)

    def tearDown(self):
        self._tmp.cleanup()

    def git(self, *argv, cwd=None, check=True, env=None):
        return subprocess.run(["git", *argv], cwd=cwd or self.repo,
                              env=env or self.env(), check=check,
                              capture_output=True, text=True)

    def env(self):
        e = {k: v for k, v in os.environ.items()
             if k not in ("GITHUB_ACTIONS", "CI", "GITLEAKS_CONFIG")}
        shim = real_gitleaks.logging_shim(
            BINS[self.version or "8.26"], os.path.join(self.root, "bin"),
            self.log)
        # The real gitleaks (through the logging shim) and secgate itself
        # (the hook calls it); no other gitleaks.
        e["PATH"] = ":".join([shim, os.path.dirname(ARGS.secgate),
                              "/usr/bin", "/bin"])
        e["NO_COLOR"] = "1"
        e["TMPDIR"] = self.tmpdir
        e.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
                 GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com",
                 GIT_CONFIG_NOSYSTEM="1", HOME=self.root)
        return e

    def write(self, name, text):
        path = os.path.join(self.repo, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)

    def commit(self, message):
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD").stdout.strip()

    def plant(self, name="src/settings.py"):
        key_id, secret, token = real_gitleaks.fake_credentials()
        self.write(name, f'AWS_ACCESS_KEY_ID = "{key_id}"\n')
        return key_id

    def secgate(self, *argv, stdin=None):
        return subprocess.run([ARGS.secgate, *argv], cwd=self.repo,
                              env=self.env(), capture_output=True, text=True,
                              input=stdin, errors="replace", timeout=120)

    def calls(self):
        if not os.path.exists(self.log):
            return ""
        with open(self.log) as f:
            return f.read()

    def assert_secret_hidden(self, secret, *texts):
        for t in texts:
            self.assertNotIn(secret, t)

    def use(self, version):
        self.version = version
        if os.path.exists(self.log):
            os.remove(self.log)

    def test_dir_mode_finds_a_planted_key_and_passes_a_clean_tree(self):
        self.write(".secgate.yml", "tools:\n  gitleaks: {}\n")
        self.write("src/app.py", "print('hello')\n")
        for version in sorted(BINS):
            with self.subTest(gitleaks=version):
                self.use(version)
                out = os.path.join(self.root, f"clean-{version}.json")
                p = self.secgate("run", "--json", out)
                self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
                self.assertEqual(load(out)["findings"], [])
                # The command line the binary offers.
                if version == "8.16":
                    self.assertIn("gitleaks detect --source . --no-git", self.calls())
                    self.assertNotIn("gitleaks dir", self.calls())
                else:
                    self.assertIn("gitleaks dir --report-format json", self.calls())
                    self.assertNotIn("gitleaks detect", self.calls())
                key = self.plant()
                out = os.path.join(self.root, f"leak-{version}.json")
                p = self.secgate("run", "--json", out)
                self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
                doc = load(out)
                rules = {(f["rule_id"], f["path"]) for f in doc["findings"]}
                self.assertIn(("aws-access-token", "src/settings.py"), rules)
                self.assert_secret_hidden(key, p.stdout, p.stderr,
                                          read(out))
                os.remove(os.path.join(self.repo, "src/settings.py"))

    def test_the_version_is_unknown_when_the_binary_does_not_say(self):
        # Both Debian builds print "version is set by build process".
        self.write(".secgate.yml", "tools:\n  gitleaks: {}\n")
        for version in sorted(BINS):
            with self.subTest(gitleaks=version):
                self.use(version)
                ev = os.path.join(self.root, "evidence-" + version)
                out = os.path.join(self.root, f"out-{version}.json")
                p = self.secgate("run", "--json", out, "--evidence", ev)
                self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
                record = load(os.path.join(ev, "evidence.json"))
                tool = [t for t in record["tools"] if t["name"] == "gitleaks"][0]
                self.assertIsNone(tool["version"])
                self.assertIsNone(load(out)["inputs"][0]["tool_version"])
                self.assertNotIn("build process", json.dumps(record))

    def test_git_mode_finds_a_key_deleted_from_the_tree_in_history(self):
        self.write(".secgate.yml", "tools:\n  gitleaks:\n    mode: git\n")
        self.write("README", "hello\n")
        self.commit("start")
        key = self.plant()
        leak = self.commit("add settings")
        os.remove(os.path.join(self.repo, "src/settings.py"))
        self.commit("remove settings")
        for version in sorted(BINS):
            with self.subTest(gitleaks=version):
                self.use(version)
                out = os.path.join(self.root, f"git-{version}.json")
                p = self.secgate("run", "--json", out)
                self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
                findings = load(out)["findings"]
                hit = [f for f in findings if f["rule_id"] == "aws-access-token"]
                self.assertEqual(len(hit), 1, findings)
                self.assertEqual(hit[0]["commit"], leak)
                self.assert_secret_hidden(key, p.stdout, p.stderr,
                                          read(out))
                if version == "8.16":
                    self.assertIn("gitleaks detect --source .", self.calls())
                    self.assertNotIn("--no-git", self.calls())
                else:
                    self.assertIn("gitleaks git --report-format", self.calls())
                # The working tree alone is clean.
                p = self.secgate("run", "--json", out, "--tools", "gitleaks",
                                 "--config", self.dir_config())
                self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

    def dir_config(self):
        path = os.path.join(self.root, "dir.yml")
        with open(path, "w") as f:
            f.write("tools:\n  gitleaks: {}\n")
        return path

    def test_pre_push_hook_scans_only_the_pushed_commits(self):
        remote = os.path.join(self.root, "remote.git")
        self.git("init", "-q", "--bare", remote, cwd=self.root)
        self.git("remote", "add", "origin", remote)
        self.write(".secgate.yml", "tools:\n  gitleaks:\n    mode: git\n")
        # An old leak already on the remote (pushed before the hook).
        old_key = self.plant("old/settings.py")
        self.commit("old leak")
        self.git("push", "-q", "origin", "main")
        p = self.secgate("hook", "install")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        for version in sorted(BINS):
            with self.subTest(gitleaks=version):
                self.use(version)
                # A clean commit: the range is remote..local, the old leak is
                # outside it, the push goes through.
                self.write("src/app.py", f"print('{version}')\n")
                clean = self.commit("clean " + version)
                p = self.git("push", "origin", "main", check=False)
                self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
                self.assertIn("--log-opts", self.calls())
                self.assertIn("--not", self.calls().split("--log-opts", 1)[1])
                remote_head = self.git("rev-parse", "main", cwd=remote).stdout
                self.assertEqual(remote_head.strip(), clean)
                # A commit with a new leak: the hook refuses the push.
                key = self.plant(f"src/{version}.py")
                self.commit("leak " + version)
                p = self.git("push", "origin", "main", check=False)
                self.assertNotEqual(p.returncode, 0, p.stdout + p.stderr)
                self.assertIn("aws-access-token", p.stdout + p.stderr)
                self.assert_secret_hidden(key, p.stdout, p.stderr)
                self.assert_secret_hidden(old_key, p.stdout, p.stderr)
                remote_head = self.git("rev-parse", "main", cwd=remote).stdout
                self.assertEqual(remote_head.strip(), clean)
                # Undo the leak for the next version.
                self.git("reset", "-q", "--hard", clean)

    def test_a_gitleaks_error_fails_the_run_with_exit_3(self):
        # gitleaks exits 1 on any error (here a missing --config file): never
        # read as "leaks found" or as a pass.
        self.write(".secgate.yml", "tools:\n  gitleaks:\n"
                   "    args: [--config, missing.toml]\n")
        key = self.plant()
        for version in sorted(BINS):
            with self.subTest(gitleaks=version):
                self.use(version)
                p = self.secgate("run")
                self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
                self.assertIn("secgate: error: gitleaks: exited with code 1",
                              p.stderr)
                self.assertIn("ERROR", p.stdout.splitlines()[-1])
                self.assert_secret_hidden(key, p.stdout, p.stderr)


class ArchiveFromAptConfig(unittest.TestCase):
    """scripts/get-gitleaks.sh takes the archive from the machine's apt
    configuration, in both formats, skipping security/updates mirrors."""

    def archive(self, files):
        with tempfile.TemporaryDirectory() as etc:
            os.makedirs(os.path.join(etc, "sources.list.d"))
            for name, text in files.items():
                with open(os.path.join(etc, name), "w") as f:
                    f.write(text)
            p = subprocess.run(
                ["bash", os.path.join(ARGS.source, "scripts",
                                      "get-gitleaks.sh"), "--print-archive"],
                env=dict(os.environ, APT_ETC=etc), capture_output=True,
                text=True)
            self.assertEqual(p.returncode, 0, p.stderr)
            return p.stdout.split()

    def test_deb822(self):
        self.assertEqual(self.archive({"sources.list.d/debian.sources": (
            "Types: deb\nURIs: http://mirror.invalid/debian-security\n"
            "Suites: bookworm-security\nComponents: main\n\n"
            "# a comment\nTypes: deb deb-src\n"
            "URIs: http://mirror.invalid/debian\n"
            "Suites: bookworm bookworm-updates\nComponents: main\n"
            "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n")}),
            ["http://mirror.invalid/debian",
             "/usr/share/keyrings/debian-archive-keyring.gpg"])

    def test_disabled_stanzas_are_skipped(self):
        self.assertEqual(self.archive({"sources.list.d/a.sources": (
            "Enabled: no\nTypes: deb\nURIs: http://old.invalid/debian\n"
            "Suites: bookworm\nComponents: main\n\n"
            "Types: deb\nURIs: http://new.invalid/debian\n"
            "Suites: bookworm\nComponents: main\n")}),
            ["http://new.invalid/debian"])

    def test_one_line_format(self):
        self.assertEqual(self.archive({"sources.list": (
            "# comment\n"
            "deb [arch=amd64 signed-by=/k.gpg] http://m.invalid/debian-security"
            " bookworm-security main\n"
            "deb-src http://m.invalid/debian bookworm main\n"
            "deb [signed-by=/k.gpg] http://m.invalid/debian bookworm main\n")}),
            ["http://m.invalid/debian", "/k.gpg"])

    def test_nothing_configured(self):
        self.assertEqual(self.archive({}), [])


def main():
    global ARGS, BINS
    ARGS, rest = sgtest.options("tools-dir")
    BINS = real_gitleaks.ensure(ARGS.tools_dir, ARGS.source)
    return sgtest.run([sys.argv[0], *rest])


if __name__ == "__main__":
    sys.exit(main())
