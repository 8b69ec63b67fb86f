#!/usr/bin/env python3
"""Conformance over the real scanner reports in ../shared/fixtures/real/.

Runs the real secgate binary on every file, the way a user does, and checks
each against an independent count of its findings (computed here from the
raw JSON with Python's json module, not with secgate's code), or, for the
broken and unsupported files listed below, that secgate refuses them with
exit code 3 and an error naming the file.

Exit 77 (ctest's SKIP_RETURN_CODE) with a visible message when ../shared
is absent.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

# Files secgate must refuse, with a word the error has to contain.
EXPECTED_ERRORS = {
    "gitleaks/v8-baseline-malformed.csv": "unknown report format",
    "gitleaks/v8-csv-simple.csv": "unknown report format",
    "gitleaks/v8.0.0-csv-context.csv": "unknown report format",
    "gitleaks/v8-junit-empty.xml": "unknown report format",
    "gitleaks/v8-junit-simple.xml": "unknown report format",
    "gitleaks/v8.0.0-sarif-invalid-version.sarif": "SARIF version",
    "trivy/junit-image-alpine310.xml": "unknown report format",
    "trivy/cyclonedx-npm.cdx.json": "unknown report format",
    "trivy/k8s-cluster-legacy-summary.json": "not supported",
    "codeql/codeql-action-invalid-results-42.sarif": "results",
    "codeql/codeql-action-tool-names-5runs.sarif": "results",
    "codeql/minimal-no-version-no-tool.sarif": "version",
    "sarif-other/sarif-v1.0.0-comprehensive.sarif": "SARIF version",
    "sarif-other/sarif-2.0.0-prerelease-comprehensive.sarif": "SARIF version",
    "sarif-other/eslint-run-missing-results.sarif": "results",
    "sarif-other/zero-byte-empty-file.sarif": "empty",
    # Both say executionSuccessful: false (SpotBugs < 4.8 always does).
    "sarif-other/sarif-sdk-sarif1009-index-inconsistent.sarif": "failed scan",
    "sarif-other/spotbugs-4.4.0-originaluribaseids-extensions.sarif": "failed scan",
    # A vulnerability entry with no VulnerabilityID: refused, not guessed.
    "trivy/legacy-bare-array-mixed-partial.json": "VulnerabilityID",
    # runs: [] says no tool ran: nothing was scanned (issue 11).
    "sarif-other/no-runs-empty-array.sarif": "'runs' is empty",
    "gitleaks/v8-baseline-empty-runs.sarif": "'runs' is empty",
}


def load(path):
    with open(path, "rb") as f:
        raw = f.read()
    return json.loads(raw.decode("utf-8-sig"))


def count_sarif(doc):
    n = 0
    for run in doc.get("runs") or []:
        for r in run.get("results") or []:
            # Checks that passed, and baseline entries already fixed, are
            # not findings.
            if r.get("kind", "fail") not in ("pass", "notApplicable") and \
                    r.get("baselineState") != "absent":
                n += 1
    return n


def count_trivy_results(results):
    n = 0
    for res in results or []:
        n += len(res.get("Vulnerabilities") or [])
        n += len(res.get("ExperimentalModifiedFindings") or [])
        n += len(res.get("Secrets") or [])
        n += len(res.get("Licenses") or [])
        n += sum(1 for m in res.get("Misconfigurations") or []
                 if m.get("Status", "FAIL") == "FAIL")
    return n


def independent_count(doc):
    """The number of findings in a report, by its own format's rules."""
    if doc is None:
        return 0
    if isinstance(doc, dict):
        if "runs" in doc:
            return count_sarif(doc)
        if "dependencies" in doc:
            return sum(len(d.get("vulns") or []) for d in doc["dependencies"])
        if "Results" in doc or "SchemaVersion" in doc or "ArtifactName" in doc:
            return count_trivy_results(doc.get("Results"))
        raise ValueError("unknown object report")
    if isinstance(doc, list):
        if not doc:
            return 0
        first = doc[0]
        if "Target" in first:
            return count_trivy_results(doc)
        if "name" in first and ("vulns" in first or "skip_reason" in first):
            return sum(len(d.get("vulns") or []) for d in doc)
        return len(doc)  # gitleaks: one element per finding
    raise ValueError("unknown report shape")


def run(secgate, path, out_json):
    return subprocess.run(
        [secgate, "ingest", "--fail-on", "none", "--color", "never",
         "--json", out_json, path],
        capture_output=True, text=True, errors="replace", timeout=120)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--secgate", required=True)
    ap.add_argument("--shared", required=True)
    args = ap.parse_args()

    real = os.path.join(args.shared, "fixtures", "real")
    if not os.path.isdir(real):
        print(f"SKIPPED: {real} not found; the conformance test over real "
              "scanner reports did not run")
        return 77

    files = []
    for tool in sorted(os.listdir(real)):
        d = os.path.join(real, tool)
        if not os.path.isdir(d) or tool == "schemas":
            continue
        for name in sorted(os.listdir(d)):
            files.append(f"{tool}/{name}")

    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        out_json = os.path.join(tmp, "out.json")
        for rel in files:
            path = os.path.join(real, rel)
            if os.path.exists(out_json):
                os.unlink(out_json)
            p = run(args.secgate, path, out_json)
            problem = None
            if rel in EXPECTED_ERRORS:
                want = EXPECTED_ERRORS[rel]
                if p.returncode != 3:
                    problem = f"expected exit 3, got {p.returncode}"
                elif rel.split("/")[-1] not in p.stderr:
                    problem = "error does not name the file"
                elif want.lower() not in p.stderr.lower():
                    problem = f"error lacks '{want}': {p.stderr.strip()}"
                elif len(p.stderr.strip().splitlines()) != 1:
                    problem = "error is not one line"
                else:
                    report = json.load(open(out_json))
                    if report["verdict"] != "error" or \
                            report["inputs"][0]["status"] != "error" or \
                            report["findings"]:
                        problem = "JSON report does not say error"
            else:
                expected = independent_count(load(path))
                if p.returncode != 0:
                    problem = f"exit {p.returncode}: {p.stderr.strip()}"
                else:
                    got = json.load(open(out_json))["inputs"][0]["findings"]
                    if got != expected:
                        problem = f"{got} findings, expected {expected}"
            if problem:
                failed += 1
                print(f"FAIL {rel}: {problem}")
            else:
                passed += 1
                print(f"ok   {rel}")
    missing = [k for k in EXPECTED_ERRORS if k not in files]
    for k in missing:
        failed += 1
        print(f"FAIL {k}: listed as an expected error but not in the corpus")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
