#!/usr/bin/env bash
# The README's test command (`npm test`): everything CI runs, in order.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci
bash scripts/ensure-chromium.sh
bash scripts/ensure-pdf-tools.sh
echo "== typecheck"; npx tsc
rm -rf .test-results
# Built first: the integration tests boot the real server on the built app.
echo "== build"; npm run build >/dev/null
echo "== unit and integration tests (vitest)"; npx vitest run --reporter=default --reporter=json --outputFile.json=.test-results/vitest.json
echo "== end-to-end tests (Playwright, JavaScript on and off)"; npx playwright test
node scripts/test-summary.mjs
