#!/usr/bin/env bash
# The GPU check, for a machine with an NVIDIA GPU, nvcc and CMake (no Debian
# -dev packages needed: run bench/gpu/fetch_deps.sh first and carry .deps).
#   1. build with nvcc (sm_90) and run the whole test suite, including the
#      CUDA-vs-CPU parity tests;
#   2. compute-sanitizer memcheck and racecheck on a small model;
#   3. time Brunel (static and with E->E STDP), COBA, a 10^6-neuron, 10^9-synapse network, the astrocyte
#      networks (Stimberg et al. 2018, NEST's benchmark) and 10^6 astrocytes
#      with 10^8 tripartite synapses on the GPU (Brunel also on all CPU cores).
# Logs and summary.md go to $OUT (or the first argument). Under 8 minutes
# on an H200.
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-${1:-gpu-check-out}}
mkdir -p "$OUT"
DEPS=$PWD/.deps/root/usr
B=build-gpu
JOBS=$(nproc)
log() { echo "[$(date +%T)] $*" | tee -a "$OUT/check.log"; }

nvidia-smi > "$OUT/nvidia-smi.txt" 2>&1
log "configure and build"
cmake -S . -B $B -DCMAKE_BUILD_TYPE=Release -DTRIBODY_CUDA=on -DCMAKE_CUDA_ARCHITECTURES=90 \
  -DTRIBODY_HEADER_ONLY_LOGGING=ON -DCMAKE_PREFIX_PATH="$DEPS" -DTRIBODY_GTEST_SOURCE="$DEPS/src/googletest" \
  > "$OUT/build.log" 2>&1 && cmake --build $B -j"$JOBS" >> "$OUT/build.log" 2>&1 || { log "BUILD FAILED"; tail -30 "$OUT/build.log"; exit 1; }
./$B/tribody info | tee -a "$OUT/check.log"

log "tests (parity tests must run, not skip)"
ctest --test-dir $B -j8 --output-on-failure > "$OUT/ctest.log" 2>&1; rc=$?
grep -E "tests passed|Skipped|Failed" "$OUT/ctest.log" | tee -a "$OUT/check.log"
[ $rc -eq 0 ] || log "TESTS FAILED (rc $rc)"

SMALL="models/default.json --param NE=800 --param NI=200 --t-stop 50 --backend cuda --format csv --quiet --overwrite"
for tool in memcheck racecheck; do
  log "compute-sanitizer $tool"
  compute-sanitizer --tool $tool --error-exitcode 9 ./$B/tribody run $SMALL --out /tmp/tb_$tool > "$OUT/sanitizer_$tool.log" 2>&1
  echo "$tool exit $?: $(grep -E 'ERROR SUMMARY|RACECHECK SUMMARY' "$OUT/sanitizer_$tool.log" | tail -1)" | tee -a "$OUT/check.log"
done

row() {  # model label backend extra-args
  local model=$1 label=$2 backend=$3; shift 3
  ./$B/tribody run "$model" --backend "$backend" --format csv --quiet --overwrite --out /tmp/tb_run "$@" \
    > "$OUT/run_$label.log" 2>&1 || { echo "| $label | $backend | FAILED (see run_$label.log) |" >> "$OUT/summary.md"; return; }
  python3 - "$label" "$backend" >> "$OUT/summary.md" <<'PY'
import json, sys
r = json.load(open('/tmp/tb_run/report.json')); t = r['timers']; m = r['memory']
build = t.get('time_construction_create', 0) + t.get('time_construction_connect', 0)
dev = m.get('device_bytes_in_use', 0) / 2**30
rates = ', '.join(f"{p['name']} {p['mean_rate_hz']:.1f}" for p in r['populations'])
print(f"| {sys.argv[1]} | {sys.argv[2]} | {r['neurons']} | {r['synapses']} | {build:.2f} | {t['time_simulate']:.2f} | "
      f"{r['real_time_factor']:.4f} | {r['synaptic_events_per_second']:.3g} | {m['bytes_per_synapse']:.2f} | {dev:.1f} | {rates} |")
PY
}

{
  echo "# GPU check $(date -u +%F) on $(nvidia-smi --query-gpu=name --format=csv,noheader | head -1)"
  echo
  echo "| model | backend | neurons | synapses | build s | sim s | RTF | syn. events/s | B/syn | device GiB | rates Hz |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
} > "$OUT/summary.md"
log "timing"
row models/brunel.json brunel_1s cuda
row models/brunel.json brunel_1s cpu --threads "$JOBS"
row models/brunel_stdp.json brunel_stdp_1s cuda
row models/brunel_stdp.json brunel_stdp_1s cpu --threads "$JOBS"
row models/coba.json coba_1s cuda
row bench/models/synthetic_1e9.json synthetic_1e9_100ms cuda
row models/stimberg2018_network.json stimberg2018_2s cuda --t-stop 2000
row models/nest_astro_benchmark.json nest_astro_scale1_1s cuda
row bench/models/astro_scale.json astro_1e6_1e8_100ms cuda
cat "$OUT/summary.md" | tee -a "$OUT/check.log"
log "done"
