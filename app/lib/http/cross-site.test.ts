import { describe, expect, it } from "vitest";
import { crossSiteRefusal, isMachineEndpoint } from "./cross-site";

const post = (over: Partial<Parameters<typeof crossSiteRefusal>[0]>) =>
  crossSiteRefusal({ method: "POST", fetchSite: null, origin: null, host: "app.coach-os.fr", ...over });

describe("crossSiteRefusal", () => {
  it("lets safe methods through whatever their headers", () => {
    expect(crossSiteRefusal({ method: "GET", fetchSite: "cross-site", origin: "https://evil.example", host: "app.coach-os.fr" })).toBeNull();
    expect(crossSiteRefusal({ method: "HEAD", fetchSite: "cross-site", origin: "null", host: "app.coach-os.fr" })).toBeNull();
  });

  it("lets same-origin posts through", () => {
    expect(post({ fetchSite: "same-origin", origin: "https://app.coach-os.fr" })).toBeNull();
    expect(post({})).toBeNull(); // curl, old browsers: no Origin to compare
    expect(post({ origin: "https://coach-os.fr", allowedHosts: ["coach-os.fr"] })).toBeNull();
  });

  it("refuses cross-site, opaque and foreign origins", () => {
    expect(post({ fetchSite: "cross-site" })).toMatch(/cross-site/);
    expect(post({ origin: "null" })).toMatch(/null/);
    expect(post({ origin: "https://evil.example" })).toMatch(/evil.example/);
    expect(post({ origin: "https://app.coach-os.fr.evil.example" })).not.toBeNull();
    expect(post({ origin: "http://app.coach-os.fr:8080" })).not.toBeNull();
    expect(post({ method: "DELETE", origin: "https://evil.example" })).not.toBeNull();
  });

  it("knows the token-authenticated endpoints", () => {
    expect(isMachineEndpoint("/api/v1/leads")).toBe(true);
    expect(isMachineEndpoint("/webhooks/stripe")).toBe(true);
    expect(isMachineEndpoint("/u/abc.def.ghi")).toBe(true);
    expect(isMachineEndpoint("/unsubscribe")).toBe(false);
    expect(isMachineEndpoint("/api/v1")).toBe(false);
    expect(isMachineEndpoint("/login")).toBe(false);
  });
});
