// Everything one coach's file holds after seeding, generated in memory from the coach's
// own random stream (see seedCoach) and written afterwards in one transaction.
import { fakeCoaching, type FakeCoaching } from "./fake-coaching.server";
import { fakeLeads, type FakeLeads } from "./fake-leads.server";
import type { Specialty } from "./vocabulary.server";

export type TenantData = Omit<FakeLeads, "won"> & FakeCoaching;

export function fakeTenantData(input: { leads: number; now: Date; specialty: Specialty }): TenantData {
  const { won, ...pipeline } = fakeLeads({ count: input.leads, now: input.now, specialty: input.specialty });
  return { ...pipeline, ...fakeCoaching({ now: input.now, specialty: input.specialty, won }) };
}
