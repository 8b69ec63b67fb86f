#!/usr/bin/env bash
# bench/run.sh: time `secgate ingest` against jq on large scanner reports.
#
# Generates the corpus (bench/gen_corpus.py) when missing, builds secgate in
# Release into build-bench, then for every input times, in the same run, jq
# doing the equivalent extraction and `secgate ingest` (JSON to /dev/null, and
# JSON to a real file), checks exit codes and finding counts, and prints a
# table with a verdict per input. See bench/README.md.
#
# Usage: bench/run.sh [--quick] [--no-build]
# Env:   BENCH_SARIF_MB="100 500"  BENCH_GITLEAKS_N=1000000  BENCH_TRIVY_N=50000
#        BENCH_OUT (default bench/out)  BENCH_BUILD_DIR (default build-bench)
#        BENCH_RUNS (force the number of runs per input; default 3 for inputs
#        up to 200 MB, 1 above)  BENCH_SEED (default 1)
set -euo pipefail
# The figures are secgate's own work: no OSV lookups (they would measure the
# network, or the resolver's time-outs where there is none).
export SECGATE_OFFLINE=1

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
quick=0
build=1
for arg in "$@"; do
	case $arg in
	--quick) quick=1 ;;
	--no-build) build=0 ;;
	-h | --help)
		sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "run.sh: unknown argument '$arg' (see --help)" >&2
		exit 2
		;;
	esac
done

if [ "$quick" = 1 ]; then
	sarif_mb=${BENCH_SARIF_MB:-10}
	gitleaks_n=${BENCH_GITLEAKS_N:-50000}
	trivy_n=${BENCH_TRIVY_N:-5000}
else
	sarif_mb=${BENCH_SARIF_MB:-100 500}
	gitleaks_n=${BENCH_GITLEAKS_N:-1000000}
	trivy_n=${BENCH_TRIVY_N:-50000}
fi
out=${BENCH_OUT:-$here/out}
build_dir=${BENCH_BUILD_DIR:-$root/build-bench}
seed=${BENCH_SEED:-1}
secgate=$build_dir/secgate
cd "$root" # secgate finds the repository from here, the same for every run
mkdir -p "$out"
out=$(cd "$out" && pwd)

say() { printf '%s\n' "$*" >&2; }
die() { say "run.sh: $*"; exit 2; }

# ---------------------------------------------------------------- tools

command -v jq >/dev/null || die "jq is required (Debian: apt-get install jq)"
command -v python3 >/dev/null || die "python3 is required"
[ -x /usr/bin/time ] && /usr/bin/time -f '%e %M' true 2>/dev/null ||
	die "GNU time is required as /usr/bin/time (Debian: apt-get install time)"

# ---------------------------------------------------------------- corpus

# File names as gen_corpus.py writes them.
inputs=()
gen_args=(--out "$out" --seed "$seed" --sarif-mb)
for mb in $sarif_mb; do
	gen_args+=("$mb")
	inputs+=("$out/sarif-$(printf '%g' "$mb" | tr . _)mb.sarif")
