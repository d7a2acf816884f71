// Everything one coach's file holds after seeding, generated in memory from the coach's
// own random stream (see seedCoach) and written afterwards in one transaction.
import { fakeCoaching, type FakeCoaching } from "./fake-coaching.server";
import { fakeCrm, type FakeCrm } from "./fake-crm.server";
import { fakeLeads, type FakeLeads } from "./fake-leads.server";
import type { Specialty } from "./vocabulary.server";

export type TenantData = Omit<FakeLeads, "won"> & FakeCoaching & FakeCrm;

export function fakeTenantData(input: { leads: number; now: Date; specialty: Specialty }): TenantData {
  const { won, ...pipeline } = fakeLeads({ count: input.leads, now: input.now, specialty: input.specialty });
  const coaching = fakeCoaching({ now: input.now, specialty: input.specialty, won });
  // Drawn last, so adding the CRM rows changed none of the earlier demo data.
  return { ...pipeline, ...coaching, ...fakeCrm({ leads: pipeline.leads, now: input.now }) };
}
