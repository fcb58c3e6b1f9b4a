#!/usr/bin/env bash
# `npm run demo`: from a fresh clone to a running Shellcase with a sample investigation.
# Installs dependencies, makes sure Postgres and Redis are up, migrates, loads the sample data,
# builds, then runs the web app and the worker until Ctrl-C. Their output goes to data/logs/
# (named when they start), so that a server error is never silently lost.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
PORT="${PORT:-3000}"
# --workspace: also start a local Log Analytics workspace (scripts/fake-workspace) whose Defender
# alerts arrive over the next minutes, pulled by the worker as from a real Sentinel workspace.
WORKSPACE=""
for arg in "$@"; do
  case "$arg" in
    --workspace) WORKSPACE=1 ;;
    *) echo "usage: npm run demo [-- --workspace]" >&2; exit 2 ;;
  esac
done

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== installing dependencies"
  npm install --no-audit --no-fund
fi
[ -f .env ] || { cp .env.example .env; echo "== wrote .env from .env.example"; }
# The web app signs session cookies with NEXTAUTH_SECRET: give this machine's .env its own.
if ! grep -Eq '^NEXTAUTH_SECRET=.{32,}' .env; then
  secret=$(node -e 'process.stdout.write(require("node:crypto").randomBytes(32).toString("base64"))')
  if grep -q '^NEXTAUTH_SECRET=' .env; then
    sed -i.bak "s|^NEXTAUTH_SECRET=.*|NEXTAUTH_SECRET=$secret|" .env && rm -f .env.bak
  else
    printf '\n# Written by npm run demo: signs session cookies.\nNEXTAUTH_SECRET=%s\n' "$secret" >>.env
  fi
  echo "== wrote a random NEXTAUTH_SECRET into .env"
fi
# Data sources' secrets are sealed with SOURCE_SECRET_KEY: give this machine's .env its own.
if [ -n "$WORKSPACE" ] && ! grep -Eq '^SOURCE_SECRET_KEY=.{40,}' .env; then
  key=$(node -e 'process.stdout.write(require("node:crypto").randomBytes(32).toString("base64"))')
  if grep -q '^SOURCE_SECRET_KEY=' .env; then
    sed -i.bak "s|^SOURCE_SECRET_KEY=.*|SOURCE_SECRET_KEY=$key|" .env && rm -f .env.bak
  else
    printf '\n# Written by npm run demo: seals the secrets of data sources.\nSOURCE_SECRET_KEY=%s\n' "$key" >>.env
  fi
  echo "== wrote a random SOURCE_SECRET_KEY into .env"
fi
set -a; . ./.env; set +a

echo "== services"
bash scripts/ensure-services.sh
npx tsx scripts/ensure-database.ts
echo "== migrations"
migrate_log=$(mktemp)
npm run -s db:migrate >"$migrate_log" 2>&1 || { cat "$migrate_log"; exit 1; }
rm -f "$migrate_log"
echo "== sample investigation"
npx tsx scripts/demo-data.ts
if [ ! -f .next/BUILD_ID ] || [ -n "$(find app lib components next.config.js -newer .next/BUILD_ID -print -quit 2>/dev/null)" ]; then
  echo "== building the web app"
  npm run -s build >/dev/null
fi

logs=data/logs
mkdir -p "$logs"
echo "== starting worker and web app (output: $logs/worker.log, $logs/web.log)"
# Job control gives each background job its own process group, so that stopping the demo stops
# npm, tsx, next and their children together.
set -m
pids=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM
if [ -n "$WORKSPACE" ]; then
  rm -f data/demo-workspace.json
  npx tsx scripts/fake-workspace/main.ts --out data/demo-workspace.json --trickle 30 >>"$logs/workspace.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do [ -s data/demo-workspace.json ] && break; sleep 1; done
  [ -s data/demo-workspace.json ] || { echo "!! the local workspace did not start; see $logs/workspace.log" >&2; exit 1; }
  npx tsx --env-file-if-exists=.env scripts/demo-source.ts data/demo-workspace.json
fi
npm run -s worker >>"$logs/worker.log" 2>&1 &
pids+=($!)
npx next start -p "$PORT" >>"$logs/web.log" 2>&1 &
pids+=($!)
up=""
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1 && { up=1; break; }
  sleep 1
done
if [ -z "$up" ]; then
  echo "!! the web app did not answer on port $PORT within 60 s; the end of $logs/web.log:" >&2
  tail -n 30 "$logs/web.log" >&2
  exit 1
fi
cat <<MSG

  Shellcase is running: http://localhost:$PORT
  Sign in with a demo account (DEMO ONLY: these passwords are public):
    admin@shellcase.demo    demo-admin-password      admin: also manages users
    analyst@shellcase.demo  demo-analyst-password    analyst: imports, works cases
    viewer@shellcase.demo   demo-viewer-password     viewer: reads
  Sample data: two IIS servers (WEB01, WEB02), three days of traffic, a web shell planted on WEB01,
  the same attacker back on WEB02 two days later, and the Defender alerts both raised: two cases
  that name each other, one attacker profile. Ctrl-C stops web and worker.${WORKSPACE:+
  Local workspace: a second scenario's Defender alerts reach it one every 30 s; the worker pulls
  them every minute (Admin → Sources shows the cursor) and fetches the IIS logs each one needs.}
  Server output: $logs/web.log (web app), $logs/worker.log (worker); e.g. tail -f $logs/*.log

MSG
wait -n "${pids[@]}"
