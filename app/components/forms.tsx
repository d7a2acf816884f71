import { getInputProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { useId } from "react";
import type { z } from "zod";

/**
 * Conform wired to one Zod schema, the way every form of ours works: the server's result
 * (errors and values, also without JavaScript), the schema's HTML constraints, and with
 * JavaScript the same validation in the browser — first on blur, then while typing, so that
 * errors clear before the submit button is pressed (and does not move under the pointer).
 */
export function useZodForm<Schema extends z.ZodTypeAny>(
  schema: Schema,
  { lastResult, id, defaultValue }: { lastResult?: SubmissionResult<string[]> | null; id?: string; defaultValue?: z.input<Schema> },
) {
  return useForm<z.input<Schema>, z.output<Schema>, string[]>({
    id,
    lastResult,
    defaultValue,
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
}

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
  step,
}: {
  label: string;
  field: FieldMetadata<string | number | undefined>;
  type?: InputType;
  help?: string;
  autoComplete?: string;
  placeholder?: string;
  /** For number inputs: "any" accepts decimals, also in the browser's own check without JavaScript. */
  step?: string;
}) {
  const helpId = useId();
  const props = getInputProps(field, { type, ariaDescribedBy: help ? helpId : undefined });
  return (
    <div>
      <label htmlFor={field.id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input {...props} key={props.key} autoComplete={autoComplete} placeholder={placeholder} step={step} className="input mt-1" />
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
