#!/usr/bin/env python3
"""The build on a machine without the test tools: `cmake -S . -B build`
must configure (so scripts/demo.sh builds secgate) when cmocka is not
installed, say that the tests are skipped, and fail with -DSECGATE_TESTS=ON.

cmocka is hidden by pointing PKG_CONFIG_LIBDIR at a directory holding every
.pc file of the system's pkg-config search path but cmocka's. Only the
configure step runs (a few seconds each); the full build without cmocka is
what scripts/fresh-machine-check.sh proves on a pristine Debian.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

ARGS = None


def pkg_config_dirs():
    p = subprocess.run(["pkg-config", "--variable", "pc_path", "pkg-config"],
                       capture_output=True, text=True, check=True)
    dirs = [d for d in p.stdout.strip().split(":") if d]
    extra = os.environ.get("PKG_CONFIG_PATH", "")
    return [d for d in extra.split(":") if d] + dirs


class WithoutCmocka(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="build-config.")
        self.tmp = self._tmp.name
        self.pcdir = os.path.join(self.tmp, "pkgconfig")
        os.makedirs(self.pcdir)
        for d in pkg_config_dirs():
            if not os.path.isdir(d):
                continue
            for name in os.listdir(d):
                target = os.path.join(self.pcdir, name)
                if (name.endswith(".pc") and name != "cmocka.pc"
                        and not os.path.exists(target)):
                    os.symlink(os.path.join(d, name), target)
        self.env = dict(os.environ, PKG_CONFIG_LIBDIR=self.pcdir,
                        PKG_CONFIG_PATH="")
        p = subprocess.run(["pkg-config", "--exists", "cmocka"],
                           env=self.env)
        self.assertNotEqual(p.returncode, 0, "cmocka is still visible")
        p = subprocess.run(["pkg-config", "--exists", "jansson"],
                           env=self.env)
        self.assertEqual(p.returncode, 0, "jansson must stay visible")

    def tearDown(self):
        self._tmp.cleanup()

    def configure(self, *flags):
        build = tempfile.mkdtemp(dir=self.tmp, prefix="build.")
        return build, subprocess.run(
            ["cmake", "-S", ARGS.source, "-B", build, *flags],
            env=self.env, capture_output=True, text=True)

    def test_default_configures_and_says_tests_are_skipped(self):
        build, p = self.configure()
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("tests skipped: cmocka (libcmocka-dev) not found",
                      " ".join(p.stderr.split()))
        self.assertIn("scripts/install-deps.sh --test",
                      " ".join(p.stderr.split()))
        # secgate is still a target; no test is registered.
        self.assertTrue(os.path.isfile(os.path.join(build, "Makefile")))
        self.assertFalse(os.path.exists(os.path.join(build, "tests")))

    def test_tests_on_requires_cmocka(self):
        _, p = self.configure("-DSECGATE_TESTS=ON")
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("cmocka", p.stdout + p.stderr)

    def test_tests_off_is_quiet(self):
        _, p = self.configure("-DSECGATE_TESTS=OFF")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertNotIn("tests skipped", p.stderr)


class WithCmocka(unittest.TestCase):
    def test_default_builds_the_tests_when_cmocka_is_there(self):
        if subprocess.run(["pkg-config", "--exists", "cmocka"]).returncode:
            self.skipTest("cmocka is not installed here")
        with tempfile.TemporaryDirectory(prefix="build-config.") as build:
            p = subprocess.run(["cmake", "-S", ARGS.source, "-B", build],
                               capture_output=True, text=True)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertNotIn("tests skipped", p.stderr)
            self.assertTrue(os.path.isfile(
                os.path.join(build, "tests", "CTestTestfile.cmake")))


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", required=True)
    ARGS, rest = parser.parse_known_args()
    ARGS.source = os.path.abspath(ARGS.source)
    if not shutil.which("cmake") or not shutil.which("pkg-config"):
        print("build_config_test: SKIP: cmake or pkg-config missing")
        sys.exit(77)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
