#!/bin/bash
# Runs the shipped models with two tribody binaries and compares their
# outputs byte for byte (all files but report.json, which holds timings).
# usage: tools/compare_outputs.sh OLD_BINARY NEW_BINARY   (from the repository root)
A=$1; B=$2; rc=0
for m in default brunel coba stimberg2018_network stimberg2018_published astro/gchi_single astro/lr_single astro/tripartite_closed nest_astro_benchmark; do
  t=""; case $m in nest_astro_benchmark) t="--t-stop 300";; stimberg*) t="--t-stop 2000";; brunel|coba|default) t="--t-stop 300";; esac
  for x in A B; do bin=${!x}; rm -rf /tmp/cmp_$x; $bin run models/$m.json --out /tmp/cmp_$x --format csv --threads 2 $t > /dev/null 2>&1 || echo "run failed $x $m"; done
  if diff -rq -x report.json /tmp/cmp_A /tmp/cmp_B > /dev/null; then echo "identical: $m ($(ls /tmp/cmp_A | tr '\n' ' '))"; else echo "DIFFERENT: $m"; rc=1; fi
done
exit $rc
