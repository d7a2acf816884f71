// /dashboard/settings "Facturation" through the real action and loader, and the logo route:
// field errors with every value kept, saving, logo type read from the bytes, size cap, and
// each coach's logo served to that coach only.
import { beforeAll, describe, expect, it } from "vitest";
import { args, makeTwoCoaches, ORIGIN, request, settle, setupTestDb, type SignedInCoach } from "../helpers";
import { readBillingProfile } from "~/billing/billing-profile.server";
import { LOGO_MAX_BYTES } from "~/billing/logo.server";
import { withTenantDb } from "~/lib/tenant-db.server";
import * as settings from "~/routes/dashboard.settings";
import * as logoRoute from "~/routes/dashboard.settings.logo";

let a: SignedInCoach;
let b: SignedInCoach;

beforeAll(async () => {
  setupTestDb();
  ({ a, b } = await makeTwoCoaches());
});

const FORM = {
  intent: "save-billing",
  tradeName: "Alpha Coaching",
  legalName: "Alice Alpha EI",
  address: "3 place Bellecour",
  postalCode: "69002",
  city: "Lyon",
  country: "FR",
  siren: "443 061 841",
  siret: "443 061 841 00047",
  vatNumber: "",
  vatRegime: "franchise",
  defaultVatRateBps: "2000",
  paymentTermsDays: "15",
  penaltyRate: "10,5",
  iban: "FR76 3000 6000 0112 3456 7890 189",
  bic: "BNPAFRPP",
  legalMentions: "",
  termsOfSale: "Séances payables d'avance.",
  reminder1Days: "2",
  reminder2Days: "",
  reminder3Days: "30",
};

const post = (coach: SignedInCoach, form: Record<string, string>) => settle(settings.action(args(request("/dashboard/settings", { cookie: coach.cookie, form }))));
const profileOf = (coach: SignedInCoach) => withTenantDb(coach.tenant.id, (db) => readBillingProfile(db));


function upload(coach: SignedInCoach, bytes: Uint8Array<ArrayBuffer> | string, filename: string, type = "application/octet-stream") {
  const body = new FormData();
  body.set("logo", new File([bytes], filename, { type }));
  body.set("intent", "upload-logo");
  const req = new Request(`${ORIGIN}/dashboard/settings`, { method: "POST", headers: { Cookie: coach.cookie, Origin: ORIGIN }, body });
  return settle(settings.action(args(req)));
}
const getLogo = (coach: SignedInCoach) => settle(logoRoute.loader(args(request("/dashboard/settings/logo", { cookie: coach.cookie }))));

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]);
const SVG = `<?xml version="1.0" encoding="UTF-8"?>\n<!-- logo -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>`;

describe("saving the billing settings", () => {
  it("answers 400 with the errors next to the fields and every submitted value", async () => {
    const bad = { ...FORM, siren: "443 061 842", paymentTermsDays: "90", penaltyRate: "0", vatRegime: "standard", iban: "FR76 3000 6000 0112 3456 7890 180" };
    const res = await post(a, bad);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.intent).toBe("save-billing");
    expect(Object.keys(body.result.error).sort()).toEqual(["iban", "paymentTermsDays", "penaltyRate", "siren"]);
    expect(body.result.error.paymentTermsDays[0]).toMatch(/60 jours/);
    // Nothing lost: what was typed comes back as typed.
    const { intent: _intent, ...typed } = bad;
    for (const [k, v] of Object.entries(typed)) if (v !== "") expect(body.result.initialValue[k], k).toBe(v);
    expect((await profileOf(a)).tradeName).toBeNull();
  });

  it("saves a valid form and redirects with a flash", async () => {
    const res = await post(a, FORM);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/dashboard/settings#facturation");
    expect(res.headers.get("Set-Cookie")).toBeTruthy();
    expect(await profileOf(a)).toMatchObject({
      tradeName: "Alpha Coaching",
      legalName: "Alice Alpha EI",
      siren: "443061841",
      siret: "44306184100047",
      vatNumber: null,
      vatRegime: "franchise",
      paymentTermsDays: 15,
      penaltyRateBps: 1050,
      iban: "FR7630006000011234567890189",
      bic: "BNPAFRPP",
      legalMentions: null,
      reminder1Days: 2,
      reminder2Days: null,
      reminder3Days: 30,
    });
    expect((await profileOf(b)).tradeName).toBeNull(); // B's file untouched
    const page = await (await settle(settings.loader(args(request("/dashboard/settings", { cookie: a.cookie }))))).json();
    expect(page.billing.values).toMatchObject({ penaltyRate: "10,5", iban: "FR76 3000 6000 0112 3456 7890 189", reminder2Days: "" });
  });
});

