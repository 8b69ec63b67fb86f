#!/usr/bin/env python3
"""The GitHub Action as a user copies it from the README.

Every ```yaml block of README.md runs as written: a workflow (`jobs:`) runs
its steps in order, a list of steps runs as one job, and a configuration
is checked with `secgate config validate`. `run:` steps run with `bash -e`
(the runner's default shell) and the stand-in scanners of
tests/scanners/bin on PATH; `uses: actions/checkout` is the prepared
workspace; `uses: <owner>/secgate@<ref>` runs this repository's action.yml
with tests/action_test.py's runner (secgate is the real binary, the SARIF
upload is only recorded). No example may put `${{ ... }}` inside `run:`.

Also the action's own edge cases a user meets: a bad working-directory with
upload-sarif, a pull request from a deleted fork, the `upload` output, and
a cache key that does not depend on the (empty) GITHUB_ACTION_REF.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import action_test as at  # noqa: E402 (the runner and its evaluator)

ARGS = None
FENCE_RE = re.compile(r"^([ \t]*)```yaml[ \t]*\n(.*?)^\1```[ \t]*$",
                      re.M | re.S)


def readme_yaml_blocks():
    with open(os.path.join(ARGS.source, "README.md"), encoding="utf-8") as f:
        text = f.read()
    blocks = []
    for m in FENCE_RE.finditer(text):
        body = textwrap.dedent(m.group(2))
        line = text.count("\n", 0, m.start()) + 1
        blocks.append((line, body, at.yaml.safe_load(body)))
    return blocks


def is_action_use(uses):
    return uses == "./" or re.fullmatch(r"[\w.-]+/secgate@[\w./-]+",
                                        uses) is not None


def run_bodies(node):
    """Every `run:` value under node (steps anywhere in a workflow)."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "run" and isinstance(v, str):
                yield v
            else:
                yield from run_bodies(v)
    elif isinstance(node, list):
        for v in node:
            yield from run_bodies(v)


class Job:
    """One job's steps, as the runner runs them."""

    def __init__(self, case, steps, event_name="push", event=None):
        self.case = case
        self.steps = steps
        self.event_name = event_name
        self.event = event or {}
        self.stdout = ""
        self.action_results = []

    def run(self):
        env = self.case.stand_in_env()
        action_env = {k: env[k] for k in ("PATH", "FAKE_FIXTURES",
                                          "FAKE_LOG")}
        runner = at.ActionRun(self.case, {}, event_name=self.event_name,
                              event=self.event, env=action_env)
        base = runner.base_env()
        base.update(action_env)
        contexts = {"github": runner.github(), "steps": {}, "env": base,
                    "inputs": {},
                    "runner": {"temp": self.case.runner_temp, "os": "Linux",
                               "arch": "X64"}}
        ev = at.Evaluator(contexts, "success")
        for index, step in enumerate(self.steps):
            sid = step.get("id", "__step%d" % index)
            cond = step.get("if")
            if (cond is not None and not at.condition(cond, ev)) or \
                    (cond is None and ev.status != "success"):
                contexts["steps"][sid] = {"outputs": {},
                                          "outcome": "skipped"}
                continue
            uses = step.get("uses")
            if uses and uses.startswith("actions/checkout@"):
                outputs, code = {}, 0
            elif uses and is_action_use(uses):
                inputs = {k: at.to_str(v) for k, v in
                          (step.get("with") or {}).items()}
                res = at.ActionRun(self.case, inputs,
                                   event_name=self.event_name,
                                   event=self.event, env=action_env).run()
                self.stdout += res.stdout
                self.action_results.append(res)
                outputs, code = res.outputs, res.code
            elif uses:
                raise AssertionError("the README uses %s: no stand-in"
                                     % uses)
            else:
                outputs, code = self.run_script(step, ev, base)
            outcome = "success" if code == 0 else "failure"
            contexts["steps"][sid] = {"outputs": outputs,
                                      "outcome": outcome}
            if code != 0 and not step.get("continue-on-error"):
                ev.status = "failure"
        return ev.status

    def run_script(self, step, ev, base):
        env = dict(base)
        for k, v in (step.get("env") or {}).items():
            env[k] = at.substitute(at.to_str(v), ev)
        fd, out = tempfile.mkstemp(dir=self.case.tmp)
        os.close(fd)
        env["GITHUB_OUTPUT"] = out
        script = at.substitute(step["run"], ev)
        shell = ["bash", "-e"]  # the runner's default for `run:`
        if step.get("shell") == "bash":
            shell = ["bash", "--noprofile", "--norc", "-eo", "pipefail"]
        p = subprocess.run(shell + ["-c", script], cwd=self.case.workspace,
                           env=env, capture_output=True, text=True,
                           timeout=at.ARGS.step_timeout)
        self.stdout += p.stdout
        return at.read_outputs(out), p.returncode


