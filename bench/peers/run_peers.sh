#!/usr/bin/env bash
# courtflow against SimPy on the same networks (docs/PERFORMANCE.md, "Against SimPy"):
# the 5-stage tandem network and an M/M/10 queue, events per CPU-second for each, the ratio,
# and a check that both count the same events over the same horizon.
# Needs Debian's python3-simpy3 (scripts/install-deps.sh --bench) and a Release build:
#   cmake -S . -B build/val -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build build/val -j2 --target courtflow_peer
# Usage: bench/peers/run_peers.sh [BUILD_DIR (build/val)] [HORIZON_DAYS (3650)] [SIMPY_REPEATS (5)]
set -euo pipefail
build="${1:-build/val}"
horizon="${2:-3650}"
repeats="${3:-5}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Debian's interpreter, where python3-simpy3 is installed (a pyenv or venv python3 may not see it).
python=/usr/bin/python3
if ! "$python" -c 'import simpy' 2>/dev/null; then
  echo "run_peers.sh: SimPy not found for $python: run scripts/install-deps.sh --bench" >&2
  exit 2
fi
peer="$build/bench/courtflow_peer"
if [ ! -x "$peer" ]; then
  echo "run_peers.sh: $peer not built (cmake --build $build --target courtflow_peer)" >&2
  exit 2
fi

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }

echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "SimPy $("$python" -c 'import simpy; print(simpy.__version__)'), $("$python" --version 2>&1); horizon $horizon days"
printf '%-8s %14s %14s %16s %16s %9s\n' network events_ours events_simpy ours_ev_per_cpu_s simpy_ev_per_cpu_s ratio
for network in tandem mmc; do
  stages=$([ "$network" = tandem ] && echo 5 || echo 1)
  ours="$("$peer" "$network" --horizon "$horizon" --repeats 5 2>/dev/null)"
  theirs="$("$python" "$here/simpy_tandem.py" "$network" --horizon "$horizon" --repeats "$repeats" 2>/dev/null)"
  ev_ours="$(field events "$ours")"; ev_simpy="$(field events "$theirs")"
  rate_ours="$(field events_per_cpu_s "$ours")"; rate_simpy="$(field events_per_cpu_s "$theirs")"
  printf '%-8s %14s %14s %16s %16s %8.0fx\n' "$network" "$ev_ours" "$ev_simpy" "$rate_ours" "$rate_simpy" \
    "$(awk -v a="$rate_ours" -v b="$rate_simpy" 'BEGIN { print a / b }')"
  # The same events are counted: both near (stages + 1) x 8 a day x horizon (arrivals plus one
  # completion per stage per case; the cases still in the system at the horizon are a few
  # dozen). The two runs use different random numbers, so they differ by chance: about
  # sqrt(8 x horizon) arrivals, times (stages + 1).
  awk -v a="$ev_ours" -v b="$ev_simpy" -v s="$stages" -v h="$horizon" 'BEGIN {
    expected = (s + 1) * 8 * h; sd = (s + 1) * sqrt(8 * h)
    printf "  event counts: expected about %.0f (sd about %.0f); ours %+.1f sd, SimPy %+.1f sd\n",
           expected, sd, (a - expected) / sd, (b - expected) / sd
    if ((a - expected) / sd > 4 || (a - expected) / sd < -4 || (b - expected) / sd > 4 || (b - expected) / sd < -4) {
      print "  MISMATCH: an event count is more than 4 sd from the expectation"; exit 1 }
  }'
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
