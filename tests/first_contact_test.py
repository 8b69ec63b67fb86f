#!/usr/bin/env python3
"""First contact (issue 10) and "outputs agree with the exit code": the
command line a seasoned user expects (options anywhere, named option
errors, help for every command), a baseline that never loses other tools'
entries, run mode and hook details, and reports and messages that state
the real verdict. Every test runs the real binary.
"""
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

import sgtest

ARGS = None


def load(path):
    with open(path) as f:
        return json.load(f)


def read(path):
    with open(path, errors="replace") as f:
        return f.read()


def demo(name):
    return os.path.join(ARGS.source, "fixtures", "demo", name)


class Repo(unittest.TestCase):
    """A fresh git repository as the working directory."""

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.repo = os.path.join(self._tmp.name, "repo")
        os.makedirs(self.repo)
        subprocess.run(["git", "init", "-q", self.repo], check=True)

    def tearDown(self):
        self._tmp.cleanup()

    def path(self, *rel):
        return os.path.join(self.repo, *rel)

    def write(self, rel, text):
        p = self.path(rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(text)
        return p

    def env(self, extra=None):
        e = dict(os.environ)
        for k in ("GITHUB_ACTIONS", "CI", "GITHUB_OUTPUT",
                  "GITHUB_STEP_SUMMARY", "SECGATE_CONFIG", "SECGATE_PROFILE"):
            e.pop(k, None)
        e["NO_COLOR"] = "1"
        if extra:
            e.update(extra)
        return e

    def sg(self, *argv, env=None, stdin=None, binary=None):
        return subprocess.run([binary or ARGS.secgate, *argv], cwd=self.repo,
                              env=self.env(env), capture_output=True,
                              text=True, errors="replace", input=stdin,
                              timeout=120)


class OptionsAnywhere(Repo):
    def test_ingest_options_after_reports(self):
        out = self.path("out.json")
        p = self.sg("ingest", demo("gitleaks.json"), "--json", out,
                    "--fail-on", "none")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(load(out)["verdict"], "pass")

    def test_double_dash_ends_options(self):
        shutil.copy(demo("gitleaks.json"), self.path("--json"))
        out = self.path("out.json")
        p = self.sg("ingest", demo("trivy.json"), "--json", out,
                    "--fail-on", "none", "--", "--json")
        self.assertEqual(p.returncode, 0, p.stderr)
        doc = load(out)
        self.assertEqual(len(doc["inputs"]), 2)
        self.assertEqual(doc["inputs"][1]["path"], "--json")
        self.assertEqual(doc["inputs"][1]["tool"], "gitleaks")

    def test_baseline_options_anywhere(self):
        b = self.path("b.json")
        p = self.sg("baseline", "create", demo("gitleaks.json"),
                    "--baseline", b)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertTrue(os.path.exists(b))
        p = self.sg("baseline", "--baseline", b, "update",
                    demo("trivy.json"))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(len(load(b)["entries"]) > 0, True)

    def test_config_and_hook_options_before_the_action(self):
        p = self.sg("config", "--fail-on", "low", "show")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("fail_on: low  # from: flag", p.stdout)
        self.write(".git/hooks/pre-push", "#!/bin/sh\nexit 0\n")
        p = self.sg("hook", "--force", "install")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("secgate", read(self.path(".git/hooks/pre-push")))


class OptionErrors(Repo):
    CASES = [
        (["ingest", "--jsn", "x.json", "r.json"], "--jsn", "--json"),
        (["run", "--tols", "gitleaks"], "--tols", "--tools"),
        (["baseline", "create", "--basline", "b.json", "r.json"],
         "--basline", "--baseline"),
        (["config", "show", "--profle", "release"], "--profle", "--profile"),
        (["doctor", "--confg", "x.yml"], "--confg", "--config"),
        (["hook", "install", "--forse"], "--forse", "--force"),
        (["upload-sarif", "--catgory", "x", "f.sarif"], "--catgory",
         "--category"),
    ]

    def test_unknown_option_is_named_with_the_nearest(self):
        for argv, bad, near in self.CASES:
            with self.subTest(argv=argv):
                p = self.sg(*argv)
                self.assertEqual(p.returncode, 2, p.stderr)
                first = p.stderr.splitlines()[0]
                self.assertIn(f"'{bad}'", first)
                self.assertIn(f"did you mean '{near}'", first)

    def test_unknown_option_value_is_never_echoed(self):
        p = self.sg("ingest", "--tokn=ghp_SECRETsecret0123456789", "r.json")
        self.assertEqual(p.returncode, 2)
        self.assertIn("'--tokn'", p.stderr)
        self.assertNotIn("ghp_SECRET", p.stderr)

    def test_missing_argument_says_so(self):
        p = self.sg("ingest", "r.json", "--json")
        self.assertEqual(p.returncode, 2)
        self.assertIn("option '--json' needs an argument", p.stderr)
        p = self.sg("baseline", "update", "r.json", "--baseline")
        self.assertIn("option '--baseline' needs an argument", p.stderr)

    def test_flag_given_a_value_and_ambiguous_prefix(self):
        p = self.sg("ingest", "--new-only=yes", "r.json")
        self.assertEqual(p.returncode, 2)
        self.assertIn("option '--new-only' takes no argument", p.stderr)
        p = self.sg("ingest", "--j", "x", "r.json")
        self.assertIn("ambiguous option '--j'", p.stderr)
        p = self.sg("ingest", "--strict", "-xy", "r.json")
        self.assertEqual(p.returncode, 2)
        self.assertIn("unknown option '-x'", p.stderr)
        self.assertNotIn("--strict", p.stderr.splitlines()[0])


class Help(Repo):
    def listed_commands(self):
        p = self.sg("--help")
        self.assertEqual(p.returncode, 0)
        lines = p.stdout.split("Commands:\n", 1)[1].split("\n\n", 1)[0]
        return [l.split()[0] for l in lines.splitlines() if l.strip()]

    def test_every_listed_command_has_help(self):
        names = self.listed_commands()
        self.assertIn("help", names)
        self.assertIn("version", names)
        for name in names:
            with self.subTest(command=name):
                p = self.sg("help", name)
                self.assertEqual(p.returncode, 0, p.stderr)
                self.assertTrue(p.stdout.startswith("usage: secgate " + name),
                                p.stdout)
                p = self.sg(name, "--help")
                self.assertEqual(p.returncode, 0, p.stderr)
                self.assertIn("usage: secgate " + name, p.stdout)

    def test_help_unknown_command(self):
        p = self.sg("help", "nope")
        self.assertEqual(p.returncode, 2)
        self.assertIn("'nope'", p.stderr)

    def test_version_prints_dotted_libxml2(self):
        for argv in (["--version"], ["version"]):
            p = self.sg(*argv)
            self.assertEqual(p.returncode, 0)
            xml = [l for l in p.stdout.splitlines()
                   if l.startswith("libxml2 ")]
            self.assertRegex(xml[0], r"^libxml2 \d+\.\d+\.\d+$")


class ConfigShowFlags(Repo):
    def test_config_show_takes_the_configuration_flags(self):
        self.write(".secgate.yml", "fail_on: critical\n")
        p = self.sg("config", "show", "--fail-on", "low", "--baseline",
                    "b.json", "--new-only", "--strict")
        self.assertEqual(p.returncode, 0, p.stderr)
        for line in ("fail_on: low  # from: flag",
                     'baseline: "b.json"  # from: flag',
                     "new_only: true  # from: flag",
                     "strict: true  # from: flag"):
            self.assertIn(line, p.stdout)
        p = self.sg("config", "show", "--new-only", "--all")
        self.assertIn("new_only: false  # from: flag", p.stdout)
        p = self.sg("config", "show", "--profile", "release")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("# profile: release", p.stdout)

    def test_config_show_rejects_a_bad_flag_value(self):
        p = self.sg("config", "show", "--fail-on", "loud")
        self.assertEqual(p.returncode, 2)
        self.assertIn("--fail-on", p.stderr)


def sarif(driver, results):
    return json.dumps({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{"tool": {"driver": {"name": driver, "version": "1.0",
                                      "rules": [{"id": "R1"}]}},
                  "results": results}]})


