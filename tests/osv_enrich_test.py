#!/usr/bin/env python3
"""Severity enrichment from OSV, end to end through the real binary:
pip-audit gives no severity, OSV records (real ones, fixtures/osv/records,
see PROVENANCE.md) supply it, and the policy gates on it. OfflineDb reads
records from a directory (enrich.osv.db), as air-gapped CI does; Api asks
a fake OSV API on 127.0.0.1 (tests/fake_osv.py) and uses the cache.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fake_osv import FakeOsv  # noqa: E402
import sgtest  # noqa: E402

ARGS = None

ACCEPTANCE = """\
fail_on: high
unknown_severity: low
overrides:
  - tool: pip-audit
    fail_on: critical
enrich:
  osv:
    db: {db}
"""


class OfflineDb(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.repo = os.path.join(self._tmp.name, "repo")
        os.makedirs(self.repo)
        subprocess.run(["git", "init", "-q", self.repo], check=True)
        self.db = os.path.join(ARGS.source, "fixtures", "osv", "records")
        self.report = os.path.join(ARGS.source, "fixtures", "osv",
                                   "pip-audit.json")

    def tearDown(self):
        self._tmp.cleanup()

    def config(self, text):
        with open(os.path.join(self.repo, ".secgate.yml"), "w") as f:
            f.write(text)

    def secgate(self, *argv, env=None):
        e = dict(os.environ)
        for k in ("GITHUB_ACTIONS", "CI"):
            e.pop(k, None)
        e["NO_COLOR"] = "1"
        e["XDG_CACHE_HOME"] = os.path.join(self._tmp.name, "cache")
        # Air-gapped: the db directory and nothing else.
        e["SECGATE_OFFLINE"] = "1"
        e.update(env or {})
        return subprocess.run([ARGS.secgate, *argv], cwd=self.repo, env=e,
                              capture_output=True, text=True,
                              errors="replace", timeout=60)

    def findings(self, path):
        with open(path) as f:
            doc = json.load(f)
        return {x["ids"][0]: x for x in doc["findings"]}

    def test_blocks_exactly_on_what_osv_rates_critical(self):
        self.config(ACCEPTANCE.format(db=self.db))
        out = os.path.join(self._tmp.name, "out.json")
        r = self.secgate("ingest", self.report, "--json", out)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        got = self.findings(out)
        blocking = sorted(i for i, f in got.items() if f["blocking"])
        # pyyaml's own id (PYSEC) has no severity; its GHSA alias is
        # CRITICAL. flask is HIGH, jinja2 MODERATE: they pass.
        self.assertEqual(blocking, ["PYSEC-2021-142"])
        self.assertEqual(
            {i: f["severity"] for i, f in got.items()},
            {"PYSEC-2021-142": "critical", "GHSA-m2qf-hxjv-5gpq": "high",
             "GHSA-h5c8-rqwp-cp95": "medium", "PYSEC-2023-58": "unknown"})
        self.assertEqual(got["PYSEC-2021-142"]["severity_source"],
                         "OSV GHSA-8q59-q68h-6hv4 "
                         "(database_specific critical)")
        self.assertNotIn("severity_source", got["PYSEC-2023-58"])
        self.assertIsNone(got["PYSEC-2023-58"]["tool_severity"])
        # Neither in the db nor in the cache: a warning naming it.
        self.assertIn("warning: OSV: PYSEC-2023-58: its severity stays "
                      "unknown: OSV cache (offline): PYSEC-2023-58: "
                      "offline, and not in the cache", r.stderr)

    def test_without_enrichment_nothing_blocks(self):
        # The same report and policy, enrichment off: every severity is
        # unknown, counted as low, and nothing reaches critical.
        self.config(ACCEPTANCE.format(db=self.db) + "    enabled: false\n")
        r = self.secgate("ingest", self.report)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertNotIn("OSV", r.stderr)

    def test_provenance_in_sarif_explain_and_evidence(self):
        self.config(ACCEPTANCE.format(db=self.db))
        sarif = os.path.join(self._tmp.name, "out.sarif")
        evidence = os.path.join(self._tmp.name, "evidence")
        r = self.secgate("ingest", self.report, "--explain", "--sarif",
                         sarif, "--evidence", evidence)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("severity from OSV GHSA-m2qf-hxjv-5gpq "
                      "(database_specific high)", r.stdout)
        with open(sarif) as f:
            results = json.load(f)["runs"][0]["results"]
        sources = sorted(x["properties"].get("secgate-severity-source", "")
                         for x in results)
        self.assertEqual(sources, [
            "",
            "OSV GHSA-8q59-q68h-6hv4 (database_specific critical)",
            "OSV GHSA-h5c8-rqwp-cp95 (database_specific medium)",
            "OSV GHSA-m2qf-hxjv-5gpq (database_specific high)"])
        records = [os.path.join(evidence, n) for n in os.listdir(evidence)
                   if n.endswith(".json")]
        rec = None
        for path in records:
            with open(path) as f:
                doc = json.load(f)
            if "severity_enrichment" in doc:
                rec = doc["severity_enrichment"]
        self.assertIsNotNone(rec, os.listdir(evidence))
        md = [os.path.join(evidence, n) for n in os.listdir(evidence)
              if n.endswith(".md")]
        text = "".join(open(m).read() for m in md)
        self.assertIn("3 of 4 findings without a severity got one from "
                      "OSV; 1 could not be looked up", text)
        self.assertIn("| PYSEC-2021-142 | critical | OSV "
                      "GHSA-8q59-q68h-6hv4 (database\\_specific critical) |",
                      text)
        self.assertEqual((rec["candidates"], rec["enriched"], rec["failed"]),
                         (4, 3, 1))
        self.assertEqual(
            sorted((e["id"], e["severity"], e["source"])
                   for e in rec["findings"]),
            [("GHSA-h5c8-rqwp-cp95", "medium",
              "OSV GHSA-h5c8-rqwp-cp95 (database_specific medium)"),
             ("GHSA-m2qf-hxjv-5gpq", "high",
              "OSV GHSA-m2qf-hxjv-5gpq (database_specific high)"),
             ("PYSEC-2021-142", "critical",
              "OSV GHSA-8q59-q68h-6hv4 (database_specific critical)")])

    def test_malformed_record_warns_and_stays_unknown(self):
        db = os.path.join(self._tmp.name, "db")
        shutil.copytree(self.db, db)
        with open(os.path.join(db, "GHSA-8q59-q68h-6hv4.json"), "w") as f:
            f.write('{"id": "GHSA-8q59-q68h-6hv4", "severity": [')
        self.config(ACCEPTANCE.format(db=db))
        out = os.path.join(self._tmp.name, "out.json")
        r = self.secgate("ingest", self.report, "--json", out)
        # Unknown counts as low: the scan passes on its own terms, and the
        # warning names the id whose records could not be read.
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(self.findings(out)["PYSEC-2021-142"]["severity"],
                         "unknown")
        self.assertIn("warning: OSV: PYSEC-2021-142: its severity stays "
                      "unknown: osv db: ", r.stderr)
        self.assertIn("GHSA-8q59-q68h-6hv4.json:1:", r.stderr)

    def test_unknown_stays_closed_by_default(self):
        # Malformed record and the default unknown_severity (high) with
        # fail_on high: the gate stays closed.
        db = os.path.join(self._tmp.name, "db")
        os.makedirs(db)
        with open(os.path.join(db, "PYSEC-2023-58.json"), "w") as f:
            f.write("[]")
        self.config("enrich:\n  osv:\n    db: %s\n" % db)
        r = self.secgate("ingest", self.report)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("PYSEC-2023-58", r.stderr)
        self.assertIn("not an OSV record", r.stderr)

    def test_db_that_is_not_a_directory(self):
        self.config(ACCEPTANCE.format(db="no/such/dir"))
        r = self.secgate("ingest", self.report)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("enrich.osv.db: no/such/dir: not a directory", r.stderr)

    def test_merged_copies_are_each_enriched(self):
        # Trivy says UNKNOWN for the CVE that pip-audit reports as
        # PYSEC-2021-142: one finding, two copies, each gated on its own,
        # each rated from OSV (critical through the GHSA alias).
        trivy = {"SchemaVersion": 2, "ArtifactName": ".",
                 "ArtifactType": "filesystem",
                 "Results": [{"Target": "requirements.txt",
                              "Class": "lang-pkgs", "Type": "pip",
                              "Vulnerabilities": [{
                                  "VulnerabilityID": "CVE-2020-14343",
                                  "VendorIDs": ["GHSA-8q59-q68h-6hv4"],
                                  "PkgName": "PyYAML",
                                  "InstalledVersion": "5.3.1",
                                  "FixedVersion": "5.4",
                                  "Severity": "UNKNOWN",
                                  "Title": "PyYAML full_load"}]}]}
        path = os.path.join(self._tmp.name, "trivy.json")
        with open(path, "w") as f:
            json.dump(trivy, f)
        self.config(ACCEPTANCE.format(db=self.db))
        out = os.path.join(self._tmp.name, "out.json")
        r = self.secgate("ingest", path, self.report, "--json", out)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        with open(out) as f:
            doc = json.load(f)
        pyyaml = [x for x in doc["findings"]
                  if (x.get("package") or {}).get("name", "").lower()
                  == "pyyaml"]
        self.assertEqual(len(pyyaml), 1, pyyaml)
        self.assertEqual(sorted(pyyaml[0]["sources"]), ["pip-audit", "trivy"])
        self.assertEqual(pyyaml[0]["severity"], "critical")
        self.assertTrue(pyyaml[0]["blocking"])
        self.assertIn("GHSA-8q59-q68h-6hv4", pyyaml[0]["severity_source"])

    def test_config_show_prints_the_section(self):
        self.config("enrich:\n  osv:\n    max_age: 1h\n    db: recs\n")
        r = self.secgate("config", "show")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('enrich:\n  osv:\n    enabled: true\n'
                      '    url: "https://api.osv.dev"\n    max_age: 3600\n'
                      '    db: "recs"\n', r.stdout)

    def test_configuration_errors_name_the_position(self):
        cases = [
            ("enrich:\n  osv:\n    colour: blue\n",
             ".secgate.yml:3:5: enrich.osv: unknown key 'colour'"),
            ("enrich:\n  osv:\n    url: http://example.org\n",
             ".secgate.yml:3:10: enrich.osv.url: must be an https:// URL"),
            ("enrich:\n  osv:\n    max_age: soon\n",
             ".secgate.yml:3:14: enrich.osv.max_age: must be seconds"),
            ("enrich:\n  nvd: {}\n",
             ".secgate.yml:2:3: enrich: unknown key 'nvd'"),
        ]
        for text, want in cases:
            self.config(text)
            r = self.secgate("ingest", self.report)
            self.assertEqual(r.returncode, 2, text + r.stderr)
            self.assertIn(want, r.stderr, text)


API = """\
fail_on: high
unknown_severity: low
overrides:
  - tool: pip-audit
    fail_on: critical
