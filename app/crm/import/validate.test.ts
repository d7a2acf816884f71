import { describe, expect, it } from "vitest";
import { NO_KEY_REASON, parseStatus, splitTags, unneutralize, validateRow } from "./validate";

const mapping = { 0: "firstName", 1: "email", 2: "phone", 3: "status", 4: "tags", 5: "dealValue", 6: "instagramId", 7: "createdAt", 8: "score" } as const;
const row = (over: Partial<Record<number, string>> = {}) => {
  const cells = ["Éloïse", "Eloise@Exemple.fr", "06 12 34 56 78", "Qualifié", "vip; chaud|vip", "1 250,50 €", "", "03/02/2025", "40"];
  for (const [i, v] of Object.entries(over)) cells[Number(i)] = v!;
  return validateRow(cells, mapping);
};

describe("row validation", () => {
  it("normalises a good row: email lower-cased, phone in E.164, French status, tags, euros, date", () => {
    const check = row();
    expect(check).toEqual({
      ok: true,
      lead: {
        firstName: "Éloïse",
        email: "eloise@exemple.fr",
        phone: "+33612345678",
        status: "qualified",
        tags: ["vip", "chaud"],
        dealValueCents: 125050,
        createdAt: new Date("2025-02-03T11:00:00Z"),
        score: 40,
      },
    });
  });

  it("rejects a bad email, a bad phone, an unknown status, with the column named", () => {
    const check = row({ 1: "pas-un-email", 2: "12", 3: "peut-être" });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors.email).toMatch(/^Email : adresse email invalide/);
    expect(check.errors.phone).toMatch(/^Téléphone : numéro de téléphone invalide/);
    expect(check.errors.status).toMatch(/^Statut : statut inconnu/);
  });

  it("rejects overlong values, out-of-range scores and dates before 2015", () => {
    const check = row({ 0: "x".repeat(101), 8: "120", 7: "01/01/2010" });
    expect(check.ok ? {} : Object.keys(check.errors).sort()).toEqual(["createdAt", "firstName", "score"]);
  });

  it("needs an email, a phone or an Instagram id", () => {
    expect(row({ 1: "", 2: "" })).toEqual({ ok: false, errors: { row: NO_KEY_REASON } });
    expect(row({ 1: "", 2: "", 6: "@eloise.coach" })).toMatchObject({ ok: true, lead: { instagramId: "eloise.coach" } });
  });

  it("accepts English status values and French labels", () => {
    expect(parseStatus("call_booked")).toBe("call_booked");
    expect(parseStatus("À relancer")).toBe("follow_up");
    expect(parseStatus("GAGNÉ")).toBe("won");
    expect(parseStatus("bof")).toBeNull();
  });

  it("strips the export's formula guard, and only before a dangerous character", () => {
    expect(unneutralize("'=SUM(A1)")).toBe("=SUM(A1)");
    expect(unneutralize("'+33612345678")).toBe("+33612345678");
    expect(unneutralize("'@handle")).toBe("@handle");
    expect(unneutralize("'-x")).toBe("-x");
    expect(unneutralize("'quoted'")).toBe("'quoted'");
    expect(row({ 2: "'+33 6 12 34 56 78" })).toMatchObject({ ok: true, lead: { phone: "+33612345678" } });
  });

  it("splits tags on , ; and |", () => {
    expect(splitTags("a, b;c | a")).toEqual(["a", "b", "c"]);
  });
});