def sarif_result(path, line):
    return {"ruleId": "R1", "level": "error", "message": {"text": "bad"},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": path},
                "region": {"startLine": line}}}]}


class BaselineSafety(Repo):
    ALL = ("gitleaks.json", "trivy.json", "pip-audit.json", "codeql.sarif")

    def entries(self):
        return load(self.path(".secgate-baseline.json"))["entries"]

    def by_tool(self):
        out = {}
        for e in self.entries():
            out.setdefault(e["tool"], set()).add(e["fingerprint"])
        return out

    def create_all(self, *extra):
        p = self.sg("baseline", "create", *[demo(n) for n in self.ALL],
                    *extra)
        self.assertEqual(p.returncode, 0, p.stderr)
        return self.by_tool()

    def test_partial_prune_keeps_other_tools_entries(self):
        before = self.create_all()
        self.assertEqual(set(before),
                         {"gitleaks", "trivy", "pip-audit", "codeql"})
        p = self.sg("baseline", "prune", demo("gitleaks.json"))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(self.by_tool(), before)
        others = sum(len(v) for k, v in before.items() if k != "gitleaks")
        self.assertIn(f"kept {others} entries of tools not read this time "
                      "untouched", p.stdout)

    def test_prune_removes_only_the_read_tools_fixed_entries(self):
        before = self.create_all()
        leaks = load(demo("gitleaks.json"))
        self.assertGreater(len(leaks), 1)
        self.write("leaks.json", json.dumps(leaks[:1]))
        p = self.sg("baseline", "prune", self.path("leaks.json"))
        self.assertEqual(p.returncode, 0, p.stderr)
        after = self.by_tool()
        self.assertEqual(len(after["gitleaks"]), 1)
        for tool in ("trivy", "pip-audit", "codeql"):
            self.assertEqual(after[tool], before[tool])
        self.assertIn(f"removed {len(leaks) - 1} entr", p.stdout)

    def test_empty_gitleaks_report_prunes_only_when_named(self):
        before = self.create_all()
        self.write("none.json", "[]")
        p = self.sg("baseline", "prune", self.path("none.json"))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(self.by_tool(), before)
        p = self.sg("baseline", "prune", "--tool", "gitleaks",
                    self.path("none.json"))
        self.assertEqual(p.returncode, 0, p.stderr)
        after = self.by_tool()
        self.assertNotIn("gitleaks", after)
        self.assertEqual(after["trivy"], before["trivy"])

    def test_update_with_some_reports_keeps_the_rest(self):
        before = self.create_all()
        self.write("custom.sarif", sarif("My Scanner", [
            sarif_result("src/a.c", 3)]))
        p = self.sg("baseline", "update", self.path("custom.sarif"))
        self.assertEqual(p.returncode, 0, p.stderr)
        after = self.by_tool()
        self.assertEqual(len(after.pop("my-scanner")), 1)
        self.assertEqual(after, before)
        self.assertIn("added 1 entry", p.stdout)
        self.assertIn("kept", p.stdout)

    def test_custom_sarif_tool_is_identified_by_its_driver(self):
        self.write("custom.sarif", sarif("My Scanner", [
            sarif_result("src/a.c", 3), sarif_result("src/b.c", 4)]))
        before = self.create_all(self.path("custom.sarif"))
        self.assertEqual(len(before["my-scanner"]), 2)
        # A run of that driver with no results: its entries are fixed.
        self.write("clean.sarif", sarif("My Scanner", []))
        p = self.sg("baseline", "prune", self.path("clean.sarif"))
        self.assertEqual(p.returncode, 0, p.stderr)
        after = self.by_tool()
        self.assertNotIn("my-scanner", after)
        self.assertEqual(after, {k: v for k, v in before.items()
                                 if k != "my-scanner"})
        self.assertIn("removed 2 entries", p.stdout)

    def test_ingest_new_only_with_some_reports(self):
        self.create_all()
        out = self.path("out.json")
        md = self.path("out.md")
        sarif_out = self.path("out.sarif")
        p = self.sg("ingest", "--new-only", demo("gitleaks.json"),
                    "--json", out, "--markdown", md, "--sarif", sarif_out)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        doc = load(out)
        self.assertEqual(doc["absent"], [])
        self.assertEqual(doc["summary"]["absent"], 0)
        others = len(self.entries()) - doc["summary"]["unchanged"]
        self.assertEqual(doc["summary"]["baseline_not_read"], others)
        self.assertNotIn("absent:", p.stdout)
        self.assertIn("0 absent", p.stdout)
        self.assertEqual(p.stdout.count("neither absent nor counted"), 1)
        self.assertIn(f"{others} baseline entries of tools not read this "
                      "time (", p.stdout)
        self.assertNotIn("no longer found", read(md))
        self.assertNotIn('"absent"', read(sarif_out))
        # With every report, a fixed entry is absent again.
        leaks = load(demo("gitleaks.json"))
        self.write("leaks.json", json.dumps(leaks[:1]))
        p = self.sg("ingest", "--new-only", self.path("leaks.json"),
                    "--json", out)
        self.assertEqual(load(out)["summary"]["absent"], len(leaks) - 1)


