#!/usr/bin/env bash
# Starts the built app on a throwaway data directory, seeded, for the Playwright suite.
set -euo pipefail
cd "$(dirname "$0")/.."
export CONTROL_DB_PATH=.e2e/control.sqlite TENANTS_DIR=.e2e/tenants
export SESSION_SECRET=e2e-session-secret-0123456789 SECURE_COOKIES=false
# Webhooks verified with this secret (tests/e2e/billing-flow.spec.ts signs with it); no API key:
# online payment shows as not configured, as on a machine without Stripe keys.
export STRIPE_WEBHOOK_SECRET=whsec_e2e_billing_flow
# Tests sign Resend webhook events with app/email/resend-webhook.test-helpers.ts (same secret).
export RESEND_WEBHOOK_SECRET=whsec_Y29hY2gtb3MtcmVzZW5kLXdlYmhvb2stdGVzdC1zZWNyZXQ=
export PORT="${PORT:-3100}"
rm -rf .e2e
npx tsx scripts/migrate.ts
npx tsx scripts/seed.ts --coaches 1 --leads 60
npx tsx scripts/aggregate-kpis.ts --all      # the nightly job, run after the seed as in production
NODE_ENV=production exec npx tsx server.ts
