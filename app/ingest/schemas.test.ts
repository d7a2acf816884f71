import { afterEach, describe, expect, it, vi } from "vitest";
import { leadInput, messageInput, parseBatch } from "./schemas";

const leadBatch = (body: unknown) => parseBatch(body, "leads", leadInput);
const messageBatch = (body: unknown) => parseBatch(body, "messages", messageInput);

describe("lead payloads", () => {
  it("maps one lead to camelCase, euros to cents, and keeps only the fields that were sent", () => {
    const parsed = leadBatch({
      instagram_id: " 17841400000000001 ",
      first_name: "Léa",
      deal_value: 49.999,
      created_at: "2024-05-01T10:00:00+02:00",
      email: null,
      favourite_colour: "blue", // unknown: ignored
    });
    expect(parsed).toEqual({
      ok: true,
      items: [
        {
          instagramId: "17841400000000001",
          firstName: "Léa",
          dealValueCents: 5000, // 49.999 € is rounded to the cent: 50.00 €
          createdAt: new Date("2024-05-01T08:00:00Z"),
          email: null,
        },
      ],
    });
  });

  it("takes updated_at and force apart from the lead's fields, and checks them", () => {
    expect(leadBatch({ instagram_id: "a", status: "won", updated_at: "2024-05-01T10:00:00+02:00", force: true })).toEqual({
      ok: true,
      items: [{ instagramId: "a", status: "won", senderUpdatedAt: new Date("2024-05-01T08:00:00Z"), force: true }],
    });
    expect(leadBatch({ instagram_id: "a", updated_at: "1970-01-01T00:00:00Z", force: "yes" })).toEqual({
      ok: false,
      status: 422,
      errors: [
        { path: "updated_at", message: "must be between 2015-01-01 and tomorrow" },
        { path: "force", message: "must be true or false" },
      ],
    });
  });

  it("treats empty strings as no value", () => {
    expect(leadBatch({ instagram_id: "a", username: "", email: "  " })).toEqual({
      ok: true,
      items: [{ instagramId: "a", username: null, email: null }],
    });
  });

  it("names each invalid field by its place in the batch", () => {
    const leads = [
      { instagram_id: "ok_0" },
      { instagram_id: "ok_1" },
      { instagram_id: "ok_2" },
      { instagram_id: "bad_3", age: 9, email: "not-an-email", gender: "Male" },
      { username: "no id" },
      { instagram_id: 17841400000000001, status: "hot", deal_value: -5, created_at: "2024-05-01T10:00:00" },
    ];
    const parsed = leadBatch({ leads });
    expect(parsed.ok).toBe(false);
    if (parsed.ok || parsed.status !== 422) throw new Error("expected 422");
    expect(parsed.errors).toEqual([
      { path: "leads.3.email", message: "must be a valid email address" },
      { path: "leads.3.age", message: "must be between 10 and 120" },
      { path: "leads.3.gender", message: "must be one of: male, female, other" },
      { path: "leads.4.instagram_id", message: "is required" },
      { path: "leads.5.instagram_id", message: "must be a string (send instagram_id as a string, not a number)" },
      { path: "leads.5.status", message: "must be one of: new, engaged, qualified, call_proposed, call_booked, won, lost, follow_up" },
      { path: "leads.5.deal_value", message: "must be 0 or more" },
      {
        path: "leads.5.created_at",
        message: "must be an ISO 8601 date-time with a time-zone offset, e.g. 2024-05-01T10:00:00+02:00",
      },
    ]);
  });

  it("gives single-object paths without a prefix, and refuses null where a value is required", () => {
    const parsed = leadBatch({ instagram_id: "x", age: 30.5, status: null });
    expect(parsed).toEqual({
      ok: false,
      status: 422,
      errors: [
        { path: "age", message: "must be a whole number" },
        { path: "status", message: "must be one of: new, engaged, qualified, call_proposed, call_booked, won, lost, follow_up" },
      ],
    });
  });

  it("refuses more than 500 items with 413, before looking at them", () => {
    const leads = Array.from({ length: 501 }, () => ({}));
    expect(leadBatch({ leads })).toEqual({
      ok: false,
      status: 413,
      error: "Too many leads in one request: 501 (at most 500). Split the batch.",
    });
    const fine = leadBatch({ leads: Array.from({ length: 500 }, (_, i) => ({ instagram_id: `ig_${i}` })) });
    expect(fine.ok && fine.items.length).toBe(500);
  });

  it("refuses bodies that are neither an object nor a batch", () => {
    expect(leadBatch([{ instagram_id: "a" }])).toMatchObject({ status: 422, errors: [{ path: "" }] });
    expect(leadBatch({ leads: { instagram_id: "a" } })).toEqual({
      ok: false,
      status: 422,
      errors: [{ path: "leads", message: "must be an array" }],
    });
  });
});

