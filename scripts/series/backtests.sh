#!/usr/bin/env bash
# Back-tests behind docs/examples/backtest-crown-court.md: Crown Court and magistrates' series
# (tests/data/series, one file per data vintage) at splits before and after 2020, receipts
# projected and known, 4 quarters ahead, 20 replications (a parameter draw each). Fit windows
# that would contain the COVID quarter 2020Q2 leave it out (--exclude 2020-06-30). Prints one
# markdown table row per back-test.
# Usage: scripts/series/backtests.sh [COURTFLOW] [OUT_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cf="${1:-$root/build/cli/courtflow}"
out="${2:-/tmp/courtflow-backtests}"
mkdir -p "$out"
data="$root/tests/data/series"
models="$root/models/series"
echo "| series | model | split | window | receipts | periods | MAPE | naive | trend | in 90% band | receipts form | disposals |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
run() {  # series model split receipts(projected|known) extra-args...
  local series="$1" model="$2" split="$3" receipts="$4"; shift 4
  local dir="$out/$(basename "$series" .csv)-$(basename "$model" .json)-$split-$receipts$(echo "$*" | tr -d ' -')"
  local flag=()
  [[ "$receipts" == known ]] && flag=(--known-receipts)
  "$cf" backtest --series "$data/$series" --model "$models/$model" --split "$split" --periods 4 --replications 20 \
     --out "$dir" --force --quiet "${flag[@]}" "$@" 2>/dev/null
  python3 - "$dir/backtest.json" "$series" "$model" "$receipts" "$*" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
s = j["stages"][0]
f = s["fit"]
d = f["disposals"]
disp = d["basis"] + (" " + d["form"] if d["basis"] == "rate" else "")
win = str(j["window"]) + ("".join(", excl. " + e for e in j["exclude"]))
print(f"| {sys.argv[2].replace('.csv','')} | {sys.argv[3].replace('.json','')} | {j['split']} | {win} | {sys.argv[4]} | {s['periods']} | "
      f"{s['mape']:.1f} | {s['mape_naive']:.1f} | {s['mape_trend']:.1f} | {100*s['coverage_90']:.0f}% | {f['receipts']['form']} | {disp} |")
PY
}
for split in 2017-12-31 2018-12-31 2019-12-31 2020-12-31 2021-12-31 2022-12-31 2023-09-30; do
  for r in projected known; do
    case "$split" in
      2020-12-31|2021-12-31|2022-12-31) run crown_court_onecrown.csv crown_court.json "$split" "$r" --exclude 2020-06-30 ;;
      *) run crown_court_onecrown.csv crown_court.json "$split" "$r" ;;
    esac
  done
done
for split in 2016-12-31 2017-12-31 2018-03-31; do
  run crown_court_legacy.csv crown_court.json "$split" projected
  run crown_court_legacy.csv crown_court.json "$split" projected --no-capacity
done
for split in 2017-12-31 2018-12-31 2019-12-31 2021-12-31 2022-12-31; do
  for r in projected known; do
    case "$split" in
      2021-12-31|2022-12-31) run magistrates_legacy.csv magistrates.json "$split" "$r" --exclude 2020-06-30 ;;
      *) run magistrates_legacy.csv magistrates.json "$split" "$r" ;;
    esac
  done
  case "$split" in
    2021-12-31|2022-12-31) run magistrates_legacy.csv magistrates_delay.json "$split" projected --exclude 2020-06-30 ;;
    *) run magistrates_legacy.csv magistrates_delay.json "$split" projected ;;
  esac
done
for split in 2021-12-31 2022-12-31 2023-09-30; do
  for r in projected known; do
    case "$split" in
      2021-12-31) run magistrates_revised.csv magistrates.json "$split" "$r" --window 8 --exclude 2020-06-30 ;;
      *) run magistrates_revised.csv magistrates.json "$split" "$r" --window 8 ;;
    esac
  done
done
