// The email queue outside the server: `npx tsx scripts/send-email-queue.ts --once` drains every
// tenant's due email and exits (crontab fallback: 1 if a tenant's file failed, 0 otherwise);
// without --once it runs as a long-lived worker (for EMAIL_WORKER=off on the server) until SIGTERM.
// The rate limit is the same control DB bucket as the server's, so both may run at once.
import { parseArgs } from "node:util";
import { drainDueTenants, startEmailWorker } from "~/email/worker-loop.server";

const { values } = parseArgs({ options: { once: { type: "boolean", default: false } } });

if (values.once) {
  try {
    let sent = 0;
    const failed = new Map<string, string>();
    for (;;) {
      // Everything due now, one batch per tenant per pass, until no tenant has email due.
      const pass = await drainDueTenants({ batchesPerTenant: 10 });
      sent += pass.sent;
      for (const f of pass.failed) failed.set(f.tenantId, f.error);
      if (!pass.more) break;
    }
    for (const [tenantId, error] of failed) console.error(`✗ tenant ${tenantId}: ${error}`);
    console.log(`Email queue: ${sent} email(s) sent, ${failed.size} tenant(s) failed.`);
    process.exit(failed.size > 0 ? 1 : 0);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  }
} else {
  const worker = startEmailWorker({ log: { info: (d, m) => console.log(m, d), error: (d, m) => console.error(m, d) } });
  const keepAlive = setInterval(() => {}, 60_000);
  const stop = async () => {
    await worker.stop();
    clearInterval(keepAlive);
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
