#!/usr/bin/env bash
# Installs the Debian 12 packages piccolo needs to build and test. Idempotent:
# only missing packages are installed, and nothing runs when all are present.
set -euo pipefail

packages=(
  build-essential g++ cmake ninja-build clang-16 libc++-16-dev libc++abi-16-dev googletest
  libclang-rt-16-dev  # Clang's libFuzzer and sanitizer runtimes (tests/fuzz)
  libboost1.81-dev libboost-json1.81-dev librange-v3-dev
  libsqlite3-dev sqlite3
  libpq-dev postgresql postgresql-contrib
  libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev  # the piccolo command (tools/)
  time
)

# --demo: only what scripts/demo.sh needs (a compiler, CMake, Ninja, Boost with Boost.JSON, range-v3,
# SQLite); no Clang, no PostgreSQL server, no test or benchmark libraries.
case "${1:-}" in
  "") ;;
  --demo) packages=(g++ make cmake ninja-build libboost1.81-dev libboost-json1.81-dev librange-v3-dev libsqlite3-dev) ;;
  *) echo "usage: install-deps.sh [--demo]" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  if [[ "$status" != "installed" ]]; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-deps: missing packages (${missing[*]}) and not root, no sudo" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
"${as_root[@]}" apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y --no-install-recommends "${missing[@]}"
