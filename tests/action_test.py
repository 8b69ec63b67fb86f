#!/usr/bin/env python3
"""Tests of the composite GitHub Action (action.yml) and the workflow that
uses it (.github/workflows/secgate.yml).

The metadata is checked statically (descriptions, outputs that map to step
outputs, no `${{ ... }}` inside a `run:` body). Then the action's steps run
the way the runner runs them: each `run:` body in order with `bash
--noprofile --norc -eo pipefail`, after substituting the expressions the
runner would (inputs, steps.<id>.outputs, github, runner, env) with a small
evaluator, with temporary files for GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
GITHUB_PATH and GITHUB_ENV. `uses:` steps are simulated: the cache restore
is a hit when $RUNNER_TEMP/secgate/bin/secgate exists. The test installs
there a wrapper that records each call and runs --secgate for everything
but `upload-sarif`, which it only records, so the build step is skipped.
With --build, one more case runs the real build step on a cache miss (a
full CMake build of the tree, about a minute).

Needs PyYAML (Debian: python3-yaml), git and bash; flawfinder for the
self-gate case (skipped without it).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import sgtest

try:
    import yaml
except ImportError:
    sys.stderr.write("action_test: PyYAML is not installed; install it "
                     "(Debian/Ubuntu: apt-get install python3-yaml, or "
                     "scripts/install-deps.sh --test) and run again\n")
    sys.exit(1)

ARGS = None
FAKE_SHA = "0123456789abcdef0123456789abcdef01234567"
TOKEN = "ghs_actionTestFakeToken0123456789"
DEMO_REPORTS = ("codeql.sarif", "gitleaks.json", "pip-audit.json",
                "trivy.json")


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


# ---- a small evaluator for GitHub Actions expressions ----

class ExprError(Exception):
    pass


TOKEN_RE = re.compile(r"""\s*(?:
    (?P<str>'(?:[^']|'')*') |
    (?P<num>-?\d+(?:\.\d+)?) |
    (?P<op>==|!=|&&|\|\||!|\(|\)|\[|\]|\.|,) |
    (?P<id>[A-Za-z_][A-Za-z0-9_-]*)
    )""", re.X)


def tokenize(text):
    pos, out = 0, []
    text = text.strip()
    while pos < len(text):
        m = TOKEN_RE.match(text, pos)
        if not m or m.end() == pos:
            raise ExprError("cannot parse expression %r at %d" % (text, pos))
        pos = m.end()
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
    return out


def to_str(v):
    if v is None:
        return ""
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (dict, list)):
        return json.dumps(v)
    return str(v)


def to_num(v):
    if v is None:
        return 0.0
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str):
        if v.strip() == "":
            return 0.0
        try:
            return float(v)
        except ValueError:
            return float("nan")
    return float("nan")


def truthy(v):
    if isinstance(v, float) and v != v:
        return False
    return v not in (None, False, "", 0, 0.0)


def equal(a, b):
    # Strings compare case-insensitively; mixed types compare as numbers.
    if isinstance(a, str) and isinstance(b, str):
        return a.casefold() == b.casefold()
    if type(a) is type(b) and not isinstance(a, (int, float)):
        return a == b
    return to_num(a) == to_num(b)


class Evaluator:
    """Recursive descent over: || && ! == != ( ) literals, property paths
    (a.b-c, a['b']) and the functions the action uses."""

    def __init__(self, contexts, status):
        self.contexts = contexts
        self.status = status  # "success" or "failure" so far

    def evaluate(self, text):
        self.toks = tokenize(text)
        self.i = 0
        v = self.or_()
        if self.i != len(self.toks):
            raise ExprError("trailing tokens in %r" % text)
        return v

    def peek(self, value=None):
        if self.i < len(self.toks):
            t = self.toks[self.i]
            if value is None or t[1] == value:
                return t
        return None

    def take(self, value=None):
        t = self.peek(value)
        if t is None:
            raise ExprError("expected %r" % value)
        self.i += 1
        return t

    def or_(self):
        v = self.and_()
        while self.peek("||"):
            self.take()
            r = self.and_()
            v = v if truthy(v) else r
        return v

    def and_(self):
        v = self.unary()
        while self.peek("&&"):
            self.take()
            r = self.unary()
            v = r if truthy(v) else v
        return v

    def unary(self):
        if self.peek("!"):
            self.take()
            return not truthy(self.unary())
        return self.compare()

    def compare(self):
        v = self.primary()
        for op in ("==", "!="):
            if self.peek(op):
                self.take()
                r = self.primary()
                return equal(v, r) if op == "==" else not equal(v, r)
        return v

    def primary(self):
        kind, val = self.take()
        if val == "(" and kind == "op":
            v = self.or_()
            self.take(")")
            return v
        if kind == "str":
            return val[1:-1].replace("''", "'")
        if kind == "num":
            return float(val)
        if kind != "id":
            raise ExprError("unexpected %r" % val)
        if val in ("true", "false"):
            return val == "true"
        if val == "null":
            return None
        if self.peek("("):
            return self.call(val)
        v = self.contexts.get(val)
        while True:
            if self.peek("."):
                self.take()
                name = self.take()[1]
                v = v.get(name) if isinstance(v, dict) else None
            elif self.peek("["):
                self.take()
                key = self.or_()
                self.take("]")
                v = v.get(to_str(key)) if isinstance(v, dict) else None
            else:
                return v

    def call(self, name):
        self.take("(")
        args = []
        while not self.peek(")"):
            args.append(self.or_())
            if self.peek(","):
                self.take()
        self.take(")")
        if name == "success":
            return self.status == "success"
        if name == "failure":
            return self.status == "failure"
        if name == "always":
            return True
        if name == "cancelled":
            return False
        if name == "format":
            fmt = to_str(args[0])
            return re.sub(r"\{(\d+)\}",
                          lambda m: to_str(args[int(m.group(1)) + 1]), fmt)
        if name == "contains":
            return to_str(args[1]).casefold() in to_str(args[0]).casefold()
        raise ExprError("function %s() is not supported by this evaluator"
                        % name)


EXPR_RE = re.compile(r"\$\{\{(.*?)\}\}", re.S)


def substitute(text, ev):
    return EXPR_RE.sub(lambda m: to_str(ev.evaluate(m.group(1))), text)


def condition(text, ev):
    text = str(text).strip()
    m = re.fullmatch(r"\$\{\{(.*)\}\}", text, re.S)
    if m:
        text = m.group(1)
    # Without a status function, the runner adds success() &&.
    if not re.search(r"\b(success|failure|always|cancelled)\s*\(", text):
        if ev.status != "success":
            return False
    return truthy(ev.evaluate(text))


def read_outputs(path):
    """The GITHUB_OUTPUT / GITHUB_ENV file format: name=value lines and
    name<<DELIMITER ... DELIMITER blocks; a later value wins."""
    out = {}
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        if "<<" in line and ("=" not in line or
                             line.index("<<") < line.index("=")):
            name, delim = line.split("<<", 1)
            value = []
            while i < len(lines) and lines[i] != delim:
                value.append(lines[i])
                i += 1
            if i >= len(lines):
                raise AssertionError("unterminated %s<<%s" % (name, delim))
            i += 1
            out[name] = "\n".join(value)
        elif "=" in line:
            name, value = line.split("=", 1)
            out[name] = value
        else:
            raise AssertionError("malformed output line %r" % line)
    return out


# ---- the runner ----

class Result:
    def __init__(self):
        self.code = 0
        self.outputs = {}
        self.steps = {}
        self.stdout = ""
        self.stderr = ""
        self.summary = ""
        self.uses = []
        self.ran = []


class ActionRun:
    """One invocation of the composite action, as a workflow step would."""

    def __init__(self, case, inputs, event_name="push", event=None,
                 workspace=None, env=None, github=None):
        self.case = case
        self.inputs = inputs
        self.event_name = event_name
        self.event = event or {}
        self.workspace = workspace or case.workspace
        self.extra_env = env or {}
        self.github_extra = github or {}

    def base_env(self):
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("GITHUB_", "SECGATE_", "RUNNER_",
                                    "INPUT_", "ACTIONS_"))
               and k not in ("CI", "ImageOS", "ImageVersion",
                             "FORCE_COLOR")}
        event_path = os.path.join(self.case.tmp, "event.json")
        with open(event_path, "w") as f:
            json.dump(self.event, f)
        gh = self.github()
        env.update({
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": self.workspace,
            "GITHUB_ACTION_PATH": self.case.action_path,
            "GITHUB_ACTION_REF": "",
            "GITHUB_ACTION_REPOSITORY": "",
            "GITHUB_REPOSITORY": gh["repository"],
            "GITHUB_EVENT_NAME": gh["event_name"],
            "GITHUB_EVENT_PATH": event_path,
            "GITHUB_REF": gh["ref"],
            "GITHUB_SHA": gh["sha"],
            "GITHUB_BASE_REF": gh["base_ref"],
            "GITHUB_HEAD_REF": gh["head_ref"],
            "GITHUB_ACTOR": gh["actor"],
            "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_API_URL": "https://api.github.com",
            "RUNNER_TEMP": self.case.runner_temp,
            "RUNNER_OS": "Linux",
            "RUNNER_ARCH": "X64",
            "ImageOS": "ubuntu24",
            "ImageVersion": "20250101.1.0",
            "HOME": self.case.home,
            "NO_COLOR": "1",
            "ACTION_TEST_LOG": self.case.log,
        })
        env.update(self.extra_env)
        return env

    def github(self):
        pr = self.event_name.startswith("pull_request")
        gh = {
            "repository": "octo/repo",
            "event_name": self.event_name,
            "event": self.event,
            "ref": "refs/pull/7/merge" if pr else "refs/heads/main",
            "sha": FAKE_SHA,
            "base_ref": "main" if pr else "",
            "head_ref": "feature" if pr else "",
            "actor": "octocat",
            "token": TOKEN,
            "workspace": self.workspace,
            "action_path": self.case.action_path,
        }
        gh.update(self.github_extra)
        return gh

    def run(self):
        action = self.case.action
        res = Result()
        env = self.base_env()
        gh = self.github()
        contexts = {
            "github": gh,
            "runner": {"temp": self.case.runner_temp, "os": "Linux",
                       "arch": "X64"},
            "steps": {},
            "env": env,
            "inputs": {},
        }
        ev = Evaluator(contexts, "success")
        for name, spec in action["inputs"].items():
            if name in self.inputs:
                contexts["inputs"][name] = self.inputs[name]
            else:
                contexts["inputs"][name] = substitute(
                    str(spec.get("default", "")), ev)
        unknown = set(self.inputs) - set(action["inputs"])
        if unknown:
            raise AssertionError("unknown inputs %s" % sorted(unknown))

        path_prefix = []
        for index, step in enumerate(action["runs"]["steps"]):
            sid = step.get("id", "__step%d" % index)
            if "if" in step and not condition(step["if"], ev):
                contexts["steps"][sid] = {"outputs": {},
                                          "outcome": "skipped",
                                          "conclusion": "skipped"}
                continue
            if ev.status != "success" and "if" not in step:
                continue
            res.ran.append(step.get("name", sid))
            if "uses" in step:
                outputs = self.simulate_uses(step, ev, res)
                contexts["steps"][sid] = {"outputs": outputs,
                                          "outcome": "success",
                                          "conclusion": "success"}
                continue
            code, outputs = self.run_step(step, ev, env, path_prefix, res)
            outcome = "success" if code == 0 else "failure"
            contexts["steps"][sid] = {"outputs": outputs, "outcome": outcome,
                                      "conclusion": outcome}
            res.steps[sid] = {"code": code, "outputs": outputs}
            if code != 0:
                ev.status = "failure"
                if res.code == 0:
                    res.code = code
        for name, spec in action.get("outputs", {}).items():
            res.outputs[name] = substitute(str(spec["value"]), ev)
        return res

    def simulate_uses(self, step, ev, res):
        with_ = {k: substitute(str(v), ev)
                 for k, v in (step.get("with") or {}).items()}
        res.uses.append((step["uses"], with_))
        if step["uses"].startswith("actions/cache/restore@"):
            installed = os.path.join(with_["path"], "bin", "secgate")
            return {"cache-hit": "true" if os.path.exists(installed)
                    else "false",
                    "cache-primary-key": with_["key"]}
        if step["uses"].startswith("actions/cache/save@"):
            return {}
        raise AssertionError("no simulation for %s" % step["uses"])

    def run_step(self, step, ev, env, path_prefix, res):
        files = {}
        for var in ("GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_PATH",
                    "GITHUB_ENV"):
            fd, files[var] = tempfile.mkstemp(dir=self.case.tmp,
                                              prefix=var.lower())
            os.close(fd)
        step_env = dict(env)
        step_env.update(files)
        if path_prefix:
            step_env["PATH"] = ":".join(path_prefix + [env["PATH"]])
        for k, v in (step.get("env") or {}).items():
            step_env[k] = substitute(str(v), ev)
        assert step.get("shell") == "bash", "run steps use shell: bash"
        script = substitute(step["run"], ev)
        fd, script_path = tempfile.mkstemp(dir=self.case.tmp, suffix=".sh")
        with os.fdopen(fd, "w") as f:
            f.write(script)
        cwd = self.workspace
        if "working-directory" in step:
            cwd = os.path.join(self.workspace,
                               substitute(step["working-directory"], ev))
        p = subprocess.run(["bash", "--noprofile", "--norc", "-eo",
                            "pipefail", script_path], cwd=cwd, env=step_env,
                           capture_output=True, text=True, errors="replace",
                           timeout=ARGS.step_timeout)
        res.stdout += p.stdout
        res.stderr += p.stderr
        outputs = read_outputs(files["GITHUB_OUTPUT"])
        with open(files["GITHUB_STEP_SUMMARY"], encoding="utf-8") as f:
            res.summary += f.read()
        with open(files["GITHUB_PATH"], encoding="utf-8") as f:
            for line in f.read().splitlines():
                if line:
                    path_prefix.insert(0, line)
        env.update(read_outputs(files["GITHUB_ENV"]))
        return p.returncode, outputs


WRAPPER = """#!/usr/bin/env bash
# secgate as the action installs it, for the test: records each call and
# runs the real binary, except upload-sarif, which it only records.
{ printf 'call'; printf '\\t%s' "$@"; printf '\\n'; } >> "$ACTION_TEST_LOG"
if [[ ${1:-} == upload-sarif ]]; then
  printf 'token\\t%s\\n' "${GITHUB_TOKEN:+set}" >> "$ACTION_TEST_LOG"
  exit "${ACTION_TEST_UPLOAD_EXIT:-0}"
