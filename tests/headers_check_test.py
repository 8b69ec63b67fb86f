#!/usr/bin/env python3
"""End-to-end tests of the built-in `headers` check against real servers:
nginx and Caddy started here on 127.0.0.1 (free ports), over HTTPS with a
CA this test generates (openssl), each with a compliant and a broken
configuration (and nginx with headers missing on error pages). Every
header rule fails on a broken server and passes on the compliant ones;
plus CORS, the 404 path, capped redirects, the http->https redirect,
cookies, timeouts, unreachable URLs and TLS failures (exit 3).

Exits 77 (ctest SKIP) when nginx, Caddy or openssl cannot run here.
"""
import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

ARGS = None
SERVERS = {}       # name -> Server
SKIPPED = []       # why a server could not start
WORK = None        # tempfile.TemporaryDirectory for CA and servers

GOOD_HEADERS = [
    ("Strict-Transport-Security", "max-age=63072000; includeSubDomains; preload"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Content-Security-Policy",
     "default-src 'self'; script-src 'self'; frame-ancestors 'none'"),
    ("Set-Cookie", "session=s3ss10nvalue; Path=/; Secure; HttpOnly; SameSite=Lax"),
]
BAD_NGINX_HEADERS = [
    ("Strict-Transport-Security", "max-age=3600"),
    ("X-Frame-Options", "SAMEORIGIN"),
    ("Referrer-Policy", "unsafe-url"),
    ("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline'"),
    ("Set-Cookie", "session=s3ss10nvalue; Path=/"),
    ("X-Powered-By", "PHP/8.2.7"),
    ("Access-Control-Allow-Origin", "$http_origin"),
    ("Access-Control-Allow-Credentials", "true"),
]
# Compliant but for CORS (the Origin reflected, no credentials) and eval.
PARTIAL_CADDY_HEADERS = [h for h in GOOD_HEADERS
                         if h[0] != "Content-Security-Policy"] + [
    ("Content-Security-Policy",
     "default-src 'self'; script-src 'self' 'unsafe-eval'; frame-ancestors 'none'"),
    ("Access-Control-Allow-Origin", "{http.request.header.Origin}"),
]
BAD_CADDY_HEADERS = [
    ("Strict-Transport-Security", "max-age=63072000"),
    ("X-Content-Type-Options", "sniff"),
    ("X-Frame-Options", "SAMEORIGIN"),
    ("Referrer-Policy", "no-referrer-when-downgrade"),
    ("Set-Cookie", "id=s3ss10nvalue; Secure"),
    ("Server", "Caddy/2.6.2"),
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Allow-Credentials", "true"),
]

TOKEN = "t0k3nPLANTEDzz9"
PAGE = "(the page)"
ERROR_PAGE = "(a missing page)"
PREFLIGHT = "(the CORS preflight)"
ORIGIN_GET = "(a GET with Origin)"
HTTP = "(the http:// form)"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def make_ca(d):
    """A CA and a certificate for localhost and 127.0.0.1, by openssl."""
    def ossl(*argv):
        subprocess.run(["openssl", *argv], cwd=d, check=True,
                       capture_output=True, timeout=60)
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
    ossl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem",
         "-days", "2", "-subj", "/CN=secgate test CA",
         "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    ossl("req", *ec, "-keyout", "server.key", "-out", "server.csr",
         "-subj", "/CN=localhost")
    with open(os.path.join(d, "ext.cnf"), "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n")
    ossl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey",
         "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "2",
         "-extfile", "ext.cnf")


