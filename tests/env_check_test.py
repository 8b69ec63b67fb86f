#!/usr/bin/env python3
"""End-to-end tests of the built-in `env` check (`secgate run --tools env`):
every rule of the pack and every user rule with a failing and a passing
dotenv line, malformed files failing the run (exit 3), fingerprints that
do not depend on the value, and a planted value that reaches no output.
"""
import glob
import json
import os
import subprocess
import sys
import tempfile
import unittest

import sgtest

ARGS = None

# 32 random characters: long, not a default, high entropy.
GOOD = "Zq8xR2mP4vL9sT1wY6bN3cK7hJ5gF0dA"
GOOD2 = "uT3kW9eQ1zX5cV7bN2mA8sD4fG6hJ0lP"
KEY32 = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="  # 32 bytes
KEY32_URL = "-_-_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmM"  # 32 bytes, url-safe

# rule -> (failing dotenv lines, passing dotenv lines)
PACK = {
    "secret-length": (["SECRET_KEY=Zq8xR2mP4vL"], [f"SECRET_KEY={GOOD}"]),
    "secret-default": (
        ["API_TOKEN=please-changeme-0123456789abcdefghijklm",
         "DB_PASSWORD=<your-database-password-goes-here-now>",
         "JWT_SECRET=abcabcabcabcabcabcabcabcabcabcabcabc",
         "APP_SALT=${APP_SALT_FROM_VAULT_0123456789abcdefgh}"],
        [f"API_TOKEN={GOOD}", f"DB_PASSWORD={GOOD2}"]),
    "secret-entropy": (["SESSION_SECRET=aaaabbbbaaaabbbbaaaabbbbaaaabbbbab"],
                       [f"SESSION_SECRET={GOOD}"]),
    "cors-wildcard": (["CORS_ALLOWED_ORIGINS=https://a.example.com,*",
                       "ALLOWED_ORIGINS=https://*.example.com"],
                      ["CORS_ALLOWED_ORIGINS=https://a.example.com,https://b.example.com"]),
    "cors-scheme": (["ALLOWED_ORIGINS=https://a.example.com,http://b.example.com",
                     'CORS_ORIGINS=["https://a.example.com", "null"]'],
                    ['CORS_ORIGINS=["https://a.example.com", "https://b.example.com"]']),
    "cors-localhost": (["CORS_ORIGINS=https://localhost:8443",
                        "CORS_ORIGINS=https://127.0.0.1",
                        "CORS_ORIGINS=https://0.0.0.0:443"],
                       ["CORS_ORIGINS=https://app.example.com"]),
    "cookie-secure": (["SESSION_COOKIE_SECURE=false", "CSRF_COOKIE_SECURE="],
                      ["SESSION_COOKIE_SECURE=true", "CSRF_COOKIE_SECURE=1"]),
    "database-sqlite": (["DATABASE_URL=sqlite:///app.db"],
                        ["DATABASE_URL=postgresql://db.internal:5432/app"]),
    "debug-mode": (["DEBUG=true", "DEV_MODE=1", "FLASK_DEBUG=on"],
                   ["DEBUG=false", "DEV_MODE=0", "FLASK_DEBUG="]),
    "rotation-active": (
        [f"SIGNING_SECRET={GOOD}\nSIGNING_SECRET_PREVIOUS={GOOD2},{GOOD}",
         f"JWT_SECRET={GOOD}\nJWT_PREVIOUS_SECRETS={GOOD}"],
        [f"SIGNING_SECRET={GOOD}\nSIGNING_SECRET_PREVIOUS={GOOD2}"]),
    "key-list-format": (["ENCRYPTION_KEYS=k1:c2hvcnQ=",
                         f"ENCRYPTION_KEYS=k1:{KEY32},{KEY32}",
                         "ENCRYPTION_KEYS=k1:not*base64*at*all*not*base64*at*all*"],
                        [f"ENCRYPTION_KEYS=k1:{KEY32},k2:{KEY32_URL}"]),
    "key-list-active": ([f"ENCRYPTION_KEYS=k1:{KEY32}\nENCRYPTION_ACTIVE_KEY_ID=k2"],
                        [f"ENCRYPTION_KEYS=k1:{KEY32},k2:{KEY32}\n"
                         "ENCRYPTION_ACTIVE_KEY_ID=k2"]),
}

