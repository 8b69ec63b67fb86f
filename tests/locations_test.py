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

    def test_related_locations_code_flows_and_logical_locations_carried(self):
        region = {"startLine": 3, "snippet": {"text": "SNIPPET-NOT-COPIED"}}
        doc = sarif_log(
            [{"ruleId": "js/sql-injection",
              "message": {"text": "Query built from [user input](1)."},
              "locations": [
                  {"physicalLocation": {
                      "artifactLocation": {"uri": "src/db.js",
                                           "uriBaseId": "%SRCROOT%"},
                      "region": region},
                   "logicalLocations": [{"fullyQualifiedName": "db.query",
                                         "index": 4}]},
                  loc("src/db2.js", 9)],
              "relatedLocations": [
                  {"id": 1, "message": {"text": "user input"},
                   "physicalLocation": {
                       "artifactLocation": {"index": 0},
                       "region": {"startLine": 12, "snippet": {
                           "text": "SNIPPET-NOT-COPIED"}}}}],
              "codeFlows": [{"threadFlows": [{"locations": [
                  {"location": loc("src/app.js", 12), "state": {
                      "x": {"text": "STATE-NOT-COPIED"}}},
                  {"location": {"physicalLocation": {
                      "artifactLocation": {"uri": "file:///opt/lib.js"},
                      "region": {"startLine": 2}}}},
                  {"location": {"physicalLocation": {
                      "artifactLocation": {"uri": "src/db.js",
                                           "uriBaseId": "%SRCROOT%"},
                      "region": {"startLine": 3}}}}]}]}]}],
            artifacts=[{"location": {"uri": "src/app.js"}}])
        sarif, _, md, xml = self.ingest(doc)
        raw = json.dumps(sarif)
        self.assertNotIn("SNIPPET-NOT-COPIED", raw)
        self.assertNotIn("STATE-NOT-COPIED", raw)
        res = sarif["runs"][0]["results"][0]
        # The link's related location is carried: the link stays.
        self.assertEqual(res["message"]["text"],
                         "Query built from [user input](1).")
        self.assertEqual(len(res["locations"]), 2)
        self.assertEqual(res["locations"][0]["logicalLocations"],
                         [{"fullyQualifiedName": "db.query"}])
        self.assertEqual(res["locations"][1]["physicalLocation"][
            "artifactLocation"]["uri"], "src/db2.js")
        rel = res["relatedLocations"][0]
        self.assertEqual(rel["id"], 1)
        self.assertEqual(rel["physicalLocation"], {
            "artifactLocation": {"uri": "src/app.js",
                                 "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 12}})
        steps = res["codeFlows"][0]["threadFlows"][0]["locations"]
        arts = [s["location"]["physicalLocation"]["artifactLocation"]
                for s in steps]
        self.assertEqual(arts, [
            {"uri": "src/app.js", "uriBaseId": "%SRCROOT%"},
            {"uri": "file:///opt/lib.js"},
            {"uri": "src/db.js", "uriBaseId": "%SRCROOT%"}])
        self.assertIn("(related: src/app.js:12)", md)
        self.assertIn("related: src/app.js:12 user input", xml)

    def test_a_secret_scanner_carries_no_extra_location(self):
        doc = sarif_log(
            [{"ruleId": "aws-access-key", "message": {"text": "leak"},
              "locations": [loc("conf/a.env", 1)],
              "relatedLocations": [{"id": 1, "physicalLocation": {
                  "artifactLocation": {"uri": "conf/b.env"},
                  "region": {"startLine": 2}}}]}])
        doc["runs"][0]["tool"]["driver"]["name"] = "gitleaks"
        sarif, _, md, xml = self.ingest(doc)
        res = sarif["runs"][0]["results"][0]
        self.assertNotIn("relatedLocations", res)
        self.assertNotIn("conf/b.env", md + xml)

    def test_extras_over_the_cap_are_cut_with_a_warning(self):
        big = [{"id": i, "message": {"text": "x" * 200},
                "physicalLocation": {"artifactLocation": {"uri": "a.js"},
                                     "region": {"startLine": i + 1}}}
               for i in range(600)]
        doc = sarif_log([
            {"ruleId": "R", "message": {"text": "big"},
             "locations": [loc("a.js", 1)], "relatedLocations": big},
            {"ruleId": "R", "message": {"text": "small"},
             "locations": [loc("a.js", 2)], "relatedLocations": big[:2]}])
        path = os.path.join(self.tmp, "in.sarif")
        with open(path, "w") as f:
            json.dump(doc, f)
        out = os.path.join(self.tmp, "out.sarif")
        p = secgate("ingest", "--fail-on", "none", "--sarif", out, path,
                    cwd=self.tmp)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("1 results had more locations, related locations "
                      "or code flows than secgate keeps", p.stderr)
        with open(out) as f:
            res = self.by_message(json.load(f))
        self.assertNotIn("relatedLocations", res["big"])
        self.assertEqual(len(res["small"]["relatedLocations"]), 2)

    def test_rule_name_equal_to_its_id_is_not_written(self):
        # SARIF1001: a rule's name must not repeat its id (CodeQL's do).
        doc = sarif_log(
            [{"ruleId": "js/x", "message": {"text": "m"},
              "locations": [loc("a.js", 1)]}],
            rules=[{"id": "js/x", "name": "js/x",
                    "shortDescription": {"text": "X"}}])
        sarif, _, _, _ = self.ingest(doc)
        rule = sarif["runs"][0]["tool"]["driver"]["rules"][0]
        self.assertEqual(rule["id"], "js/x")
        self.assertNotIn("name", rule)


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--secgate", required=True)
    ARGS, rest = ap.parse_known_args()
    ARGS.secgate = os.path.abspath(ARGS.secgate)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
