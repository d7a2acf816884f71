import { parseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import * as db from "../../db/tenant.schema";
import { memoryTenant } from "~/crm/test-tenant.test-helpers";
import { ClientFieldsSchema, GOAL_STATUSES, GoalCreateSchema, GoalProgressSchema } from "./client-schemas";
import { createGoal, setGoalProgress, setGoalStatus } from "./goals.server";

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

describe("client schemas", () => {
  it("keeps the goal statuses equal to the database's", () => {
    expect(GOAL_STATUSES).toEqual(db.GOAL_STATUSES);
  });

  it.each([
    ["0", 0],
    ["100", 100],
    ["42", 42],
  ])("accepts a progress of %s", (progress, value) => {
    const s = parseWithZod(form({ goalId: "3", progress }), { schema: GoalProgressSchema });
    expect(s.status === "success" && s.value.progress).toBe(value);
  });

  it.each([
    ["-1", "Entre 0 et 100 %."],
    ["101", "Entre 0 et 100 %."],
    ["12.5", "Un pourcentage entier, sans virgule."],
    ["abc", "Un pourcentage entre 0 et 100."],
    ["", "Indiquez un pourcentage."],
  ])("refuses a progress of %j", (progress, message) => {
    const s = parseWithZod(form({ goalId: "3", progress }), { schema: GoalProgressSchema });
    expect(s.status).toBe("error");
    expect(s.reply().error?.progress).toEqual([message]);
  });

  it("defaults a new goal's progress to 0 and requires a title", () => {
    const ok = parseWithZod(form({ title: "Oser dire non" }), { schema: GoalCreateSchema });
    expect(ok.status === "success" && ok.value).toEqual({ title: "Oser dire non", progress: 0 });
    expect(parseWithZod(form({ title: "  " }), { schema: GoalCreateSchema }).reply().error?.title).toEqual(["Décrivez l'objectif."]);
  });

  it("requires first and last names and checks the phone", () => {
    const s = parseWithZod(form({ firstName: "", lastName: "", phone: "123" }), { schema: ClientFieldsSchema });
    const errors = s.reply().error ?? {};
    expect(errors.firstName).toEqual(["Le prénom est obligatoire."]);
    expect(errors.lastName).toEqual(["Le nom est obligatoire."]);
    expect(errors.phone?.[0]).toMatch(/Numéro de téléphone invalide/);
  });
});

describe("goals", () => {
  it("refuses a progress outside 0–100 even past the schema, and closes and reopens", () => {
    const t = memoryTenant();
    const c = t.$client.prepare("INSERT INTO clients (first_name, last_name, created_at, updated_at) VALUES ('A', 'B', 0, 0) RETURNING id").get() as { id: number };
    const g = createGoal(t, c.id, { title: "Courir 10 km", progress: 0 });
    expect(() => setGoalProgress(t, c.id, g, 101)).toThrow(RangeError);
    expect(() => setGoalProgress(t, c.id, g, -1)).toThrow(RangeError);
    expect(setGoalProgress(t, c.id, g, 55)).toBe(true);
    expect(setGoalProgress(t, c.id + 1, g, 60)).toBe(false); // another client's goal
    const read = () => t.$client.prepare("SELECT status, progress, closed_at IS NOT NULL AS closed FROM goals WHERE id = ?").get(g);
    expect(read()).toEqual({ status: "in_progress", progress: 55, closed: 0 });
    setGoalStatus(t, c.id, g, "abandoned");
    expect(read()).toEqual({ status: "abandoned", progress: 55, closed: 1 });
    setGoalStatus(t, c.id, g, "in_progress");
    expect(read()).toEqual({ status: "in_progress", progress: 55, closed: 0 });
    setGoalStatus(t, c.id, g, "done");
    expect(read()).toEqual({ status: "done", progress: 100, closed: 1 });
  });
});
