#!/usr/bin/env bash
# Before/after check for engine speed work: runs the reference models, a 10-year England &
# Wales model and the shipped scenarios with two `courtflow` binaries and compares every output
# file byte for byte (summary.json with performance.wall_seconds blanked, the only field that
# may differ). An engine change that claims "outputs unchanged" must pass this:
#   bench/compare_outputs.sh OLD/courtflow NEW/courtflow [WORK_DIR]
# ONLY=name (e.g. ONLY=ew10) runs one of the cases below.
# Exit 0 when every output is identical, 1 otherwise (the differing files are named).
set -euo pipefail
old=$1
new=$2
work=${3:-$(mktemp -d)}
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$work"

# The England & Wales model over 10 years (the horizon is a model field; there is no option).
ew10="$work/england_wales_10y.json"
sed 's/"horizon_days": 1826,/"horizon_days": 3650,/' "$here/models/reference/england_wales.json" >"$ew10"
grep -q '"horizon_days": 3650,' "$ew10"

# The same model with a hundredth of its open caseload over 2 years: initial work that is not
# national (the engine sorts it by comparison, and its calendar is sized as a small model's).
ew_small="$work/england_wales_small.json"
python3 - "$here/models/reference/england_wales.json" "$ew_small" <<'PY'
import json, sys
model = json.load(open(sys.argv[1]))
model["horizon_days"] = 730
for wip in model["initial_wip"]:
    wip["count"] = wip["count"] // 100
json.dump(model, open(sys.argv[2], "w"), indent=1)
PY

# name|input|extra options
runs=(
  "ew|$here/models/reference/england_wales.json|--replications 4 --seed 7"
  "ew10|$ew10|--replications 2 --seed 7"
  "ew_small|$ew_small|--replications 4 --seed 7"
  "ew2023|$here/models/reference/england_wales_2023.json|--replications 4 --seed 7"
  "divorce|$here/models/reference/divorce.json|--replications 4 --seed 7"
  "divorce_fix|$here/scenarios/examples/divorce_fix_review.json|--replications 3 --seed 11"
  "ew_sitting|$here/scenarios/examples/ew_more_sitting_days.json|--replications 2 --seed 3"
  "ew_powers|$here/scenarios/examples/ew_magistrates_sentencing_powers.json|--replications 2 --seed 3 --period quarter"
  "ew_charge|$here/scenarios/examples/ew_police_charge_rate_rise.json|--replications 2 --seed 5 --over 200"
)

status=0
for spec in "${runs[@]}"; do
  IFS='|' read -r name input options <<<"$spec"
  [[ -n ${ONLY:-} && $name != "$ONLY" ]] && continue
  for side in old new; do
    bin=$old
    [[ $side == new ]] && bin=$new
    rm -rf "$work/$side/$name"
    # shellcheck disable=SC2086
    "$bin" run "$input" $options --threads 2 --out "$work/$side/$name" >/dev/null
    # The wall time is the one field allowed to differ.
    sed -i 's/"wall_seconds": [0-9.eE+-]*/"wall_seconds": 0/' "$work/$side/$name/summary.json"
  done
  for f in "$work/old/$name"/*; do
    b=$(basename "$f")
    if cmp -s "$f" "$work/new/$name/$b"; then
      echo "same     $name/$b"
    else
      echo "DIFFERS  $name/$b"
      status=1
    fi
  done
  if [[ $(ls "$work/old/$name" | wc -l) != $(ls "$work/new/$name" | wc -l) ]]; then
    echo "DIFFERS  $name: different files"
    status=1
  fi
done
exit $status
