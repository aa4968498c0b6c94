import { useEffect, useRef, useState } from "preact/hooks";
import { api, fieldMap, toApiError } from "../api";
import type {
  ApplicantKind,
  AppointmentPreview,
  DossierDraft,
  DossierRecord,
  Gender,
  Procedure,
  ReturnMethod,
} from "../api";
import { Banner } from "../components/Banner";
import { Field, TextField } from "../components/Field";
import type { TextKeys } from "../components/Field";
import { Kbd } from "../components/Kbd";
import { Papers } from "../components/Papers";
import type { PaperState } from "../components/Papers";
import { ProcedurePicker } from "../components/ProcedurePicker";
import { clean, dateTimeVn, dateVn, parseVnDate, tidyVnDate } from "../format";
import { S } from "../strings";
import { ReceiptPrint } from "../components/ReceiptPrint";

/** The unsaved form is kept per user: one clerk's half-typed applicant never shows to the next. */
export const draftKey = (userId: string) => `motcua.intakeDraft.${userId}`;
const PREVIEW_REFRESH_MS = 60_000;
/** "Xem trước khi in": the receipt waits in a preview after saving instead of printing at once. */
const PREVIEW_FIRST_KEY = "motcua.previewReceiptFirst";

interface IntakeForm {
  kind: ApplicantKind;
  id_number: string;
  full_name: string;
  birth_date: string; // as typed / shown: dd/mm/yyyy
  gender: "" | Gender;
  address: string;
  phone: string;
  email: string;
  procedure: Procedure | null;
  papers: PaperState[];
  sets: string;
  return_method: ReturnMethod;
  postal_address: string;
  note: string;
}

const EMPTY: IntakeForm = {
  kind: "person",
  id_number: "",
  full_name: "",
  birth_date: "",
  gender: "",
  address: "",
  phone: "",
  email: "",
  procedure: null,
  papers: [],
  sets: "1",
  return_method: "counter",
  postal_address: "",
  note: "",
};

const EMPTY_JSON = JSON.stringify(EMPTY);

function loadDraft(key: string): IntakeForm | null {
  try {
    const raw = localStorage.getItem(key);
    if (!raw) return null;
    const d = JSON.parse(raw) as Partial<IntakeForm>;
    if (!d || typeof d !== "object") return null;
    const f: IntakeForm = { ...EMPTY, ...d };
    if (!Array.isArray(f.papers)) f.papers = [];
    if (f.procedure && !Array.isArray(f.procedure.papers)) f.procedure = null;
    return JSON.stringify(f) === EMPTY_JSON ? null : f;
  } catch {
    return null;
  }
}

function saveDraft(key: string, f: IntakeForm): void {
  try {
    if (JSON.stringify(f) === EMPTY_JSON) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(f));
  } catch {
    /* storage full or unavailable: the form still works */
  }
}

function clearDraft(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    /* ignore */
  }
}

// backend field name → input id, in screen order (first error gets focus)
const FIELD_INPUT: [string, string][] = [
  ["id_number", "id-number"],
  ["full_name", "full-name"],
  ["birth_date", "birth-date"],
  ["gender", "gender"],
  ["address", "address"],
  ["phone", "phone"],
  ["email", "email"],
  ["procedure_code", "procedure-search"],
  ["papers", "papers-all"],
  ["sets", "sets"],
  ["return_method", "return-method"],
  ["postal_address", "postal-address"],
  ["note", "note"],
];
const KNOWN_FIELDS = new Set(FIELD_INPUT.map(([f]) => f));

// Enter in one of these saves; elsewhere it moves to the next field.
const SAVE_ON_ENTER = new Set(["sets", "return-method", "postal-address", "note"]);

function focusId(id: string) {
  const el = document.getElementById(id);
  if (el) el.focus();
  else if (id === "procedure-search") document.getElementById("procedure-change")?.focus();
}

interface Props {
  /** bumped by App when F2 is pressed on this screen */
  tick: number;
  userId: string;
  detailOpen: boolean;
  onOpen: (code: string) => void;
  /** a dossier was saved (the queue links it to the ticket being served) */
  onSaved?: (code: string) => void;
}

