#!/usr/bin/env bash
# The README's test command: installs the build and test dependencies,
# builds with warnings as errors, and runs every test (ctest).
# Set BUILD_DIR and pass CMake options to test another configuration.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --test
bash scripts/build.sh "$@"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure -j"$(nproc)" |
	tee "$log"
# A skipped test checked nothing. CI has every dependency, so there
# (SECGATE_NO_SKIPS=1, set by .ci/run) a skip is a failure.
if [[ ${SECGATE_NO_SKIPS:-0} == 1 ]] && grep -q -E '\*\*\*Skipped|\(Skipped\)|Not Run' "$log"; then
	echo "test.sh: tests were skipped (SECGATE_NO_SKIPS=1): every test must run here" >&2
	exit 1
fi
