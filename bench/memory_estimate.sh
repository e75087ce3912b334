#!/usr/bin/env bash
# The memory check's estimate against what the process grew by: runs each
# shipped and benchmark model briefly (csv, 2 threads) and prints, from
# report.json's memory section, estimated_host_bytes, the resident memory
# before the build, the peak, and the ratio grew / estimate (issue 10's
# target: estimate within +25% / -10% of what is used, i.e. grew/est in
# [0.8, 1.11]).
# Usage: bench/memory_estimate.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:-build}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "| model | t_stop ms | estimated MB | before build MB | peak MB | grew MB | grew / estimated |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for spec in "models/default 100" "models/brunel 50" "models/brunel_stdp 50" "models/coba 50" "models/distal_reward 50" \
            "models/distal_reward_astro 50" "models/distal_reward_astro_broadcast 50" "models/distal_reward_tripartite 50" \
            "models/stimberg2018_network 50" "models/stimberg2018_published 50" "models/nest_astro_benchmark 20" \
            "models/astro/gchi_single 100" "models/astro/lr_single 100" "models/astro/tripartite_closed 100" \
            "bench/models/brunel_stdp_dopamine 50"; do
  set -- $spec
  rm -rf "$out/run"
  "$B/tribody" run "$1.json" --t-stop "$2" --out "$out/run" --format csv --quiet --threads 2 > /dev/null
  python3 -c "
import json, sys
m = json.load(open(sys.argv[3]))['memory']
e, b, p = m.get('estimated_host_bytes', 0), m['resident_before_build_bytes'], m['peak_resident_bytes']
print('| %s | %s | %.1f | %.1f | %.1f | %.1f | %s |' % (sys.argv[1], sys.argv[2], e / 1e6, b / 1e6, p / 1e6, (p - b) / 1e6,
      '%.2f' % ((p - b) / e) if e > 0 else '-'))" "$1" "$2" "$out/run/report.json"
done
