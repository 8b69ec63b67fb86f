#!/usr/bin/env bash
# Installs what secgate needs to build and test on Debian/Ubuntu (apt).
# Usage: scripts/install-deps.sh [--test]
#   without flags: build dependencies only
#   --test: also the test tools (cmocka, jq, python3-jsonschema, flawfinder,
#           nginx and caddy for the headers check's live tests,
#           npm when missing, groff, man-db, zsh and fish for the manual
#           page and completion tests)
set -euo pipefail

want_test=0
for arg in "$@"; do
	case "$arg" in
	--test) want_test=1 ;;
	*) echo "install-deps: unknown argument '$arg'" >&2; exit 2 ;;
	esac
done

build_pkgs=(build-essential cmake pkg-config libssl-dev
	libjansson-dev libxml2-dev libgit2-dev libcurl4-openssl-dev libyaml-dev zlib1g-dev)
test_pkgs=(libcmocka-dev jq python3 python3-jsonschema python3-yaml flawfinder git time xmllint clang
	nginx caddy openssl groff-base man-db zsh fish)
# xmllint ships in libxml2-utils
test_pkgs=("${test_pkgs[@]/xmllint/libxml2-utils}")

pkgs=("${build_pkgs[@]}")
((want_test)) && pkgs+=("${test_pkgs[@]}")
# The real-producer and SARIF Multitool tests install their npm tools with
# npm ci (tests/producers/); Debian's npm only when there is none at all
# (a NodeSource nodejs ships its own npm).
if ((want_test)) && ! command -v npm >/dev/null 2>&1; then
	pkgs+=(npm)
fi

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
	echo "install-deps: all ${#pkgs[@]} packages present"
	exit 0
fi

sudo_cmd=()
[[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
