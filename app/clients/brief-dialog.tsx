// "Voir le pré-brief" on Focus. Without JavaScript: a plain link to the brief's page. With it:
// a native modal <dialog> (the browser traps focus and closes on Escape) filled by a fetcher
// load of /dashboard/sessions/:id/brief.json; on close, focus goes back to the link that opened it.
// A session gone meanwhile shows "Pré-brief indisponible" in the dialog, Focus stays.
import { Link, useFetcher } from "@remix-run/react";
import { createContext, useCallback, useContext, useEffect, useRef, useState, type MouseEvent, type ReactNode } from "react";
import type { BriefJson } from "~/routes/dashboard.sessions.$sessionId_.brief[.]json";
import { BriefView } from "./brief-view";

type Open = (sessionId: number, trigger: HTMLElement) => void;
const BriefDialogContext = createContext<Open | null>(null);

export const briefHref = (sessionId: number) => `/dashboard/sessions/${sessionId}/brief`;
const briefJsonHref = (sessionId: number) => `${briefHref(sessionId)}.json`;

export function BriefLink({ sessionId, label, description }: { sessionId: number; label: string; description?: string }) {
  const open = useContext(BriefDialogContext);
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    // New tab / window requests keep the link's own behaviour.
    if (!open || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    open(sessionId, e.currentTarget);
  };
  return (
    <Link
      to={briefHref(sessionId)}
      onClick={onClick}
      className="btn-secondary"
      aria-haspopup={open ? "dialog" : undefined}
      aria-label={description ? `${label} : ${description}` : undefined}
    >
      {label}
    </Link>
  );
}

export function BriefDialogProvider({ children }: { children: ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const trigger = useRef<HTMLElement | null>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const [sessionId, setSessionId] = useState<number | null>(null);
  const fetcher = useFetcher<BriefJson>();
  const { load } = fetcher;

  const open = useCallback<Open>(
    (id, from) => {
      trigger.current = from;
      setSessionId(id);
      load(briefJsonHref(id));
      if (!dialog.current?.open) dialog.current?.showModal();
      // React's autoFocus only acts on mount (the dialog was closed then): focus "Fermer" now.
      closeButton.current?.focus();
    },
    [load],
  );

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    // Escape, the close button and form[method=dialog] all end here.
    const onClose = () => {
      trigger.current?.focus();
      trigger.current = null;
    };
    el.addEventListener("close", onClose);
    return () => el.removeEventListener("close", onClose);
  }, []);

  const answered = fetcher.state === "idle" && fetcher.data != null && fetcher.data.sessionId === String(sessionId);
  const brief = answered ? fetcher.data!.brief : null;
  const unavailable = answered && brief === null;
  return (
    <BriefDialogContext.Provider value={open}>
      {children}
      <dialog
        ref={dialog}
        aria-labelledby={brief ? "brief-dialog-title" : undefined}
        aria-label={brief ? undefined : "Pré-brief"}
        aria-busy={brief || unavailable ? undefined : true}
        className="w-full max-w-2xl rounded-xl p-0 shadow-xl backdrop:bg-slate-900/50"
        data-testid="brief-dialog"
      >
        <div className="max-h-[85vh] overflow-y-auto p-4 sm:p-6">
          <form method="dialog" className="flex flex-wrap items-center justify-end gap-2">
            {sessionId != null && !unavailable ? (
              <Link to={briefHref(sessionId)} className="text-sm text-indigo-700 underline">
                Ouvrir la page (pour imprimer)
              </Link>
            ) : null}
            <button type="submit" className="btn-secondary" ref={closeButton}>
              Fermer
            </button>
          </form>
          {brief ? (
            <div className="mt-2">
              <BriefView brief={brief} headingId="brief-dialog-title" headingLevel="h2" />
            </div>
          ) : unavailable ? (
            <div className="mt-4" role="alert">
              <p className="font-semibold">Pré-brief indisponible</p>
              <p className="mt-1 text-sm text-slate-600">Cette séance n'existe plus (supprimée ou annulée entre-temps). Rechargez la page pour mettre Focus à jour.</p>
            </div>
          ) : (
            <p className="mt-4 text-sm text-slate-600" role="status">
              Chargement du pré-brief…
            </p>
          )}
        </div>
      </dialog>
    </BriefDialogContext.Provider>
  );
}
