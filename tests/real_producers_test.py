#!/usr/bin/env python3
"""Real SARIF producers, run for real on small fixture trees, then read by
the real secgate binary: every result a producer reports is a finding,
less the exact duplicates (same rule, location and message), which the
summary must name.

Producers: flawfinder (Debian package) over tests/producers/samples/c;
ESLint 8 with @microsoft/eslint-formatter-sarif over samples/eslint;
markdownlint-cli2 with markdownlint-cli2-formatter-sarif over
samples/markdown. The npm ones are installed with `npm ci` (versions
pinned by tests/producers/package-lock.json) into --work.

Exit 77 (ctest's SKIP) with a visible message when a producer cannot be
had (no flawfinder, no npm or node, the registry unreachable); a failure
of any producer that ran is a failure.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "producers"))
import npm_tools  # noqa: E402

SAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       "producers", "samples")


def results_of(sarif_path):
    """The results that are findings, by SARIF's own rules."""
    with open(sarif_path, encoding="utf-8-sig") as f:
        doc = json.load(f)
    out = []
    for run in doc.get("runs") or []:
        for r in run.get("results") or []:
            if r.get("kind", "fail") in ("pass", "notApplicable"):
                continue
            if r.get("baselineState") == "absent":
                continue
            out.append(r)
    return out


def exact_key(r):
    """Same rule, same locations (file and region), same message."""
    locs = []
    for loc in r.get("locations") or []:
        phys = loc.get("physicalLocation") or {}
        locs.append((json.dumps(phys.get("artifactLocation"), sort_keys=True),
                     json.dumps(phys.get("region"), sort_keys=True)))
    msg = r.get("message") or {}
    return (r.get("ruleId"), json.dumps(r.get("rule"), sort_keys=True),
            tuple(locs), msg.get("text"), msg.get("id"),
            json.dumps(msg.get("arguments")))


def check_counts(name, secgate, workdir, report):
    results = results_of(report)
    n = len(results)
    dups = n - len({exact_key(r) for r in results})
    expected = n - dups
    out_json = os.path.join(workdir, "secgate.json")
    p = subprocess.run([secgate, "ingest", "--fail-on", "none", "--color",
                        "never", "--json", out_json, report],
                       capture_output=True, text=True, errors="replace",
                       cwd=workdir, timeout=120)
    problems = []
    if p.returncode != 0:
        return [f"secgate exit {p.returncode}: {p.stderr.strip()}"], n, None
    with open(out_json) as f:
        js = json.load(f)
    read = js["inputs"][0]["findings"]
    kept = js["summary"]["total"]
    print(f"{name}: {n} results ({dups} exact duplicates); secgate read "
          f"{read}, kept {kept} findings (expected {expected})")
    if n == 0:
        problems.append("the producer reported no result: the sample "
                        "tree no longer exercises it")
    if read != n:
        problems.append(f"secgate read {read} results, the report has {n}")
    if kept != expected:
        problems.append(f"{kept} findings, expected {expected} ({n} "
                        f"results less {dups} exact duplicates)")
    if dups:
        named = {k: v for k, v in js["summary"].items()
                 if "duplicate" in k}
        if dups not in named.values():
            problems.append(f"the summary does not name the {dups} merged "
                            f"exact duplicates (summary keys with "
                            f"'duplicate': {named})")
    return problems, n, kept


def fresh_dir(base, name):
    d = os.path.join(base, name)
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(os.path.join(SAMPLES, name), d)
    return d


def run_flawfinder(work):
    exe = shutil.which("flawfinder")
    if not exe:
        raise npm_tools.Unavailable("flawfinder is not installed "
                                    "(scripts/install-deps.sh --test)")
    d = fresh_dir(work, "c")
    report = os.path.join(d, "flawfinder.sarif")
    with open(report, "w") as f:
        p = subprocess.run([exe, "--sarif", "."], stdout=f,
                           stderr=subprocess.PIPE, text=True, cwd=d,
                           timeout=120)
    if p.returncode != 0:
        raise RuntimeError(f"flawfinder exit {p.returncode}: {p.stderr}")
    return d, report


def run_eslint(prefix, work):
    d = fresh_dir(work, "eslint")
    report = os.path.join(d, "eslint.sarif")
    formatter = os.path.join(prefix, "node_modules", "@microsoft",
                             "eslint-formatter-sarif")
    p = subprocess.run([npm_tools.bin_path(prefix, "eslint"),
                        "--no-eslintrc", "--env", "node",
                        "--parser-options", "ecmaVersion:2020",
                        "--rule", "no-eval: error",
                        "--rule", "no-unused-vars: warn",
                        "--format", formatter, "--output-file", report, "."],
                       capture_output=True, text=True, errors="replace",
                       cwd=d, timeout=300)
    # 1: problems found (what we want); 2: a configuration or crash.
    if p.returncode not in (0, 1) or not os.path.exists(report):
        raise RuntimeError(f"eslint exit {p.returncode}: {p.stderr}")
    return d, report


def run_markdownlint(prefix, work):
    npm_tools.require_node(20, "markdownlint-cli2 0.22")
    d = fresh_dir(work, "markdown")
    report = os.path.join(d, "markdownlint.sarif")
    formatter = os.path.join(prefix, "node_modules",
                             "markdownlint-cli2-formatter-sarif")
    with open(os.path.join(d, ".markdownlint-cli2.jsonc"), "w") as f:
        json.dump({"outputFormatters": [[formatter, {"name": report}]]}, f)
    p = subprocess.run([npm_tools.bin_path(prefix, "markdownlint-cli2"),
                        "**/*.md"],
                       capture_output=True, text=True, errors="replace",
                       cwd=d, timeout=300)
    if p.returncode not in (0, 1) or not os.path.exists(report):
        raise RuntimeError(f"markdownlint-cli2 exit {p.returncode}: "
                           f"{p.stderr}")
    return d, report


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--secgate", required=True)
    ap.add_argument("--work", required=True,
                    help="build-local directory for npm and the runs")
    args = ap.parse_args()
    secgate = os.path.abspath(args.secgate)
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)

    failed, ran, skipped = [], [], []
    producers = [("flawfinder", lambda: run_flawfinder(work))]
    try:
        prefix = npm_tools.install(os.path.join(work, "npm"))
        producers += [
            ("eslint", lambda: run_eslint(prefix, work)),
            ("markdownlint-cli2", lambda: run_markdownlint(prefix, work)),
        ]
    except npm_tools.Unavailable as e:
        skipped.append(f"eslint, markdownlint-cli2: {e}")

    for name, produce in producers:
        try:
            d, report = produce()
        except npm_tools.Unavailable as e:
            skipped.append(f"{name}: {e}")
            continue
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
            failed.append(f"{name}: {e}")
            continue
        problems, _, _ = check_counts(name, secgate, d, report)
        ran.append(name)
        failed += [f"{name}: {x}" for x in problems]

    for f in failed:
        print(f"FAIL {f}")
    for s in skipped:
        print(f"SKIPPED {s}")
    print(f"{len(ran) - len({f.split(':')[0] for f in failed})} passed, "
          f"{len({f.split(':')[0] for f in failed})} failed, "
          f"{len(skipped)} skipped")
    if failed:
        return 1
    return 77 if skipped else 0


if __name__ == "__main__":
    sys.exit(main())
