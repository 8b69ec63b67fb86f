#!/usr/bin/env bash
# bench/run.sh: measure secgate against issue 16's goals, with jq as the
# yardstick measured in the same run.
#
# Generates the corpus (bench/gen_corpus.py) when missing, builds secgate in
# Release into build-bench, then, interleaved and with a warm page cache:
#  - every large input: jq's extraction, `secgate ingest` alone (JSON to
#    /dev/null) and the whole gate with all four reports to real files;
#  - the same on a tiny report of each kind (the fixed base of time and
#    memory), for growth and memory per finding;
#  - the small reports users mostly have (the demo, the 1.7 MB Semgrep SARIF),
#    many times each, against a baseline command and, when BENCH_REFERENCE is
#    set, against that secgate.
# It checks exit codes and finding counts (equal to jq's), prints the tables
# and one verdict per goal. See bench/README.md.
#
# Usage: bench/run.sh [--quick] [--no-build]
#   --quick      small inputs: checks and tables only, the goals are shown
#                but do not fail the run (the smoke test in .ci/run)
#   --no-build   use the secgate already in BENCH_BUILD_DIR
# Env:   BENCH_SARIF_MB="10 100 500"  BENCH_GITLEAKS_N=1000000
#        BENCH_TRIVY_N=50000  BENCH_SARIF_SPARSE_MB=100 (few findings for
#        the bytes: memory against input size)  (quick: "2 10", 20000,
#        5000, 5)
#        BENCH_REFERENCE: another secgate to compare on the small reports:
#        an executable, or a git revision of this repository (built in
#        Release under BENCH_OUT)
#        BENCH_NOISE (default 0.03): how far above the reference's median
#        the small-report times may land and still count as "no slower"
#        BENCH_JUDGE=wall|cpu (default wall): which time the ratio goals
#        are judged on (growth is always judged on CPU time)
#        BENCH_RUNS (runs per large input; default 5 up to 20 MB, 3 up to
#        200 MB, 1 above; quick: 1)
#        BENCH_SMALL_RUNS (runs per small report; default 20, quick 5)
#        BENCH_OUT (default bench/out)  BENCH_BUILD_DIR (default build-bench)
#        BENCH_FIXTURES (the real reports; default ../shared/fixtures/real
#        beside the clone)  BENCH_SEED (default 1)
# Exit:  0 every check passed and, on a full run, every goal was met;
#        1 a check failed, or a goal was missed or could not be judged on a
#        full run; 2 tools missing, bad arguments or the build failed.
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

# Issue 16's goals. Ratios are secgate's time over jq's in the same run
# (lower is better); sizes in bytes.
goal_ingest=0.12    # SARIF: ingest alone, at most this share of jq's time
goal_gate=0.25      # SARIF: ingest + gate + all four reports
goal_gate_mib=64    # the 100 MB SARIF, all four reports: peak RSS in MiB
goal_gitleaks=0.15  # gitleaks: ingest alone
goal_per_finding=200 # bytes of peak RSS per finding above the fixed base
goal_linear=0.10    # growth: CPU seconds per MB may vary this much
noise=${BENCH_NOISE:-0.03}
judge=${BENCH_JUDGE:-wall}

if [ "$quick" = 1 ]; then
	sarif_mb=${BENCH_SARIF_MB:-2 10}
	sparse_mb=${BENCH_SARIF_SPARSE_MB-5}
	gitleaks_n=${BENCH_GITLEAKS_N:-20000}
	trivy_n=${BENCH_TRIVY_N:-5000}
	small_runs=${BENCH_SMALL_RUNS:-5}
	large_runs=${BENCH_RUNS:-1}
	base_runs=3
else
	sarif_mb=${BENCH_SARIF_MB:-10 100 500}
	sparse_mb=${BENCH_SARIF_SPARSE_MB-100}
	gitleaks_n=${BENCH_GITLEAKS_N:-1000000}
	trivy_n=${BENCH_TRIVY_N:-50000}
	small_runs=${BENCH_SMALL_RUNS:-20}
	large_runs=${BENCH_RUNS:-}
	base_runs=5
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
case $judge in wall | cpu) ;; *) die "BENCH_JUDGE=$judge: wall or cpu" ;; esac

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
gen_args+=(--sarif-sparse-mb)
for mb in $sparse_mb; do
	gen_args+=("$mb")
	inputs+=("$out/sarif-sparse-$(printf '%g' "$mb" | tr . _)mb.sarif")
