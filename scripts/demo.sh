#!/usr/bin/env bash
# The README's first command (`npm run demo`): install, build, migrate, seed demo data, start on :3000.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci
npm run build >/dev/null   # the app and its worker bundles (imports, bulk actions)
npx tsx scripts/migrate.ts
npx tsx scripts/seed.ts          # safe to re-run: keeps existing demo data (use --reset to start over)
npx tsx scripts/aggregate-kpis.ts --all   # the nightly KPI job, so the dashboard has history
echo "Coach OS on http://localhost:${PORT:-3000}"
# The server runs in production mode; the demo is local HTTP with a throwaway secret.
export SESSION_SECRET="${SESSION_SECRET:-demo-only-secret-not-for-production}" SECURE_COOKIES="${SECURE_COOKIES:-false}"
NODE_ENV=production exec npx tsx server.ts
