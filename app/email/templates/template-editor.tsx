// The template editor: ONE form. Without JavaScript each block is a fieldset with its fields and
// its "Monter", "Descendre", "Supprimer" buttons (every button also saves what was typed); with
// JavaScript the blocks can be dragged too, and a live preview follows the typing.
import { closestCenter, DndContext, type Announcements, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent } from "@dnd-kit/core";
import { arrayMove, SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { Form, useFetcher } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { ErrorList } from "~/components/forms";
import { TEMPLATE_VARIABLES, VARIABLE_LABELS } from "../variables";
import { ALIGNMENT_LABELS, ALIGNMENTS, BLOCK_LABELS, BLOCK_TYPES, FONTS, MAX_BLOCKS, SOCIAL_LABELS, SOCIAL_NETWORKS, SPACING_LABELS, SPACINGS, type BlockType } from "./design";
import type { EditorErrors, EditorValues, RawBlock } from "./editor-form";

const PALETTE: [string, string][] = [
  ["", "Couleur du thème"],
  ["#1f2937", "Anthracite"],
  ["#111827", "Noir"],
  ["#6b7280", "Gris"],
  ["#4f46e5", "Indigo"],
  ["#0f766e", "Vert"],
  ["#b45309", "Ambre"],
  ["#be123c", "Framboise"],
  ["#ffffff", "Blanc"],
];

type Row = { key: string; block: RawBlock };

const ANNOUNCEMENTS: Announcements = {
  onDragStart: () => "Bloc saisi.",
  onDragOver: ({ over }) => (over ? "Bloc déplacé." : "Hors de la liste."),
  onDragEnd: ({ over }) => (over ? "Bloc déposé : enregistrez pour garder l'ordre." : "Bloc reposé à sa place."),
  onDragCancel: () => "Déplacement annulé.",
};

// Drag and drop wraps the rows in other components: switching it on re-creates the rows (and
// loses what was typed in them). It happens once, at hydration; an editor re-created after a
// button (new values from the server) starts with it on.
let hydrated = false;

export function TemplateEditor({ id, values, errors }: { id: number; values: EditorValues; errors: EditorErrors }) {
  const [rows, setRows] = useState<Row[]>(() => values.blocks.map((block, i) => ({ key: `b${i}`, block })));
  const [mounted, setMounted] = useState(hydrated);
  const [moved, setMoved] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const preview = useFetcher<string>();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const submitPreview = preview.submit;
  const refresh = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (formRef.current) submitPreview(formRef.current, { method: "post", action: `/dashboard/email/templates/${id}/preview.html` });
    }, 400);
  }, [id, submitPreview]);
  useEffect(() => {
    hydrated = true;
    setMounted(true);
    refresh();
    return () => clearTimeout(timer.current);
  }, [refresh]);

  function onDragEnd({ active, over }: DragEndEvent) {
    if (!over || active.id === over.id) return;
    const from = rows.findIndex((r) => r.key === active.id);
    const to = rows.findIndex((r) => r.key === over.id);
    setRows(arrayMove(rows, from, to));
    setMoved(true);
    refresh();
  }

  const list = (
    <ol className="space-y-3" data-testid="blocks">
      {rows.map((row, i) => (
        <BlockRow key={row.key} id={row.key} block={row.block} index={i} count={rows.length} errors={errors} dnd={mounted} />
      ))}
    </ol>
  );

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,620px)]">
      <Form method="post" ref={formRef} onChange={refresh} className="space-y-4" noValidate aria-label="Modèle">
        {/* Enter in a field saves (the first submit button is the one a browser presses). */}
        <button type="submit" name="intent" value="save" className="sr-only" tabIndex={-1} aria-hidden="true">
          Enregistrer
        </button>
        <input type="hidden" name="blockCount" value={rows.length} />
        {errors.form ? <ErrorList errors={[errors.form]} /> : null}
        <section className="card space-y-3">
          <TextInput label="Nom du modèle" name="name" value={values.name} error={errors.name} />
          <TextInput label="Objet de l'email" name="subject" value={values.subject} error={errors.subject} />
          <details className="text-sm text-slate-600">
            <summary className="cursor-pointer">Variables possibles</summary>
            <ul className="mt-2 grid gap-1 sm:grid-cols-2">
              {TEMPLATE_VARIABLES.map((v) => (
                <li key={v}>
                  <code className="rounded bg-slate-100 px-1">{`{{${v}}}`}</code> {VARIABLE_LABELS[v]}
                </li>
              ))}
            </ul>
          </details>
        </section>

        <fieldset className="card grid gap-3 sm:grid-cols-2">
          <legend className="px-1 font-semibold">Apparence</legend>
          <ColorInput label="Fond" name="theme.background" value={values.theme.background} error={errors["theme.background"]} />
          <ColorInput label="Fond du contenu" name="theme.contentBackground" value={values.theme.contentBackground} error={errors["theme.contentBackground"]} />
          <ColorInput label="Texte" name="theme.textColor" value={values.theme.textColor} error={errors["theme.textColor"]} />
          <ColorInput label="Boutons et liens" name="theme.accentColor" value={values.theme.accentColor} error={errors["theme.accentColor"]} />
          <Select label="Police" name="theme.font" value={values.theme.font} options={Object.entries(FONTS).map(([k, f]) => [k, f.label])} error={errors["theme.font"]} />
          <Select label="Alignement" name="theme.align" value={values.theme.align} options={ALIGNMENTS.map((a) => [a, ALIGNMENT_LABELS[a]])} error={errors["theme.align"]} />
          <Select label="Espacement" name="theme.spacing" value={values.theme.spacing} options={Object.keys(SPACINGS).map((s) => [s, SPACING_LABELS[s as keyof typeof SPACINGS]])} error={errors["theme.spacing"]} />
        </fieldset>

        <section className="space-y-3" aria-labelledby="blocks-title">
          <h2 id="blocks-title" className="text-lg font-semibold">
            Blocs
          </h2>
          {rows.length === 0 ? <p className="text-sm text-slate-600">Aucun bloc : ajoutez-en un ci-dessous.</p> : null}
          {mounted ? (
            <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd} accessibility={{ screenReaderInstructions: { draggable: "Espace pour saisir le bloc, flèches pour le déplacer, Espace pour le déposer, Échap pour annuler." }, announcements: ANNOUNCEMENTS }}>
              <SortableContext items={rows.map((r) => r.key)} strategy={verticalListSortingStrategy}>
                {list}
              </SortableContext>
            </DndContext>
          ) : (
            list
          )}
          {moved ? (
            <p role="status" className="text-sm text-amber-800">
              Ordre modifié : enregistrez pour le garder.
            </p>
          ) : null}
          <ErrorList errors={errors.blocks ? [errors.blocks] : null} />
          <div className="card flex flex-wrap items-end gap-2">
            <div>
              <label htmlFor="newBlockType" className="block text-sm font-medium text-slate-700">
                Type de bloc
              </label>
              <select id="newBlockType" name="newBlockType" defaultValue="text" className="input mt-1">
                {BLOCK_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {BLOCK_LABELS[t]}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" name="intent" value="add" className="btn-secondary" disabled={rows.length >= MAX_BLOCKS}>
              Ajouter un bloc
            </button>
          </div>
        </section>

        <fieldset className="card space-y-3">
          <legend className="px-1 font-semibold">Valeurs par défaut</legend>
          <p className="text-sm text-slate-600">Utilisées quand un contact n'a pas la donnée (par exemple « Bonjour {"{{firstName}}"} » devient « Bonjour » sans prénom).</p>
          <div className="grid gap-3 sm:grid-cols-2">
            {TEMPLATE_VARIABLES.map((v) => (
              <TextInput key={v} label={`${VARIABLE_LABELS[v]} ({{${v}}})`} name={`fallbacks.${v}`} value={values.fallbacks[v] ?? ""} error={errors[`fallbacks.${v}`]} />
            ))}
          </div>
        </fieldset>

        <button type="submit" name="intent" value="save" className="btn w-full sm:w-auto">
          Enregistrer
        </button>
      </Form>

      {mounted ? (
        <section aria-labelledby="live-preview" className="space-y-2 lg:sticky lg:top-4 lg:self-start">
          <h2 id="live-preview" className="text-lg font-semibold">
            Aperçu en direct {preview.state !== "idle" ? <span className="text-sm font-normal text-slate-500">(mise à jour…)</span> : null}
          </h2>
          <iframe title="Aperçu en direct" data-testid="live-preview" sandbox="" srcDoc={typeof preview.data === "string" ? preview.data : ""} className="h-[640px] w-full rounded-lg border border-slate-300 bg-white" />
          <p className="text-xs text-slate-500">Les images s'affichent dans l'aperçu complet.</p>
        </section>
      ) : null}
    </div>
  );
}

