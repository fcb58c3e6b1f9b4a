#!/usr/bin/env bash
# `npm test`: installs what is missing, makes sure Postgres and Redis are up, then runs every
# suite — lint, typecheck, migration drift, unit, integration (real Postgres and Redis), e2e
# (the built app in Debian's Chromium) — and ends with one line: "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm install" >&2
  npm install --no-audit --no-fund
fi
bash scripts/ensure-services.sh
bash scripts/ensure-chromium.sh

report=$(mktemp -d)
trap 'rm -rf "$report"' EXIT

echo "== lint"
npm run -s lint
echo "== typecheck"
npm run -s typecheck
echo "== migrations match the schema"
# The diff only needs a server to make its shadow database in: the maintenance database always
# exists, the app's own (DATABASE_URL) may not on a fresh machine.
DATABASE_URL="${SHELLCASE_TEST_ADMIN_URL:-postgresql://postgres@127.0.0.1:5432/postgres}" \
  npx prisma migrate diff --from-migrations prisma/migrations --to-schema-datamodel prisma/schema.prisma --exit-code >/dev/null
echo "== unit and integration tests"
npx vitest run --reporter=default --reporter=json --outputFile.json="$report/vitest.json"
echo "== build"
npm run -s build >"$report/build.log" 2>&1 || { cat "$report/build.log"; exit 1; }
echo "== e2e"
# Two servers: the tests' own and one with the .env `npm run demo` writes (project demo-env).
# A failing run still reaches the closing line; an error outside any test (the global teardown's
# server-log check) counts as a failure there.
e2e_status=0
PLAYWRIGHT_JSON_OUTPUT_NAME="$report/playwright.json" npx playwright test --reporter=list,json || e2e_status=$?

node -e '
  const fs = require("fs");
  const v = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  const p = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  const passed = v.numPassedTests + (p.stats.expected ?? 0) + (p.stats.flaky ?? 0);
  const failed = v.numFailedTests + (p.stats.unexpected ?? 0) + (p.errors?.length ?? 0);
  const skipped = v.numPendingTests + v.numTodoTests + (p.stats.skipped ?? 0);
  console.log(`\nTests: ${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
  process.exit(failed || Number(process.argv[3]) ? 1 : 0);
' "$report/vitest.json" "$report/playwright.json" "$e2e_status"
