#!/usr/bin/env bash
# Runs each reader's libFuzzer harness for a short time (default 60 s each; FUZZ_SECONDS=N to
# change), FUZZ_JOBS of them at once (default 2, one per core), seeded with the test corpus. The harnesses come from a clang build with
# COURTFLOW_FUZZ: the "sanitize" preset (the whole suite under address + undefined sanitizers,
# what scripts/test.sh uses) or the "fuzz" preset (the harnesses alone); FUZZ_BUILD names the
# build folder (default build/sanitize, else build/fuzz if only that one exists).
# A crash, sanitizer report or escaping exception is saved as fuzz/regressions/<reader>/crash-*
# (commit it: the fuzz_replay_<reader> CTest test replays every file there in each build) and
# this script exits non-zero. The working corpus grows in FUZZ_BUILD/corpus/ between runs.
# FUZZ_SEED (default 1) fixes libFuzzer's mutations, so a run on a fresh corpus explores the
# same inputs in the same order on every machine: a faster machine only goes further down the
# same sequence. That keeps the test suite's short run a gate that does not flake; hunting for
# new bugs is a longer run with other seeds (FUZZ_SEED=0 takes a random one), e.g.
#   FUZZ_SECONDS=900 FUZZ_SEED=7 bash fuzz/run_fuzzers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
seed="${FUZZ_SEED:-1}"
jobs="${FUZZ_JOBS:-2}"
build="${FUZZ_BUILD:-build/sanitize}"
if [ -z "${FUZZ_BUILD:-}" ] && [ ! -d "$build/fuzz" ] && [ -d build/fuzz/fuzz ]; then build=build/fuzz; fi
bin=$build/fuzz
if [ ! -x "$bin/fuzz_model" ]; then
  echo "run_fuzzers.sh: no harnesses in $bin (build the sanitize or fuzz preset first)" >&2
  exit 2
fi

# reader -> seed files (shell globs, relative to the repository)
declare -A seeds=(
  [model]="tests/data/invalid/*.json tests/cli/data/*.json tests/cli/data/bad/model_*.json"
  [scenario]="scenarios/examples/*.json tests/cli/data/bad/scenario_*.json tests/cli/data/compare_*.json"
  [csv_log]="tests/cli/data/bad/log_*.csv"
  [xes_log]="tests/cli/data/bad/log_*.xes"
  [series]="tests/data/series/*.csv tests/cli/data/bad/series_*.csv"
)

# One reader's run; its verdict goes to $build/<reader>.status, its summary to <reader>.summary.
fuzz_one() {
  local reader="$1" corpus="$build/corpus/$1" start runs
  mkdir -p "$corpus" "fuzz/regressions/$reader"
  # shellcheck disable=SC2086  # the globs are meant to expand
  cp -n ${seeds[$reader]} "$corpus"/ 2>/dev/null || true
  start=$(date +%s)
  if "$bin/fuzz_$reader" "$corpus" -seed="$seed" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
       -print_final_stats=0 -artifact_prefix="fuzz/regressions/$reader/" >"$build/$reader.log" 2>&1; then
    echo ok >"$build/$reader.status"
  else
    echo failed >"$build/$reader.status"
  fi
  runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$build/$reader.log" | tail -n 1)
  echo "fuzz_$reader: $(( $(date +%s) - start )) s, ${runs:-?} inputs, corpus $(ls "$corpus" | wc -l) files" \
    >"$build/$reader.summary"
}

readers=(model scenario csv_log xes_log series)
running=0
for reader in "${readers[@]}"; do
  fuzz_one "$reader" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n
    running=$((running - 1))
  fi
done
wait

failed=0
for reader in "${readers[@]}"; do
  cat "$build/$reader.summary"
  if [ "$(cat "$build/$reader.status")" != ok ]; then
    echo "fuzz_$reader: FAILED (see $build/$reader.log; the input is in fuzz/regressions/$reader/)" >&2
    tail -n 30 "$build/$reader.log" >&2
    failed=1
  fi
done
exit "$failed"
