import { useEffect, useState } from "preact/hooks";
import { api, toApiError } from "../api";
import type { DossierHistory, DossierStatus, Step, StepKind } from "../api";
import { Banner } from "./Banner";
import { Field } from "./Field";
import { FormsPrint } from "./FormsPrint";
import { dateTimeVn } from "../format";
import { S } from "../strings";

/** The steps the clerk may pick from in each state (the store checks again, and says why not). */
const NEXT: Record<DossierStatus, StepKind[]> = {
  received: ["handed_off", "supplement_requested", "result_ready", "refused", "withdrawn", "apologised"],
  in_processing: [
    "handed_off",
    "supplement_requested",
    "result_ready",
    "refused",
    "processing_stopped",
    "withdrawn",
    "apologised",
  ],
  needs_supplement: ["supplement_received", "refused", "processing_stopped", "withdrawn"],
  result_ready: ["returned_at_counter", "sent_by_post"],
  returned: [],
  rejected: [],
  processing_stopped: [],
  withdrawn: [],
};

/** What each step's form holds, as typed. */
interface Inputs {
  to: string;
  handler: string;
  deadline: string;
  note: string;
  missing: string;
  collectorName: string;
  collectorId: string;
  address: string;
  tracking: string;
  reason: string;
  newAppointment: string;
}

const EMPTY: Inputs = {
  to: "",
  handler: "",
  deadline: "",
  note: "",
  missing: "",
  collectorName: "",
  collectorId: "",
  address: "",
  tracking: "",
  reason: "",
  newAppointment: "",
};

/** `datetime-local` gives "YYYY-MM-DDTHH:MM"; the backend reads seconds too. */
const withSeconds = (v: string) => (v.length === 16 ? `${v}:00` : v);

function stepOf(kind: StepKind, i: Inputs): Step {
  switch (kind) {
    case "handed_off":
      return { step: kind, to: i.to, handler: i.handler, deadline: withSeconds(i.deadline), note: i.note };
    case "supplement_requested":
      return { step: kind, missing: i.missing.split("\n"), note: i.note };
    case "supplement_received":
    case "result_ready":
      return { step: kind, note: i.note };
    case "returned_at_counter":
      return { step: kind, collector_name: i.collectorName, collector_id: i.collectorId };
    case "sent_by_post":
      return { step: kind, address: i.address, tracking_number: i.tracking };
    case "refused":
    case "processing_stopped":
    case "withdrawn":
      return { step: kind, reason: i.reason };
    case "apologised":
      return { step: kind, reason: i.reason, new_appointment_at: withSeconds(i.newAppointment) };
  }
}

/** One line of the process-control sheet: what the step said. */
function stepDetail(s: Step): string {
  switch (s.step) {
    case "handed_off":
      return [s.to, s.handler, `${S.steps.deadline}: ${dateTimeVn(s.deadline)}`].filter(Boolean).join(" — ");
    case "supplement_requested":
      return s.missing.join("; ");
    case "returned_at_counter":
      return s.collector_name;
    case "sent_by_post":
      return `${S.steps.tracking}: ${s.tracking_number}`;
    case "refused":
    case "processing_stopped":
    case "withdrawn":
      return s.reason;
    case "apologised":
      return `${S.steps.newAppointment}: ${dateTimeVn(s.new_appointment_at)} — ${s.reason}`;
    default:
      return s.note;
  }
}

interface Props {
  code: string;
  /** after a step is saved (the detail shows the new status) */
  onChanged: () => void;
}

/** The dossier's steps so far and the form for its next one; then its papers (forms 02–06),
 * filled from the steps recorded. */
