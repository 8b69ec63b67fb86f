#!/usr/bin/env python3
"""scripts/fresh-machine-check.sh takes the archive and the suite for
debootstrap from the machine's apt configuration (deb822 .sources files,
one-line sources.list entries), never from the repository. This checks that
choice on sample configurations, with --print-archive (no root, no
network); .ci/run runs the check itself.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import unittest

ARGS = None


class PrintArchive(unittest.TestCase):
    def archive(self, files, codename="bookworm"):
        with tempfile.TemporaryDirectory() as apt:
            os.makedirs(os.path.join(apt, "sources.list.d"))
            for name, text in files.items():
                with open(os.path.join(apt, name), "w") as f:
                    f.write(text)
            env = dict(os.environ, FRESH_APT_DIR=apt, FRESH_CODENAME=codename)
            return subprocess.run(
                ["bash", os.path.join(ARGS.source, "scripts",
                                      "fresh-machine-check.sh"),
                 "--print-archive"], env=env, capture_output=True, text=True)

    def assertArchive(self, files, expected, **kw):
        p = self.archive(files, **kw)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout, expected + "\n")

    def test_deb822(self):
        self.assertArchive({"sources.list.d/debian.sources": """\
Types: deb-src
URIs: http://src.example/debian
Suites: bookworm
Components: main

Types: deb
URIs: http://off.example/debian
Suites: bookworm
Enabled: no

Types: deb
# a comment inside the stanza
URIs: http://archive.example/debian
Suites: bookworm-updates bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://archive.example/debian-security
Suites: bookworm-security
Components: main
"""}, "http://archive.example/debian bookworm "
              "/usr/share/keyrings/debian-archive-keyring.gpg")

    def test_deb822_inline_key(self):
        self.assertArchive({"sources.list.d/x.sources": """\
Types: deb
URIs: https://archive.example/debian
Suites: bookworm
Components: main
Signed-By:
 -----BEGIN PGP PUBLIC KEY BLOCK-----
 .
 mQINBGPL0BUBEADmW5NdOOHwPIJlgPu6JDcKw/NZJPR8lsD3K87ZM18gzyQZJD+w
 -----END PGP PUBLIC KEY BLOCK-----
"""}, "https://archive.example/debian bookworm -")

    def test_one_line(self):
        self.assertArchive({"sources.list": """\
# deb http://commented.example/debian bookworm main
deb-src http://src.example/debian bookworm main
deb [arch=amd64 signed-by=/etc/apt/keyrings/k.gpg] http://archive.example/debian bookworm main
deb http://archive.example/debian-security bookworm-security main
"""}, "http://archive.example/debian bookworm /etc/apt/keyrings/k.gpg")

    def test_prefers_the_machines_release(self):
        files = {"sources.list": """\
deb http://old.example/debian bullseye main
deb http://archive.example/debian bookworm main
"""}
        self.assertArchive(files, "http://archive.example/debian bookworm -")
        self.assertArchive(files, "http://old.example/debian bullseye -",
                           codename="trixie")

    def test_no_archive_is_an_error(self):
        p = self.archive({"sources.list": "# nothing\n"})
        self.assertEqual(p.returncode, 2)
        self.assertIn("no Debian archive found", p.stderr)
        self.assertEqual(p.stdout, "")


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
