import { describe, expect, it } from "vitest";
import type { Client } from "~/clients/client.server";
import { missingBuyerFields } from "./snapshots.server";

const person = { kind: "person", firstName: "Inès", lastName: "Morel", company: null, address: "3 rue Haute", postalCode: "69001", city: "Lyon", country: "FR", siren: null, vatNumber: null } as unknown as Client;

describe("missingBuyerFields (mandatory buyer mentions of an invoice)", () => {
  it("asks every buyer's address, a private person's too", () => {
    expect(missingBuyerFields(person)).toEqual([]);
    expect(missingBuyerFields({ ...person, address: null })).toEqual(["adresse du client"]);
  });
  it("asks a business its name and SIREN", () => {
    const business = { ...person, kind: "business", company: "Cabinet Lex", siren: "552100554" } as Client;
    expect(missingBuyerFields(business)).toEqual([]);
    expect(missingBuyerFields({ ...business, company: null, siren: null })).toEqual(["raison sociale du client", "SIREN du client"]);
  });
  it("asks a foreign business its VAT number, not a SIREN", () => {
    const belgian = { ...person, kind: "business", company: "Cabinet Bruxelles", country: "BE", siren: null, vatNumber: null } as Client;
    expect(missingBuyerFields(belgian)).toEqual(["numéro de TVA du client"]);
    expect(missingBuyerFields({ ...belgian, vatNumber: "BE0123456749" })).toEqual([]);
  });
});
