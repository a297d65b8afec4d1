#!/usr/bin/env bash
# Runs every benchmark of bench/ and writes the JSON results and the peak-memory table to
# OUT_DIR (see docs/PERFORMANCE.md for the figures). Build first, in Release:
#   cmake -S . -B build/val -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build build/val -j2
# Usage: bench/run_benchmarks.sh [BUILD_DIR (build/val)] [OUT_DIR (build/val/bench-results)]
set -euo pipefail
build="${1:-build/val}"
out="${2:-$build/bench-results}"
mkdir -p "$out"
echo "load average before: $(cat /proc/loadavg)"
common=(--benchmark_min_time=0.5 --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
        --benchmark_out_format=json)
"$build/bench/event_queue_hold_bench" "${common[@]}" --benchmark_out="$out/event_queue_hold.json"
"$build/bench/tandem_bench" "${common[@]}" --benchmark_out="$out/tandem.json"
"$build/bench/peak_rss" | tee "$out/peak_rss.txt"
# England & Wales, 10 simulated years: one replication is several seconds, so each benchmark
# runs a fixed single iteration (set in the program), three times.
"$build/bench/england_wales_bench" --benchmark_repetitions=3 --benchmark_out_format=json \
    --benchmark_out="$out/england_wales.json"
"$build/bench/case_memory" | tee "$out/case_memory.txt"
echo "load average after: $(cat /proc/loadavg)"
