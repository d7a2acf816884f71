// Creates an admin or support account — how the first admin of a deployment is made:
//   npx tsx scripts/create-staff.ts --email ops@example.com --name "Ops" --role admin
// The password comes from STAFF_PASSWORD, or a random one is generated and printed once.
import { parseArgs } from "node:util";
import { z } from "zod";
import { controlDb } from "~/lib/control-db.server";
import { migrateAll } from "~/lib/migrate-all.server";
import { createStaffAccount } from "~/platform/staff-account.server";

const Args = z.object({
  email: z.string().email("--email: a valid email is required"),
  name: z.string().min(2, "--name: at least 2 characters"),
  role: z.enum(["admin", "support"], { errorMap: () => ({ message: "--role: admin or support" }) }),
});

const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string", default: "admin" } } });
const parsed = Args.safeParse(values);
if (!parsed.success) {
  console.error(parsed.error.issues.map((i) => i.message).join("\n"));
  process.exit(2);
}
try {
  migrateAll();
  const { user, password, generated } = await createStaffAccount(controlDb(), { ...parsed.data, password: process.env.STAFF_PASSWORD || undefined });
  console.log(`Created ${user.platformRole} account ${user.email}.`);
  if (generated) console.log(`Password (shown once, store it in your password manager): ${password}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