class RunBase(Repo):
    """Stand-in scanners (tests/scanners/bin) on a PATH that holds only
    the tools a test names."""

    def setUp(self):
        super().setUp()
        self.bin = os.path.join(self._tmp.name, "bin")
        os.makedirs(self.bin)
        self.tmpdir = os.path.join(self._tmp.name, "tmp")
        os.makedirs(self.tmpdir)

    def provide(self, *tools):
        fake = os.path.join(ARGS.source, "tests", "scanners", "bin",
                            "fake-scanner.sh")
        for t in tools:
            os.symlink(fake, os.path.join(self.bin, t))

    def run_env(self, **extra):
        e = {"PATH": self.bin + ":/usr/bin:/bin",
             "FAKE_FIXTURES": os.path.join(ARGS.source, "fixtures", "demo"),
             "TMPDIR": self.tmpdir}
        e.update(extra)
        return e


class RunMode(RunBase):
    def test_every_tool_skipped_is_an_error(self):
        self.write(".secgate.yml", "tools:\n  gitleaks: {required: false}\n"
                   "  trivy: {required: false}\n")
        out = self.path("out.json")
        p = self.sg("run", "--json", out, env=self.run_env())
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assertIn("nothing was scanned: every tool was skipped "
                      "(gitleaks, trivy", p.stderr)
        for tool in ("gitleaks", "trivy"):
            self.assertIn(f"{tool} (optional): not found on PATH", p.stderr)
        self.assertTrue(p.stdout.splitlines()[-1].startswith(
            "secgate: ERROR"), p.stdout)
        doc = load(out)
        self.assertEqual(doc["verdict"], "error")
        self.assertEqual(sorted(i["tool"] for i in doc["inputs"]),
                         ["gitleaks", "trivy"])

    def test_some_tools_skipped_still_gates(self):
        self.provide("trivy")
        self.write(".secgate.yml", "tools:\n  gitleaks: {required: false}\n"
                   "  trivy: {}\n")
        p = self.sg("run", "--fail-on", "none", env=self.run_env())
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

    def test_not_found_says_how_to_install(self):
        for tool, hint in (("gitleaks", "brew install gitleaks"),
                           ("trivy", "aquasecurity/trivy/releases"),
                           ("pip-audit", "pipx install pip-audit")):
            with self.subTest(tool=tool):
                self.write(".secgate.yml", f"tools:\n  {tool}: {{}}\n")
                p = self.sg("run", env=self.run_env())
                self.assertEqual(p.returncode, 3)
                self.assertIn(hint, p.stderr)
                self.assertIn(f"set tools.{tool}.path", p.stderr)
                self.assertIn("required: false", p.stderr)

    SUPPRESS = ("suppressions:\n  - rule: no-such-rule\n"
                "    reason: waiting for gitleaks\n")

    def test_suppression_of_a_tool_that_did_not_run_is_not_stale(self):
        self.provide("trivy")
        self.write(".secgate.yml", "tools:\n  gitleaks: {required: false}\n"
                   "  trivy: {}\n" + self.SUPPRESS)
        out = self.path("out.json")
        p = self.sg("run", "--strict", "--fail-on", "none", "--json", out,
                    env=self.run_env())
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertNotIn("stale suppression:", p.stderr)
        self.assertIn("1 suppression matched no finding but could match "
                      "findings of tools not read in this run: not reported "
                      "as stale (did not run: gitleaks)", p.stderr)
        self.assertEqual(load(out)["summary"]["stale_suppressions"], 0)
        # Once every tool ran, the same suppression is stale.
        self.provide("gitleaks")
        p = self.sg("run", "--strict", "--fail-on", "none",
                    env=self.run_env())
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertIn("stale suppression", p.stderr)


