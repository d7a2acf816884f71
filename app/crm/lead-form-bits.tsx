import { getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { ErrorList } from "~/components/forms";

/** A labelled select wired to a Conform field, with an empty "—" choice unless `required`. */
export function SelectField({
  label,
  field,
  options,
  empty = "—",
}: {
  label: string;
  field: FieldMetadata<string | undefined>;
  options: readonly (readonly [string, string])[];
  empty?: string | null;
}) {
  const props = getSelectProps(field);
  return (
    <div>
      <label htmlFor={field.id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <select {...props} key={props.key} className="input mt-1">
        {empty !== null ? <option value="">{empty}</option> : null}
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function TextareaField({ label, field, rows = 3 }: { label: string; field: FieldMetadata<string | undefined>; rows?: number }) {
  const props = getTextareaProps(field);
  return (
    <div>
      <label htmlFor={field.id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <textarea {...props} key={props.key} rows={rows} className="input mt-1" />
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

export const entries = <K extends string>(labels: Record<K, string>) => Object.entries(labels) as [K, string][];