done
gen_args+=(--gitleaks-n "$gitleaks_n" --trivy-n "$trivy_n")
[ "$gitleaks_n" -gt 0 ] && inputs+=("$out/gitleaks-$gitleaks_n.json")
[ "$trivy_n" -gt 0 ] && inputs+=("$out/trivy-$trivy_n.json")
[ ${#inputs[@]} -gt 0 ] || die "nothing to measure"

say "== corpus in $out"
python3 "$here/gen_corpus.py" "${gen_args[@]}"

# ---------------------------------------------------------------- build

# build_release SRC DIR LOG: configure and build secgate in Release.
build_release() {
	cmake -S "$1" -B "$2" -DCMAKE_BUILD_TYPE=Release >"$3" 2>&1 &&
		cmake --build "$2" -j2 >>"$3" 2>&1 ||
		{ tail -30 "$3" >&2; die "build failed (see $3)"; }
}

if [ "$build" = 1 ]; then
	say "== building secgate (Release) in $build_dir"
	build_release "$root" "$build_dir" "$out/build.log"
fi
[ -x "$secgate" ] || die "$secgate not found (build it, or drop --no-build)"

# The reference: an executable, or a revision built from `git archive`
# (no checkout, no worktree: nothing shared with other clones is touched).
reference=
reference_desc=
if [ -n "${BENCH_REFERENCE:-}" ]; then
	if [ -f "$BENCH_REFERENCE" ] && [ -x "$BENCH_REFERENCE" ]; then
		reference=$(cd "$(dirname "$BENCH_REFERENCE")" && pwd)/$(basename "$BENCH_REFERENCE")
		reference_desc="$reference ($("$reference" --version 2>/dev/null | head -n 1 || true))"
	elif rev=$(git -C "$root" rev-parse --verify --quiet "$BENCH_REFERENCE^{commit}"); then
		ref_dir=$out/reference-${rev:0:12}
		if [ ! -x "$ref_dir/build/secgate" ]; then
			say "== building the reference $BENCH_REFERENCE (${rev:0:12}) in $ref_dir"
			rm -rf "$ref_dir"
			mkdir -p "$ref_dir/src"
			git -C "$root" archive "$rev" | tar -x -C "$ref_dir/src"
			build_release "$ref_dir/src" "$ref_dir/build" "$ref_dir/build.log"
		fi
		reference=$ref_dir/build/secgate
		reference_desc="$BENCH_REFERENCE = commit ${rev:0:12}, Release ($reference)"
	else
		die "BENCH_REFERENCE=$BENCH_REFERENCE is neither an executable nor a git revision"
	fi
fi

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
null_json=(--json -)
null_desc='--json - >/dev/null'
if mknod "$scratch/null" c 1 3 2>/dev/null &&
	(cd "$scratch" && "$secgate" ingest --fail-on none \
		--json "$scratch/null" "$scratch/probe.json") \
		>/dev/null 2>&1 && [ -c "$scratch/null" ]; then
	null_json=(--json /dev/null)
	null_desc='--json /dev/null'
else
	say "note: secgate does not write --json to a device file in place (or"
	say "      the probe could not run); measuring '--json -' with stdout"
	say "      on /dev/null instead of '--json /dev/null'"
fi

# ---------------------------------------------------------------- helpers

# timed OUTFILE CMD...: run CMD with stdout to OUTFILE (bench/timeit.py);
# sets t_s (wall seconds), t_cpu (user + system seconds), t_kib and t_mib
# (peak RSS), t_rc (exit code) and t_err (its first error line).
timed() {
	local dest=$1
	shift
	: >"$scratch/stderr"
	read -r t_s t_user t_sys t_kib t_rc < <(python3 "$here/timeit.py" \
		--stdout "$dest" --stderr "$scratch/stderr" -- "$@") ||
		{ t_s=0 t_user=0 t_sys=0 t_kib=0 t_rc="(timeit.py failed)"; }
	cat "$scratch/stderr" >>"$out/stderr.log"
	t_cpu=$(awk -v u="$t_user" -v s="$t_sys" 'BEGIN { printf "%.6f", u + s }')
	t_err=$(grep -m 1 'error:' "$scratch/stderr" | cut -c 1-200 || true)
	t_mib=$(awk -v k="$t_kib" 'BEGIN { printf "%.1f", k / 1024 }')
}

# check OK MSG: note MSG as a failed check unless OK is 1.
problems=()
check() {
	[ "$1" = 1 ] && return 0
	local p
	for p in "${problems[@]}"; do [ "$p" = "$2" ] && return 0; done
	problems+=("$2")
	say "   CHECK FAILED: $2"
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
	END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# calc EXPR [VAR=VALUE...]: an awk expression, printed.
calc() {
	local e=$1 a=()
	shift
	for v in "$@"; do a+=(-v "$v"); done
	awk "${a[@]}" "BEGIN { print ($e) }"
}

kind_of() {
	case $(basename "$1") in
	sarif-* | *.sarif) echo sarif ;;
	gitleaks-*) echo gitleaks ;;
	trivy-*) echo trivy ;;
	esac
}

filter_for() {
	case $1 in
	sarif) echo '.runs[].results[] | [.ruleId, .locations[0].physicalLocation.artifactLocation.uri, .locations[0].physicalLocation.region.startLine, .level]' ;;
	gitleaks) echo '.[] | [.RuleID, .File, .StartLine]' ;;
	trivy) echo '.Results[].Vulnerabilities[]? | [.VulnerabilityID, .PkgName, .Severity]' ;;
	esac
}

# What secgate counts as findings, for counting only (the timed extraction
# reads vulnerabilities alone; the large Trivy corpus has nothing else).
count_filter_for() {
	case $1 in
	trivy) echo '.Results[] | (.Vulnerabilities[]?, .Misconfigurations[]?, .Secrets[]?)' ;;
	*) filter_for "$1" ;;
	esac
}

