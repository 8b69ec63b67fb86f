#!/usr/bin/env python3
"""Identity and merging of findings, driven through the real binary:
producer suppressions count only when every one is accepted (issue 11.2);
merging copies of a finding never changes a verdict, in any input order
(11.3); results that differ in location stay distinct findings, and every
merge is counted (12); sg1 baselines and suppressions keep matching.

--only core        everything that needs nothing but the repository
--only flawfinder  flawfinder run for real (exit 77 without it)
--only real        ../shared/fixtures/real (exit 77 without it)
"""
import argparse
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

ARGS = None


def secgate(*argv, cwd, env=None):
    e = dict(os.environ)
    for k in ("GITHUB_ACTIONS", "SECGATE_PROFILE", "GITHUB_STEP_SUMMARY",
              "GITHUB_OUTPUT"):
        e.pop(k, None)
    e["NO_COLOR"] = "1"
    e["SOURCE_DATE_EPOCH"] = "1700000000"
    if env:
        e.update(env)
    return subprocess.run([ARGS.secgate, *argv], capture_output=True,
                          env=e, cwd=cwd, timeout=120, text=True)


def fixture(*rel):
    return os.path.join(ARGS.source, "fixtures", "identity", *rel)


def sarif(results, rules=("R1",), driver="HandTool"):
    return json.dumps({"version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": driver,
                            "rules": [{"id": r} for r in rules]}},
        "results": results}]})


def result(rule, path, line, col=1, msg="m", **extra):
    r = {"ruleId": rule, "level": "error", "message": {"text": msg},
         "locations": [{"physicalLocation": {
             "artifactLocation": {"uri": path},
             "region": {"startLine": line, "startColumn": col}}}]}
    r.update(extra)
    return r


