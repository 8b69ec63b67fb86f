#!/usr/bin/env python3
"""A malformed SARIF result or artifact is named by its place, digits and all.

The adapter writes "runs[R].results[I]" and "runs[R].artifacts[I]" by hand
(no printf: it is made for every result; adapters/sarif.c, item_where).
This runs the real binary on logs whose bad entry sits at multi-digit
indexes in a later run, and checks exit code 3 and the place in the
message, for an error found while the result is read and one found when
its run closes.
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

import sgtest

ARGS = None


def ok_result(i):
    return {"ruleId": "r", "message": {"text": "m%d" % i},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": "a.py"},
                "region": {"startLine": i + 1}}}]}


def run_of(results, **more):
    run = {"tool": {"driver": {"name": "Semgrep",
                               "rules": [{"id": "r"}]}},
           "results": results}
    run.update(more)
    return run


class Places(unittest.TestCase):
    def ingest(self, doc):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "in.sarif")
            with open(path, "w") as f:
                json.dump(doc, f)
            env = dict(os.environ, SECGATE_OFFLINE="1", NO_COLOR="1")
            env.pop("GITHUB_ACTIONS", None)
            return subprocess.run([ARGS.secgate, "ingest", "--fail-on",
                                   "none", path], cwd=tmp, env=env,
                                  capture_output=True, text=True,
                                  timeout=120)

    def test_a_bad_result_at_a_multi_digit_index(self):
        results = [ok_result(i) for i in range(1234)]
        results.append(dict(ok_result(1234), kind="bogus"))
        doc = {"version": "2.1.0",
               "runs": [run_of([ok_result(0)]), run_of(results)]}
        p = self.ingest(doc)
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertIn("runs[1].results[1234]: 'kind' must be one of",
                      p.stderr)

    def test_a_rule_index_out_of_range_found_when_the_run_closes(self):
        results = [ok_result(i) for i in range(105)]
        # An index that points nowhere, and no rule with the result's id.
        results.append(dict(ok_result(105), ruleId="zz", ruleIndex=7))
        doc = {"version": "2.1.0",
               "runs": [run_of([ok_result(0)]), run_of([]),
                        run_of(results)]}
        p = self.ingest(doc)
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertIn("runs[2].results[105]: ruleIndex 7 out of range",
                      p.stderr)

    def test_a_bad_artifact_at_a_multi_digit_index(self):
        arts = [{"location": {"uri": "f%d.py" % i}} for i in range(10)]
        arts.append({"location": {"uri": 5}})
        doc = {"version": "2.1.0",
               "runs": [run_of([ok_result(0)], artifacts=arts)]}
        p = self.ingest(doc)
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertIn("runs[0].artifacts[10]: 'location' must be an object",
                      p.stderr)


if __name__ == "__main__":
    ARGS, rest = sgtest.options()
    sys.exit(sgtest.run([sys.argv[0]] + rest))
