import path from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidTenantIdError, isTenantId, newTenantId, tenantFilePath } from "./tenant-id.server";

const DIR = "/data/tenants";

describe("tenant ids", () => {
  it("generates ids that match the strict pattern and differ", () => {
    const ids = new Set(Array.from({ length: 200 }, () => newTenantId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^t_[a-z2-7]{20}$/);
  });

  it("builds the path of a valid id inside the tenants directory", () => {
    const id = newTenantId();
    expect(tenantFilePath(DIR, id)).toBe(path.join(DIR, `${id}.sqlite`));
  });

  it.each([
    ["parent traversal", "../control"],
    ["encoded traversal", "..%2Fcontrol"],
    ["traversal after a valid prefix", "t_abcdefghijklmnopqrst/../../x"],
    ["absolute path", "/etc/passwd"],
    ["NUL byte", "t_abcdefghijklmnopqrs\u0000"],
    ["unicode lookalike (Cyrillic а)", "t_\u0430bcdefghijklmnopqrst"],
    ["fullwidth letters", "t_ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔ"],
    ["uppercase", "t_ABCDEFGHIJKLMNOPQRST"],
    ["digits outside base32", "t_abcdefghijklmnopqr01"],
    ["too short", "t_abc"],
    ["too long", "t_abcdefghijklmnopqrstu"],
    ["trailing newline", "t_abcdefghijklmnopqrst\n"],
    ["empty", ""],
    ["not a string", 42],
  ])("refuses %s", (_label, id) => {
    expect(isTenantId(id)).toBe(false);
    expect(() => tenantFilePath(DIR, id)).toThrow(InvalidTenantIdError);
  });
});
