// Demo data: `npx tsx scripts/seed.ts [--reset] [--coaches N] [--leads M]`.
// Paths come from CONTROL_DB_PATH / TENANTS_DIR; the password from SEED_PASSWORD.
import { parseArgs } from "node:util";
import { getEnv } from "~/env.server";
import { formatResult } from "~/seed/report.server";
import { DEFAULT_COACHES, DEFAULT_LEADS, runSeed } from "~/seed/seed.server";

const USAGE = `Usage: npx tsx scripts/seed.ts [--reset] [--coaches N] [--leads M]

  --reset             delete every tenant file and all control rows first
  --coaches N         coaches (tenants) to create, default ${DEFAULT_COACHES}
  --leads M           leads per coach, default ${DEFAULT_LEADS}
  --allow-production  seed even when NODE_ENV=production

Without --reset nothing happens if admin@example.com already exists.`;

function count(value: string | undefined, fallback: number, flag: string) {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${flag} expects a positive integer, got "${value}".`);
  return Number(value);
}

class UsageError extends Error {}

async function main() {
  let args;
  try {
    args = parseArgs({
      options: {
        reset: { type: "boolean", default: false },
        coaches: { type: "string" },
        leads: { type: "string" },
        "allow-production": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const result = await runSeed({
    reset: args.reset,
    coaches: count(args.coaches, DEFAULT_COACHES, "--coaches"),
    leads: count(args.leads, DEFAULT_LEADS, "--leads"),
    password: getEnv().SEED_PASSWORD,
    allowProduction: args["allow-production"],
    onProgress: (done, total) => {
      if (total >= 50 && done % Math.ceil(total / 10) === 0) console.error(`  ${done}/${total} coaches…`);
    },
  });
  console.log(formatResult(result).join("\n"));
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  console.error(`Seed failed: ${error instanceof Error ? error.message : String(error)}`);
  if (process.env.DEBUG && error instanceof Error) console.error(error.stack);
  process.exitCode = 1;
});
