#!/usr/bin/env bash
# The serve page end to end in Debian's chromium through Playwright (CTest "serve_e2e", label
# serve). playwright-core comes from the npm registry into CACHE_DIR (under the build tree,
# never the repository), once. Exits 77 (CTest's SKIP_RETURN_CODE) with the reason when node,
# npm, the registry or chromium is missing: the test is then reported as skipped, not passed.
# Usage: run_e2e.sh COURTFLOW_EXE SOURCE_DIR CACHE_DIR ARTEFACT_DIR
set -euo pipefail
exe=$1 source=$2 cache=$3 artefacts=$4
skip() { echo "SKIPPED: $*"; exit 77; }
command -v node >/dev/null || skip "node is not installed (the e2e test needs Node.js and npm)"
command -v npm >/dev/null || skip "npm is not installed"
chromium=$(command -v chromium || true)
[ -n "$chromium" ] || skip "chromium is not installed (scripts/install-deps.sh --test)"
if [ ! -f "$cache/node_modules/playwright-core/package.json" ]; then
  mkdir -p "$cache"
  # --ignore-scripts: playwright-core downloads nothing by itself; the browser is Debian's.
  if ! timeout 180 npm install --prefix "$cache" --no-audit --no-fund --ignore-scripts --loglevel=error \
      playwright-core@1 >"$cache/npm-install.log" 2>&1; then
    skip "npm install playwright-core failed (registry unreachable?): $(tail -n 3 "$cache/npm-install.log" | tr '\n' ' ')"
  fi
fi
mkdir -p "$artefacts"
exec node "$source/tests/serve/serve_e2e_test.js" "$exe" "$source" "$cache/node_modules/playwright-core" "$chromium" "$artefacts"
