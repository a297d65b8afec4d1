#!/bin/sh
# Regenerates the England & Wales reference models from the published statistics and checks
# that they are byte for byte the committed files (so that nobody edits a generated model by
# hand, and the derivation stays reproducible).
#
#   scripts/reference/check_generated.sh [DATA_DIR]
#
# DATA_DIR defaults to <repo>/../shared/data/moj. Exit 0: identical; 1: different (a diff is
# printed); 77: skipped, because the data folder is not there (it is not part of the
# repository, e.g. on a clean CI clone).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
data=${1:-$repo/../shared/data/moj}
if [ ! -d "$data" ]; then
  echo "skipped: no data folder $data"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
python3 "$here/build_england_wales.py" --data "$data" --out "$tmp/england_wales.json" >/dev/null
python3 "$here/build_england_wales.py" --data "$data" --calibration --out "$tmp/england_wales_2023.json" >/dev/null
for f in england_wales.json england_wales_2023.json; do
  if cmp -s "$tmp/$f" "$repo/models/reference/$f"; then
    echo "ok: models/reference/$f is reproduced byte for byte"
  else
    echo "DIFFERENT: models/reference/$f is not what the script writes:"
    diff "$repo/models/reference/$f" "$tmp/$f" | head -40 || true
    status=1
  fi
done
exit $status
