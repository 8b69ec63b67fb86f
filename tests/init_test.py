#!/usr/bin/env python3
"""End-to-end tests of `secgate init`: the configuration it writes for a
repository (validated by secgate itself and used by doctor and run), no
overwrite without --force, --baseline (with Debian's real gitleaks),
--hook and --github.
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


class Init(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.root = self._tmp.name
        self.repo = os.path.join(self.root, "repo")
        self.tmpdir = os.path.join(self.root, "tmp")
        os.makedirs(self.repo)
        os.makedirs(self.tmpdir)
        subprocess.run(["git", "init", "-q", self.repo], check=True)
        self.config = os.path.join(self.repo, ".secgate.yml")

    def tearDown(self):
        self._tmp.cleanup()

    def write(self, name, text):
        path = os.path.join(self.repo, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)

    def secgate(self, *argv, path=(), cwd=None, **fake):
        e = {k: v for k, v in os.environ.items()
             if k not in ("GITHUB_ACTIONS", "CI", "SECGATE_CONFIG")}
        e.update(PATH=":".join([*path, "/usr/bin", "/bin"]), NO_COLOR="1",
                 TMPDIR=self.tmpdir, HOME=self.root,
                 FAKE_FIXTURES=os.path.join(ARGS.source, "fixtures", "demo"))
        for k, v in fake.items():
            e["FAKE_" + k.upper()] = v
        return subprocess.run([ARGS.secgate, *argv], cwd=cwd or self.repo,
                              env=e, capture_output=True, text=True,
                              errors="replace", timeout=120)

    def doctor_tools(self):
        p = self.secgate("doctor")
        return [ln.split()[0] for ln in p.stdout.splitlines()
                if ln.startswith("  ") and not ln.startswith("   ")]

    def test_python_and_docker_repository(self):
        self.write("requirements.txt", "requests==2.19.0\n")
        self.write("requirements-dev.txt", "pytest==3.0.0\n")
        self.write("deploy/Dockerfile", "FROM debian:12\n")
        p = self.secgate("init", cwd=os.path.join(self.repo, "deploy"))
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        text = read(self.config)  # at the root, not in deploy/
        p = self.secgate("config", "validate")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        p = self.secgate("config", "validate", "--profile", "release")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertEqual(self.doctor_tools(),
                         ["gitleaks", "trivy", "pip-audit", "trivy-config"])
        self.assertIn('requirements: ["requirements-dev.txt", '
                      '"requirements.txt"]', text)
        self.assertIn("trivy, config", text)
        self.assertIn("# - name: trivy-image", text)  # commented example
        self.assertIn("fail_on: high", text)
        self.assertIn("release:", text)
        self.assertIn("baseline: .secgate-baseline.json", text)
        self.assertTrue(all(ln.startswith("#") or not ln.strip()
                            for ln in text.splitlines()[:4]))

    def test_a_plain_repository_gets_gitleaks_and_trivy_only(self):
        self.write("main.c", "int main(void) { return 0; }\n")
        p = self.secgate("init")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertEqual(self.doctor_tools(), ["gitleaks", "trivy"])
        self.assertIn("# pip-audit:", read(self.config))
        self.assertEqual(self.secgate("config", "validate").returncode, 0)

    def test_never_overwrites_without_force(self):
        self.write(".secgate.yml", "fail_on: low\n")
        p = self.secgate("init")
        self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
        self.assertIn("exists", p.stderr)
        self.assertIn("--force", p.stderr)
        self.assertEqual(read(self.config), "fail_on: low\n")
        p = self.secgate("init", "--force")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("gitleaks:", read(self.config))
        # A second init is refused too.
        before = read(self.config)
        self.assertEqual(self.secgate("init").returncode, 2)
        self.assertEqual(read(self.config), before)

    def test_the_other_spelling_counts_as_existing(self):
        self.write(".secgate.yaml", "fail_on: low\n")
        self.assertEqual(self.secgate("init").returncode, 2)
        self.assertFalse(os.path.exists(self.config))

    def test_baseline_starts_green_and_new_findings_block(self):
        key, _, _ = real_gitleaks.fake_credentials()
        self.write("old/settings.py", f'AWS_ACCESS_KEY_ID = "{key}"\n')
        bins = [BINS["8.26"], os.path.join(ARGS.source, "tests", "scanners",
                                           "bin")]
        p = self.secgate("init", "--baseline", path=bins, trivy="clean")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        base = os.path.join(self.repo, ".secgate-baseline.json")
        doc = json.loads(read(base))
        text = json.dumps(doc)
        self.assertIn("aws-access-token", text)
        self.assertNotIn(key, text)
        self.assertIn("new_only: true", read(self.config))
        p = self.secgate("run", path=bins, trivy="clean")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        new_key, _, _ = real_gitleaks.fake_credentials()
        self.write("src/new.py", f'AWS_ACCESS_KEY_ID = "{new_key}"\n')
        p = self.secgate("run", path=bins, trivy="clean")
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        for t in (p.stdout, p.stderr):
            self.assertNotIn(new_key, t)

    def test_baseline_not_written_when_a_scanner_fails(self):
        bins = [BINS["8.26"], os.path.join(ARGS.source, "tests", "scanners",
                                           "bin")]
        p = self.secgate("init", "--baseline", path=bins, trivy="exit2")
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assertTrue(os.path.exists(self.config))
        self.assertFalse(os.path.exists(
            os.path.join(self.repo, ".secgate-baseline.json")))

    def test_hook(self):
        p = self.secgate("init", "--hook")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        hook = os.path.join(self.repo, ".git", "hooks", "pre-push")
        self.assertIn("run --pre-push", read(hook))
        self.assertTrue(os.access(hook, os.X_OK))

    def test_github_workflow(self):
        self.write("pyproject.toml", "[project]\nname = 'x'\n")
        p = self.secgate("init", "--github")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        wf = os.path.join(self.repo, ".github", "workflows", "secgate.yml")
        text = read(wf)
        self.assertIn("uses: example-org/secgate@v1", text)
        self.assertIn("security-events: write", text)
        self.assertIn("contents: read", text)
        self.assertIn("upload-sarif: true", text)
        self.assertIn("pipx install pip-audit", text)
        self.assertIn("install -y -q gitleaks", text)
        try:
            import yaml
        except ImportError:
            yaml = None
        if yaml:
            doc = yaml.safe_load(text)
            job = doc["jobs"]["secgate"]
            self.assertEqual(job["permissions"],
                             {"contents": "read", "security-events": "write"})
            self.assertEqual(doc["permissions"], {})
            step = [s for s in job["steps"] if s.get("name") == "secgate"][0]
            self.assertEqual(step["with"]["mode"], "run")
        # Refused the second time; --force and --action.
        self.assertEqual(self.secgate("init", "--github").returncode, 2)
        p = self.secgate("init", "--github", "--force", "--action",
                         "acme/secgate@0123456789abcdef0123456789abcdef01234567")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("uses: acme/secgate@0123456789abcdef", read(wf))
        p = self.secgate("init", "--force", "--action", "evil: x")
        self.assertEqual(p.returncode, 2)

    def test_outside_a_repository_the_working_directory(self):
        p = self.secgate("init", cwd=self.tmpdir)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertTrue(os.path.exists(os.path.join(self.tmpdir,
                                                    ".secgate.yml")))
        # No repository, no hook: a usage error.
        os.remove(os.path.join(self.tmpdir, ".secgate.yml"))
        p = self.secgate("init", "--hook", cwd=self.tmpdir)
        self.assertEqual(p.returncode, 2, p.stdout + p.stderr)


def main():
    global ARGS, BINS
    ARGS, rest = sgtest.options("tools-dir")
    BINS = real_gitleaks.ensure(ARGS.tools_dir, ARGS.source)
    return sgtest.run([sys.argv[0], *rest])


if __name__ == "__main__":
    sys.exit(main())