class StderrTail(RunBase):
    def test_failing_tools_stderr_is_printed_line_by_line(self):
        tool = os.path.join(self.bin, "trivy")
        with open(tool, "w") as f:
            f.write("#!/bin/sh\n"
                    "[ \"$1\" = --version ] && { echo 'Version: 0.57.0';"
                    " exit 0; }\n"
                    "echo 'first line of the failure' >&2\n"
                    "printf 'second\\033[31m line\\n' >&2\n"
                    "echo 'token ghp_abcdefghijklmnopqrstuvwxyz0123456789' >&2\n"
                    "exit 2\n")
        os.chmod(tool, 0o755)
        self.write(".secgate.yml", "tools:\n  trivy: {}\n")
        p = self.sg("run", env=self.run_env())
        self.assertEqual(p.returncode, 3, p.stderr)
        lines = p.stderr.splitlines()
        head = [i for i, l in enumerate(lines)
                if l.startswith("secgate: error: trivy: exited with code 2")]
        self.assertEqual(len(head), 1, p.stderr)
        tail = lines[head[0] + 1:head[0] + 4]
        self.assertEqual(tail[0], "    | first line of the failure")
        self.assertTrue(tail[1].startswith("    | second"), tail)
        self.assertNotIn("\x1b", p.stderr)
        self.assertTrue(tail[2].startswith("    | token "), tail)
        self.assertNotIn("ghp_abcdefghijklmnopqrstuvwxyz0123456789", p.stderr)
        self.assertNotIn("?    |", p.stderr)


