#!/usr/bin/env python3
"""End-to-end tests of `secgate upload-sarif` against tests/fake_github.py:
the request GitHub receives (path, headers, base64 + gzip payload, fields),
where the repository, commit and ref come from, retries and their limits,
--wait, every refusal (nothing is sent), plain-http refusal, and that the
token never reaches stdout or stderr.

usage: test_upload.py --secgate PATH --source DIR [unittest options]
"""
import base64
import http.client
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

import sgtest

ARGS = None
TOKEN = "ghs_SGFAKEtok3n0123456789abcdefXYZ"  # must never be printed
REPO = "acme/widgets"
SHA = "0123456789abcdef0123456789abcdef01234567"
REF = "refs/heads/main"
UPLOAD_ID = "47177e22-5596-11eb-80a1-c1e54ef945c6"


def fixture(rel):
    return os.path.join(ARGS.source, "fixtures", rel)


def good(name="two-runs.sarif"):
    return fixture(os.path.join("sarif", "good", name))


def clean_env(extra=None):
    """The environment of a developer machine: no GitHub, no proxies."""
    e = {k: v for k, v in os.environ.items()
         if not k.startswith(("GITHUB_", "SECGATE_"))
         and k.lower() not in ("http_proxy", "https_proxy", "all_proxy",
                               "no_proxy")}
    e["NO_COLOR"] = "1"
    e["GITHUB_TOKEN"] = TOKEN
    e["SECGATE_TEST_ALLOW_HTTP"] = "1"
    e["SECGATE_TEST_RETRY_SCALE"] = "0.01"
    e.update(extra or {})
    return {k: v for k, v in e.items() if v is not None}


class Server:
    """tests/fake_github.py in a subprocess, bounded in time and requests."""

    def __init__(self, scenario, expect_file=None, payload_dir=None,
                 max_seconds=60):
        cmd = [sys.executable,
               os.path.join(ARGS.source, "tests", "fake_github.py"),
               "--scenario", scenario, "--token", TOKEN, "--repo", REPO,
               "--max-seconds", str(max_seconds)]
        if expect_file:
            cmd += ["--expect-file", expect_file]
        if payload_dir:
            cmd += ["--payload-dir", payload_dir]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("PORT "):
            self.proc.kill()
            raise RuntimeError("fake_github.py did not start: " +
                               self.proc.stderr.read())
        self.port = int(line.split()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self.summary = None

    def finish(self):
        if self.summary is None:
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port,
                                               timeout=10)
                c.request("GET", "/__shutdown")
                c.getresponse().read()
                c.close()
            except OSError:
                pass
            out, err = self.proc.communicate(timeout=30)
            self.summary = json.loads(out.strip().splitlines()[-1])
        return self.summary


class UploadTest(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = os.path.realpath(self._tmp.name)
        self.servers = []

    def tearDown(self):
        for s in self.servers:
            if s.proc.poll() is None:
                s.proc.kill()
            s.proc.communicate()
        self._tmp.cleanup()

    def server(self, scenario, **kw):
        s = Server(scenario, **kw)
        self.servers.append(s)
        return s

    def secgate(self, *argv, env=None, cwd=None, timeout=120):
        p = subprocess.run([ARGS.secgate, *argv], capture_output=True,
                           env=clean_env(env), cwd=cwd or self.tmp,
                           timeout=timeout)
        out, err = p.stdout.decode(), p.stderr.decode()
        # The token must never be printed, whatever happened.
        self.assertNotIn(TOKEN, out)
        self.assertNotIn(TOKEN, err)
        self.assertNotIn(TOKEN[4:20], out + err)
        return p.returncode, out, err

    def upload(self, server, file=None, *extra, env=None, cwd=None,
               target=True):
        argv = ["upload-sarif", file or good(), "--api-url", server.url]
        if target:
            argv += ["--repo", REPO, "--sha", SHA, "--ref", REF]
        return self.secgate(*argv, *extra, env=env, cwd=cwd)

    def write(self, name, data):
        path = os.path.join(self.tmp, name)
        with open(path, "w" if isinstance(data, str) else "wb") as f:
            f.write(data)
        return path

    def write_json(self, name, doc):
        return self.write(name, json.dumps(doc))

    def assertClean(self, summary):
        self.assertEqual(summary["problems"], [])
        self.assertFalse(summary["timed_out"])

    def posts(self, summary):
        return [r for r in summary["requests"] if r["method"] == "POST"]

    def gets(self, summary):
        return [r for r in summary["requests"] if r["method"] == "GET"]


def sarif_log(runs):
    return {"version": "2.1.0",
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "runs": runs}


def sarif_run(results=None, name="demo", invocations=None, **more):
    run = {"tool": {"driver": {"name": name, "rules": []}}}
    if results is not None:
        run["results"] = results
    if invocations is not None:
        run["invocations"] = invocations
    run.update(more)
    return run


def result(i, text=None):
    return {"ruleId": "R1", "level": "warning",
            "message": {"text": text or f"finding {i}"},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": f"src/f{i % 50}.c"},
                "region": {"startLine": 1 + i % 1000}}}]}


