#!/usr/bin/env python3
"""`cmake --install` and what it installs: bin/secgate, the manual page
secgate(1) (docs/secgate.1) and the bash, zsh and fish completions
(completions/).

The drift checks read the real binary's `secgate --help` and
`secgate help COMMAND`: every command and every long option printed there
must be in the manual page and completed by the bash completion (run in
bash), and be in the zsh and fish completions; every environment variable
the sources read (getenv) must be in the manual page. An option added
without them fails here, naming it.

Needs bash; groff (groff-base) renders the page, zsh and fish check their
completions (each check is skipped, visibly, when its tool is missing).
"""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

ARGS = None


def secgate(*argv):
    return subprocess.run([ARGS.secgate, *argv], capture_output=True,
                          text=True, env=dict(os.environ, NO_COLOR="1"))


def listed_commands():
    """The commands under "Commands:" in `secgate --help`."""
    out = secgate("--help").stdout
    m = re.search(r"^Commands:\n((?:  \S.*\n)+)", out, re.M)
    assert m, "no Commands: list in secgate --help:\n" + out
    return [line.split()[0] for line in m.group(1).splitlines()]


def help_options(command):
    """The long options `secgate help COMMAND` prints: in its usage lines
    and at the start of its indented option lines."""
    p = secgate("help", command)
    text = p.stdout + p.stderr
    opts = set()
    usage, _, rest = text.partition("\n\n")
    if usage.startswith("usage:"):
        # Only the forms of this command ("secgate version | secgate
        # --version" gives `version` no option).
        for form in usage.split("secgate ")[1:]:
            if form.split()[:1] == [command]:
                opts.update(re.findall(r"--[a-z][a-z0-9-]*", form))
    # Option lines: "  --name ARG  text", "  -n, --name ARG  text",
    # "  --a, --b  text": the options before the description.
    for m in re.finditer(r"(?m)^ {2,}(-\S.*?)(?: {2,}|$)", rest):
        opts.update(re.findall(r"--[a-z][a-z0-9-]*", m.group(1)))
    # `run` takes every option of `ingest` but --tool.
    if re.search(r"every option of 'ingest' but --tool", text):
        opts.update(help_options("ingest") - {"--tool"})
    return opts


def man_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read().replace("\\-", "-").replace("\\&", "")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


# Completes one command line in an interactive zsh on a pseudo-terminal
# (zsh/zpty) with compinit and the completion's folder on fpath, and prints
# each match: compadd is wrapped to echo what it adds, and TAB is bound to
# a widget that completes, then prints a marker, so the matches are read
# only once the completion has run. The markers are printed split
# ("<READ""Y>") so that the terminal's echo of the typed line never
# matches them.
ZSH_DRIVER = r"""
zmodload zsh/zpty || exit 77
zpty z zsh -f -i
zpty -w z "PS1='' RPROMPT=''"
zpty -w z "fpath=(${(q)1} \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z 'compadd() {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi
  local -a hits; builtin compadd -A hits "$@"
  local h; for h in $hits; do print -r -- "<HIT>$h"; done
  builtin compadd "$@"; }'
zpty -w z 'complete-and-mark() { zle complete-word; print -r -- "<COMPLE""TED>"; }'
zpty -w z 'zle -N complete-and-mark; bindkey "^I" complete-and-mark'
zpty -w z 'print -r -- "<READ""Y>"'
zpty -r -m z out '*<READY>*' || exit 3
zpty -n -w z "$2"$'\t'
zpty -r -m z out '*<COMPLETED>*' || exit 3
print -r -- "$out" | grep -a '<HIT>' | sed 's/.*<HIT>//; s/\r$//' | sort -u
zpty -d z
"""


