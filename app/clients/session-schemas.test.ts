import { parseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import { NewSessionSchema, parsePrice, RescheduleSchema } from "./session-schemas";

const form = (values: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.set(k, v);
  return f;
};
const good = { clientId: "3", date: "2026-11-12", time: "14:00", duration: "60", price: "80", theme: "Stress" };
const errors = (values: Record<string, string>) => {
  const s = parseWithZod(form(values), { schema: NewSessionSchema });
  return s.status === "success" ? null : s.error;
};

describe("parsePrice", () => {
  it("reads euros the French way into cents", () => {
    expect(parsePrice("80")).toBe(8000);
    expect(parsePrice("80,5")).toBe(8050);
    expect(parsePrice("1 250,99 €")).toBe(125099);
    expect(parsePrice("0")).toBe(0);
  });
  it("tells a negative price from a malformed one", () => {
    expect(parsePrice("-10")).toBe("negative");
    expect(parsePrice("- 10")).toBe("negative");
    expect(parsePrice("abc")).toBeNull();
    expect(parsePrice("10,999")).toBeNull();
  });
  it("refuses a price above 10 000 € in the form, as a typo", () => {
    expect(errors({ ...good, price: "10000,01" })?.price).toEqual(["Le prix dépasse 10 000 € : vérifiez le montant."]);
    expect(errors({ ...good, price: "8000000" })?.price).toEqual(["Le prix dépasse 10 000 € : vérifiez le montant."]);
    expect(errors({ ...good, price: "10 000" })).toBeNull();
  });
});

describe("NewSessionSchema", () => {
  it("accepts a complete booking", () => {
    expect(errors(good)).toBeNull();
  });
  it("names each wrong field", () => {
    expect(errors({ ...good, price: "-1" })).toEqual({ price: ["Le prix ne peut pas être négatif."] });
    expect(errors({ ...good, duration: "14" })?.duration?.[0]).toMatch(/entre 15 et 480/);
    expect(errors({ ...good, duration: "481" })?.duration?.[0]).toMatch(/entre 15 et 480/);
    expect(errors({ ...good, clientId: "" })?.clientId).toEqual(["Choisissez le client."]);
    expect(errors({ ...good, date: "2026-02-30" })?.date).toEqual(["Cette date n'existe pas."]);
  });
  it("says the spring-forward hour does not exist, in both forms", () => {
    expect(errors({ ...good, date: "2026-03-29", time: "02:30" })?.time?.[0]).toMatch(/passage à l'heure d'été/);
    const s = parseWithZod(form({ date: "2026-03-29", time: "02:30", duration: "60" }), { schema: RescheduleSchema });
    expect(s.status).toBe("error");
    expect(errors({ ...good, date: "2026-03-29", time: "03:00" })).toBeNull();
  });
});