function BlockRow({ id, block, index, count, errors, dnd }: { id: string; block: RawBlock; index: number; count: number; errors: EditorErrors; dnd: boolean }) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id, disabled: !dnd });
  const style = { transform: CSS.Transform.toString(transform), transition };
  const n = index + 1;
  const f = (field: string) => ({ name: `blocks[${index}].${field}`, value: block[field] ?? "", error: errors[`blocks.${index}.${field}`], label: (l: string) => `${l} (bloc ${n})` });
  return (
    <li ref={setNodeRef} style={style} id={`block-${index}`} className={isDragging ? "relative z-10 opacity-80" : undefined} data-testid="block-row" data-block-type={block.type}>
      <fieldset className="card space-y-3">
        <legend className="flex items-center gap-2 px-1 font-semibold">
          {dnd ? (
            <button type="button" {...listeners} {...attributes} aria-label={`Déplacer le bloc ${n}`} className="cursor-grab rounded border border-slate-300 px-2 text-slate-500">
              ⇅
            </button>
          ) : null}
          Bloc {n} · {BLOCK_LABELS[block.type]}
        </legend>
        <input type="hidden" name={`blocks[${index}].type`} value={block.type} />
        <BlockFields type={block.type} f={f} />
        <ErrorList errors={errors[`blocks.${index}`] ? [errors[`blocks.${index}`]] : errors[`blocks.${index}.type`] ? [errors[`blocks.${index}.type`]] : null} />
        <div className="flex flex-wrap gap-2">
          <button type="submit" name="intent" value={`up:${index}`} className="btn-secondary px-3 py-1" disabled={index === 0} aria-label={`Monter le bloc ${n}`}>
            Monter
          </button>
          <button type="submit" name="intent" value={`down:${index}`} className="btn-secondary px-3 py-1" disabled={index === count - 1} aria-label={`Descendre le bloc ${n}`}>
            Descendre
          </button>
          <button type="submit" name="intent" value={`remove:${index}`} className="btn-secondary px-3 py-1 text-red-700" aria-label={`Supprimer le bloc ${n}`}>
            Supprimer
          </button>
        </div>
      </fieldset>
    </li>
  );
}

