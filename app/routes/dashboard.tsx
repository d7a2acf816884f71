import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { requireCoach, withCoachDb } from "~/auth/guards.server";
import { AppShell } from "~/components/app-shell";
import { RouteErrorBoundary } from "~/components/route-error";
import { unreadCount } from "~/email/notifications.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, tenant } = await requireCoach(request);
  // The bell's count; a tenant file that cannot be opened right now (503) leaves the bell without
  // a number rather than hiding the page's own explanation behind the layout's error.
  const unread = await withCoachDb(request, (db) => unreadCount(db)).catch((error) => {
    if (error instanceof Response && error.status === 503) return null;
    throw error;
  });
  return json({ user: { name: user.name, email: user.email }, tenantName: tenant.name, unread });
}

export default function DashboardLayout() {
  const { user, unread } = useLoaderData<typeof loader>();
  return (
    <AppShell title="Coach OS" user={user} notifications={{ href: "/dashboard/notifications", unread }} nav={[
        { to: "/dashboard", label: "Focus", end: true },
        { to: "/dashboard/leads", label: "Leads" },
        { to: "/dashboard/pipeline", label: "Pipeline" },
        { to: "/dashboard/clients", label: "Clients" },
        { to: "/dashboard/quotes", label: "Devis" },
        { to: "/dashboard/invoices", label: "Factures" },
        { to: "/dashboard/earnings", label: "Revenus" },
        { to: "/dashboard/email", label: "Emails" },
        { to: "/dashboard/kpis", label: "KPIs" },
        { to: "/dashboard/settings", label: "Réglages" },
      ]}>
      <Outlet />
    </AppShell>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
