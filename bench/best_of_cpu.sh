#!/usr/bin/env bash
# Best-of-N CPU time of whole commands on a shared machine: runs each binary with the same
# arguments N times, interleaved (so that both see the same spells of interference), and prints
# each one's lowest user + system CPU seconds (/usr/bin/time) and the load average before and
# after. For engine changes measured end to end, e.g. England & Wales over 5 years:
#   bench/best_of_cpu.sh 5 OLD/courtflow NEW/courtflow -- run models/reference/england_wales.json \
#       --replications 2 --threads 1 --quiet --out /tmp/bo
# Every run writes to the same --out (add --force if the command needs it); outputs are not
# compared here (bench/compare_outputs.sh does that).
set -euo pipefail
n=$1
shift
bins=()
while [[ $1 != -- ]]; do
  bins+=("$1")
  shift
done
shift
declare -A best
times=$(mktemp)
trap 'rm -f "$times"' EXIT
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq "$n"); do
  for b in "${bins[@]}"; do
    /usr/bin/time -o "$times" -f '%U %S' "$b" "$@" >/dev/null 2>&1
    t=$(tail -n 1 "$times" | awk '{ print $1 + $2 }')
    best[$b]=$(awk -v a="${best[$b]:-1e18}" -v b="$t" 'BEGIN { print (b < a ? b : a) }')
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
for b in "${bins[@]}"; do echo "$b ${best[$b]} CPU-s (best of $n)"; done
