import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { invites } from "../../db/control.schema";
import { args, cookieFor, makeCoach, makeStaff, PASSWORD, request, settle, setupTestDb } from "../helpers";
import { safeRedirect } from "~/auth/auth.server";
import { passwordProblems } from "~/auth/password.server";
import { controlDb } from "~/lib/control-db.server";
import { createInvite } from "~/platform/invites.server";
import { provisionTenant, setTenantStatus } from "~/platform/tenants.server";
import * as dashboard from "~/routes/dashboard._index";
import * as invite from "~/routes/invite.$token";
import * as login from "~/routes/login";

const loginAs = (email: string, password: string, headers: Record<string, string> = {}) =>
  settle(login.action(args(request("/login", { form: { email, password }, headers }))));

beforeAll(() => {
  setupTestDb();
});

describe("sign-in", () => {
  it("signs a coach in and sends them to /dashboard with an httpOnly, SameSite=Lax cookie", async () => {
    await makeCoach("Alice Coach", "alice@example.fr");
    const res = await loginAs("ALICE@example.fr", PASSWORD);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/dashboard");
    const cookie = res.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it("refuses a wrong password with a clear message and no session", async () => {
    await makeCoach("Bob Coach", "bob@example.fr");
    const res = await loginAs("bob@example.fr", "not the password");
    expect(res.status).toBe(400);
    expect(res.headers.get("Set-Cookie")).toBeNull();
    expect(await res.text()).toContain("Email ou mot de passe incorrect.");
  });

  it("blocks one account from one place after 5 failures, but not the coach from elsewhere", async () => {
    await makeCoach("Carl Coach", "carl@example.fr");
    const guesser = { "Fly-Client-IP": "10.0.0.1" };
    for (let i = 0; i < 5; i++) expect((await loginAs("carl@example.fr", "wrong", guesser)).status).toBe(400);
    const blocked = await loginAs("carl@example.fr", PASSWORD, guesser);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await blocked.text()).toContain("Trop de tentatives");
    expect((await loginAs("carl@example.fr", PASSWORD, { "Fly-Client-IP": "10.0.0.2" })).status).toBe(302);
  });

  it("blocks one account after 20 failures from anywhere", async () => {
    await makeCoach("Dist Ributed", "distributed@example.fr");
    for (let i = 0; i < 20; i++) expect((await loginAs("distributed@example.fr", "wrong", { "Fly-Client-IP": `10.1.0.${i}` })).status).toBe(400);
    expect((await loginAs("distributed@example.fr", PASSWORD, { "Fly-Client-IP": "10.1.1.1" })).status).toBe(429);
  });

  it("rate-limits many emails from one IP", async () => {
    let last: Response | undefined;
    for (let i = 0; i < 31; i++) last = await loginAs(`nobody${i}@example.fr`, "wrong", { "Fly-Client-IP": "192.0.2.7" });
    expect(last!.status).toBe(429);
  });

  it("refuses the coach of a suspended tenant, and ends their open session", async () => {
    const { tenant, user } = await makeCoach("Dana Coach", "dana@example.fr");
    const cookie = await cookieFor(user);
    expect((await settle(dashboard.loader(args(request("/dashboard", { cookie }))))).status).toBe(200);

    setTenantStatus(controlDb(), tenant.id, "suspended");
    const res = await loginAs("dana@example.fr", PASSWORD);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("suspendu");
    const after = await settle(dashboard.loader(args(request("/dashboard", { cookie }))));
    expect(after.status).toBe(302);
    expect(after.headers.get("Location")).toMatch(/^\/login/);
  });

  it("refuses a cross-site POST (Origin check)", async () => {
    const res = await settle(
      login.action(args(request("/login", { form: { email: "a@b.fr", password: "x" }, headers: { Origin: "https://evil.example" } }))),
    );
    expect(res.status).toBe(403);
  });

  it("counts attempts before checking the password, so parallel guesses cannot slip through", async () => {
    await makeCoach("Par Allel", "parallel@example.fr");
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => loginAs("parallel@example.fr", `guess-${i}`, { "Fly-Client-IP": "198.51.100.7" })),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 400)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
  });

  it.each(["//evil.example", "/\t/evil.example", "/\n/evil.example", "/\\evil.example", "https://evil.example/x", "/ /evil.example"])(
    "refuses the redirectTo %j",
    (to) => {
      expect(safeRedirect(to, "/home")).toBe("/home");
    },
  );

  it("keeps a same-site redirectTo with its query", () => {
    expect(safeRedirect("/dashboard/kpis?range=7#top", "/home")).toBe("/dashboard/kpis?range=7#top");
  });

  it("only honours same-site redirectTo values", async () => {
    await makeStaff("admin", "redir-admin@example.fr");
    const res = await settle(
      login.action(args(request("/login", { form: { email: "redir-admin@example.fr", password: PASSWORD, redirectTo: "//evil.example" } }))),
    );
    expect(res.headers.get("Location")).toBe("/admin");
  });
});