export function DossierSteps({ code, onChanged }: Props) {
  const [history, setHistory] = useState<DossierHistory | null>(null);
  const [kind, setKind] = useState<StepKind | "">("");
  const [inputs, setInputs] = useState<Inputs>(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = () =>
    api.dossierHistory(code).then(setHistory, (e) => setError(toApiError(e).message));
  useEffect(() => {
    void load();
  }, [code]);

  const set = (k: keyof Inputs) => (e: Event) =>
    setInputs({ ...inputs, [k]: (e.currentTarget as HTMLInputElement | HTMLTextAreaElement).value });
  const input = (k: keyof Inputs, label: string, when = false) => (
    <Field id={`step-${k}`} label={label}>
      {when ? (
        <input id={`step-${k}`} type="datetime-local" value={inputs[k]} onInput={set(k)} />
      ) : (
        <input id={`step-${k}`} type="text" value={inputs[k]} onInput={set(k)} />
      )}
    </Field>
  );

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!kind || busy) return;
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      await api.dossierStep(code, stepOf(kind, inputs));
      setKind("");
      setInputs(EMPTY);
      setSaved(S.steps.saved);
      await load();
      onChanged();
    } catch (err) {
      setError(toApiError(err).message);
    } finally {
      setBusy(false);
    }
  };

  if (!history) return <Banner message={error} />;
  const l = history.lifecycle;
  const next = NEXT[l.status] ?? [];
  return (
    <section class="detail-wide" id="dossier-steps">
      <h3>{S.steps.title}</h3>
      <dl class="facts">
        <dt>{S.steps.dueAt}</dt>
        <dd id="steps-due">{dateTimeVn(l.due_at)}</dd>
        {l.timeliness && (
          <>
            <dt>{S.detail.status}</dt>
            <dd id="steps-timeliness" data-timeliness={l.timeliness}>
              {S.steps.timeliness[l.timeliness]}
            </dd>
          </>
        )}
      </dl>
      {l.apologies > 0 && <p class="muted">{S.steps.apologies(l.apologies)}</p>}
      {history.steps.length === 0 ? (
        <p class="muted">{S.steps.none}</p>
      ) : (
        <ol id="steps-list" class="steps-list">
          {history.steps.map((s, i) => (
            <li key={i} data-step={s.step}>
              <strong>{S.steps.kind[s.step]}</strong> · {dateTimeVn(s.at)} · {S.steps.by(s.by_name)}
              {stepDetail(s) && <div class="muted small">{stepDetail(s)}</div>}
            </li>
          ))}
        </ol>
      )}
      <Banner message={error} id="step-error" />
      {saved && (
        <p id="step-saved" class="result-ok" role="status">
          {saved}
        </p>
      )}
      {next.length === 0 ? (
        <p class="muted">{S.steps.closed}</p>
      ) : (
        <form id="step-form" class="card" onSubmit={submit} noValidate>
          <Field id="step-kind" label={S.steps.next}>
            <select
              id="step-kind"
              value={kind}
              onChange={(e) => setKind(e.currentTarget.value as StepKind | "")}
            >
              <option value="">{S.steps.choose}</option>
              {next.map((k) => (
                <option value={k} key={k}>
                  {S.steps.kind[k]}
                </option>
              ))}
            </select>
          </Field>
          {kind === "handed_off" && (
            <>
              {input("to", S.steps.to)}
              {input("handler", S.steps.handler)}
              {input("deadline", S.steps.deadline, true)}
            </>
          )}
          {kind === "supplement_requested" && (
            <Field id="step-missing" label={S.steps.missing}>
              <textarea id="step-missing" rows={3} value={inputs.missing} onInput={set("missing")} />
            </Field>
          )}
          {kind === "returned_at_counter" && (
            <>
              {input("collectorName", S.steps.collectorName)}
              {input("collectorId", S.steps.collectorId)}
            </>
          )}
          {kind === "sent_by_post" && (
            <>
              {input("address", S.steps.postAddress)}
              {input("tracking", S.steps.tracking)}
            </>
          )}
          {(kind === "refused" || kind === "processing_stopped" || kind === "withdrawn" || kind === "apologised") &&
            input("reason", S.steps.reason)}
          {kind === "apologised" && input("newAppointment", S.steps.newAppointment, true)}
          {(kind === "handed_off" ||
            kind === "supplement_requested" ||
            kind === "supplement_received" ||
            kind === "result_ready") &&
            input("note", S.steps.note)}
          {kind && (
            <div class="actions">
              <button type="submit" id="step-save" class="btn btn-primary" disabled={busy}>
                {busy ? S.steps.saving : S.steps.save}
              </button>
            </div>
          )}
        </form>
      )}
      <FormsPrint code={code} steps={history.steps} />
    </section>
  );
}