enrich:
  osv:
    url: {url}
"""


class Api(OfflineDb):
    def setUp(self):
        super().setUp()
        self.fake = FakeOsv(self.db)
        self.config(API.format(url=self.fake.url))
        self.cache = os.path.join(self._tmp.name, "cache", "secgate", "osv")

    def tearDown(self):
        self.fake.close()
        super().tearDown()

    def online(self, *argv, **env):
        env.setdefault("SECGATE_OFFLINE", "")
        return self.secgate("ingest", self.report, *argv, env=env)

    def severities(self, *argv, **env):
        out = os.path.join(self._tmp.name, "out.json")
        r = self.online("--json", out, *argv, **env)
        return r, {i: f["severity"] for i, f in self.findings(out).items()}

    # The OfflineDb cases are not repeated here.
    test_blocks_exactly_on_what_osv_rates_critical = None
    test_without_enrichment_nothing_blocks = None
    test_provenance_in_sarif_explain_and_evidence = None
    test_malformed_record_warns_and_stays_unknown = None
    test_unknown_stays_closed_by_default = None
    test_db_that_is_not_a_directory = None
    test_configuration_errors_name_the_position = None
    test_config_show_prints_the_section = None
    test_merged_copies_are_each_enriched = None

    def test_api_rates_and_aliases_go_ghsa_first(self):
        r, sev = self.severities()
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertEqual(sev, {
            "PYSEC-2021-142": "critical", "GHSA-m2qf-hxjv-5gpq": "high",
            "GHSA-h5c8-rqwp-cp95": "medium", "PYSEC-2023-58": "unknown"})
        ids = self.fake.ids()
        # Own ids first; then, for pyyaml, its GHSA alias (which rates
        # it) and never its CVE; werkzeug's CVE alias after its own 404.
        self.assertEqual(sorted(ids[:4]), sorted([
            "PYSEC-2021-142", "GHSA-m2qf-hxjv-5gpq", "GHSA-h5c8-rqwp-cp95",
            "PYSEC-2023-58"]))
        self.assertEqual(sorted(ids[4:]),
                         ["CVE-2023-25577", "GHSA-8q59-q68h-6hv4"])
        self.assertIn("no OSV record gives a severity for PYSEC-2023-58",
                      r.stderr)
        self.assertTrue(os.path.isfile(os.path.join(
            self.cache, "GHSA-8q59-q68h-6hv4.json")))

    def test_cache_serves_when_the_server_is_down(self):
        self.severities()
        self.fake.close()
        r, sev = self.severities()
        self.assertEqual(sev["PYSEC-2021-142"], "critical", r.stderr)
        self.assertEqual(sev["GHSA-m2qf-hxjv-5gpq"], "high")
        self.assertNotIn("GHSA-8q59", r.stderr)
        self.fake = FakeOsv(self.db)  # tearDown closes it

    def test_offline_makes_no_request(self):
        r, sev = self.severities("--offline")
        self.assertEqual(self.fake.log, [])
        self.assertEqual(set(sev.values()), {"unknown"})
        self.assertIn("warning: OSV: PYSEC-2021-142: its severity stays "
                      "unknown: OSV cache (offline): PYSEC-2021-142: "
                      "offline, and not in the cache", r.stderr)
        # The same through the environment.
        r, sev = self.severities(SECGATE_OFFLINE="1")
        self.assertEqual(self.fake.log, [])

    def test_stale_cache_is_refreshed_online_and_used_offline(self):
        self.severities()
        old = time.time() - 3 * 86400
        for name in os.listdir(self.cache):
            os.utime(os.path.join(self.cache, name), (old, old))
        n = len(self.fake.log)
        r, sev = self.severities("--offline")
        self.assertEqual(len(self.fake.log), n)
        self.assertEqual(sev["PYSEC-2021-142"], "critical")
        self.assertIn("note: OSV: using the cached record of "
                      "GHSA-8q59-q68h-6hv4, older than enrich.osv.max_age "
                      "(offline)", r.stderr)
        r, sev = self.severities()
        self.assertGreater(len(self.fake.log), n)  # refreshed
        self.assertNotIn("older than", r.stderr)

    def test_429_then_200_honours_retry_after(self):
        self.fake.modes["GHSA-m2qf-hxjv-5gpq"] = "429"
        start = time.monotonic()
        r, sev = self.severities()
        # Retry-After: 2, longer than the default first backoff (1 s).
        self.assertGreaterEqual(time.monotonic() - start, 2.0)
        self.assertEqual(sev["GHSA-m2qf-hxjv-5gpq"], "high", r.stderr)
        self.assertEqual(self.fake.seen["GHSA-m2qf-hxjv-5gpq"], 2)

    def test_failures_warn_and_leave_unknown(self):
        cases = {
            "slow": "imed out",
            "huge": "the response is over 4194304 bytes",
            "malformed": "malformed JSON in the response",
            "500": "HTTP status 500",
        }
        for mode, want in cases.items():
            with self.subTest(mode=mode):
                shutil.rmtree(self.cache, ignore_errors=True)
                self.fake.modes = {"GHSA-m2qf-hxjv-5gpq": mode}
                self.fake.seen = {}
                r, sev = self.severities(SECGATE_OSV_TIMEOUT="1")
                self.assertEqual(sev["GHSA-m2qf-hxjv-5gpq"], "unknown")
                # The others are rated; the gate verdict is its own.
                self.assertEqual(sev["PYSEC-2021-142"], "critical")
                self.assertEqual(r.returncode, 1, r.stderr)
                self.assertIn("warning: OSV: GHSA-m2qf-hxjv-5gpq: its "
                              "severity stays unknown: OSV API: ", r.stderr)
                self.assertIn(want, r.stderr)
                self.assertFalse(os.path.exists(os.path.join(
                    self.cache, "GHSA-m2qf-hxjv-5gpq.json")))
        self.assertEqual(self.fake.seen["GHSA-m2qf-hxjv-5gpq"], 3)


def main():
    global ARGS
    ARGS, rest = sgtest.options()
    return sgtest.run([sys.argv[0], *rest])


if __name__ == "__main__":
    sys.exit(main())
