#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/CMakeLists.txt) with clang, ASan and
# UBSan, seeds each from the fixtures, and fuzzes every target in turn.
# Usage: fuzz/run.sh [TARGET...]     (default: all targets)
#   FUZZ_SECONDS  total time, shared by the targets (default 120)
# A crash, a leak, a sanitizer report or a broken property (the sanitizer
# and report targets check what they promise) stops the script with the
# reproducer saved under build-fuzz/artifacts/. See fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build-fuzz
total=${FUZZ_SECONDS:-120}
all=(fuzz_ingest fuzz_detect fuzz_gitleaks fuzz_trivy fuzz_pip_audit
	fuzz_sarif fuzz_config fuzz_baseline fuzz_prepush fuzz_sanitize
	fuzz_reports fuzz_dotenv fuzz_sarif_report fuzz_jsondoc)
targets=("$@")
((${#targets[@]})) || targets=("${all[@]}")

CC=clang cmake -S . -B "$out" -DSECGATE_FUZZ=ON -DSECGATE_TESTS=OFF \
	-DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG="-g -O1" >/dev/null
cmake --build "$out" -j"$(nproc)" --target "${targets[@]}" >/dev/null

# seed DIR FILE...: copy the files (64 KiB or less) into a corpus folder.
seed() {
	local dir=$1 f
	shift
	mkdir -p "$dir"
	for f in "$@"; do
		[[ -f $f && $(stat -c %s "$f") -le 65536 ]] || continue
		cp -f "$f" "$dir/$(echo "$f" | tr '/' '_')"
	done
}

corpus() {
	local t=$1 dir=$out/corpus/$1
	case $t in
	fuzz_gitleaks) seed "$dir" fixtures/gitleaks/*/*.json fixtures/demo/gitleaks.json ;;
	fuzz_trivy) seed "$dir" fixtures/trivy/*/*.json fixtures/demo/trivy.json ;;
	fuzz_pip_audit) seed "$dir" fixtures/pip-audit/*/*.json fixtures/demo/pip-audit.json ;;
	fuzz_sarif) seed "$dir" fixtures/sarif/*/*.sarif fixtures/demo/codeql.sarif ;;
	fuzz_sarif_report)
		seed "$dir" fixtures/sarif/*/*.sarif fixtures/demo/codeql.sarif
		# Extras to splice: locations, related locations, code flows.
		cat >"$dir/hand-made.sarif" <<'EOF'
{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"CodeQL","rules":[{"id":"js/xss"}]}},"originalUriBaseIds":{"SRC":{"uri":"file:///repo/"}},"artifacts":[{"location":{"uri":"lib/z.js","uriBaseId":"SRC"}}],"results":[{"ruleId":"js/xss","message":{"text":"see [a](1) and [b](9)"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"src/a b.js"},"region":{"startLine":3}},"logicalLocations":[{"name":"f","kind":"function"}]},{"id":4,"physicalLocation":{"artifactLocation":{"index":0},"region":{"startLine":5}}}],"relatedLocations":[{"id":1,"message":{"text":"\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"x\"}} \u00e9 \u0001"},"physicalLocation":{"artifactLocation":{"uri":"d\u00e9r/\"q\".js","uriBaseId":"SRC"},"region":{"startLine":1,"startColumn":2}}},{"id":2,"physicalLocation":{"artifactLocation":{"index":7}}}],"codeFlows":[{"message":{"text":"flow"},"threadFlows":[{"locations":[{"location":{"physicalLocation":{"artifactLocation":{"uri":"/opt/x.js"}}},"kinds":["call"],"nestingLevel":1},{"location":{"message":{"text":"]}"},"physicalLocation":{"artifactLocation":{"uri":"https://example.com/lib.js"}}}}]}]}]}]}]}
EOF
		;;
	fuzz_detect | fuzz_ingest | fuzz_jsondoc)
		seed "$dir" fixtures/*/*/*.json fixtures/*/*/*.sarif fixtures/demo/* ;;
	fuzz_config) seed "$dir" fixtures/config/*/*.yml fixtures/*.yml fixtures/action/*.yml ;;
	fuzz_baseline)
		seed "$dir" $(find fixtures tests -name '*baseline*.json' 2>/dev/null)
		printf '{"version":1,"entries":[\n{"fingerprint":"sg1:0123456789abcdef0123456789abcdef","tool":"gitleaks","kind":"secret","rule":"r","path":"a","title":"t","added":"2025-01-01"}\n]}\n' \
			>"$dir/hand-made.json" ;;
	fuzz_prepush)
		mkdir -p "$dir"
		printf 'refs/heads/main %040d refs/heads/main %040d\n' 1 2 >"$dir/update"
		printf 'refs/heads/new %040d refs/heads/new %040d\n' 1 0 >"$dir/new-branch"
		printf '(delete) %040d refs/heads/x %040d\n' 0 3 >"$dir/delete" ;;
	fuzz_dotenv) seed "$dir" fixtures/demo/.env.production $(find fixtures tests -name '*.env*' -type f 2>/dev/null) ;;
	fuzz_sanitize | fuzz_reports)
		mkdir -p "$dir"
		printf '::error::x\0##[group]y\0\033[31mred\0\xe2\x80\xaebidi\xe2\x81\xa6\0a|b<c>&d\n::warning::e' \
			>"$dir/hostile"
		printf 'gitleaks\0aws-access-token\0src/a.py\0AWS key\0found in %%0A line\0r.json' >"$dir/plain" ;;
	esac
}

per=$((total / ${#targets[@]}))
((per >= 1)) || per=1
mkdir -p "$out/artifacts"
for t in "${targets[@]}"; do
	corpus "$t"
	echo "== $t (${per} s)"
	rc=0
	"$out/fuzz/$t" -max_total_time="$per" -max_len=65536 -timeout=20 \
		-print_final_stats=1 -artifact_prefix="$out/artifacts/$t-" \
		"$out/corpus/$t" >"$out/$t.log" 2>&1 || rc=$?
	grep -E "^stat::number_of_executed_units|^Done" "$out/$t.log" || true
	if ((rc != 0)); then
		tail -n 40 "$out/$t.log" >&2
		echo "fuzz: $t failed (exit $rc); the input is in $out/artifacts/" >&2
		exit 1
	fi
done
echo "fuzz: ${#targets[@]} targets, ${per} s each, no failure"
