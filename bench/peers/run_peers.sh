#!/bin/bash
# Runs the peer benchmarks. Before each run waits (up to 120 s) until the
# machine is idle, and after it prints "foreign_cpu_s": CPU seconds used by
# other processes during the run (timings are only clean when it is ~0).
# Usage: bench/peers/run_peers.sh [stats|timing]   (PY=path/to/venv/python)
cd "$(dirname "$0")"
PY=${PY:-/work/peers/bin/python}
busy() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }   # jiffies (1/100 s)
wait_idle() {
  for _ in $(seq 60); do
    b0=$(busy); sleep 2; b1=$(busy)
    [ $((b1 - b0)) -lt 20 ] && return; done   # < 0.1 core busy over 2 s
  echo "# warning: machine not idle"
}
run() {
  wait_idle; b0=$(busy)
  /usr/bin/time -f "%U %S" -o /tmp/peer_time.$$ "$PY" "$@"
  b1=$(busy); read -r u s < /tmp/peer_time.$$
  awk -v b="$((b1 - b0))" -v u="$u" -v s="$s" \
    'BEGIN{printf "# foreign_cpu_s = %.1f (own cpu %.1f s)\n", b/100 - u - s, u + s}'
}
if [ "${1:-stats}" = stats ]; then
  for seed in 1 2 3; do for th in 1 2; do
    run nest_brunel.py --threads $th --seed $seed
    run nest_coba.py --threads $th --seed $seed
  done; run brian2_brunel.py --seed $seed; run brian2_coba.py --seed $seed; done
else
  for rep in 1 2; do for th in 1 2; do
    run nest_brunel.py --threads $th; run nest_coba.py --threads $th
  done; run brian2_brunel.py; run brian2_coba.py; done
fi