# The total finding count from secgate's JSON report. `inputs` precedes
# `findings` there, so the streaming form stops early on big reports.
secgate_count() {
	jq -r -n --stream '[label $stop | foreach inputs as $e (0;
		if $e[0][0] == "inputs" then 1 elif . == 1 then 2 else . end;
		if . == 2 then break $stop
		elif . == 1 and ($e | length == 2 and ($e[0] | length == 3 and
			.[2] == "findings")) then $e[1]
		else empty end)] | if length > 0 then add else "missing" end' \
		"$1" 2>/dev/null || echo unreadable
}

# The tiny report of each kind whose cost is the fixed base.
tiny_for() {
	case $1 in
	sarif) echo fixtures/demo/codeql.sarif ;;
	gitleaks) echo fixtures/demo/gitleaks.json ;;
	trivy) echo fixtures/demo/trivy.json ;;
	esac
}

gate_files() {
	printf '%s\n' --json "$1.json" --junit "$1.xml" --sarif "$1.sarif" --markdown "$1.md"
}

# measure3 NAME FILE KIND RUNS: jq, ingest alone and the whole gate on FILE,
# interleaved, RUNS times; medians into the M_* arrays under NAME.
declare -A M_JQ_S M_JQ_CPU M_JQ_MIB M_IN_S M_IN_CPU M_IN_KIB M_GA_S M_GA_CPU \
	M_GA_KIB M_COUNT M_JQ_COUNT M_RUNS M_LOAD
measure3() {
	local name=$1 f=$2 kind=$3 runs=$4 r filter gate
	local js=() jc=() jm=() is=() ic=() ik=() gs=() gc=() gk=()
	filter=$(filter_for "$kind")
	gate=$out/gate
	mapfile -t gate_args < <(gate_files "$gate")
	cat "$f" >/dev/null # warm the page cache
	M_LOAD[$name]=$(cut -d ' ' -f 1 /proc/loadavg 2>/dev/null || echo ?)
	for ((r = 1; r <= runs; r++)); do
		timed "$scratch/jq.out" jq -c "$filter" "$f"
		check "$([ "$t_rc" = 0 ] && echo 1)" "$name: jq exited $t_rc"
		if [ "$r" = 1 ]; then
			M_JQ_COUNT[$name]=$(wc -l <"$scratch/jq.out")
			# a tiny Trivy report may hold misconfigurations too
			[[ $name == base-* ]] &&
				M_JQ_COUNT[$name]=$(jq -c "$(count_filter_for "$kind")" "$f" | wc -l)
		fi
		js+=("$t_s") jc+=("$t_cpu") jm+=("$t_mib")
		say "   run $r: jq       ${t_s}s (cpu ${t_cpu}s) ${t_mib} MiB"

		timed /dev/null "$secgate" ingest --fail-on none "${null_json[@]}" "$f"
		check "$([ "$t_rc" = 0 ] && echo 1)" "$name: secgate ($null_desc) exited $t_rc: $t_err"
		is+=("$t_s") ic+=("$t_cpu") ik+=("$t_kib")
		say "   run $r: ingest   ${t_s}s (cpu ${t_cpu}s) ${t_mib} MiB ($null_desc)"

		rm -f "$gate".*
		timed /dev/null "$secgate" ingest --fail-on none "${gate_args[@]}" "$f"
		check "$([ "$t_rc" = 0 ] && echo 1)" "$name: secgate (four reports) exited $t_rc: $t_err"
		gs+=("$t_s") gc+=("$t_cpu") gk+=("$t_kib")
		say "   run $r: gate     ${t_s}s (cpu ${t_cpu}s) ${t_mib} MiB (four reports," \
			"$(cat "$gate".* 2>/dev/null | wc -c | awk '{ printf "%.0f", $1 / 1e6 }') MB)"
		if [ "$r" = 1 ]; then
			M_COUNT[$name]=$(secgate_count "$gate.json")
			local x
			for x in json xml sarif md; do
				check "$([ -s "$gate.$x" ] && echo 1)" "$name: the $x report is missing or empty"
			done
		fi
		rm -f "$gate".*
	done
	M_JQ_S[$name]=$(median "${js[@]}") M_JQ_CPU[$name]=$(median "${jc[@]}")
	M_JQ_MIB[$name]=$(median "${jm[@]}")
	M_IN_S[$name]=$(median "${is[@]}") M_IN_CPU[$name]=$(median "${ic[@]}")
	M_IN_KIB[$name]=$(median "${ik[@]}")
	M_GA_S[$name]=$(median "${gs[@]}") M_GA_CPU[$name]=$(median "${gc[@]}")
	M_GA_KIB[$name]=$(median "${gk[@]}")
	M_RUNS[$name]=$runs
	check "$([ "${M_COUNT[$name]}" = "${M_JQ_COUNT[$name]}" ] && echo 1)" \
		"$name: finding count: secgate ${M_COUNT[$name]}, jq ${M_JQ_COUNT[$name]}"
}

mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
r2() { awk -v x="$1" 'BEGIN { printf "%.2f", x }'; }
r3() { awk -v x="$1" 'BEGIN { printf "%.3f", x }'; }
ms() { awk -v x="$1" 'BEGIN { printf "%.1f", x * 1000 }'; }

# ---------------------------------------------------------------- measure

: >"$out/stderr.log"
load_before=$(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo unknown)
started=$(date -u '+%Y-%m-%d %H:%M UTC')

