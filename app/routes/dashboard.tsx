import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { requireCoach } from "~/auth/guards.server";
import { AppShell } from "~/components/app-shell";
import { RouteErrorBoundary } from "~/components/route-error";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, tenant } = await requireCoach(request);
  return json({ user: { name: user.name, email: user.email }, tenantName: tenant.name });
}

export default function DashboardLayout() {
  const { user } = useLoaderData<typeof loader>();
  return (
    <AppShell title="Coach OS" user={user} nav={[
        { to: "/dashboard", label: "Focus", end: true },
        { to: "/dashboard/leads", label: "Leads" },
        { to: "/dashboard/pipeline", label: "Pipeline" },
        { to: "/dashboard/clients", label: "Clients" },
        { to: "/dashboard/quotes", label: "Devis" },
        { to: "/dashboard/invoices", label: "Factures" },
        { to: "/dashboard/earnings", label: "Revenus" },
        { to: "/dashboard/email/campaigns", label: "Emails" },
        { to: "/dashboard/kpis", label: "KPIs" },
        { to: "/dashboard/settings", label: "Réglages" },
      ]}>
      <Outlet />
    </AppShell>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
