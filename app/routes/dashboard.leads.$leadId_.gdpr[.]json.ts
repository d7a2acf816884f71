// GDPR access (art. 15): everything this coach holds about the contact, as a JSON download
// (audited in the tenant: what, when, by whom, no personal data).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { withCoachDb } from "~/auth/guards.server";
import { leadAccessDownload } from "~/crm/gdpr.server";
import { requireLead } from "~/crm/lead-page.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withCoachDb(request, (db, { user }) => {
    const lead = requireLead(db, params.leadId);
    const data = leadAccessDownload(db, lead.id, user.id);
    return new Response(JSON.stringify(data, null, 2), {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="contact-${lead.id}-donnees.json"`,
        "Cache-Control": "no-store",
      },
    });
  });
}
