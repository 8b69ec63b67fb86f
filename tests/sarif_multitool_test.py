#!/usr/bin/env python3
"""secgate's SARIF report validated by Microsoft's SARIF Multitool.

For every file of ../shared/fixtures/real that secgate reads, the real
binary writes its SARIF report; `Sarif.Multitool validate --rule-kind
"Gh;Sarif"` (the JSON schema, the SARIF rules and GitHub's ingestion
rules) then checks them all in one run. Passes when there is no error,
and no SARIF2017 (region absent) warning for a result whose input had a
region: judged from the input itself for SARIF inputs, and from secgate's
JSON report (the finding has a line) for every input.

The Multitool is @microsoft/sarif-multitool, pinned in
tests/producers/package-lock.json and installed with npm ci into --work.
Exit 77 with a visible message when ../shared, npm or the registry is
unavailable.
"""
import argparse
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "producers"))
import npm_tools  # noqa: E402

RESULT_PATH = re.compile(r"runs\[(\d+)\]\.results\[(\d+)\]")


def sarif_results_all_have_regions(path):
    """For a SARIF input: whether every result that is a finding has a
    region with a line (then no output result may lack one)."""
    try:
        with open(path, encoding="utf-8-sig") as f:
            doc = json.load(f)
    except (ValueError, UnicodeDecodeError):
        return False
    if not isinstance(doc, dict) or "runs" not in doc:
        return False
    for run in doc.get("runs") or []:
        for r in run.get("results") or []:
            if r.get("kind", "fail") in ("pass", "notApplicable") or \
                    r.get("baselineState") == "absent":
                continue
            phys = [loc.get("physicalLocation") for loc in
                    r.get("locations") or [] if loc.get("physicalLocation")]
            if not phys or not (phys[0].get("region") or {}).get(
                    "startLine"):
                return False
    return True


def level_of(result, rules):
    if result.get("level"):
        return result["level"]
    idx = result.get("ruleIndex")
    if isinstance(idx, int) and 0 <= idx < len(rules):
        lvl = (rules[idx].get("defaultConfiguration") or {}).get("level")
        if lvl:
            return lvl
    return "warning"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--secgate", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    secgate = os.path.abspath(args.secgate)
    real = os.path.abspath(os.path.join(args.shared, "fixtures", "real"))
    if not os.path.isdir(real):
        print(f"SKIPPED: {real} not found; the SARIF Multitool check did "
              "not run")
        return 77
    work = os.path.abspath(args.work)
    try:
        prefix = npm_tools.install(os.path.join(work, "npm"))
        tool = npm_tools.multitool(prefix)
    except npm_tools.Unavailable as e:
        print(f"SKIPPED: SARIF Multitool unavailable: {e}")
        return 77

    out = os.path.join(work, "multitool")
    os.makedirs(out, exist_ok=True)
    for name in os.listdir(out):
        os.unlink(os.path.join(out, name))
    inputs = {}  # output file -> input file
    for tool_dir in sorted(os.listdir(real)):
        d = os.path.join(real, tool_dir)
        if not os.path.isdir(d) or tool_dir == "schemas":
            continue
        for name in sorted(os.listdir(d)):
            src = os.path.join(d, name)
            base = os.path.join(out, f"{tool_dir}__{name}")
            p = subprocess.run([secgate, "ingest", "--fail-on", "none",
                                "--color", "never", "--sarif",
                                base + ".sarif", "--json", base + ".json",
                                src],
                               capture_output=True, text=True,
                               errors="replace", cwd=out, timeout=120)
            if p.returncode == 0:
                inputs[base + ".sarif"] = src
            elif os.path.exists(base + ".sarif"):
                os.unlink(base + ".sarif")
    if not inputs:
        print("FAIL: secgate read none of the real reports")
        return 1

    log = os.path.join(work, "multitool-validation.sarif")
    p = subprocess.run([tool, "validate", "--rule-kind", "Gh;Sarif",
                        "--log", "ForceOverwrite", "--output", log,
                        *sorted(inputs)],
                       capture_output=True, text=True, errors="replace",
                       timeout=1800)
    if not os.path.exists(log):
        print(f"FAIL: the Multitool wrote no log (exit {p.returncode}): "
              f"{p.stdout[-2000:]} {p.stderr[-2000:]}")
        return 1
    with open(log, encoding="utf-8-sig") as f:
        validation = json.load(f)

    problems, counts = [], {}
    for run in validation.get("runs") or []:
        rules = (run.get("tool") or {}).get("driver", {}).get("rules") or []
        for note in (inv_note for inv in run.get("invocations") or []
                     for inv_note in inv.get(
                         "toolExecutionNotifications") or []):
            if note.get("level", "error") == "error":
                problems.append("Multitool: " + json.dumps(note)[:500])
        for r in run.get("results") or []:
            level = level_of(r, rules)
            rule = r.get("ruleId", "?")
            counts[(level, rule)] = counts.get((level, rule), 0) + 1
            uri = ((r.get("locations") or [{}])[0].get(
                "physicalLocation") or {}).get("artifactLocation", {}).get(
                "uri", "")
            out_file = uri[len("file://"):] if uri.startswith("file://") \
                else uri
            args_ = (r.get("message") or {}).get("arguments") or []
            where = args_[0] if args_ else ""
            if level == "error":
                problems.append(f"{os.path.basename(out_file)}: error "
                                f"{rule} at {where}")
                continue
            if not rule.startswith("SARIF2017") or out_file not in inputs:
                continue
            src = inputs[out_file]
            m = RESULT_PATH.search(where)
            if sarif_results_all_have_regions(src):
                problems.append(f"{os.path.basename(out_file)}: {rule} at "
                                f"{where}: every result of the input has "
                                f"a region")
                continue
            if not m:
                continue
            with open(out_file) as f:
                written = json.load(f)
            res = written["runs"][int(m.group(1))]["results"][
                int(m.group(2))]
            fp = (res.get("partialFingerprints") or {}).get("secgate/v1")
            with open(out_file[:-len(".sarif")] + ".json") as f:
                report = json.load(f)
            lines = [x["start_line"] for x in report["findings"]
                     if x["fingerprint"] == fp]
            if any(lines):
                problems.append(f"{os.path.basename(out_file)}: {rule} at "
                                f"{where}: the finding has line "
                                f"{lines[0]}")

    for (level, rule), n in sorted(counts.items()):
        print(f"Multitool: {n} {level} {rule}")
    for x in problems:
        print(f"FAIL {x}")
    print(f"{len(inputs)} reports validated: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
