// When a session can be started: shared by the server rule (sessions.server.ts) and the page,
// which offers the button only from then. No server-only imports.

/** How long before its time a session can be started: a tap a week ahead is a mistake. */
export const START_EARLY_MINUTES = 30;

/** The instant from which the session can be started. */
export const startOpensAt = (session: { scheduledAt: Date | number }) => new Date(new Date(session.scheduledAt).getTime() - START_EARLY_MINUTES * 60_000);
