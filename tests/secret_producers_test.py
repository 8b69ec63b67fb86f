#!/usr/bin/env python3
"""A real secret scanner's SARIF through secgate: secretlint with its SARIF
formatter (npm, pinned versions) scans a tree with planted fake secrets,
with and without its own masking; secgate must read every result as kind
secret and no output may hold a secret: stdout, stderr (annotations), the
JSON, SARIF, JUnit and Markdown reports, the evidence, the step summary
and the job outputs. Exits 77 (ctest SKIP) when node/npm or the registry
is unavailable.
"""
import argparse
import json
import os
import random
import shutil
import string
import subprocess
import sys
import tempfile

PACKAGES = ["secretlint@13.0.6",
            "@secretlint/secretlint-formatter-sarif@13.0.5",
            "@secretlint/secretlint-rule-preset-recommend@13.1.0"]


def skip(why):
    print(f"SKIP: {why}")
    sys.exit(77)


def fake_secrets():
    # Made up at run time: no real or reusable credential in the tree.
    rnd = random.Random()
    alnum = string.ascii_letters + string.digits
    aws_secret = "".join(rnd.choice(alnum + "/+") for _ in range(40))
    gh = "ghp_" + "".join(rnd.choice(alnum) for _ in range(36))
    return {"aws_secret": aws_secret, "github": gh}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--secgate", required=True)
    args = ap.parse_args()
    secgate = os.path.abspath(args.secgate)
    npm, node = shutil.which("npm"), shutil.which("node")
    if not npm or not node:
        skip("npm and node are needed to install secretlint")
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        tools = os.path.join(tmp, "tools")
        os.makedirs(tools)
        p = subprocess.run([npm, "install", "--no-audit", "--no-fund",
                            "--loglevel=error", "--prefix", tools, *PACKAGES],
                           capture_output=True, text=True, timeout=600)
        if p.returncode != 0:
            skip("npm install of secretlint failed (no registry?): " +
                 p.stderr[-500:])
        secretlint = os.path.join(tools, "node_modules", ".bin", "secretlint")
        repo = os.path.join(tmp, "repo")
        os.makedirs(repo)
        subprocess.run(["git", "init", "-q", repo], check=True)
        s = fake_secrets()
        with open(os.path.join(repo, "app.js"), "w") as f:
            f.write(f'const AWS_SECRET_ACCESS_KEY = "{s["aws_secret"]}";\n'
                    f'const token = "{s["github"]}";\n')
        with open(os.path.join(repo, ".secretlintrc.json"), "w") as f:
            json.dump({"rules": [
                {"id": "@secretlint/secretlint-rule-preset-recommend"}]}, f)
        for mode, extra in (("masked", []), ("unmasked", ["--no-maskSecrets"])):
            sarif = os.path.join(tmp, f"secretlint-{mode}.sarif")
            with open(sarif, "w") as f:
                p = subprocess.run([secretlint, "--format",
                                    "@secretlint/secretlint-formatter-sarif",
                                    *extra, "app.js"], cwd=repo, stdout=f,
                                   stderr=subprocess.PIPE, text=True,
                                   timeout=300)
            # secretlint exits 1 when it finds something.
            if p.returncode != 1:
                failures.append(f"{mode}: secretlint exited {p.returncode}: "
                                f"{p.stderr[-500:]}")
                continue
            raw = open(sarif).read()
            if mode == "unmasked" and s["github"] not in raw:
                failures.append("unmasked: the SARIF does not hold the "
                                "secret: the test would prove nothing")
            out = os.path.join(tmp, f"out-{mode}")
            os.makedirs(out)
            env = {k: v for k, v in os.environ.items()
                   if not k.startswith("GITHUB_") and k != "CI"}
            env.update(NO_COLOR="1", GITHUB_ACTIONS="true",
                       GITHUB_STEP_SUMMARY=os.path.join(out, "summary.md"),
                       GITHUB_OUTPUT=os.path.join(out, "outputs.txt"))
            p = subprocess.run(
                [secgate, "ingest", "--explain",
                 "--json", os.path.join(out, "r.json"),
                 "--sarif", os.path.join(out, "r.sarif"),
                 "--junit", os.path.join(out, "r.xml"),
                 "--markdown", os.path.join(out, "r.md"),
                 "--evidence", os.path.join(out, "evidence"), sarif],
                cwd=repo, env=env, capture_output=True, text=True,
                errors="replace", timeout=120)
            if p.returncode != 1:
                failures.append(f"{mode}: secgate exited {p.returncode}: "
                                f"{p.stderr[-1000:]}")
            sinks = {"stdout": p.stdout, "stderr": p.stderr}
            for top, _, names in os.walk(out):
                for name in names:
                    path = os.path.join(top, name)
                    sinks[os.path.relpath(path, out)] = open(
                        path, errors="replace").read()
            for what, secret in s.items():
                for sink, text in sinks.items():
                    for piece in (secret, secret[:16], secret[-16:]):
                        if piece in text:
                            failures.append(f"{mode}: {what} ({piece!r}) "
                                            f"in {sink}")
            doc = json.loads(sinks.get("r.json", "{}") or "{}")
            kinds = {f.get("kind") for f in doc.get("findings", [])}
            if not doc.get("findings") or kinds != {"secret"}:
                failures.append(f"{mode}: kinds {kinds}, expected only "
                                "secret")
            print(f"{mode}: {len(doc.get('findings', []))} findings, "
                  f"kinds {sorted(k for k in kinds if k)}")
    for f in failures:
        print("FAIL " + f)
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