class Evidence(RunBase):
    def test_release_record_uses_the_reports_version(self):
        real = os.path.join(self._tmp.name, "real")
        os.makedirs(real)
        os.symlink(os.path.join(ARGS.source, "tests", "scanners", "bin",
                                "fake-scanner.sh"),
                   os.path.join(real, "trivy"))
        wrapper = os.path.join(self.bin, "trivy")
        with open(wrapper, "w") as f:
            f.write("#!/bin/sh\n[ \"$1\" = --version ] && exit 1\n"
                    f"exec {real}/trivy \"$@\"\n")
        os.chmod(wrapper, 0o755)
        self.write(".secgate.yml", "tools:\n  trivy: {}\n")
        ev = self.path("evidence")
        p = self.sg("run", "--fail-on", "none", "--evidence", ev,
                    env=self.run_env())
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        record = load(os.path.join(ev, "evidence.json"))
        tools = {t["name"]: t for t in record["tools"]}
        self.assertEqual(tools["trivy"]["version"], "0.57.0")


class SuppressionToolScope(Repo):
    CONFIG = ("suppressions:\n"
              "  - rule: no-such-rule\n    tool: trivy\n"
              "    reason: waiting for trivy\n")

    def test_suppression_of_a_tool_not_read_is_not_stale(self):
        self.write(".secgate.yml", self.CONFIG)
        out = self.path("out.json")
        p = self.sg("ingest", "--strict", "--fail-on", "none", "--json", out,
                    demo("gitleaks.json"))
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertNotIn("stale suppression:", p.stderr)
        self.assertIn("could match findings of tools not read", p.stderr)
        self.assertEqual(load(out)["summary"]["stale_suppressions"], 0)
        # Its tool read, it matched nothing: stale (and --strict fails).
        p = self.sg("ingest", "--strict", "--fail-on", "none",
                    demo("trivy.json"))
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertIn("stale suppression", p.stderr)

    def test_tool_narrows_what_a_suppression_matches(self):
        leaks = load(demo("gitleaks.json"))
        rule = leaks[0]["RuleID"]
        self.write(".secgate.yml", "suppressions:\n"
                   f"  - rule: {rule}\n    tool: trivy\n"
                   "    reason: only trivy's\n")
        out = self.path("out.json")
        p = self.sg("ingest", "--json", out, demo("gitleaks.json"))
        doc = load(out)
        self.assertEqual(doc["summary"]["suppressed"], 0)
        self.write(".secgate.yml", "suppressions:\n"
                   f"  - rule: {rule}\n    tool: gitleaks\n"
                   "    reason: accepted\n")
        p = self.sg("ingest", "--json", out, demo("gitleaks.json"))
        self.assertGreaterEqual(load(out)["summary"]["suppressed"], 1)
        p = self.sg("config", "show")
        self.assertIn('tool: "gitleaks"', p.stdout)

    def test_tool_alone_is_not_a_match_key(self):
        self.write(".secgate.yml", "suppressions:\n  - tool: gitleaks\n"
                   "    reason: everything\n")
        p = self.sg("config", "validate")
        self.assertEqual(p.returncode, 2)
        self.assertIn("needs at least one of", p.stderr)


