#!/usr/bin/env python3
"""Run mode and hook details (issue 11, family 10), with the real binary:
a custom tool's output file is judged by existence after the old one was
removed, not by timestamps; 'hook uninstall' and 'hook install' recognise
only secgate's exact hook; SOURCE_DATE_EPOCH does not move the expiry
clock; the line hash of a huge sparse file is capped.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest
import sgtest

ARGS = None

SARIF = json.dumps({
    "version": "2.1.0",
    "runs": [{"tool": {"driver": {"name": "mytool"}},
              "results": [{"ruleId": "R1", "level": "note",
                           "message": {"text": "m"},
                           "locations": [{"physicalLocation": {
                               "artifactLocation": {"uri": "big.txt"},
                               "region": {"startLine": 1}}}]}]}]})


class Base(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.repo = os.path.join(self._tmp.name, "repo")
        os.makedirs(self.repo)
        subprocess.run(["git", "init", "-q", self.repo], check=True)

    def tearDown(self):
        self._tmp.cleanup()

    def write(self, name, text):
        path = os.path.join(self.repo, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def secgate(self, *argv, env=None, timeout=60):
        e = {k: v for k, v in os.environ.items()
             if not k.startswith("GITHUB_") and k not in
             ("CI", "SOURCE_DATE_EPOCH", "SECGATE_NOW")}
        e["NO_COLOR"] = "1"
        e.update(env or {})
        return subprocess.run([ARGS.secgate, *argv], cwd=self.repo, env=e,
                              capture_output=True, text=True,
                              errors="replace", timeout=timeout)


class CustomToolOutput(Base):
    def config(self, script):
        self.write(".secgate.yml",
                   "tools:\n  custom:\n    - name: mytool\n"
                   "      command: [sh, -c, " + json.dumps(script) + "]\n"
                   "      format: sarif\n      output: out.sarif\n")

    def test_a_report_with_an_old_mtime_is_this_runs_report(self):
        # Written at once, with a timestamp that reads earlier than the
        # start (a coarse clock, or a tool that keeps a cached file's).
        self.config("cat > out.sarif <<'EOF'\n" + SARIF +
                    "\nEOF\ntouch -d @86400 out.sarif")
        p = self.secgate("run")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertNotIn("wrote no report", p.stderr)

    def test_a_report_written_at_once_is_read(self):
        self.config("printf '%s' '" + SARIF + "' > out.sarif")
        for _ in range(5):
            p = self.secgate("run")
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

    def test_an_earlier_runs_report_is_not_read(self):
        # The old file is gone before the tool starts: a tool that
        # writes nothing fails the run even with a fresh-looking file.
        self.write("out.sarif", SARIF)
        future = time.time() + 3600
        os.utime(os.path.join(self.repo, "out.sarif"), (future, future))
        self.config("exit 0")
        p = self.secgate("run")
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assertIn("wrote no report", p.stderr)


class Hook(Base):
    def hook_path(self):
        return os.path.join(self.repo, ".git", "hooks", "pre-push")

    def install(self):
        p = self.secgate("hook", "install")
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(self.hook_path()) as f:
            return f.read()

    def test_uninstall_removes_only_the_exact_hook(self):
        own = self.install()
        p = self.secgate("hook", "uninstall")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertFalse(os.path.exists(self.hook_path()))
        variants = {
            "marker quoted in a foreign hook":
                "#!/bin/sh\n# calls the secgate pre-push hook, then ours\n"
                "secgate run --pre-push && ./ci/lint\n",
            "own hook with a line added": own + "./ci/lint\n",
            "own hook with a line changed":
                own.replace("run --pre-push", "run --pre-push --tools x"),
            "own hook with the recorded path unquoted":
                own.replace("secgate='", "secgate=").replace("'\n", "\n", 1),
            "own text as a prefix only": own[:-1],
        }
        for what, text in variants.items():
            with self.subTest(what=what):
                self.assertNotEqual(text, own)
                with open(self.hook_path(), "w") as f:
                    f.write(text)
                p = self.secgate("hook", "uninstall")
                self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
                with open(self.hook_path()) as f:
                    self.assertEqual(f.read(), text)
                # Nor is it replaced without --force.
                p = self.secgate("hook", "install")
                self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
                with open(self.hook_path()) as f:
                    self.assertEqual(f.read(), text)
        os.remove(self.hook_path())

    def test_a_link_to_the_exact_text_is_not_ours(self):
        own = self.install()
        os.remove(self.hook_path())
        target = os.path.join(self._tmp.name, "shared-hook")
        with open(target, "w") as f:
            f.write(own)
        os.symlink(target, self.hook_path())
        p = self.secgate("hook", "uninstall")
        self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
        self.assertTrue(os.path.islink(self.hook_path()))


class Clock(Base):
    def gate(self, env, expires):
        self.write("in.sarif", SARIF)
        self.write(".secgate.yml", "fail_on: low\nsuppressions:\n"
                   "  - rule: R1\n    reason: accepted for a while\n"
                   f"    expires: {expires}\n")
        out = os.path.join(self._tmp.name, "r.json")
        p = self.secgate("ingest", "--json", out, "in.sarif", env=env)
        with open(out) as f:
            return p, json.load(f)

    def test_an_old_source_date_epoch_does_not_revive_an_expiry(self):
        for epoch in ("0", "1577836800", "1735689599"):
            with self.subTest(epoch=epoch):
                p, doc = self.gate({"SOURCE_DATE_EPOCH": epoch}, "2025-01-01")
                self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
                self.assertEqual(doc["verdict"], "fail")

    def test_source_date_epoch_still_fixes_output_timestamps(self):
        self.write("in.sarif", SARIF)
        out = os.path.join(self._tmp.name, "r.xml")
        p = self.secgate("ingest", "--fail-on", "none", "--junit", out,
                         "in.sarif", env={"SOURCE_DATE_EPOCH": "1577836800"})
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(out) as f:
            self.assertIn('timestamp="2020-01-01T00:00:00"', f.read())

    def test_secgate_now_moves_the_decision_clock_to_the_second(self):
        # Expiry is at the end of the day given (UTC).
        _, doc = self.gate({"SECGATE_NOW": "1735689599"}, "2024-12-31")
        self.assertEqual(doc["verdict"], "pass")
        _, doc = self.gate({"SECGATE_NOW": "1735689600"}, "2024-12-31")
        self.assertEqual(doc["verdict"], "fail")


class LineHash(Base):
    def hash_of(self, prefix, line, size=2 << 30):
        big = os.path.join(self.repo, "big.txt")
        with open(big, "wb") as f:
            f.write(prefix)
            f.truncate(size)  # holes after the prefix
        self.write("in.sarif", SARIF.replace('"startLine": 1',
                                             f'"startLine": {line}'))
        out = os.path.join(self._tmp.name, "r.sarif")
        start = time.monotonic()
        p = self.secgate("ingest", "--fail-on", "none", "--sarif", out,
                         "in.sarif", timeout=600)
        took = time.monotonic() - start
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(out) as f:
            doc = json.load(f)
        result = doc["runs"][0]["results"][0]
        return took, result.get("partialFingerprints", {}).get(
            "primaryLocationLineHash")

    def test_a_line_past_a_huge_sparse_file_is_not_searched_to_the_end(self):
        # The wanted line is past the cap: no hash. 2 GiB must cost what
        # 128 MiB costs (both stop at the cap), under any build.
        small, h = self.hash_of(b"a\nb\n", 7, size=128 << 20)
        self.assertIsNone(h)
        for prefix, line in ((b"", 2), (b"a\nb\n", 7)):
            took, h = self.hash_of(prefix, line)
            self.assertIsNone(h)
            self.assertLess(took, 2 * small + 5,
                            f"2 GiB took {took:.1f} s, 128 MiB {small:.1f} s:"
                            " the line hash read past its cap")

    def test_a_line_near_the_start_still_has_its_hash(self):
        _, h = self.hash_of(b"x = 1\ny = 2\n", 2)
        self.assertIsNotNone(h)


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--secgate", required=True)
    ARGS, rest = ap.parse_known_args()
    ARGS.secgate = os.path.abspath(ARGS.secgate)
    return sgtest.run([sys.argv[0], *rest])


if __name__ == "__main__":
    sys.exit(main())
