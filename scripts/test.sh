#!/usr/bin/env bash
# The CI entry point: installs dependencies, starts a throw-away PostgreSQL, then
# configures, builds and tests piccolo with GCC 12 (build/gcc) and Clang 16 (build/clang).
# Exits non-zero if any phase fails. Extra arguments are passed to both ctest runs
# (e.g. `bash scripts/test.sh -R compile_fail`).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

jobs=${PICCOLO_JOBS:-2}
start_all=$SECONDS
failed=()
summary=()

phase() { # phase NAME CMD... : runs CMD, records its time and result
  local name=$1; shift
  local t0=$SECONDS rc
  echo
  echo "==== [$name] $*"
  "$@"
  rc=$?
  local dt=$((SECONDS - t0))
  if [[ $rc -eq 0 ]]; then
    summary+=("$(printf '%-16s %5ss  ok' "$name" "$dt")")
  else
    summary+=("$(printf '%-16s %5ss  FAILED (exit %s)' "$name" "$dt" "$rc")")
    failed+=("$name")
  fi
  echo "==== [$name] done in ${dt}s (exit $rc)"
  return $rc
}

phase deps bash scripts/install-deps.sh || { echo "test.sh: dependency installation failed" >&2; exit 1; }

generator="Unix Makefiles"
command -v ninja >/dev/null 2>&1 && generator=Ninja

# ---- PostgreSQL
pg_env=$(bash scripts/pg-start.sh) || { echo "test.sh: could not start PostgreSQL" >&2; exit 1; }
eval "$pg_env"
export PICCOLO_PG_CONNINFO PICCOLO_PG_DIR
export PICCOLO_PG_REPLICA_CONNINFO=${PICCOLO_PG_REPLICA_CONNINFO:-}
trap 'bash "$root/scripts/pg-stop.sh" "$PICCOLO_PG_DIR" || true' EXIT
echo "test.sh: PICCOLO_PG_CONNINFO='$PICCOLO_PG_CONNINFO'"

ctest_lines=()

run_compiler() { # run_compiler NAME CXX [cmake args...]
  local name=$1 cxx=$2; shift 2
  local dir=build/$name
  if ! command -v "$cxx" >/dev/null 2>&1; then
    echo "test.sh: compiler $cxx not found" >&2
    failed+=("$name")
    summary+=("$(printf '%-16s %5s   FAILED (%s not found)' "$name" "-" "$cxx")")
    return 1
  fi
  # A cache from another generator or compiler cannot be reused.
  if [[ -f $dir/CMakeCache.txt ]] && ! grep -q "^CMAKE_GENERATOR:INTERNAL=$generator\$" "$dir/CMakeCache.txt"; then
    rm -rf "$dir"
  fi
  phase "$name:configure" cmake -S . -B "$dir" -G "$generator" \
    -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=Release "$@" || return 1
  local keep_going=()
  [[ $generator == Ninja ]] && keep_going=(-- -k 0)
  phase "$name:build" cmake --build "$dir" -j "$jobs" "${keep_going[@]}"
  # Run the tests even after a failed build: whatever did build still reports.
  local log=$dir/ctest.log
  phase "$name:ctest" bash -c 'set -o pipefail; ctest --test-dir "$1" --output-on-failure -j "$2" "${@:3}" 2>&1 | tee "$1/ctest.log"' \
    _ "$dir" "$jobs" "${ctest_args[@]}"
  local line
  line=$(grep -E 'tests passed|No tests were found' "$log" 2>/dev/null | tail -n 1)
  ctest_lines+=("$name: ${line:-no ctest summary}")
}

ctest_args=("$@")
run_compiler gcc g++
# Clang 16 with libc++: libstdc++ 12's std::string is not usable in constant
# expressions under Clang, and piccolo reads member initializers at compile time.
run_compiler clang clang++-16 -DCMAKE_CXX_FLAGS=-stdlib=libc++ -DPICCOLO_GTEST_FROM_SOURCE=ON \
  -DPICCOLO_BUILD_BENCHMARKS=OFF -DPICCOLO_BUILD_EXAMPLES=OFF

echo
echo "==== summary (total $((SECONDS - start_all))s)"
printf '  %s\n' "${summary[@]}"
[[ ${#ctest_lines[@]} -gt 0 ]] && printf '  ctest %s\n' "${ctest_lines[@]}"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "test.sh: FAILED: ${failed[*]}"
  exit 1
fi
echo "test.sh: all phases passed"
