#!/usr/bin/env bash
# The README's second command (and what .ci/run calls): install what is missing, build, and run
# the whole test suite with CTest (Release: what users run, with the Python package and the MPI
# tests); then build it all again with clang's address and undefined-behaviour sanitizers and
# run the whole suite once more (the Python tests aside: an instrumented module cannot load into
# Python); then the parallel replication tests under ThreadSanitizer; then a short libFuzzer run
# of each input reader, from the sanitized build (fuzz/run_fuzzers.sh).
# Exits non-zero if anything fails. Each step prints its wall time.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh --test

echo "== build and test (Release, all tests) =="
step=$SECONDS
cmake --preset ci >/dev/null
cmake --build --preset ci -j2
ctest --preset ci
echo "(release step: $((SECONDS - step)) s)"

echo "== the whole suite under AddressSanitizer + UndefinedBehaviorSanitizer (clang) =="
step=$SECONDS
cmake --preset sanitize >/dev/null
cmake --build --preset sanitize -j2
ctest --preset sanitize
echo "(sanitize step: $((SECONDS - step)) s)"

echo "== parallel replication tests under ThreadSanitizer =="
step=$SECONDS
cmake --preset tsan >/dev/null
cmake --build --preset tsan -j2
ctest --preset tsan
echo "(tsan step: $((SECONDS - step)) s)"

echo "== fuzz each reader (the sanitized build's libFuzzer harnesses, FUZZ_SECONDS=${FUZZ_SECONDS:-60} s each, FUZZ_SEED=${FUZZ_SEED:-1}, two at a time) =="
step=$SECONDS
FUZZ_BUILD=build/sanitize bash fuzz/run_fuzzers.sh
echo "(fuzz step: $((SECONDS - step)) s)"