class Server:
    def __init__(self, kind, variant, base):
        self.kind, self.variant = kind, variant
        self.name = f"{kind}-{variant}"
        self.dir = os.path.join(base, self.name)
        os.makedirs(self.dir)
        self.https = free_port()
        self.http = free_port()
        self.proc = None
        self.log = os.path.join(self.dir, "server.log")

    def url(self, path="/"):
        return f"https://localhost:{self.https}{path}"

    def start(self, ca_dir):
        cert = os.path.join(ca_dir, "server.pem")
        key = os.path.join(ca_dir, "server.key")
        if self.kind == "nginx":
            conf = self.nginx_conf(cert, key)
            path = os.path.join(self.dir, "nginx.conf")
            argv = ["nginx", "-p", self.dir, "-c", path, "-e", self.log]
            env = dict(os.environ)
        else:
            conf = self.caddy_conf(cert, key)
            path = os.path.join(self.dir, "Caddyfile")
            argv = ["caddy", "run", "--config", path, "--adapter", "caddyfile"]
            env = dict(os.environ, HOME=self.dir, XDG_DATA_HOME=self.dir,
                       XDG_CONFIG_HOME=self.dir)
        with open(path, "w") as f:
            f.write(conf)
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(argv, cwd=self.dir, env=env,
                                         stdout=log, stderr=log,
                                         stdin=subprocess.DEVNULL,
                                         start_new_session=True)
        if not (wait_for_port(self.https, self.proc) and
                wait_for_port(self.http, self.proc)):
            self.stop()
            with open(self.log, errors="replace") as f:
                tail = f.read()[-400:]
            raise RuntimeError(f"{self.name} did not start: {tail}")

    def stop(self):
        if not self.proc or self.proc.poll() is not None:
            return
        # The server's own process group: nothing of it outlives the test.
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        except ProcessLookupError:
            pass

    def headers(self):
        if self.variant == "errors":
            # Without `always`; and any origin allowed (no credentials).
            return GOOD_HEADERS + [("Access-Control-Allow-Origin", "*")]
        return {"good": GOOD_HEADERS, "partial": PARTIAL_CADDY_HEADERS,
                "bad": BAD_NGINX_HEADERS if self.kind == "nginx"
                else BAD_CADDY_HEADERS}[self.variant]

    def nginx_conf(self, cert, key):
        # "errors": the classic mistake, add_header without `always`
        # (nginx then drops the headers on error responses).
        always = "" if self.variant == "errors" else " always"
        adds = "\n".join(f'        add_header {n} "{v}"{always};'
                         for n, v in self.headers())
        tokens = "on" if self.variant == "bad" else "off"
        http_answer = {
            "good": f"return 301 https://localhost:{self.https}$request_uri;",
            "bad": f"return 302 https://localhost:{self.https}$request_uri;",
            "errors": 'return 200 "plain http\\n";',
        }[self.variant]
        temp = "\n".join(f"    {t}_temp_path {self.dir}/{t};" for t in
                         ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        return f"""daemon off;
master_process off;
worker_processes 1;
pid {self.dir}/nginx.pid;
error_log {self.log} warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
{temp}
    default_type text/plain;
    server_tokens {tokens};
    server {{
        listen 127.0.0.1:{self.https} ssl;
        server_name localhost;
        ssl_certificate {cert};
        ssl_certificate_key {key};
{adds}
        location = / {{
            if ($request_method = OPTIONS) {{ return 204; }}
            return 200 "ok\\n";
        }}
        location = /old {{ return 301 /; }}
        location = /loop {{ return 302 /loop; }}
        location = /downgrade {{ return 301 http://localhost:{self.http}/; }}
        location = /private {{
            if ($http_authorization != "Bearer {TOKEN}") {{ return 302 /private; }}
            return 200 "private\\n";
        }}
        location / {{ return 404; }}
    }}
    server {{
        listen 127.0.0.1:{self.http};
        {http_answer}
    }}
}}
"""

    def caddy_conf(self, cert, key):
        adds = "\n".join(f'\t\t{n} "{v}"' for n, v in self.headers())
        http_answer = {
            "good": f"redir https://localhost:{self.https}{{uri}} permanent",
            "partial": f"redir https://localhost:{self.https}{{uri}} 308",
            "bad": 'respond "plain http" 200',
        }[self.variant]
        return f"""{{
	admin off
	auto_https off
	default_sni localhost
	http_port {self.http}
	https_port {self.https}
	storage file_system {self.dir}/storage
}}
https://localhost:{self.https} {{
	bind 127.0.0.1
	tls {cert} {key}
	header {{
{adds}
	}}
	handle / {{
		respond "ok" 200
	}}
	handle /old {{
		redir * / permanent
	}}
	handle /loop {{
		redir * /loop 302
	}}
	handle {{
		respond "not found" 404
	}}
}}
http://localhost:{self.http} {{
	bind 127.0.0.1
	{http_answer}
}}
"""


def setUpModule():
    global WORK
    WORK = tempfile.TemporaryDirectory()
    ca_dir = os.path.join(WORK.name, "ca")
    os.makedirs(ca_dir)
    if not shutil.which("openssl"):
        SKIPPED.append("openssl is not installed")
        return
    make_ca(ca_dir)
    for kind, variants in (("nginx", ("good", "bad", "errors")),
                           ("caddy", ("good", "bad", "partial"))):
        if not shutil.which(kind):
            SKIPPED.append(f"{kind} is not installed "
                           "(scripts/install-deps.sh --test)")
            continue
        for variant in variants:
            s = Server(kind, variant, WORK.name)
            try:
                s.start(ca_dir)
                SERVERS[s.name] = s
            except (RuntimeError, OSError) as e:
                SKIPPED.append(str(e))


def tearDownModule():
    for s in SERVERS.values():
        s.stop()
    if WORK:
        WORK.cleanup()


class Headers(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.repo = os.path.join(self._tmp.name, "repo")
        self.tmpdir = os.path.join(self._tmp.name, "tmp")
        os.makedirs(self.repo)
        os.makedirs(self.tmpdir)
        subprocess.run(["git", "init", "-q", self.repo], check=True)
        if os.path.exists(os.path.join(WORK.name, "ca", "ca.pem")):
            shutil.copy(os.path.join(WORK.name, "ca", "ca.pem"),
                        os.path.join(self.repo, "ca.pem"))

    def tearDown(self):
        self._tmp.cleanup()

    def server(self, name):
        if name not in SERVERS:
            self.skipTest(f"{name} is not running: {'; '.join(SKIPPED)}")
        return SERVERS[name]

    def configure(self, urls, ca=True, extra="", timeout="10s"):
        text = "tools:\n  headers:\n    urls:\n"
        text += "".join(f"      - {u}\n" for u in urls)
        if ca:
            text += "    ca_file: ca.pem\n"
        text += f"    timeout: {timeout}\n" + extra
        with open(os.path.join(self.repo, ".secgate.yml"), "w") as f:
            f.write(text)

    def run_secgate(self, *argv):
        env = dict(os.environ)
        for k in ("GITHUB_ACTIONS", "CI", "SECGATE_CONFIG", "SECGATE_PROFILE"):
            env.pop(k, None)
        env.update(NO_COLOR="1", TMPDIR=self.tmpdir)
        return subprocess.run([ARGS.secgate, *argv], cwd=self.repo, env=env,
                              capture_output=True, text=True,
                              errors="replace", timeout=120)

    def probe(self, *argv, code=None):
        out = os.path.join(self._tmp.name, "out.json")
        p = self.run_secgate("run", "--tools", "headers", "--json", out,
                             *argv)
        if code is not None:
            self.assertEqual(p.returncode, code, p.stdout + p.stderr)
        with open(out) as f:
            return p, json.load(f)["findings"]

    def pairs(self, findings):
        """(rule, which response) for each finding."""
        out = set()
        for f in findings:
            where = next(w for w in (PAGE, ERROR_PAGE, PREFLIGHT, ORIGIN_GET,
                                     HTTP) if w in f["message"])
            out.add((f["rule_id"].removeprefix("headers."), where))
        return out

    def redirect_option(self, s):
        return f"    http_redirect: true\n    http_port: {s.http}\n"

    def test_compliant_servers_pass_every_rule(self):
        for name in ("nginx-good", "caddy-good"):
            with self.subTest(server=name):
                s = self.server(name)
                self.configure([s.url(), s.url("/old")],
                               extra=self.redirect_option(s))
                ev = os.path.join(self._tmp.name, "ev-" + name)
                p, found = self.probe("--evidence", ev, code=0)
                self.assertEqual(found, [])
                with open(os.path.join(ev, "evidence.json")) as f:
                    tools = {t["name"]: t for t in json.load(f)["tools"]}
                self.assertTrue(tools["headers"]["report_read"])
                self.assertEqual(tools["headers"]["status"],
                                 "probed 2 URLs with 10 requests")

    def test_the_release_profile_runs_both_checks(self):
        s = self.server("caddy-good")
        with open(os.path.join(self.repo, ".env.production"), "w") as f:
            f.write("DEBUG=false\n")
        self.configure([s.url()], extra="  env: {}\n")
        out = os.path.join(self._tmp.name, "o.json")
        p = self.run_secgate("run", "--profile", "release", "--json", out)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        with open(out) as f:
            doc = json.load(f)
        self.assertEqual(sorted(i["tool"] for i in doc["inputs"]),
                         ["env", "headers"])
        p = self.run_secgate("run", "--tools", "env,headers", "--json", out)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

    def test_broken_nginx_fails_each_rule(self):
        s = self.server("nginx-bad")
        self.configure([s.url()], extra=self.redirect_option(s))
        p, found = self.probe(code=1)
        expected = {(r, w) for r in ("hsts", "nosniff", "frame-options",
                                     "referrer-policy", "csp-unsafe",
                                     "cookies", "server-version")
                    for w in (PAGE, ERROR_PAGE)}
        expected |= {("cors-reflected", PREFLIGHT),
                     ("cors-reflected", ORIGIN_GET), ("http-redirect", HTTP)}
        self.assertEqual(self.pairs(found), expected)
        msgs = "\n".join(f["message"] for f in found)
        self.assertIn("Strict-Transport-Security max-age 3600 < 31536000", msgs)
        self.assertIn("Content-Security-Policy script-src allows "
                      "'unsafe-inline'", msgs)
        self.assertIn("cookie 'session' lacks Secure HttpOnly "
                      "SameSite=Lax|Strict", msgs)
        self.assertIn("Server 'nginx/1", msgs)
        self.assertIn("X-Powered-By 'PHP/8.2.7'", msgs)
        self.assertIn("http:// redirects with 302, not a permanent", msgs)
        cors = [f for f in found if f["rule_id"] == "headers.cors-reflected"]
        self.assertTrue(all(f["severity"] == "critical" for f in cors))
        self.assertIn("with Access-Control-Allow-Credentials: true",
                      cors[0]["message"])
        # Located at the configuration line naming the URL.
        self.assertTrue(all((f["path"], f["start_line"]) == (".secgate.yml", 4)
                            for f in found), found)
        self.assertTrue(all(f["kind"] == "misconfiguration" for f in found))
        self.assertNotIn("s3ss10nvalue", p.stdout + p.stderr + msgs)
        self.assertIn("headers.cors-reflected", p.stdout)

    def test_broken_caddy_fails_each_rule(self):
        s = self.server("caddy-bad")
        self.configure([s.url()], extra=self.redirect_option(s))
        p, found = self.probe(code=1)
        expected = {(r, w) for r in ("hsts", "nosniff", "frame-options",
                                     "referrer-policy", "csp", "cookies",
                                     "server-version")
                    for w in (PAGE, ERROR_PAGE)}
        expected |= {("cors-wildcard", PREFLIGHT),
                     ("cors-wildcard", ORIGIN_GET), ("http-redirect", HTTP)}
        self.assertEqual(self.pairs(found), expected)
        msgs = "\n".join(f["message"] for f in found)
        self.assertIn("Strict-Transport-Security without includeSubDomains",
                      msgs)
        self.assertIn("X-Content-Type-Options is not nosniff", msgs)
        self.assertIn("no Content-Security-Policy header", msgs)
        self.assertIn("cookie 'id' lacks HttpOnly SameSite", msgs)
        self.assertIn("Server 'Caddy/2.6.2' reveals a version", msgs)
        self.assertIn("http:// answers 200 instead of redirecting", msgs)
        wild = [f for f in found if f["rule_id"] == "headers.cors-wildcard"]
        self.assertTrue(all(f["severity"] == "high" for f in wild))

    def test_headers_missing_on_error_pages_are_found(self):
        s = self.server("nginx-errors")
        self.configure([s.url()], extra=self.redirect_option(s))
        _, found = self.probe(code=1)
        expected = {(r, ERROR_PAGE) for r in ("hsts", "nosniff",
                                              "frame-options",
                                              "referrer-policy", "csp")}
        expected |= {("http-redirect", HTTP), ("cors-wildcard", PREFLIGHT),
                     ("cors-wildcard", ORIGIN_GET)}
        self.assertEqual(self.pairs(found), expected)
        wild = [f for f in found if f["rule_id"] == "headers.cors-wildcard"]
        self.assertTrue(all(f["severity"] == "medium" for f in wild))
        self.assertIn("http:// answers 200 instead of redirecting",
                      "\n".join(f["message"] for f in found))

    def test_caddy_reflecting_the_origin_and_allowing_eval(self):
        s = self.server("caddy-partial")
        self.configure([s.url()], extra=self.redirect_option(s))
        _, found = self.probe(code=1)
        expected = {("csp-unsafe", PAGE), ("csp-unsafe", ERROR_PAGE),
                    ("cors-reflected", PREFLIGHT),
                    ("cors-reflected", ORIGIN_GET)}
        self.assertEqual(self.pairs(found), expected)
        cors = [f for f in found if f["rule_id"] == "headers.cors-reflected"]
        self.assertTrue(all(f["severity"] == "high" for f in cors))
        self.assertIn("script-src allows 'unsafe-eval'",
                      "\n".join(f["message"] for f in found))

    def test_a_listed_origin_is_not_the_probe_and_a_configured_one_is(self):
        s = self.server("nginx-bad")
        self.configure([s.url()],
                       extra="    disallowed_origin: https://evil.example\n")
        _, found = self.probe(code=1)
        self.assertIn(("cors-reflected", PREFLIGHT), self.pairs(found))

    def test_fingerprints_are_stable_across_runs(self):
        s = self.server("caddy-bad")
        self.configure([s.url()])
        _, a = self.probe(code=1)
        _, b = self.probe(code=1)
        self.assertEqual(sorted(f["fingerprint"] for f in a),
                         sorted(f["fingerprint"] for f in b))
        self.assertEqual(len({f["fingerprint"] for f in a}), len(a))

    def test_redirects_are_capped(self):
        for name in ("nginx-good", "caddy-good"):
            with self.subTest(server=name):
                s = self.server(name)
                self.configure([s.url("/loop")],
                               extra="    max_redirects: 3\n")
                p, found = self.probe(code=3)
                self.assertEqual(found, [])
                self.assertIn("redirects are capped", p.stderr)
                self.assertIn("ERROR", p.stdout.splitlines()[-1])

    def test_credentials_only_when_configured_and_never_shown(self):
        s = self.server("nginx-good")
        # Without the header, /private redirects to itself: the cap fails.
        self.configure([s.url("/private")])
        p, _ = self.probe(code=3)
        self.assertIn("redirects are capped", p.stderr)
        self.configure([s.url("/private")],
                       extra="    authorization_env: STAGING_AUTH\n")
        p, _ = self.probe(code=3)
        self.assertIn("the environment variable STAGING_AUTH is not set",
                      p.stderr)
        os.environ["STAGING_AUTH"] = "Bearer " + TOKEN
        try:
            ev = os.path.join(self._tmp.name, "ev")
            p, found = self.probe("--evidence", ev, code=0)
            show = self.run_secgate("config", "show")
        finally:
            del os.environ["STAGING_AUTH"]
        self.assertEqual(found, [])
        texts = [p.stdout, p.stderr, show.stdout, show.stderr]
        for name in os.listdir(ev):
            with open(os.path.join(ev, name), errors="replace") as f:
                texts.append(f.read())
        self.assertIn("authorization_env: STAGING_AUTH", show.stdout)
        for text in texts:
            self.assertNotIn(TOKEN, text)
        self.configure([s.url()],
                       extra="    authorization_env: 'Bearer x'\n")
        p = self.run_secgate("run")
        self.assertEqual(p.returncode, 2)
        self.assertIn("must be the name of an environment variable",
                      p.stderr)

    def test_a_redirect_to_plain_http_is_not_followed(self):
        s = self.server("nginx-good")
        self.configure([s.url("/downgrade")])
        p, found = self.probe(code=3)
        self.assertEqual(found, [])
        self.assertIn("redirects to a URL that is not https:// (not "
                      "followed)", p.stderr)

    def test_tls_verification_is_always_on(self):
        s = self.server("nginx-good")
        self.configure([s.url()], ca=False)
        p, found = self.probe(code=3)
        self.assertEqual(found, [])
        self.assertIn("secgate: error: headers: " + s.url(), p.stderr)
        self.assertRegex(p.stderr, r"(?i)certificate")

    def test_an_unreachable_url_fails_the_run(self):
        port = free_port()  # nothing listens there
        self.configure([f"https://localhost:{port}/"])
        p, found = self.probe(code=3)
        self.assertEqual(found, [])
        self.assertIn(f"headers: https://localhost:{port}/", p.stderr)

    def test_a_server_that_never_answers_times_out(self):
        with socket.socket() as silent:
            silent.bind(("127.0.0.1", 0))
            silent.listen(4)  # accepts connections, never speaks TLS
            port = silent.getsockname()[1]
            self.configure([f"https://localhost:{port}/"], timeout="2s")
            start = time.monotonic()
            p, found = self.probe(code=3)
            self.assertLess(time.monotonic() - start, 30)
        self.assertRegex(p.stderr, r"(?i)timed? ?out")

    def test_no_urls_is_a_failed_tool(self):
        p = self.run_secgate("run", "--tools", "headers")
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assertIn("headers: no URLs to probe", p.stderr)

    def test_configuration_errors(self):
        cases = [
            ("    urls: [http://example.com/]\n",
             "tools.headers.urls[0]: must be an https:// URL"),
            ("    urls: ['https://user:pw@example.com/']\n",
             "must not contain a user name or password"),
            ("    urls: []\n", "tools.headers.urls: must list at least one URL"),
            ("    ca_file: ca.pem\n", "tools.headers: 'urls' is required"),
            ("    urls: [https://a.example/]\n    ca-file: x\n",
             "unknown key 'ca-file'"),
            ("    urls: [https://a.example/]\n    http_port: 0\n",
             "tools.headers.http_port: must be a whole number from 1 to 65535"),
            ("    urls: [https://a.example/]\n"
             "    disallowed_origin: https://evil.example/path\n",
             "must be an origin"),
            ("    urls: [https://a.example/, https://a.example/]\n",
             "lists a URL twice"),
        ]
        for text, error in cases:
            with self.subTest(text=text):
                with open(os.path.join(self.repo, ".secgate.yml"), "w") as f:
                    f.write("tools:\n  headers:\n" + text)
                p = self.run_secgate("run")
                self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
                self.assertIn(".secgate.yml:", p.stderr)
                self.assertIn(error, p.stderr)


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--secgate", required=True)
    ap.add_argument("--source", required=True)
    ARGS, rest = ap.parse_known_args()
    ARGS.secgate = os.path.abspath(ARGS.secgate)
    prog = unittest.main(argv=[sys.argv[0], *rest], exit=False, verbosity=2)
    r = prog.result
    failed = len(r.failures) + len(r.errors)
    print(f"{r.testsRun - failed - len(r.skipped)} passed, {failed} failed, "
          f"{len(r.skipped)} skipped")
    if SKIPPED:
        print("SKIPPED: " + "; ".join(SKIPPED))
    if r.skipped and not SKIPPED:
        SKIPPED.append("%d tests skipped" % len(r.skipped))
    stray = [s.name for s in SERVERS.values() if s.proc.poll() is None]
    if stray:
        print("FAILED: servers still running: " + ", ".join(stray))
        failed += 1
    if failed:
        return 1
    # A server that could not start is a visible skip, never a pass.
    return 77 if SKIPPED else 0


if __name__ == "__main__":
    sys.exit(main())
