import { useEffect, useState } from "preact/hooks";
import { api, fieldMap, toApiError } from "../api";
import type { Office } from "../api";
import { Banner } from "../components/Banner";
import { Field, FieldError, TextField } from "../components/Field";
import { JoinOffice } from "../components/JoinOffice";
import type { TextKeys } from "../components/Field";
import { clean, isTime, lines } from "../format";
import { S } from "../strings";

interface Props {
  /** the office saved, and what the login screen tells the user next */
  onDone: (office: Office, notice: string) => void;
}

interface Form {
  name: string;
  unit_code: string;
  address: string;
  place_name: string;
  counter_number: string;
  hotlines: string;
  feedback_email: string;
  other_channels: string;
  morning_start: string;
  morning_end: string;
  afternoon_start: string;
  afternoon_end: string;
  saturday_morning: boolean;
  admin_name: string;
  admin_username: string;
  admin_password: string;
  admin_password2: string;
}

const EMPTY: Form = {
  name: "",
  unit_code: "",
  address: "",
  place_name: "",
  counter_number: "1",
  hotlines: "",
  feedback_email: "",
  other_channels: "",
  morning_start: "07:30",
  morning_end: "11:30",
  afternoon_start: "13:30",
  afternoon_end: "17:00",
  saturday_morning: false,
  admin_name: "",
  admin_username: "",
  admin_password: "",
  admin_password2: "",
};

// backend field name → input id (first one with an error gets focus)
const FIELD_INPUT: Record<string, string> = {
  name: "setup-name",
  unit_code: "setup-unit-code",
  address: "setup-address",
  place_name: "setup-place",
  counter_number: "setup-counter",
  hotlines: "setup-hotlines",
  feedback_email: "setup-email",
  other_channels: "setup-channels",
  hours: "setup-morning-start",
  "hours.morning": "setup-morning-start",
  "hours.afternoon": "setup-afternoon-start",
  "admin.full_name": "setup-admin-name",
  "admin.username": "setup-admin-username",
  "admin.password": "setup-admin-password",
  "admin.password2": "setup-admin-password2",
};

/** First run: a new office typed in here, or a new PC of an office the city server has. */
export function Setup({ onDone }: Props) {
  const [mode, setMode] = useState<"new" | "join">("new");
  const modeButton = (m: "new" | "join", label: string) => (
    <button
      type="button"
      id={`setup-mode-${m}`}
      class={`btn ${mode === m ? "btn-primary" : "btn-secondary"}`}
      aria-pressed={mode === m}
      onClick={() => setMode(m)}
    >
      {label}
    </button>
  );
  return (
    <div class="page setup-page">
      <div class="setup-modes" role="group" aria-label={S.setup.title}>
        {modeButton("new", S.setup.modeNew)}
        {modeButton("join", S.setup.modeJoin)}
      </div>
      {mode === "new" ? (
        <NewOffice onDone={(o) => onDone(o, S.setup.done)} />
      ) : (
        <JoinOffice onJoined={(o) => onDone(o, S.join.done(o.name, o.counter_number))} />
      )}
    </div>
  );
}

