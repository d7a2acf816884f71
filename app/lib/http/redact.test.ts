import { describe, expect, it } from "vitest";
import { redactUrl } from "./redact";

describe("redactUrl", () => {
  it.each([
    ["/invite/abc123", "/invite/[redacted]"],
    ["/invite/abc123?x=1", "/invite/[redacted]?x=1"],
    ["/pay/tok_9/receipt", "/pay/[redacted]/receipt"],
    ["/q/quote-token", "/q/[redacted]"],
    ["/u/unsub-token", "/u/[redacted]"],
    ["/login?redirectTo=%2Fdashboard", "/login?redirectTo=%2Fdashboard"],
    ["/reset?token=s3cret&next=/a", "/reset?token=[redacted]&next=/a"],
    ["/x?API_KEY=1&Signature=2&sig=3", "/x?API_KEY=[redacted]&Signature=[redacted]&sig=[redacted]"],
    ["/api/v1/leads?auth=cos_abcdefghijklmnopqrstuvwxyz", "/api/v1/leads?auth=cos_[redacted]"],
    ["/dashboard/kpis?range=30", "/dashboard/kpis?range=30"],
    ["/Invite/abc123", "/invite/[redacted]"],
    ["/inv%69te/abc123", "/invite/[redacted]"],
    ["/x?access_token=1&api_key=2&apikey=3&page=2", "/x?access_token=[redacted]&api_key=[redacted]&apikey=[redacted]&page=2"],
    ["/questions/1", "/questions/1"],
  ])("%s → %s", (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });
});
