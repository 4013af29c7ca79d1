#!/usr/bin/env bash
# Builds and runs the playground demo (SQLite; no server needed). Arguments are passed
# to the playground. The database file piccolo.sqlite lands in build/demo.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-deps.sh --demo   # a compiler, CMake, Ninja, Boost, range-v3, SQLite: no server

generator="Unix Makefiles"
command -v ninja >/dev/null 2>&1 && generator=Ninja
if [[ -f build/demo/CMakeCache.txt ]] && ! grep -q "^CMAKE_GENERATOR:INTERNAL=$generator\$" build/demo/CMakeCache.txt; then
  rm -rf build/demo
fi

cmake -S . -B build/demo -G "$generator" -DCMAKE_CXX_COMPILER=g++ -DCMAKE_BUILD_TYPE=Release \
  -DPICCOLO_BUILD_TESTS=OFF -DPICCOLO_BUILD_BENCHMARKS=OFF -DPICCOLO_BUILD_EXAMPLES=ON
cmake --build build/demo --target playground -j "${PICCOLO_JOBS:-2}"

cd build/demo
exec ./examples/playground "$@"
