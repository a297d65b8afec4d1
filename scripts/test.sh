#!/usr/bin/env bash
# The README's second command (and what .ci/run calls): install what is missing, build, and run
# the whole test suite with CTest, then rebuild the core tests with address and
# undefined-behaviour sanitizers and run them; then the parallel replication tests under
# ThreadSanitizer, and a short libFuzzer run of each input reader (fuzz/run_fuzzers.sh).
# Exits non-zero if anything fails.
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

echo "== parallel replication tests under ThreadSanitizer =="
step=$SECONDS
cmake --preset tsan >/dev/null
cmake --build --preset tsan -j2
ctest --preset tsan
echo "(tsan step: $((SECONDS - step)) s)"

echo "== fuzz each reader (libFuzzer + ASan + UBSan, FUZZ_SECONDS=${FUZZ_SECONDS:-20} s each) =="
step=$SECONDS
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j2
bash fuzz/run_fuzzers.sh
echo "(fuzz step: $((SECONDS - step)) s)"
