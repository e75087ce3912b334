#!/usr/bin/env bash
# CPU benchmark: the shipped benchmark networks at 1..N threads, 1 s of model
# time each, the 10^8-synapse construction benchmark, and the astrocyte scale
# benchmark (10^6 astrocytes, 10^8 tripartite synapses, 100 ms). Prints
# Markdown tables (times in s).
# Usage: bench/cpu_bench.sh [build-dir] [max-threads] [sections: neurons astro]
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:-build}
MAX=${2:-$(nproc)}
SECTIONS=${3:-neurons astro}
out=$(mktemp -d)
echo "# CPU benchmark $(date -u +%F), $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores"
echo
if [[ " $SECTIONS " == *" neurons "* ]]; then
echo "| model | threads | build s | sim s | RTF | syn. events/s | rates Hz (CV) |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for model in models/brunel.json models/coba.json models/default.json; do
  for threads in $(seq 1 "$MAX"); do run "$model" "$threads"; done
done
for threads in $(seq 1 "$MAX"); do run bench/models/synthetic_1e8.json "$threads"; done
echo
fi
if [[ " $SECTIONS " == *" astro "* ]]; then
echo "| astrocyte scale model | threads | connect s | territories s | sim s | slow steps | astrocytes s per slow step | peak RSS GB | B/synapse |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for threads in $(seq 1 "$MAX"); do
  /usr/bin/time -f "%M" -o "$out/rss" "$B/tribody" run bench/models/astro_scale.json --threads "$threads" --quiet \
    --overwrite --format csv --out "$out/r" > /dev/null
  python3 - "$threads" "$out/r/report.json" "$out/rss" <<'PY'
import json, sys
r = json.load(open(sys.argv[2])); t = r['timers']
slow = round(r['t_reached_ms'] / r['slow_dt_ms'])
rss = int(open(sys.argv[3]).read().split()[-1]) / 1024**2
print(f"| bench/models/astro_scale.json | {sys.argv[1]} | {t['time_construction_connect']:.1f} | "
      f"{t['time_construction_astrocytes']:.1f} | {t['time_simulate']:.2f} | {slow} | {t['time_astrocytes'] / slow:.3f} | "
      f"{rss:.2f} | {r['memory']['bytes_per_synapse']:.1f} |")
PY
done
fi
rm -rf "$out"
