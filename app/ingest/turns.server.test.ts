import { describe, expect, it } from "vitest";
import { inTurn, pendingTurns } from "./turns.server";

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("inTurn", () => {
  it("runs one key's work one after the other, letting other work run in between", async () => {
    const log: string[] = [];
    const a1 = inTurn("a", async () => {
      log.push("a1");
      // Something else becomes ready while a1 runs (another tenant's request).
      setImmediate(() => log.push("other"));
    });
    const a2 = inTurn("a", async () => void log.push("a2"));
    const b1 = inTurn("b", async () => void log.push("b1")); // another key does not wait
    await Promise.all([a1, a2, b1]);
    expect(log).toEqual(["a1", "b1", "other", "a2"]);
    await tick();
    expect(pendingTurns()).toBe(0);
  });

  it("goes on after a failure, which its caller still sees", async () => {
    const failed = inTurn("c", async () => {
      throw new Error("boom");
    });
    const next = inTurn("c", async () => "next");
    await expect(failed).rejects.toThrow("boom");
    await expect(next).resolves.toBe("next");
  });
});