class ReadmeCase(at.ActionCase):
    def stand_in_env(self):
        bindir = os.path.join(ARGS.source, "tests", "scanners", "bin")
        return {"PATH": bindir + ":" + os.environ["PATH"],
                "FAKE_FIXTURES": os.path.join(ARGS.source, "fixtures",
                                              "demo"),
                "FAKE_LOG": os.path.join(self.tmp, "scanners.log")}

    def blocks(self, kind):
        out = []
        for line, body, data in readme_yaml_blocks():
            if isinstance(data, dict) and "jobs" in data:
                k = "workflow"
            elif isinstance(data, list):
                k = "steps"
            else:
                k = "config"
            if k == kind:
                out.append((line, body, data))
        return out


class ReadmeExamples(ReadmeCase):
    def test_readme__has_the_examples(self):
        self.assertEqual(len(self.blocks("workflow")), 1)
        self.assertGreaterEqual(len(self.blocks("steps")), 1)
        self.assertGreaterEqual(len(self.blocks("config")), 1)

    def test_readme__no_expressions_in_run(self):
        for line, _, data in readme_yaml_blocks():
            for body in run_bodies(data):
                self.assertNotIn("${{", body, "README.md:%d: pass step "
                                 "outputs and inputs through env:" % line)

    def test_readme__workflow_runs_as_written(self):
        (line, _, wf), = self.blocks("workflow")
        for name, job in wf["jobs"].items():
            job_run = Job(self, job["steps"])
            job_run.run()
            self.assertEqual(len(job_run.action_results), 1, name)
            res = job_run.action_results[0]
            # The demo's reports block: the gate fails, it does not error.
            self.assertEqual(res.outputs["exit-code"], "1",
                             "README.md:%d: the example must reach a "
                             "verdict:\n%s" % (line, res.stdout[-3000:]))
            self.assertEqual(res.outputs["verdict"], "fail")
            self.assertEqual(res.code, 1)
            self.assertEqual(res.outputs["upload"], "ok")
            self.assertEqual(len(self.calls("upload-sarif")), 1)
            self.assertRegex(job_run.stdout, r"secgate said fail \([1-9]\d* "
                             r"blocking; SARIF upload ok\)")

    def test_readme__steps_run_as_written(self):
        # `mode: run` runs the scanners configured under tools: (here the
        # stand-ins), the way the README says to set them up.
        at.git(self.workspace, "init", "-q")
        with open(os.path.join(self.workspace, ".secgate.yml"), "w") as f:
            f.write("tools:\n  gitleaks: {mode: dir}\n  trivy: {mode: fs}\n"
                    "  pip-audit: {requirements: [requirements.txt]}\n")
        open(os.path.join(self.workspace, "requirements.txt"), "w").close()
        for line, _, steps in self.blocks("steps"):
            job_run = Job(self, steps)
            job_run.run()
            self.assertEqual(len(job_run.action_results), 1)
            res = job_run.action_results[0]
            release = any("release" in str(st.get("with", {}))
                          for st in steps)
            if release:
                # The release profile runs the canary: the stand-in
                # gitleaks copies the demo report and cannot see the
                # planted credentials, so the gate is blind and says so
                # (exit 3), as it would with a misconfigured scanner.
                self.assertEqual(res.outputs["exit-code"], "3",
                                 "README.md:%d:\n%s"
                                 % (line, res.stdout[-3000:]))
                self.assertEqual(res.outputs["verdict"], "error")
                self.assertIn("canary: the gate", res.stdout + res.stderr)
                continue
            self.assertEqual(res.outputs["exit-code"], "1",
                             "README.md:%d:\n%s" % (line, res.stdout[-3000:]))
            self.assertEqual(res.outputs["verdict"], "fail")

    def test_readme__configurations_are_valid(self):
        for line, body, _ in self.blocks("config"):
            path = os.path.join(self.tmp, "readme-%d.yml" % line)
            with open(path, "w") as f:
                f.write(body)
            p = subprocess.run([ARGS.secgate, "config", "validate",
                                "--config", path],
                               capture_output=True, text=True)
            self.assertEqual(p.returncode, 0, "README.md:%d: %s(a YAML "
                             "example that is not a workflow, steps or a "
                             "secgate configuration: teach "
                             "tests/readme_action_test.py to run it)"
                             % (line, p.stderr))


