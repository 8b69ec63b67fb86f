#!/usr/bin/env python3
"""Generate the secgate benchmark corpus: synthetic but realistically shaped
scanner reports (a CodeQL SARIF 2.1.0 log, a gitleaks v8 JSON report, a Trivy
SchemaVersion 2 JSON report) of a chosen size.

Python 3 standard library only. Deterministic: the same --seed and sizes give
byte-identical files. Streaming: each report is written result by result, so
memory stays flat whatever the size. Every file is written to NAME.tmp and
renamed when complete, so an interrupted run never leaves a file that looks
finished.

Examples:
  gen_corpus.py --sarif-mb 100 500 --gitleaks-n 1000000 --trivy-n 50000
  gen_corpus.py --out /tmp/c --sarif-mb 10 --gitleaks-n 0 --trivy-n 0

File names: sarif-<MB>mb.sarif, sarif-sparse-<MB>mb.sarif (--sarif-sparse-mb:
every result with a long code flow, so few findings for the bytes),
gitleaks-<N>.json, trivy-<N>.json. Sizes in
MB are decimal (1 MB = 1,000,000 bytes). A count of 0 skips that report.
"""

import argparse
import base64
import json
import os
import random
import sys
import time

FLUSH_BYTES = 1 << 20  # write out in ~1 MiB chunks

# --------------------------------------------------------------------------
# helpers


def jstr(s):
    """A JSON string as Go's encoding/json writes it (the tools are in Go,
    CodeQL's writer escapes the same way): raw UTF-8, and <, >, & escaped."""
    out = json.dumps(s, ensure_ascii=False)
    if "<" in out or ">" in out or "&" in out:
        out = (out.replace("<", "\\u003c").replace(">", "\\u003e")
               .replace("&", "\\u0026"))
    return out


def pretty(obj, indent, level):
    """obj as JSON with `indent` spaces per level, starting at nesting
    `level` (the first line is not indented: the caller places it)."""
    text = json.dumps(obj, indent=indent, ensure_ascii=False)
    if level:
        text = text.replace("\n", "\n" + " " * (indent * level))
    return text


def jackson(o, level):
    """o as CodeQL writes JSON (Jackson's default pretty printer): objects
    one member a line with "key" : value, arrays inline as [ a, b ] (so an
    array of objects reads [ {...}, {...} ]), 2 spaces per level."""
    if isinstance(o, str):
        return json.dumps(o, ensure_ascii=False)
    if isinstance(o, dict):
        if not o:
            return "{ }"
        pad = "\n" + "  " * (level + 1)
        return ("{" + ",".join(pad + json.dumps(k) + " : " +
                               jackson(v, level + 1) for k, v in o.items())
                + "\n" + "  " * level + "}")
    if isinstance(o, list):
        if not o:
            return "[ ]"
        return "[ " + ", ".join(jackson(v, level) for v in o) + " ]"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if o is None:
        return "null"
    return repr(o)


class Sink:
    """Buffered binary writer that counts bytes and renames on close."""

    def __init__(self, path):
        self.path = path
        self.tmp = path + ".tmp"
        self.f = open(self.tmp, "wb")
        self.parts = []
        self.pending = 0
        self.size = 0

    def write(self, s):
        b = s.encode("utf-8")
        self.parts.append(b)
        self.pending += len(b)
        self.size += len(b)
        if self.pending >= FLUSH_BYTES:
            self.f.write(b"".join(self.parts))
            self.parts = []
            self.pending = 0

    def close(self):
        self.f.write(b"".join(self.parts))
        self.parts = []
        self.f.close()
        os.replace(self.tmp, self.path)


def hexs(rng, n):
    return "%0*x" % (n, rng.getrandbits(4 * n))


WORDS = (
    "account admin api app auth billing cache cart catalog checkout client "
    "common config core dashboard data db editor email export feed file "
    "gateway graph helpers hooks import index invoice jobs legacy loader "
    "mail media metrics middleware models notify order payment plugin "
    "profile queue render report router search server service session "
    "settings shared shop storage sync template theme upload user util "
    "views webhook widget worker").split()

AUTHORS = [
    ("Alice Martin", "alice.martin@example.com"),
    ("Bo Zhang", "bo.zhang@example.org"),
    ("Chloé Dubois", "chloe.dubois@example.fr"),
    ("Dmitri Ivanov", "d.ivanov@example.net"),
    ("Eve O'Connor", "eve@example.io"),
    ("Farah Haddad", "farah.haddad@example.com"),
    ("Gustavo Pereira", "gpereira@example.com.br"),
    ("Hiroshi Tanaka", "tanaka.h@example.jp"),
    ("Ines Müller", "ines.mueller@example.de"),
    ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com"),
    ("Jonas \"JJ\" Jensen", "jj@example.dk"),
    ("Kwame Mensah", "kwame@example.com"),
]

COMMIT_MESSAGES = [
    "fix login redirect",
    "add payment provider config",
    "WIP: refactor settings loader",
    "Merge pull request #%d from feature/cache",
    "update deps",
    "temporary creds for staging, remove before merge",
    "chore: bump version to 1.%d.0",
    "docs: explain <env> & \"secrets\" handling",
    "add integration test fixtures",
    "revert \"drop old API client\"",
    "Ajout de la configuration de déploiement ✨",
    "hotfix: prod outage\n\nrotate keys later",
]


def make_paths(rng, n, exts, roots, maxdepth=4):
    paths = []
    seen = set()
    while len(paths) < n:
        depth = rng.randint(1, maxdepth)
        parts = [rng.choice(roots)]
        parts += [rng.choice(WORDS) for _ in range(depth)]
        name = rng.choice(WORDS) + rng.choice(["", "_" + rng.choice(WORDS),
                               rng.choice(WORDS).title()])
        p = "/".join(parts) + "/" + name + rng.choice(exts)
        if p not in seen:
            seen.add(p)
            paths.append(p)
    return paths