class Accepted(UploadTest):
    def test_upload__every_good_fixture_arrives_intact(self):
        """202: the server decodes base64, gunzips, gets the file's bytes."""
        d = os.path.join(ARGS.source, "fixtures", "sarif", "good")
        files = sorted(f for f in os.listdir(d) if f.endswith(".sarif"))
        self.assertGreaterEqual(len(files), 5)
        for name in files:
            with self.subTest(name):
                s = self.server("ok", expect_file=os.path.join(d, name))
                rc, out, err = self.upload(s, os.path.join(d, name))
                summary = s.finish()
                self.assertEqual(rc, 0, err)
                self.assertClean(summary)
                self.assertEqual(len(summary["requests"]), 1)
                self.assertIn("upload id: " + UPLOAD_ID, out)
                self.assertIn(f"status: {s.url}/repos/{REPO}/code-scanning/"
                              f"sarifs/{UPLOAD_ID}", out)

    def test_upload__fields_sha_ref_checkout_uri_tool_name(self):
        s = self.server("ok", expect_file=good())
        rc, out, err = self.upload(s)
        summary = s.finish()
        self.assertEqual(rc, 0, err)
        self.assertClean(summary)
        f = self.posts(summary)[0]["fields"]
        self.assertEqual(f["commit_sha"], SHA)
        self.assertEqual(f["ref"], REF)
        self.assertEqual(f["checkout_uri"], "file://" + self.tmp)
        # two-runs.sarif: Trivy and Semgrep in one log.
        self.assertEqual(f["tool_name"], "secgate")
        self.assertIn("2 runs, 2 results", out)

    def test_upload__single_tool_log_sends_its_driver_name(self):
        path = self.write_json("one.sarif", sarif_log(
            [sarif_run([result(1)], name="flawfinder")]))
        s = self.server("ok", expect_file=path)
        rc, _, err = self.upload(s, path)
        summary = s.finish()
        self.assertEqual(rc, 0, err)
        self.assertEqual(self.posts(summary)[0]["fields"]["tool_name"],
                         "flawfinder")

    def test_upload__empty_results_array_is_uploaded(self):
        """[] means "no findings": legitimate, it closes fixed alerts."""
        path = self.write_json("clean.sarif", sarif_log([sarif_run([])]))
        s = self.server("ok", expect_file=path)
        rc, out, err = self.upload(s, path)
        self.assertEqual(rc, 0, err)
        self.assertClean(s.finish())
        self.assertIn("1 run, 0 results", out)

    def test_upload__exactly_25000_results_is_accepted(self):
        path = self.write_json("limit.sarif", sarif_log(
            [sarif_run([result(i) for i in range(25000)])]))
        s = self.server("ok", expect_file=path)
        rc, _, err = self.upload(s, path)
        self.assertEqual(rc, 0, err)
        self.assertClean(s.finish())

    def test_upload__category_sets_automation_details_of_runs_without(self):
        path = self.write_json("cat.sarif", sarif_log([
            sarif_run([result(1)]),
            sarif_run([result(2)], automationDetails={"id": "mine/1"})]))
        payloads = os.path.join(self.tmp, "payloads")
        os.mkdir(payloads)
        s = self.server("ok", payload_dir=payloads)
        rc, _, err = self.upload(s, path, "--category", "nightly")
        self.assertEqual(rc, 0, err)
        self.assertClean(s.finish())
        with open(os.path.join(payloads, "payload-0.sarif")) as f:
            sent = json.load(f)
        self.assertEqual(sent["runs"][0]["automationDetails"],
                         {"id": "nightly/"})
        self.assertEqual(sent["runs"][1]["automationDetails"],
                         {"id": "mine/1"})
        self.assertEqual(sent["runs"][0]["results"], [result(1)])


