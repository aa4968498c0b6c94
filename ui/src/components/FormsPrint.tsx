import { useEffect, useState } from "preact/hooks";
import { api, toApiError } from "../api";
import type { DossierFormKind, DossierStep, FormEntry } from "../api";
import { Field } from "./Field";
import { PdfPreview } from "./PdfPreview";
import { S } from "../strings";

type State =
  | { kind: "idle" }
  | { kind: "printing" }
  | { kind: "done"; title: string }
  | { kind: "failed"; message: string; fields: Record<string, string> };

/**
 * The other papers of one dossier (forms 02–05, the process-control sheet): the clerk picks
 * one from the office's form set, writes what the letter needs, and prints it on the A4
 * printer. What each form needs is checked by the backend, which names the field.
 */
/** The step whose letter each form is: its content fills the form's fields. */
const STEP_OF: Partial<Record<DossierFormKind, DossierStep["step"]>> = {
  supplement: "supplement_requested",
  refusal: "refused",
  apology: "apologised",
  stop: "processing_stopped",
};

export function FormsPrint({ code, steps }: { code: string; steps?: DossierStep[] }) {
  const [forms, setForms] = useState<FormEntry[]>([]);
  const [form, setForm] = useState<DossierFormKind | "">("");
  const [items, setItems] = useState("");
  const [reason, setReason] = useState("");
  const [newDate, setNewDate] = useState("");
  const [state, setState] = useState<State>({ kind: "idle" });
  const [previewing, setPreviewing] = useState(false);

  useEffect(() => {
    api
      .dossierForms()
      .then((f) => {
        setForms(f);
        if (f.length > 0) setForm(f[0].form);
      })
      .catch((e) => setState({ kind: "failed", message: toApiError(e).message, fields: {} }));
  }, []);

  // The letter of a recorded step says what the step said (the clerk may still edit it).
  useEffect(() => {
    const kind = form ? STEP_OF[form] : undefined;
    const step = [...(steps ?? [])].reverse().find((s) => s.step === kind);
    if (!step) return;
    if (step.step === "supplement_requested") setItems(step.missing.join("\n"));
    if ("reason" in step) setReason(step.reason);
    if (step.step === "apologised") setNewDate(step.new_appointment_at.slice(0, 16));
  }, [form, steps]);

  const entry = forms.find((f) => f.form === form);
  const content = () => ({
    items: items.split("\n").map((i) => i.trim()).filter((i) => i !== ""),
    reason,
    // datetime-local gives "YYYY-MM-DDTHH:MM"; the backend reads seconds too
    new_appointment: newDate ? `${newDate}:00` : null,
  });
  const failed = (e: unknown) => {
    const err = toApiError(e);
    setState({
      kind: "failed",
      message: err.message,
      fields: Object.fromEntries(err.fields.map((f) => [f.field, f.message])),
    });
  };
  const print = async () => {
    if (!form || !entry) return;
    setPreviewing(false);
    setState({ kind: "printing" });
    try {
      await api.formPrint(form, code, content());
      setState({ kind: "done", title: entry.title.toLowerCase() });
    } catch (e) {
      failed(e);
    }
  };
  // What the letter is missing shows on its field, as for printing; the preview then closes.
  const loadPreview = async () => {
    if (!form) throw new Error("no form");
    try {
      return await api.formPdf(form, code, content());
    } catch (e) {
      if (toApiError(e).fields.length > 0) {
        failed(e);
        setPreviewing(false);
      }
      throw e;
    }
  };
  const fieldError = (name: string) => (state.kind === "failed" ? (state.fields[name] ?? null) : null);

  return (
    <section id="forms-print" class="detail-wide forms-print" data-state={state.kind}>
      <h3>{S.forms.title}</h3>
      <div class="row-4">
        <Field id="form-kind" label={S.forms.pick}>
          <select
            id="form-kind"
            value={form}
            onChange={(e) => {
              setForm((e.target as HTMLSelectElement).value as DossierFormKind);
              setState({ kind: "idle" });
            }}
          >
            {forms.map((f) => (
              <option key={f.form} value={f.form}>
                {f.number} — {f.title}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {form === "supplement" && (
        <Field id="form-items" label={S.forms.items} field="items" error={fieldError("items")}>
          <textarea id="form-items" rows={4} value={items} onInput={(e) => setItems((e.target as HTMLTextAreaElement).value)} />
        </Field>
      )}
      {form !== "control_sheet" && form !== "" && (
        <Field id="form-reason" label={S.forms.reason} field="reason" error={fieldError("reason")}>
          <textarea id="form-reason" rows={2} value={reason} onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} />
        </Field>
      )}
      {form === "apology" && (
        <Field id="form-new-date" label={S.forms.newDate} field="new_appointment" error={fieldError("new_appointment")}>
          <input
            id="form-new-date"
            type="datetime-local"
            value={newDate}
            onInput={(e) => setNewDate((e.target as HTMLInputElement).value)}
          />
        </Field>
      )}
      <div class="actions">
        <button
          type="button"
          id="form-print"
          class="btn btn-secondary"
          disabled={!entry || state.kind === "printing"}
          onClick={() => void print()}
        >
          {state.kind === "printing" ? S.forms.printing : S.forms.print}
        </button>
        <button
          type="button"
          id="form-preview"
          class="btn btn-secondary"
          disabled={!entry || state.kind === "printing"}
          onClick={() => {
            setState({ kind: "idle" });
            setPreviewing(true);
          }}
        >
          {S.preview.open}
        </button>
        <span id="form-print-status" role="status">
          {state.kind === "done" && <span class="result-ok">{S.forms.printed(state.title)}</span>}
          {state.kind === "failed" && (
            <span class="field-error">
              <strong>{S.forms.failedTitle}</strong> {state.message}
            </span>
          )}
        </span>
      </div>
      {previewing && entry && (
        <PdfPreview
          title={`${entry.number} — ${entry.title}`}
          load={loadPreview}
          onPrint={() => void print()}
          onClose={() => setPreviewing(false)}
        />
      )}
    </section>
  );
}
