#!/usr/bin/env bash
# Plasticity cost, paired (A B A B ..., one warm-up pair): for each thread
# count,
#   1. tribody models/brunel.json (static) vs models/brunel_stdp.json (E->E stdp):
#      the simulate phase (time_simulate of report.json), ratio plastic/static;
#   2. tribody static vs bench/models/brunel_stdp_dopamine.json (E->E
#      stdp_dopamine with a 20-neuron volume transmitter population);
#   3. tribody brunel_stdp vs NEST 3.10 running the same plastic network
#      (bench/peers/nest_brunel.py --stdp): the simulate phase of each
#      (NEST: nest.Run), ratio NEST/tribody.
# Prints medians and min-max of each figure and of the per-pair ratios.
# Usage: bench/plastic_bench.sh [build-dir] [T_ms] [pairs] [threads...]  (NO_NEST=1: tribody only)
#   NEST from the venv of bench/peers/README.md (PEER_PYTHON, default /work/peers/bin/python).
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:-build}; T=${2:-1000}; PAIRS=${3:-5}; shift $(( $# < 3 ? $# : 3 ))
THREADS=${*:-1 2}
PY=${PEER_PYTHON:-/work/peers/bin/python}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

tribody_sim() {  # model threads -> time_simulate (s)
  rm -rf "$out/run"
  "$B/tribody" run "$1" --out "$out/run" --format csv --threads "$2" --t-stop "$T" --quiet > /dev/null
  python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['timers']['time_simulate'])" "$out/run/report.json"
}
nest_sim() {  # threads -> nest.Run seconds
  "$PY" bench/peers/nest_brunel.py --stdp --threads "$1" --T "$T" | sed -n 's/.*sim time = \([0-9.]*\) s.*/\1/p'
}
summary() {  # label: rows "a b" on stdin
  python3 -c '
import sys, statistics as st
label = sys.argv[1]
rows = [tuple(map(float, l.split())) for l in sys.stdin if l.strip()]
a, b = [r[0] for r in rows], [r[1] for r in rows]
q = [y / x for x, y in rows]
f = lambda v: "%.3f (%.3f-%.3f)" % (st.median(v), min(v), max(v))
print("| %s | %s | %s | %s | %d |" % (label, f(a), f(b), f(q), len(q)))' "$1"
}

echo "# Plasticity benchmark $(date -u +%F), $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, T = $T ms"
echo
echo "| comparison (A vs B) | A simulate s | B simulate s | B/A per pair | pairs |"
echo "| --- | --- | --- | --- | --- |"
for th in $THREADS; do
  tribody_sim models/brunel.json "$th" > /dev/null; tribody_sim models/brunel_stdp.json "$th" > /dev/null
  for i in $(seq "$PAIRS"); do
    echo "$(tribody_sim models/brunel.json "$th") $(tribody_sim models/brunel_stdp.json "$th")"
  done | summary "tribody static vs tribody stdp, $th thread(s)"
  tribody_sim bench/models/brunel_stdp_dopamine.json "$th" > /dev/null
  for i in $(seq "$PAIRS"); do
    echo "$(tribody_sim models/brunel.json "$th") $(tribody_sim bench/models/brunel_stdp_dopamine.json "$th")"
  done | summary "tribody static vs tribody stdp_dopamine, $th thread(s)"
  if [ -x "$PY" ] && [ -z "${NO_NEST:-}" ]; then
    for i in $(seq "$PAIRS"); do
      echo "$(tribody_sim models/brunel_stdp.json "$th") $(nest_sim "$th")"
    done | summary "tribody stdp vs NEST stdp, $th thread(s)"
  fi
done
