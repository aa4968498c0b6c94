import { useState } from "preact/hooks";
import { api, toApiError } from "../api";
import { Field } from "./Field";
import { PdfPreview } from "./PdfPreview";
import { S } from "../strings";

type State = { kind: "idle" } | { kind: "printing" } | { kind: "done" } | { kind: "failed"; message: string };

/** Today's date in the office's time zone (UTC+7), as "YYYY-MM-DD". */
function officeToday(): string {
  return new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** The log book (sổ theo dõi hồ sơ) of a period on the A4 printer; today's by default. */
export function LogBookPrint() {
  const [from, setFrom] = useState(officeToday());
  const [to, setTo] = useState(officeToday());
  const [state, setState] = useState<State>({ kind: "idle" });
  const [previewing, setPreviewing] = useState(false);

  const print = async () => {
    setPreviewing(false);
    setState({ kind: "printing" });
    try {
      await api.logBookPrint(from, to);
      setState({ kind: "done" });
    } catch (e) {
      setState({ kind: "failed", message: toApiError(e).message });
    }
  };

  return (
    <details id="log-book" class="log-book" data-state={state.kind}>
      <summary>{S.forms.logBookTitle}</summary>
      <div class="row-4">
        <Field id="log-book-from" label={S.forms.from}>
          <input id="log-book-from" type="date" value={from} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} />
        </Field>
        <Field id="log-book-to" label={S.forms.to}>
          <input id="log-book-to" type="date" value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} />
        </Field>
      </div>
      <div class="actions">
        <button
          type="button"
          id="log-book-print"
          class="btn btn-secondary"
          disabled={state.kind === "printing" || !from || !to}
          onClick={() => void print()}
        >
          {state.kind === "printing" ? S.forms.printing : S.forms.logBookPrint}
        </button>
        <button
          type="button"
          id="log-book-preview"
          class="btn btn-secondary"
          disabled={state.kind === "printing" || !from || !to}
          onClick={() => setPreviewing(true)}
        >
          {S.preview.open}
        </button>
        <span id="log-book-status" role="status">
          {state.kind === "done" && <span class="result-ok">{S.forms.logBookPrinted}</span>}
          {state.kind === "failed" && <span class="field-error">{state.message}</span>}
        </span>
      </div>
      {previewing && (
        <PdfPreview
          title={S.preview.logBook}
          load={() => api.logBookPdf(from, to)}
          onPrint={() => void print()}
          onClose={() => setPreviewing(false)}
        />
      )}
    </details>
  );
}
