// Known devices (OWASP device cookies): strangers failing on a coach's email cannot lock the coach
// out of a browser they signed in from before. Route-level: the login action, as a browser uses it.
import { createCookie } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { args, makeCoach, PASSWORD, request, settle, setupTestDb } from "../../tests/helpers";
import { controlDb } from "~/lib/control-db.server";
import { provisionTenant } from "~/platform/tenants.server";
import * as invite from "~/routes/invite.$token";
import * as login from "~/routes/login";

const DEVICE = "__coach_os_device";

const loginAs = (email: string, password: string, headers: Record<string, string> = {}) =>
  settle(login.action(args(request("/login", { form: { email, password }, headers }))));

/** What a browser sends back afterwards: every cookie the response set, as `name=value` pairs. */
const cookiesFrom = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");

const deviceCookieFrom = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith(`${DEVICE}=`));

/** A browser where `email` signed in successfully: its cookies, sent from `ip`. */
async function knownBrowser(email: string, ip: string) {
  const res = await loginAs(email, PASSWORD, { "Fly-Client-IP": ip });
  expect(res.status).toBe(302);
  return { "Fly-Client-IP": ip, Cookie: cookiesFrom(res) };
}

/** Strangers who know the email: 5 wrong passwords from each of 4 addresses (the account's 20). */
async function lockOut(email: string, net: string) {
  for (let place = 1; place <= 4; place++) {
    for (let i = 0; i < 5; i++) expect((await loginAs(email, "wrong guess", { "Fly-Client-IP": `${net}.${place}` })).status).toBe(400);
  }
}

beforeAll(() => {
  setupTestDb();
});

describe("sign-in from a known device", () => {
  it("lets the coach in from their usual browser after 5 wrong passwords from each of 4 addresses", async () => {
    await makeCoach("Kim Known", "kim@example.fr");
    const browser = await knownBrowser("kim@example.fr", "203.0.113.10");
    await lockOut("kim@example.fr", "198.18.1");
    const res = await loginAs("kim@example.fr", PASSWORD, browser);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/dashboard");
  });

  it("still refuses a new device while the account is locked, even after the coach got in from a known one", async () => {
    await makeCoach("Nadia New", "nadia@example.fr");
    const browser = await knownBrowser("nadia@example.fr", "203.0.113.20");
    await lockOut("nadia@example.fr", "198.18.2");
    expect((await loginAs("nadia@example.fr", PASSWORD, browser)).status).toBe(302);
    const newDevice = await loginAs("nadia@example.fr", PASSWORD, { "Fly-Client-IP": "203.0.113.21" });
    expect(newDevice.status).toBe(429);
    expect(await newDevice.text()).toContain("Trop de tentatives");
    // The same address as the known browser, without its cookie: still a new device.
    expect((await loginAs("nadia@example.fr", PASSWORD, { "Fly-Client-IP": "203.0.113.20" })).status).toBe(429);
  });

  it("gives no exemption for another account's device cookie, a tampered one or one signed with another secret", async () => {
    await makeCoach("Tom Target", "tom@example.fr");
    await makeCoach("Olga Other", "olga@example.fr");
    const tom = await knownBrowser("tom@example.fr", "203.0.113.30");
    const olga = await knownBrowser("olga@example.fr", "203.0.113.31");
    await lockOut("tom@example.fr", "198.18.3");

    const tried = (cookie: string) => loginAs("tom@example.fr", PASSWORD, { "Fly-Client-IP": "203.0.113.32", Cookie: cookie });
    expect((await tried(olga.Cookie)).status).toBe(429);

    // The payload rewritten to name Tom, the signature kept: refused.
    const [payload, signature] = decodeURIComponent(deviceCookieFrom(await loginAs("olga@example.fr", PASSWORD, olga))!.split(";")[0].slice(DEVICE.length + 1)).split(".");
    const rewritten = btoa(atob(payload).replace("olga@", "tom@"));
    expect((await tried(`${DEVICE}=${encodeURIComponent(`${rewritten}.${signature}`)}`)).status).toBe(429);

    const value = { account: "tom@example.fr", nonce: "attacker-made-nonce-0123456789" };
    const forged = await createCookie(DEVICE, { secrets: ["not the server's secret at all"] }).serialize(value);
    expect((await tried(forged.split(";")[0])).status).toBe(429);
    const unsigned = await createCookie(DEVICE).serialize(value);
    expect((await tried(unsigned.split(";")[0])).status).toBe(429);

    expect((await loginAs("tom@example.fr", PASSWORD, tom)).status).toBe(302);
  });

  it("limits a known device on its own: 10 wrong passwords lock that browser, not the coach's other ones", async () => {
    await makeCoach("Lea Laptop", "lea@example.fr");
    const laptop = await knownBrowser("lea@example.fr", "203.0.113.40");
    const phone = await knownBrowser("lea@example.fr", "203.0.113.41");
    await lockOut("lea@example.fr", "198.18.4");
    for (let i = 0; i < 10; i++) expect((await loginAs("lea@example.fr", "wrong guess", laptop)).status).toBe(400);
    const locked = await loginAs("lea@example.fr", PASSWORD, laptop);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await loginAs("lea@example.fr", PASSWORD, phone)).status).toBe(302);
  });

  it("counts a device past its own limit as a new device (the account's limits apply again)", async () => {
    await makeCoach("Paul Past", "paul@example.fr");
    const browser = await knownBrowser("paul@example.fr", "203.0.113.50");
    for (let i = 0; i < 10; i++) expect((await loginAs("paul@example.fr", "wrong guess", browser)).status).toBe(400);
    // Now the account and address limit (5) applies, as to any new device.
    for (let i = 0; i < 5; i++) expect((await loginAs("paul@example.fr", "wrong guess", browser)).status).toBe(400);
    expect((await loginAs("paul@example.fr", PASSWORD, browser)).status).toBe(429);
    expect((await loginAs("paul@example.fr", PASSWORD, { "Fly-Client-IP": "203.0.113.51" })).status).toBe(302);
  });

  it("counts a known device's attempts before the password check, so parallel guesses cannot slip through", async () => {
    await makeCoach("Para Device", "para-device@example.fr");
    const browser = await knownBrowser("para-device@example.fr", "203.0.113.60");
    await lockOut("para-device@example.fr", "198.18.6");
    const answers = await Promise.all(Array.from({ length: 15 }, (_, i) => loginAs("para-device@example.fr", `guess-${i}`, browser)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 400)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
  });
});