fi
exec REAL "$@"
"""


class ActionCase(unittest.TestCase):
    action = None
    installed = True  # a cache hit: the wrapper is installed

    @classmethod
    def setUpClass(cls):
        cls.action_path = ARGS.source
        cls.action = load_yaml(os.path.join(ARGS.source, "action.yml"))

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="action-test.")
        self.tmp = self._tmp.name
        self.workspace = os.path.join(self.tmp, "workspace")
        self.runner_temp = os.path.join(self.tmp, "runner-temp")
        self.home = os.path.join(self.tmp, "home")
        self.log = os.path.join(self.tmp, "calls.log")
        for d in (self.workspace, self.runner_temp, self.home):
            os.makedirs(d)
        open(self.log, "w").close()
        if self.installed:
            self.install_wrapper()

    def tearDown(self):
        self._tmp.cleanup()

    def install_wrapper(self):
        bindir = os.path.join(self.runner_temp, "secgate", "bin")
        os.makedirs(bindir, exist_ok=True)
        path = os.path.join(bindir, "secgate")
        with open(path, "w") as f:
            f.write(WRAPPER.replace("REAL", shlex_quote(ARGS.secgate)))
        os.chmod(path, 0o755)

    def demo_reports(self, where=None):
        dest = os.path.join(where or self.workspace, "reports")
        os.makedirs(dest, exist_ok=True)
        for name in DEMO_REPORTS:
            shutil.copy(os.path.join(ARGS.source, "fixtures", "demo", name),
                        dest)

    def calls(self, command=None):
        """The recorded secgate calls (argv lists), --version probes left
        out."""
        out = []
        with open(self.log, encoding="utf-8") as f:
            for line in f.read().splitlines():
                parts = line.split("\t")
                if parts[0] != "call" or parts[1:2] == ["--version"]:
                    continue
                if command is None or parts[1:2] == [command]:
                    out.append(parts[1:])
        return out

    def run_action(self, inputs, **kw):
        res = ActionRun(self, inputs, **kw).run()
        self.last = res
        return res

    def assertRan(self, res, code):
        self.assertEqual(res.code, code,
                         "exit code; stdout:\n%s\nstderr:\n%s"
                         % (res.stdout[-4000:], res.stderr[-4000:]))


def shlex_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


def git(cwd, *argv):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t",
               GIT_CONFIG_NOSYSTEM="1", HOME=cwd)
    subprocess.run(["git", *argv], cwd=cwd, env=env, check=True,
                   capture_output=True)


# ---- the metadata ----

class Metadata(ActionCase):
    def test_action__metadata(self):
        a = self.action
        for key in ("name", "description", "author"):
            self.assertTrue(a.get(key), "action.yml needs %s" % key)
        self.assertLessEqual(len(a["description"]), 125,
                             "the Marketplace shows 125 characters")
        self.assertTrue(a["branding"].get("icon"))
        self.assertIn(a["branding"].get("color"),
                      ("white", "yellow", "blue", "green", "orange", "red",
                       "purple", "gray-dark"))
        self.assertEqual(a["runs"]["using"], "composite")
        for name, spec in a["inputs"].items():
            self.assertRegex(name, r"^[a-z][a-z0-9-]*$", "kebab-case")
            self.assertTrue(spec.get("description"), "input %s" % name)
            self.assertIn("default", spec, "input %s: a default, even ''"
                          % name)
        for name in ("mode", "reports", "config", "profile", "fail-on",
                     "baseline", "diff-base", "sarif-file", "junit-file",
                     "markdown-file", "json-file", "upload-sarif", "token",
                     "working-directory"):
            self.assertIn(name, a["inputs"])
        for name in ("verdict", "blocking", "new", "total", "sarif-file",
                     "junit-file", "exit-code"):
            self.assertIn(name, a["outputs"])

    def test_action__outputs_map_to_step_outputs(self):
        steps = {s["id"]: s for s in self.action["runs"]["steps"]
                 if "id" in s}
        # What the gate step writes to GITHUB_OUTPUT: secgate's own
        # outputs (src/report/report_github.c) and the step's
        # exit-code/verdict.
        written = {"gate": {"verdict", "blocking", "new", "total",
                            "exit-code", "json-file", "junit-file",
                            "sarif-file", "markdown-file"},
                   "upload": {"upload"}}
        for name, spec in self.action["outputs"].items():
            self.assertTrue(spec.get("description"), "output %s" % name)
            m = re.fullmatch(r"\$\{\{\s*steps\.([A-Za-z0-9_-]+)\.outputs"
                             r"\.([A-Za-z0-9_-]+)\s*\}\}", spec["value"])
            self.assertTrue(m, "output %s: value %r" % (name, spec["value"]))
            self.assertIn(m.group(1), steps, "output %s" % name)
            self.assertIn(m.group(2), written.get(m.group(1), ()),
                          "output %s" % name)
            if m.group(2) in ("verdict", "exit-code"):
                self.assertIn(m.group(2) + "=", steps["gate"]["run"],
                              "the gate step writes %s itself" % name)

    def test_action__no_expressions_in_run_bodies(self):
        for step in self.action["runs"]["steps"]:
            if "run" in step:
                self.assertNotIn("${{ inputs.", step["run"],
                                 "script injection in %s" % step.get("name"))
                # Stricter: everything reaches the scripts through env.
                self.assertNotIn("${{", step["run"], step.get("name"))
                self.assertEqual(step.get("shell"), "bash")

    def test_action__step_references_exist(self):
        ids = set()
        for step in self.action["runs"]["steps"]:
            text = json.dumps(step)
            for ref in re.findall(r"steps\.([A-Za-z0-9_-]+)\.", text):
                self.assertIn(ref, ids, "%s uses a later or missing step %s"
                              % (step.get("name"), ref))
            for ref in re.findall(r"inputs\.([A-Za-z0-9_-]+)", text):
                self.assertIn(ref, self.action["inputs"])
            if "id" in step:
                ids.add(step["id"])

    def test_workflow__jobs(self):
        wf_path = os.path.join(ARGS.source, ".github", "workflows",
                               "secgate.yml")
        wf = load_yaml(wf_path)
        on = wf.get("on", wf.get(True))  # YAML 1.1 reads `on` as true
        self.assertIn("push", on)
        self.assertIn("pull_request", on)
        self.assertNotIn("security-events",
                         json.dumps(wf.get("permissions", {})),
                         "security-events: write only in the uploading job")
        runs_tests = gates = False
        for name, job in wf["jobs"].items():
            steps = job["steps"]
            if any("scripts/test.sh" in s.get("run", "") for s in steps):
                runs_tests = True
                self.assertNotIn("security-events",
                                 json.dumps(job.get("permissions", {})))
            for s in steps:
                if s.get("uses") != "./":
                    continue
                gates = True
                w = s.get("with", {})
                self.assertTrue(os.path.isfile(os.path.join(
                    ARGS.source, w["config"])), "the config exists")
                if str(w.get("upload-sarif")).lower() == "true":
                    self.assertEqual(job["permissions"].get(
                        "security-events"), "write", name)
        self.assertTrue(runs_tests, "a job runs scripts/test.sh")
        self.assertTrue(gates, "a job uses the action (uses: ./)")

    def test_workflow__self_config_is_valid(self):
        p = subprocess.run([ARGS.secgate, "config", "validate", "--config",
                            os.path.join(ARGS.source, "fixtures", "action",
                                         "secgate-self.yml")],
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)


# ---- the cache key ----

class CacheKey(ActionCase):
    def key_step(self):
        return next(s for s in self.action["runs"]["steps"]
                    if s.get("id") == "key")

    def key(self, action_path=None, **env):
        case = self
        if action_path:
            case = _Shim(self, action_path)
        r = ActionRun(case, {}, env=env)
        res = Result()
        ev = Evaluator({"github": r.github(), "runner": {}, "steps": {},
                        "env": {}, "inputs": {}}, "success")
        code, outputs = r.run_step(self.key_step(), ev, r.base_env(), [],
                                   res)
        return code, outputs.get("key"), res

    def test_key__stable_and_names_the_image(self):
        code, k1, _ = self.key()
        self.assertEqual(code, 0)
        code, k2, _ = self.key()
        self.assertEqual(k1, k2)
        self.assertRegex(k1, r"^secgate-v1-Linux-X64-ubuntu24-20250101\.1\.0-"
                         r"[0-9a-f]{64}$")
        self.assertNotIn(",", k1)
        _, k3, _ = self.key(ImageVersion="20250202.1.0")
        self.assertNotEqual(k1, k3)
        # GITHUB_ACTION_REF is empty in composite actions: not in the key.
        _, k4, _ = self.key(GITHUB_ACTION_REF="v1/x y")
        self.assertEqual(k1, k4)

    def test_key__changes_with_the_sources(self):
        copy = os.path.join(self.tmp, "action")
        for d in ("src", "adapters", "include"):
            shutil.copytree(os.path.join(ARGS.source, d),
                            os.path.join(copy, d))
        os.makedirs(os.path.join(copy, "scripts"))
        for f in ("CMakeLists.txt", "scripts/install-deps.sh",
                  "scripts/action-build.sh"):
            shutil.copy(os.path.join(ARGS.source, f), os.path.join(copy, f))
        _, original, _ = self.key()
        _, same, _ = self.key(action_path=copy)
        self.assertEqual(original, same)
        with open(os.path.join(copy, "src", "main.c"), "a") as f:
            f.write("\n")
        _, changed, _ = self.key(action_path=copy)
        self.assertNotEqual(original, changed)

    def test_key__linux_only(self):
        code, key, res = self.key(RUNNER_OS="macOS")
        self.assertEqual(code, 2)
        self.assertIsNone(key)
        self.assertIn("::error title=secgate::", res.stdout)


class Reuse(ActionCase):
    def test_reuse__second_use_in_a_job_skips_the_cache(self):
        self.demo_reports()
        inputs = {"mode": "ingest", "reports": "reports/*",
                  "fail-on": "none"}
        res = self.run_action(inputs)
        self.assertRan(res, 0)
        self.assertEqual([u for u, _ in res.uses],
                         ["actions/cache/restore@v4"])  # a hit: no save
        self.assertNotIn("Build secgate", res.ran)
        key = res.steps["key"]["outputs"]["key"]
        self.assertEqual(res.uses[0][1]["key"], key)
        self.assertEqual(res.uses[0][1]["path"],
                         os.path.join(self.runner_temp, "secgate"))
        # What the build step leaves beside the binary.
        with open(os.path.join(self.runner_temp, "secgate", "cache-key"),
                  "w") as f:
            f.write(key + "\n")
        res = self.run_action(inputs)
        self.assertRan(res, 0)
        self.assertEqual(res.uses, [])
        self.assertEqual(res.steps["key"]["outputs"].get("installed"), "true")


class _Shim:
    """An ActionCase with another action path."""

    def __init__(self, case, action_path):
        self.__dict__.update(case.__dict__)
        self.action = case.action
        self.action_path = action_path


# ---- the action, run ----

class Ingest(ActionCase):
    def test_ingest__demo_fails(self):
        self.demo_reports()
        res = self.run_action({
            "mode": "ingest",
            "reports": "reports/*.json\n  reports/codeql.sarif reports/*.json",
            "json-file": "secgate.json", "junit-file": "secgate.xml",
            "sarif-file": "secgate.sarif", "markdown-file": "secgate.md"})
        self.assertRan(res, 1)
        o = res.outputs
        self.assertEqual(o["verdict"], "fail")
        self.assertEqual(o["exit-code"], "1")
        self.assertEqual(o["blocking"], "7")
        self.assertEqual(o["total"], "9")
        self.assertEqual(o["new"], "9")
        for name in ("json-file", "junit-file", "sarif-file",
                     "markdown-file"):
            self.assertTrue(os.path.isfile(
                os.path.join(self.workspace, o[name])), name)
        self.assertIn("## ❌ secgate: failed", res.summary)
        self.assertRegex(res.stdout, r"(?m)^::error file=")
        # Globs expanded, duplicates dropped, only the inputs given passed.
        self.assertEqual(self.calls("ingest"), [[
            "ingest", "--github", "--sarif", "secgate.sarif", "--junit",
            "secgate.xml", "--markdown", "secgate.md", "--json",
            "secgate.json", "--", "reports/gitleaks.json",
            "reports/pip-audit.json", "reports/trivy.json",
            "reports/codeql.sarif"]])

    def test_ingest__fail_on_none_passes(self):
        self.demo_reports()
        res = self.run_action({"mode": "ingest", "reports": "reports/*",
                               "fail-on": "none"})
        self.assertRan(res, 0)
        self.assertEqual(res.outputs["verdict"], "pass")
        self.assertEqual(res.outputs["exit-code"], "0")
        self.assertEqual(res.outputs["blocking"], "0")
        self.assertEqual(res.outputs["total"], "9")
        self.assertIn("## ✅ secgate: passed", res.summary)
        self.assertNotRegex(res.stdout, r"(?m)^::error ")
        self.assertEqual(self.calls("ingest")[0][:4],
                         ["ingest", "--github", "--fail-on", "none"])

    def test_ingest__unset_input_leaves_the_config(self):
        self.demo_reports()
        with open(os.path.join(self.workspace, ".secgate.yml"), "w") as f:
            f.write("fail_on: critical\n")
        res = self.run_action({"mode": "ingest", "reports": "reports/*"})
        self.assertRan(res, 0)  # the demo's worst is high
        self.assertEqual(res.outputs["verdict"], "pass")
        argv = self.calls("ingest")[0]
        for flag in ("--fail-on", "--config", "--profile", "--baseline",
                     "--diff-base", "--sarif", "--json"):
            self.assertNotIn(flag, argv)
        # A set input overrides the file.
        res = self.run_action({"mode": "ingest", "reports": "reports/*",
                               "fail-on": "high"})
        self.assertRan(res, 1)
        self.assertEqual(res.outputs["verdict"], "fail")

    def test_ingest__config_and_profile_inputs(self):
        self.demo_reports()
        os.makedirs(os.path.join(self.workspace, "ci"))
        with open(os.path.join(self.workspace, "ci", "gate.yml"), "w") as f:
            f.write("fail_on: none\nprofiles:\n  strict:\n"
                    "    fail_on: high\n")
        res = self.run_action({"mode": "ingest", "reports": "reports/*",
                               "config": "ci/gate.yml"})
        self.assertRan(res, 0)
        res = self.run_action({"mode": "ingest", "reports": "reports/*",
                               "config": "ci/gate.yml", "profile": "strict"})
        self.assertRan(res, 1)

    def test_ingest__working_directory(self):
        sub = os.path.join(self.workspace, "svc")
        os.makedirs(sub)
        self.demo_reports(sub)
        res = self.run_action({"mode": "ingest",
                               "reports": "reports/**/*.json",
                               "working-directory": "svc",
                               "json-file": "out.json"})
        self.assertRan(res, 1)
        self.assertTrue(os.path.isfile(os.path.join(sub, "out.json")))
        self.assertEqual(res.outputs["json-file"], "out.json")

    def test_ingest__no_matching_report(self):
        self.demo_reports()
        res = self.run_action({"mode": "ingest",
                               "reports": "reports/*.json nothing/*.sarif"})
        self.assertRan(res, 3)
        self.assertIn("::error title=secgate::reports: 'nothing/*.sarif' "
                      "matches no file", res.stdout)
        self.assertEqual(res.outputs["exit-code"], "3")
        self.assertEqual(res.outputs["verdict"], "error")
        self.assertEqual(self.calls("ingest"), [])
        res = self.run_action({"mode": "ingest", "reports": "missing.json"})
        self.assertRan(res, 3)

    def test_ingest__unreadable_report_is_exit_3(self):
        with open(os.path.join(self.workspace, "broken.json"), "w") as f:
            f.write('{"runs": [')
        res = self.run_action({"mode": "ingest", "reports": "broken.json"})
        self.assertRan(res, 3)
        self.assertEqual(res.outputs["verdict"], "error")
        self.assertEqual(res.outputs["exit-code"], "3")


class Inputs(ActionCase):
    def assertUsageError(self, inputs, message):
        res = self.run_action(inputs)
        self.assertRan(res, 2)
        self.assertEqual(res.outputs["exit-code"], "2")
        self.assertEqual(res.outputs["verdict"], "error")
        self.assertIn("::error title=secgate::" + message, res.stdout)
        self.assertEqual(self.calls("ingest") + self.calls("run"), [])
        return res

    def test_inputs__invalid_mode(self):
        self.assertUsageError({"mode": "foo"},
                              "input mode must be 'run' or 'ingest', "
                              "not 'foo'")

    def test_inputs__invalid_values(self):
        self.assertUsageError({"fail-on": "hihg"}, "input fail-on must be")
        self.assertUsageError({"upload-sarif": "yes"},
                              "input upload-sarif must be true or false")
        self.assertUsageError({"working-directory": "nope"},
                              "input working-directory 'nope' is not a "
                              "directory")
        self.assertUsageError({"mode": "ingest"},
                              "mode 'ingest' needs the reports input")
        self.assertUsageError({"mode": "run", "reports": "a.json"},
                              "input reports is for mode 'ingest'")

    def test_inputs__annotation_is_escaped(self):
        res = self.assertUsageError({"mode": "x\n::error::injected%"},
                                    "input mode must be")
        self.assertNotIn("\n::error::injected", res.stdout)
        self.assertIn("x%0A::error::injected%25", res.stdout)

    def test_inputs__secgate_usage_error(self):
        # A bad configuration is secgate's exit 2, recorded the same way.
        self.demo_reports()
        with open(os.path.join(self.workspace, ".secgate.yml"), "w") as f:
            f.write("fail-on: high\n")
        res = self.run_action({"mode": "ingest", "reports": "reports/*"})
        self.assertRan(res, 2)
        self.assertEqual(res.outputs["verdict"], "error")
        self.assertEqual(res.outputs["exit-code"], "2")
        self.assertIn("usage or configuration error", res.stdout)


class RunMode(ActionCase):
    def test_run__custom_tool_clean(self):
        git(self.workspace, "init", "-q")
        tool = os.path.join(self.workspace, "clean-scan.sh")
        with open(tool, "w") as f:
            f.write("#!/bin/sh\ncat <<'EOF'\n" + json.dumps({
                "version": "2.1.0",
                "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
                "runs": [{"tool": {"driver": {"name": "cleanscan",
                                              "version": "1.0"}},
                          "results": []}]}) + "\nEOF\n")
        os.chmod(tool, 0o755)
        with open(os.path.join(self.workspace, ".secgate.yml"), "w") as f:
            f.write("tools:\n  custom:\n    - name: cleanscan\n"
                    "      command: [%s]\n      format: sarif\n"
                    "      output: stdout\n" % json.dumps(tool))
        res = self.run_action({"json-file": "secgate.json"})
        self.assertRan(res, 0)
        self.assertEqual(res.outputs["verdict"], "pass")
        self.assertEqual(res.outputs["total"], "0")
        self.assertEqual(res.outputs["exit-code"], "0")
        self.assertIn("## ✅ secgate: passed", res.summary)
        self.assertEqual(self.calls("run"),
                         [["run", "--github", "--json", "secgate.json"]])
        with open(os.path.join(self.workspace, "secgate.json")) as f:
            report = json.load(f)
        self.assertEqual([i["tool"] for i in report["inputs"]],
                         ["cleanscan"])

    def test_run__failing_tool_is_exit_3(self):
        git(self.workspace, "init", "-q")
        with open(os.path.join(self.workspace, ".secgate.yml"), "w") as f:
            f.write("tools:\n  custom:\n    - name: broken\n"
                    "      command: [\"false\"]\n")
        res = self.run_action({})
        self.assertRan(res, 3)
        self.assertEqual(res.outputs["verdict"], "error")
        self.assertEqual(res.outputs["exit-code"], "3")


class Upload(ActionCase):
    FORK_EVENT = {"pull_request": {"number": 7, "head": {
        "repo": {"full_name": "someone/repo-fork"}},
        "base": {"repo": {"full_name": "octo/repo"}}}}

    def test_upload__fork_pull_request_skips(self):
        self.demo_reports()
        res = self.run_action({"mode": "ingest", "reports": "reports/*",
                               "fail-on": "none", "upload-sarif": "true",
                               "diff-base": "none"},
                              event_name="pull_request",
                              event=self.FORK_EVENT)
        self.assertRan(res, 0)
        self.assertIn("::notice title=secgate::SARIF upload skipped: a pull "
                      "request from a fork", res.stdout)
        self.assertEqual(self.calls("upload-sarif"), [])
        # A SARIF log was still written, to a temporary file.
        self.assertTrue(os.path.isfile(res.outputs["sarif-file"]))
        self.assertTrue(res.outputs["sarif-file"].startswith(
            self.runner_temp))

    def test_upload__fork_pull_request_still_gates(self):
        self.demo_reports()
        res = self.run_action({"mode": "ingest", "reports": "reports/*",
                               "upload-sarif": "true", "diff-base": "none"},
                              event_name="pull_request",
                              event=self.FORK_EVENT)
        self.assertRan(res, 1)
        self.assertEqual(res.outputs["verdict"], "fail")
        self.assertEqual(self.calls("upload-sarif"), [])

    def test_upload__push_uploads(self):
        self.demo_reports()
        res = self.run_action({"mode": "ingest", "reports": "reports/*",
                               "fail-on": "none", "upload-sarif": "true",
                               "sarif-file": "secgate.sarif"})
        self.assertRan(res, 0)
        self.assertEqual(self.calls("upload-sarif"), [[
            "upload-sarif", "secgate.sarif", "--ref", "refs/heads/main",
            "--sha", FAKE_SHA]])
        with open(self.log) as f:
            self.assertIn("token\tset\n", f.read())
        self.assertNotIn(TOKEN, res.stdout + res.stderr)

    def test_upload__same_repository_pull_request_uploads(self):
        self.demo_reports()
        event = {"pull_request": {"number": 7, "head": {
            "repo": {"full_name": "Octo/Repo"}}}}
        res = self.run_action({"mode": "ingest", "reports": "reports/*",
                               "fail-on": "none", "upload-sarif": "true",
                               "diff-base": "none"},
                              event_name="pull_request", event=event)
        self.assertRan(res, 0)
        calls = self.calls("upload-sarif")
        self.assertEqual(len(calls), 1)
        self.assertEqual(calls[0][2:], ["--ref", "refs/pull/7/merge",
                                        "--sha", FAKE_SHA])

    def test_upload__failure_fails_a_passing_gate(self):
        self.demo_reports()
        inputs = {"mode": "ingest", "reports": "reports/*",
                  "fail-on": "none", "upload-sarif": "true"}
        res = self.run_action(inputs, env={"ACTION_TEST_UPLOAD_EXIT": "3"})
        self.assertRan(res, 3)
        self.assertEqual(res.outputs["exit-code"], "0")  # the gate's
        self.assertIn("::error title=secgate::the SARIF upload failed",
                      res.stdout)
        inputs.pop("fail-on")
        res = self.run_action(inputs, env={"ACTION_TEST_UPLOAD_EXIT": "3"})
        self.assertRan(res, 1)  # the gate's verdict wins

    def test_upload__off_by_default(self):
        self.demo_reports()
        res = self.run_action({"mode": "ingest", "reports": "reports/*",
                               "sarif-file": "secgate.sarif"})
        self.assertRan(res, 1)
        self.assertEqual(self.calls("upload-sarif"), [])


class DiffBase(ActionCase):
    SARIF = {"version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "demo-sast", "rules": [
            {"id": "R1", "defaultConfiguration": {"level": "error"}}]}},
        "results": [
            {"ruleId": "R1", "message": {"text": "in the change"},
             "locations": [{"physicalLocation": {
                 "artifactLocation": {"uri": "app/new.py"},
                 "region": {"startLine": 2}}}]},
            {"ruleId": "R1", "message": {"text": "old code"},
             "locations": [{"physicalLocation": {
                 "artifactLocation": {"uri": "app/old.py"},
                 "region": {"startLine": 1}}}]}]}]}

    def make_pull_request_clone(self):
        """origin: main with app/old.py, feature adding app/new.py; main
        moves on after the branch. The workspace is a depth-1 clone of
        feature, like actions/checkout's default."""
        origin = os.path.join(self.tmp, "origin")
        os.makedirs(os.path.join(origin, "app"))
        git(origin, "init", "-q", "-b", "main")
        for i in range(3):
            with open(os.path.join(origin, "app", "old.py"), "a") as f:
                f.write("x%d = %d\n" % (i, i))
            git(origin, "add", ".")
            git(origin, "commit", "-q", "-m", "old %d" % i)
        git(origin, "checkout", "-q", "-b", "feature")
        for i in range(3):
            with open(os.path.join(origin, "app", "new.py"), "a") as f:
                f.write("y%d = %d\n" % (i, i))
            git(origin, "add", ".")
            git(origin, "commit", "-q", "-m", "new %d" % i)
        git(origin, "checkout", "-q", "main")
        with open(os.path.join(origin, "README"), "w") as f:
            f.write("later\n")
        git(origin, "add", ".")
        git(origin, "commit", "-q", "-m", "main moves on")
        os.rmdir(self.workspace)
        git(self.tmp, "clone", "-q", "--depth=1", "--branch", "feature",
            "file://" + origin, self.workspace)
        with open(os.path.join(self.workspace, "scan.sarif"), "w") as f:
            json.dump(self.SARIF, f)

    def test_diff_base__auto_fetches_the_base(self):
        self.make_pull_request_clone()
        res = self.run_action({"mode": "ingest", "reports": "scan.sarif"},
                              event_name="pull_request",
                              event={"pull_request": {"number": 7, "head": {
                                  "repo": {"full_name": "octo/repo"}}}})
        self.assertRan(res, 1)
        self.assertIn("secgate: fetching origin/main", res.stdout)
        argv = self.calls("ingest")[0]
        self.assertEqual(argv[argv.index("--diff-base") + 1], "origin/main")
        self.assertEqual(res.outputs["total"], "2")
        self.assertEqual(res.outputs["blocking"], "1")

    def test_diff_base__off_on_push_and_with_none(self):
        self.make_pull_request_clone()
        res = self.run_action({"mode": "ingest", "reports": "scan.sarif"})
        self.assertRan(res, 1)
        self.assertEqual(res.outputs["blocking"], "2")
        self.assertNotIn("--diff-base", self.calls("ingest")[0])
        res = self.run_action({"mode": "ingest", "reports": "scan.sarif",
                               "diff-base": "none"},
                              event_name="pull_request")
        self.assertEqual(res.outputs["blocking"], "2")
        self.assertNotIn("--diff-base", self.calls("ingest")[-1])

    def test_diff_base__auto_outside_git_warns(self):
        self.demo_reports()
        res = self.run_action({"mode": "ingest", "reports": "reports/*"},
                              event_name="pull_request")
        self.assertRan(res, 1)
        self.assertIn("::warning title=secgate::diff-base auto:", res.stdout)
        self.assertNotIn("--diff-base", self.calls("ingest")[0])


