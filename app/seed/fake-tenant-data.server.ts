// Everything one coach's file holds after seeding, generated in memory from the coach's
// own random stream (see seedCoach) and written afterwards in one transaction.
import { fakeBilling, type FakeBilling, type SeedCoachIdentity } from "./fake-billing.server";
import { fakeCoaching, type FakeCoaching } from "./fake-coaching.server";
import { fakeCrm, type FakeCrm } from "./fake-crm.server";
import { fakeLeads, type FakeLeads } from "./fake-leads.server";
import type { Specialty } from "./vocabulary.server";

export type TenantData = Omit<FakeLeads, "won"> & FakeCoaching & FakeCrm & FakeBilling;

export function fakeTenantData(input: { leads: number; now: Date; specialty: Specialty; coach: SeedCoachIdentity }): TenantData {
  const { won, ...pipeline } = fakeLeads({ count: input.leads, now: input.now, specialty: input.specialty });
  const coaching = fakeCoaching({ now: input.now, specialty: input.specialty, won });
  const crm = fakeCrm({ leads: pipeline.leads, now: input.now });
  // Drawn last, so the billing rows change none of the earlier demo data. It completes the
  // clients (addresses, businesses) and the sessions' paid marks (the ledger's rule).
  const billing = fakeBilling({ coach: input.coach, now: input.now, clients: coaching.clients, sessions: coaching.sessions, leads: pipeline.leads });
  return { ...pipeline, ...coaching, ...crm, ...billing };
}
