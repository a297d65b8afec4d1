#!/usr/bin/env bash
# The README's first command: install what is missing, build courtflow (Release), and run the
# England & Wales reference model. Output goes to out/england-wales/ (summary.json,
# timeseries.csv); the terminal shows the run summary.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j2
./build/release/cli/courtflow run models/reference/england_wales.json --out out/england-wales --force "$@"
