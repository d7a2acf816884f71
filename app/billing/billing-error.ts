/** A refusal the coach can act on (French message), as opposed to a bug. Routes show `message` next to the form. */
export class BillingError extends Error {
  constructor(
    message: string,
    readonly code: "not_found" | "frozen" | "invalid" | "incomplete" | "conflict" = "invalid",
  ) {
    super(message);
    this.name = "BillingError";
  }
}

/** SQLite triggers of migration 0009 raise "FROZEN: …" / "LEDGER: …": the model's last line of defence. */
export function isFrozenError(error: unknown) {
  return error instanceof Error && /^(FROZEN|LEDGER):/.test(error.message);
}
