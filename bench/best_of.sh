#!/usr/bin/env bash
# Best-of-N comparison of tandem_bench binaries on a shared machine: runs each binary's
# one-replication benchmark N times, interleaved (so that both see the same spells of
# interference), and prints each binary's highest events per CPU-second. Use it to compare an
# engine change with the binary before it:
#   bench/best_of.sh 10 /path/to/old/tandem_bench build/ci/bench/tandem_bench
set -euo pipefail
n=$1
shift
declare -A best
for _ in $(seq "$n"); do
  for b in "$@"; do
    v=$("$b" --benchmark_filter=OneReplication --benchmark_min_time=0.3 2>/dev/null |
        grep -o 'events_per_s=[0-9.]*M' | grep -o '[0-9.]*' | head -1)
    best[$b]=$(awk -v a="${best[$b]:-0}" -v b="$v" 'BEGIN { print (b > a ? b : a) }')
  done
done
for b in "$@"; do echo "$b ${best[$b]} M events per CPU-second (best of $n)"; done
