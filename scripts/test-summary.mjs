// Prints one closing line for the whole test command: vitest's and Playwright's counts together.
import fs from "node:fs";

const read = (file) => JSON.parse(fs.readFileSync(file, "utf8"));
const vitest = read(".test-results/vitest.json");
const e2e = read(".test-results/playwright.json");
const passed = vitest.numPassedTests + e2e.stats.expected;
const failed = vitest.numFailedTests + e2e.stats.unexpected + e2e.stats.flaky;
const skipped = vitest.numPendingTests + vitest.numTodoTests + e2e.stats.skipped;
console.log(`vitest: ${vitest.numPassedTests} passed; Playwright: ${e2e.stats.expected} passed (JavaScript on and off)`);
console.log(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