done
gen_args+=(--gitleaks-n "$gitleaks_n" --trivy-n "$trivy_n")
[ "$gitleaks_n" -gt 0 ] && inputs+=("$out/gitleaks-$gitleaks_n.json")
[ "$trivy_n" -gt 0 ] && inputs+=("$out/trivy-$trivy_n.json")
[ ${#inputs[@]} -gt 0 ] || die "nothing to measure"

say "== corpus in $out"
python3 "$here/gen_corpus.py" "${gen_args[@]}"

# ---------------------------------------------------------------- build

if [ "$build" = 1 ]; then
	say "== building secgate (Release) in $build_dir"
	cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release \
		>"$out/build.log" 2>&1 &&
		cmake --build "$build_dir" -j2 >>"$out/build.log" 2>&1 ||
		{ tail -30 "$out/build.log" >&2; die "build failed (see $out/build.log)"; }
fi
[ -x "$secgate" ] || die "$secgate not found (build it, or drop --no-build)"

# ---------------------------------------------------------------- /dev/null
#
# secgate writes reports atomically (temporary file + rename beside the
# destination). Unless it writes device files in place, `--json /dev/null`
# would replace /dev/null itself. Probe with a private copy of the device
# node first; when that node does not survive (or cannot be made), measure
# the same "no disk write" case with `--json -` and stdout on /dev/null.

scratch=$(mktemp -d "$out/.probe.XXXXXX")
cleanup() { rm -rf "$scratch"; }
trap cleanup EXIT
cat >"$scratch/probe.json" <<'EOF'
[
 {
  "RuleID": "generic-api-key",
  "Description": "probe",
  "StartLine": 1, "EndLine": 1, "StartColumn": 1, "EndColumn": 20,
  "Match": "key = FAKEFAKEFAKEFAKE", "Secret": "FAKEFAKEFAKEFAKE",
  "File": "probe.txt", "SymlinkFile": "", "Commit": "", "Entropy": 3.5,
  "Author": "", "Email": "", "Date": "", "Message": "", "Tags": [],
  "Fingerprint": "probe.txt:generic-api-key:1"
 }
]
EOF
null_mode=stdout
if mknod "$scratch/null" c 1 3 2>/dev/null &&
	(cd "$scratch" && "$secgate" ingest --fail-on none \
		--json "$scratch/null" "$scratch/probe.json") \
		>/dev/null 2>&1 && [ -c "$scratch/null" ]; then
	null_mode=devnull
fi
if [ "$null_mode" = devnull ]; then
	null_desc='--json /dev/null'
else
	null_desc='--json - >/dev/null'
	say "note: secgate does not write --json to a device file in place (or"
	say "      the probe could not run); measuring '--json -' with stdout"
	say "      on /dev/null instead of '--json /dev/null'"
fi

# ---------------------------------------------------------------- helpers

# timed OUTFILE CMD...: run CMD with stdout to OUTFILE under GNU time;
# sets t_s (wall seconds), t_cpu (user + system seconds), t_mib (peak RSS,
# MiB) and t_rc (exit code).
timed() {
	local dest=$1 tf=$scratch/time
	shift
	/usr/bin/time -f '%e %U %S %M %x' -o "$tf" "$@" >"$dest" \
		2>"$scratch/stderr" || true
	cat "$scratch/stderr" >>"$out/stderr.log"
	read -r t_s t_user t_sys t_kib t_rc < <(tail -n 1 "$tf")
	t_cpu=$(awk -v u="$t_user" -v s="$t_sys" 'BEGIN { printf "%.2f", u + s }')
	# the first error line, to say why a check failed
	t_err=$(grep -m 1 'error:' "$scratch/stderr" | cut -c 1-200 || true)
	t_mib=$(awk -v k="$t_kib" 'BEGIN { printf "%.1f", k / 1024 }')
}

# add_problem MSG: note a failed check once per input.
add_problem() {
	local p
	for p in "${problems[@]}"; do [ "$p" = "$1" ] && return 0; done
	problems+=("$1")
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
	END { print v[int((NR + 1) / 2)] }'; }

filter_for() {
	case $(basename "$1") in
	sarif-*) echo '.runs[].results[] | [.ruleId, .locations[0].physicalLocation.artifactLocation.uri, .locations[0].physicalLocation.region.startLine, .level]' ;;
	gitleaks-*) echo '.[] | [.RuleID, .File, .StartLine]' ;;
	trivy-*) echo '.Results[].Vulnerabilities[]? | [.VulnerabilityID, .PkgName, .Severity]' ;;
	esac
}

# The input's finding count from secgate's JSON report. `inputs` precedes
# `findings` there, so the streaming form stops early on big reports.
secgate_count() {
	jq -n --stream 'first(inputs | select(length == 2 and
		.[0] == ["inputs", 0, "findings"]) | .[1]) // "missing"' "$1"
}