# The fixed base: the tiny report of each kind present, 5 runs.
declare -A kinds=()
for f in "${inputs[@]}"; do kinds[$(kind_of "$f")]=1; done
for kind in sarif gitleaks trivy; do
	[ -n "${kinds[$kind]:-}" ] || continue
	tiny=$(tiny_for "$kind")
	say "== base: $tiny (tiny $kind report, $base_runs runs)"
	measure3 "base-$kind" "$tiny" "$kind" "$base_runs"
done

sarif_names=() sparse_names=()
declare -A M_BYTES
for f in "${inputs[@]}"; do
	name=$(basename "$f")
	kind=$(kind_of "$f")
	bytes=$(stat -c %s "$f")
	if [ -n "$large_runs" ]; then
		runs=$large_runs
	elif [ "$bytes" -le 20000000 ]; then
		runs=5
	elif [ "$bytes" -le 200000000 ]; then
		runs=3
	else
		runs=1
	fi
	M_BYTES[$name]=$bytes
	case $name in
	sarif-sparse-*) sparse_names+=("$name") ;;
	sarif-*) sarif_names+=("$name") ;;
	esac
	say "== $name ($(calc 'b / 1e6' b="$bytes") MB, $runs run(s))"
	measure3 "$name" "$f" "$kind" "$runs"
done

# ---------------------------------------------------------------- small reports
#
# The reports users mostly have: startup included, many runs, interleaved
# with a baseline command (jq reading the same files) and the reference.

fixtures_real=${BENCH_FIXTURES:-}
if [ -z "$fixtures_real" ]; then
	for d in "$root/../shared/fixtures/real" "$root/../../shared/fixtures/real"; do
		[ -f "$d/PROVENANCE.md" ] && { fixtures_real=$(cd "$d" && pwd); break; }
	done
fi
semgrep=
if [ -n "$fixtures_real" ] && [ -f "$fixtures_real/PROVENANCE.md" ]; then
	# the first row whose path says semgrep and 1.7MB
	semgrep=$(awk -F'`' '$2 ~ /semgrep.*1\.7MB/ { print $2; exit }' \
		"$fixtures_real/PROVENANCE.md")
	[ -n "$semgrep" ] && semgrep=$fixtures_real/$semgrep
fi

small_names=()
declare -A S_BASE_MS S_SG_MS S_SG_CPU S_SG_MIB S_REF_MS S_REF_CPU \
	S_JQ_COUNT S_SG_COUNT S_REF_COUNT
overheads=()
# measure_small NAME EXPECTED_RC: runs sm_base (the baseline command) and
# secgate with sm_args (@OUT@ in them: a scratch path for the reports), and
# the reference with the same arguments, small_runs times; checks the exit
# code and that the count equals jq's over sm_files with sm_filters.
measure_small() {
	local sn=$1 want=$2 n=0 i c r who bin o label a
	local bs=() ss=() sc=() sm=() rs=() rc=() order args
	small_names+=("$sn")
	say "== small report: $sn ($small_runs runs each)"
	for i in "${!sm_files[@]}"; do
		c=$(jq -c "${sm_filters[$i]}" "${sm_files[$i]}" | wc -l)
		n=$((n + c))
	done
	S_JQ_COUNT[$sn]=$n
	cat "${sm_files[@]}" >/dev/null
	for ((r = 1; r <= small_runs; r++)); do
		timed /dev/null true
		overheads+=("$t_s")
		timed /dev/null "${sm_base[@]}"
		check "$([ "$t_rc" = 0 ] && echo 1)" "$sn: the baseline (${sm_base[0]}) exited $t_rc"
		bs+=("$t_s")
		# secgate and the reference alternate which goes first
		order=(sg)
		if [ -n "$reference" ]; then
			if ((r % 2)); then order=(sg ref); else order=(ref sg); fi
		fi
		for who in "${order[@]}"; do
			bin=$secgate label=secgate
			[ "$who" = ref ] && bin=$reference label="the reference"
			o=$scratch/small-$who
			args=()
			for a in "${sm_args[@]}"; do args+=("${a//@OUT@/$o}"); done
			rm -f "$o".*
			timed /dev/null "$bin" "${args[@]}"
			check "$([ "$t_rc" = "$want" ] && echo 1)" \
				"$sn: $label exited $t_rc (expected $want): $t_err"
			if [ "$who" = sg ]; then
				ss+=("$t_s") sc+=("$t_cpu") sm+=("$t_mib")
				[ "$r" = 1 ] && S_SG_COUNT[$sn]=$(secgate_count "$o.json")
			else
				rs+=("$t_s") rc+=("$t_cpu")
				[ "$r" = 1 ] && S_REF_COUNT[$sn]=$(secgate_count "$o.json")
			fi
			rm -f "$o".*
		done
	done
	S_BASE_MS[$sn]=$(ms "$(median "${bs[@]}")")
	S_SG_MS[$sn]=$(ms "$(median "${ss[@]}")") S_SG_CPU[$sn]=$(ms "$(median "${sc[@]}")")
	S_SG_MIB[$sn]=$(awk -v x="$(median "${sm[@]}")" 'BEGIN { printf "%.1f", x }')
	check "$([ "${S_SG_COUNT[$sn]}" = "$n" ] && echo 1)" \
		"$sn: finding count: secgate ${S_SG_COUNT[$sn]}, jq $n"
	say "   secgate ${S_SG_MS[$sn]} ms (cpu ${S_SG_CPU[$sn]} ms), baseline ${S_BASE_MS[$sn]} ms"
	if [ -n "$reference" ]; then
		S_REF_MS[$sn]=$(ms "$(median "${rs[@]}")") S_REF_CPU[$sn]=$(ms "$(median "${rc[@]}")")
		check "$([ "${S_REF_COUNT[$sn]}" = "$n" ] && echo 1)" \
			"$sn: finding count: the reference ${S_REF_COUNT[$sn]}, jq $n"
		say "   reference ${S_REF_MS[$sn]} ms (cpu ${S_REF_CPU[$sn]} ms)"
	fi
}

