import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { setupTestDb } from "../../tests/helpers";
import { closeControlDb } from "~/lib/control-db.server";
import { resetEnvForTests } from "~/env.server";
import { loader } from "./healthz";

afterEach(() => closeControlDb());

describe("/healthz", () => {
  it("answers 200 with the checks and the version when the control DB answers", async () => {
    setupTestDb();
    const res = await loader();
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: "ok", checks: { controlDb: true, tenantsDirWritable: true } });
    expect(body.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("answers 503 when the control DB cannot be read", async () => {
    const broken = path.join(path.dirname(process.env.CONTROL_DB_PATH!), "broken.sqlite");
    fs.writeFileSync(broken, "not a database at all, just text that is long enough to have a header");
    const saved = process.env.CONTROL_DB_PATH;
    process.env.CONTROL_DB_PATH = broken;
    resetEnvForTests();
    try {
      const res = await loader();
      expect(res.status).toBe(503);
      const body = await res.json();
      expect(body.status).toBe("error");
      expect(body.checks.controlDb).toBe(false);
      expect(body.errors[0]).toMatch(/control DB/);
    } finally {
      process.env.CONTROL_DB_PATH = saved;
      resetEnvForTests();
    }
  });
});
