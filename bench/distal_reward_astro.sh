#!/usr/bin/env bash
# The distal reward task with astrocytic eligibility (docs/plasticity.md):
# local gating, and broadcast gating over territories of about 1, 10, 100
# and 1000 E->E synapses (64000 E->E synapses over 64000, 6400, 640 and 64
# astrocytes; pools of 80, 8, 1, 1 per target), one hour of model time
# each, and local with a sharper gate (k = 30), JOBS at a time (default
# 2; broadcast_1 runs 64000 astrocytes: RTF 0.8 here), then the figures:
#   bench/distal_reward_astro.sh OUT [JOBS]
#   python3 tools/plot_distal_reward_astro.py OUT docs/figures
# TRIBODY=path/to/tribody (default build-cpu/tribody).
set -euo pipefail
out=${1:?usage: bench/distal_reward_astro.sh OUT [JOBS]}
jobs=${2:-2}
exe=${TRIBODY:-build-cpu/tribody}
mkdir -p "$out"
one() {
  local name=$1
  shift
  "$exe" run "$@" --out "$out/$name" --format csv --threads 1 --overwrite > "$out/$name.log" 2>&1
  echo "$name: $(grep -o 'RTF [0-9.]*' "$out/$name.log" | tail -n 1)"
}
b=models/distal_reward_astro_broadcast.json
one local models/distal_reward_astro.json &
while (( $(jobs -r | wc -l) >= jobs )); do wait -n; done
one broadcast_1000 "$b" --param n_astro=64 --param pool=1 &
while (( $(jobs -r | wc -l) >= jobs )); do wait -n; done
one broadcast_100 "$b" --param n_astro=640 --param pool=1 &
while (( $(jobs -r | wc -l) >= jobs )); do wait -n; done
one broadcast_10 "$b" --param n_astro=6400 --param pool=8 &
while (( $(jobs -r | wc -l) >= jobs )); do wait -n; done
one local_k30 models/distal_reward_astro.json --param k_gate=30 &
while (( $(jobs -r | wc -l) >= jobs )); do wait -n; done
one broadcast_1 "$b" --param n_astro=64000 --param pool=80 &
wait