def zsh_complete(folder, line):
    p = subprocess.run(["zsh", "-f", "-c", ZSH_DRIVER, "zsh", folder, line],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, "zsh: %s" % p.stderr
    return sorted(w for w in p.stdout.splitlines() if w)


def env_settable_keys():
    """SECGATE_<KEY> for each configuration key of `secgate config show`
    that the environment sets (its origin becomes "env")."""
    line_re = re.compile(r'^([a-z_]+): (.*?)  # from: default$', re.M)
    names = []
    with tempfile.TemporaryDirectory() as d:
        env = dict((k, v) for k, v in os.environ.items()
                   if not k.startswith("SECGATE_"))
        shown = subprocess.run([ARGS.secgate, "config", "show"], cwd=d,
                               env=env, capture_output=True, text=True)
        assert shown.returncode == 0, shown.stderr
        for key, value in line_re.findall(shown.stdout):
            var = "SECGATE_" + key.upper()
            p = subprocess.run([ARGS.secgate, "config", "show"], cwd=d,
                               env=dict(env, **{var: value.strip('"')}),
                               capture_output=True, text=True)
            if re.search(r"(?m)^%s: .*# from: env$" % key, p.stdout):
                names.append(var)
    return names


def bash_complete(script, words, cwd=None):
    """COMPREPLY for the command line `words` (the last one is being
    completed), from the completion script run in plain bash."""
    prog = ('source "$1"; shift; COMP_WORDS=("$@"); '
            'COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); '
            'COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}; '
            '_secgate; printf "%s\\n" "${COMPREPLY[@]}"')
    p = subprocess.run(["bash", "--norc", "--noprofile", "-c", prog, "_",
                        script, *words], capture_output=True, text=True,
                       cwd=cwd)
    assert p.returncode == 0, p.stderr
    assert p.stderr == "", p.stderr
    return [w for w in p.stdout.splitlines() if w]


class Install(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._tmp = tempfile.TemporaryDirectory(prefix="install-test.")
        cls.prefix = os.path.join(cls._tmp.name, "prefix")
        p = subprocess.run(["cmake", "--install", ARGS.build_dir,
                            "--prefix", cls.prefix],
                           capture_output=True, text=True)
        cls.install_output = p
        share = os.path.join(cls.prefix, "share")
        cls.bin = os.path.join(cls.prefix, "bin", "secgate")
        cls.man = os.path.join(share, "man", "man1", "secgate.1")
        cls.bash = os.path.join(share, "bash-completion", "completions",
                                "secgate")
        cls.zsh = os.path.join(share, "zsh", "site-functions", "_secgate")
        cls.fish = os.path.join(share, "fish", "vendor_completions.d",
                                "secgate.fish")

    @classmethod
    def tearDownClass(cls):
        cls._tmp.cleanup()

    def test_install__puts_every_file_in_place(self):
        p = self.install_output
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        for path in (self.bin, self.man, self.bash, self.zsh, self.fish):
            self.assertTrue(os.path.isfile(path), path)
        self.assertTrue(os.access(self.bin, os.X_OK))
        v = subprocess.run([self.bin, "--version"], capture_output=True,
                           text=True)
        self.assertEqual(v.returncode, 0)
        self.assertRegex(v.stdout, r"^secgate \d+\.\d+\.\d+\n")
        # The installed copies are the repository's files.
        for installed, source in ((self.man, "docs/secgate.1"),
                                  (self.bash, "completions/secgate.bash"),
                                  (self.zsh, "completions/_secgate"),
                                  (self.fish, "completions/secgate.fish")):
            self.assertEqual(read(installed),
                             read(os.path.join(ARGS.source, source)))

    def test_install__man_finds_the_page(self):
        if not shutil.which("man"):
            self.skipTest("man (man-db) is not installed")
        p = subprocess.run(["man", "-w", "secgate"], capture_output=True,
                           text=True, env=dict(os.environ, MANPATH=os.path.join(
                               self.prefix, "share", "man")))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(os.path.realpath(p.stdout.strip()),
                         os.path.realpath(self.man))


class ManPage(unittest.TestCase):
    page = None

    @classmethod
    def setUpClass(cls):
        cls.page = os.path.join(ARGS.source, "docs", "secgate.1")
        cls.text = man_text(cls.page)

    def test_man__renders_without_warnings(self):
        if not shutil.which("groff"):
            self.skipTest("groff is not installed (Debian: groff-base)")
        p = subprocess.run(["groff", "-man", "-ww", "-Tutf8", "-z",
                            self.page], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stderr, "", "groff warns about docs/secgate.1")
        p = subprocess.run(["groff", "-man", "-Tutf8", "-P", "-cbou",
                            self.page], capture_output=True, text=True)
        self.assertIn("EXIT STATUS", p.stdout)
        self.assertIn("secgate - a security gate", p.stdout)

    def test_man__uses_only_known_requests(self):
        # A syntax check that needs no groff: every request is a man macro
        # or a basic roff request, and the title line is complete.
        known = {"TH", "SH", "SS", "TP", "TQ", "PP", "P", "LP", "IP", "RS",
                 "RE", "B", "I", "BR", "BI", "IR", "IB", "RB", "RI", "SY",
                 "YS", "EX", "EE", "br", "sp", "nf", "fi", "UR", "UE",
                 "in", "ad", "na"}
        with open(self.page, encoding="utf-8") as f:
            lines = f.read().splitlines()
        self.assertRegex(lines[[i for i, l in enumerate(lines)
                                if l.startswith(".TH")][0]],
                         r'^\.TH SECGATE 1 \S+ "secgate [0-9.]+" ')
        for n, line in enumerate(lines, 1):
            if line.startswith(".\\\"") or not line.startswith("."):
                continue
            name = line[1:].split()[0] if line[1:].split() else ""
            self.assertIn(name, known, "docs/secgate.1:%d: %s" % (n, line))

    def test_man__names_the_binarys_version(self):
        version = secgate("--version").stdout.split("\n")[0].split()[1]
        th = re.search(r"(?m)^\.TH .*$", self.text).group(0)
        self.assertRegex(th, r'^\.TH SECGATE 1 \S+ "secgate %s"'
                         % re.escape(version), "docs/secgate.1's .TH line "
                         "must name the version (CMakeLists.txt project())")

    def test_man__has_the_sections(self):
        for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS",
                        "OPTIONS", "EXIT STATUS", "ENVIRONMENT"):
            self.assertRegex(self.text, r"(?m)^\.SH \"?%s\"?$" % section)

    def test_man__every_exit_code(self):
        exit_section = self.text.split(".SH EXIT STATUS")[1].split(".SH")[0]
        for code in "0123":
            self.assertRegex(exit_section, r"(?m)^\.B %s$" % code)

    def test_man__every_command_and_option(self):
        missing = []
        for command in listed_commands():
            if not re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(command),
                             self.text):
                missing.append(command)
            for opt in sorted(help_options(command)):
                if not re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(opt),
                                 self.text):
                    missing.append("%s %s" % (command, opt))
        self.assertEqual(missing, [], "not in docs/secgate.1")

    def test_man__every_environment_variable(self):
        names = set()
        for path in glob.glob(os.path.join(ARGS.source, "src", "**", "*.c"),
                              recursive=True) + glob.glob(
                os.path.join(ARGS.source, "adapters", "*.c")):
            names.update(re.findall(r'\b(?:getenv|env)\("([A-Z][A-Z0-9_]*)"\)',
                                    read(path)))
        self.assertIn("NO_COLOR", names)  # the scan found the sources
        # The configuration keys that SECGATE_<KEY> sets: those whose
        # origin `config show` then gives as env.
        names.update(env_settable_keys())
        self.assertIn("SECGATE_FAIL_ON", names)
        env_section = self.text.split(".SH ENVIRONMENT")[1].split(".SH")[0]
        missing = sorted(n for n in names if not re.search(
            r"(?<![\w-])%s(?![\w-])" % n, env_section))
        self.assertEqual(missing, [], "not in ENVIRONMENT of docs/secgate.1")


