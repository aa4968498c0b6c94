import type { ComponentChildren, PartialInputHTMLAttributes } from "preact";

interface FieldProps {
  /** id of the input the label points at */
  id: string;
  label: ComponentChildren;
  /** backend field name, used as data-field on the error */
  field?: string;
  error?: string | null;
  /** a non-blocking warning (shown like an error, in amber) */
  warning?: string | null;
  hint?: ComponentChildren;
  class?: string;
  children: ComponentChildren;
}

/** A label, its input, an optional hint and the error right under the input. */
export function Field(props: FieldProps) {
  const msg = props.error || props.warning || null;
  const isWarning = !props.error && !!props.warning;
  return (
    <div class={`field${props.class ? " " + props.class : ""}${props.error ? " has-error" : ""}`}>
      <label for={props.id}>{props.label}</label>
      {props.children}
      {msg && (
        <FieldError id={props.id} field={props.field ?? props.id} warning={isWarning}>
          {msg}
        </FieldError>
      )}
      {props.hint && !msg && <div class="field-hint">{props.hint}</div>}
    </div>
  );
}

export function FieldError(props: {
  id: string;
  field: string;
  warning?: boolean;
  children: ComponentChildren;
}) {
  return (
    <div
      class={`field-error${props.warning ? " field-warning" : ""}`}
      data-field={props.field}
      id={`${props.id}-error`}
      role={props.warning ? "status" : "alert"}
    >
      {props.children}
    </div>
  );
}

/** the keys of a form object whose values are text, i.e. what a TextField can be bound to */
export type TextKeys<T> = { [K in keyof T]: T[K] extends string ? K : never }[keyof T];

type InputAttributes = Omit<PartialInputHTMLAttributes<HTMLInputElement>, "id" | "label" | "type" | "role" | "aria-invalid">;

interface TextFieldProps extends InputAttributes, Omit<FieldProps, "class" | "children"> {
  /** extra class on the field wrapper; `class` goes to the input */
  fieldClass?: string;
  type?: "text" | "email" | "tel" | "password" | "search";
  value: string;
}

/**
 * A Field holding one text input with the same id. The input is aria-invalid while there
 * is an error and has autoComplete="off" unless given another; all other props go to it.
 */
export function TextField({
  id,
  label,
  field,
  error,
  warning,
  hint,
  fieldClass,
  type = "text",
  autoComplete = "off",
  ...input
}: TextFieldProps) {
  return (
    <Field id={id} label={label} field={field} error={error} warning={warning} hint={hint} class={fieldClass}>
      {/* the cast: Preact types `input` as one union member per type, and cannot pick one for a union */}
      <input id={id} type={type as "text"} autoComplete={autoComplete} aria-invalid={error ? true : undefined} {...input} />
    </Field>
  );
}