# --------------------------------------------------------------------------
# CodeQL SARIF

# (id, name, security-severity or None, cwes, kind, level, precision)
CODEQL_RULES = [
    ("js/sql-injection", "Database query built from user-controlled sources", "8.8", ["089", "090", "943"], "path-problem", "error", "high"),
    ("js/code-injection", "Code injection", "9.3", ["094", "095", "079", "116"], "path-problem", "error", "high"),
    ("js/command-line-injection", "Uncontrolled command line", "9.8", ["078", "088"], "path-problem", "error", "high"),
    ("js/path-injection", "Uncontrolled data used in path expression", "7.5", ["022", "023", "036", "073", "099"], "path-problem", "error", "high"),
    ("js/reflected-xss", "Reflected cross-site scripting", "6.1", ["079", "116"], "path-problem", "error", "high"),
    ("js/stored-xss", "Stored cross-site scripting", "6.1", ["079", "116"], "path-problem", "error", "high"),
    ("js/xss", "Client-side cross-site scripting", "6.1", ["079", "116"], "path-problem", "error", "high"),
    ("js/xss-through-dom", "DOM text reinterpreted as HTML", "6.1", ["079", "116"], "path-problem", "warning", "high"),
    ("js/html-constructed-from-input", "Unsafe HTML constructed from library input", "6.1", ["079", "116"], "path-problem", "error", "high"),
    ("js/unsafe-deserialization", "Deserialization of user-controlled data", "9.8", ["502"], "path-problem", "error", "high"),
    ("js/xxe", "XML external entity expansion", "9.1", ["611", "827"], "path-problem", "error", "high"),
    ("js/xpath-injection", "XPath injection", "9.8", ["643"], "path-problem", "error", "high"),
    ("js/request-forgery", "Server-side request forgery", "9.1", ["918"], "path-problem", "error", "medium"),
    ("js/server-side-unvalidated-url-redirection", "Server-side URL redirect", "6.1", ["601"], "path-problem", "warning", "high"),
    ("js/client-side-unvalidated-url-redirection", "Client-side URL redirect", "6.1", ["079", "116", "601"], "path-problem", "error", "high"),
    ("js/prototype-pollution", "Prototype-polluting merge call", "6.1", ["078", "079", "094", "400", "471", "915"], "path-problem", "error", "high"),
    ("js/prototype-pollution-utility", "Prototype-polluting function", "6.1", ["078", "079", "094", "400", "471", "915"], "path-problem", "warning", "high"),
    ("js/regex-injection", "Regular expression injection", "7.5", ["730", "400"], "path-problem", "error", "high"),
    ("js/redos", "Inefficient regular expression", "7.5", ["1333", "730", "400"], "problem", "error", "high"),
    ("js/polynomial-redos", "Polynomial regular expression used on uncontrolled data", "7.5", ["1333", "730", "400"], "path-problem", "warning", "high"),
    ("js/clear-text-logging", "Clear-text logging of sensitive information", "7.5", ["312", "359", "532"], "path-problem", "error", "high"),
    ("js/clear-text-storage-of-sensitive-data", "Clear text storage of sensitive information", "7.5", ["312", "315", "359"], "path-problem", "error", "high"),
    ("js/hardcoded-credentials", "Hard-coded credentials", "9.8", ["259", "321", "798"], "path-problem", "warning", "high"),
    ("js/insufficient-password-hash", "Use of password hash with insufficient computational effort", "8.1", ["916"], "path-problem", "warning", "high"),
    ("js/weak-cryptographic-algorithm", "Use of a broken or weak cryptographic algorithm", "7.5", ["327", "328"], "path-problem", "warning", "high"),
    ("js/biased-cryptographic-random", "Creating biased random numbers from a cryptographically secure source", "7.5", ["327"], "problem", "warning", "high"),
    ("js/insecure-randomness", "Insecure randomness", "7.8", ["338"], "path-problem", "warning", "high"),
    ("js/missing-rate-limiting", "Missing rate limiting", "7.5", ["770", "307", "400"], "problem", "warning", "high"),
    ("js/missing-token-validation", "Missing CSRF middleware", "8.8", ["352"], "problem", "error", "high"),
    ("js/cors-misconfiguration-for-credentials", "CORS misconfiguration for credentials transfer", "7.5", ["346", "639", "942"], "path-problem", "error", "high"),
    ("js/disabling-certificate-validation", "Disabling certificate validation", "7.5", ["295", "297"], "problem", "error", "high"),
    ("js/incomplete-sanitization", "Incomplete string escaping or encoding", "7.8", ["020", "080", "116"], "problem", "warning", "high"),
    ("js/incomplete-url-substring-sanitization", "Incomplete URL substring sanitization", "7.8", ["020"], "problem", "warning", "high"),
    ("js/incomplete-hostname-regexp", "Incomplete regular expression for hostnames", "7.8", ["020"], "problem", "warning", "high"),
    ("js/incomplete-multi-character-sanitization", "Incomplete multi-character sanitization", "7.8", ["020", "080", "116"], "problem", "warning", "high"),
    ("js/double-escaping", "Double escaping or unescaping", "7.8", ["116", "020"], "problem", "warning", "high"),
    ("js/bad-tag-filter", "Bad HTML filtering regexp", "7.8", ["020", "080", "116", "184", "185", "186"], "problem", "warning", "high"),
    ("js/log-injection", "Log injection", "7.8", ["117"], "path-problem", "error", "medium"),
    ("js/tainted-format-string", "Use of externally-controlled format string", "7.3", ["134"], "path-problem", "warning", "high"),
    ("js/zipslip", "Arbitrary file access during archive extraction (\"Zip Slip\")", "7.5", ["022"], "path-problem", "error", "high"),
    ("js/file-system-race", "Potential file system race condition", "7.7", ["367"], "problem", "warning", "medium"),
    ("js/insecure-temporary-file", "Insecure temporary file", "7.0", ["377", "378"], "path-problem", "warning", "high"),
    ("js/http-to-file-access", "Network data written to file", "6.3", ["912", "434"], "path-problem", "warning", "medium"),
    ("js/file-access-to-http", "File data in outbound network request", "6.5", ["200"], "path-problem", "warning", "medium"),
    ("js/stack-trace-exposure", "Information exposure through a stack trace", "5.4", ["209", "497"], "path-problem", "warning", "very-high"),
    ("js/sensitive-get-query", "Sensitive data read from GET request", "6.5", ["598"], "problem", "warning", "high"),
    ("js/template-object-injection", "Template Object Injection", "9.3", ["073", "094"], "path-problem", "error", "high"),
    ("js/unsafe-jquery-plugin", "Unsafe jQuery plugin", "6.1", ["079", "116"], "path-problem", "warning", "high"),
    ("js/unvalidated-dynamic-method-call", "Unvalidated dynamic method call", "7.5", ["754"], "path-problem", "warning", "high"),
    ("js/remote-property-injection", "Remote property injection", "7.5", ["250", "400"], "path-problem", "warning", "medium"),
    ("js/resource-exhaustion", "Resource exhaustion", "7.5", ["400", "770"], "path-problem", "warning", "high"),
    ("js/loop-bound-injection", "Loop bound injection", "7.5", ["834", "730"], "path-problem", "warning", "high"),
    ("js/type-confusion-through-parameter-tampering", "Type confusion through parameter tampering", "9.8", ["843"], "path-problem", "error", "high"),
    ("js/insecure-download", "Download of sensitive file through insecure connection", "8.1", ["829"], "path-problem", "error", "high"),
    ("js/functionality-from-untrusted-source", "Inclusion of functionality from an untrusted source", "6.0", ["830"], "problem", "warning", "high"),
    ("js/unused-local-variable", "Unused variable, import, function or class", None, ["563"], "problem", "note", "very-high"),
    ("js/useless-assignment-to-local", "Useless assignment to local variable", None, ["563"], "problem", "warning", "very-high"),
    ("js/trivial-conditional", "Useless conditional", None, ["570", "571"], "problem", "warning", "very-high"),
    ("js/comparison-between-incompatible-types", "Comparison between inconvertible types", None, ["570", "571"], "problem", "warning", "very-high"),
    ("js/unreachable-statement", "Unreachable statement", None, ["561"], "problem", "warning", "very-high"),
]