# The demo: scripts/demo.sh's command. It blocks on purpose (exit 1).
sm_files=(fixtures/demo/gitleaks.json fixtures/demo/trivy.json
	fixtures/demo/pip-audit.json fixtures/demo/codeql.sarif)
sm_filters=("$(count_filter_for gitleaks)" "$(count_filter_for trivy)"
	'.dependencies[].vulns[]?' "$(count_filter_for sarif)")
sm_base=(jq -c . "${sm_files[@]}")
sm_args=(ingest --config fixtures/demo/secgate.yml --offline --explain
	--json @OUT@.json "${sm_files[@]}")
measure_small demo 1

# The 1.7 MB Semgrep SARIF, with the four reports.
if [ -n "$semgrep" ] && [ -f "$semgrep" ]; then
	sm_files=("$semgrep")
	sm_filters=("$(filter_for sarif)")
	sm_base=(jq -c "$(filter_for sarif)" "$semgrep")
	sm_args=(ingest --fail-on none --json @OUT@.json --junit @OUT@.xml
		--sarif @OUT@.sarif --markdown @OUT@.md "$semgrep")
	measure_small semgrep-1.7mb 0
else
	say "note: the 1.7 MB Semgrep SARIF of ../shared/fixtures/real was not" \
		"found (set BENCH_FIXTURES); measuring the demo only"
fi

# ---------------------------------------------------------------- verdicts

verdicts=()
missed=0
# goal OK TEXT: one verdict line; OK is 1 (PASS), 0 (MISS) or "" (not judged).
goal() {
	case $1 in
	1) verdicts+=("- PASS: $2") ;;
	0) verdicts+=("- MISS: $2"); missed=1 ;;
	*) verdicts+=("- NOT JUDGED: $2"); missed=1 ;;
	esac
}
le() { awk -v a="$1" -v b="$2" 'BEGIN { print ((a <= b) ? 1 : 0) }'; }

# the large-input table
rows=() cpu_rows=() base_rows=()
declare -A RATIO_IN RATIO_GA CRATIO_IN CRATIO_GA
ordered=()
for kind in sarif gitleaks trivy; do
	[ -n "${kinds[$kind]:-}" ] && ordered+=("base-$kind")
