#!/usr/bin/env python3
"""End-to-end tests of `secgate run` with no configuration: every known
scanner that is installed and applies runs (Debian's real gitleaks; the
stand-ins of tests/scanners/bin for Trivy and pip-audit), the rest are
named with the reason and how to get them; none at all is exit 3.
"""
import json
import os
import shutil
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


class RunWithoutConfig(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.root = self._tmp.name
        self.repo = os.path.join(self.root, "repo")
        self.tmpdir = os.path.join(self.root, "tmp")
        self.empty = os.path.join(self.root, "empty-bin")
        for d in (self.repo, self.tmpdir, self.empty):
            os.makedirs(d)
        subprocess.run(["git", "init", "-q", self.repo], check=True)
        self.log = os.path.join(self.root, "calls.log")
        self.system = []

    def tearDown(self):
        self._tmp.cleanup()

    def write(self, name, text):
        path = os.path.join(self.repo, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)

    def secgate(self, *argv, path, **fake):
        e = {k: v for k, v in os.environ.items()
             if k not in ("GITHUB_ACTIONS", "CI", "SECGATE_CONFIG")}
        e.update(PATH=":".join(path + self.system), NO_COLOR="1", TMPDIR=self.tmpdir,
                 FAKE_FIXTURES=os.path.join(ARGS.source, "fixtures", "demo"),
                 FAKE_LOG=self.log)
        for k, v in fake.items():
            e["FAKE_" + k.upper()] = v
        return subprocess.run([ARGS.secgate, *argv], cwd=self.repo, env=e,
                              capture_output=True, text=True,
                              errors="replace", timeout=120)

    def stand_ins(self, *tools):
        """A bin folder with only these stand-in scanners (the stand-ins
        are shell scripts: /usr/bin and /bin come after it)."""
        d = os.path.join(self.root, "stand-ins")
        os.makedirs(d, exist_ok=True)
        for t in tools:
            os.symlink(os.path.join(ARGS.source, "tests", "scanners", "bin", t),
                       os.path.join(d, t))
        self.system = ["/usr/bin", "/bin"]
        return d

    def test_real_gitleaks_fails_a_planted_key_and_passes_a_clean_tree(self):
        self.write("src/app.py", "print('hello')\n")
        for version, bindir in sorted(BINS.items()):
            with self.subTest(gitleaks=version):
                out = os.path.join(self.root, f"clean-{version}.json")
                p = self.secgate("run", "--json", out, path=[bindir])
                self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
                self.assertIn("no .secgate.yml", p.stderr)
                self.assertRegex(p.stderr, r"gitleaks +runs")
                self.assertRegex(p.stderr, r"trivy +skipped: not installed")
                self.assertRegex(p.stderr, r"pip-audit +skipped: not "
                                 r"applicable: no requirements file")
                self.assertRegex(p.stderr, r"codeql +skipped: not applicable")
                self.assertIn("pipx install pip-audit", p.stderr)
                doc = json.loads(read(out))
                self.assertEqual([i["tool"] for i in doc["inputs"]],
                                 ["gitleaks"])
                self.assertIn("PASS", p.stdout.splitlines()[-1])

                key, _, _ = real_gitleaks.fake_credentials()
                self.write("src/keys.py", f'AWS_ACCESS_KEY_ID = "{key}"\n')
                out = os.path.join(self.root, f"leak-{version}.json")
                p = self.secgate("run", "--json", out, path=[bindir])
                self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
                rules = {f["rule_id"] for f in json.loads(read(out))["findings"]}
                self.assertIn("aws-access-token", rules)
                for text in (p.stdout, p.stderr, read(out)):
                    self.assertNotIn(key, text)
                os.remove(os.path.join(self.repo, "src/keys.py"))

    def test_no_scanner_at_all_is_exit_3_naming_what_to_install(self):
        p = self.secgate("run", path=[self.empty])
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assertIn("no scanner can run here", p.stderr)
        for tool, how in (("gitleaks", "apt install gitleaks"),
                          ("trivy", "trivy/releases"),
                          ("pip-audit", "pipx install pip-audit"),
                          ("codeql", "codeql/*.sarif")):
            line = [ln for ln in p.stderr.splitlines()
                    if ln.split()[1:2] == [tool]]
            self.assertEqual(len(line), 1, (tool, p.stderr))
            self.assertIn("skipped", line[0])
            self.assertIn(how, line[0])
        self.assertNotIn("PASS", p.stdout)

    def test_every_installed_scanner_that_applies_runs(self):
        # Stand-ins for Trivy and pip-audit, the real gitleaks, two
        # requirement files, and CodeQL SARIF where its Action leaves it.
        self.write("requirements.txt", "requests==2.19.0\n")
        self.write("requirements/dev.txt", "pytest==3.0.0\n")
        self.write("docs/readme.txt", "not a requirements file\n")
        os.makedirs(os.path.join(self.repo, "codeql"))
        shutil.copy(os.path.join(ARGS.source, "fixtures", "demo",
                                 "codeql.sarif"),
                    os.path.join(self.repo, "codeql", "python.sarif"))
        bins = [self.stand_ins("trivy", "pip-audit"), BINS["8.26"]]
        out = os.path.join(self.root, "all.json")
        p = self.secgate("run", "--json", out, path=bins)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        doc = json.loads(read(out))
        self.assertEqual(sorted(i["tool"] for i in doc["inputs"]),
                         ["codeql", "gitleaks", "pip-audit", "trivy"])
        for tool in ("gitleaks", "trivy", "pip-audit", "codeql"):
            self.assertRegex(p.stderr, tool + r" +runs")
        calls = read(self.log)
        self.assertIn("pip-audit -f json -o", calls)
        self.assertIn("-r requirements.txt -r requirements/dev.txt", calls)
        self.assertNotIn("docs/readme.txt", calls)
        self.assertIn("trivy fs --format json", calls)

    def test_pyproject_alone_makes_pip_audit_apply(self):
        self.write("pyproject.toml", "[project]\nname = 'x'\n")
        p = self.secgate("run", path=[self.stand_ins("pip-audit")],
                         pip_audit="clean")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertRegex(p.stderr, r"pip-audit +runs")
        self.assertRegex(read(self.log), r"pip-audit .* \.\n")

    def test_a_found_scanner_that_fails_fails_the_run(self):
        # The same failure rules as a configured (required) tool.
        p = self.secgate("run", path=[self.stand_ins("trivy"), BINS["8.26"]],
                         trivy="exit2")
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assertIn("secgate: error: trivy: exited with code 2", p.stderr)

    def test_doctor_without_configuration(self):
        p = self.secgate("doctor", path=[self.empty])
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assertIn("apt install gitleaks", p.stdout)
        self.assertIn("no scanner can run here", p.stdout)
        for version, bindir in sorted(BINS.items()):
            with self.subTest(gitleaks=version):
                p = self.secgate("doctor", path=[bindir])
                self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
                self.assertIn("version unknown", p.stdout)
                self.assertIn("executable: " + os.path.realpath(
                    os.path.join(bindir, "gitleaks")), p.stdout)
                runs = [ln for ln in p.stdout.splitlines() if "runs:" in ln]
                self.assertEqual(len(runs), 1, p.stdout)
                if version == "8.16":
                    self.assertIn("gitleaks detect --source . --no-git",
                                  runs[0])
                else:
                    self.assertIn("gitleaks dir --report-format", runs[0])
                self.assertRegex(p.stdout, r"trivy +skipped +not installed")

    def test_a_configuration_without_tools_is_still_a_usage_error(self):
        self.write(".secgate.yml", "fail_on: high\n")
        p = self.secgate("run", path=[BINS["8.26"]])
        self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
        self.assertIn("no tools to run", p.stderr)


def main():
    global ARGS, BINS
    ARGS, rest = sgtest.options("tools-dir")
    BINS = real_gitleaks.ensure(ARGS.tools_dir, ARGS.source)
    return sgtest.run([sys.argv[0], *rest])


if __name__ == "__main__":
    sys.exit(main())
