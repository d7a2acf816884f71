import { describe, expect, it } from "vitest";
import { parseId } from "./parse-id";

describe("parseId", () => {
  it("reads a positive safe integer", () => {
    expect(parseId("1")).toBe(1);
    expect(parseId("42")).toBe(42);
    expect(parseId(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("refuses everything else with null", () => {
    for (const bad of [undefined, null, "", "0", "-3", "1.5", "abc", "042", "1e3", " 4", "4 ", "0x10", "+7", String(Number.MAX_SAFE_INTEGER + 1), "99999999999999999"]) {
      expect(parseId(bad), String(bad)).toBeNull();
    }
  });
});
