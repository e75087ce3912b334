#!/usr/bin/env bash
# CPU benchmark: the shipped benchmark networks at 1..N threads, 1 s of model
# time each, and the 10^8-synapse construction benchmark. Prints a Markdown
# table (times in s). Usage: bench/cpu_bench.sh [build-dir] [max-threads]
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:-build}
MAX=${2:-$(nproc)}
out=$(mktemp -d)
echo "# CPU benchmark $(date -u +%F), $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores"
echo
echo "| model | threads | build s | sim s | RTF | syn. events/s | rates Hz (CV) |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
run() {  # model threads extra...
  local model=$1 threads=$2; shift 2
  "$B/tribody" run "$model" --threads "$threads" --quiet --overwrite --format csv --out "$out/r" "$@" > /dev/null
  python3 - "$model" "$threads" "$out/r/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[3])); t = r['timers']
build = t['time_construction_create'] + t['time_construction_connect']
rates = ', '.join(f"{p['name']} {p['mean_rate_hz']:.1f} ({p.get('cv_isi', 0):.2f})" for p in r['populations'] if p['spikes_recorded'])
print(f"| {sys.argv[1]} | {sys.argv[2]} | {build:.2f} | {t['time_simulate']:.2f} | {r['real_time_factor']:.3f} | "
      f"{r['synaptic_events_per_second']:.3g} | {rates} |")
PY
}
for model in models/brunel.json models/coba.json models/default.json; do
  for threads in $(seq 1 "$MAX"); do run "$model" "$threads"; done
done
for threads in $(seq 1 "$MAX"); do run bench/models/synthetic_1e8.json "$threads"; done
rm -rf "$out"
