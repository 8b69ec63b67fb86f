#!/usr/bin/env python3
"""Mutation check: deliberate bugs in the security-relevant code, each of
which the test suite must catch (issue 11, "Tests that can fail").

Each mutant is an exact search/replace in one source file. The driver
copies the working tree (tracked and untracked, not ignored files) into a
scratch directory, builds it once, checks that the relevant tests pass on
the unmutated code, then for each mutant: applies it to the scratch copy,
rebuilds incrementally in the one reused build directory, runs the tests
named for it (ctest -R), and restores the file. A mutant the tests do not
catch, or whose search string no longer occurs exactly once in its file
(the code moved on: update the mutant, never drop it silently), fails the
run (exit 1).

    python3 tests/mutate.py [--work DIR] [--only NAME] [--list] [-j N]

--work keeps the scratch copy and build between runs (faster); without
it a temporary directory is used and removed. The scratch tree sees the
real ../shared through a symbolic link, as the worktree does.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

# (name, file, search, replace, tests). Keep each search string exact and
# unique in its file; tests (ctest names, '|'-separated) must fail on it.
MUTANTS = [
    # Redaction of tool stderr (secgate run).
    ("redact-threshold-plus-one", "include/secgate/redact.h",
     "#define SG_REDACT_ENTROPY_MIN_LEN 16",
     "#define SG_REDACT_ENTROPY_MIN_LEN 17",
     "test_boundaries|boundaries|test_redact"),
    ("redact-threshold-minus-one", "include/secgate/redact.h",
     "#define SG_REDACT_ENTROPY_MIN_LEN 16",
     "#define SG_REDACT_ENTROPY_MIN_LEN 15",
     "test_boundaries|boundaries|test_redact"),
    ("redact-not-applied", "src/cli/cmd_run.c",
     "copy = sg_redact_secrets(text);",
     "copy = strdup(text);",
     "boundaries"),
    # Terminal sanitizer.
    # U+2066-2069 are refused twice (bidi controls, and the invisible
    # range U+2060-206F): a mutant of one check alone is equivalent, so
    # the mutant removes the invisible range's top, which only it covers.
    ("sanitize-invisible-206a-206f", "src/util/sanitize.c",
     "(cp >= 0x2060 && cp <= 0x206F)",
     "(cp >= 0x2060 && cp <= 0x2069)",
     "test_boundaries|test_sanitize_commands"),
    ("sanitize-alm-061c", "src/util/sanitize.c",
     "cp == 0x200F || cp == 0x061C)",
     "cp == 0x200F)",
     "test_boundaries"),
    ("sanitize-rlm-200f", "src/util/sanitize.c",
     "cp == 0x200E || cp == 0x200F ||",
     "cp == 0x200E ||",
     "test_boundaries"),
    ("sanitize-c1-csi", "src/util/sanitize.c",
     "if (cp >= 0x80 && cp <= 0x9F)",
     "if (cp >= 0x80 && cp <= 0x9A)",
     "test_boundaries|test_report_github"),
    # JUnit XML writer.
    ("junit-bidi-isolate-2066", "src/report/report_junit.c",
     "(c >= 0x2066 && c <= 0x2069)",
     "(c >= 0x2067 && c <= 0x2069)",
     "boundaries|test_report_junit"),
    ("junit-lrm-200e", "src/report/report_junit.c",
     "c == 0x200E || c == 0x200F",
     "c == 0x200F",
     "boundaries|test_report_junit"),
    # GitHub workflow commands.
    ("gh-newline-unescaped", "src/report/report_github.c",
     'fputs(*s == \'\\r\' ? "%0D" : "%0A", out);',
     "fputc(*s, out);",
     "test_report_github"),
    ("gh-percent-unescaped", "src/report/report_github.c",
     'fputs("%25", out);',
     "fputc('%', out);",
     "test_report_github"),
    ("runner-marker-kept", "src/util/sanitize.c",
     "((p[1] == '#' && p[2] == '[') ||",
     "((0) ||",
     "test_sanitize_commands|test_report_github"),
    # Markdown cells.
    ("md-pipe-unescaped", "src/report/report_markdown.c",
     "\t\tcase '\\\\':\n\t\tcase '|':\n",
     "\t\tcase '\\\\':\n",
     "test_report_markdown"),
    ("md-lt-unescaped", "src/report/report_markdown.c",
     'sg_strbuf_add(b, "&lt;");',
     'sg_strbuf_addn(b, "<", 1);',
     "test_report_markdown"),
    # Suppression expiry.
    ("expiry-inclusive-last-second", "src/gate/policy.c",
     "p->now >= s->expires_end",
     "p->now > s->expires_end",
     "boundaries|test_policy"),
    ("expiry-start-of-day", "src/config/dates.c",
     "*end_of_day_utc = (days_from_civil(y, m, d) + 1) * DAY_SECONDS;",
     "*end_of_day_utc = days_from_civil(y, m, d) * DAY_SECONDS;",
     "boundaries|test_policy|test_config"),
    ("expiry-a-day-late", "src/config/dates.c",
     "*end_of_day_utc = (days_from_civil(y, m, d) + 1) * DAY_SECONDS;",
     "*end_of_day_utc = (days_from_civil(y, m, d) + 2) * DAY_SECONDS;",
     "boundaries|test_policy|test_config"),
    # Fail-closed exits.
    ("verdict-ignores-failed-input", "src/gate/policy.c",
     "\tif (failed_inputs)\n\t\treturn SG_VERDICT_ERROR;",
     "\tif (0 && failed_inputs)\n\t\treturn SG_VERDICT_ERROR;",
     "cli|test_policy"),
    ("unreadable-report-not-counted", "src/gate/pipeline.c",
     "sg_print_error(p->inputs[i].error);\n\t\t\tp->failed_inputs++;",
     "sg_print_error(p->inputs[i].error);",
     "cli|boundaries"),
    ("run-unreadable-report-not-counted", "src/gate/pipeline.c",
     "index) < 0) {\n\t\tp->failed_inputs++;\n\t\t/* Name the tool",
     "index) < 0) {\n\t\t/* Name the tool",
     "boundaries"),
    # Limits.
    ("input-cap-file-off-by-one", "src/model/jsonstream.c",
     "if ((uint64_t)st.st_size > js->max_input) {",
     "if ((uint64_t)st.st_size >= js->max_input) {",
     "boundaries"),
    ("input-cap-stream-off-by-one", "src/model/jsonstream.c",
     "if (js->total_read > js->max_input)",
     "if (js->total_read > js->max_input + 1)",
     "boundaries"),
    ("nesting-depth-one-more", "include/secgate/jsonstream.h",
     "#define SG_JS_MAX_DEPTH 512",
     "#define SG_JS_MAX_DEPTH 513",
     "boundaries"),
    ("annotations-one-more", "src/report/report_github.c",
     "if (errors < SG_GITHUB_MAX_ANNOTATIONS) {\n\t\t\tannotation(",
     "if (errors <= SG_GITHUB_MAX_ANNOTATIONS) {\n\t\t\tannotation(",
     "boundaries|test_report_github"),
    # Atomic writes.
    ("atomic-rename-after-failed-flush", "src/util/atomic_file.c",
     "if (!failed && rename(af->tmp, af->dest) != 0)",
     "if (rename(af->tmp, af->dest) != 0 && !failed)",
     "boundaries|test_boundaries"),
    ("atomic-rename-failure-ignored", "src/util/atomic_file.c",
     "if (!failed && rename(af->tmp, af->dest) != 0)\n"
     "\t\tfailed = 1, err = errno;",
     "if (!failed && rename(af->tmp, af->dest) != 0)\n"
     "\t\t(void)0;",
     "test_boundaries"),
    # Diff scoping.
    ("diff-unmapped-ecosystem-outside", "src/git/gitdiff.c",
     "if (!known_ecosystem(sg_finding_cold(f)->package.ecosystem))\n"
     "\t\t\treturn true;",
     "if (!known_ecosystem(sg_finding_cold(f)->package.ecosystem))\n"
     "\t\t\treturn false;",
     "test_boundaries|test_gitdiff"),
    ("diff-path-without-line-hidden", "src/git/gitdiff.c",
     "if (!l->start_line)\n\t\treturn sg_diff_file_changed(d, l->path);",
     "if (!l->start_line)\n\t\treturn false;",
     "test_boundaries|test_gitdiff"),
    ("diff-no-path-hidden", "src/git/gitdiff.c",
     "if (!l->path)\n\t\treturn true;",
     "if (!l->path)\n\t\treturn false;",
     "test_boundaries|test_gitdiff"),
    # Baseline writes.
    ("baseline-written-despite-failed-input", "src/cli/cmd_baseline.c",
     "if (rc == 0 && p.failed_inputs) {",
     "if (rc == 0 && p.failed_inputs && 0) {",
     "boundaries|first_contact|cli"),
    # Secrets: only ever hashed, never in a message.
    ("gitleaks-secret-in-message", "adapters/gitleaks.c",
     "make_message(set, sc, f->title, loc.path)",
     "make_message(set, sc, f->title, secret ? secret->str : loc.path)",
     "leak_sinks|cli"),
    # Producer suppressions.
    ("producer-suppression-one-rejected", "adapters/sarif.c",
     "if (status && strcmp(status->u.string, \"accepted\"))\n"
     "\t\t\tall_accepted = false;",
     "if (status && strcmp(status->u.string, \"accepted\") && 0)\n"
     "\t\t\tall_accepted = false;",
     "test_sarif|identity_merge_core"),
    ("producer-suppression-merged-partial", "src/gate/dedupe.c",
     "if (cmp_str(ps, c->producer_suppression) != 0 || !ps)\n"
     "\t\t\tc->producer_suppression = NULL;",
     "if (cmp_str(ps, c->producer_suppression) != 0 || !ps)\n"
     "\t\t\t(void)0;",
     "test_dedupe|test_merge|identity_merge_core"),
]


def run(cmd, cwd=None, quiet=True):
    return subprocess.run(cmd, cwd=cwd, text=True,
                          stdout=subprocess.PIPE if quiet else None,
                          stderr=subprocess.STDOUT if quiet else None)


def copy_tree(source, dest):
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others",
         "--exclude-standard"], cwd=source, check=True,
        stdout=subprocess.PIPE).stdout.split(b"\0")
    for rel in files:
        if not rel:
            continue
        rel = rel.decode()
        src = os.path.join(source, rel)
        if not os.path.isfile(src):
            continue  # deleted in the working tree
        dst = os.path.join(dest, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        with open(src, "rb") as f:
            data = f.read()
        old = None
        if os.path.exists(dst):
            with open(dst, "rb") as f:
                old = f.read()
        if old != data:  # keep mtimes of unchanged files: incremental
            shutil.copyfile(src, dst)  # a new mtime: make rebuilds it
            shutil.copymode(src, dst)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", default=os.path.dirname(
        os.path.dirname(os.path.abspath(__file__))))
    ap.add_argument("--work", help="scratch directory kept between runs")
    ap.add_argument("--only", action="append", help="run this mutant only")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("-j", "--jobs", default=str(os.cpu_count() or 2))
    a = ap.parse_args()

    if a.list:
        for m in MUTANTS:
            print(f"{m[0]:40} {m[1]}")
        return 0
    mutants = [m for m in MUTANTS if not a.only or m[0] in a.only]
    if a.only and len(mutants) != len(a.only):
        print("mutate: unknown mutant in --only", file=sys.stderr)
        return 2

    work = a.work or tempfile.mkdtemp(prefix="secgate-mutate.")
    tree, build = os.path.join(work, "src"), os.path.join(work, "build")
    start = time.monotonic()
    try:
        os.makedirs(tree, exist_ok=True)
        copy_tree(a.source, tree)
        shared = os.path.realpath(os.path.join(a.source, "..", "shared"))
        link = os.path.join(work, "shared")
        if os.path.isdir(shared) and not os.path.lexists(link):
            os.symlink(shared, link)

        # Every search string must occur exactly once, before anything runs.
        drift = []
        for name, path, search, _, _ in mutants:
            with open(os.path.join(tree, path)) as f:
                count = f.read().count(search)
            if count != 1:
                drift.append(f"{name}: {path}: search string found {count} "
                             f"times (expected once): update the mutant")
        if drift:
            print("mutate: FAILED: mutants no longer apply:\n  " +
                  "\n  ".join(drift), file=sys.stderr)
            return 1

        r = run(["cmake", "-S", tree, "-B", build,
                 "-DCMAKE_BUILD_TYPE=Debug"])
        if r.returncode:
            print(r.stdout, file=sys.stderr)
            return 1

        def build_and_test(regex):
            # Only what the tests run: the binary and their own programs.
            targets = ["secgate"] + [t for t in regex.split("|")
                                     if t.startswith("test_")]
            r = run(["cmake", "--build", build, "-j", a.jobs, "--target",
                     *targets])
            if r.returncode:
                return "build failed", r.stdout
            r = run(["ctest", "--test-dir", build, "-R", f"^({regex})$",
                     "-j", a.jobs, "--output-on-failure"])
            if "No tests were found" in r.stdout:
                return "no tests matched " + regex, r.stdout
            return ("pass" if r.returncode == 0 else "fail"), r.stdout

        # The tests must pass on the real code, or a failure proves nothing.
        regex = "|".join(sorted({t for m in mutants
                                 for t in m[4].split("|")}))
        env_skips = os.environ.get("SECGATE_NO_SKIPS")
        status, out = build_and_test(regex)
        if status != "pass":
            print(out, file=sys.stderr)
            print(f"mutate: FAILED: the tests do not pass on the unmutated "
                  f"code ({status})", file=sys.stderr)
            return 1
        if env_skips == "1" and "***Skipped" in out:
            print(out, file=sys.stderr)
            print("mutate: FAILED: a test was skipped", file=sys.stderr)
            return 1
        print(f"mutate: baseline green ({time.monotonic() - start:.0f}s)")

        survivors = []
        for name, path, search, replace, regex in mutants:
            t0 = time.monotonic()
            full = os.path.join(tree, path)
            with open(full) as f:
                original = f.read()
            try:
                with open(full, "w") as f:
                    f.write(original.replace(search, replace, 1))
                status, out = build_and_test(regex)
            finally:
                with open(full, "w") as f:
                    f.write(original)
            caught = status == "fail"
            print(f"mutate: {name:40} {'caught' if caught else status.upper()}"
                  f" ({time.monotonic() - t0:.0f}s)", flush=True)
            if not caught:
                survivors.append(name)
                if status != "pass":
                    print(out, file=sys.stderr)
        # Rebuild the real code so a kept --work tree is left unmutated.
        run(["cmake", "--build", build, "-j", a.jobs])
        total = time.monotonic() - start
        print(f"mutate: {len(mutants)} mutants, "
              f"{len(mutants) - len(survivors)} caught, "
              f"{len(survivors)} survived, {total:.0f}s")
        if survivors:
            print("mutate: FAILED: not caught: " + ", ".join(survivors),
                  file=sys.stderr)
            return 1
        return 0
    finally:
        if not a.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
