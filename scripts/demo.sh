#!/usr/bin/env bash
# The README's main command: installs what secgate needs, builds it, and
# gates the bundled demo reports (fixtures/demo/), as a CI job would.
# The demo has blocking findings on purpose: secgate exits 1, and this
# script says so and exits 0. Any other exit code is a real failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
mkdir -p build/demo
set +e
./build/secgate ingest --config fixtures/demo/secgate.yml --offline \
	--explain --json build/demo/findings.json \
	fixtures/demo/gitleaks.json fixtures/demo/trivy.json \
	fixtures/demo/pip-audit.json fixtures/demo/codeql.sarif
code=$?
set -e
echo
case $code in
1) echo "demo: the gate failed (exit 1) on the demo's blocking findings, as intended;"
   echo "demo: the normalized findings are in build/demo/findings.json"
   echo "demo: the release checklist (the env and headers checks): scripts/demo-release.sh" ;;
*) echo "demo: unexpected exit code $code" >&2; exit 1 ;;
esac
