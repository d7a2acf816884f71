// Each test file gets its own control DB and tenants directory (vitest isolates files).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "coach-os-test-"));
process.env.CONTROL_DB_PATH = path.join(dir, "control.sqlite");
process.env.TENANTS_DIR = path.join(dir, "tenants");
process.env.NODE_ENV = "test";
delete process.env.RESEND_API_KEY;

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
