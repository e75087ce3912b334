#!/bin/bash
# Paired simulate-phase timings of two tribody binaries on one model:
# A B A B ... (one warm-up pair), time_simulate from each run's report.json,
# then the ratio B/A per pair: median and min-max. MODEL_B=other.json runs
# B on another model (the same binary twice: the cost of one model over another).
# usage: bench/paired_simulate.sh A_BINARY B_BINARY MODEL.json THREADS [PAIRS] [extra run args]
set -euo pipefail
A=$1; B=$2; MODEL=$3; T=$4; PAIRS=${5:-5}; shift $(( $# < 5 ? $# : 5 ))
out=$(mktemp -d)
MB=${MODEL_B:-$MODEL}
sim() {  # binary model -> time_simulate (s)
  local bin=$1 model=$2; shift 2
  rm -rf "$out/run"
  "$bin" run "$model" --out "$out/run" --format csv --threads "$T" --quiet "$@" > /dev/null
  python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['timers']['time_simulate'])" "$out/run/report.json"
}
sim "$A" "$MODEL" "$@" > /dev/null; sim "$B" "$MB" "$@" > /dev/null
for i in $(seq "$PAIRS"); do echo "$(sim "$A" "$MODEL" "$@") $(sim "$B" "$MB" "$@")"; done | python3 -c '
import sys, statistics as st
rows = [tuple(map(float, l.split())) for l in sys.stdin]
a, b = [r[0] for r in rows], [r[1] for r in rows]
q = [y / x for x, y in rows]
print("A time_simulate median %.3f s (%.3f-%.3f)" % (st.median(a), min(a), max(a)))
print("B time_simulate median %.3f s (%.3f-%.3f)" % (st.median(b), min(b), max(b)))
print("B/A per pair: median %.3f (%.3f-%.3f), %d pairs" % (st.median(q), min(q), max(q), len(q)))'
rm -rf "$out"