USER_RULES = """tools:
  env:
    rules:
      - key: ACCESS_TOKEN_EXPIRE_MINUTES
        range: [15, 30]
      - key: SESSION_NAME
        min_length: 8
      - key: "SIGNATURE_*"
        pattern: '^[a-f0-9]{8}$'
      - key: RATE_LIMIT_BACKEND
        required: true
        one_of: [redis]
      - key: LOG_LEVEL
        forbidden: [debug, trace]
      - key: WEBHOOK_URLS
        https_only: true
        severity: high
        title: Webhooks must use TLS
"""
# property -> (failing lines, passing lines); RATE_LIMIT_BACKEND=redis is
# added to every file but the one testing `required`.
USER_CASES = {
    "range": (["ACCESS_TOKEN_EXPIRE_MINUTES=60", "ACCESS_TOKEN_EXPIRE_MINUTES=10",
               "ACCESS_TOKEN_EXPIRE_MINUTES=twenty"],
              ["ACCESS_TOKEN_EXPIRE_MINUTES=15", "ACCESS_TOKEN_EXPIRE_MINUTES=30"]),
    "min-length": (["SESSION_NAME=sid"], ["SESSION_NAME=app_session"]),
    "pattern": (["SIGNATURE_MODE=HMAC-256", "SIGNATURE_SEED=0123abcdX"],
                ["SIGNATURE_MODE=0123abcd"]),
    "one-of": (["RATE_LIMIT_BACKEND=memory"], ["RATE_LIMIT_BACKEND=redis"]),
    "forbidden": (["LOG_LEVEL=debug"], ["LOG_LEVEL=info"]),
    "https-only": (["WEBHOOK_URLS=https://a.example/hook,http://b.example/hook"],
                   ["WEBHOOK_URLS=https://a.example/hook https://b.example/hook"]),
    "required": (["OTHER=1"], ["RATE_LIMIT_BACKEND=redis"]),
}