function NewOffice({ onDone }: { onDone: (office: Office) => void }) {
  const [f, setF] = useState<Form>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [bannerDetails, setBannerDetails] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.getElementById("setup-name")?.focus();
  }, []);

  const set = <K extends keyof Form>(k: K, v: Form[K]) => setF((old) => ({ ...old, [k]: v }));
  const text = (k: keyof Form) => (e: Event) =>
    set(k, (e.currentTarget as HTMLInputElement | HTMLTextAreaElement).value as never);

  const focusFirst = (errs: Record<string, string>) => {
    for (const [field, id] of Object.entries(FIELD_INPUT)) {
      if (errs[field]) {
        document.getElementById(id)?.focus();
        return;
      }
    }
  };

  const hoursError = () =>
    Object.entries(errors)
      .filter(([k]) => k === "hours" || k.startsWith("hours."))
      .map(([, v]) => v)[0];

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const errs: Record<string, string> = {};
    const counter = Number(f.counter_number.trim());
    if (!Number.isInteger(counter) || counter < 1) errs.counter_number = S.setup.badCounter;
    for (const t of [f.morning_start, f.morning_end, f.afternoon_start, f.afternoon_end]) {
      if (!isTime(t)) errs.hours = S.setup.badTime;
    }
    if (f.admin_password !== f.admin_password2) errs["admin.password2"] = S.setup.passwordMismatch;
    setErrors(errs);
    setBanner(null);
    setBannerDetails([]);
    if (Object.keys(errs).length > 0) {
      focusFirst(errs);
      return;
    }
    const office: Office = {
      name: clean(f.name),
      unit_code: clean(f.unit_code),
      address: clean(f.address),
      place_name: clean(f.place_name),
      counter_number: counter,
      hotlines: lines(f.hotlines),
      feedback_email: clean(f.feedback_email),
      other_channels: lines(f.other_channels),
      hours: {
        morning: { start: f.morning_start.trim(), end: f.morning_end.trim() },
        afternoon: { start: f.afternoon_start.trim(), end: f.afternoon_end.trim() },
        saturday_morning: f.saturday_morning,
      },
    };
    const admin = {
      full_name: clean(f.admin_name),
      username: clean(f.admin_username),
      password: f.admin_password.normalize("NFC"),
    };
    setBusy(true);
    try {
      const saved = await api.officeSetup({ office, admin });
      onDone(saved);
    } catch (err) {
      const ae = toApiError(err);
      const map = fieldMap(ae);
      setErrors(map);
      setBanner(ae.message);
      setBannerDetails(
        Object.entries(map)
          .filter(([k]) => !(k in FIELD_INPUT) && !k.startsWith("hours."))
          .map(([, v]) => v),
      );
      focusFirst(map);
    } finally {
      setBusy(false);
    }
  };

  /** a TextField's form-bound props: backend field name (if not the key), error, value and onInput */
  const bind = (k: TextKeys<Form>, field: string = k) => ({ field, error: errors[field], value: f[k], onInput: text(k) });

  const textArea = (id: string, k: "hotlines" | "other_channels", label: string) => (
    <Field id={id} label={label} field={k} error={errors[k]}>
      <textarea id={id} rows={2} value={f[k]} aria-invalid={errors[k] ? true : undefined} onInput={text(k)} />
    </Field>
  );

  const timeInput = (id: string, k: TextKeys<Form>, label: string) => (
    <input
      id={id}
      type="text"
      inputMode="numeric"
      maxLength={5}
      class="time-input"
      placeholder={S.setup.timePlaceholder}
      aria-label={label}
      value={f[k]}
      aria-invalid={hoursError() ? true : undefined}
      onInput={text(k)}
    />
  );

  return (
    <form id="setup" class="card setup-card" onSubmit={submit} noValidate>
      <h1 class="card-title">
        {S.appName} — {S.setup.title}
      </h1>
      <p class="muted">{S.setup.intro}</p>
      <Banner message={banner} details={bannerDetails} />
      <div class="setup-grid">
        <fieldset>
          <legend>{S.setup.officeLegend}</legend>
          <TextField id="setup-name" label={S.setup.name} placeholder={S.setup.namePlaceholder} {...bind("name")} />
          <div class="row">
            <TextField
              id="setup-unit-code"
              label={S.setup.unitCode}
              placeholder={S.setup.unitCodePlaceholder}
              hint={S.setup.unitCodeHint}
              {...bind("unit_code")}
            />
            <Field
              id="setup-counter"
              label={S.setup.counter}
              field="counter_number"
              error={errors.counter_number}
              hint={S.setup.counterHint}
              class="narrow-field"
            >
              <input
                id="setup-counter"
                type="number"
                min={1}
                step={1}
                value={f.counter_number}
                aria-invalid={errors.counter_number ? true : undefined}
                onInput={text("counter_number")}
              />
            </Field>
          </div>
          <TextField id="setup-address" label={S.setup.address} {...bind("address")} />
          <TextField id="setup-place" label={S.setup.place} placeholder={S.setup.placePlaceholder} {...bind("place_name")} />
        </fieldset>

        <fieldset>
          <legend>{S.setup.hoursLegend}</legend>
          <div class="hours">
            <div class="hours-row">
              <span class="hours-label">{S.setup.morning}</span>
              <label for="setup-morning-start">{S.setup.from}</label>
              {timeInput("setup-morning-start", "morning_start", `${S.setup.morning} ${S.setup.from}`)}
              <label for="setup-morning-end">{S.setup.to}</label>
              {timeInput("setup-morning-end", "morning_end", `${S.setup.morning} ${S.setup.to}`)}
            </div>
            <div class="hours-row">
              <span class="hours-label">{S.setup.afternoon}</span>
              <label for="setup-afternoon-start">{S.setup.from}</label>
              {timeInput("setup-afternoon-start", "afternoon_start", `${S.setup.afternoon} ${S.setup.from}`)}
              <label for="setup-afternoon-end">{S.setup.to}</label>
              {timeInput("setup-afternoon-end", "afternoon_end", `${S.setup.afternoon} ${S.setup.to}`)}
            </div>
            <label class="check">
              <input
                id="setup-saturday"
                type="checkbox"
                checked={f.saturday_morning}
                onChange={(e) => set("saturday_morning", e.currentTarget.checked)}
              />
              {S.setup.saturday}
            </label>
            {hoursError() && (
              <FieldError id="setup-hours" field="hours">
                {hoursError()}
              </FieldError>
            )}
          </div>
          <div class="row">
            {textArea("setup-hotlines", "hotlines", S.setup.hotlines)}
            {textArea("setup-channels", "other_channels", S.setup.channels)}
          </div>
          <TextField id="setup-email" type="email" label={S.setup.email} {...bind("feedback_email")} />
        </fieldset>
      </div>

      <fieldset>
        <legend>{S.setup.adminLegend}</legend>
        <div class="row row-4">
          <TextField id="setup-admin-name" label={S.setup.adminName} {...bind("admin_name", "admin.full_name")} />
          <TextField
            id="setup-admin-username"
            label={S.setup.adminUsername}
            autoComplete="username"
            {...bind("admin_username", "admin.username")}
          />
          <TextField
            id="setup-admin-password"
            type="password"
            label={S.setup.adminPassword}
            autoComplete="new-password"
            {...bind("admin_password", "admin.password")}
          />
          <TextField
            id="setup-admin-password2"
            type="password"
            label={S.setup.adminPassword2}
            autoComplete="new-password"
            {...bind("admin_password2", "admin.password2")}
          />
        </div>
      </fieldset>

      <div class="actions">
        <button type="submit" id="setup-submit" class="btn btn-primary btn-large" disabled={busy}>
          {busy ? S.setup.submitting : S.setup.submit}
        </button>
      </div>
    </form>
  );
}
