import { useEffect, useState } from "preact/hooks";
import { api } from "../api";
import type { Office } from "../api";
import { Banner } from "./Banner";
import { CityAddressFields } from "./CitySetup";
import { TextField } from "./Field";
import { useSubmit, wholeNumber } from "../hooks/useSubmit";
import { S } from "../strings";

/** First run on a new PC of an office the city already has: instead of typing the office in
 * again, the PC enrols with the city server and takes the office, its accounts, catalog and
 * dossiers from there. A refused counter number can be changed and sent again without a new
 * code (the PC stays enrolled), so the code field may be left empty then. */
export function JoinOffice({ onJoined }: { onJoined: (office: Office) => void }) {
  const [url, setUrl] = useState("");
  const [code, setCode] = useState("");
  const [counter, setCounter] = useState("");
  const { busy, errors, banner, run } = useSubmit();

  useEffect(() => {
    document.getElementById("join-url")?.focus();
  }, []);

  const join = (e: Event) => {
    e.preventDefault();
    void run(
      async () => onJoined(await api.officeJoin(url, code, wholeNumber(counter))),
      () => setCode(""),
    );
  };

  return (
    <form id="join-office" class="card setup-card" onSubmit={join} noValidate>
      <h1 class="card-title">
        {S.appName} — {S.join.title}
      </h1>
      <p class="muted">{S.join.intro}</p>
      <Banner message={banner} id="join-error" />
      <CityAddressFields idPrefix="join" url={url} code={code} errors={errors} onUrl={setUrl} onCode={setCode} />
      <TextField
        id="join-counter"
        label={S.setup.counter}
        field="counter_number"
        error={errors.counter_number}
        hint={S.join.counterHint}
        inputMode="numeric"
        value={counter}
        onInput={(e) => setCounter(e.currentTarget.value)}
      />
      <div class="actions">
        <button type="submit" id="join-submit" class="btn btn-primary btn-large" disabled={busy}>
          {busy ? S.join.submitting : S.join.submit}
        </button>
      </div>
    </form>
  );
}