JS_SNIPPETS = [
    "  const q = \"SELECT * FROM users WHERE id = '\" + req.query.id + \"'\";\n",
    "  res.send(`<div class=\"greeting\">Hello ${req.params.name}</div>`);\n",
    "  exec('git log --author=' + author, (err, out) => cb(err, out));\n",
    "  const file = path.join(__dirname, 'uploads', req.body.file);\n",
    "  if (url.indexOf(\"https://example.com\") !== -1) {\n",
    "  el.innerHTML = decodeURIComponent(location.hash.slice(1));\n",
    "  const re = new RegExp('^' + input.replace(/\\./g, '\\\\.') + '$');\n",
    "  logger.info(`password reset for ${user.email}: ${token}`);\n",
    "  return s.replace(/'/g, \"\\\\'\").replace(/\\t/g, '\\\\t');\n",
    "  let unused = computeTotals(order);\n",
    "  const data = yaml.load(req.body); // TODO: safeLoad?\n",
    "  fetch('http://' + req.query.host + '/api/v1/status');\n",
    "\tfor (let i = 0; i < req.body.length; i++) {\n",
    "  return Math.random().toString(36).substring(2); // \u00e9t\u00e9 \u2713\n",
]

FLOW_STEPS = [
    "req.query.id", "req.params.name", "req.body", "location.hash",
    "name : string", "input", "data", "... + ...", "`<div>${...}</div>`",
    "getParameter(...) : String", "value", "user.email", "options",
    "JSON.parse(...)", "path.join(...)", "url", "cmd", "query",
    "decodeURIComponent(...)", "event.data",
]


def sarif_rule(rule):
    rid, name, secsev, cwes, kind, level, precision = rule
    desc = ("%s. Flagged code may let a remote user control behaviour that "
        "should only depend on trusted data." % name)
    tags = (["security"] if secsev else ["maintainability", "correctness"])
    tags += ["external/cwe/cwe-%s" % c for c in cwes]
    props = {"tags": tags, "description": desc, "id": rid, "kind": kind,
         "name": name, "precision": precision,
         "problem.severity": level if level != "note" else "recommendation"}
    if secsev:
        props["security-severity"] = secsev
    return {
        "id": rid,
        "name": rid,
        "shortDescription": {"text": name},
        "fullDescription": {"text": desc},
        "defaultConfiguration": {"enabled": True, "level": level},
        "help": {
            "text": "# %s\n\n%s\n\n## Recommendation\n\nValidate or "
                "sanitize untrusted input before it reaches `%s`.\n"
                % (name, desc, rid.split("/")[1]),
            "markdown": "# %s\n\n%s\n\n## Recommendation\n\nValidate "
                    "or sanitize untrusted input before it reaches "
                    "`%s`.\n\n## References\n* [OWASP](https://owasp."
                    "org/)\n* Common Weakness Enumeration: [CWE-%s]"
                    "(https://cwe.mitre.org/data/definitions/%s.html)."
                    "\n" % (name, desc, rid.split("/")[1], cwes[0],
                        cwes[0].lstrip("0")),
        },
        "helpUri": "https://codeql.github.com/codeql-query-help/"
               "javascript/%s/" % rid.replace("/", "-"),
        "properties": props,
    }


