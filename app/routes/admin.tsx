import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/auth/guards.server";
import { AppShell, type NavItem } from "~/components/app-shell";
import { RouteErrorBoundary } from "~/components/route-error";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  return json({ user: { name: user.name, email: user.email, role: user.platformRole } });
}

export default function AdminLayout() {
  const { user } = useLoaderData<typeof loader>();
  const nav: NavItem[] = [
    { to: "/admin", label: "Coachs", end: true },
    ...(user.role === "admin" ? [{ to: "/admin/tenants/new", label: "Nouveau coach" }] : []),
    { to: "/admin/audit", label: "Journal d'audit" },
    ...(user.role === "admin" ? [{ to: "/admin/outbox", label: "Emails (dev)" }] : []),
  ];
  return (
    <AppShell title={`Coach OS · ${user.role === "admin" ? "Admin" : "Support"}`} user={user} nav={nav}>
      <Outlet />
    </AppShell>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
