#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan+UBSan) and fuzzes for
# FUZZ_SECONDS (default 60; the dotenv parser half that), seeded from
# fixtures/. Usage: fuzz/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
out=build-fuzz
mkdir -p "$out/corpus"
find fixtures -type f \( -name '*.json' -o -name '*.sarif' \) -size -64k \
	-exec sh -c 'for f; do printf "\000" | cat - "$f" > "'"$out"'/corpus/$(basename "$f")"; done' _ {} +
# shellcheck disable=SC2046
clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
	-D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DSECGATE_VERSION='"fuzz"' \
	-Iinclude -Isrc/util -Isrc/model -Isrc/gate fuzz/fuzz_ingest.c \
	src/util/arena.c src/util/error.c src/util/redact.c \
	src/model/finding.c src/model/fingerprint.c \
	src/model/json_util.c src/model/jsonstream.c src/model/path.c \
	src/gate/registry.c src/gate/ingest.c adapters/*.c \
	$(pkg-config --cflags --libs jansson libcrypto) -lm -o "$out/fuzz_ingest"
"$out/fuzz_ingest" -max_total_time="$seconds" -max_len=65536 \
	-print_final_stats=1 "$out/corpus"

# The env check's dotenv parser, seeded from the demo's dotenv file.
mkdir -p "$out/corpus-dotenv"
cp fixtures/demo/.env.production "$out/corpus-dotenv/demo.env"
clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
	-D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-Iinclude -Isrc/util -Isrc/checks fuzz/fuzz_dotenv.c \
	src/checks/dotenv.c src/util/error.c -o "$out/fuzz_dotenv"
"$out/fuzz_dotenv" -max_total_time="$(( (seconds + 1) / 2 ))" -max_len=8192 \
	-print_final_stats=1 "$out/corpus-dotenv"
