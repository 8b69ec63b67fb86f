#!/usr/bin/env python3
"""The robustness catalogue (tests/robustness/README.md): every case runs
the real binary as a user runs it, in a scratch copy of its directory,
and must end as its `expect` file says. Cases that need the shared corpus
of real reports are skipped without it, and the test then reports SKIP
(exit 77) after running every other case.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77


def read_lines(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]


def environment(args, scratch):
    e = {k: v for k, v in os.environ.items()
         if not k.startswith(("GITHUB_", "SECGATE_", "GIT_")) and k != "CI"}
    bindir = os.path.dirname(os.path.abspath(args.secgate))
    e["PATH"] = os.pathsep.join([
        bindir, os.path.join(args.source, "tests", "scanners", "bin"),
        e.get("PATH", "/usr/bin:/bin")])
    e.update({
        "NO_COLOR": "1", "HOME": scratch, "TMPDIR": scratch,
        "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
        "FAKE_FIXTURES": os.path.join(args.source, "fixtures", "demo"),
        "SECGATE": os.path.abspath(args.secgate),
        "SHARED": args.shared, "SOURCE": args.source,
    })
    return e


def substitute(text, args, scratch):
    return (text.replace("${SHARED}", args.shared)
            .replace("${SCRATCH}", scratch)
            .replace("${SOURCE}", args.source))


def run_case(args, case_dir):
    """None when it passed, "skip" or a message when it failed."""
    cmd = read_lines(os.path.join(case_dir, "cmd"))
    expect = read_lines(os.path.join(case_dir, "expect"))
    if not cmd or not any(l.startswith("exit ") for l in expect):
        return "needs a 'cmd' and an 'exit N' line in 'expect'"
    text = "\n".join(cmd) + open(os.path.join(case_dir, "expect")).read()
    setup = os.path.join(case_dir, "setup.sh")
    if os.path.exists(setup):
        text += open(setup).read()
    if "${SHARED}" in text and not os.path.isdir(
            os.path.join(args.shared, "fixtures", "real")):
        return "skip"
    with tempfile.TemporaryDirectory() as tmp:
        scratch = os.path.join(tmp, "case")
        shutil.copytree(case_dir, scratch, symlinks=True)
        env = environment(args, scratch)
        for line in read_lines(os.path.join(case_dir, "env")):
            k, _, v = line.partition("=")
            env[k] = substitute(v, args, scratch)
        if os.path.exists(setup):
            p = subprocess.run(["sh", "-e", "setup.sh"], cwd=scratch, env=env,
                               capture_output=True, text=True, timeout=120)
            if p.returncode != 0:
                return f"setup.sh failed ({p.returncode}): {p.stderr[-800:]}"
        cwd = scratch
        sub = read_lines(os.path.join(case_dir, "cwd"))
        if sub:
            cwd = os.path.join(scratch, sub[0])
        argv = [substitute(a, args, scratch) for a in cmd]
        if argv[0] == "secgate":
            argv[0] = os.path.abspath(args.secgate)
        stdin = None
        if os.path.exists(os.path.join(case_dir, "stdin")):
            stdin = substitute(open(os.path.join(case_dir, "stdin")).read(),
                               args, scratch)
        p = subprocess.run(argv, cwd=cwd, env=env, input=stdin,
                           capture_output=True, text=True, errors="replace",
                           timeout=300)
        streams = {"stdout": p.stdout, "stderr": p.stderr}
        if os.path.exists(os.path.join(case_dir, "check.sh")):
            c = subprocess.run(["sh", "-e", "check.sh"], cwd=scratch,
                               env=env, capture_output=True, text=True,
                               timeout=120)
            if c.returncode != 0:
                return (f"check.sh failed ({c.returncode}): "
                        f"{c.stdout[-800:]}{c.stderr[-800:]}\n"
                        f"command stdout: {p.stdout[-1500:]}\n"
                        f"command stderr: {p.stderr[-1500:]}")
        for line in expect:
            word, _, rest = line.partition(" ")
            if word == "exit":
                if p.returncode != int(rest):
                    return (f"exit {p.returncode}, expected {rest}\n"
                            f"stdout: {p.stdout[-1500:]}\n"
                            f"stderr: {p.stderr[-1500:]}")
                continue
            op, _, needle = rest.partition(" ")
            needle = substitute(needle, args, scratch)
            if word == "file":  # file PATH ~ TEXT: a file the run left
                path, _, needle = rest.partition(" ~ ")
                with open(os.path.join(scratch, path.strip()),
                          errors="replace") as f:
                    hay, op = f.read(), "~"
            elif word in streams:
                hay = streams[word]
            else:
                return f"unknown expectation '{line}'"
            if op == "~" and needle not in hay:
                return f"{word} lacks {needle!r}:\n{hay[-2000:]}"
            if op == "!~" and needle in hay:
                return f"{word} has {needle!r}:\n{hay[-2000:]}"
            if op not in ("~", "!~"):
                return f"unknown operator in '{line}'"
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--secgate", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--only", help="run the cases whose path contains this")
    args = ap.parse_args()
    args.shared = os.path.abspath(args.shared)
    args.source = os.path.abspath(args.source)
    root = os.path.join(args.source, "tests", "robustness")
    cases = sorted(os.path.join(dp) for dp, dn, fn in os.walk(root)
                   if "cmd" in fn)
    failed, skipped, passed = [], [], 0
    for case in cases:
        name = os.path.relpath(case, root)
        if args.only and args.only not in name:
            continue
        why = run_case(args, case)
        if why is None:
            passed += 1
        elif why == "skip":
            skipped.append(name)
            print(f"SKIP {name}: needs {args.shared}/fixtures/real")
        else:
            failed.append(name)
            print(f"FAIL {name}: {why}\n")
    print(f"robustness: {passed} passed, {len(failed)} failed, "
          f"{len(skipped)} skipped of {len(cases)} cases")
    if failed:
        return 1
    if not passed and not skipped:
        print("robustness: no case ran")
        return 1
    return SKIP if skipped else 0


if __name__ == "__main__":
    sys.exit(main())