def sarif_phys(rng, paths, idx=None, snippet=False):
    if idx is None:
        idx = rng.randrange(len(paths))
    line = rng.randint(1, 2400)
    col = rng.randint(1, 80)
    phys = {
        "artifactLocation": {"uri": paths[idx], "uriBaseId": "%SRCROOT%",
                     "index": idx},
        "region": {"startLine": line, "startColumn": col,
               "endColumn": col + rng.randint(1, 60)},
    }
    if snippet:
        lo = max(1, line - 2)
        text = "".join(rng.choice(JS_SNIPPETS) for _ in range(line + 2 - lo + 1))
        phys["contextRegion"] = {"startLine": lo, "endLine": line + 2,
                     "snippet": {"text": text}}
    return phys, idx


def sarif_result(rng, rules, paths, serial, long_flows=False):
    # 20% of results carry a code flow (always on a path-problem rule);
    # about 15% of the others point at a related location. long_flows:
    # every result has a flow of 100-150 steps (few findings, many bytes).
    flows = long_flows or rng.random() < 0.2
    related = flows or rng.random() < 0.15
    while True:
        ri = rng.randrange(len(rules))
        rid, name, secsev, cwes, kind, level, precision = rules[ri]
        if not flows or kind == "path-problem":
            break
    phys, idx = sarif_phys(rng, paths, snippet=rng.random() < 0.05)
    if related:
        text = "%s depends on a [user-provided value](1)." % name
    else:
        text = "%s: this expression is flagged (occurrence %d)." % (
            name, serial)
    res = {"ruleId": rid, "ruleIndex": ri, "rule": {"id": rid, "index": ri}}
    # CodeQL omits level when it is the rule's default; write it on some
    # results (sometimes differing) so both paths are exercised.
    r = rng.random()
    if r < 0.15:
        res["level"] = level
    elif r < 0.20:
        res["level"] = rng.choice(["error", "warning", "note"])
    res["message"] = {"text": text}
    res["locations"] = [{"physicalLocation": phys}]
    res["partialFingerprints"] = {
        "primaryLocationLineHash": "%s:%d" % (hexs(rng, 16),
                                              rng.randint(1, 3)),
        "primaryLocationStartColumnFingerprint": str(rng.randint(0, 40)),
    }
    if flows:
        steps = []
        fidx = idx if rng.random() < 0.6 else None
        for _ in range(rng.randint(100, 150) if long_flows
                       else rng.randint(5, 15)):
            p, _ = sarif_phys(rng, paths, idx=fidx)
            steps.append({"location": {
                "physicalLocation": p,
                "message": {"text": rng.choice(FLOW_STEPS)}}})
        # the flow ends at the alert's location
        sink = dict(phys)
        sink.pop("contextRegion", None)
        steps[-1]["location"]["physicalLocation"] = sink
        res["codeFlows"] = [{"threadFlows": [{"locations": steps}]}]
        src = steps[0]["location"]["physicalLocation"]
    elif related:
        src, _ = sarif_phys(rng, paths)
    if related:
        res["relatedLocations"] = [{
            "id": 1, "physicalLocation": src,
            "message": {"text": "user-provided value"}}]
    return res


def gen_sarif(path, target_mb, seed, long_flows=False):
    rng = random.Random(("sarif-sparse:%d" if long_flows else "sarif:%d")
                        % seed)
    target = int(target_mb * 1000000)
    paths = make_paths(rng, 4000, [".js", ".ts", ".jsx", ".tsx", ".mjs"],
                       ["src", "lib", "server", "client", "packages/core/src",
                        "packages/web/src", "test"])
    rules = CODEQL_RULES
    out = Sink(path)
    driver = {
        "name": "CodeQL",
        "organization": "GitHub",
        "semanticVersion": "2.15.3",
        "notifications": [{
            "id": "js/diagnostics/successfully-extracted-files",
            "name": "js/diagnostics/successfully-extracted-files",
            "shortDescription": {"text": "Extracted files"},
            "fullDescription": {"text": "Lists all files in the source "
                                "code directory that were extracted."},
            "defaultConfiguration": {"enabled": True},
            "properties": {"tags": ["successfully-extracted-files"]},
        }],
        "rules": [sarif_rule(r) for r in rules],
    }
    tool = {"driver": driver, "extensions": [{
        "name": "codeql/javascript-queries",
        "semanticVersion": "0.8.3+2d9bb1f2f96d8a0e9c6b8b1e4aa3cd5f2ac1c4a0",
        "locations": [{"uri": "file:///opt/hostedtoolcache/CodeQL/2.15.3/"
                       "x64/codeql/qlpacks/codeql/javascript-queries/"
                       "0.8.3/", "description": {"text": "The QL pack "
                       "root directory."}}]}]}
    inv = [{"toolExecutionNotifications": [], "executionSuccessful": True}]
    # The run's members as CodeQL orders them; results are streamed.
    out.write("{\n  \"$schema\" : \"https://json.schemastore.org/"
              "sarif-2.1.0.json\",\n  \"version\" : \"2.1.0\",\n"
              "  \"runs\" : [ {\n    \"tool\" : " + jackson(tool, 2) +
              ",\n    \"invocations\" : " + jackson(inv, 2) +
              ",\n    \"artifacts\" : [ ")
    for i, p in enumerate(paths):
        a = {"location": {"uri": p, "uriBaseId": "%SRCROOT%", "index": i}}
        out.write(("" if i == 0 else ", ") + jackson(a, 2))
    out.write(" ],\n    \"results\" : [ ")
    n = 0
    while out.size < target - 600:
        res = sarif_result(rng, rules, paths, n, long_flows)
        out.write(("" if n == 0 else ", ") + jackson(res, 2))
        n += 1
    tail = {"automationDetails": {"id": "bench/analyze/language:javascript/"},
            "columnKind": "utf16CodeUnits",
            "properties": {"semmle.formatSpecifier": "sarif-latest"}}
    out.write(" ],\n    " + jackson(tail, 1)[1:-1].strip() + "\n  } ]\n}\n")
    out.close()
    return n, out.size