class EnvCheck(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.repo = os.path.join(self._tmp.name, "repo")
        self.tmpdir = os.path.join(self._tmp.name, "tmp")
        os.makedirs(self.repo)
        os.makedirs(self.tmpdir)
        subprocess.run(["git", "init", "-q", self.repo], check=True)

    def tearDown(self):
        self._tmp.cleanup()

    def write(self, name, text):
        path = os.path.join(self.repo, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return path

    def env(self, extra=None):
        e = dict(os.environ)
        for k in ("GITHUB_ACTIONS", "CI", "SECGATE_CONFIG", "SECGATE_PROFILE"):
            e.pop(k, None)
        e["NO_COLOR"] = "1"
        e["TMPDIR"] = self.tmpdir
        e.update(extra or {})
        return e

    def run_secgate(self, *argv, extra=None):
        return subprocess.run([ARGS.secgate, *argv], cwd=self.repo,
                              env=self.env(extra), capture_output=True,
                              text=True, errors="replace", timeout=60)

    def run_env(self, dotenv, *argv):
        """Run the check over .env.production; return (process, findings)."""
        self.write(".env.production", dotenv)
        out = os.path.join(self._tmp.name, "out.json")
        if os.path.exists(out):
            os.remove(out)
        p = self.run_secgate("run", "--tools", "env", "--json", out, *argv)
        self.assertIn(p.returncode, (0, 1), p.stdout + p.stderr)
        with open(out) as f:
            return p, json.load(f)["findings"]

    def rules(self, findings):
        return {f["rule_id"] for f in findings}

    def test_every_pack_rule_fails_and_passes(self):
        for rule, (failing, passing) in PACK.items():
            for text in failing:
                with self.subTest(rule=rule, case="fails", text=text):
                    _, found = self.run_env(text + "\n")
                    self.assertIn("env." + rule, self.rules(found))
                    f = [f for f in found if f["rule_id"] == "env." + rule][0]
                    self.assertEqual(f["kind"], "misconfiguration")
                    self.assertEqual(f["tool"], "env")
                    self.assertEqual(f["path"], ".env.production")
                    self.assertGreaterEqual(f["start_line"], 1)
            for text in passing:
                with self.subTest(rule=rule, case="passes", text=text):
                    _, found = self.run_env(text + "\n")
                    self.assertEqual(self.rules(found), set(), found)

    def test_every_user_rule_fails_and_passes(self):
        self.write(".secgate.yml", USER_RULES)
        for prop, (failing, passing) in USER_CASES.items():
            extra = "" if prop == "required" else "RATE_LIMIT_BACKEND=redis\n"
            for text in failing:
                with self.subTest(prop=prop, case="fails", text=text):
                    _, found = self.run_env(extra + text + "\n")
                    self.assertEqual(self.rules(found), {"env.rule." + prop})
            for text in passing:
                with self.subTest(prop=prop, case="passes", text=text):
                    _, found = self.run_env(extra + text + "\n")
                    self.assertEqual(self.rules(found), set(), found)
        # severity and title come from the rule.
        _, found = self.run_env("RATE_LIMIT_BACKEND=redis\n"
                                "WEBHOOK_URLS=http://a.example\n")
        self.assertEqual((found[0]["severity"], found[0]["title"]),
                         ("high", "Webhooks must use TLS"))
        self.assertEqual(found[0]["message"],
                         "WEBHOOK_URLS: item 1 of 1 is not https://")

    def test_configured_files_run_without_tools_flag(self):
        self.write("deploy/prod.env", "DEBUG=true\n")
        self.write("deploy/worker.env", "DEBUG=false\n")
        self.write(".secgate.yml", "tools:\n  env:\n    files: "
                   "[deploy/prod.env, deploy/worker.env]\n")
        out = os.path.join(self._tmp.name, "o.json")
        p = self.run_secgate("run", "--json", out)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        with open(out) as f:
            found = json.load(f)["findings"]
        self.assertEqual([(f["path"], f["rule_id"]) for f in found],
                         [("deploy/prod.env", "env.debug-mode")])
        p = self.run_secgate("run", "--profile", "release", "--json", out)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        p = self.run_secgate("run", "--explain")
        self.assertIn("what: DEBUG: not false: debug mode in production",
                      p.stdout)
        p = self.run_secgate("doctor")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertRegex(p.stdout, r"env +ok +required +built in")
        self.write(".secgate.yml", "tools:\n  env:\n    files: [nothere.env]\n")
        p = self.run_secgate("run")
        self.assertEqual(p.returncode, 3)
        self.assertIn("env: nothere.env: no such file", p.stderr)
        self.write(".secgate.yml", "tools:\n  env:\n    enabled: false\n")
        p = self.run_secgate("run")
        self.assertEqual(p.returncode, 2)
        self.assertIn("no tools to run", p.stderr)

    def test_configuration_errors_name_file_line_and_column(self):
        cases = [
            ("    filez: [a]\n", "3:5: tools.env: unknown key 'filez'"),
            ("    required: false\n", "3:5: tools.env: unknown key 'required'"),
            ("    files: .env\n", "3:12: tools.env.files: must be a list"),
            ("    files: []\n", "tools.env.files: must list at least one file"),
            ("    rules:\n      - key: A\n        pattern: '(a'\n",
             "5:18: tools.env.rules[0].pattern: not a POSIX extended regular"),
            ("    rules:\n      - key: 'A[B'\n        required: true\n",
             "4:14: tools.env.rules[0].key: not a valid glob"),
            ("    rules:\n      - key: 'A B'\n        required: true\n",
             "tools.env.rules[0].key: must be a variable name or a glob"),
            ("    rules:\n      - key: A\n        range: [30, 15]\n",
             "tools.env.rules[0].range: min is greater than max"),
            ("    rules:\n      - key: A\n        range: [x, 15]\n",
             "tools.env.rules[0].range[0]: must be a number"),
            ("    rules:\n      - key: A\n        range: 15\n",
             "tools.env.rules[0].range: must be a list of two numbers"),
            ("    rules:\n      - key: A\n        min_length: -1\n",
             "tools.env.rules[0].min_length: must be a whole number"),
            ("    rules:\n      - key: A\n        required: yes\n",
             "tools.env.rules[0].required: must be true or false"),
            ("    rules:\n      - key: A\n        severity: urgent\n"
             "        required: true\n",
             "tools.env.rules[0].severity: must be one of"),
            ("    rules:\n      - key: A\n",
             "4:9: tools.env.rules[0]: says nothing to check"),
            ("    rules:\n      - required: true\n",
             "tools.env.rules[0]: 'key' is required"),
            ("    rules:\n      - key: A\n        one_of: []\n",
             "tools.env.rules[0].one_of: must list at least one value"),
            ("    rules:\n      - key: A\n        colour: red\n",
             "tools.env.rules[0]: unknown key 'colour'"),
        ]
        for text, error in cases:
            with self.subTest(text=text):
                self.write(".secgate.yml", "tools:\n  env:\n" + text)
                p = self.run_secgate("run")
                self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
                self.assertIn(".secgate.yml:", p.stderr)
                self.assertIn(error, p.stderr)

    def test_the_pre_push_hook_does_not_run_the_checks(self):
        """The hook gates pushed commits; env reads the deployment."""
        self.write(".env.production", "DEBUG=true\n")
        sarif = ('{"version":"2.1.0","runs":[{"tool":{"driver":'
                 '{"name":"mini"}},"results":[]}]}')
        self.write(".secgate.yml", "tools:\n  env: {}\n  custom:\n"
                   "    - name: mini\n      command: [sh, -c, 'echo "
                   + "\"" + sarif.replace('"', '\\"') + "\"']\n")
        subprocess.run(["git", "-C", self.repo, "add", "-A"], check=True)
        subprocess.run(["git", "-C", self.repo, "-c", "user.name=t", "-c",
                        "user.email=t@example.invalid", "commit", "-qm",
                        "x"], check=True)
        sha = subprocess.run(["git", "-C", self.repo, "rev-parse", "HEAD"],
                             capture_output=True, text=True).stdout.strip()
        line = f"refs/heads/main {sha} refs/heads/main {'0' * 40}\n"
        p = subprocess.run([ARGS.secgate, "run", "--pre-push"],
                           cwd=self.repo, env=self.env(), input=line,
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("env (a built-in check of the deployment) does not "
                      "run under --pre-push", p.stderr)
        self.assertEqual(self.run_secgate("run").returncode, 1)
        # Only the check configured: nothing to run is not a pass.
        self.write(".secgate.yml", "tools:\n  env: {}\n")
        p = subprocess.run([ARGS.secgate, "run", "--pre-push"],
                           cwd=self.repo, env=self.env(), input=line,
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
        self.assertIn("--pre-push: nothing to run", p.stderr)

    def test_a_clean_file_passes_and_the_evidence_names_the_check(self):
        text = "\n".join(t for _, (_, ok) in PACK.items() for t in ok[:1])
        ev = os.path.join(self._tmp.name, "evidence")
        p, found = self.run_env("# production\nexport " + text + "\n",
                                "--evidence", ev)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertEqual(found, [])
        with open(os.path.join(ev, "evidence.json")) as f:
            doc = json.load(f)
        tools = {t["name"]: t for t in doc["tools"]}
        self.assertIn("env", tools)
        self.assertTrue(tools["env"]["report_read"], tools)
        self.assertRegex(tools["env"]["status"], r"checked \d+ keys in 1 file")
        self.assertRegex(p.stderr, r"secgate: env finished in \d+\.\d s "
                         r"\(checked \d+ keys in 1 file\)")

    def test_finding_names_file_line_key_and_property(self):
        p, found = self.run_env(f"# x\n\nSECRET_KEY=Zq8xR2mP4vL\nB={GOOD}\n")
        self.assertEqual(p.returncode, 1)
        f = [f for f in found if f["rule_id"] == "env.secret-length"][0]
        self.assertEqual((f["path"], f["start_line"]), (".env.production", 3))
        self.assertEqual(f["message"], "SECRET_KEY: length 11 < 32")
        self.assertIn("env.secret-length", p.stdout)
        self.assertIn(".env.production:3", p.stdout)

    def test_settings_named_like_secrets_are_not_secrets(self):
        _, found = self.run_env("ACCESS_TOKEN_EXPIRE_MINUTES=30\n"
                                "JWT_ALGORITHM=HS256\nCSRF_HEADER_NAME=X-CSRF\n"
                                "SIGNING_KEY_ID=k1\n")
        self.assertEqual(found, [])

    def test_malformed_lines_fail_the_run(self):
        cases = {
            "NO_EQUALS_SIGN_PLANTEDVALUE\n": "expected '='",
            '=PLANTEDVALUE\n': "expected KEY=VALUE",
            'A="PLANTEDVALUE\n': "unterminated quoted value",
            "A='PLANTEDVALUE' trailing\n": "unexpected text after the quoted value",
            "1A=PLANTEDVALUE\n": "expected KEY=VALUE",
            "A=x\0PLANTEDVALUE\n": "NUL byte",
        }
        for text, why in cases.items():
            with self.subTest(text=text):
                self.write(".env.production", "# ok\nDEBUG=false\n" + text)
                out = os.path.join(self._tmp.name, "bad.json")
                p = self.run_secgate("run", "--tools", "env", "--json", out)
                self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
                self.assertIn("env: .env.production:3: " + why, p.stderr)
                self.assertIn("ERROR", p.stdout.splitlines()[-1])
                self.assertNotIn("PLANTEDVALUE", p.stdout + p.stderr)
                with open(out) as f:
                    doc = json.load(f)
                self.assertEqual(doc["findings"], [])
                self.assertEqual(doc["inputs"][0]["status"], "error")

    def test_a_missing_file_fails_the_run(self):
        ev = os.path.join(self._tmp.name, "ev")
        p = self.run_secgate("run", "--tools", "env", "--evidence", ev)
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assertIn("env: .env.production: no such file", p.stderr)
        # The release record says how the check ended.
        with open(os.path.join(ev, "evidence.json")) as f:
            tool = json.load(f)["tools"][0]
        self.assertEqual(tool["name"], "env")
        self.assertFalse(tool["report_read"])
        self.assertIn(".env.production: no such file", tool["status"])

    def test_quoting_comments_and_export(self):
        _, found = self.run_env(
            f"export SECRET_KEY='{GOOD}'  # the key\n"
            f'API_TOKEN="{GOOD2}"\n'
            "DEBUG=false # off in production\n"
            "  \t# indented comment\r\n"
            "DEV_MODE = 0\n")
        self.assertEqual(found, [])
        _, found = self.run_env('DEBUG="true"\n')
        self.assertEqual(self.rules(found), {"env.debug-mode"})

    def test_quoted_values_may_span_lines(self):
        pem = ("-----BEGIN PRIVATE KEY-----\r\n"
               "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n"
               "Zq8xR2mP4vL9sT1wY6bN3cK7hJ5gF0dAuT3kW9eQ1zX5cV7bN2m\n"
               "-----END PRIVATE KEY-----")
        p, found = self.run_env(f'TLS_PRIVATE_KEY="{pem}"\n'
                                "# after the key\nDEBUG=true\n"
                                f"JWT_SECRET='{GOOD}\n{GOOD2}'\n")
        self.assertEqual([(f["rule_id"], f["start_line"]) for f in found],
                         [("env.debug-mode", 6)])
        self.assertNotIn("MIIE", p.stdout + p.stderr)
        self.write(".env.production", "A=1\nB=\"open\nno close\n")
        p = self.run_secgate("run", "--tools", "env")
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assertIn("env: .env.production:2: unterminated quoted value",
                      p.stderr)
        self.assertNotIn("no close", p.stderr)

    def test_a_byte_order_mark_is_not_a_malformed_line(self):
        _, found = self.run_env("\ufeffDEBUG=true\n")
        self.assertEqual(self.rules(found), {"env.debug-mode"})

    def test_fingerprints_ignore_the_value_and_line_shifts(self):
        _, a = self.run_env("SECRET_KEY=Zq8xR2mP4vL\n")
        _, b = self.run_env("# moved\n\nSECRET_KEY=Wk3nB7pQ1xZ\n")
        _, c = self.run_env("OTHER_SECRET=Zq8xR2mP4vL\n")
        fa = {f["rule_id"]: f["fingerprint"] for f in a}
        fb = {f["rule_id"]: f["fingerprint"] for f in b}
        fc = {f["rule_id"]: f["fingerprint"] for f in c}
        self.assertEqual(fa["env.secret-length"], fb["env.secret-length"])
        self.assertNotEqual(fa["env.secret-length"], fc["env.secret-length"])
        self.assertTrue(fa["env.secret-length"].startswith("sg2:"))

    def test_suppressions_and_the_baseline_apply(self):
        text = "DEBUG=true\nSECRET_KEY=Zq8xR2mP4vL\n"
        p, found = self.run_env(text)
        self.assertEqual(p.returncode, 1)
        self.write(".secgate.yml", "suppressions:\n"
                   "  - rule: env.debug-mode\n    reason: staging only\n")
        fp = [f["fingerprint"] for f in found
              if f["rule_id"] == "env.secret-length"][0]
        baseline = {"secgate_baseline": 1, "entries": [{
            "added": "2026-01-01", "fingerprint": fp,
            "kind": "misconfiguration", "path": ".env.production",
            "rule": "env.secret-length", "title": "t", "tool": "env"}]}
        self.write(".secgate-baseline.json", json.dumps(baseline))
        p, found = self.run_env(text, "--new-only")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        by_rule = {f["rule_id"]: f for f in found}
        self.assertTrue(by_rule["env.debug-mode"]["suppressed"])
        self.assertEqual(by_rule["env.secret-length"]["state"], "unchanged")

    def test_baseline_create_runs_the_checks(self):
        mark = "BASELINEPLANTEDk2"
        self.write(".env.production", f"DEBUG=true\nSECRET_KEY={mark}\n")
        p = self.run_secgate("baseline", "create", "--checks", "env")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("added 2 entries", p.stdout)
        with open(os.path.join(self.repo, ".secgate-baseline.json")) as f:
            text = f.read()
        self.assertNotIn(mark, text)
        entries = json.loads(text)["entries"]
        self.assertEqual({e["tool"] for e in entries}, {"env"})
        self.assertIn("env.debug-mode", {e["rule"] for e in entries})
        # The same findings are now known debt; another value of the
        # same key is still the same finding; a new key is new.
        p, found = self.run_env(f"DEBUG=true\nSECRET_KEY={mark}\n",
                                "--new-only")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertTrue(all(f["state"] == "unchanged" for f in found))
        p, _ = self.run_env("DEBUG=yes\nSECRET_KEY=Zq8xR2mP4vL\n",
                            "--new-only")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        p, _ = self.run_env("DEBUG=yes\nDEV_MODE=1\n", "--new-only")
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        # A check that fails writes no baseline.
        os.remove(os.path.join(self.repo, ".env.production"))
        p = self.run_secgate("baseline", "update", "--checks", "env")
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assertIn("baseline not written", p.stderr)
        p = self.run_secgate("baseline", "create", "--checks", "gitleaks")
        self.assertEqual(p.returncode, 2)

    def test_a_planted_value_reaches_no_output(self):
        """Every rule fires on a value holding PLANTED; no output holds it."""
        mark = "PLANTEDq7Zx"
        lines = [
            f"SECRET_KEY={mark}",                                  # length
            f"JWT_SECRET={mark}" + "P" * 30,                       # entropy
            f"API_TOKEN=changeme-{mark}-0123456789abcdefghij",    # default
            f"SESSION_SECRET={mark}{mark}{mark}",                 # repeated
            f"CORS_ALLOWED_ORIGINS=*,http://{mark}.example,https://{mark}.localhost",
            f"SESSION_COOKIE_SECURE={mark}",
            f"DATABASE_URL=sqlite:///{mark}.db",
            f"DEBUG={mark}",
            f"SIGNING_SECRET={mark}{GOOD}",
            f"SIGNING_SECRET_PREVIOUS={mark}{GOOD}",
            f"ENCRYPTION_KEYS={mark}:c2hvcnQ=",
            f"ENCRYPTION_ACTIVE_KEY_ID={mark}x",
            f"LIMIT={mark}",
        ]
        self.write(".env.production", "\n".join(lines) + "\n")
        rules = "".join(
            f"      - key: LIMIT\n        {prop}\n"
            for prop in ("range: [1, 2]", "min_length: 64",
                         "pattern: '^[0-9]+$'", "one_of: [a, b]",
                         f"forbidden: [{mark}]", "https_only: true"))
        self.write(".secgate.yml", "tools:\n  env:\n    rules:\n" + rules +
                   "      - key: MISSING\n        required: true\n")
        out = self._tmp.name
        summary = os.path.join(out, "summary.md")
        gh_out = os.path.join(out, "gh_output")
        extra = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary,
                 "GITHUB_OUTPUT": gh_out}
        p = self.run_secgate("run", "--tools", "env", "--explain",
                             "--json", f"{out}/o.json", "--sarif",
                             f"{out}/o.sarif", "--junit", f"{out}/o.xml",
                             "--markdown", f"{out}/o.md", "--evidence",
                             f"{out}/evidence", extra=extra)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        with open(f"{out}/o.json") as f:
            found = self.rules(json.load(f)["findings"])
        expected = {"env." + r for r in PACK} | {
            "env.rule." + r for r in ("range", "min-length", "pattern",
                                      "one-of", "forbidden", "https-only",
                                      "required")}
        self.assertEqual(found, expected)
        # A baseline made from the run's SARIF holds no value either.
        b = self.run_secgate("baseline", "create", f"{out}/o.sarif")
        self.assertEqual(b.returncode, 0, b.stderr)
        texts = {"stdout": p.stdout, "stderr": p.stderr,
                 "baseline stdout": b.stdout + b.stderr}
        files = [f"{out}/o.json", f"{out}/o.sarif", f"{out}/o.xml",
                 f"{out}/o.md", summary, gh_out,
                 os.path.join(self.repo, ".secgate-baseline.json")]
        files += glob.glob(f"{out}/evidence/*")
        self.assertGreaterEqual(len(files), 10)
        for path in files:
            with open(path, errors="replace") as f:
                texts[path] = f.read()
        for where, text in texts.items():
            self.assertNotIn(mark, text, where)
            self.assertNotIn(mark.lower(), text.lower(), where)
        # The keys, though, are named.
        self.assertIn("SECRET_KEY", texts[f"{out}/o.json"])


def main():
    global ARGS
    ARGS, rest = sgtest.options()
    return sgtest.run([sys.argv[0], *rest])


if __name__ == "__main__":
    sys.exit(main())
