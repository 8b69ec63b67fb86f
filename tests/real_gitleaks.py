"""Debian's real gitleaks for the end-to-end tests: trixie's 8.16 (only
`detect`/`protect`, "version is set by build process") and sid's 8.26
(`dir`/`git`), fetched once by scripts/get-gitleaks.sh into a build-local
tools folder and kept there between runs.

When the archive cannot be reached the calling test reports itself skipped
to ctest (exit 77); with SECGATE_REQUIRE_REAL_GITLEAKS=1 (set by .ci/run,
where the archive is reachable) that is a failure instead.
"""
import fcntl
import os
import random
import string
import subprocess
import sys

SUITES = {"8.16": "trixie", "8.26": "sid"}
SKIP = 77


def _give_up(message):
    if os.environ.get("SECGATE_REQUIRE_REAL_GITLEAKS") == "1":
        print(f"FAIL: {message} (SECGATE_REQUIRE_REAL_GITLEAKS=1: CI must "
              "test the real gitleaks)", file=sys.stderr)
        sys.exit(1)
    print(f"SKIP: {message}", file=sys.stderr)
    sys.exit(SKIP)


def ensure(tools_dir, source):
    """{"8.16": bindir, "8.26": bindir}, downloading what is missing."""
    tools_dir = os.environ.get("SECGATE_TOOLS_DIR") or tools_dir
    os.makedirs(tools_dir, exist_ok=True)
    script = os.path.join(source, "scripts", "get-gitleaks.sh")
    found = {}
    # Tests run in parallel: one download at a time per tools folder.
    with open(os.path.join(tools_dir, ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for version, suite in SUITES.items():
            dest = os.path.join(tools_dir, "gitleaks-" + suite)
            p = subprocess.run(["bash", script, suite, dest],
                               capture_output=True, text=True)
            if p.returncode == SKIP:
                _give_up(f"Debian's gitleaks ({suite}) cannot be fetched: "
                         + p.stderr.strip())
            if p.returncode != 0:
                print(p.stdout + p.stderr, file=sys.stderr)
                sys.exit(1)
            found[version] = os.path.join(dest, "usr", "bin")
    return found


def logging_shim(real_bindir, shim_dir, log):
    """A `gitleaks` in shim_dir that appends its argv to log, then runs the
    real one: the tests see the command line secgate chose."""
    os.makedirs(shim_dir, exist_ok=True)
    path = os.path.join(shim_dir, "gitleaks")
    with open(path, "w") as f:
        f.write("#!/bin/sh\n"
                f"echo \"gitleaks $*\" >>'{log}'\n"
                f"exec '{os.path.join(real_bindir, 'gitleaks')}' \"$@\"\n")
    os.chmod(path, 0o755)
    return shim_dir


def fake_credentials():
    """Freshly generated, syntactically valid, fake: an AWS access key id
    and secret, and a GitHub personal access token."""
    r = random.SystemRandom()
    key_id = "AKIA" + "".join(r.choice(string.ascii_uppercase + "234567")
                              for _ in range(16))
    secret = "".join(r.choice(string.ascii_letters + string.digits + "/+")
                     for _ in range(40))
    token = "ghp_" + "".join(r.choice(string.ascii_letters + string.digits)
                             for _ in range(36))
    return key_id, secret, token
