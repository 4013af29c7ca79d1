#!/usr/bin/env bash
# Measures the cost of compiling a piccolo-heavy TU: wall seconds, CPU seconds (user +
# sys) and max RSS (MiB), averaged over N runs (default 3), and their medians. On a
# shared machine read the CPU seconds and the RSS: other jobs stretch the wall time.
#   bash benchmarks/measure-compile.sh [file.cpp] [runs]
# Environment: CXX (default g++), CXXFLAGS_EXTRA (appended).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

src=${1:-benchmarks/compile_time/twenty_queries.cpp}
runs=${2:-3}
cxx=${CXX:-g++}
[[ -f "$src" ]] || { echo "measure-compile: no such file: $src" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "measure-compile: /usr/bin/time missing (apt-get install time)" >&2; exit 1; }

extra=()
[[ -d /usr/include/postgresql ]] && extra+=(-isystem /usr/include/postgresql)
# shellcheck disable=SC2206
extra+=(${CXXFLAGS_EXTRA:-})

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

total_wall=0
total_rss=0
walls=()
cpus=()
rsss=()
for ((i = 1; i <= runs; i++)); do
  if ! /usr/bin/time -v -o "$tmp/time.txt" \
      "$cxx" -std=c++20 -O2 -c -I include "${extra[@]}" "$src" -o "$tmp/out.o"; then
    echo "measure-compile: compilation failed" >&2
    exit 1
  fi
  # "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:01.23" -> seconds
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
            n = split($2, p, ":"); s = 0
            for (k = 1; k <= n; k++) s = s * 60 + p[k]
            printf "%.2f", s }' "$tmp/time.txt")
  cpu=$(awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ { s += $2 } END { printf "%.2f", s }' "$tmp/time.txt")
  rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tmp/time.txt")
  rss=$(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')
  printf 'run %d: %6.2f s wall  %6.2f s cpu  %8.1f MiB\n' "$i" "$wall" "$cpu" "$rss"
  walls+=("$wall")
  cpus+=("$cpu")
  rsss+=("$rss")
  total_wall=$(awk -v a="$total_wall" -v b="$wall" 'BEGIN { print a + b }')
  total_rss=$(awk -v a="$total_rss" -v b="$rss" 'BEGIN { print a + b }')
done

awk -v w="$total_wall" -v r="$total_rss" -v n="$runs" -v f="$src" -v c="$cxx" 'BEGIN {
  printf "%s (%s -std=c++20 -O2, %d runs): wall %.2f s, max RSS %.1f MiB\n", f, c, n, w / n, r / n }'

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
printf '%s median of %d runs: wall %.2f s, cpu %.2f s, max RSS %.1f MiB (load average now: %s)\n' \
  "$src" "$runs" "$(median "${walls[@]}")" "$(median "${cpus[@]}")" "$(median "${rsss[@]}")" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
