import path from "node:path";
import { z } from "zod";

// Configuration is read here and nowhere else; see .env.example for what each variable does.
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  CONTROL_DB_PATH: z.string().min(1).default("db/control.sqlite"),
  TENANTS_DIR: z.string().min(1).default("tenants"),
  SESSION_SECRET: z.string().min(16).optional(),
  APP_URL: z.string().url().optional(),
  RESEND_API_KEY: z.string().min(1).optional(),
  EMAIL_FROM: z.string().min(3).default("Coach OS <noreply@coach-os.local>"),
  TENANT_HANDLE_CACHE: z.coerce.number().int().min(0).default(256),
  SECURE_COOKIES: z.enum(["true", "false"]).optional(),
  TRUST_PROXY: z.enum(["fly", "forwarded", "none"]).default("fly"),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  SEED_PASSWORD: z.string().min(8, "SEED_PASSWORD: at least 8 characters.").optional(),
  /** E-invoicing reform (B2B, from 1 Sept 2027): the approved platform (PA) B2B invoices go through; "none" = not connected. */
  EINVOICING_PLATFORM: z.enum(["none"]).default("none"),
  /** Resend's webhook signing secret (`whsec_…`): `POST /webhooks/resend` refuses everything without it. */
  RESEND_WEBHOOK_SECRET: z.string().min(1).optional(),
  /** Resend API requests per second for all tenants together (Resend's team default is 5/s: stay below). */
  RESEND_RATE_PER_SECOND: z.coerce.number().positive().max(100).default(4),
  /** Run the email queue worker inside the server process (off for a separate worker process). */
  EMAIL_WORKER: z.enum(["on", "off"]).default("on"),
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  STRIPE_API_HOST: z.string().min(1).optional(),
  STRIPE_API_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  STRIPE_API_PROTOCOL: z.enum(["http", "https"]).optional(),
});

export type Env = z.infer<typeof schema> & { SESSION_SECRET: string };

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  // An empty variable (as in .env.example) means "use the default".
  const set = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ""));
  const parsed = schema.safeParse(set);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${issues}`);
  }
  const env = parsed.data;
  if (!env.SESSION_SECRET && env.NODE_ENV === "production") {
    throw new Error("Invalid environment: SESSION_SECRET is required in production (32+ random chars).");
  }
  cached = {
    ...env,
    CONTROL_DB_PATH: path.resolve(env.CONTROL_DB_PATH),
    TENANTS_DIR: path.resolve(env.TENANTS_DIR),
    SESSION_SECRET: env.SESSION_SECRET ?? "dev-only-session-secret-change-me",
  };
  return cached;
}

/** Tests change the environment between files; production never calls this. */
export function resetEnvForTests() {
  cached = undefined;
}