type FieldOf = (field: string) => { name: string; value: string; error?: string; label: (l: string) => string };

function BlockFields({ type, f }: { type: BlockType; f: FieldOf }) {
  const color = (label = "Couleur") => <Select {...f("color")} label={f("color").label(label)} options={paletteWith(f("color").value)} />;
  const layout = (
    <>
      {type !== "divider" ? <Select {...f("align")} label={f("align").label("Alignement")} options={[["", "Comme le thème"], ...ALIGNMENTS.map((a) => [a, ALIGNMENT_LABELS[a]] as [string, string])]} /> : null}
      <Select {...f("spacing")} label={f("spacing").label("Espacement")} options={[["", "Comme le thème"], ...Object.keys(SPACINGS).map((s) => [s, SPACING_LABELS[s as keyof typeof SPACINGS]] as [string, string])]} />
    </>
  );
  const grid = (children: ReactNode) => <div className="grid gap-3 sm:grid-cols-3">{children}</div>;
  switch (type) {
    case "title":
      return (
        <>
          <TextInput {...f("text")} label={f("text").label("Titre")} />
          {grid(
            <>
              <Select {...f("size")} label={f("size").label("Taille")} options={[["large", "Grand"], ["medium", "Moyen"]]} />
              {color()}
              {layout}
            </>,
          )}
        </>
      );
    case "text":
      return (
        <>
          <TextArea {...f("text")} label={f("text").label("Texte")} rows={5} />
          {grid(
            <>
              {color()}
              {layout}
            </>,
          )}
        </>
      );
    case "image":
      return (
        <>
          <TextInput {...f("src")} type="url" label={f("src").label("Adresse de l'image (https://…)")} />
          <TextInput {...f("alt")} label={f("alt").label("Description de l'image")} />
          {grid(
            <>
              <TextInput {...f("width")} type="number" label={f("width").label("Largeur (px)")} />
              {layout}
            </>,
          )}
        </>
      );
    case "button":
      return (
        <>
          <TextInput {...f("label")} label={f("label").label("Texte du bouton")} />
          <TextInput {...f("url")} type="url" label={f("url").label("Lien du bouton (https://…)")} />
          {grid(
            <>
              {color("Couleur du bouton")}
              {layout}
            </>,
          )}
        </>
      );
    case "divider":
      return grid(
        <>
          {color()}
          {layout}
        </>,
      );
    case "spacer":
      return <TextInput {...f("height")} type="number" label={f("height").label("Hauteur (px)")} />;
    case "columns":
      return (
        <>
          <div className="grid gap-3 sm:grid-cols-2">
            <TextArea {...f("left")} label={f("left").label("Colonne de gauche")} rows={4} />
            <TextArea {...f("right")} label={f("right").label("Colonne de droite")} rows={4} />
          </div>
          {grid(
            <>
              {color()}
              {layout}
            </>,
          )}
        </>
      );
    case "social":
      return (
        <>
          <div className="grid gap-3 sm:grid-cols-2">
            {SOCIAL_NETWORKS.map((s) => (
              <TextInput key={s} {...f(s)} type="url" label={f(s).label(SOCIAL_LABELS[s])} />
            ))}
          </div>
          {grid(layout)}
        </>
      );
    case "signature":
      return (
        <>
          <div className="grid gap-3 sm:grid-cols-2">
            <TextInput {...f("name")} label={f("name").label("Nom")} />
            <TextInput {...f("role")} label={f("role").label("Fonction")} />
          </div>
          <TextArea {...f("details")} label={f("details").label("Coordonnées")} rows={3} />
          {grid(
            <>
              {color()}
              {layout}
            </>,
          )}
        </>
      );
  }
}

