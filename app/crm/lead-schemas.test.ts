import { parseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import * as db from "../../db/tenant.schema";
import * as s from "./lead-schemas";

const form = (o: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(o)) f.set(k, v);
  return f;
};

describe("lead schemas", () => {
  it("repeat the database enums exactly", () => {
    expect(s.LEAD_STATUSES).toEqual(db.LEAD_STATUSES);
    expect(s.GENDERS).toEqual(db.GENDERS);
    expect(s.ACTIVITY_TYPES).toEqual(db.ACTIVITY_TYPES);
    expect(s.ACTIVITY_PRIORITIES).toEqual(db.ACTIVITY_PRIORITIES);
    expect(s.ACTIVITY_STATES).toEqual(db.ACTIVITY_STATES);
  });

  it.each([
    ["1 250,50", 125050],
    ["1\u202f250,5", 125050],
    ["1250.5", 125050],
    ["1 250 €", 125000],
    ["0", 0],
    ["12,345", null],
    ["abc", null],
    ["-3", null],
  ])("parseEuros(%s) = %s", (input, cents) => expect(s.parseEuros(input)).toBe(cents));

  it("normalises phones to E.164, French by default, and refuses invalid ones", () => {
    expect(s.toE164("06 12 34 56 78")).toBe("+33612345678");
    expect(s.toE164("+44 20 7946 0958")).toBe("+442079460958");
    expect(s.toE164("123")).toBeNull();
    const bad = parseWithZod(form({ phone: "123", firstName: "Léa" }), { schema: s.LeadFieldsSchema });
    expect(bad.status).toBe("error");
    expect(bad.reply().error?.phone?.[0]).toMatch(/Numéro de téléphone invalide/);
    expect(bad.reply().initialValue).toMatchObject({ firstName: "Léa", phone: "123" });
  });

  it("asks for a loss reason, and details for « Autre »", () => {
    const errors = (o: Record<string, string>) => parseWithZod(form(o), { schema: s.StatusSchema }).reply().error ?? {};
    expect(errors({ status: "lost" }).lostReason).toEqual(["Choisissez la raison de la perte."]);
    expect(errors({ status: "lost", lostReason: "Autre" }).lostDetails).toBeDefined();
    expect(errors({ status: "lost", lostReason: "Hésitation" })).toEqual({});
    expect(errors({ status: "won" })).toEqual({});
  });
});
