#!/usr/bin/env bash
# Installs, from Debian 12's archive, whatever courtflow needs to build and test that is not
# installed yet. Safe to run again: it only calls apt-get when something is missing.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  libboost-graph-dev libeigen3-dev libexpat1-dev libtbb-dev nlohmann-json3-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  graphviz
  libjs-vega libxlsxwriter-dev
  libcpp-httplib-dev
)
# Only for the tests (scripts/test.sh passes --test): the report's headless-browser test.
test_packages=(chromium python3)
if [ "${1:-}" = "--test" ]; then packages+=("${test_packages[@]}"); fi
# The Python package (python/): pybind11 and Python's headers to build the module in the normal
# build; pandas, pytest and matplotlib (docs/examples/analyst.py), venv and setuptools (the
# `pip install .` test) for its tests (label python).
packages+=(pybind11-dev python3-dev)
python_test_packages=(python3-pandas python3-numpy python3-pytest python3-matplotlib python3-venv python3-setuptools)
if [ "${1:-}" = "--test" ]; then packages+=("${python_test_packages[@]}"); fi
# Open MPI: the default build shares runs among ranks under mpirun (cluster/, COURTFLOW_MPI);
# openmpi-bin's mpirun also runs the mpi-labelled tests. Without them courtflow builds without MPI.
packages+=(libopenmpi-dev openmpi-bin)
# Also only for the tests: clang with libFuzzer (the "fuzz" preset, fuzz/run_fuzzers.sh).
fuzz_packages=(clang libclang-rt-14-dev)
if [ "${1:-}" = "--test" ]; then packages+=("${fuzz_packages[@]}"); fi
# Only for the peer comparison (bench/peers/run_peers.sh, with --bench): SimPy. Neither the
# build, the tests nor the main command need it.
bench_packages=(python3-simpy3)
if [ "${1:-}" = "--bench" ]; then packages+=("${bench_packages[@]}"); fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "courtflow: installing ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
