#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the tests and prints, on stdout only,
#   export PICCOLO_PG_CONNINFO='host=127.0.0.1 port=54329 user=postgres dbname=piccolo_test'
#   export PICCOLO_PG_DIR=/tmp/piccolo-pg.XXXXXX
# Use:  eval "$(bash scripts/pg-start.sh)"   ...   bash scripts/pg-stop.sh
# Environment: PICCOLO_PG_PORT (default 54329; the next free port is taken if busy),
#              PICCOLO_PG_BIN (server bin dir; default: highest /usr/lib/postgresql/*/bin).
# The server listens on 127.0.0.1 and a unix socket in the temp dir, trusts everyone,
# runs with fsync=off, and is ready for a streaming replica (wal_level=replica).
set -euo pipefail

log() { echo "pg-start: $*" >&2; }

bin=${PICCOLO_PG_BIN:-}
if [[ -z "$bin" ]]; then
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi
if [[ -z "$bin" || ! -x "$bin/initdb" || ! -x "$bin/pg_ctl" ]]; then
  log "no PostgreSQL server binaries found (want /usr/lib/postgresql/<ver>/bin; apt-get install postgresql)"
  exit 1
fi

# Run server-side commands as `postgres` when we are root (PostgreSQL refuses root).
as_pg=()
if [[ $(id -u) -eq 0 ]]; then
  if ! id -u postgres >/dev/null 2>&1; then
    log "creating system user postgres"
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin postgres
  fi
  as_pg=(runuser -u postgres --)
fi

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=${PICCOLO_PG_PORT:-54329}
for ((tries = 0; tries < 100; tries++)); do
  port_busy "$port" || break
  port=$((port + 1))
done
if port_busy "$port"; then
  log "no free port found"
  exit 1
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/piccolo-pg.XXXXXX")
touch "$dir/.piccolo-pg"
chmod 755 "$dir"
if [[ $(id -u) -eq 0 ]]; then
  chown -R postgres:postgres "$dir"
fi
data="$dir/data"

fail() {
  log "$*"
  if [[ -f "$dir/server.log" ]]; then
    log "---- server log:"
    cat "$dir/server.log" >&2
  fi
  "${as_pg[@]}" "$bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit 1
}

log "initdb in $data ($bin)"
"${as_pg[@]}" "$bin/initdb" -D "$data" -A trust -U postgres --no-sync -E UTF8 --locale=C \
  >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; fail "initdb failed"; }

cat >>"$data/postgresql.conf" <<CONF

# ---- piccolo test server
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
wal_level = replica
max_wal_senders = 5
max_replication_slots = 5
CONF
cat >>"$data/pg_hba.conf" <<HBA

# ---- piccolo test server
host    all             all             127.0.0.1/32            trust
host    replication     all             127.0.0.1/32            trust
HBA

log "starting on 127.0.0.1:$port"
"${as_pg[@]}" "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start >/dev/null \
  || fail "pg_ctl start failed"

for ((i = 0; i < 60; i++)); do
  if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then
    break
  fi
  sleep 0.5
done
"$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres || fail "server not ready"

"$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres piccolo_test || fail "createdb failed"
log "ready (dir $dir)"

echo "export PICCOLO_PG_CONNINFO='host=127.0.0.1 port=$port user=postgres dbname=piccolo_test'"
echo "export PICCOLO_PG_DIR=$dir"

# ---- a streaming replica of it (PICCOLO_PG_REPLICA=0 to skip): pg_basebackup -R, hot standby
if [[ ${PICCOLO_PG_REPLICA:-1} != 0 ]]; then
  rport=$((port + 1))
  for ((tries = 0; tries < 100; tries++)); do
    port_busy "$rport" || break
    rport=$((rport + 1))
  done
  rdata="$dir/replica"
  log "replica: pg_basebackup into $rdata"
  if timeout 120 "${as_pg[@]}" "$bin/pg_basebackup" -h 127.0.0.1 -p "$port" -U postgres -D "$rdata" -R -X stream -c fast \
       >"$dir/basebackup.log" 2>&1; then
    cat >>"$rdata/postgresql.conf" <<CONF

# ---- piccolo test replica
port = $rport
hot_standby = on
CONF
    if "${as_pg[@]}" "$bin/pg_ctl" -D "$rdata" -l "$dir/replica.log" -w -t 60 start >/dev/null; then
      log "replica ready on 127.0.0.1:$rport"
      echo "export PICCOLO_PG_REPLICA_CONNINFO='host=127.0.0.1 port=$rport user=postgres dbname=piccolo_test'"
    else
      log "replica did not start (tests that need it will be skipped)"
      cat "$dir/replica.log" >&2 || true
    fi
  else
    log "pg_basebackup failed (tests that need a replica will be skipped)"
    cat "$dir/basebackup.log" >&2
  fi
fi
