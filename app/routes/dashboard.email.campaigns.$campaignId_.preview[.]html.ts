// The campaign's email as one contact will get it (the coach's newest lead with an email, else a
// sample contact): the frozen copy once queued, else the template compiled now, its unsubscribe
// link inert (a real lead's working link must not be one click away). HTML for the
// draft page's iframe; `?format=text` gives the plain-text version.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { withCoachDb } from "~/auth/guards.server";
import { CampaignError, requireCampaign, sampleCopy } from "~/email/campaigns.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withCoachDb(request, async (db) => {
    const campaign = requireCampaign(db, params.campaignId);
    const text = new URL(request.url).searchParams.get("format") === "text";
    try {
      const copy = await sampleCopy(db, campaign);
      return new Response(text ? copy.text : copy.html, {
        headers: { "Content-Type": `${text ? "text/plain" : "text/html"}; charset=utf-8`, "Cache-Control": "private, no-store" },
      });
    } catch (error) {
      if (error instanceof CampaignError) return new Response(error.message, { status: 409, headers: { "Content-Type": "text/plain; charset=utf-8" } });
      throw error;
    }
  });
}
