#!/usr/bin/env python3
"""Every location a producer gives survives into secgate's reports.

Runs the real binary on small SARIF logs shaped like real producers' and
checks the SARIF, JSON, Markdown and JUnit reports: paths outside the
repository stay absolute, a region on the repository root stays, results
located by artifact index keep their path, related locations, code flows
and logical locations are carried into the SARIF report.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import unittest

ARGS = None


def secgate(*argv, cwd=None):
    env = dict(os.environ)
    env.pop("GITHUB_ACTIONS", None)
    env["NO_COLOR"] = "1"
    return subprocess.run([ARGS.secgate, *argv], capture_output=True,
                          text=True, errors="replace", env=env, cwd=cwd,
                          timeout=120)


def sarif_log(results, rules=None, **run):
    driver = {"name": "ESLint"}
    if rules is not None:
        driver["rules"] = rules
    r = {"tool": {"driver": driver}, "results": results}
    r.update(run)
    return {"version": "2.1.0", "runs": [r]}


def loc(uri, line=None, **more):
    phys = {"artifactLocation": {"uri": uri}}
    if line:
        phys["region"] = {"startLine": line}
    out = {"physicalLocation": phys}
    out.update(more)
    return out


class Reports(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = self._tmp.name

    def tearDown(self):
        self._tmp.cleanup()

    def ingest(self, doc, *extra):
        path = os.path.join(self.tmp, "in.sarif")
        with open(path, "w") as f:
            json.dump(doc, f)
        out = {k: os.path.join(self.tmp, "out." + k)
               for k in ("sarif", "json", "md", "xml")}
        p = secgate("ingest", "--fail-on", "none", "--sarif", out["sarif"],
                    "--json", out["json"], "--markdown", out["md"],
                    "--junit", out["xml"], *extra, path, cwd=self.tmp)
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(out["sarif"]) as f:
            sarif = json.load(f)
        with open(out["json"]) as f:
            js = json.load(f)
        with open(out["md"]) as f:
            md = f.read()
        with open(out["xml"]) as f:
            xml = f.read()
        return sarif, js, md, xml

    @staticmethod
    def by_message(sarif):
        return {r["message"]["text"]: r for r in sarif["runs"][0]["results"]}

    def test_absolute_paths_outside_the_repository_stay_absolute(self):
        doc = sarif_log([
            {"ruleId": "no-eval", "message": {"text": "vendor"},
             "locations": [loc("file:///opt/vendor/x.js", 3)]},
            {"ruleId": "no-eval", "message": {"text": "windows"},
             "locations": [loc("file:///C:/code/file1.c", 4)]},
            {"ruleId": "no-eval", "message": {"text": "inside"},
             "locations": [loc("src/a b.js", 5)]},
        ])
        sarif, js, _, _ = self.ingest(doc)
        res = self.by_message(sarif)
        art = res["vendor"]["locations"][0]["physicalLocation"][
            "artifactLocation"]
        self.assertEqual(art, {"uri": "file:///opt/vendor/x.js"})
        art = res["windows"]["locations"][0]["physicalLocation"][
            "artifactLocation"]
        self.assertEqual(art, {"uri": "file:///C:/code/file1.c"})
        art = res["inside"]["locations"][0]["physicalLocation"][
            "artifactLocation"]
        self.assertEqual(art, {"uri": "src/a%20b.js",
                               "uriBaseId": "%SRCROOT%"})
        outside = {f["message"]: f["path_outside_repository"]
                   for f in js["findings"]}
        self.assertEqual(outside, {"vendor": True, "windows": True,
                                   "inside": False})

    def test_a_region_on_the_repository_root_is_kept(self):
        # mobsfscan 0.0.8: "uri": "./" with a region at line 1.
        doc = sarif_log([
            {"ruleId": "android_detect_tapjacking",
             "message": {"text": "best practice"},
             "locations": [{"physicalLocation": {
                 "artifactLocation": {"uri": "./"},
                 "region": {"startLine": 1, "startColumn": 1,
                            "endLine": 1, "endColumn": 1}}}]}])
        sarif, _, _, _ = self.ingest(doc)
        phys = sarif["runs"][0]["results"][0]["locations"][0][
            "physicalLocation"]
        self.assertEqual(phys["region"]["startLine"], 1)

    def test_artifact_index_only_keeps_the_path(self):
        doc = sarif_log(
            [{"ruleId": "R", "message": {"text": "by index"},
              "locations": [{"physicalLocation": {
                  "artifactLocation": {"index": 0},
                  "region": {"startLine": 7}}}]}],
            artifacts=[{"location": {"uri": "lib/x.c"}}])
        sarif, js, _, _ = self.ingest(doc)
        phys = sarif["runs"][0]["results"][0]["locations"][0][
            "physicalLocation"]
        self.assertEqual(phys["artifactLocation"]["uri"], "lib/x.c")
        self.assertEqual(js["findings"][0]["path"], "lib/x.c")


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--secgate", required=True)
    ARGS, rest = ap.parse_known_args()
    ARGS.secgate = os.path.abspath(ARGS.secgate)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
