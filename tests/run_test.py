#!/usr/bin/env python3
"""End-to-end tests of `secgate run`, `secgate doctor`: real processes.
Stand-in scanners from tests/scanners/bin (first on PATH) check their
arguments and write reports from fixtures/demo, or misbehave on request;
flawfinder (a Debian package) runs for real as a custom SARIF tool.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import sgtest

ARGS = None
SECRETS = ("AKIAFAKEFAKESECRET0042", "ghp_fakeFAKEfake0123456789abcdefABCDEF")


class Run(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.repo = os.path.join(self._tmp.name, "repo")
        self.tmpdir = os.path.join(self._tmp.name, "tmp")
        os.makedirs(self.repo)
        os.makedirs(self.tmpdir)
        subprocess.run(["git", "init", "-q", self.repo], check=True)
        self.log = os.path.join(self._tmp.name, "calls.log")

    def tearDown(self):
        self._tmp.cleanup()

    def config(self, text):
        with open(os.path.join(self.repo, ".secgate.yml"), "w") as f:
            f.write(text)

    def env(self, **fake):
        e = dict(os.environ)
        for k in ("GITHUB_ACTIONS", "CI"):
            e.pop(k, None)
        e["NO_COLOR"] = "1"
        e["PATH"] = os.path.join(ARGS.source, "tests", "scanners", "bin") + \
            ":" + e.get("PATH", "/usr/bin:/bin")
        e["FAKE_FIXTURES"] = os.path.join(ARGS.source, "fixtures", "demo")
        e["FAKE_LOG"] = self.log
        e["TMPDIR"] = self.tmpdir
        e["SECGATE_KILL_GRACE_MS"] = "300"
        for k, v in fake.items():
            e["FAKE_" + k.upper()] = v
        return e

    def run_secgate(self, *argv, timeout=60, **fake):
        return subprocess.run([ARGS.secgate, *argv], cwd=self.repo,
                              env=self.env(**fake), capture_output=True,
                              text=True, errors="replace", timeout=timeout)

    def assert_no_leftovers(self):
        self.assertEqual(os.listdir(self.tmpdir), [], "temporary files left")

    def test_all_three_tools_gate_end_to_end(self):
        self.config("tools:\n  gitleaks: {}\n  trivy: {}\n  pip-audit: {}\n")
        out = os.path.join(self._tmp.name, "out.json")
        p = self.run_secgate("run", "--json", out)
        self.assertEqual(p.returncode, 1, p.stderr)
        doc = json.load(open(out))
        tools = {i["tool"]: i for i in doc["inputs"]}
        self.assertEqual(set(tools), {"gitleaks", "trivy", "pip-audit"})
        self.assertEqual(tools["gitleaks"]["findings"], 2)
        self.assertEqual(tools["trivy"]["findings"], 4)
        self.assertEqual(tools["pip-audit"]["findings"], 2)
        # Each tool's version is recorded (gitleaks' report has none).
        self.assertEqual(tools["gitleaks"]["tool_version"], "8.21.2")
        self.assertEqual(tools["pip-audit"]["tool_version"], "2.7.3")
        self.assertTrue(all(i["status"] == "ok" for i in doc["inputs"]))
        # The documented command lines (no shell, machine-readable output).
        calls = open(self.log).read()
        self.assertIn("gitleaks dir --report-format json --report-path", calls)
        self.assertIn("trivy fs --format json --output", calls)
        self.assertIn("pip-audit -f json -o", calls)
        # CI: one line per tool as it finishes.
        for t in ("gitleaks", "trivy", "pip-audit"):
            self.assertIn(f"secgate: {t} finished in", p.stderr)
        self.assert_no_leftovers()

    def test_clean_scans_pass(self):
        self.config("tools:\n  gitleaks: {}\n  trivy: {}\n")
        p = self.run_secgate("run", gitleaks="clean", trivy="clean")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("PASS", p.stdout)

    def test_tools_flag_picks_tools(self):
        self.config("tools:\n  gitleaks: {}\n  trivy: {}\n")
        p = self.run_secgate("run", "--tools", "trivy", trivy="clean")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertNotIn("gitleaks", open(self.log).read())
        p = self.run_secgate("run", "--tools", "nessus")
        self.assertEqual(p.returncode, 2)

    def test_no_tools_is_a_usage_error(self):
        # A configuration that enables no tool (without one, every
        # installed scanner runs: run_noconfig_test.py).
        self.config("fail_on: high\n")
        p = self.run_secgate("run")
        self.assertEqual(p.returncode, 2)
        self.assertIn("no tools to run", p.stderr)

    def misbehave(self, mode, expect):
        for tool in ("gitleaks", "trivy", "pip-audit"):
            with self.subTest(tool=tool, mode=mode):
                self.config(f"tools:\n  {tool}:\n    timeout: 2s\n")
                start = time.monotonic()
                p = self.run_secgate("run", **{tool.replace("-", "_"): mode})
                self.assertEqual(p.returncode, 3, (p.stdout, p.stderr))
                self.assertIn(f"secgate: error: {tool}", p.stderr)
                self.assertIn(expect, p.stderr)
                for s in SECRETS:
                    self.assertNotIn(s, p.stdout + p.stderr)
                self.assertIn("ERROR", p.stdout.splitlines()[-1])
                self.assertLess(time.monotonic() - start, 30)
                self.assert_no_leftovers()

    def test_exit_code_2_fails_the_run(self):
        self.misbehave("exit2", "exited with code 2")

    def test_a_crash_fails_the_run(self):
        self.misbehave("segv", "SIGSEGV")

    def test_a_timeout_fails_the_run(self):
        self.misbehave("sleep", "timed out after 2 s")

    def test_a_truncated_report_fails_the_run(self):
        self.misbehave("truncated", "truncated")

    def test_no_report_fails_the_run(self):
        self.misbehave("nothing", "wrote no report")

    def test_a_secret_on_stderr_is_not_shown(self):
        self.misbehave("secret", "[redacted]")

    def test_missing_required_and_optional_tools(self):
        self.config("tools:\n  custom:\n    - name: nothere\n"
                    "      command: [definitely-not-a-scanner-xyz]\n"
                    "      required: false\n  trivy: {}\n")
        p = self.run_secgate("run", trivy="clean")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("warning: nothere (optional)", p.stderr)
        self.config("tools:\n  custom:\n    - name: nothere\n"
                    "      command: [definitely-not-a-scanner-xyz]\n")
        p = self.run_secgate("run")
        self.assertEqual(p.returncode, 3)
        self.assertIn("nothere: not found", p.stderr)

    def test_flawfinder_for_real_as_a_custom_sarif_tool(self):
        if not shutil.which("flawfinder"):
            self.skipTest("flawfinder is not installed (scripts/install-deps.sh --test)")
        shutil.copytree(os.path.join(ARGS.source, "fixtures", "run", "src"),
                        os.path.join(self.repo, "src"))
        self.config("tools:\n  custom:\n    - name: flawfinder\n"
                    "      command: [flawfinder, --sarif, src]\n"
                    "      format: sarif\n      output: stdout\n")
        out = os.path.join(self._tmp.name, "out.json")
        p = self.run_secgate("run", "--json", out, "--fail-on", "high")
        self.assertEqual(p.returncode, 1, p.stderr)
        doc = json.load(open(out))
        self.assertEqual(doc["inputs"][0]["tool"], "flawfinder")
        rules = {f["rule_id"] for f in doc["findings"]}
        self.assertIn("FF1001", rules)  # strcpy
        self.assertTrue(all(f["path"] == "src/copy.c" for f in doc["findings"]))

    def test_parallel_jobs(self):
        self.config("tools:\n  gitleaks: {}\n  trivy: {}\n  pip-audit: {}\n")
        p = self.run_secgate("run", "--jobs", "1", gitleaks="clean",
                             trivy="clean", pip_audit="clean")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(self.run_secgate("run", "--jobs", "0").returncode, 2)

    def test_ctrl_c_stops_tools_and_removes_the_temporary_directory(self):
        self.config("tools:\n  gitleaks: {}\n")
        proc = subprocess.Popen([ARGS.secgate, "run"], cwd=self.repo,
                                env=self.env(gitleaks="sleep"),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if os.path.exists(self.log) and "gitleaks dir" in open(self.log).read():
                break
            time.sleep(0.05)
        time.sleep(0.2)
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=20)
        self.assertEqual(proc.returncode, -signal.SIGINT)
        self.assert_no_leftovers()
        # The stand-in's sleep is gone too. Only this test's processes (by
        # their FAKE_LOG): other test runs on the machine sleep as well.
        mine = b"FAKE_LOG=" + self.log.encode()
        left = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open("/proc/%s/environ" % pid, "rb") as f:
                    if mine in f.read().split(b"\0"):
                        left.append(pid)
            except OSError:
                pass  # gone, or a zombie
        self.assertEqual(left, [], "the stand-in's processes survived")

    def test_doctor(self):
        self.config("tools:\n  gitleaks: {}\n  trivy: {}\n")
        p = self.run_secgate("doctor")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("gitleaks", p.stdout)
        self.assertIn("8.21.2", p.stdout)
        self.assertIn("can work", p.stdout)
        self.config("tools:\n  custom:\n    - name: nothere\n"
                    "      command: [definitely-not-a-scanner-xyz]\n")
        p = self.run_secgate("doctor")
        self.assertEqual(p.returncode, 3)
        self.assertIn("MISSING", p.stdout)
        self.config("tools:\n  gitleaks: {timeout: forever}\n")
        self.assertEqual(self.run_secgate("doctor").returncode, 2)


def main():
    global ARGS
    ARGS, rest = sgtest.options()
    return sgtest.run([sys.argv[0], *rest])


if __name__ == "__main__":
    sys.exit(main())