describe("the logo", () => {
  it("stores a PNG renamed .svg as a PNG (type read from the bytes)", async () => {
    const res = await upload(a, PNG, "logo.svg", "image/svg+xml");
    expect(res.status).toBe(302);
    const p = await profileOf(a);
    expect(p.logoMime).toBe("image/png");
    expect(Buffer.from(p.logo!)).toEqual(Buffer.from(PNG));
  });

  it("serves it to its coach only, privately", async () => {
    const res = await getLogo(a);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("image/png");
    expect(res.headers.get("Cache-Control")).toMatch(/^private/);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from(PNG));
    const other = await getLogo(b);
    expect(other.status).toBe(404);
    const anonymous = await settle(logoRoute.loader(args(request("/dashboard/settings/logo"))));
    expect(anonymous.status).toBe(302);
  });

  it("accepts a JPEG, and an SVG served so that its script cannot run", async () => {
    expect((await upload(b, JPEG, "photo.png")).status).toBe(302);
    expect((await profileOf(b)).logoMime).toBe("image/jpeg");
    expect((await upload(b, SVG, "logo.txt", "text/plain")).status).toBe(302);
    const res = await getLogo(b);
    expect(res.headers.get("Content-Type")).toBe("image/svg+xml");
    expect(res.headers.get("Content-Security-Policy")).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    // A's logo is still A's.
    expect((await getLogo(a)).headers.get("Content-Type")).toBe("image/png");
  });

  it("refuses a text file, an HTML page and an empty upload with a French error, keeping the old logo", async () => {
    for (const [content, name] of [
      ["bonjour, je ne suis pas une image", "logo.png"],
      ["<html><svg></svg></html>", "logo.svg"],
      ["", "vide.png"],
    ] as const) {
      const res = await upload(a, content, name, "image/png");
      expect(res.status, name).toBe(400);
      const body = await res.json();
      expect(body.intent).toBe("upload-logo");
      expect(body.result.error.logo[0]).toMatch(/PNG, JPEG ou SVG/);
    }
    expect((await profileOf(a)).logoMime).toBe("image/png");
  });

  it("refuses a logo over 300 KB without storing it", async () => {
    const big = new Uint8Array(LOGO_MAX_BYTES + 1);
    big.set(PNG);
    const res = await upload(b, big, "big.png", "image/png");
    expect(res.status).toBe(413);
    expect((await res.json()).result.error.logo[0]).toMatch(/300 Ko/);
    expect((await profileOf(b)).logoMime).toBe("image/svg+xml");
    const exact = new Uint8Array(LOGO_MAX_BYTES);
    exact.set(PNG);
    expect((await upload(b, exact, "ok.png")).status).toBe(302);
  });

  it("is removed by 'Retirer le logo', then 404", async () => {
    const res = await post(b, { intent: "remove-logo" });
    expect(res.status).toBe(302);
    expect((await profileOf(b)).logo).toBeNull();
    expect((await getLogo(b)).status).toBe(404);
    expect((await getLogo(a)).status).toBe(200);
  });
});
