// Data repairs run on every healthy tenant after its migrations, at boot and on a re-check
// (idempotent, cheap when nothing is left to fix). A module of its own so that the re-check
// worker can load it without the control-DB side.
import type { TenantRepair } from "~/lib/migrate-all.server";
import { repairOutOfRangeDates } from "~/ingest/repair-dates.server";

export const TENANT_REPAIRS: TenantRepair[] = [
  // Dates outside 2015-01-01..tomorrow stored before ingestion bounded them (docs/api.md).
  (sqlite) => void repairOutOfRangeDates(sqlite, new Date()),
];
