import { NavLink } from "@remix-run/react";

const LINKS = [
  { to: "/dashboard/email/campaigns", label: "Campagnes" },
  { to: "/dashboard/email/templates", label: "Modèles" },
];

/** The email pages' sub-navigation: campaigns and templates. */
export function EmailNav() {
  return (
    <nav aria-label="Emails" className="flex gap-1 border-b border-slate-200 text-sm">
      {LINKS.map((l) => (
        <NavLink
          key={l.to}
          to={l.to}
          className={({ isActive }) => `-mb-px border-b-2 px-3 py-2 font-medium ${isActive ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
        >
          {l.label}
        </NavLink>
      ))}
    </nav>
  );
}