class Hook(RunBase):
    def install_copy(self):
        where = os.path.join(self._tmp.name, "build")
        os.makedirs(where)
        copy = os.path.join(where, "secgate")
        shutil.copy(ARGS.secgate, copy)
        p = self.sg("hook", "install", binary=copy, env=self.run_env())
        self.assertEqual(p.returncode, 0, p.stderr)
        return copy, p

    def run_hook(self, **env):
        e = self.env(self.run_env(**env))
        return subprocess.run([self.path(".git", "hooks", "pre-push"),
                               "origin", "url"], cwd=self.repo, env=e,
                              input="", capture_output=True, text=True,
                              timeout=60)

    def test_hook_runs_the_installing_binary(self):
        copy, p = self.install_copy()
        self.assertIn(copy, read(self.path(".git", "hooks", "pre-push")))
        self.assertIn("secgate is not on PATH", p.stderr)
        # A stand-in on PATH must not be what the hook runs.
        with open(os.path.join(self.bin, "secgate"), "w") as f:
            f.write("#!/bin/sh\necho FROM-PATH\nexit 0\n")
        os.chmod(os.path.join(self.bin, "secgate"), 0o755)
        h = self.run_hook()
        self.assertNotIn("FROM-PATH", h.stdout)
        self.assertIn("nothing to check", h.stdout + h.stderr)

    def test_hook_falls_back_to_path_when_the_binary_moved(self):
        copy, _ = self.install_copy()
        os.rename(copy, copy + ".moved")
        h = self.run_hook()
        self.assertEqual(h.returncode, 1)
        self.assertIn("is gone", h.stderr)
        self.assertIn("not on PATH either: push refused", h.stderr)
        with open(os.path.join(self.bin, "secgate"), "w") as f:
            f.write("#!/bin/sh\necho FROM-PATH \"$@\"\nexit 0\n")
        os.chmod(os.path.join(self.bin, "secgate"), 0o755)
        h = self.run_hook()
        self.assertEqual(h.returncode, 0, h.stderr)
        self.assertIn("FROM-PATH run --pre-push", h.stdout)
        self.assertIn("using secgate from PATH", h.stderr)

    def test_no_warning_when_secgate_is_on_path(self):
        os.symlink(ARGS.secgate, os.path.join(self.bin, "secgate"))
        p = self.sg("hook", "install", env=self.run_env())
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertNotIn("not on PATH", p.stderr)


class OutputsAgree(Repo):
    """Issue 11 family 9: every output states the final verdict."""

    def test_report_into_missing_folders(self):
        out = self.path("reports", "deep", "out.json")
        md = self.path("reports", "md", "out.md")
        p = self.sg("ingest", demo("gitleaks.json"), "--fail-on", "none",
                    "--json", out, "--markdown", md)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(load(out)["verdict"], "pass")
        self.assertTrue(os.path.exists(md))

    def test_refused_report_makes_every_output_say_error(self):
        os.symlink(self.path("elsewhere.xml"), self.path("junit.xml"))
        out = self.path("out.json")
        sarif_out = self.path("out.sarif")
        gho = self.path("gh-output")
        summary = self.path("gh-summary")
        ev = self.path("evidence")
        p = self.sg("ingest", demo("gitleaks.json"), "--fail-on", "none",
                    "--json", out, "--sarif", sarif_out,
                    "--junit", self.path("junit.xml"), "--github",
                    "--evidence", ev,
                    env={"GITHUB_OUTPUT": gho,
                         "GITHUB_STEP_SUMMARY": summary})
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assertIn("symbolic link", p.stderr)
        last = p.stdout.strip().splitlines()[-1]
        self.assertTrue(last.startswith("secgate: ERROR: 1 report could "
                                        "not be written"), last)
        self.assertEqual(load(out)["verdict"], "error")
        self.assertEqual(load(os.path.join(ev, "secgate.json"))["verdict"],
                         "error")
        self.assertEqual(load(os.path.join(ev, "evidence.json"))["verdict"],
                         "error")
        outputs = read(gho)
        self.assertIn("verdict=error\n", outputs)
        self.assertIn("exit-code=3\n", outputs)
        self.assertNotIn("verdict=pass", outputs)
        self.assertNotIn("exit-code=0", outputs)
        self.assertFalse(os.path.exists(self.path("elsewhere.xml")))

    def test_report_on_stdout_is_one_document_stating_error(self):
        os.symlink(self.path("elsewhere.xml"), self.path("junit.xml"))
        p = self.sg("ingest", demo("gitleaks.json"), "--fail-on", "none",
                    "--json", "-", "--junit", self.path("junit.xml"))
        self.assertEqual(p.returncode, 3, p.stderr)
        doc = json.loads(p.stdout)  # one document, nothing else
        self.assertEqual(doc["verdict"], "error")
        self.assertTrue(p.stderr.strip().splitlines()[-1].startswith(
            "secgate: ERROR"))

    def test_unwritable_report_with_blocking_findings(self):
        os.makedirs(self.path("adir"))
        p = self.sg("ingest", "--json", self.path("adir"),
                    demo("gitleaks.json"))
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assertTrue(p.stdout.strip().splitlines()[-1].startswith(
            "secgate: ERROR"))

    def test_same_file_twice_is_a_usage_error(self):
        x = self.path("x.out")
        for argv in (["--json", x, "--sarif", x],
                     ["--junit", x, "--markdown", "./x.out"],
                     ["--json", x, "--junit", self.path("sub", "..", "x.out")]):
            with self.subTest(argv=argv):
                os.makedirs(self.path("sub"), exist_ok=True)
                p = self.sg("ingest", demo("gitleaks.json"), *argv)
                self.assertEqual(p.returncode, 2, p.stderr)
                self.assertIn("name the same file", p.stderr)
                self.assertFalse(os.path.exists(x))

    def test_report_over_an_input_is_a_usage_error(self):
        src = self.path("leaks.json")
        shutil.copy(demo("gitleaks.json"), src)
        before = read(src)
        for opt in ("--json", "--sarif", "--junit", "--markdown"):
            with self.subTest(opt=opt):
                p = self.sg("ingest", "leaks.json", opt, src)
                self.assertEqual(p.returncode, 2, p.stderr)
                self.assertIn(f"{opt} names an input report", p.stderr)
                self.assertEqual(read(src), before)