class Target(UploadTest):
    """Where owner/repo, sha and ref come from."""

    def test_upload__github_actions_variables(self):
        s = self.server("ok")
        env = {"GITHUB_REPOSITORY": REPO, "GITHUB_SHA": SHA.upper(),
               "GITHUB_REF": "refs/pull/42/merge",
               "GITHUB_API_URL": s.url}
        rc, _, err = self.secgate("upload-sarif", good(), env=env)
        summary = s.finish()
        self.assertEqual(rc, 0, err)
        self.assertClean(summary)
        f = self.posts(summary)[0]["fields"]
        self.assertEqual(f["commit_sha"], SHA)  # normalized to lower case
        self.assertEqual(f["ref"], "refs/pull/42/merge")

    def test_upload__flags_win_over_environment(self):
        s = self.server("ok")
        env = {"GITHUB_REPOSITORY": "other/repo", "GITHUB_SHA": "f" * 40,
               "GITHUB_REF": "refs/heads/other",
               "GITHUB_API_URL": "https://example.invalid"}
        rc, _, err = self.upload(s, env=env)
        summary = s.finish()
        self.assertEqual(rc, 0, err)
        self.assertClean(summary)  # the path carried acme/widgets
        f = self.posts(summary)[0]["fields"]
        self.assertEqual((f["commit_sha"], f["ref"]), (SHA, REF))

    def git(self, repo, *argv):
        env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@x",
                   GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@x",
                   GIT_CONFIG_NOSYSTEM="1", HOME=self.tmp)
        return subprocess.run(["git", *argv], cwd=repo, env=env, check=True,
                              capture_output=True).stdout.decode().strip()

    def make_repo(self, remote, name="work tree"):
        repo = os.path.join(self.tmp, name)  # a space: %20 in the URI
        os.mkdir(repo)
        self.git(repo, "init", "-q", "-b", "main")
        self.git(repo, "commit", "-q", "--allow-empty", "-m", "one")
        if remote:
            self.git(repo, "remote", "add", "origin", remote)
        os.mkdir(os.path.join(repo, "sub"))
        return repo

    @unittest.skipUnless(shutil.which("git"), "git not installed")
    def test_upload__libgit2_gives_repo_sha_branch_and_root(self):
        remotes = [
            "https://github.com/acme/widgets.git",
            "git@github.com:acme/widgets.git",
            "ssh://git@github.com/acme/widgets",
            "https://x-access-token:SGREMOTEcred99@github.com/acme/widgets/",
        ]
        for i, remote in enumerate(remotes):
            with self.subTest(remote):
                repo = self.make_repo(remote, f"work tree {i}")
                head = self.git(repo, "rev-parse", "HEAD")
                s = self.server("ok")
                rc, out, err = self.upload(s, None, cwd=os.path.join(
                    repo, "sub"), target=False)
                summary = s.finish()
                self.assertEqual(rc, 0, err)
                self.assertClean(summary)
                f = self.posts(summary)[0]["fields"]
                self.assertEqual(f["commit_sha"], head)
                self.assertEqual(f["ref"], "refs/heads/main")
                self.assertEqual(f["checkout_uri"], "file://" +
                                 repo.replace(" ", "%20"))
                self.assertIn(f"to {REPO}:", out)
                self.assertNotIn("SGREMOTEcred99", out + err)

    @unittest.skipUnless(shutil.which("git"), "git not installed")
    def test_upload__non_github_remote_needs_repo_flag(self):
        repo = self.make_repo("https://u:SGREMOTEcred99@gitlab.example/a/b")
        rc, out, err = self.secgate("upload-sarif", good(), "--api-url",
                                    "https://127.0.0.1:9", cwd=repo)
        self.assertEqual(rc, 2)
        self.assertIn("--repo", err)
        self.assertNotIn("SGREMOTEcred99", out + err)

    @unittest.skipUnless(shutil.which("git"), "git not installed")
    def test_upload__detached_head_needs_ref(self):
        repo = self.make_repo("https://github.com/acme/widgets")
        self.git(repo, "checkout", "-q", "--detach")
        rc, _, err = self.secgate("upload-sarif", good(), "--api-url",
                                  "https://127.0.0.1:9", cwd=repo)
        self.assertEqual(rc, 2)
        self.assertIn("--ref", err)

    def test_upload__outside_a_repository_names_what_is_missing(self):
        rc, _, err = self.secgate("upload-sarif", good(), "--api-url",
                                  "https://127.0.0.1:9")
        self.assertEqual(rc, 2)
        self.assertIn("--repo", err)

    def test_upload__invalid_repo_sha_ref_are_usage_errors(self):
        cases = [("--repo", "acme"), ("--repo", "../x"),
                 ("--repo", "a/b/c"), ("--sha", "abc"),
                 ("--sha", "g" * 40), ("--ref", "main"),
                 ("--ref", "refs/heads/a b"), ("--timeout", "0"),
                 ("--timeout", "x"), ("--token-env", "1BAD")]
        for flag, value in cases:
            with self.subTest(f"{flag} {value}"):
                argv = {"--repo": REPO, "--sha": SHA, "--ref": REF}
                argv[flag] = value
                flat = [x for kv in argv.items() for x in kv]
                rc, _, err = self.secgate("upload-sarif", good(), *flat,
                                          "--api-url", "https://127.0.0.1:9")
                self.assertEqual(rc, 2, err)