const paletteWith = (value: string): [string, string][] => (value && !PALETTE.some(([v]) => v === value) ? [...PALETTE, [value, value]] : PALETTE);
const fieldId = (name: string) => name.replace(/[^\w-]/g, "-");

function Labelled({ name, label, error, children }: { name: string; label: string; error?: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={fieldId(name)} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      <ErrorList id={`${fieldId(name)}-error`} errors={error ? [error] : null} />
    </div>
  );
}

type InputProps = { name: string; label: string; value: string; error?: string };
const aria = (name: string, error?: string) => ({ id: fieldId(name), name, "aria-invalid": error ? true : undefined, "aria-describedby": error ? `${fieldId(name)}-error` : undefined });

function TextInput({ type = "text", ...p }: InputProps & { type?: "text" | "url" | "number" }) {
  return (
    <Labelled {...p}>
      <input {...aria(p.name, p.error)} type={type} defaultValue={p.value} className="input mt-1" />
    </Labelled>
  );
}

function TextArea({ rows, ...p }: InputProps & { rows: number }) {
  return (
    <Labelled {...p}>
      <textarea {...aria(p.name, p.error)} rows={rows} defaultValue={p.value} className="input mt-1" />
    </Labelled>
  );
}

function ColorInput(p: InputProps) {
  return (
    <Labelled {...p}>
      <input {...aria(p.name, p.error)} type="color" defaultValue={p.value} className="mt-1 h-10 w-20 rounded border border-slate-300" />
    </Labelled>
  );
}

function Select({ options, ...p }: InputProps & { options: [string, string][] }) {
  return (
    <Labelled {...p}>
      <select {...aria(p.name, p.error)} defaultValue={p.value} className="input mt-1">
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </Labelled>
  );
}