class SeverityOverride(Repo):
    def test_override_re_rates_everywhere(self):
        self.write(".secgate.yml", "overrides:\n  - tool: trivy\n"
                   "    severity: info\n")
        o = {ext: self.path("out." + ext)
             for ext in ("json", "xml", "sarif", "md")}
        p = self.sg("ingest", "--explain", "--json", o["json"], "--junit",
                    o["xml"], "--sarif", o["sarif"], "--markdown", o["md"],
                    demo("trivy.json"))
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        doc = load(o["json"])
        raw = {f["fingerprint"]: f["tool_severity"] for f in doc["findings"]}
        self.assertTrue(all(f["severity"] == "info" for f in doc["findings"]))
        self.assertIn("HIGH", raw.values())  # the producer's word is kept
        total = len(doc["findings"])
        self.assertEqual(doc["summary"]["by_severity"]["info"], total)
        self.assertEqual(doc["summary"]["by_severity"]["high"], 0)
        self.assertIn("(override at line 2; was high)",
                      doc["findings"][0]["reason"])
        listed = [l for l in p.stdout.splitlines()
                  if l.split()[1:2] == ["trivy"] and "/" not in l.split()[0]]
        self.assertEqual(len(listed), total)
        self.assertTrue(all(l.split()[0] == "INFO" for l in listed), listed)
        sarif_doc = load(o["sarif"])
        for r in sarif_doc["runs"][0]["results"]:
            self.assertEqual(r["properties"]["secgate-severity"], "info")
            self.assertEqual(r["level"], "note")
            self.assertNotIn("security-severity", r["properties"])
        junit = read(o["xml"])
        self.assertIn("severity: info (tool: HIGH)", junit)
        self.assertNotIn("severity: high", junit)
        md = read(o["md"])
        self.assertNotIn("| high |", md.lower())
        self.assertIn("info", md)

    def test_override_re_rates_the_producers_rules_in_sarif(self):
        # GitHub takes an alert's severity from the rule's security-severity.
        out = self.path("out.sarif")
        for sev, score, level in (("info", None, "note"),
                                  ("critical", "9.5", "error")):
            with self.subTest(severity=sev):
                self.write(".secgate.yml", "overrides:\n  - tool: codeql\n"
                           f"    severity: {sev}\n")
                p = self.sg("ingest", "--fail-on", "none", "--sarif", out,
                            demo("codeql.sarif"))
                self.assertEqual(p.returncode, 0, p.stderr)
                rules = load(out)["runs"][0]["tool"]["driver"]["rules"]
                by_id = {r["id"]: r for r in rules}
                rule = by_id["py/sql-injection"]
                self.assertEqual(rule.get("properties", {}).get(
                    "security-severity"), score)
                self.assertEqual(rule["defaultConfiguration"]["level"], level)


LONG_TITLE = ("A very long title that goes on and on about a weakness in "
              "the code, far beyond what one line of a terminal shows, "
              "and ends with THE-END-MARK")