class Token(UploadTest):
    def test_upload__no_token_exits_2_and_sends_nothing(self):
        s = self.server("ok")
        rc, _, err = self.upload(s, env={"GITHUB_TOKEN": None})
        self.assertEqual(rc, 2)
        self.assertIn("GITHUB_TOKEN", err)
        self.assertEqual(s.finish()["requests"], [])

    def test_upload__empty_token_counts_as_missing(self):
        s = self.server("ok")
        rc, _, _ = self.upload(s, env={"GITHUB_TOKEN": ""})
        self.assertEqual(rc, 2)
        self.assertEqual(s.finish()["requests"], [])

    def test_upload__token_env_names_the_variable(self):
        s = self.server("ok")
        rc, _, err = self.upload(s, None, "--token-env", "MY_TOKEN",
                                 env={"GITHUB_TOKEN": None,
                                      "MY_TOKEN": TOKEN})
        self.assertEqual(rc, 0, err)
        self.assertClean(s.finish())
        rc, _, err = self.upload(self.server("ok"), None, "--token-env",
                                 "MY_TOKEN")
        self.assertEqual(rc, 2)
        self.assertIn("MY_TOKEN", err)

    def test_upload__token_with_line_break_refused_unprinted(self):
        s = self.server("ok")
        rc, _, err = self.upload(s, env={"GITHUB_TOKEN": TOKEN + "\nX: y"})
        self.assertEqual(rc, 2)
        self.assertEqual(s.finish()["requests"], [])

    def test_upload__token_echoed_by_server_is_redacted(self):
        s = self.server("e401-echo-token")
        rc, _, err = self.upload(s)
        self.assertEqual(rc, 3)
        self.assertIn("Bad credentials", err)
        self.assertIn("***", err)


