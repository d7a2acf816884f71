import {
  DndContext,
  defaultKeyboardCoordinateGetter,
  KeyboardSensor,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type DragEndEvent,
  type KeyboardCoordinateGetter,
} from "@dnd-kit/core";
import { Form, Link, useFetcher } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { formatEuros, formatInt } from "~/lib/format";
import { FUNNEL, leadName, STATUS_LABELS, timeAgo } from "./lead-status";

type Card = { id: number; firstName: string | null; lastName: string | null; username: string | null; instagramId: string | null; company: string | null; status: string; score: number; lastContactAt: number | null; dealValueCents: number | null };
type Column = { status: string; count: number; totalCents: number; cards: Card[] };

/**
 * The kanban. Without JavaScript every card carries a select + "Déplacer" form; with it, cards
 * are also dragged (pointer or keyboard: focus a card, Space, arrows, Space) and the move is
 * posted through a fetcher to the same action, shown at once and rolled back if refused.
 */
export function PipelineBoard({ columns, query, now }: { columns: Column[]; query: string; now: number }) {
  const fetcher = useFetcher<{ error?: string }>();
  const [mounted, setMounted] = useState(false);
  const [moved, setMoved] = useState<{ id: number; to: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor, { coordinateGetter: columnJump }));
  useEffect(() => setMounted(true), []);
  useEffect(() => {
    if (fetcher.state !== "idle" || !moved) return;
    if (fetcher.data?.error) setMessage(`Déplacement annulé : ${fetcher.data.error}`);
    setMoved(null); // refused: back where it was; accepted: the reloaded data has it
  }, [fetcher.state, fetcher.data, moved]);

  const shown = moved ? optimistic(columns, moved) : columns;
  function onDragEnd({ active, over }: DragEndEvent) {
    const to = over?.id ? String(over.id) : null;
    const card = columns.flatMap((c) => c.cards).find((c) => c.id === Number(active.id));
    if (!to || !card || card.status === to) return;
    setMessage(null);
    setMoved({ id: card.id, to });
    fetcher.submit({ intent: "move", leadId: String(card.id), status: to, query }, { method: "post", action: "/dashboard/pipeline" });
  }

  const board = (
    <div className="flex snap-x gap-3 overflow-x-auto pb-4" data-testid="pipeline">
      {shown.map((col) => (
        <PipelineColumnView key={col.status} col={col} query={query} dnd={mounted}>
          {col.cards.map((card) => (
            <PipelineCard key={card.id} card={card} query={query} now={now} dnd={mounted} />
          ))}
        </PipelineColumnView>
      ))}
    </div>
  );
  return (
    <div className="space-y-2">
      {message ? (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {message}
        </p>
      ) : null}
      {mounted ? (
        <DndContext sensors={sensors} onDragEnd={onDragEnd} accessibility={{ screenReaderInstructions: { draggable: "Espace pour saisir la carte, flèches pour la déplacer, Espace pour la déposer, Échap pour annuler." } }}>
          {board}
        </DndContext>
      ) : (
        board
      )}
    </div>
  );
}

/** With the keyboard, ← and → jump a whole column (the default moves 25 px per press). */
const columnJump: KeyboardCoordinateGetter = (event, args) => {
  const rect = args.context.collisionRect;
  if ((event.code !== "ArrowRight" && event.code !== "ArrowLeft") || !rect) return defaultKeyboardCoordinateGetter(event, args);
  event.preventDefault();
  const columns = [...args.context.droppableRects.values()].sort((a, b) => a.left - b.left);
  const target = event.code === "ArrowRight" ? columns.find((c) => c.left > rect.left + 1) : columns.reverse().find((c) => c.left < rect.left - 1);
  if (!target) return args.currentCoordinates;
  return { x: args.currentCoordinates.x + target.left + 8 - rect.left, y: args.currentCoordinates.y + target.top + 56 - rect.top };
};

