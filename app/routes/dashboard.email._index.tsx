// "Emails" in the main nav points here (so it stays highlighted on every /dashboard/email/* page):
// campaigns are the module's first page.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireCoach } from "~/auth/guards.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoach(request);
  return redirect("/dashboard/email/campaigns");
}
