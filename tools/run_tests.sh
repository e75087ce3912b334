#!/usr/bin/env bash
# Everything CI checks, in order (README.md, "Build and run the tests"):
#   1. the release build (with the CUDA backend where nvcc is found) and
#      all its tests;
#   2. the CPU backend built with clang under AddressSanitizer and
#      UndefinedBehaviorSanitizer (any report fails), and the unit and
#      backend tests run there;
#   3. the model loader fuzzed with libFuzzer for FUZZ_SECONDS (default
#      90), from a seed corpus of the shipped models and of every model
#      the unit tests run or refuse (tests/fuzz/README.md); any crash, sanitizer report,
#      leak or timeout fails and leaves the input in build-check/fuzz-findings/.
# SKIP_CHECKS=1 runs step 1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"
[ -n "${SKIP_CHECKS:-}" ] && exit 0

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
CC=clang CXX=clang++ cmake -S . -B build-check -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRIBODY_CUDA=off \
  -DTRIBODY_SANITIZE=address,undefined -DTRIBODY_FUZZ=on
cmake --build build-check -j"$jobs" --target tribody tribody_unit_tests tribody_backend_tests tribody_fuzz_model
corpus=build-check/fuzz-corpus
rm -rf "$corpus" build-check/fuzz-findings
mkdir -p "$corpus" build-check/fuzz-findings
find models bench/models -name '*.json' -size -64k -exec cp {} "$corpus"/ \;
TRIBODY_CORPUS_DIR="$PWD/$corpus" ctest --test-dir build-check --output-on-failure -j"$jobs" -L 'unit|backend'
echo "fuzzing the model loader for ${FUZZ_SECONDS:-90} s from $(ls "$corpus" | wc -l) seeds"
build-check/tribody_fuzz_model -max_total_time="${FUZZ_SECONDS:-90}" -timeout=20 -rss_limit_mb=3072 \
  -max_len=65536 -print_final_stats=1 -artifact_prefix=build-check/fuzz-findings/ \
  -dict=tests/fuzz/model.dict "$corpus"
