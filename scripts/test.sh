#!/usr/bin/env bash
# The CI entry point: installs dependencies, starts a throw-away PostgreSQL, then
# configures, builds and tests piccolo with GCC 12 (build/gcc) and Clang 16 (build/clang),
# then runs the runtime suite under sanitizers (build/asan: AddressSanitizer +
# UndefinedBehaviorSanitizer, every test; build/tsan: ThreadSanitizer, the async and pool
# tests) and each libFuzzer target of tests/fuzz for a bounded time (build/fuzz).
# Exits non-zero if any phase fails. Extra arguments are passed to both ctest runs
# (e.g. `bash scripts/test.sh -R compile_fail`). PICCOLO_SANITIZERS=0 skips the sanitizer
# phases, PICCOLO_FUZZ_SECONDS=0 the fuzzing (default: 10 s a target).
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

# ---- Sanitizers (GCC): only the runtime test binary, -O0 -g, in build/asan and build/tsan.
# -O0 halves the build (the instrumented optimiser dominated it: objects tests took 870 s
# at -O1) for a suite that runs in about a minute either way. Every finding stops the run
# with a non-zero exit (halt_on_error, -fno-sanitize-recover).
# PICCOLO_SANITIZERS=0 skips both phases.
run_sanitizer() { # run_sanitizer NAME FLAGS GTEST_FILTER [cmake args...]
  local name=$1 flags=$2 filter=$3; shift 3
  local dir=build/$name
  if [[ -f $dir/CMakeCache.txt ]] && ! grep -q "^CMAKE_GENERATOR:INTERNAL=$generator\$" "$dir/CMakeCache.txt"; then
    rm -rf "$dir"
  fi
  # -Wno-maybe-uninitialized: GCC's -O1 flow analysis misfires on Asio's use_future
  phase "$name:configure" cmake -S . -B "$dir" -G "$generator" -DCMAKE_CXX_COMPILER=g++ \
    -DCMAKE_BUILD_TYPE=None "-DCMAKE_CXX_FLAGS=-O0 -g -fno-omit-frame-pointer $flags -Wno-maybe-uninitialized" \
    "-DCMAKE_EXE_LINKER_FLAGS=$flags" -DPICCOLO_BUILD_BENCHMARKS=OFF -DPICCOLO_BUILD_EXAMPLES=OFF "$@" || return 1
  phase "$name:build" cmake --build "$dir" -j "$jobs" --target piccolo_runtime_tests || return 1
  # one process for the whole suite (ctest would start one per test, each paying the
  # sanitizer's start-up); run where ctest would run it
  phase "$name:run" bash -c 'cd "$1/tests" && exec ./piccolo_runtime_tests --gtest_filter="$2" --gtest_brief=1' \
    _ "$dir" "$filter"
}

if [[ ${PICCOLO_SANITIZERS:-1} != 0 ]]; then
  export ASAN_OPTIONS=halt_on_error=1:abort_on_error=0:detect_leaks=1:strict_init_order=1:check_initialization_order=1
  export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
  # second_deadlock_stack: both stacks of a lock-order inversion
  # tests/tsan.supp: a false report on Boost.Asio's executor reference count, explained there
  export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tests/tsan.supp"
  # The whole runtime suite, every engine, under AddressSanitizer + UndefinedBehaviorSanitizer.
  # GCC 12's null/nonnull-attribute checks break constant evaluation of valid static_asserts
  # over constexpr tables (`&table.columns[i] != 0 is not a constant expression`, e.g. in
  # alter.hpp): those three checks are off; AddressSanitizer still traps a null access.
  run_sanitizer asan "-fsanitize=address,undefined -fno-sanitize=null,nonnull-attribute,returns-nonnull-attribute -fno-sanitize-recover=all" "*"
  # The asynchronous and pool tests under ThreadSanitizer (io_context on several threads),
  # built from the test files that hold such tests only.
  # GoogleTest is built from source with the same flags; -Wno-tsan: GCC warns that
  # std::atomic_thread_fence (used by Asio) is not instrumented.
  run_sanitizer tsan "-fsanitize=thread -Wno-tsan" "*async*:*pool*" -DPICCOLO_GTEST_FROM_SOURCE=ON \
    "-DPICCOLO_RUNTIME_TEST_CONTAINING=async|pool"
fi

# ---- Fuzzing (libFuzzer, Clang 16): each target of tests/fuzz for PICCOLO_FUZZ_SECONDS
# (default 10), starting from its seed corpus tests/fuzz/corpus/<target>/. New inputs go
# to build/fuzz/corpus/<target>/, a crashing input to build/fuzz/artifacts/.
# PICCOLO_FUZZ_SECONDS=0 skips the phase.
run_fuzzers() {
  local dir=build/fuzz seconds=$1 rc=0 target symbolizer
  # readable stacks in a crash report, where an llvm-symbolizer is installed
  symbolizer=$(command -v llvm-symbolizer-16 || command -v llvm-symbolizer || true)
  [[ -n $symbolizer ]] && export ASAN_SYMBOLIZER_PATH=$symbolizer
  for target in $(sed -n 's/^set(PICCOLO_FUZZ_TARGETS \(.*\))$/\1/p' tests/fuzz/CMakeLists.txt); do
    mkdir -p "$dir/corpus/$target" "$dir/artifacts" "tests/fuzz/corpus/$target"
    echo "---- fuzz_$target (${seconds}s)"
    local log=$dir/$target.log status
    "$dir/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$dir/artifacts/$target-" \
      "$dir/corpus/$target" "tests/fuzz/corpus/$target" >"$log" 2>&1
    status=$?
    if [[ $status -ne 0 ]]; then
      tail -n 60 "$log"
      echo "test.sh: fuzz_$target found a failing input (exit $status): see $dir/artifacts/$target-* and $log" >&2
      rc=1
    else
      grep -E '^(Done|stat::number_of_executed_units|stat::new_units_added)' "$log" | tr '\n' ' '
      echo
    fi
  done
  return $rc
}

fuzz_seconds=${PICCOLO_FUZZ_SECONDS:-10}
if [[ $fuzz_seconds != 0 ]]; then
  if phase fuzz:configure cmake -S . -B build/fuzz -G "$generator" -DCMAKE_CXX_COMPILER=clang++-16 \
       -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS=-stdlib=libc++ -DPICCOLO_GTEST_FROM_SOURCE=ON \
       -DPICCOLO_BUILD_FUZZERS=ON -DPICCOLO_BUILD_BENCHMARKS=OFF -DPICCOLO_BUILD_EXAMPLES=OFF &&
     phase fuzz:build cmake --build build/fuzz -j "$jobs" --target piccolo_fuzzers; then
    phase fuzz:run run_fuzzers "$fuzz_seconds"
  fi
fi

echo
echo "==== summary (total $((SECONDS - start_all))s)"
printf '  %s\n' "${summary[@]}"
[[ ${#ctest_lines[@]} -gt 0 ]] && printf '  ctest %s\n' "${ctest_lines[@]}"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "test.sh: FAILED: ${failed[*]}"
  exit 1
fi
echo "test.sh: all phases passed"
