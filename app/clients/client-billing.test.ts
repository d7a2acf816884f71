// Clients for billing: private person or business, with the SIREN / VAT checks of app/billing.
import { parseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import { memoryTenant } from "~/crm/test-tenant.test-helpers";
import { ClientFieldsSchema } from "./client-schemas";
import { createClient, findClient, updateClient } from "./client.server";

const parse = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries({ firstName: "Jeanne", lastName: "Martin", ...fields })) f.set(k, v);
  return parseWithZod(f, { schema: ClientFieldsSchema });
};
const errors = (fields: Record<string, string>) => parse(fields).reply().error ?? {};

const B2B = { kind: "business", company: "Danone", address: "17 boulevard Haussmann", postalCode: "75009", city: "Paris", country: "FR", siren: "552 032 534", vatNumber: "FR 27 552 032 534" };

describe("client fields for billing", () => {
  it("defaults an old form (no kind, no country) to a private person in France", () => {
    const s = parse({});
    expect(s.status === "success" && s.value).toMatchObject({ kind: "person", country: "FR" });
  });

  it("accepts a business with a valid SIREN and the VAT number of that SIREN, normalised", () => {
    const s = parse(B2B);
    expect(s.status === "success" && s.value).toMatchObject({ kind: "business", siren: "552032534", vatNumber: "FR27552032534" });
  });

  it("requires the company name for a business only", () => {
    expect(errors({ ...B2B, company: "" }).company?.[0]).toMatch(/obligatoire pour un professionnel/);
    expect(parse({ kind: "person" }).status).toBe("success");
  });

  it.each([
    ["siren", { siren: "552032535" }, /SIREN invalide/],
    ["vatNumber", { vatNumber: "FR28552032534" }, /TVA invalide/],
    ["vatNumber", { vatNumber: "FR64443061841" }, /pas celui du SIREN \(FR27552032534\)/],
    ["vatNumber", { country: "BE", postalCode: "1000", vatNumber: "B!" }, /code du pays/],
    ["postalCode", { postalCode: "750" }, /5 chiffres/],
    ["kind", { kind: "robot" }, /Particulier ou professionnel/],
  ])("refuses a wrong %s", (field, overrides, message) => {
    expect(errors({ ...B2B, ...overrides })[field]?.[0]).toMatch(message);
  });

  it("accepts a Belgian business's VAT number", () => {
    expect(parse({ ...B2B, siren: "", country: "BE", postalCode: "1000", vatNumber: "BE0403170701" }).status).toBe("success");
  });

  it("ignores a private person's SIREN and VAT number and clears them when saved", () => {
    const db = memoryTenant();
    const b2b = parse(B2B);
    if (b2b.status !== "success") throw new Error("should parse");
    const id = createClient(db, b2b.value);
    expect(findClient(db, id)).toMatchObject({ kind: "business", company: "Danone", postalCode: "75009", siren: "552032534", vatNumber: "FR27552032534" });
    const person = parse({ ...B2B, kind: "person", siren: "123", vatNumber: "not even checked" });
    if (person.status !== "success") throw new Error("should parse");
    updateClient(db, id, person.value);
    expect(findClient(db, id)).toMatchObject({ kind: "person", company: "Danone", address: "17 boulevard Haussmann", siren: null, vatNumber: null });
  });
});