class BashCompletion(unittest.TestCase):
    script = None

    @classmethod
    def setUpClass(cls):
        cls.script = os.path.join(ARGS.source, "completions", "secgate.bash")

    def complete(self, *words, cwd=None):
        return bash_complete(self.script, list(words), cwd=cwd)

    def test_bash__every_command_and_option(self):
        commands = listed_commands()
        self.assertEqual(sorted(self.complete("secgate", "")),
                         sorted(commands + ["--help", "--version"]))
        missing = []
        for command in commands:
            offered = set(self.complete("secgate", command, "--"))
            for opt in sorted(help_options(command)):
                if opt not in offered:
                    missing.append("%s %s" % (command, opt))
        self.assertEqual(missing, [], "not completed by "
                         "completions/secgate.bash")

    def test_bash__values(self):
        self.assertEqual(self.complete("secgate", "ingest", "--fail-on", ""),
                         ["critical", "high", "medium", "low", "info",
                          "none"])
        self.assertEqual(self.complete("secgate", "ingest", "--fail-on=h"),
                         ["high"])
        # COMP_WORDBREAKS splits --fail-on=h into three words.
        self.assertEqual(self.complete("secgate", "ingest", "--fail-on",
                                       "=", "m"), ["medium"])
        self.assertEqual(self.complete("secgate", "ingest", "--tool", "p"),
                         ["pip-audit"])
        self.assertEqual(self.complete("secgate", "baseline", "--tool", ""),
                         ["gitleaks", "trivy", "pip-audit", "codeql",
                          "sarif"])
        self.assertEqual(self.complete("secgate", "run", "--color", "a"),
                         ["auto", "always"])
        self.assertEqual(self.complete("secgate", "run", "--tools",
                                       "gitleaks,t"), ["gitleaks,trivy"])
        self.assertEqual(self.complete("secgate", "run", "--tools", "h"),
                         ["headers"])
        self.assertEqual(self.complete("secgate", "baseline", "--checks",
                                       "env,"), ["env,env", "env,headers"])
        self.assertEqual(self.complete("secgate", "baseline", "--tool",
                                       "trivy", ""),
                         ["create", "update", "prune"])
        self.assertEqual(self.complete("secgate", "config", ""),
                         ["validate", "show"])
        self.assertEqual(self.complete("secgate", "hook", "u"),
                         ["uninstall"])
        self.assertEqual(self.complete("secgate", "help", "up"),
                         ["upload-sarif"])

    def test_bash__report_file_names(self):
        with tempfile.TemporaryDirectory() as d:
            for name in ("leaks.json", "trivy.json", "codeql.sarif"):
                open(os.path.join(d, name), "w").close()
            os.mkdir(os.path.join(d, "out"))
            self.assertEqual(sorted(self.complete("secgate", "ingest", "",
                                                  cwd=d)),
                             ["codeql.sarif", "leaks.json", "out",
                              "trivy.json"])
            self.assertEqual(self.complete("secgate", "ingest", "--json",
                                           "tr", cwd=d), ["trivy.json"])
            self.assertEqual(self.complete("secgate", "baseline", "prune",
                                           "le", cwd=d), ["leaks.json"])
            self.assertEqual(self.complete("secgate", "run", "--evidence",
                                           "", cwd=d), ["out"])
            self.assertEqual(self.complete("secgate", "upload-sarif", "c",
                                           cwd=d), ["codeql.sarif"])