class Tmp(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = self._tmp.name

    def tearDown(self):
        self._tmp.cleanup()

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def ingest(self, *argv, config=None, want=None):
        """Run ingest with a JSON report; returns (process, report)."""
        if config is not None:
            self.write(".secgate.yml", config)
        out = os.path.join(self.tmp, "out.json")
        if os.path.exists(out):
            os.remove(out)
        p = secgate("ingest", "--json", out, *argv, cwd=self.tmp)
        if want is not None:
            self.assertEqual(p.returncode, want, p.stdout + p.stderr)
        with open(out, encoding="utf-8") as f:
            return p, json.load(f)


# ---- 11.2: producer suppressions ----

class ProducerSuppressions(Tmp):
    CASES = [
        # (suppressions, suppressed)
        ([{"kind": "external"}], True),
        ([{"kind": "inSource", "status": "accepted"}], True),
        ([{"kind": "external"}, {"kind": "inSource", "status": "accepted"}],
         True),
        ([{"kind": "inSource", "status": "accepted"},
          {"kind": "external", "status": "rejected"}], False),
        ([{"kind": "external", "status": "rejected"},
          {"kind": "inSource", "status": "accepted"}], False),
        ([{"kind": "external"}, {"kind": "external",
                                 "status": "underReview"}], False),
        ([{"kind": "external", "status": "underReview"}], False),
        ([{"kind": "external", "status": "rejected"}], False),
        ([{"kind": "external", "status": "approved"}], False),
        ([], False),
        (None, False),
    ]

    def test_only_all_accepted_suppresses(self):
        results = []
        for i, (sups, _) in enumerate(self.CASES):
            r = result("R1", "src/a.c", 10 + i, msg="case %d" % i)
            if sups is not None:
                r["suppressions"] = sups
            results.append(r)
        path = self.write("s.sarif", sarif(results))
        _, rep = self.ingest(path, config="honor_producer_suppressions: "
                             "true\n", want=1)
        by_msg = {f["message"]: f for f in rep["findings"]}
        for i, (sups, suppressed) in enumerate(self.CASES):
            f = by_msg["case %d" % i]
            self.assertEqual(f["blocking"], not suppressed, (sups, f))
            self.assertEqual(f["producer_suppression"] is not None,
                             suppressed, sups)

    def test_not_honoured_nothing_is_suppressed(self):
        r = result("R1", "src/a.c", 3, suppressions=[{"kind": "external"}])
        path = self.write("s.sarif", sarif([r]))
        _, rep = self.ingest(path, config="fail_on: high\n", want=1)
        self.assertTrue(rep["findings"][0]["blocking"])


class LongReasons(Tmp):
    def test_a_long_suppression_reason_is_cut_not_overflowed(self):
        # The reason of a verdict was built with snprintf at an offset
        # past the buffer once a suppression's reason filled it.
        config = ("suppressions:\n  - rule: no-eval\n    path: \"src/**\"\n"
                  "    reason: \"%s\"\n" % ("x" * 3000))
        for honour in ("false", "true"):
            p, rep = self.ingest(fixture("eslint-two-evals.sarif"),
                                 config=config + "honor_producer_suppressions"
                                 ": %s\n" % honour, want=0)
            for f in rep["findings"]:
                self.assertTrue(f["suppressed"])
                self.assertLess(len(f["reason"]), 1300)


class RealSuppressions(Tmp):
    """The real corpus: what GitHub reads as suppressed, secgate does too."""

    def real(self, name):
        return os.path.join(ARGS.shared, "fixtures", "real", "sarif-other",
                            name)

    def test_sdk_and_defectdojo_suppressions(self):
        cases = {
            # 4 results: three with [{kind: external}], one without.
            "sarif-sdk-suppression-status.sarif": (4, 3),
            # [{external}] x2, [{inSource}], absent, [] (not suppressed).
            "suppressions-kinds-absent-empty.sarif": (5, 3),
        }
        for name, (total, suppressed) in cases.items():
            _, rep = self.ingest(self.real(name),
                                 config="honor_producer_suppressions: true\n"
                                 "fail_on: info\n")
            fs = rep["findings"]
            self.assertEqual(len(fs), total, name)
            self.assertEqual(sum(f["producer_suppression"] is not None
                                 for f in fs), suppressed, name)
            self.assertEqual(sum(f["blocking"] for f in fs),
                             total - suppressed, name)


# ---- 11.3: merging never changes a verdict ----

def without_inputs(text):
    """The JSON report minus its inputs list (which follows argument order
    by contract); everything else must be byte-identical in any order."""
    start = text.index('"inputs":[')
    end = text.index('],\n"findings":[')
    return text[:start] + '"inputs":[' + text[end:]


class Merging(Tmp):
    def orders(self, names):
        paths = [fixture("merge", n) for n in names]
        return list(itertools.permutations(paths))

    def verdicts(self, names, config, want):
        """Every order of the inputs: the wanted exit code, and the same
        JSON (but its inputs list), SARIF, JUnit and Markdown bytes."""
        reports = set()
        for order in self.orders(names):
            outs = [os.path.join(self.tmp, n)
                    for n in ("out.sarif", "out.xml", "out.md")]
            p, _ = self.ingest("--sarif", outs[0], "--junit", outs[1],
                               "--markdown", outs[2], *order, config=config)
            self.assertEqual(p.returncode, want,
                             [os.path.basename(x) for x in order])
            with open(os.path.join(self.tmp, "out.json"),
                      encoding="utf-8") as f:
                texts = [without_inputs(f.read())]
            for out in outs:
                with open(out, encoding="utf-8") as f:
                    text = f.read()
                if out.endswith(".xml"):
                    # Each suite lists its inputs in argument order, as
                    # the JSON does.
                    text = "\n".join(
                        line for line in text.split("\n")
                        if 'name="input"' not in line and
                        'name="format"' not in line)
                texts.append(text)
            reports.add(tuple(texts))
        self.assertEqual(len(reports), 1, "a report depends on the order")
        return json.loads(reports.pop()[0])

    def test_excluded_copy_does_not_hide_the_other(self):
        rep = self.verdicts(["trivy-docs.json", "trivy-app.json"],
                            'paths:\n  exclude: ["docs/**"]\n', 1)
        f, = rep["findings"]
        self.assertTrue(f["blocking"])
        self.assertIn("app/requirements.txt", f["reason"])
        copies = {(c["path"], c["package_version"], c["excluded"],
                   c["blocking"]) for c in f["copies"]}
        self.assertEqual(copies, {
            ("app/requirements.txt", "2.2.2", False, True),
            ("docs/requirements.txt", "2.0.1", True, False)})
        self.assertEqual(rep["summary"]["results"], 2)
        self.assertEqual(rep["summary"]["merged_duplicates"], 1)
        self.assertEqual(rep["summary"]["total"], 1)

    def test_finding_points_at_the_copy_that_blocks(self):
        rep = self.verdicts(["trivy-docs.json", "trivy-app.json"],
                            'paths:\n  exclude: ["app/**"]\n', 1)
        f, = rep["findings"]
        self.assertEqual((f["path"], f["package"]["version"]),
                         ("docs/requirements.txt", "2.0.1"))
        self.assertIn("docs/requirements.txt", f["reason"])

    def test_both_copies_excluded_passes(self):
        rep = self.verdicts(["trivy-docs.json", "trivy-app.json"],
                            'paths:\n  exclude: ["docs/**", "app/**"]\n', 0)
        self.assertTrue(rep["findings"][0]["excluded"])

    def test_vex_for_one_module_does_not_hide_another(self):
        rep = self.verdicts(["trivy-module-a-vex.json",
                             "trivy-module-b.json"],
                            "honor_producer_suppressions: true\n", 1)
        f, = rep["findings"]
        self.assertIsNone(f["producer_suppression"])
        self.assertIn("module-b/go.mod", f["reason"])
        vex = [c for c in f["copies"] if c["path"] == "module-a/go.mod"]
        self.assertEqual(vex[0]["producer_suppression"], "vex:not_affected")
        self.assertFalse(vex[0]["blocking"])

    def test_vex_on_every_copy_passes(self):
        self.verdicts(["trivy-module-a-vex.json"],
                      "honor_producer_suppressions: true\n", 0)

    def test_per_tool_override_applies_to_its_copy_only(self):
        # Trivy's copy never blocks; pip-audit's (unknown severity,
        # counted as high) does, whichever report comes first.
        rep = self.verdicts(["trivy-app.json", "pip-audit.json"],
                            "overrides:\n  - tool: trivy\n    fail_on: none\n",
                            1)
        f, = rep["findings"]
        self.assertIn("pip-audit", f["reason"])
        self.assertEqual(rep["summary"]["merged_across_tools"], 1)
        self.assertEqual(sorted(f["sources"]), ["pip-audit", "trivy"])
        # And the other way round.
        self.verdicts(["trivy-app.json", "pip-audit.json"],
                      "overrides:\n  - tool: pip-audit\n    fail_on: none\n",
                      1)
        self.verdicts(["trivy-app.json", "pip-audit.json"],
                      "overrides:\n  - tool: pip-audit\n    fail_on: none\n"
                      "  - tool: trivy\n    fail_on: none\n", 0)

    def test_suppression_by_path_suppresses_its_copy_only(self):
        config = ("suppressions:\n  - vulnerability: CVE-2023-30861\n"
                  "    path: \"docs/**\"\n    reason: docs only\n")
        rep = self.verdicts(["trivy-docs.json", "trivy-app.json"], config, 1)
        f, = rep["findings"]
        self.assertFalse(f["suppressed"])
        # An alias of another copy names the vulnerability too.
        config = ("suppressions:\n  - vulnerability: GHSA-m2qf-hxjv-5gpq\n"
                  "    reason: not reachable\n")
        rep = self.verdicts(["trivy-app.json", "pip-audit.json"], config, 0)
        self.assertTrue(rep["findings"][0]["suppressed"])

    def test_three_inputs_every_order_one_report(self):
        rep = self.verdicts(["trivy-docs.json", "trivy-app.json",
                             "pip-audit.json"],
                            'paths:\n  exclude: ["docs/**"]\n', 1)
        f, = rep["findings"]
        self.assertEqual(len(f["copies"]), 3)
        self.assertEqual(rep["summary"]["results"], 3)
        self.assertEqual(rep["summary"]["merged_duplicates"], 1)
        self.assertEqual(rep["summary"]["merged_across_tools"], 1)

    def test_sarif_output_keeps_every_place(self):
        self.write(".secgate.yml", "fail_on: high\n")
        out = os.path.join(self.tmp, "out.sarif")
        p = secgate("ingest", "--sarif", out, fixture("merge", "trivy-app.json"),
                    fixture("merge", "trivy-docs.json"), cwd=self.tmp)
        self.assertEqual(p.returncode, 1, p.stderr)
        with open(out, encoding="utf-8") as f:
            log = json.load(f)
        res, = [r for run in log["runs"] for r in run["results"]]
        uris = [loc["physicalLocation"]["artifactLocation"]["uri"]
                for loc in res["locations"]]
        self.assertEqual(sorted(uris), ["app/requirements.txt",
                                        "docs/requirements.txt"])
        self.assertEqual(len(res["properties"]["secgate-copies"]), 2)

    def test_junit_lists_each_copy_with_its_verdict(self):
        self.write(".secgate.yml", 'paths:\n  exclude: ["docs/**"]\n')
        out = os.path.join(self.tmp, "out.xml")
        p = secgate("ingest", "--junit", out,
                    fixture("merge", "trivy-docs.json"),
                    fixture("merge", "trivy-app.json"), cwd=self.tmp)
        self.assertEqual(p.returncode, 1, p.stderr)
        with open(out, encoding="utf-8") as f:
            text = f.read()
        self.assertIn("copies (2 results merged):\n"
                      "  BLOCKS  trivy app/requirements.txt version 2.2.2\n"
                      "  passes  trivy docs/requirements.txt version 2.0.1\n",
                      text)

    def test_terminal_and_markdown_count_merges(self):
        self.write(".secgate.yml", "fail_on: high\n")
        md = os.path.join(self.tmp, "out.md")
        p = secgate("ingest", "--markdown", md,
                    *[fixture("merge", n) for n in
                      ("trivy-docs.json", "trivy-app.json",
                       "pip-audit.json")], cwd=self.tmp)
        self.assertIn("Results: 3 read, 1 finding kept (1 merged as "
                      "duplicates of the same tool, 1 across tools)",
                      p.stdout)
        with open(md, encoding="utf-8") as f:
            self.assertIn("3 results read · 1 finding kept · 1 merged as "
                          "duplicates of the same tool · 1 merged across "
                          "tools", f.read())


class MergingUnderDiff(Tmp):
    """One secret twice in a file (one finding, two copies): the copy on a
    line the change added blocks, whichever copy the report lists first."""

    def git(self, *argv):
        env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@e",
                   GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@e")
        subprocess.run(["git", *argv], cwd=self.tmp, check=True, env=env,
                       capture_output=True)

    def leak(self, line):
        return {"RuleID": "generic-api-key", "Description": "Generic key",
                "File": "config.env", "StartLine": line, "EndLine": line,
                "StartColumn": 5, "EndColumn": 30,
                "Secret": "FAKEsecretvalue1234567890",
                "Match": "KEY=FAKEsecretvalue1234567890"}

    def test_each_copy_is_scoped_by_the_diff(self):
        if not shutil.which("git"):
            self.skipTest("git is not installed")
        self.git("init", "-q")
        lines = ["# settings"] * 12
        lines[2] = "KEY=FAKEsecretvalue1234567890"
        self.write("config.env", "\n".join(lines) + "\n")
        self.write(".secgate.yml", "fail_on: high\n")
        self.git("add", ".")
        self.git("commit", "-qm", "one")
        lines[9] = "KEY=FAKEsecretvalue1234567890"
        self.write("config.env", "\n".join(lines) + "\n")
        self.git("commit", "-qam", "two")
        for order in ([3, 10], [10, 3]):
            path = self.write("leaks.json",
                              json.dumps([self.leak(n) for n in order]))
            p, rep = self.ingest("--diff-base", "HEAD~1", path)
            self.assertEqual(p.returncode, 1, (order, p.stdout, p.stderr))
            f, = rep["findings"]
            self.assertEqual(sorted((c["start_line"], c["outside_diff"])
                                    for c in f["copies"]),
                             [(3, True), (10, False)])
            self.assertFalse(f["outside_diff"])
            self.assertIn("config.env:10", f["reason"])


# ---- 12: identity ----

class Identity(Tmp):
    def test_two_evals_on_one_line_stay_two(self):
        # ESLint's two eval() calls on line 3 (columns 27 and 37), one on
        # line 9, and an exact duplicate of that one.
        p, rep = self.ingest(fixture("eslint-two-evals.sarif"), want=1)
        places = sorted((f["start_line"], f["start_column"])
                        for f in rep["findings"])
        self.assertEqual(places, [(3, 27), (3, 37), (9, 5)])
        self.assertEqual(len({f["fingerprint"] for f in rep["findings"]}),
                         3)
        s = rep["summary"]
        self.assertEqual((s["results"], s["total"], s["merged_duplicates"],
                          s["merged_across_tools"]), (4, 3, 1, 0))
        self.assertIn("Results: 4 read, 3 findings kept (1 merged as "
                      "duplicates of the same tool, 0 across tools)",
                      p.stdout)
        dup, = [f for f in rep["findings"] if f["copies"]]
        self.assertEqual(dup["start_line"], 9)
        self.assertEqual(len(dup["copies"]), 2)

    def line_hash_doc(self, lines, extra_line=None):
        # GitHub's primaryLocationLineHash hashes the line's text: equal on
        # identical lines.
        pf = {"primaryLocationLineHash": "39fa2ee980eb94b0:1"}
        rs = [result("js/eval", "src/a.js", n, msg="eval",
                     partialFingerprints=dict(pf)) for n in lines]
        if extra_line:
            rs.append(result("js/other", "src/a.js", extra_line, msg="x",
                             partialFingerprints={
                                 "primaryLocationLineHash": "aa:1"}))
        return sarif(rs, rules=("js/eval", "js/other"), driver="CodeQL")

    def fingerprints(self, text):
        path = self.write("in.sarif", text)
        _, rep = self.ingest(path)
        return rep

    def test_line_hash_numbered_by_occurrence(self):
        rep = self.fingerprints(self.line_hash_doc([10, 20]))
        self.assertEqual(len(rep["findings"]), 2)
        before = {f["start_line"]: f["fingerprint"] for f in rep["findings"]}
        # Unrelated lines move both (and a new unrelated result appears).
        rep = self.fingerprints(self.line_hash_doc([25, 15], extra_line=2))
        after = {f["start_line"]: f["fingerprint"] for f in rep["findings"]
                 if f["rule_id"] == "js/eval"}
        self.assertEqual(after[15], before[10])
        self.assertEqual(after[25], before[20])
        # The first occurrence keeps the plain value: sg1 and sg2 agree.
        self.assertTrue(all(fp.startswith("sg2:") for fp in after.values()))

    def test_message_without_fingerprints_stable_under_line_shift(self):
        a = self.fingerprints(sarif([result("R1", "a.py", 5, msg="m1"),
                                     result("R1", "a.py", 9, msg="m1")]))
        b = self.fingerprints(sarif([result("R1", "a.py", 7, msg="m1"),
                                     result("R1", "a.py", 11, msg="m1")]))
        self.assertEqual(len(a["findings"]), 2)
        self.assertEqual(sorted(f["fingerprint"] for f in a["findings"]),
                         sorted(f["fingerprint"] for f in b["findings"]))

    def test_producer_fingerprints_say_one(self):
        fp = {"matchBasedId/v1": "abc123"}
        rep = self.fingerprints(sarif([
            result("R1", "a.py", 5, fingerprints=dict(fp)),
            result("R1", "a.py", 50, fingerprints=dict(fp))]))
        f, = rep["findings"]
        self.assertEqual(sorted(c["start_line"] for c in f["copies"]),
                         [5, 50])
        self.assertEqual(rep["summary"]["merged_duplicates"], 1)

    def test_flawfinder_context_hash_in_fingerprints_is_not_unique(self):
        # The committed flawfinder report of fixtures/identity/c-tree:
        # three strcpy on identical lines, two sprintf on one line.
        _, rep = self.ingest(fixture("flawfinder.sarif"), want=1)
        self.assertEqual(rep["summary"]["results"], 6)
        self.assertEqual(rep["summary"]["total"], 6)
        self.assertEqual(len({f["fingerprint"] for f in rep["findings"]}),
                         6)


class Flawfinder(Tmp):
    """flawfinder, run for real over a C tree with identical lines."""

    def run_flawfinder(self, tree):
        p = subprocess.run([ARGS.flawfinder, "--sarif", "."], cwd=tree,
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)
        n = sum(len(r["results"]) for r in json.loads(p.stdout)["runs"])
        path = self.write("ff-%d.sarif" % n, p.stdout)
        return path, n

    def test_every_result_is_a_finding_and_stable(self):
        tree = os.path.join(self.tmp, "c-tree")
        shutil.copytree(fixture("c-tree"), tree)
        path, n = self.run_flawfinder(tree)
        self.assertEqual(n, 6)
        p, rep = self.ingest(path)
        self.assertEqual(rep["summary"]["results"], n)
        self.assertEqual(rep["summary"]["total"], n)
        self.assertIn("Results: %d read, %d findings kept\n" % (n, n),
                      p.stdout)
        before = sorted(f["fingerprint"] for f in rep["findings"])
        # Unrelated lines above every finding move them all.
        for name in ("copy.c", "format.c"):
            with open(os.path.join(tree, name), encoding="utf-8") as f:
                text = f.read()
            with open(os.path.join(tree, name), "w", encoding="utf-8") as f:
                f.write("/* a new comment */\n\n" + text)
        path, n2 = self.run_flawfinder(tree)
        _, rep = self.ingest(path)
        self.assertEqual(sorted(f["fingerprint"] for f in rep["findings"]),
                         before)
        self.assertEqual(min(f["start_line"] for f in rep["findings"]), 8)

    def test_secgate_sources(self):
        # The figure (651 results -> 573 findings before sg2):
        # flawfinder over secgate's own sources. Findings are the results
        # less the exact duplicates (same rule, place and message), which
        # are counted here independently of secgate.
        path, n = self.run_flawfinder(ARGS.source)
        with open(path, encoding="utf-8") as f:
            results = json.load(f)["runs"][0]["results"]
        keys = set()
        for r in results:
            loc = r["locations"][0]["physicalLocation"]
            keys.add((r["ruleId"], loc["artifactLocation"]["uri"],
                      json.dumps(loc.get("region", {}).get("startLine")),
                      json.dumps(loc.get("region", {}).get("startColumn")),
                      json.dumps(loc.get("region", {}).get("endColumn")),
                      r["message"]["text"]))
        _, rep = self.ingest(path)
        s = rep["summary"]
        self.assertEqual(s["results"], n)
        self.assertEqual(s["total"], len(keys))
        self.assertEqual(s["merged_duplicates"], n - len(keys))


# ---- sg1 compatibility ----

def demo(name):
    return os.path.join(ARGS.source, "fixtures", "demo", name)


class Sg1Compatibility(Tmp):
    """fixtures/identity/baseline-sg1.json was written by secgate b0edb87
    (the last sg1 version): `SECGATE_NOW=2026-11-20 secgate baseline create
    --baseline baseline-sg1.json` over INPUTS and fixtures/demo/{gitleaks.json,
    codeql.sarif,trivy.json}, run from a directory outside any repository."""

    def inputs(self):
        return [fixture("flawfinder.sarif"), fixture("eslint-two-evals.sarif"),
                fixture("merge", "trivy-app.json"),
                fixture("merge", "pip-audit.json"), demo("gitleaks.json"),
                demo("codeql.sarif"), demo("trivy.json")]

    def test_baseline_of_the_previous_version_keeps_matching(self):
        base = shutil.copy(fixture("baseline-sg1.json"),
                           os.path.join(self.tmp, "b.json"))
        _, rep = self.ingest("--baseline", base, "--new-only",
                             *self.inputs(), want=0)
        s = rep["summary"]
        self.assertEqual((s["new"], s["absent"]), (0, 0), s)
        self.assertEqual(s["unchanged"], s["total"])
        # More findings than sg1 entries: the collapsed results split.
        with open(base, encoding="utf-8") as f:
            self.assertLess(len(json.load(f)["entries"]), s["total"])

    def test_update_rewrites_sg1_entries_as_sg2(self):
        base = shutil.copy(fixture("baseline-sg1.json"),
                           os.path.join(self.tmp, "b.json"))
        p = secgate("baseline", "update", "--baseline", base,
                    *self.inputs(), cwd=self.tmp)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("added 0 entries", p.stdout)
        with open(base, encoding="utf-8") as f:
            entries = json.load(f)["entries"]
        self.assertTrue(all(e["fingerprint"].startswith("sg2:")
                            for e in entries))
        self.assertEqual({e["added"] for e in entries}, {"2026-11-20"})
        _, rep = self.ingest("--baseline", base, "--new-only",
                             *self.inputs(), want=0)
        self.assertEqual(rep["summary"]["new"], 0)
        self.assertEqual(rep["summary"]["absent"], 0)
        self.assertEqual(rep["summary"]["unchanged"], len(entries))

    def test_sg1_suppression_still_suppresses(self):
        with open(fixture("baseline-sg1.json"), encoding="utf-8") as f:
            sg1 = {e["rule"]: e["fingerprint"]
                   for e in json.load(f)["entries"]}
        config = ("suppressions:\n  - fingerprint: \"%s\"\n"
                  "    reason: accepted before sg2\n" % sg1["no-eval"])
        _, rep = self.ingest(fixture("eslint-two-evals.sarif"),
                             config=config)
        # sg1 had merged some of these results: it names each of them.
        named = [f for f in rep["findings"] if f["suppressed"]]
        self.assertGreaterEqual(len(named), 1)
        self.assertEqual(rep["summary"]["stale_suppressions"], 0)


GROUPS = {
    "core": [ProducerSuppressions, LongReasons, Merging, MergingUnderDiff,
             Identity, Sg1Compatibility],
    "flawfinder": [Flawfinder],
    "real": [RealSuppressions],
}


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--secgate", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--shared", default="")
    ap.add_argument("--only", choices=sorted(GROUPS), default="core")
    ARGS, rest = ap.parse_known_args()
    if ARGS.only == "flawfinder":
        ARGS.flawfinder = shutil.which("flawfinder")
        if not ARGS.flawfinder:
            print("SKIP: flawfinder is not installed")
            return 77
    if ARGS.only == "real" and not os.path.isdir(
            os.path.join(ARGS.shared, "fixtures", "real")):
        print("SKIP: no %s/fixtures/real" % ARGS.shared)
        return 77
    loader = unittest.TestLoader()
    suite = unittest.TestSuite(loader.loadTestsFromTestCase(c)
                               for c in GROUPS[ARGS.only])
    runner = unittest.TextTestRunner(verbosity=2)
    r = runner.run(suite)
    if not r.wasSuccessful():
        return 1
    return 77 if r.skipped else 0  # a skipped test checked nothing


if __name__ == "__main__":
    sys.exit(main())