class SelfGate(ActionCase):
    """The workflow's self-gate: flawfinder over this repository's sources
    with fixtures/action/secgate-self.yml must pass."""

    def test_self_gate__repository_passes(self):
        if not shutil.which("flawfinder"):
            self.skipTest("flawfinder is not installed")
        if not os.path.exists(os.path.join(ARGS.source, ".git")):
            self.skipTest("the source is not a git checkout")
        res = self.run_action({"config": "fixtures/action/secgate-self.yml",
                               "diff-base": "none",
                               "json-file": os.path.join(self.tmp,
                                                         "self.json")},
                              workspace=ARGS.source)
        with open(os.path.join(self.tmp, "self.json")) as f:
            report = json.load(f)
        blocking = ["%s %s:%s %s" % (x["rule_id"], x["path"], x["start_line"],
                                     x["title"])
                    for x in report["findings"] if x["blocking"]]
        self.assertEqual(blocking, [], "new flawfinder findings block the "
                         "self-gate: fix them, or document them in "
                         "fixtures/action/secgate-self.yml")
        self.assertRan(res, 0)
        self.assertEqual(report["inputs"][0]["tool"], "flawfinder")


class Build(ActionCase):
    """With --build: a cache miss builds secgate with the action's own
    build step (CMake, Release) and the rest runs on that binary."""

    installed = False  # a cache miss

    def test_build__cache_miss_builds(self):
        self.demo_reports()
        res = self.run_action({"mode": "ingest", "reports": "reports/*"})
        self.assertRan(res, 1)
        self.assertIn("Build secgate", res.ran)
        uses = [u for u, _ in res.uses]
        self.assertEqual(uses, ["actions/cache/restore@v4",
                                "actions/cache/save@v4"])
        installed = os.path.join(self.runner_temp, "secgate")
        self.assertTrue(os.access(os.path.join(installed, "bin", "secgate"),
                                  os.X_OK))
        with open(os.path.join(installed, "cache-key")) as f:
            self.assertEqual(f.read(), res.steps["key"]["outputs"]["key"]
                             + "\n")
        with open(os.path.join(installed, "runtime-packages")) as f:
            self.assertIn("libc6", f.read())
        self.assertEqual(res.outputs["verdict"], "fail")


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--secgate", required=True,
                        help="the secgate binary the action runs")
    parser.add_argument("--source", default=os.path.dirname(
        os.path.dirname(os.path.abspath(__file__))))
    parser.add_argument("--build", action="store_true",
                        help="also run the real build step (slow)")
    parser.add_argument("--step-timeout", type=int, default=600)
    ARGS, rest = parser.parse_known_args()
    ARGS.secgate = os.path.abspath(ARGS.secgate)
    ARGS.source = os.path.abspath(ARGS.source)
    if not ARGS.build:
        # The real build takes minutes: opt-in, and then not a "skip"
        # that would hide a test which never ran.
        del globals()["Build"]
    return sgtest.run([sys.argv[0]] + rest)


if __name__ == "__main__":
    sys.exit(main())