class Messages(Repo):
    def long_title_report(self):
        return self.write("long.sarif", json.dumps({
            "version": "2.1.0", "runs": [{
                "tool": {"driver": {"name": "lint", "rules": [{
                    "id": "R1", "shortDescription": {"text": LONG_TITLE}}]}},
                "results": [dict(sarif_result("src/a.c", 1),
                                 message={"text": LONG_TITLE})]}]}))

    def test_full_title_when_stdout_is_not_a_terminal(self):
        p = self.sg("ingest", self.long_title_report())
        self.assertIn(LONG_TITLE, p.stdout)
        self.assertNotIn("\u2026", p.stdout)

    def test_title_cut_with_ellipsis_on_a_terminal(self):
        import pty
        main_fd, child_fd = pty.openpty()
        proc = subprocess.Popen([ARGS.secgate, "ingest", "--color", "never",
                                 self.long_title_report()],
                                cwd=self.repo, env=self.env(),
                                stdout=child_fd, stderr=subprocess.DEVNULL)
        os.close(child_fd)
        out = b""
        while True:
            try:
                chunk = os.read(main_fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        proc.wait(timeout=60)
        os.close(main_fd)
        text = out.decode(errors="replace")
        line = [l for l in text.splitlines() if "lint" in l and "R1" in l]
        self.assertEqual(len(line), 1, text)
        self.assertIn("\u2026", line[0])
        self.assertNotIn("THE-END-MARK", line[0])
        # Cut at a word, not mid-word.
        self.assertRegex(line[0], r"[a-z,]\u2026\s*$")
        before = line[0].rstrip().rstrip("\u2026").split()[-1]
        self.assertIn(before.rstrip(","), LONG_TITLE.split())

    def test_one_dependency_not_audited(self):
        pa = self.write("pa.json", json.dumps({
            "dependencies": [
                {"name": "flask", "version": "2.3.3", "vulns": []},
                {"name": "torch", "skip_reason": "Dependency not found on "
                 "PyPI and could not be audited: torch (2.0.0+cpu)"}],
            "fixes": []}))
        p = self.sg("ingest", pa)
        self.assertIn("(1 dependency not audited)", p.stdout)
        self.assertNotIn("1 dependencies", p.stdout + p.stderr)

    def test_config_validate_warns_about_expired_suppressions(self):
        self.write(".secgate.yml", "suppressions:\n"
                   "  - rule: old-rule\n    reason: was accepted\n"
                   "    expires: 2020-01-31\n"
                   "  - rule: new-rule\n    reason: accepted\n"
                   "    expires: 2999-01-01\n")
        p = self.sg("config", "validate")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn(".secgate.yml:2:5: suppression expired on 2020-01-31",
                      p.stderr)
        self.assertEqual(p.stderr.count("expired"), 1)
        # The boundary: still valid through the expiry day (UTC).
        p = self.sg("config", "validate",
                    env={"SECGATE_NOW": "2020-01-31"})
        self.assertNotIn("expired", p.stderr)
        p = self.sg("config", "validate",
                    env={"SECGATE_NOW": "2020-02-01"})
        self.assertIn("expired on 2020-01-31", p.stderr)

    def test_truncated_json_object_says_truncated(self):
        for text in ('{', '{"a": 1', '[', '[{"RuleID": "x"}, {"Rule',
                     '{"unrelated": {"deep": ['):
            with self.subTest(text=text):
                path = self.write("cut.json", text)
                p = self.sg("ingest", path)
                self.assertEqual(p.returncode, 3)
                self.assertIn("truncated", p.stderr)
                self.assertNotIn("unknown report format", p.stderr)
        path = self.write("whole.json", '{"unrelated": 1}')
        p = self.sg("ingest", path)
        self.assertEqual(p.returncode, 3)
        self.assertIn("unknown report format", p.stderr)

    def test_readme_verdict_line_is_what_the_demo_prints(self):
        readme = read(os.path.join(ARGS.source, "README.md"))
        sample = readme.split("ends with one line that states the verdict:"
                              "\n\n```\n", 1)[1].split("\n", 1)[0]
        demo_sh = read(os.path.join(ARGS.source, "scripts", "demo.sh"))
        cmd = demo_sh.split("./build/secgate ", 1)[1].split("\ncode=", 1)[0]
        argv = cmd.replace("\\\n", " ").split()
        out = self.path("findings.json")
        argv = [out if a == "build/demo/findings.json" else a for a in argv]
        p = subprocess.run([ARGS.secgate, *argv], cwd=ARGS.source,
                           env=self.env(), capture_output=True, text=True,
                           timeout=120)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertEqual(p.stdout.strip().splitlines()[-1], sample)


def main():
    global ARGS
    ARGS, rest = sgtest.options()
    return sgtest.run([sys.argv[0], *rest])


if __name__ == "__main__":
    sys.exit(main())