class PlainHttp(UploadTest):
    def test_upload__http_without_test_variable_is_refused(self):
        s = self.server("ok")
        rc, _, err = self.upload(s, env={"SECGATE_TEST_ALLOW_HTTP": None})
        self.assertEqual(rc, 2)
        self.assertIn("https", err)
        self.assertEqual(s.finish()["requests"], [])

    def test_upload__http_to_non_loopback_refused_even_in_test_mode(self):
        for url in ("http://192.0.2.1:9", "http://example.com",
                    "http://127.0.0.1.example.com:9"):
            with self.subTest(url):
                rc, _, err = self.secgate(
                    "upload-sarif", good(), "--repo", REPO, "--sha", SHA,
                    "--ref", REF, "--api-url", url)
                self.assertEqual(rc, 2)
                self.assertIn("unencrypted", err)

    def test_upload__credentials_or_odd_schemes_in_api_url_refused(self):
        for url in ("https://user:pw@api.github.com", "ftp://x/",
                    "https://api.github.com/?q=1", "not a url"):
            with self.subTest(url):
                rc, _, _ = self.secgate(
                    "upload-sarif", good(), "--repo", REPO, "--sha", SHA,
                    "--ref", REF, "--api-url", url)
                self.assertEqual(rc, 2)


class Errors(UploadTest):
    def test_upload__4xx_prints_githubs_message_without_retry(self):
        cases = [("e422", "Invalid request: the SARIF is not valid"),
                 ("e404", "Not Found"),
                 ("e403", "Resource not accessible by integration")]
        for scenario, message in cases:
            with self.subTest(scenario):
                s = self.server(scenario)
                rc, _, err = self.upload(s)
                summary = s.finish()
                self.assertEqual(rc, 3, err)
                self.assertIn(message, err)
                self.assertIn("https://docs.github.com/rest", err)
                self.assertEqual(len(summary["requests"]), 1)
                self.assertNotIn("retrying", err)

    def test_upload__github_message_is_sanitized(self):
        s = self.server("escape")
        rc, _, err = self.upload(s)
        self.assertEqual(rc, 3)
        self.assertIn("red", err)
        for bad in ("\x1b", "\u202e", "\r"):
            self.assertNotIn(bad, err)
        self.assertNotIn("line2\n", err)

    def test_upload__redirect_is_not_followed(self):
        s = self.server("redirect")
        rc, _, err = self.upload(s)
        summary = s.finish()
        self.assertEqual(rc, 3)
        self.assertIn("redirect", err)
        self.assertEqual([r["path"] for r in summary["requests"]],
                         [f"/repos/{REPO}/code-scanning/sarifs"])

    def test_upload__response_body_is_capped(self):
        s = self.server("huge")
        rc, _, err = self.upload(s)
        self.assertEqual(rc, 3)
        self.assertIn("larger than 1 MiB", err)

    def test_upload__unusable_upload_id_is_an_error(self):
        s = self.server("bad-id")
        rc, _, err = self.upload(s)
        self.assertEqual(rc, 3)
        self.assertIn("upload id", err)

    def test_upload__unreachable_server_fails_after_retries(self):
        s = self.server("ok")
        port = s.port
        s.finish()  # nothing listens there now
        rc, _, err = self.secgate(
            "upload-sarif", good(), "--repo", REPO, "--sha", SHA, "--ref",
            REF, "--api-url", f"http://127.0.0.1:{port}")
        self.assertEqual(rc, 3)
        self.assertIn("after 5 attempts", err)