done
for f in "${inputs[@]}"; do ordered+=("$(basename "$f")"); done
for name in "${ordered[@]}"; do
	ri=$(calc 'j > 0 ? a / j : 999' a="${M_IN_S[$name]}" j="${M_JQ_S[$name]}")
	rg=$(calc 'j > 0 ? a / j : 999' a="${M_GA_S[$name]}" j="${M_JQ_S[$name]}")
	ci=$(calc 'j > 0 ? a / j : 999' a="${M_IN_CPU[$name]}" j="${M_JQ_CPU[$name]}")
	cg=$(calc 'j > 0 ? a / j : 999' a="${M_GA_CPU[$name]}" j="${M_JQ_CPU[$name]}")
	RATIO_IN[$name]=$ri RATIO_GA[$name]=$rg CRATIO_IN[$name]=$ci CRATIO_GA[$name]=$cg
	if [[ $name == base-* ]]; then
		base_rows+=("| $(tiny_for "${name#base-}") | ${M_COUNT[$name]} | $(ms "${M_JQ_S[$name]}") | $(ms "${M_IN_S[$name]}") | $(ms "${M_GA_S[$name]}") | $(ms "${M_IN_CPU[$name]}") | $(ms "${M_GA_CPU[$name]}") | $(mib "${M_IN_KIB[$name]}") | $(mib "${M_GA_KIB[$name]}") |")
		continue
	fi
	mb=$(calc 'b / 1e6' b="${M_BYTES[$name]}")
	rows+=("| $name | $(r2 "$mb") | ${M_JQ_COUNT[$name]} | $(r2 "${M_JQ_S[$name]}") | $(r2 "${M_IN_S[$name]}") | **$(r3 "$ri")** | $(r2 "${M_GA_S[$name]}") | **$(r3 "$rg")** | $(mib "${M_IN_KIB[$name]}") | $(mib "${M_GA_KIB[$name]}") | ${M_JQ_MIB[$name]} | ${M_RUNS[$name]} | ${M_LOAD[$name]} |")
	cpu_rows+=("| $name | $(r2 "${M_JQ_CPU[$name]}") | $(r2 "${M_IN_CPU[$name]}") | $(r3 "$ci") | $(r2 "${M_GA_CPU[$name]}") | $(r3 "$cg") |")
done

# SARIF: the ratios on every input of 50 MB or more; RSS on the 100 MB one
judged_sarif=0
for name in "${sarif_names[@]}"; do
	[ "${M_BYTES[$name]}" -ge 50000000 ] || continue
	judged_sarif=1
	ri=${RATIO_IN[$name]} rg=${RATIO_GA[$name]}
	if [ "$judge" = cpu ]; then ji=${CRATIO_IN[$name]} jg=${CRATIO_GA[$name]}; else ji=$ri jg=$rg; fi
	goal "$(le "$ji" "$goal_ingest")" "$name: ingest alone takes $(r3 "$ri") of jq's wall time ($(r2 "${M_IN_S[$name]}") s / $(r2 "${M_JQ_S[$name]}") s), $(r3 "${CRATIO_IN[$name]}") of its CPU time; goal ≤ $goal_ingest ($judge)"
	goal "$(le "$jg" "$goal_gate")" "$name: ingest + gate + four reports take $(r3 "$rg") of jq's wall time ($(r2 "${M_GA_S[$name]}") s / $(r2 "${M_JQ_S[$name]}") s), $(r3 "${CRATIO_GA[$name]}") of its CPU time; goal ≤ $goal_gate ($judge)"
	if [ "${M_BYTES[$name]}" -le 200000000 ]; then
		goal "$(le "$(mib "${M_GA_KIB[$name]}")" "$goal_gate_mib")" "$name: peak RSS with four reports $(mib "${M_GA_KIB[$name]}") MiB; goal ≤ $goal_gate_mib MiB"
	fi
done
[ "$judged_sarif" = 1 ] || goal "" "SARIF time and memory goals: no SARIF input of 50 MB or more (set BENCH_SARIF_MB)"

# gitleaks: ratio and bytes per finding above the tiny report's RSS
gl_name=
for f in "${inputs[@]}"; do [ "$(kind_of "$f")" = gitleaks ] && gl_name=$(basename "$f"); done
if [ -n "$gl_name" ]; then
	ri=${RATIO_IN[$gl_name]} ji=$ri
	[ "$judge" = cpu ] && ji=${CRATIO_IN[$gl_name]}
	goal "$(le "$ji" "$goal_gitleaks")" "$gl_name: ingest alone takes $(r3 "$ri") of jq's wall time ($(r2 "${M_IN_S[$gl_name]}") s / $(r2 "${M_JQ_S[$gl_name]}") s), $(r3 "${CRATIO_IN[$gl_name]}") of its CPU time; goal ≤ $goal_gitleaks ($judge)"
	bpf=$(calc '(k - b) * 1024 / n' k="${M_IN_KIB[$gl_name]}" b="${M_IN_KIB[base-gitleaks]}" n="${M_JQ_COUNT[$gl_name]}")
	goal "$(le "$bpf" "$goal_per_finding")" "$gl_name: ingest alone peak RSS $(mib "${M_IN_KIB[$gl_name]}") MiB = base $(mib "${M_IN_KIB[base-gitleaks]}") MiB + $(printf '%.0f' "$bpf") bytes × ${M_JQ_COUNT[$gl_name]} findings; goal ≤ $goal_per_finding bytes per finding"
else
	goal "" "gitleaks goals: no gitleaks input (set BENCH_GITLEAKS_N)"
fi

# growth over the SARIF sizes: CPU seconds per MB above the tiny report's,
# and peak RSS per finding kept
growth_rows=()
per_in=() per_ga=() worst_bpf=0 worst_bpf_at=
prev=
for name in "${sarif_names[@]}"; do
	mb=$(calc 'b / 1e6' b="${M_BYTES[$name]}")
	n=${M_JQ_COUNT[$name]}
	pin=$(calc '(c - b) / m' c="${M_IN_CPU[$name]}" b="${M_IN_CPU[base-sarif]}" m="$mb")
	pga=$(calc '(c - b) / m' c="${M_GA_CPU[$name]}" b="${M_GA_CPU[base-sarif]}" m="$mb")
	wga=$(calc '(c - b) / m' c="${M_GA_S[$name]}" b="${M_GA_S[base-sarif]}" m="$mb")
	per_in+=("$pin") per_ga+=("$pga")
	above=$(calc 'n > 0 ? (k - b) * 1024 / n : 0' k="${M_GA_KIB[$name]}" b="${M_GA_KIB[base-sarif]}" n="$n")
	slope=—
	if [ -n "$prev" ]; then
		slope=$(calc 'n != p ? (k - q) * 1024 / (n - p) : 0' k="${M_GA_KIB[$name]}" \
			q="${M_GA_KIB[$prev]}" n="$n" p="${M_JQ_COUNT[$prev]}")
		[ "$(le "$slope" "$worst_bpf")" = 1 ] ||
			{ worst_bpf=$slope; worst_bpf_at="from $prev to $name"; }
		slope=$(printf '%.0f' "$slope")
	fi
	prev=$name
	growth_rows+=("| $name | $(r2 "$mb") | $n | $(printf '%.2f' "$(calc 'x * 1000' x="$pin")") | $(printf '%.2f' "$(calc 'x * 1000' x="$pga")") | $(printf '%.2f' "$(calc 'x * 1000' x="$wga")") | $(mib "${M_IN_KIB[$name]}") | $(mib "${M_GA_KIB[$name]}") | $(printf '%.0f' "$above") | $slope |")
done
if [ "${#sarif_names[@]}" -ge 2 ]; then
	min_in=$(printf '%s\n' "${per_in[@]}" | sort -g | head -n 1)
	max_in=$(printf '%s\n' "${per_in[@]}" | sort -g | tail -n 1)
	min_ga=$(printf '%s\n' "${per_ga[@]}" | sort -g | head -n 1)
	max_ga=$(printf '%s\n' "${per_ga[@]}" | sort -g | tail -n 1)
	dev_in=$(calc 'a > 0 ? b / a - 1 : 999' a="$min_in" b="$max_in")
	dev_ga=$(calc 'a > 0 ? b / a - 1 : 999' a="$min_ga" b="$max_ga")
	goal "$(le "$(calc 'a > b ? a : b' a="$dev_in" b="$dev_ga")" "$goal_linear")" \
		"growth in time over ${#sarif_names[@]} SARIF sizes: CPU seconds per MB vary by $(printf '%.1f' "$(calc 'x * 100' x="$dev_ga")") % with four reports ($(printf '%.2f' "$(calc 'x * 1000' x="$min_ga")")–$(printf '%.2f' "$(calc 'x * 1000' x="$max_ga")") ms/MB), $(printf '%.1f' "$(calc 'x * 100' x="$dev_in")") % for ingest alone; goal ≤ $(calc 'x * 100' x="$goal_linear") %"
	last=${sarif_names[-1]}
	above=$(calc '(k - b) * 1024 / n' k="${M_GA_KIB[$last]}" b="${M_GA_KIB[base-sarif]}" n="${M_JQ_COUNT[$last]}")
	worst=$(calc 'a > b ? a : b' a="$above" b="$worst_bpf")
	goal "$(le "$worst" "$goal_per_finding")" \
		"growth in memory: with four reports, $(printf '%.0f' "$above") bytes per finding above the base at $last; $(printf '%.0f' "$worst_bpf") bytes per added finding at worst ($worst_bpf_at); goal ≤ $goal_per_finding"
else
	goal "" "growth: needs two SARIF sizes or more (set BENCH_SARIF_MB)"
fi

# memory against the input's size: a sparse SARIF (many bytes, few
# findings) against the SARIF whose finding count is nearest
for name in "${sparse_names[@]}"; do
	near='' best=''
	for d in "${sarif_names[@]}"; do
		gap=$((M_JQ_COUNT[$d] - M_JQ_COUNT[$name]))
		((gap >= 0)) || gap=$((-gap))
		if [ -z "$near" ] || ((gap < best)); then near=$d best=$gap; fi
	done
	if [ -z "$near" ]; then
		goal "" "memory against input size: $name needs a SARIF of the usual density to compare with"
		continue
	fi
	# allowed: the denser input's peak + 200 B per extra finding + 1 MiB
	allowed=$(calc 'k + (n > m ? (n - m) * g / 1024 : 0) + 1024' k="${M_GA_KIB[$near]}" \
		n="${M_JQ_COUNT[$name]}" m="${M_JQ_COUNT[$near]}" g="$goal_per_finding")
	goal "$(le "${M_GA_KIB[$name]}" "$allowed")" \
		"memory against input size: with four reports $name ($(r2 "$(calc 'b / 1e6' b="${M_BYTES[$name]}")") MB, ${M_JQ_COUNT[$name]} findings) peaks at $(mib "${M_GA_KIB[$name]}") MiB, $near ($(r2 "$(calc 'b / 1e6' b="${M_BYTES[$near]}")") MB, ${M_JQ_COUNT[$near]} findings) at $(mib "${M_GA_KIB[$near]}") MiB; goal ≤ $(mib "$allowed") MiB (the latter + $goal_per_finding bytes per extra finding + 1 MiB)"
done

# small reports against the reference
small_rows=()
for sn in "${small_names[@]}"; do
	rb=$(calc 'b > 0 ? s / b : 999' s="${S_SG_MS[$sn]}" b="${S_BASE_MS[$sn]}")
	ref_cols="— | — | — | —"
	if [ -n "$reference" ]; then
		rr=$(calc 'b > 0 ? s / b : 999' s="${S_SG_MS[$sn]}" b="${S_REF_MS[$sn]}")
		rrc=$(calc 'b > 0 ? s / b : 999' s="${S_SG_CPU[$sn]}" b="${S_REF_CPU[$sn]}")
		ref_cols="${S_REF_MS[$sn]} | ${S_REF_CPU[$sn]} | **$(r3 "$rr")** | $(r3 "$rrc")"
		jr=$rr
		[ "$judge" = cpu ] && jr=$rrc
		goal "$(le "$jr" "$(calc '1 + n' n="$noise")")" "$sn: secgate's median takes $(r3 "$rr") of the reference's wall time (${S_SG_MS[$sn]} ms / ${S_REF_MS[$sn]} ms), $(r3 "$rrc") of its CPU time; goal ≤ 1 + $noise for noise ($judge)"
	fi
	small_rows+=("| $sn | $small_runs | ${S_JQ_COUNT[$sn]} | ${S_BASE_MS[$sn]} | ${S_SG_MS[$sn]} | ${S_SG_CPU[$sn]} | $(r3 "$rb") | ${S_SG_MIB[$sn]} | $ref_cols |")
done
if [ -z "$reference" ]; then
	goal "" "small reports no slower: set BENCH_REFERENCE to the secgate (or git revision) to compare with"
elif [ "${#small_names[@]}" -lt 2 ]; then
	goal "" "small reports: the 1.7 MB Semgrep SARIF was not found (set BENCH_FIXTURES)"
fi

# ---------------------------------------------------------------- report

failed=0
[ ${#problems[@]} -eq 0 ] || failed=1
[ "$quick" = 0 ] && [ "$missed" = 1 ] && failed=1

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)
# the source measured: the last commit that changed anything outside bench/
commit=$(git -C "$root" log -1 --format=%h HEAD -- . ':!bench' 2>/dev/null || true)
[ -n "$commit" ] || commit=unknown
git -C "$root" diff --quiet HEAD -- . ':!bench' 2>/dev/null || commit="$commit+changes"
{
	echo "# secgate benchmark (issue 16)"
	echo
	echo "- date: $started"
	echo "- command: bench/run.sh $*" \
		"(BENCH_SARIF_MB=\"$sarif_mb\" BENCH_SARIF_SPARSE_MB=\"$sparse_mb\" BENCH_GITLEAKS_N=$gitleaks_n BENCH_TRIVY_N=$trivy_n)"
	echo "- machine: $(nproc) CPUs ${cpu:+($cpu)}, $mem; $(uname -sr);" \
		"load average at start $load_before, at end $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null)"
	echo "- secgate: $("$secgate" --version 2>/dev/null | head -n 1) (source of commit $commit, Release); $(jq --version)"
	[ -n "$reference" ] && echo "- reference: $reference_desc"
	echo "- ingest: \`secgate ingest --fail-on none $null_desc FILE\`;" \
		"gate: \`secgate ingest --fail-on none --json F --junit F --sarif F --markdown F FILE\`" \
		"(the four reports to real files in $out)"
	echo "- times in seconds (wall) unless said, peak RSS in MiB, sizes in MB (10^6 bytes); medians of the runs;" \
		"time goals judged on $judge time"
	echo
	echo "## Large inputs"
	echo
	echo "**secgate/jq** is secgate's wall time divided by jq's, measured in the"
	echo "same run: lower is better, 0.25 means four times faster than jq."
	echo
	echo "| input | size MB | findings | jq s | ingest s | ingest secgate/jq | gate s | gate secgate/jq | ingest MiB | gate MiB | jq MiB | runs | load |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	printf '%s\n' "${rows[@]}"
	echo
	echo "CPU time (user + system seconds, medians; it grows much less than"
	echo "wall time when other work shares the machine):"
	echo
	echo "| input | jq CPU s | ingest CPU s | ingest secgate/jq | gate CPU s | gate secgate/jq |"
	echo "|---|---:|---:|---:|---:|---:|"
	printf '%s\n' "${cpu_rows[@]}"
	echo
	echo "The fixed base: tiny reports of each kind ($base_runs runs; milliseconds):"
	echo
	echo "| tiny report | findings | jq ms | ingest ms | gate ms | ingest CPU ms | gate CPU ms | ingest MiB | gate MiB |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
	printf '%s\n' "${base_rows[@]}"
	echo
	echo "## Growth (SARIF)"
	echo
	echo "Milliseconds per MB above the tiny SARIF's cost (CPU, then wall for the"
	echo "gate); bytes of peak RSS with four reports per finding above the tiny"
	echo "SARIF's, and per finding added since the previous size:"
	echo
	echo "| input | size MB | findings | ingest CPU ms/MB | gate CPU ms/MB | gate wall ms/MB | ingest MiB | gate MiB | gate B/finding above base | B per added finding |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	printf '%s\n' "${growth_rows[@]}"
	echo
	echo "## Small reports (startup included)"
	echo
	echo "Medians over $small_runs runs in milliseconds, interleaved; baseline:"
	echo "jq reading the same files (demo: \`jq -c .\` of the four files; Semgrep:"
	echo "the SARIF extraction). A bare \`true\` measures $(ms "$(median "${overheads[@]}")") ms"
	echo "here (the harness' fork and exec, inside every figure)."
	echo
	echo "| report | runs | findings | baseline ms | secgate ms | secgate CPU ms | secgate/baseline | secgate MiB | reference ms | reference CPU ms | secgate/reference | CPU secgate/reference |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	printf '%s\n' "${small_rows[@]}"
	echo
	echo "## Verdicts"
	echo
	if [ ${#problems[@]} -eq 0 ]; then
		echo "- CHECKS OK: every run exited as expected, and secgate's finding counts equal jq's."
	else
		for p in "${problems[@]}"; do echo "- CHECK FAILED: $p"; done
	fi
	if [ "$quick" = 1 ]; then
		echo
		echo "Goals (--quick: small inputs, shown only; they do not fail the run):"
		echo
	fi
	printf '%s\n' "${verdicts[@]}"
	echo
	if [ "$failed" = 0 ]; then
		echo "Result: OK (exit 0)."
	elif [ ${#problems[@]} -gt 0 ]; then
		echo "Result: FAILED, a check failed (exit 1)."
	else
		echo "Result: FAILED, a goal was missed or not judged (exit 1)."
	fi
} >"$out/results.md"
echo
cat "$out/results.md"
echo
echo "(written to $out/results.md)"
exit $failed