# ---------------------------------------------------------------- measure

: >"$out/stderr.log"
rows=()
cpu_rows=()
verdicts=()
load_before=$(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo unknown)
failed=0
started=$(date -u '+%Y-%m-%d %H:%M UTC')

for f in "${inputs[@]}"; do
	name=$(basename "$f")
	bytes=$(stat -c %s "$f")
	mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
	filter=$(filter_for "$f")
	if [ -n "${BENCH_RUNS:-}" ]; then
		runs=$BENCH_RUNS
	elif [ "$bytes" -le 200000000 ]; then
		runs=3
	else
		runs=1
	fi
	say "== $name ($mb MB, $runs run(s))"
	cat "$f" >/dev/null # warm the page cache

	problems=()
	jq_count=$(jq -c "$filter" "$f" | wc -l) || jq_count="(jq failed)"
	jq_s=() jq_m=() jq_c=() sn_s=() sn_m=() sn_c=() sf_s=() sf_m=() sf_c=()
	sg_count=
	for ((r = 1; r <= runs; r++)); do
		timed /dev/null jq -c "$filter" "$f"
		[ "$t_rc" = 0 ] || add_problem "jq exited $t_rc"
		jq_s+=("$t_s") jq_m+=("$t_mib") jq_c+=("$t_cpu")
		say "   run $r: jq        ${t_s}s (cpu ${t_cpu}s) ${t_mib} MiB"

		if [ "$null_mode" = devnull ]; then
			timed /dev/null "$secgate" ingest --fail-on none \
				--json /dev/null "$f"
		else
			timed /dev/null "$secgate" ingest --fail-on none \
				--json - "$f"
		fi
		[ "$t_rc" = 0 ] || add_problem "secgate ($null_desc) exited $t_rc: $t_err"
		sn_s+=("$t_s") sn_m+=("$t_mib") sn_c+=("$t_cpu")
		say "   run $r: secgate   ${t_s}s (cpu ${t_cpu}s) ${t_mib} MiB ($null_desc)"

		tmp=$scratch/secgate-out.json
		timed /dev/null "$secgate" ingest --fail-on none --json "$tmp" "$f"
		[ "$t_rc" = 0 ] || add_problem "secgate (--json FILE) exited $t_rc: $t_err"
		sf_s+=("$t_s") sf_m+=("$t_mib") sf_c+=("$t_cpu")
		say "   run $r: secgate   ${t_s}s (cpu ${t_cpu}s) ${t_mib} MiB (--json FILE," \
			"$(stat -c %s "$tmp" 2>/dev/null | awk '{ printf "%.0f", $1 / 1e6 }') MB)"
		if [ "$r" = 1 ]; then
			sg_count=$(secgate_count "$tmp" 2>/dev/null || echo "unreadable")
		fi
		rm -f "$tmp"
	done
	[ "$sg_count" = "$jq_count" ] ||
		add_problem "finding count: secgate $sg_count, jq $jq_count"

	jq_t=$(median "${jq_s[@]}") jq_r=$(median "${jq_m[@]}")
	sn_t=$(median "${sn_s[@]}") sn_r=$(median "${sn_m[@]}")
	sf_t=$(median "${sf_s[@]}") sf_r=$(median "${sf_m[@]}")
	jq_cpu=$(median "${jq_c[@]}") sn_cpu=$(median "${sn_c[@]}")
	sf_cpu=$(median "${sf_c[@]}")
	cpu_ratio=$(awk -v j="$jq_cpu" -v a="$sn_cpu" -v b="$sf_cpu" 'BEGIN {
		printf "%.1fx | %.1fx", (a > 0 ? j / a : 999), (b > 0 ? j / b : 999) }')
	cpu_rows+=("| $name | $jq_cpu | $sn_cpu | $sf_cpu | $cpu_ratio |")
	# ratios; RSS over the input size in the same unit (bytes)
	read -r sp_n sp_f mr_n mr_f < <(awk -v j="$jq_t" -v a="$sn_t" \
		-v b="$sf_t" -v ra="$sn_r" -v rb="$sf_r" -v by="$bytes" 'BEGIN {
		printf "%.1f %.1f %.3f %.3f\n", (a > 0 ? j / a : 999),
			(b > 0 ? j / b : 999), ra * 1048576 / by, rb * 1048576 / by }')
	speed_ok=$(awk -v a="$sp_n" -v b="$sp_f" \
		'BEGIN { print (a >= 3 && b >= 3) ? "PASS" : "MISS" }')
	mem_ok=$(awk -v c="$mr_n" -v d="$mr_f" \
		'BEGIN { print (c <= 0.5 && d <= 0.5) ? "PASS" : "MISS" }')
	rows+=("| $name | $mb | $jq_count | $jq_t | $jq_r | $sn_t | $sn_r | ${sp_n}x | ${mr_n} | $sf_t | $sf_r | ${sp_f}x | ${mr_f} | $runs |")
	if [ ${#problems[@]} -gt 0 ]; then
		v="CHECK FAILED: ${problems[0]}"
		for p in "${problems[@]:1}"; do v="$v | $p"; done
		v="$v."
		failed=1
	else
		v="checks OK (exit 0, $jq_count findings as jq counts)."
	fi
	v="$v Speed $speed_ok: ${sp_n}x jq (${sp_f}x with --json FILE), target ≥ 3x."
	v="$v Memory $mem_ok: peak RSS ${mr_n}× the input (${mr_f}× with --json FILE), target ≤ 0.5×."
	if [ "$bytes" -lt 50000000 ]; then
		# a fixed ~15 MiB start-up cost and process start dominate
		v="$v (Input under 50 MB: targets not judged.)"
	elif [ "$speed_ok$mem_ok" != PASSPASS ]; then
		failed=1
	fi
	verdicts+=("- $name: $v")
	say "   ${verdicts[-1]#- }"
done

# ---------------------------------------------------------------- report

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$root" diff --quiet HEAD 2>/dev/null || commit="$commit+changes"
{
	echo "# secgate ingest benchmark"
	echo
	echo "- date: $started"
	echo "- command: bench/run.sh $*" \
		"(BENCH_SARIF_MB=\"$sarif_mb\" BENCH_GITLEAKS_N=$gitleaks_n BENCH_TRIVY_N=$trivy_n)"
	echo "- machine: $(nproc) CPUs ${cpu:+($cpu)}, $mem; $(uname -sr);" \
		"load average at start $load_before, at end $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null)"
	echo "- secgate: $("$secgate" --version 2>/dev/null | head -n 1) (commit $commit, Release); $(jq --version)"
	echo "- secgate \"to null\" column: \`secgate ingest --fail-on none $null_desc FILE\`;" \
		"\"to file\": \`--json\` to a real file in $out"
	echo "- times in seconds (wall), peak RSS in MiB (GNU time %M), sizes in MB (10^6 bytes); medians of the runs"
	echo
	echo "| input | size MB | findings | jq s | jq MiB | secgate s | secgate MiB | jq/secgate | RSS/input | to file s | to file MiB | jq/secgate | RSS/input | runs |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	printf '%s\n' "${rows[@]}"
	echo
	echo "CPU time (user + system seconds, medians): unlike wall time, it"
	echo "does not grow when other work shares the machine."
	echo
	echo "| input | jq CPU s | secgate CPU s | to file CPU s | jq/secgate | jq/secgate (to file) |"
	echo "|---|---:|---:|---:|---:|---:|"
	printf '%s\n' "${cpu_rows[@]}"
	echo
	echo "Targets (wall time and peak RSS): at least 3x faster than jq; peak RSS at most half the input size."
	echo
	printf '%s\n' "${verdicts[@]}"
} >"$out/results.md"
echo
cat "$out/results.md"
echo
echo "(written to $out/results.md)"
exit $failed