class Retries(UploadTest):
    def test_upload__429_honours_retry_after(self):
        s = self.server("429-then-ok")
        rc, _, err = self.upload(s)
        summary = s.finish()
        self.assertEqual(rc, 0, err)
        self.assertClean(summary)
        self.assertEqual(len(summary["requests"]), 2)
        self.assertIn("HTTP 429 (attempt 1 of 5); retrying in 1.0 s "
                      "(retry-after)", err)

    def test_upload__retry_after_is_really_waited(self):
        """Unscaled: the second attempt comes at least 1 s later."""
        s = self.server("429-then-ok")
        t0 = time.monotonic()
        rc, _, err = self.upload(s, env={"SECGATE_TEST_RETRY_SCALE": None})
        self.assertEqual(rc, 0, err)
        self.assertGreaterEqual(time.monotonic() - t0, 1.0)
        self.assertEqual(len(s.finish()["requests"]), 2)

    def test_upload__500_then_202_backs_off_and_succeeds(self):
        s = self.server("500-then-ok")
        rc, _, err = self.upload(s)
        summary = s.finish()
        self.assertEqual(rc, 0, err)
        self.assertClean(summary)
        self.assertEqual(len(summary["requests"]), 2)
        self.assertIn("(backoff)", err)

    def test_upload__persistent_5xx_gives_up_after_5_attempts(self):
        s = self.server("502-always")
        rc, _, err = self.upload(s)
        summary = s.finish()
        self.assertEqual(rc, 3)
        self.assertEqual(len(summary["requests"]), 5)
        self.assertIn("HTTP 502", err)
        self.assertIn("after 5 attempts", err)

    def test_upload__secondary_rate_limit_waits_a_minute(self):
        s = self.server("secondary-then-ok")
        rc, _, err = self.upload(s)
        summary = s.finish()
        self.assertEqual(rc, 0, err)
        self.assertEqual(len(summary["requests"]), 2)
        self.assertIn("retrying in 60.0 s (secondary rate limit)", err)

    def test_upload__ratelimit_reset_is_honoured(self):
        s = self.server("reset-then-ok")
        rc, _, err = self.upload(s)
        summary = s.finish()
        self.assertEqual(rc, 0, err)
        self.assertEqual(len(summary["requests"]), 2)
        self.assertIn("(x-ratelimit-reset)", err)

    def test_upload__retry_after_beyond_cap_gives_up_at_once(self):
        s = self.server("retry-after-too-long")
        rc, _, err = self.upload(s)
        summary = s.finish()
        self.assertEqual(rc, 3)
        self.assertEqual(len(summary["requests"]), 1)
        self.assertIn("wait 3600 s", err)
        self.assertIn("try again later", err)

    def test_upload__slow_response_times_out(self):
        s = self.server("slow")
        rc, _, err = self.upload(s, None, "--timeout", "1")
        summary = s.finish()
        self.assertEqual(rc, 3)
        self.assertIn("timed out", err.lower())
        self.assertEqual(len(summary["requests"]), 5)

    def test_upload__timeout_is_retried(self):
        s = self.server("slow-then-ok")
        rc, _, err = self.upload(s, None, "--timeout", "1")
        self.assertEqual(rc, 0, err)
        self.assertEqual(len(s.finish()["requests"]), 2)


class Wait(UploadTest):
    def test_upload__wait_until_complete(self):
        s = self.server("wait-complete")
        rc, out, err = self.upload(s, None, "--wait")
        summary = s.finish()
        self.assertEqual(rc, 0, err)
        self.assertClean(summary)
        self.assertEqual(len(self.posts(summary)), 1)
        self.assertEqual(len(self.gets(summary)), 3)
        self.assertIn("processing: complete", out)

    def test_upload__wait_failed_prints_errors_and_exits_3(self):
        s = self.server("wait-failed")
        rc, _, err = self.upload(s, None, "--wait")
        summary = s.finish()
        self.assertEqual(rc, 3)
        self.assertClean(summary)
        self.assertIn("locationFromSarifResult: expected artifact location",
                      err)
        self.assertNotIn("\x1b", err)

    def test_upload__wait_gives_up_after_wait_timeout(self):
        s = self.server("wait-pending")
        rc, _, err = self.upload(s, None, "--wait", "--wait-timeout", "20")
        summary = s.finish()
        self.assertEqual(rc, 3)
        self.assertIn("still pending", err)
        self.assertGreaterEqual(len(self.gets(summary)), 2)

    def test_upload__wait_retries_status_5xx(self):
        s = self.server("wait-500-then-complete")
        rc, out, err = self.upload(s, None, "--wait")
        self.assertEqual(rc, 0, err)
        self.assertEqual(len(self.gets(s.finish())), 2)

    def test_upload__without_wait_no_status_request(self):
        s = self.server("wait-complete")
        rc, _, err = self.upload(s)
        self.assertEqual(rc, 0, err)
        self.assertEqual(self.gets(s.finish()), [])


