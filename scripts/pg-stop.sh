#!/usr/bin/env bash
# Stops a server started by scripts/pg-start.sh and removes its directory.
#   bash scripts/pg-stop.sh [dir]     (default: $PICCOLO_PG_DIR)
set -euo pipefail

dir=${1:-${PICCOLO_PG_DIR:-}}
if [[ -z "$dir" ]]; then
  echo "pg-stop: no directory given and PICCOLO_PG_DIR is not set" >&2
  exit 1
fi
if [[ ! -d "$dir" ]]; then
  echo "pg-stop: $dir does not exist; nothing to do" >&2
  exit 0
fi
if [[ ! -f "$dir/.piccolo-pg" ]]; then
  echo "pg-stop: $dir was not made by pg-start.sh; refusing to touch it" >&2
  exit 1
fi

bin=${PICCOLO_PG_BIN:-}
if [[ -z "$bin" && -f "$dir/data/PG_VERSION" ]]; then
  bin="/usr/lib/postgresql/$(cat "$dir/data/PG_VERSION")/bin"
fi
if [[ -z "$bin" || ! -x "$bin/pg_ctl" ]]; then
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi

as_pg=()
if [[ $(id -u) -eq 0 ]]; then
  as_pg=(runuser -u postgres --)
fi

if [[ -n "$bin" && -f "$dir/replica/postmaster.pid" ]]; then
  "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/replica" -m immediate -w stop >/dev/null 2>&1 \
    || echo "pg-stop: replica stop failed" >&2
fi
if [[ -n "$bin" && -f "$dir/data/postmaster.pid" ]]; then
  "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 \
    || "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 \
    || echo "pg-stop: pg_ctl stop failed" >&2
fi
rm -rf "$dir"
echo "pg-stop: stopped and removed $dir" >&2
