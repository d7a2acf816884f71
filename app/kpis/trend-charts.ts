// The two trend charts of /dashboard/kpis (shared by the loader, which renders them, and the page).
export const TREND_CHARTS = [
  {
    id: "trend-activity",
    title: "Leads et messages par jour",
    lines: [
      { key: "leadsCreated", label: "Leads", color: "#4f46e5" },
      { key: "messagesOut", label: "Messages envoyés", color: "#10b981" },
      { key: "messagesIn", label: "Réponses reçues", color: "#f59e0b" },
    ],
  },
  {
    id: "trend-funnel",
    title: "Conversion par jour d'arrivée des leads",
    lines: [
      { key: "leadsQualified", label: "Qualifiés", color: "#8b5cf6" },
      { key: "callsBooked", label: "Calls réservés", color: "#3b82f6" },
      { key: "leadsWon", label: "Gagnés", color: "#10b981" },
    ],
  },
] as const;