export function Intake({ tick, userId, detailOpen, onOpen, onSaved }: Props) {
  const key = draftKey(userId);
  const [restored] = useState<IntakeForm | null>(() => loadDraft(key));
  const [form, setForm] = useState<IntakeForm>(() => restored ?? EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [idWarning, setIdWarning] = useState<string | null>(null);
  const [banner, setBanner] = useState<{ text: string; details: string[] } | null>(null);
  const [info, setInfo] = useState<string | null>(restored ? S.intake.draftRestored : null);
  const [busy, setBusy] = useState(false);
  // A choice of this counter PC, kept across dossiers and restarts (not part of the draft).
  const [previewFirst, setPreviewFirst] = useState(() => localStorage.getItem(PREVIEW_FIRST_KEY) === "1");
  const [scanning, setScanning] = useState(false);
  const [saved, setSaved] = useState<DossierRecord | null>(null);
  const [preview, setPreview] = useState<AppointmentPreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const idCheckSeq = useRef(0);

  const procCode = form.procedure?.code ?? null;

  // keep the draft on every change
  useEffect(() => saveDraft(key, form), [key, form]);

  useEffect(() => {
    focusId("id-number");
  }, []);

  // F2 on this screen: start a new dossier after a save, else go to the ID field
  useEffect(() => {
    if (tick === 0) return;
    if (saved) newDossier();
    else focusId("id-number");
  }, [tick]);

  // appointment preview: on procedure change and every minute
  useEffect(() => {
    setPreview(null);
    setPreviewError(null);
    if (!procCode) return;
    let alive = true;
    const load = async () => {
      try {
        const p = await api.appointmentPreview(procCode);
        if (alive) {
          setPreview(p);
          setPreviewError(null);
        }
      } catch (e) {
        if (alive) setPreviewError(toApiError(e).message);
      }
    };
    void load();
    const t = window.setInterval(() => void load(), PREVIEW_REFRESH_MS);
    return () => {
      alive = false;
      window.clearInterval(t);
    };
  }, [procCode]);

  // Ctrl+S anywhere on the screen
  const saveRef = useRef<() => void>(() => {});
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === "s" || e.key === "S" || e.code === "KeyS")) {
        e.preventDefault();
        saveRef.current();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const set = <K extends keyof IntakeForm>(k: K, v: IntakeForm[K]) => {
    setForm((old) => ({ ...old, [k]: v }));
    if (errors[k as string]) {
      setErrors((old) => {
        const n = { ...old };
        delete n[k as string];
        return n;
      });
    }
  };
  const text = (k: keyof IntakeForm) => (e: Event) =>
    set(k, (e.currentTarget as HTMLInputElement).value as never);
  /** a TextField's form-bound props: backend field name, error, value and onInput */
  const bind = (k: TextKeys<IntakeForm>) => ({ field: k, error: errors[k], value: form[k], onInput: text(k) });

  const runIdCheck = async (idNumber: string, birthIso: string | null, gender: Gender | null) => {
    const my = ++idCheckSeq.current;
    const id = clean(idNumber);
    if (!id) {
      setIdWarning(null);
      return;
    }
    try {
      await api.idCheck(id, birthIso, gender);
      if (my === idCheckSeq.current) setIdWarning(null);
    } catch (e) {
      if (my !== idCheckSeq.current) return;
      const err = toApiError(e);
      setIdWarning(fieldMap(err).id_number ?? err.message);
    }
  };

  const checkCurrentId = (idValue = form.id_number) => {
    if (form.kind !== "person" || idValue.includes("|")) return;
    void runIdCheck(idValue, parseVnDate(form.birth_date), form.gender || null);
  };

  const scan = async (line: string, input: HTMLInputElement) => {
    setScanning(true);
    try {
      const card = await api.cccdParse(clean(line));
      setForm((old) => ({
        ...old,
        kind: "person",
        id_number: card.id_number,
        full_name: card.full_name,
        birth_date: dateVn(card.birth_date),
        gender: card.gender,
        address: card.address,
      }));
      setErrors((old) => {
        const n = { ...old };
        for (const k of ["id_number", "full_name", "birth_date", "gender", "address"]) delete n[k];
        return n;
      });
      focusId(document.getElementById("procedure-search") ? "procedure-search" : "phone");
      void runIdCheck(card.id_number, card.birth_date, card.gender);
    } catch (e) {
      const err = toApiError(e);
      setErrors((old) => ({ ...old, id_number: fieldMap(err).id_number ?? err.message }));
      input.select();
    } finally {
      setScanning(false);
    }
  };

  const onIdKeyDown = (e: KeyboardEvent) => {
    if (e.key !== "Enter") return;
    e.preventDefault(); // never submits the form
    const input = e.currentTarget as HTMLInputElement;
    const value = input.value;
    if (value.includes("|")) {
      // a scan typed after leftover text: keep from the 12-digit number on
      const m = /\d{12}\|/.exec(value);
      void scan(m ? value.slice(m.index) : value, input);
    }
    else focusId("full-name");
  };

  const focusNext = (from: HTMLElement) => {
    const root = formRef.current;
    if (!root) return;
    const all = Array.from(
      root.querySelectorAll<HTMLElement>("input, select, textarea"),
    ).filter((el) => !(el as HTMLInputElement).disabled && el.offsetParent !== null && el.tabIndex >= 0);
    const i = all.indexOf(from);
    const next = all[i + 1];
    if (next) next.focus();
  };

  const onFormKeyDown = (e: KeyboardEvent) => {
    if (e.key !== "Enter" || e.defaultPrevented || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return;
    const t = e.target as HTMLElement;
    if (t.tagName === "TEXTAREA" || t.tagName === "BUTTON") return;
    if (t.tagName !== "INPUT" && t.tagName !== "SELECT") return;
    e.preventDefault();
    if (SAVE_ON_ENTER.has(t.id)) void save();
    else focusNext(t);
  };

  const chooseProcedure = (p: Procedure) => {
    setForm((old) => ({
      ...old,
      procedure: p,
      papers: p.papers.map((pp) => ({ checked: false, count: String(pp.count) })),
      return_method: p.postal_return ? old.return_method : "counter",
    }));
    setErrors((old) => {
      const n = { ...old };
      delete n.procedure_code;
      delete n.papers;
      return n;
    });
    window.setTimeout(() => {
      const first = document.querySelector<HTMLElement>("#papers .paper-check") ?? document.getElementById("sets");
      first?.focus();
    }, 0);
  };

  const validate = (): Record<string, string> => {
    const errs: Record<string, string> = {};
    if (!clean(form.full_name)) errs.full_name = S.intake.fullNameRequired;
    if (form.kind === "person") {
      const id = form.id_number.replace(/\s/g, "");
      if (!id) errs.id_number = S.intake.idRequired;
      else if (!/^(\d{9}|\d{12})$/.test(id)) errs.id_number = S.intake.badIdFormat;
    }
    if (form.kind === "person" && form.birth_date.trim() && !parseVnDate(form.birth_date)) {
      errs.birth_date = S.intake.badBirthDate;
    }
    if (!form.procedure) errs.procedure_code = S.intake.procedureRequired;
    const sets = Number(form.sets.trim());
    if (!Number.isInteger(sets) || sets < 1) errs.sets = S.intake.badSets;
    form.papers.forEach((p) => {
      const n = Number(p.count.trim());
      if (p.checked && (!Number.isInteger(n) || n < 1)) errs.papers = S.intake.badCount;
    });
    if (form.return_method === "post" && !clean(form.postal_address)) {
      errs.postal_address = S.intake.postalRequired;
    }
    return errs;
  };

  const focusFirstError = (errs: Record<string, string>) => {
    for (const [f, id] of FIELD_INPUT) {
      if (errs[f]) {
        focusId(id);
        return;
      }
    }
  };

  const buildDraft = (): DossierDraft => {
    const proc = form.procedure as Procedure;
    const person = form.kind === "person";
    return {
      procedure_code: proc.code,
      applicant: {
        kind: form.kind,
        full_name: clean(form.full_name),
        id_number: clean(form.id_number),
        birth_date: person ? parseVnDate(form.birth_date) : null,
        gender: person && form.gender ? form.gender : null,
        address: clean(form.address),
        phone: clean(form.phone),
        email: clean(form.email),
      },
      papers: proc.papers
        .map((p, i) => ({ p, st: form.papers[i] }))
        .filter(({ st }) => st && st.checked)
        .map(({ p, st }) => ({ name: p.name, form: p.form, count: Number(st.count.trim()) })),
      sets: Number(form.sets.trim()),
      return_method: form.return_method,
      postal_address: form.return_method === "post" ? clean(form.postal_address) : "",
      note: clean(form.note),
    };
  };

  const save = async () => {
    if (busy || saved || detailOpen) return;
    setInfo(null);
    const errs = validate();
    if (Object.keys(errs).length > 0) {
      setErrors(errs);
      setBanner(null);
      focusFirstError(errs);
      return;
    }
    setBusy(true);
    setErrors({});
    setBanner(null);
    try {
      const rec = await api.dossierCreate(buildDraft());
      clearDraft(key);
      setForm(EMPTY);
      setIdWarning(null);
      setSaved(rec);
      onSaved?.(rec.code);
      window.setTimeout(() => document.getElementById("new-dossier")?.focus(), 0);
    } catch (e) {
      const err = toApiError(e);
      const map = fieldMap(err);
      setErrors(map);
      setBanner({
        text: err.message,
        details: Object.entries(map)
          .filter(([f]) => !KNOWN_FIELDS.has(f))
          .map(([, m]) => m),
      });
      focusFirstError(map);
    } finally {
      setBusy(false);
    }
  };
  saveRef.current = () => void save();

  const newDossier = () => {
    clearDraft(key);
    setSaved(null);
    setForm(EMPTY);
    setErrors({});
    setIdWarning(null);
    setBanner(null);
    setInfo(null);
    window.setTimeout(() => focusId("id-number"), 0);
  };

  if (saved) {
    return (
      <section id="intake" class="screen intake-screen" aria-labelledby="intake-title">
        <h1 id="intake-title" class="sr-only">
          {S.intake.title}
        </h1>
        <div id="saved-panel" class="saved-panel" role="status">
          <h2 class="saved-title">{S.intake.savedTitle}</h2>
          <div class="saved-code-label">{S.intake.savedCode}</div>
          <div id="saved-code" class="saved-code">
            {saved.code}
          </div>
          <dl class="saved-facts">
            <dt>{S.intake.savedApplicant}</dt>
            <dd>{saved.draft?.applicant?.full_name}</dd>
            <dt>{S.intake.savedProcedure}</dt>
            <dd>{saved.procedure_name}</dd>
          </dl>
          <p class="saved-appointment">
            <strong>{S.intake.appointment(dateTimeVn(saved.appointment_at))}</strong>
            <br />
            {S.intake.receivedAt(dateTimeVn(saved.received_at))}
          </p>
          <ReceiptPrint code={saved.code} auto previewFirst={previewFirst} />
          <div class="actions">
            <button type="button" id="new-dossier" class="btn btn-primary btn-large" onClick={newDossier}>
              {S.intake.newDossier} <Kbd>{S.intake.newDossierKey}</Kbd>
            </button>
            <button type="button" id="saved-detail" class="btn btn-secondary btn-large" onClick={() => onOpen(saved.code)}>
              {S.intake.viewDetail}
            </button>
          </div>
        </div>
      </section>
    );
  }

  const person = form.kind === "person";
  const proc = form.procedure;
  const postAllowed = !proc || proc.postal_return;

  return (
    <section id="intake" class="screen intake-screen" aria-labelledby="intake-title">
      <h1 id="intake-title" class="sr-only">
        {S.intake.title}
      </h1>
      <form
        ref={formRef}
        class="intake-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        onKeyDown={onFormKeyDown}
      >
        <Banner message={banner?.text ?? null} details={banner?.details} onClose={() => setBanner(null)} />
        <Banner message={info} kind="info" id="intake-info" onClose={() => setInfo(null)} />
        <div class="intake-columns">
          <fieldset class="col">
            <legend>{S.intake.applicantLegend}</legend>
            <TextField
              id="id-number"
              label={person ? S.intake.idNumber : S.intake.idNumberOrg}
              field="id_number"
              error={errors.id_number}
              warning={person ? idWarning : null}
              hint={scanning ? S.intake.scanning : person ? S.intake.idHint : undefined}
              class="input-id"
              spellcheck={false}
              value={form.id_number}
              onInput={(e) => {
                set("id_number", e.currentTarget.value);
                if (idWarning) setIdWarning(null);
              }}
              onKeyDown={onIdKeyDown}
              onFocus={(e) => e.currentTarget.select()}
              onBlur={(e) => checkCurrentId(e.currentTarget.value)}
            />
            <div class="row row-name">
              <TextField id="full-name" label={person ? S.intake.fullName : S.intake.orgName} {...bind("full_name")} />
              <Field id="applicant-kind" label={S.intake.kind} field="kind" class="narrow-field">
                <select
                  id="applicant-kind"
                  value={form.kind}
                  onChange={(e) => set("kind", e.currentTarget.value as ApplicantKind)}
                >
                  <option value="person">{S.intake.kindPerson}</option>
                  <option value="organisation">{S.intake.kindOrganisation}</option>
                </select>
              </Field>
            </div>
            {person && (
              <div class="row">
                <TextField
                  id="birth-date"
                  label={S.intake.birthDate}
                  {...bind("birth_date")}
                  inputMode="numeric"
                  placeholder={S.intake.birthDatePlaceholder}
                  maxLength={10}
                  onBlur={(e) => {
                    const v = tidyVnDate(e.currentTarget.value);
                    if (v !== form.birth_date) set("birth_date", v);
                    if (form.id_number.trim() && !form.id_number.includes("|")) {
                      void runIdCheck(form.id_number, parseVnDate(v), form.gender || null);
                    }
                  }}
                />
                <Field id="gender" label={S.intake.gender} field="gender" error={errors.gender}>
                  <select
                    id="gender"
                    value={form.gender}
                    onChange={(e) => {
                      const g = e.currentTarget.value as "" | Gender;
                      set("gender", g);
                      if (form.id_number.trim() && !form.id_number.includes("|")) {
                        void runIdCheck(form.id_number, parseVnDate(form.birth_date), g || null);
                      }
                    }}
                  >
                    <option value="">{S.intake.genderNone}</option>
                    <option value="male">{S.intake.male}</option>
                    <option value="female">{S.intake.female}</option>
                  </select>
                </Field>
              </div>
            )}
            <TextField id="address" label={S.intake.address} {...bind("address")} />
            <div class="row">
              <TextField id="phone" type="tel" label={S.intake.phone} {...bind("phone")} />
              <TextField id="email" type="email" label={S.intake.email} {...bind("email")} />
            </div>
          </fieldset>

          <fieldset class="col">
            <legend>{S.intake.dossierLegend}</legend>
            <ProcedurePicker
              chosen={proc}
              error={errors.procedure_code}
              onChoose={chooseProcedure}
              onClear={() => {
                set("procedure", null);
                set("papers", []);
              }}
            />
            {proc && (
              <Papers
                papers={proc.papers}
                state={form.papers}
                error={errors.papers}
                onChange={(i, st) => {
                  const next = proc.papers.map((p, j) => form.papers[j] ?? { checked: false, count: String(p.count) });
                  next[i] = st;
                  set("papers", next);
                }}
                onAll={() =>
                  set(
                    "papers",
                    proc.papers.map((p, j) => ({ checked: true, count: form.papers[j]?.count ?? String(p.count) })),
                  )
                }
              />
            )}
            <div class="row">
              <Field id="sets" label={S.intake.sets} field="sets" error={errors.sets} class="narrow-field">
                <input
                  id="sets"
                  type="number"
                  min={1}
                  step={1}
                  value={form.sets}
                  aria-invalid={errors.sets ? true : undefined}
                  onInput={text("sets")}
                />
              </Field>
              <Field
                id="return-method"
                label={S.intake.returnMethod}
                field="return_method"
                error={errors.return_method}
                hint={postAllowed ? undefined : S.intake.postNotAllowed}
              >
                <select
                  id="return-method"
                  value={form.return_method}
                  disabled={!postAllowed}
                  onChange={(e) => set("return_method", e.currentTarget.value as ReturnMethod)}
                >
                  <option value="counter">{S.intake.returnCounter}</option>
                  <option value="post">{S.intake.returnPost}</option>
                </select>
              </Field>
            </div>
            {form.return_method === "post" && postAllowed && (
              <TextField id="postal-address" label={S.intake.postalAddress} {...bind("postal_address")} />
            )}
            <TextField id="note" label={S.intake.note} {...bind("note")} />
          </fieldset>
        </div>

        <div class="intake-bar">
          <div id="appointment" class="appointment" aria-live="polite">
            {!proc && <span class="muted">{S.intake.appointmentNone}</span>}
            {proc && previewError && <span class="error-text">{previewError}</span>}
            {proc && !previewError && !preview && <span class="muted">{S.intake.appointmentLoading}</span>}
            {proc && !previewError && preview && (
              <>
                <strong class="appointment-when">{S.intake.appointment(dateTimeVn(preview.appointment_at))}</strong>
                <span class="appointment-processing">{preview.processing_text}</span>
              </>
            )}
          </div>
          <label class="check">
            <input
              id="preview-first"
              type="checkbox"
              checked={previewFirst}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                setPreviewFirst(on);
                localStorage.setItem(PREVIEW_FIRST_KEY, on ? "1" : "0");
              }}
            />
            {S.preview.previewFirst}
          </label>
          <button type="button" id="clear-draft" class="btn btn-secondary" onClick={newDossier}>
            {S.intake.clearDraft}
          </button>
          <button type="submit" id="save-dossier" class="btn btn-primary btn-large" disabled={busy}>
            {busy ? S.intake.saving : S.intake.save} <Kbd>{S.intake.saveKey}</Kbd>
          </button>
        </div>
      </form>
    </section>
  );
}