describe("message payloads", () => {
  it("defaults text to empty and message_number to null, leaves sent_at to the writer", () => {
    expect(messageBatch({ external_id: "m1", instagram_id: "ig", direction: "out" })).toEqual({
      ok: true,
      items: [{ externalId: "m1", instagramId: "ig", direction: "out", text: "", sentAt: undefined, messageNumber: null }],
    });
  });

  it("checks direction, message_number and the ids", () => {
    const parsed = messageBatch({
      messages: [
        { external_id: "m1", instagram_id: "ig", direction: "sideways", message_number: 5 },
        { instagram_id: "ig", direction: "in", sent_at: "yesterday" },
      ],
    });
    expect(parsed).toEqual({
      ok: false,
      status: 422,
      errors: [
        { path: "messages.0.direction", message: "is required and must be one of: in, out" },
        { path: "messages.0.message_number", message: "must be between 1 and 4" },
        { path: "messages.1.external_id", message: "is required" },
        {
          path: "messages.1.sent_at",
          message: "must be an ISO 8601 date-time with a time-zone offset, e.g. 2024-05-01T10:00:00+02:00",
        },
      ],
    });
  });
});

describe("dates", () => {
  afterEach(() => vi.useRealTimers());
  const outOfRange = "must be between 2015-01-01 and tomorrow";

  it("refuses created_at and sent_at before 2015-01-01 or after tomorrow, naming the field", () => {
    vi.useFakeTimers({ now: new Date("2026-11-21T12:00:00Z"), toFake: ["Date"] });
    const leads = leadBatch({
      leads: [
        { instagram_id: "a", created_at: "1970-01-01T00:00:00Z" },
        { instagram_id: "b", created_at: "0001-01-01T00:00:00Z" },
        { instagram_id: "c", created_at: "2014-12-31T23:59:59+02:00" }, // 21:59 UTC: still 2014 in Paris
        { instagram_id: "d", created_at: "2026-11-22T13:00:00Z" }, // now + 25 h
        { instagram_id: "ok", created_at: "2015-01-01T00:00:00+01:00" },
        { instagram_id: "ok", created_at: "2026-11-22T11:00:00Z" }, // now + 23 h: a sender's clock slightly ahead
      ],
    });
    expect(leads).toEqual({
      ok: false,
      status: 422,
      errors: [0, 1, 2, 3].map((i) => ({ path: `leads.${i}.created_at`, message: outOfRange })),
    });
    expect(messageBatch({ external_id: "m", instagram_id: "ig", direction: "in", sent_at: "1970-01-01T00:00:00Z" })).toEqual({
      ok: false,
      status: 422,
      errors: [{ path: "sent_at", message: outOfRange }],
    });
  });

  it("judges 'tomorrow' at the time of the request, not when the server started", () => {
    vi.useFakeTimers({ now: new Date("2026-11-21T12:00:00Z"), toFake: ["Date"] });
    const body = { external_id: "m", instagram_id: "ig", direction: "in", sent_at: "2026-11-25T12:00:00Z" };
    expect(messageBatch(body).ok).toBe(false);
    vi.setSystemTime(new Date("2026-11-25T00:00:00Z"));
    expect(messageBatch(body)).toMatchObject({ ok: true, items: [{ sentAt: new Date("2026-11-25T12:00:00Z") }] });
  });
});
