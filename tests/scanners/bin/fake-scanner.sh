#!/bin/sh
# Stand-in for gitleaks, trivy and pip-audit in tests/run_test.py: checks it
# was called with the documented machine-readable arguments, writes a
# report copied from fixtures/, or misbehaves as FAKE_<TOOL> asks:
#   ok | clean | exit2 | segv | sleep | truncated | nothing | secret | badargs
#   | zerocommits (gitleaks: a clean report of 0 commits)
# It is linked under each tool's name; $0 says which tool it plays.
tool=$(basename "$0")
var=$(echo "FAKE_$tool" | tr 'a-z-' 'A-Z_')
eval "mode=\${$var:-ok}"
fixtures=${FAKE_FIXTURES:?FAKE_FIXTURES must point at fixtures/demo}
log=${FAKE_LOG:-/dev/null}
echo "$tool $*" >>"$log"

fail_args() {
	echo "fake $tool: unexpected arguments: $*" >&2
	exit 99
}

case $tool in
gitleaks)
	[ "$1" = version ] && { echo "v8.21.2"; exit 0; }
	case " $* " in *" --verbose "*|*" -v "*) fail_args "$@" ;; esac
	[ "$1" = dir ] || [ "$1" = git ] || fail_args "$@"
	report=
	while [ $# -gt 0 ]; do
		case $1 in
		--report-path) report=$2; shift ;;
		--report-format) [ "$2" = json ] || fail_args "$@"; shift ;;
		--exit-code) [ "$2" = 42 ] || fail_args "$@"; shift ;;
		esac
		shift
	done
	[ -n "$report" ] || fail_args
	src=$fixtures/gitleaks.json found=42 ;;
trivy)
	[ "$1" = --version ] && { echo "Version: 0.57.0"; exit 0; }
	[ "$1" = fs ] || fail_args "$@"
	report=
	while [ $# -gt 0 ]; do
		case $1 in
		--output) report=$2; shift ;;
		--format) [ "$2" = json ] || fail_args "$@"; shift ;;
		--exit-code) [ "$2" = 0 ] || fail_args "$@"; shift ;;
		esac
		shift
	done
	[ -n "$report" ] || fail_args
	src=$fixtures/trivy.json found=0 ;;
pip-audit)
	[ "$1" = --version ] && { echo "pip-audit 2.7.3"; exit 0; }
	report=
	while [ $# -gt 0 ]; do
		case $1 in
		-o) report=$2; shift ;;
		-f) [ "$2" = json ] || fail_args "$@"; shift ;;
		esac
		shift
	done
	[ -n "$report" ] || fail_args
	src=$fixtures/pip-audit.json found=1 ;;
*)
	fail_args "$@" ;;
esac

case $mode in
ok) cp "$src" "$report"; exit $found ;;
clean) if [ "$tool" = trivy ]; then
		printf '{"SchemaVersion": 2, "ArtifactName": "."}\n' >"$report"
	elif [ "$tool" = pip-audit ]; then
		printf '{"dependencies": [], "fixes": []}\n' >"$report"
	else
		printf '[]\n' >"$report"
	fi
	exit 0 ;;
exit2) echo "fake $tool: something broke" >&2; exit 2 ;;
segv) kill -SEGV $$ ;;
sleep) sleep 60 ;;
truncated) head -c 200 "$src" >"$report"; exit $found ;;
nothing) exit 0 ;;
zerocommits) printf '[]\n' >"$report"
	echo "1:02PM INF 0 commits scanned." >&2
	echo "1:02PM INF no leaks found" >&2
	exit 0 ;;
secret) echo "fake $tool: found AKIAFAKEFAKESECRET0042 in config" >&2
	echo "fake $tool: token ghp_fakeFAKEfake0123456789abcdefABCDEF" >&2
	exit 2 ;;
esac
exit 98