function optimistic(columns: Column[], { id, to }: { id: number; to: string }): Column[] {
  const card = columns.flatMap((c) => c.cards).find((c) => c.id === id);
  if (!card) return columns;
  return columns.map((c) => {
    if (c.status === card.status) return { ...c, count: c.count - 1, totalCents: c.totalCents - (card.dealValueCents ?? 0), cards: c.cards.filter((x) => x.id !== id) };
    if (c.status === to) return { ...c, count: c.count + 1, totalCents: c.totalCents + (card.dealValueCents ?? 0), cards: [{ ...card, status: to }, ...c.cards] };
    return c;
  });
}

function PipelineColumnView({ col, query, dnd, children }: { col: Column; query: string; dnd: boolean; children: ReactNode }) {
  const { setNodeRef, isOver } = useDroppable({ id: col.status, disabled: !dnd });
  const others = col.count - col.cards.length;
  const listHref = `/dashboard/leads?${new URLSearchParams([...new URLSearchParams(query)].filter(([k]) => k !== "status").concat([["status", col.status], ["sort", "score_desc"]]))}`;
  return (
    <section ref={setNodeRef} aria-label={STATUS_LABELS[col.status as keyof typeof STATUS_LABELS]} data-status={col.status} className={`w-72 shrink-0 snap-start rounded-lg border p-2 ${isOver ? "border-indigo-400 bg-indigo-50" : "border-slate-200 bg-slate-50"}`}>
      <header className="mb-2 px-1">
        <h2 className="font-semibold">{STATUS_LABELS[col.status as keyof typeof STATUS_LABELS]}</h2>
        <p className="text-xs text-slate-600" data-testid={`count-${col.status}`}>
          {formatInt(col.count)} · {formatEuros(col.totalCents)}
        </p>
      </header>
      <ul className="space-y-2">{children}</ul>
      {others > 0 ? (
        <Link to={listHref} className="mt-2 block px-1 text-sm text-indigo-700 underline">
          voir les {formatInt(others)} autres
        </Link>
      ) : null}
    </section>
  );
}

function PipelineCard({ card, query, now, dnd }: { card: Card; query: string; now: number; dnd: boolean }) {
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id: String(card.id), disabled: !dnd });
  const style = transform ? { transform: `translate3d(${transform.x}px, ${transform.y}px, 0)`, zIndex: 10 } : undefined;
  const name = leadName(card);
  return (
    <li ref={setNodeRef} style={style} data-testid="pipeline-card" data-lead-id={card.id} className={`rounded-md border border-slate-200 bg-white p-2 text-sm shadow-sm ${isDragging ? "opacity-80 shadow-lg" : ""}`}>
      <div {...(dnd ? { ...listeners, ...attributes, "aria-label": `Déplacer ${name}` } : {})} className={dnd ? "cursor-grab" : undefined}>
        <Link to={`/dashboard/leads/${card.id}`} className="font-medium text-indigo-700 hover:underline">
          {name}
        </Link>
        {card.company ? <p className="text-slate-600">{card.company}</p> : null}
        <p className="mt-1 flex flex-wrap gap-x-3 text-xs text-slate-500">
          <span>Score {card.score}</span>
          <span>{timeAgo(card.lastContactAt, now)}</span>
          {card.dealValueCents != null ? <span>{formatEuros(card.dealValueCents)}</span> : null}
        </p>
      </div>
      <Form method="post" action="/dashboard/pipeline" className="mt-2 flex gap-1">
        <input type="hidden" name="intent" value="move" />
        <input type="hidden" name="leadId" value={card.id} />
        <input type="hidden" name="query" value={query} />
        <label className="sr-only" htmlFor={`move-${card.id}`}>
          Nouveau statut de {name}
        </label>
        <select id={`move-${card.id}`} name="status" defaultValue={card.status} className="input py-1 text-xs">
          {FUNNEL.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
        <button type="submit" className="btn-secondary px-2 py-1 text-xs">
          Déplacer
        </button>
      </Form>
    </li>
  );
}