# --------------------------------------------------------------------------
# gitleaks v8 JSON

B62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def rand_b62(rng, n):
    return "".join(rng.choices(B62, k=n))


def rand_b64(rng, nbytes):
    return base64.b64encode(rng.randbytes(nbytes)).decode()


def secret_for(rng, kind):
    """A fake token shaped like the rule's (never a valid credential)."""
    if kind == "aws":
        return "AKIA" + "".join(rng.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", k=16))
    if kind == "ghp":
        return "ghp_" + rand_b62(rng, 36)
    if kind == "gho":
        return "gho_" + rand_b62(rng, 36)
    if kind == "slack":
        return "xoxb-%d-%d-%s" % (rng.randrange(10**11, 10**12),
                      rng.randrange(10**12, 10**13), rand_b62(rng, 24))
    if kind == "stripe":
        return "sk_live_" + rand_b62(rng, 24)
    if kind == "gcp":
        return "AIza" + rand_b62(rng, 35)
    if kind == "jwt":
        return ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." +
            base64.urlsafe_b64encode(rng.randbytes(48)).decode().rstrip("=")
            + "." + base64.urlsafe_b64encode(rng.randbytes(32)).decode()
            .rstrip("="))
    if kind == "pkey":
        body = "\n".join(rand_b64(rng, 48) for _ in range(3))
        return ("-----BEGIN RSA PRIVATE KEY-----\n" + body +
            "\n-----END RSA PRIVATE KEY-----")
    if kind == "npm":
        return "npm_" + rand_b62(rng, 36)
    if kind == "twilio":
        return "SK" + hexs(rng, 32)
    if kind == "sendgrid":
        return "SG." + rand_b62(rng, 22) + "." + rand_b62(rng, 43)
    return rand_b62(rng, rng.randint(20, 40))


GITLEAKS_RULES = [
    ("generic-api-key", "Detected a Generic API Key, potentially exposing access to various services and sensitive operations.", "generic", 0.40),
    ("aws-access-token", "Identified a pattern that may indicate AWS credentials, risking unauthorized cloud resource access and data breaches on AWS platforms.", "aws", 0.08),
    ("github-pat", "Uncovered a GitHub Personal Access Token, potentially leading to unauthorized repository access and sensitive content exposure.", "ghp", 0.08),
    ("github-oauth", "Discovered a GitHub OAuth Access Token, posing a risk of compromised GitHub account integrations and data leaks.", "gho", 0.03),
    ("slack-bot-token", "Identified a Slack Bot token, which may compromise bot integrations and communication channel security.", "slack", 0.05),
    ("stripe-access-token", "Found a Stripe Access Token, posing a risk to payment processing services and sensitive financial data.", "stripe", 0.04),
    ("gcp-api-key", "Uncovered a GCP API key, which could lead to unauthorized access to Google Cloud services and data breaches.", "gcp", 0.06),
    ("jwt", "Uncovered a JSON Web Token, which may lead to unauthorized access to web applications and sensitive user data.", "jwt", 0.10),
    ("private-key", "Identified a Private Key, which may compromise cryptographic security and sensitive data encryption.", "pkey", 0.04),
    ("npm-access-token", "Uncovered an npm access token, potentially compromising package management and code repository access.", "npm", 0.04),
    ("twilio-api-key", "Found a Twilio API Key, posing a risk to communication services and sensitive customer interaction data.", "twilio", 0.04),
    ("sendgrid-api-token", "Detected a SendGrid API token, posing a risk of unauthorized email service operations and data exposure.", "sendgrid", 0.04),
]

MATCH_TEMPLATES = [
    "api_key = \"{s}\"",
    "\"token\": \"{s}\"",
    "export SECRET={s}",
    "const apiKey = '{s}';",
    "Authorization: Bearer {s}",
    "password={s}&user=admin",
    "<add key=\"ApiKey\" value=\"{s}\" />",
    "\"client_secret\":\"{s}\"",
    "DB_URL=postgres://app:{s}@db:5432/app",
    "key: {s}",
]