class Refusals(UploadTest):
    """Exit 3, a message naming the reason, and no request at all."""

    def refused(self, path, *needles, extra=()):
        s = self.server("ok")
        rc, out, err = self.upload(s, path, *extra)
        summary = s.finish()
        self.assertEqual(rc, 3, err)
        self.assertEqual(summary["requests"], [])
        self.assertIn("nothing was uploaded", err)
        for n in needles:
            self.assertIn(n, err)
        return err

    def test_upload__not_json(self):
        self.refused(self.write("x.sarif", "hello, world\n"))

    def test_upload__json_but_not_sarif(self):
        self.refused(self.write_json("a.json", [{"RuleID": "x"}]),
                     "not a SARIF log")
        self.refused(self.write_json("b.json", {"foo": 1}),
                     "not a SARIF 2.1.0 log")

    def test_upload__other_sarif_version(self):
        doc = sarif_log([sarif_run([])])
        doc["version"] = "2.0.0"
        self.refused(self.write_json("v.sarif", doc), "2.1.0")

    def test_upload__missing_file(self):
        self.refused(os.path.join(self.tmp, "nope.sarif"))

    def test_upload__execution_successful_false(self):
        path = self.write_json("failed.sarif", sarif_log([sarif_run(
            [], invocations=[{"executionSuccessful": False}])]))
        self.refused(path, "executionSuccessful is false",
                     "mark every open alert")

    def test_upload__run_without_results(self):
        self.refused(self.write_json("nores.sarif", sarif_log(
            [sarif_run([result(1)]), sarif_run(None)])),
            "runs[1]", "'results'")
        run = sarif_run(None)
        run["results"] = None
        self.refused(self.write_json("nullres.sarif", sarif_log([run])),
                     "'results'")

    def test_upload__no_runs(self):
        self.refused(self.write_json("empty.sarif", sarif_log([])),
                     "no runs")

    def test_upload__secgate_report_with_failed_input(self):
        """secgate's own --sarif output after an unreadable input."""
        out = os.path.join(self.tmp, "gate.sarif")
        subprocess.run([ARGS.secgate, "ingest", "--sarif", out, good(),
                        os.path.join(self.tmp, "missing.json")],
                       capture_output=True, env=clean_env(), cwd=self.tmp,
                       timeout=60)
        self.assertTrue(os.path.exists(out), "secgate ingest wrote no SARIF")
        self.refused(out, "executionSuccessful is false")

    def test_upload__secgate_input_failed_notification(self):
        inv = {"executionSuccessful": True, "toolExecutionNotifications": [{
            "level": "error", "message": {"text": "could not read x"},
            "descriptor": {"id": "secgate/input-failed"}}]}
        self.refused(self.write_json("n.sarif", sarif_log(
            [sarif_run([], invocations=[inv])])), "failed input")

    def test_upload__more_than_20_runs(self):
        path = self.write_json("runs.sarif", sarif_log(
            [sarif_run([result(i)]) for i in range(21)]))
        self.refused(path, "more than 20 runs")

    def test_upload__more_than_25000_results_in_a_run(self):
        path = self.write_json("many.sarif", sarif_log(
            [sarif_run([result(1)]),
             sarif_run([result(i) for i in range(25001)])]))
        self.refused(path, "runs[1] has more than 25000 results")

    def test_upload__gzip_over_10_mib(self):
        """Incompressible text: base64 of random bytes, 15 MB of it."""
        rnd = random.Random(1234)
        results = [result(i, base64.b64encode(rnd.randbytes(60000)).decode())
                   for i in range(250)]
        path = self.write_json("big.sarif", sarif_log([sarif_run(results)]))
        self.assertGreater(os.path.getsize(path), 15 << 20)
        self.refused(path, "larger than 10 MiB")

    def test_upload__usage_errors(self):
        self.assertEqual(self.secgate("upload-sarif")[0], 2)
        self.assertEqual(self.secgate("upload-sarif", "a", "b")[0], 2)
        self.assertEqual(self.secgate("upload-sarif", "--bogus", "a")[0], 2)
        rc, out, _ = self.secgate("help", "upload-sarif")
        self.assertEqual(rc, 0)
        for opt in ("--ref", "--sha", "--repo", "--category", "--wait",
                    "--token-env", "--api-url", "--timeout"):
            self.assertIn(opt, out)


def main():
    global ARGS
    ARGS, rest = sgtest.options()
    return sgtest.run([sys.argv[0]] + rest)


if __name__ == "__main__":
    sys.exit(main())
