#!/usr/bin/env bash
# The README's second command (and what .ci/run calls): install what is missing, build, and run
# the whole test suite with CTest, then rebuild the core tests with address and
# undefined-behaviour sanitizers and run them. Exits non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh --test

echo "== build and test (Release, all tests) =="
cmake --preset ci >/dev/null
cmake --build --preset ci -j2
ctest --preset ci

echo "== core tests under AddressSanitizer + UndefinedBehaviorSanitizer =="
cmake --preset asan >/dev/null
cmake --build --preset asan -j2
ctest --preset asan