def gen_gitleaks(path, n, seed):
    rng = random.Random("gitleaks:%d" % seed)
    paths = make_paths(rng, 20000, [".py", ".js", ".env", ".yml", ".json",
                    ".go", ".java", ".tf", ".properties",
                    ".config", ".sh", ".md"],
               ["src", "config", "deploy", "scripts", "test",
                "infra/terraform", "docs", "services/api"], 2)
    commits = []
    for i in range(5000):
        name, email = rng.choice(AUTHORS)
        msg = rng.choice(COMMIT_MESSAGES)
        if "%d" in msg:
            msg = msg % rng.randint(2, 999)
        date = "20%02d-%02d-%02dT%02d:%02d:%02dZ" % (
            rng.randint(18, 24), rng.randint(1, 12), rng.randint(1, 28),
            rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59))
        c = hexs(rng, 40)
        commits.append((c, jstr(c), jstr(name), jstr(email), jstr(date),
                jstr(msg)))
    weights = [r[3] for r in GITLEAKS_RULES]
    rules = [(jstr(r[0]), jstr(r[1]), r[2], r[0]) for r in GITLEAKS_RULES]
    repo = "https://github.com/acme/shop/blob/"
    out = Sink(path)
    if n == 0:
        out.write("[]\n")
        out.close()
        return 0, out.size
    out.write("[\n")
    picks = rng.choices(rules, weights=weights, k=n)
    for i in range(n):
        jrule, jdesc, kind, rid = picks[i]
        secret = secret_for(rng, kind)
        match = rng.choice(MATCH_TEMPLATES).replace("{s}", secret)
        if kind == "pkey":
            match = secret
        c, jc, jname, jemail, jdate, jmsg = commits[rng.randrange(5000)]
        f = paths[rng.randrange(len(paths))]
        line = rng.randint(1, 900)
        endline = line + (4 if kind == "pkey" else 0)
        col = rng.randint(1, 60)
        ent = round(rng.uniform(3.0, 6.0), 6)
        tags = "[]" if rng.random() < 0.9 else "[\n  \"key\",\n  \"API\"\n ]"
        out.write(
            ("" if i == 0 else ",\n") +
            " {\n  \"RuleID\": " + jrule +
            ",\n  \"Description\": " + jdesc +
            ",\n  \"StartLine\": " + str(line) +
            ",\n  \"EndLine\": " + str(endline) +
            ",\n  \"StartColumn\": " + str(col) +
            ",\n  \"EndColumn\": " + str(col + len(match) - 1) +
            ",\n  \"Match\": " + jstr(match) +
            ",\n  \"Secret\": " + jstr(secret) +
            ",\n  \"File\": " + jstr(f) +
            ",\n  \"SymlinkFile\": \"\"" +
            ",\n  \"Commit\": " + jc +
            ",\n  \"Link\": " + jstr("%s%s/%s#L%d" % (repo, c, f, line)) +
            ",\n  \"Entropy\": " + repr(ent) +
            ",\n  \"Author\": " + jname +
            ",\n  \"Email\": " + jemail +
            ",\n  \"Date\": " + jdate +
            ",\n  \"Message\": " + jmsg +
            ",\n  \"Tags\": " + tags +
            ",\n  \"Fingerprint\": " + jstr("%s:%s:%s:%d" % (c, f, rid, line)) +
            "\n }")
    out.write("\n]\n")
    out.close()
    return n, out.size


# --------------------------------------------------------------------------
# Trivy SchemaVersion 2

DEB_PKGS = ("libc6 libssl3 openssl libcurl4 curl zlib1g libxml2 libsqlite3-0 "
        "libgnutls30 libkrb5-3 libgssapi-krb5-2 libldap-2.5-0 libpcre2-8-0 "
        "libsystemd0 libudev1 perl-base tar gzip bash coreutils "
        "libexpat1 libtiff6 libwebp7 libpng16-16 libjpeg62-turbo "
        "libfreetype6 libgcrypt20 libtasn1-6 libnghttp2-14 login passwd "
        "util-linux libblkid1 libmount1 libsmartcols1 ncurses-base "
        "libncursesw6 libtinfo6 libzstd1 liblzma5 libbz2-1.0 git "
        "python3.11 libpython3.11-minimal imagemagick libde265-0 "
        "libaom3 libheif1 libopenjp2-7 libx11-6 libxpm4").split()

LANG_ECOS = [
    # (Target, Type, purl type, data source id/name/url, names)
    ("usr/local/lib/python3.11/site-packages/Django-4.1.2.dist-info/METADATA",
     "python-pkg", "pypi", ("ghsa", "GitHub Security Advisory pip",
                "https://github.com/advisories?query=type%3Areviewed+ecosystem%3Apip"),
     "django requests urllib3 jinja2 werkzeug flask cryptography pyyaml "
     "pillow lxml sqlparse certifi idna setuptools aiohttp".split()),
    ("app/package-lock.json", "npm", "npm",
     ("ghsa", "GitHub Security Advisory npm",
      "https://github.com/advisories?query=type%3Areviewed+ecosystem%3Anpm"),
     "lodash minimist express axios node-fetch semver tough-cookie "
     "json5 qs moment ws follow-redirects jsonwebtoken xml2js ansi-regex "
     "@babel/traverse word-wrap".split()),
    ("app/target/app.jar", "jar", "maven",
     ("ghsa", "GitHub Security Advisory Maven",
      "https://github.com/advisories?query=type%3Areviewed+ecosystem%3Amaven"),
     ["org.springframework:spring-web", "com.fasterxml.jackson.core:jackson-databind",
      "org.apache.logging.log4j:log4j-core", "org.yaml:snakeyaml",
      "commons-io:commons-io", "org.apache.tomcat.embed:tomcat-embed-core",
      "io.netty:netty-codec-http", "com.google.guava:guava"]),
    ("usr/local/bin/app", "gobinary", "golang",
     ("govulndb", "The Go Vulnerability Database", "https://pkg.go.dev/vuln/"),
     ["golang.org/x/net", "golang.org/x/crypto", "google.golang.org/grpc",
      "github.com/docker/docker", "golang.org/x/text", "stdlib"]),
]