class UserEdgeCases(ReadmeCase):
    def test_upload__bad_working_directory_is_exit_2(self):
        res = self.run_action({"mode": "ingest", "reports": "x.json",
                               "upload-sarif": "true",
                               "working-directory": "nope"})
        self.assertRan(res, 2)
        self.assertEqual(res.outputs["exit-code"], "2")
        self.assertEqual(res.outputs["verdict"], "error")
        self.assertEqual(res.outputs["upload"], "skipped")
        self.assertIn("input working-directory 'nope' is not a directory",
                      res.stdout)
        self.assertEqual(self.calls(), [])

    def test_upload__deleted_fork_is_a_fork(self):
        self.demo_reports()
        event = {"pull_request": {"number": 7, "head": {"repo": None},
                                  "base": {"repo": {
                                      "full_name": "octo/repo"}}}}
        res = self.run_action({"mode": "ingest", "reports": "reports/*",
                               "fail-on": "none", "upload-sarif": "true",
                               "diff-base": "none"},
                              event_name="pull_request", event=event)
        self.assertRan(res, 0)
        self.assertEqual(self.calls("upload-sarif"), [])
        self.assertEqual(res.outputs["upload"], "skipped")
        self.assertIn("::notice title=secgate::SARIF upload skipped",
                      res.stdout)

    def test_upload__output_says_what_happened(self):
        self.demo_reports()
        inputs = {"mode": "ingest", "reports": "reports/*",
                  "fail-on": "none", "upload-sarif": "true"}
        res = self.run_action(inputs, env={"ACTION_TEST_UPLOAD_EXIT": "3"})
        self.assertRan(res, 3)
        # The gate passed; the upload did not, and says so.
        self.assertEqual(res.outputs["verdict"], "pass")
        self.assertEqual(res.outputs["exit-code"], "0")
        self.assertEqual(res.outputs["upload"], "failed")
        res = self.run_action(inputs)
        self.assertRan(res, 0)
        self.assertEqual(res.outputs["upload"], "ok")
        inputs["upload-sarif"] = "false"
        res = self.run_action(inputs)
        self.assertRan(res, 0)
        self.assertEqual(res.outputs["upload"], "skipped")
        self.assertIn("upload", self.action["outputs"])

    def test_key__does_not_depend_on_the_action_ref(self):
        step = next(s for s in self.action["runs"]["steps"]
                    if s.get("id") == "key")
        keys = []
        for ref in ("", "v1", "main"):
            r = at.ActionRun(self, {}, env={"GITHUB_ACTION_REF": ref})
            ev = at.Evaluator({"github": r.github(), "runner": {},
                               "steps": {}, "env": {}, "inputs": {}},
                              "success")
            code, outputs = r.run_step(step, ev, r.base_env(), [],
                                       at.Result())
            self.assertEqual(code, 0)
            keys.append(outputs["key"])
        self.assertEqual(len(set(keys)), 1, keys)
        self.assertRegex(keys[0], r"^secgate-v1-Linux-X64-ubuntu24-"
                         r"20250101\.1\.0-[0-9a-f]{64}$")


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--secgate", required=True)
    parser.add_argument("--source", default=os.path.dirname(
        os.path.dirname(os.path.abspath(__file__))))
    parser.add_argument("--step-timeout", type=int, default=600)
    ARGS, rest = parser.parse_known_args()
    ARGS.secgate = os.path.abspath(ARGS.secgate)
    ARGS.source = os.path.abspath(ARGS.source)
    ARGS.build = False
    at.ARGS = ARGS
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
