"""Installs the pinned npm tools of tests/producers/ (package.json and
package-lock.json) into a build-local directory with `npm ci`, once: a
later run whose lock file is unchanged reuses the installation.

install() returns the prefix directory, or raises Unavailable with the
reason (no npm, no node new enough, the registry cannot be reached) so
that the caller can skip visibly.
"""
import fcntl
import filecmp
import os
import re
import shutil
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# npm's words for a registry it cannot reach (no network, DNS, proxy).
NETWORK_ERRORS = re.compile(
    r"ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|"
    r"EHOSTUNREACH|network|socket hang up|request to .* failed",
    re.IGNORECASE)


class Unavailable(Exception):
    pass


def node_major():
    node = shutil.which("node")
    if not node:
        return None
    p = subprocess.run([node, "--version"], capture_output=True, text=True)
    m = re.match(r"v(\d+)", p.stdout.strip())
    return int(m.group(1)) if m else None


def install(prefix):
    """npm ci into prefix (created), unless already done for this lock."""
    npm = shutil.which("npm")
    if not npm or node_major() is None:
        raise Unavailable("npm (and node) are not installed")
    os.makedirs(prefix, exist_ok=True)
    # Two tests may install at once (ctest -j): one does, the other waits.
    with open(os.path.join(prefix, ".install-lock"), "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        return _install_locked(npm, prefix)


def _install_locked(npm, prefix):
    stamp = os.path.join(prefix, "node_modules", ".secgate-lock")
    lock = os.path.join(HERE, "package-lock.json")
    if os.path.exists(stamp) and filecmp.cmp(stamp, lock, shallow=False):
        return prefix
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(os.path.join(HERE, name), os.path.join(prefix, name))
    # A registry hiccup is retried before it counts as "cannot be reached".
    for attempt in range(3):
        p = subprocess.run([npm, "ci", "--prefix", prefix, "--no-audit",
                            "--no-fund", "--loglevel", "error"],
                           capture_output=True, text=True, errors="replace",
                           timeout=900)
        if p.returncode == 0 or not NETWORK_ERRORS.search(p.stderr +
                                                          p.stdout):
            break
        time.sleep(5 * (attempt + 1))
    if p.returncode != 0:
        tail = (p.stderr or p.stdout).strip().splitlines()[-5:]
        if NETWORK_ERRORS.search(p.stderr + p.stdout):
            raise Unavailable("the npm registry cannot be reached: " +
                              " | ".join(tail))
        raise RuntimeError("npm ci failed: " + " | ".join(tail))
    shutil.copyfile(lock, stamp)
    return prefix


def bin_path(prefix, name):
    path = os.path.join(prefix, "node_modules", ".bin", name)
    if not os.path.exists(path):
        raise RuntimeError(f"{name} missing after npm ci in {prefix}")
    return path


def multitool(prefix):
    """The SARIF Multitool's self-contained Linux binary."""
    path = os.path.join(prefix, "node_modules", "@microsoft",
                        "sarif-multitool-linux", "Sarif.Multitool")
    if not os.path.exists(path):
        raise Unavailable("the SARIF Multitool ships no binary for this "
                          "platform")
    if not os.access(path, os.X_OK):
        # Its postinstall only sets this bit; npm may not run scripts.
        os.chmod(path, 0o755)
    return path


def require_node(major_min, what):
    """Unavailable unless node is at least major_min (what needs it)."""
    major = node_major()
    if major is None or major < major_min:
        raise Unavailable(f"{what} needs node {major_min} or later "
                          f"(found {major})")