DESC_PHRASES = [
    "A flaw was found in {p}", "An issue was discovered in {p} before {v}",
    "{p} through {v} allows remote attackers to",
    "In {p} before {v}, a crafted request can",
]
DESC_TAILS = [
    "cause a denial of service (memory consumption) via a long header value",
    "execute arbitrary code via a crafted serialized object passed to the "
    "parser when untrusted input reaches it",
    "bypass intended access restrictions because the \"path\" parameter is "
    "not normalized before the check",
    "read arbitrary files via ../ sequences in the archive entry name "
    "(\"Zip Slip\")",
    "inject HTTP headers via CRLF sequences (\\r\\n) in the <redirect> URL",
    "trigger a heap-based buffer over-read in the decoding routine & crash",
    "obtain sensitive information from process memory because a buffer is "
    "not cleared",
]
SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"]
SEV_W = [0.08, 0.27, 0.40, 0.20, 0.05]
STATUSES = ["fixed", "affected", "will_not_fix", "fix_deferred"]


def trivy_description(rng, pkg, ver):
    s = rng.choice(DESC_PHRASES).format(p=pkg, v=ver) + " "
    while len(s) < 260:
        s += rng.choice(DESC_TAILS) + ". "
        if len(s) < 260:
            s += "This issue affects " + pkg + " " + ver + " and earlier; "
    return s.strip()


def trivy_vuln(rng, eco, pkg, diffids, osinfo):
    year = rng.randint(2015, 2024)
    cve = "CVE-%d-%d" % (year, rng.randint(1000, 49999))
    major = rng.randint(0, 12)
    inst = "%d.%d.%d" % (major, rng.randint(0, 20), rng.randint(0, 30))
    status = rng.choices(STATUSES, weights=[0.6, 0.3, 0.05, 0.05])[0]
    sev = rng.choices(SEVERITIES, weights=SEV_W)[0]
    v = {}
    if eco is None:
        fam, ver = osinfo
        inst = inst + "-" + str(rng.randint(1, 9)) + "+deb12u" + str(rng.randint(1, 5))
        v["VulnerabilityID"] = cve
        if rng.random() < 0.3:
            v["VendorIDs"] = ["DSA-%d-1" % rng.randint(4000, 5999)]
        v["PkgID"] = pkg + "@" + inst
        v["PkgName"] = pkg
        v["PkgIdentifier"] = {
            "PURL": "pkg:deb/%s/%s@%s?arch=amd64&distro=%s-%s" % (
                fam, pkg, inst.replace("+", "%2B"), fam, ver),
            "UID": hexs(rng, 16)}
        ds = ("debian", "Debian Security Tracker",
              "https://salsa.debian.org/security-tracker-team/security-tracker")
    else:
        target, typ, ptype, ds, names = eco
        if ptype != "golang" and rng.random() < 0.4:
            cve = "GHSA-%s-%s-%s" % tuple(
                "".join(rng.choices("23456789cfghjmpqrvwx", k=4))
                for _ in range(3))
        v["VulnerabilityID"] = cve
        if ptype == "maven":
            g, a = pkg.split(":")
            purl = "pkg:maven/%s/%s@%s" % (g, a, inst)
        elif ptype == "npm" and pkg.startswith("@"):
            purl = "pkg:npm/%s@%s" % (pkg.replace("@", "%40", 1), inst)
        else:
            purl = "pkg:%s/%s@%s" % (ptype, pkg.lower(), inst)
        v["PkgName"] = pkg
        if typ == "python-pkg" or typ == "jar":
            v["PkgPath"] = target
        v["PkgIdentifier"] = {"PURL": purl, "UID": hexs(rng, 16)}
    v["InstalledVersion"] = inst
    if status == "fixed":
        v["FixedVersion"] = "%d.%d.%d" % (major, rng.randint(0, 20) + 1,
                          rng.randint(0, 9))
        if rng.random() < 0.3:
            v["FixedVersion"] += ", %d.0.1" % (major + 1)
    v["Status"] = status
    v["Layer"] = {"Digest": "sha256:" + hexs(rng, 64),
              "DiffID": rng.choice(diffids)}
    v["SeveritySource"] = rng.choice(["nvd", ds[0], "redhat"])
    v["PrimaryURL"] = ("https://avd.aquasec.com/nvd/" + cve.lower()
               if cve.startswith("CVE") else
               "https://github.com/advisories/" + cve)
    v["DataSource"] = {"ID": ds[0], "Name": ds[1], "URL": ds[2]}
    v["Fingerprint"] = "sha256:" + hexs(rng, 64)
    v["Title"] = "%s: %s" % (pkg.split(":")[-1], rng.choice(DESC_TAILS)[:70])
    v["Description"] = trivy_description(rng, pkg, inst)
    v["Severity"] = sev
    v["CweIDs"] = ["CWE-%d" % rng.choice([20, 22, 79, 89, 119, 125, 200,
                          287, 400, 502, 787, 918])
               for _ in range(rng.randint(1, 2))]
    sevnum = {"CRITICAL": 4, "HIGH": 3, "MEDIUM": 2, "LOW": 1, "UNKNOWN": 0}
    v["VendorSeverity"] = {"nvd": sevnum[sev],
                   ds[0]: max(0, sevnum[sev] - rng.randint(0, 1))}
    score = {"CRITICAL": 9.8, "HIGH": 7.5, "MEDIUM": 5.3, "LOW": 3.1,
         "UNKNOWN": 0.0}[sev]
    v["CVSS"] = {"nvd": {
        "V3Vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N",
        "V3Score": score}}
    if rng.random() < 0.5:
        v["CVSS"]["nvd"]["V2Vector"] = "AV:N/AC:L/Au:N/C:P/I:N/A:N"
        v["CVSS"]["nvd"]["V2Score"] = 5.0
    refs = ["https://nvd.nist.gov/vuln/detail/" + cve,
        "https://github.com/advisories/" + cve]
    for _ in range(rng.randint(1, 5)):
        refs.append(rng.choice([
            "https://access.redhat.com/security/cve/%s" % cve,
            "https://security-tracker.debian.org/tracker/%s" % cve,
            "https://ubuntu.com/security/notices/USN-%d-1" % rng.randint(4000, 6999),
            "https://lists.debian.org/debian-lts-announce/%d/%02d/msg%05d.html"
            % (year, rng.randint(1, 12), rng.randint(0, 99999)),
            "https://github.com/%s/commit/%s" % (pkg.split(":")[-1], hexs(rng, 40)),
            "https://www.openwall.com/lists/oss-security/%d/%02d/%02d/%d"
            % (year, rng.randint(1, 12), rng.randint(1, 28), rng.randint(1, 9)),
        ]))
    v["References"] = refs
    v["PublishedDate"] = "%d-%02d-%02dT%02d:15:00Z" % (
        year, rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23))
    v["LastModifiedDate"] = "%d-%02d-%02dT%02d:15:00Z" % (
        min(year + 1, 2024), rng.randint(1, 12), rng.randint(1, 28),
        rng.randint(0, 23))
    return v


