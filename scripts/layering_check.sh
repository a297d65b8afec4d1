#!/usr/bin/env bash
# Layering check (CTest "layering"): dependencies run cli -> analysis -> scenarios -> models ->
# sim, never back. The two other front ends sit beside cli: python/ (the Python module) and
# cluster/ (MPI, used by cli only). Fails, listing each offending line, if a layer includes a
# layer to its left or a library it must not use:
#   sim/        must not include models/ scenarios/ analysis/ cli/ cluster/ python/ nlohmann/ boost/
#   models/     must not include scenarios/ analysis/ cli/ cluster/ python/
#   scenarios/  must not include analysis/ cli/ cluster/ python/
#   analysis/   must not include cli/ cluster/ python/
#   cluster/    must not include cli/ python/
#   python/     must not include cli/ cluster/
# Usage: scripts/layering_check.sh [REPO_ROOT]   (default: the repository holding this script)
set -euo pipefail
root="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
status=0

check() {
  local layer="$1" forbidden="$2"
  [[ -d "$root/$layer" ]] || return 0
  local hits
  # #include "x/..." or <x/...>, allowing spaces after '#'.
  hits=$(grep -rnE --include='*.hpp' --include='*.cpp' --include='*.h' --include='*.cc' \
           "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"](${forbidden})/" "$root/$layer" || true)
  if [[ -n "$hits" ]]; then
    echo "layering: $layer/ must not include ${forbidden//|/, }:" >&2
    echo "$hits" | sed "s|^$root/|  |" >&2
    status=1
  fi
}

check sim 'models|scenarios|analysis|cli|cluster|python|nlohmann|boost'
check models 'scenarios|analysis|cli|cluster|python'
check scenarios 'analysis|cli|cluster|python'
check analysis 'cli|cluster|python'
check cluster 'cli|python'
check python 'cli|cluster'

if [[ $status -eq 0 ]]; then echo "layering: ok"; fi
exit $status
