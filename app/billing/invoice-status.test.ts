import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { invoiceStatus, invoiceStatusSql, type StatusInputs } from "./invoice-status";

describe("invoice status", () => {
  it("orders the rule: cancelled, paid, overdue, partially paid, sent, issued", () => {
    const base: StatusInputs = { kind: "invoice", state: "issued", sentAt: null, dueDate: "2026-11-20", paidCents: 0, totalTtcCents: 10000, creditedCents: 0 };
    expect(invoiceStatus(base, "2026-11-20")).toBe("issued");
    expect(invoiceStatus(base, "2026-11-21")).toBe("overdue");
    expect(invoiceStatus({ ...base, sentAt: 1 }, "2026-11-20")).toBe("sent");
    expect(invoiceStatus({ ...base, paidCents: 4000 }, "2026-11-20")).toBe("partially_paid");
    // Partly paid and late: still late (the "En retard" filter and the reminders find it).
    expect(invoiceStatus({ ...base, paidCents: 4000 }, "2026-11-21")).toBe("overdue");
    // Nothing left due is never late, whatever the due date.
    expect(invoiceStatus({ ...base, paidCents: 2000, creditedCents: 8000 }, "2026-12-31")).toBe("paid");
    expect(invoiceStatus({ ...base, creditedCents: 10000 }, "2026-12-31")).toBe("cancelled");
    expect(invoiceStatus({ ...base, paidCents: 10000 }, "2026-11-21")).toBe("paid");
    expect(invoiceStatus({ ...base, paidCents: 6000, creditedCents: 4000 }, "2026-11-21")).toBe("paid");
    expect(invoiceStatus({ ...base, state: "cancelled", paidCents: 10000 }, "2026-11-21")).toBe("cancelled");
  });

  it("agrees with its SQL twin on every combination", () => {
    const sqlite = new Database(":memory:");
    const sql = `SELECT ${invoiceStatusSql("i", "i.credited")} AS s FROM (SELECT @kind AS kind, @state AS state, @sent_at AS sent_at, @due_date AS due_date,
      @paid AS paid_cents, @total AS total_ttc_cents, @credited AS credited) i`;
    const stmt = sqlite.prepare(sql);
    let checked = 0;
    for (const kind of ["invoice", "credit_note"] as const)
      for (const state of ["draft", "issued", "cancelled"] as const)
        for (const sentAt of [null, 5])
          for (const dueDate of [null, "2026-11-19", "2026-11-20", "2026-11-21"])
            for (const paidCents of [0, 1, 3000, 10000, 12000])
              for (const creditedCents of [0, 7000, 9999, 10000]) {
                const inputs: StatusInputs = { kind, state, sentAt, dueDate, paidCents, totalTtcCents: 10000, creditedCents };
                const row = stmt.get({ kind, state, sent_at: sentAt, due_date: dueDate, paid: paidCents, total: 10000, credited: creditedCents, today: "2026-11-20" }) as { s: string };
                expect(row.s, JSON.stringify(inputs)).toBe(invoiceStatus(inputs, "2026-11-20"));
                checked++;
              }
    expect(checked).toBe(2 * 3 * 2 * 4 * 5 * 4);
  });
});
