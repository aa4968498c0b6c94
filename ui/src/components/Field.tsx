import type { ComponentChildren } from "preact";

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