class OtherShells(unittest.TestCase):
    def options_missing(self, text, pattern):
        missing = []
        for command in listed_commands():
            if not re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(command),
                             text):
                missing.append(command)
            for opt in sorted(help_options(command)):
                if not re.search(pattern % re.escape(opt[2:]), text):
                    missing.append("%s %s" % (command, opt))
        return missing

    def test_zsh__syntax_and_options(self):
        path = os.path.join(ARGS.source, "completions", "_secgate")
        text = read(path)
        self.assertTrue(text.startswith("#compdef secgate\n"))
        self.assertEqual(self.options_missing(text, r"'(?:\([^)]*\))?--%s[=\[]"),
                         [], "not in completions/_secgate")
        if not shutil.which("zsh"):
            self.skipTest("zsh is not installed: completions not run")
        p = subprocess.run(["zsh", "-n", path], capture_output=True,
                           text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        folder = os.path.dirname(path)
        self.assertEqual(zsh_complete(folder, "secgate "),
                         sorted(listed_commands()))
        self.assertEqual(zsh_complete(folder, "secgate ingest --fail-on "),
                         sorted(["critical", "high", "medium", "low", "info",
                                 "none"]))
        self.assertEqual(zsh_complete(folder, "secgate run --tools "),
                         sorted(["gitleaks", "trivy", "pip-audit",
                                 "codeql", "env", "headers"]))
        self.assertEqual(zsh_complete(folder, "secgate baseline "),
                         ["create", "prune", "update"])
        for command in listed_commands():
            offered = set(zsh_complete(folder, "secgate %s --" % command))
            self.assertEqual(sorted(help_options(command) - offered), [],
                             "zsh: secgate %s" % command)

    def test_fish__completes(self):
        path = os.path.join(ARGS.source, "completions", "secgate.fish")
        self.assertEqual(self.options_missing(read(path), r" -l %s\b"), [],
                         "not in completions/secgate.fish")
        if not shutil.which("fish"):
            self.skipTest("fish is not installed: completions not run")

        def complete(line):
            p = subprocess.run(["fish", "--no-config", "-c",
                                "source $argv[1]; complete -C $argv[2]",
                                path, line], capture_output=True, text=True)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(p.stderr, "")
            return sorted(w.split("\t")[0] for w in p.stdout.splitlines())

        self.assertEqual(complete("secgate "), sorted(listed_commands()))
        self.assertEqual(complete("secgate ingest --fail-on "),
                         sorted(["critical", "high", "medium", "low", "info",
                                 "none"]))
        self.assertEqual(complete("secgate ingest --tool "),
                         sorted(["gitleaks", "trivy", "pip-audit", "codeql",
                                 "sarif"]))
        for command in listed_commands():
            offered = set(complete("secgate %s --" % command))
            self.assertEqual(sorted(help_options(command) - offered), [],
                             "fish: secgate %s" % command)


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--secgate", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--build-dir", required=True)
    ARGS, rest = parser.parse_known_args()
    for name in ("secgate", "source", "build_dir"):
        setattr(ARGS, name, os.path.abspath(getattr(ARGS, name)))
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