describe("the device cookie", () => {
  it("is set on a successful sign-in: signed, httpOnly, SameSite=Lax, for a year, renewed each time", async () => {
    await makeCoach("Sara Set", "sara@example.fr");
    const first = deviceCookieFrom(await loginAs("sara@example.fr", PASSWORD));
    expect(first).toBeDefined();
    expect(first).toMatch(/HttpOnly/i);
    expect(first).toMatch(/SameSite=Lax/i);
    expect(first).toMatch(/Path=\/(;|$)/);
    expect(first).toMatch(/Max-Age=31536000/);
    expect(first!.split(";")[0]).toMatch(/\.[A-Za-z0-9+/%]+$/); // value.signature
    const second = deviceCookieFrom(await loginAs("sara@example.fr", PASSWORD, { Cookie: first!.split(";")[0] }));
    expect(second!.split(";")[0]).not.toBe(first!.split(";")[0]);
  });

  it("is set when a coach accepts their invitation (their first sign-in), and makes that browser known", async () => {
    const { token } = provisionTenant(controlDb(), { name: "Ines Invited", email: "ines@example.fr", specialty: "yoga" });
    const accepted = await settle(
      invite.action(args(request(`/invite/${token}`, { form: { password: PASSWORD, confirm: PASSWORD }, headers: { "Fly-Client-IP": "203.0.113.80" } }), { token })),
    );
    expect(accepted.status).toBe(302);
    expect(deviceCookieFrom(accepted)).toBeDefined();
    await lockOut("ines@example.fr", "198.18.8");
    expect((await loginAs("ines@example.fr", PASSWORD, { "Fly-Client-IP": "203.0.113.80", Cookie: cookiesFrom(accepted) })).status).toBe(302);
  });

  it("is not set when the sign-in fails", async () => {
    await makeCoach("Fred Fail", "fred@example.fr");
    const wrong = await loginAs("fred@example.fr", "wrong guess", { "Fly-Client-IP": "203.0.113.70" });
    expect(wrong.status).toBe(400);
    expect(deviceCookieFrom(wrong)).toBeUndefined();
    const unknown = await loginAs("nobody-here@example.fr", PASSWORD, { "Fly-Client-IP": "203.0.113.70" });
    expect(unknown.status).toBe(400);
    expect(deviceCookieFrom(unknown)).toBeUndefined();
    for (let i = 0; i < 4; i++) await loginAs("fred@example.fr", "wrong guess", { "Fly-Client-IP": "203.0.113.70" });
    const limited = await loginAs("fred@example.fr", PASSWORD, { "Fly-Client-IP": "203.0.113.70" });
    expect(limited.status).toBe(429);
    expect(limited.headers.getSetCookie()).toEqual([]);
  });
});