def gen_trivy(path, n, seed):
    rng = random.Random("trivy:%d" % seed)
    osinfo = ("debian", "12.4")
    diffids = ["sha256:" + hexs(rng, 64) for _ in range(6)]
    image = "registry.example.com/shop/backend:1.42.0"
    head = {
        "SchemaVersion": 2,
        "Trivy": {"Version": "0.49.1"},
        "CreatedAt": "2024-03-01T10:20:30.123456789Z",
        "ArtifactName": image,
        "ArtifactType": "container_image",
        "Metadata": {
            "Size": 512345678,
            "OS": {"Family": osinfo[0], "Name": osinfo[1]},
            "ImageID": "sha256:" + hexs(rng, 64),
            "DiffIDs": diffids,
            "RepoTags": [image],
            "RepoDigests": ["registry.example.com/shop/backend@sha256:"
                    + hexs(rng, 64)],
            "ImageConfig": {"architecture": "amd64", "os": "linux",
                    "config": {"Env": ["PATH=/usr/local/sbin:"
                               "/usr/local/bin:/usr/sbin:"
                               "/usr/bin:/sbin:/bin"],
                           "WorkingDir": "/app"}},
        },
    }
    out = Sink(path)
    I = 2
    hs = pretty(head, I, 0)
    out.write(hs[:-2] + ",\n  \"Results\": [")
    # Results: the OS packages get 55%, the language ecosystems share the
    # rest; one secret-scan Result carries no Vulnerabilities key at all.
    shares = [0.55, 0.15, 0.12, 0.10, 0.08]
    counts = [int(n * s) for s in shares]
    counts[0] += n - sum(counts)
    targets = [("%s (%s %s)" % (image, osinfo[0], osinfo[1]), "os-pkgs",
            osinfo[0], None, DEB_PKGS)]
    for eco in LANG_ECOS:
        targets.append((eco[0], "lang-pkgs", eco[1], eco, eco[4]))
    total = 0
    for ti, (target, cls, typ, eco, names) in enumerate(targets):
        out.write(("\n    " if ti == 0 else ",\n    ") + "{\n      \"Target\": "
              + jstr(target) + ",\n      \"Class\": " + jstr(cls)
              + ",\n      \"Type\": " + jstr(typ)
              + ",\n      \"Vulnerabilities\": [")
        for k in range(counts[ti]):
            v = trivy_vuln(rng, eco, rng.choice(names), diffids, osinfo)
            text = pretty(v, I, 4)
            if "<" in text or ">" in text or "&" in text:
                # Go's encoder escapes these (only strings hold them)
                text = (text.replace("<", "\\u003c")
                        .replace(">", "\\u003e").replace("&", "\\u0026"))
            out.write(("\n        " if k == 0 else ",\n        ") + text)
            total += 1
        out.write("\n      ]\n    }")
    out.write(",\n    {\n      \"Target\": \"/app/.env.example\",\n"
          "      \"Class\": \"secret\"\n    }")
    out.write("\n  ]\n}\n")
    out.close()
    return total, out.size


# --------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "out"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sarif-mb", type=float, nargs="*", default=[100, 500],
            help="one SARIF file per size in MB (default: 100 500)")
    ap.add_argument("--sarif-sparse-mb", type=float, nargs="*", default=[],
            help="one sparse SARIF file per size in MB: every result has a "
            "code flow of 100-150 steps, ~1/35 the findings per MB")
    ap.add_argument("--gitleaks-n", type=int, default=1000000)
    ap.add_argument("--trivy-n", type=int, default=50000)
    ap.add_argument("--force", action="store_true",
            help="regenerate files that already exist")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)

    def fmt_mb(x):
        return ("%g" % x).replace(".", "_")

    jobs = []
    for mb in a.sarif_mb:
        if mb > 0:
            jobs.append(("sarif-%smb.sarif" % fmt_mb(mb), gen_sarif, mb))
    for mb in a.sarif_sparse_mb:
        if mb > 0:
            jobs.append(("sarif-sparse-%smb.sarif" % fmt_mb(mb),
                         lambda p, m, sd: gen_sarif(p, m, sd, True), mb))
    if a.gitleaks_n > 0:
        jobs.append(("gitleaks-%d.json" % a.gitleaks_n, gen_gitleaks,
                 a.gitleaks_n))
    if a.trivy_n > 0:
        jobs.append(("trivy-%d.json" % a.trivy_n, gen_trivy, a.trivy_n))
    for name, fn, size in jobs:
        path = os.path.join(a.out, name)
        if os.path.exists(path) and not a.force:
            print("exists   %s" % path, file=sys.stderr)
            continue
        t0 = time.time()
        count, nbytes = fn(path, size, a.seed)
        print("wrote    %s: %d findings, %.1f MB in %.1f s" % (
            path, count, nbytes / 1e6, time.time() - t0), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
