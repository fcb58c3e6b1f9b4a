#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer on the addresses in DATABASE_URL / REDIS_URL (defaults:
# the local ones). Starts the machine's own services when they are installed but down; otherwise
# says exactly what to do. Sourced by demo.sh and test.sh.
set -euo pipefail

pg_url="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/shellcase}"
redis_url="${REDIS_URL:-redis://127.0.0.1:6379/0}"
pg_host=$(node -e 'const u=new URL(process.argv[1]);console.log(u.hostname||"127.0.0.1")' "$pg_url")
pg_port=$(node -e 'const u=new URL(process.argv[1]);console.log(u.port||5432)' "$pg_url")
redis_host=$(node -e 'const u=new URL(process.argv[1]);console.log(u.hostname||"127.0.0.1")' "$redis_url")
redis_port=$(node -e 'const u=new URL(process.argv[1]);console.log(u.port||6379)' "$redis_url")

pg_up() { pg_isready -q -h "$pg_host" -p "$pg_port" 2>/dev/null; }
redis_up() { node -e '
  const net=require("net");const s=net.connect(+process.argv[2],process.argv[1]);
  s.setTimeout(1000,()=>process.exit(1));s.on("error",()=>process.exit(1));
  s.on("connect",()=>s.write("PING\r\n"));s.on("data",d=>process.exit(String(d).startsWith("+PONG")?0:1));' "$redis_host" "$redis_port"; }

wait_for() { local what=$1 check=$2; for _ in $(seq 1 30); do $check && return 0; sleep 1; done; echo "$what did not come up" >&2; return 1; }

if ! pg_up; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    echo "Starting the local PostgreSQL…" >&2
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
    wait_for PostgreSQL pg_up
  else
    cat >&2 <<MSG
PostgreSQL is not reachable at $pg_host:$pg_port.
Start one (e.g. 'docker compose up -d postgres'), or set DATABASE_URL in .env to a server you have.
MSG
    exit 1
  fi
fi

if ! redis_up; then
  if command -v redis-server >/dev/null; then
    echo "Starting the local Redis…" >&2
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$redis_port" --save "" --appendonly no \
      --maxmemory-policy noeviction --dir "${TMPDIR:-/tmp}" >/dev/null
    wait_for Redis redis_up
  else
    cat >&2 <<MSG
Redis is not reachable at $redis_host:$redis_port.
Start one (e.g. 'docker compose up -d redis'), or set REDIS_URL in .env to a server you have.
MSG
    exit 1
  fi
fi