describe("invitations", () => {
  it("sets the password, signs the coach in and burns the token", async () => {
    const { token } = provisionTenant(controlDb(), { name: "Eve Coach", email: "eve@example.fr", specialty: "yoga" });
    expect((await settle(invite.loader(args(request(`/invite/${token}`), { token })))).status).toBe(200);
    const res = await settle(
      invite.action(args(request(`/invite/${token}`, { form: { password: PASSWORD, confirm: PASSWORD } }), { token })),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/dashboard");
    expect((await loginAs("eve@example.fr", PASSWORD)).status).toBe(302);

    const again = await settle(invite.loader(args(request(`/invite/${token}`), { token })));
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('"state":"used"');
  });

  it("burns every pending invitation of the coach once a password is set", async () => {
    const db = controlDb();
    const { token, user, tenant } = provisionTenant(db, { name: "Twice Invited", email: "twice@example.fr", specialty: "yoga" });
    const second = createInvite(db, { userId: user.id, tenantId: tenant.id }); // a resent email
    const res = await settle(invite.action(args(request(`/invite/${second}`, { form: { password: PASSWORD, confirm: PASSWORD } }), { token: second })));
    expect(res.status).toBe(302);
    const first = await settle(invite.action(args(request(`/invite/${token}`, { form: { password: "another passphrase entirely 99", confirm: "another passphrase entirely 99" } }), { token })));
    expect(first.status).toBe(410);
    expect((await loginAs("twice@example.fr", PASSWORD)).status).toBe(302);
  });

  it("shows an expired invitation as expired, not as an error", async () => {
    const { token, user } = provisionTenant(controlDb(), { name: "Finn Coach", email: "finn@example.fr", specialty: "yoga" });
    controlDb().update(invites).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invites.userId, user.id)).run();
    const res = await settle(invite.loader(args(request(`/invite/${token}`), { token })));
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('"state":"expired"');
    const post = await settle(invite.action(args(request(`/invite/${token}`, { form: { password: PASSWORD, confirm: PASSWORD } }), { token })));
    expect(post.status).toBe(410);
  });

  it("answers an unknown token with a clear page", async () => {
    const res = await settle(invite.loader(args(request("/invite/nope"), { token: "nope" })));
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('"state":"unknown"');
  });

  it("re-renders the form with field errors on a weak or mismatched password", async () => {
    const { token } = provisionTenant(controlDb(), { name: "Gus Coach", email: "gus@example.fr", specialty: "yoga" });
    const weak = await settle(invite.action(args(request(`/invite/${token}`, { form: { password: "password123", confirm: "password123" } }), { token })));
    expect(weak.status).toBe(400);
    expect(await weak.text()).toContain("trop facile à deviner");
    const mismatch = await settle(invite.action(args(request(`/invite/${token}`, { form: { password: PASSWORD, confirm: PASSWORD + "x" } }), { token })));
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain("pas identiques");
  });
});

describe("password rules", () => {
  it.each([
    ["short", "abc12", /au moins 10/],
    ["common", "password1234", /trop facile/],
    ["keyboard walk", "azertyuiop", /trop facile/],
    ["own email", "gus.coach@example.fr", /nom ou votre adresse email|trop facile/],
  ])("refuses a %s password", (_label, pw, message) => {
    expect(passwordProblems(pw, ["gus.coach@example.fr", "Gus Coach"]).join(" ")).toMatch(message);
  });

  it("accepts a long passphrase", () => {
    expect(passwordProblems(PASSWORD)).toEqual([]);
  });
});
