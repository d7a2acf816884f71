import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { useId } from "react";

export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  const list = errors?.filter(Boolean);
  if (!list?.length) return null;
  return (
    <ul id={id} className="mt-1 space-y-1 text-sm text-red-700" role="alert">
      {list.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  );
}

type InputType = "text" | "email" | "password" | "number" | "search" | "url" | "tel";

/** A labelled input wired to a Conform field: aria-invalid, aria-describedby, server errors. */
export function Field({
  label,
  field,
  type = "text",
  help,
  autoComplete,
  placeholder,
}: {
  label: string;
  field: FieldMetadata<string | number | undefined>;
  type?: InputType;
  help?: string;
  autoComplete?: string;
  placeholder?: string;
}) {
  const helpId = useId();
  const props = getInputProps(field, { type, ariaDescribedBy: help ? helpId : undefined });
  return (
    <div>
      <label htmlFor={field.id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input {...props} key={props.key} autoComplete={autoComplete} placeholder={placeholder} className="input mt-1" />
      {help ? (
        <p id={helpId} className="mt-1 text-xs text-slate-500">
          {help}
        </p>
      ) : null}
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function FormErrors({ id, errors }: { id?: string; errors?: string[] | null }) {
  if (!errors?.length) return null;
  return (
    <div className="rounded-lg border border-red-200 bg-red-50 p-3">
      <ErrorList id={id} errors={errors} />
    </div>
  );
}

export function Flash({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <p role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-800">
      {message}
    </p>
  );
}
