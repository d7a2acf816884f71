import { Form, NavLink } from "@remix-run/react";

export type NavItem = { to: string; label: string; end?: boolean };

/** Header + navigation shared by the coach and admin areas; wraps on small screens. */
export function AppShell({ title, user, nav, children }: { title: string; user: { name: string; email: string }; nav: NavItem[]; children: React.ReactNode }) {
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
