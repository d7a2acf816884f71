import { Form, Link, NavLink } from "@remix-run/react";

export type NavItem = { to: string; label: string; end?: boolean };

/** Header + navigation shared by the coach and admin areas; wraps on small screens. */
/** The coach's bell: a link to the notification centre with the unread count (null: unknown right now). */
export function NotificationBell({ href, unread }: { href: string; unread: number | null }) {
  const label = unread ? `Notifications (${unread} non lue${unread > 1 ? "s" : ""})` : "Notifications";
  return (
    <Link to={href} aria-label={label} title={label} className="relative rounded-md p-1.5 text-slate-600 hover:bg-slate-100" data-testid="notification-bell">
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {unread ? (
        <span aria-hidden="true" className="absolute -right-1 -top-1 min-w-[1.25rem] rounded-full bg-red-600 px-1 text-center text-xs font-bold leading-5 text-white">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </Link>
  );
}

export function AppShell({
  title,
  user,
  nav,
  notifications,
  children,
}: {
  title: string;
  user: { name: string; email: string };
  nav: NavItem[];
  notifications?: { href: string; unread: number | null };
  children: React.ReactNode;
}) {
  return (
    <div className="min-h-full">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <span className="font-bold text-indigo-700">{title}</span>
          <nav aria-label="Navigation principale" className="order-3 flex w-full flex-wrap gap-1 sm:order-none sm:w-auto">
            {nav.map((item) => (
              <NavLink
                key={item.to}
                to={item.to}
                end={item.end}
                className={({ isActive }) =>
                  `whitespace-nowrap rounded-md px-3 py-1.5 text-sm font-medium ${isActive ? "bg-indigo-50 text-indigo-700" : "text-slate-600 hover:bg-slate-100"}`
                }
              >
                {item.label}
              </NavLink>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm">
            {notifications ? <NotificationBell {...notifications} /> : null}
            <span className="hidden text-slate-600 sm:inline" title={user.email}>
              {user.name}
            </span>
            <Form method="post" action="/logout">
              <button type="submit" className="btn-secondary px-3 py-1.5">
                Se déconnecter
              </button>
            </Form>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
    </div>
  );
}
