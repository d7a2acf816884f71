// Wording shared by the pre-brief page and its email.
import { GOAL_STATUS_LABELS, type GoalStatus } from "./client-schemas";

/** A goal worked on in the last session: its progress while in progress, else its outcome ("Atteint"…). */
export const goalStateText = (g: { status: string; progress: number }) =>
  g.status === "in_progress" ? `${g.progress} %` : (GOAL_STATUS_LABELS[g.status as GoalStatus] ?? g.status);
