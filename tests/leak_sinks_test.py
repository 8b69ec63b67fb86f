#!/usr/bin/env python3
"""The leak test across every sink (issue 11): for every secret in every
gitleaks, Trivy and gitleaks-SARIF report, the repository's own fixtures
and the real ones in ../shared/fixtures/real, no output secgate writes
may contain it: standard output and error, the JSON, JUnit, SARIF and
Markdown reports, the GitHub annotations, step summary and job outputs
(GITHUB_STEP_SUMMARY, GITHUB_OUTPUT), the evidence record (--evidence)
and the baseline. Each sink is also read decoded (JSON strings, XML and
HTML entities, workflow-command %XX escapes, Markdown backslashes), so an
escaped secret counts as leaked. Exits 77 (skipped) without ../shared."""
import argparse
import glob
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import sgtest

ARGS = None

# The keys under which gitleaks, Trivy and SARIF carry the secret itself.
SECRET_KEYS = {"Secret", "Match", "Context", "offender", "line", "Content",
               "Highlighted", "Code"}


def secrets_in(doc, found):
    if isinstance(doc, dict):
        for k, v in doc.items():
            if k in SECRET_KEYS and isinstance(v, str):
                found.add(v)
            elif k == "snippet" and isinstance(v, dict) and \
                    isinstance(v.get("text"), str):
                found.add(v["text"])
            elif k == "Lines" and isinstance(v, list):  # Trivy Code.Lines
                for line in v:
                    if isinstance(line, dict) and \
                            isinstance(line.get("Content"), str):
                        found.add(line["Content"])
            else:
                secrets_in(v, found)
    elif isinstance(doc, list):
        for v in doc:
            secrets_in(v, found)


def interesting(secret):
    s = secret.strip()
    if len(s) < 8 or "REDACTED" in s:
        return False
    # Masked values carry nothing to leak.
    return s.count("*") * 2 < len(s)


def decoded_forms(path, raw):
    forms = [raw, html.unescape(raw)]
    # Workflow commands: %0A, %0D, %25, %3A, %2C.
    forms.append(re.sub(r"%([0-9A-Fa-f]{2})",
                        lambda m: chr(int(m.group(1), 16)), raw))
    forms.append(re.sub(r"\\(.)", r"\1", html.unescape(raw)))  # Markdown
    if path.endswith((".json", ".sarif")):
        try:
            forms.append(json.dumps(json.loads(raw), ensure_ascii=False))
        except ValueError:
            pass
    return forms


class LeakEverySink(unittest.TestCase):
    def reports(self):
        paths = []
        for pattern in ("gitleaks/*/*", "trivy/*/*", "sarif/*/*gitleaks*"):
            paths += [p for p in glob.glob(os.path.join(
                ARGS.source, "fixtures", pattern))
                if not p.endswith((".jsonl", ".error"))]
        real = os.path.join(ARGS.shared, "fixtures", "real")
        self.real = os.path.isdir(real)
        if self.real:
            for pattern in ("gitleaks/*.json", "gitleaks/*.sarif",
                            "trivy/*.json"):
                paths += glob.glob(os.path.join(real, pattern))
        return sorted(paths)

    def outputs(self, report, work):
        """Run every sink over report in work; return {name: text}."""
        env = dict(os.environ)
        env.update({
            "GITHUB_ACTIONS": "true",
            "GITHUB_OUTPUT": os.path.join(work, "github_output"),
            "GITHUB_STEP_SUMMARY": os.path.join(work, "step_summary.md"),
        })
        got = {}
        p = subprocess.run(
            [ARGS.secgate, "ingest", "--fail-on", "none", "--github",
             "--json", "out.json", "--junit", "out.xml", "--sarif",
             "out.sarif", "--markdown", "out.md", "--evidence", "evidence",
             report], cwd=work, env=env, capture_output=True, timeout=60)
        got["ingest stdout (annotations)"] = p.stdout.decode(errors="replace")
        got["ingest stderr"] = p.stderr.decode(errors="replace")
        p = subprocess.run(
            [ARGS.secgate, "baseline", "create", "--baseline",
             "baseline.json", report], cwd=work, capture_output=True,
            timeout=60)
        got["baseline stdout"] = p.stdout.decode(errors="replace")
        got["baseline stderr"] = p.stderr.decode(errors="replace")
        for root, _, files in os.walk(work):
            for name in files:
                path = os.path.join(root, name)
                with open(path, "rb") as f:
                    got[os.path.relpath(path, work)] = \
                        f.read().decode(errors="replace")
        return got

    def test_no_secret_reaches_any_sink(self):
        checked, sinks = 0, set()
        for report in self.reports():
            try:
                with open(report, "rb") as f:
                    doc = json.loads(f.read().decode("utf-8-sig"))
            except ValueError:
                continue  # bad fixtures are covered elsewhere
            found = set()
            secrets_in(doc, found)
            secrets = {s.strip() for s in found if interesting(s)}
            if not secrets:
                continue
            work = tempfile.mkdtemp(prefix="sg-leak.")
            try:
                got = self.outputs(report, work)
            finally:
                shutil.rmtree(work, ignore_errors=True)
            for name, text in got.items():
                sinks.add(name.split("/")[0])
                for form in decoded_forms(name, text):
                    for s in secrets:
                        if s in form:
                            self.fail(f"{report}: a secret reached {name}")
            checked += 1
        self.assertGreater(checked, 0)
        # Every sink was written at least once, or it checked nothing.
        for sink in ("out.json", "out.xml", "out.sarif", "out.md",
                     "github_output", "step_summary.md", "evidence",
                     "baseline.json"):
            self.assertIn(sink, sinks)
        print(f"{checked} reports with secrets, sinks: {sorted(sinks)}")
        if not self.real:
            self.skipTest("../shared absent: the real reports not checked")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--secgate", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--shared", required=True)
    ARGS, rest = ap.parse_known_args()
    ARGS.secgate = os.path.abspath(ARGS.secgate)
    ARGS.shared = os.path.abspath(ARGS.shared)
    sys.exit(sgtest.run([sys.argv[0]] + rest))
