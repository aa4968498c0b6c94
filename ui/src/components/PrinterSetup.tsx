import { useEffect, useState } from "preact/hooks";
import { api, fieldMap, toApiError } from "../api";
import type { PaperSettings, PrinterConfig } from "../api";
import { Banner } from "./Banner";
import { Field } from "./Field";
import { PrinterChoice } from "./PrinterChoice";
import { S } from "../strings";

/** Admin: this counter PC's printers (A4, thermal tickets) with "In thử", and the office's
 * form set and look-up URL. */
export function PrinterSetup() {
  const [a4, setA4] = useState<PrinterConfig>({ kind: "system_default" });
  const [ticket, setTicket] = useState<PrinterConfig | null>(null);
  const [papers, setPapers] = useState<PaperSettings>({ form_set: "tt03-2025", lookup_url_template: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // Until the saved settings are in, nothing is shown: a choice made earlier would be
  // overwritten by the late answer.
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    const printers = api.printersGet().then((p) => {
      setA4(p.a4);
      setTicket(p.ticket);
    }, (e) => setBanner(toApiError(e).message));
    const paperSettings = api.paperSettingsGet().then(setPapers, (e) => setBanner(toApiError(e).message));
    void Promise.all([printers, paperSettings]).then(() => setLoaded(true));
  }, []);

  const run = async (action: () => Promise<unknown>, ok: string) => {
    setErrors({});
    setBanner(null);
    setDone(null);
    try {
      await action();
      setDone(ok);
    } catch (e) {
      const err = toApiError(e);
      setErrors(fieldMap(err));
      setBanner(err.message);
    }
  };

  return (
    <fieldset class="card" id="printer-setup" data-state={loaded ? "ready" : "loading"} disabled={!loaded}>
      <h2>{S.printers.title}</h2>
      <Banner message={banner} />
      {loaded && (
        <>
          <PrinterChoice
            id="printer-a4"
            label={S.printers.a4Kind}
            field="a4"
            error={errors.a4}
            initial={a4}
            allowNone={false}
            thermal={false}
            onChange={(p) => p && setA4(p)}
          />
          <PrinterChoice
            id="printer-ticket"
            label={S.printers.ticketKind}
            field="ticket"
            error={errors.ticket}
            initial={ticket}
            allowNone={true}
            thermal={true}
            onChange={setTicket}
          />
        </>
      )}
      <div class="actions">
        <button
          type="button"
          id="printers-save"
          class="btn btn-primary"
          onClick={() => void run(() => api.printersSet({ a4, ticket }), S.printers.saved)}
        >
          {S.printers.save}
        </button>
        <button
          type="button"
          id="printer-a4-test"
          class="btn btn-secondary"
          onClick={() => void run(() => api.printerTest("a4"), S.printers.testSentA4)}
        >
          {S.printers.testA4}
        </button>
        <button
          type="button"
          id="printer-ticket-test"
          class="btn btn-secondary"
          onClick={() => void run(() => api.printerTest("ticket"), S.printers.testSentTicket)}
        >
          {S.printers.testTicket}
        </button>
      </div>

      <h2>{S.printers.papersTitle}</h2>
      <Field id="paper-form-set" label={S.printers.formSet} field="form_set" error={errors.form_set}>
        <select
          id="paper-form-set"
          value={papers.form_set}
          onChange={(e) => setPapers({ ...papers, form_set: e.currentTarget.value })}
        >
          <option value="tt03-2025">{S.printers.formSet2025}</option>
          <option value="tt01-2018">{S.printers.formSet2018}</option>
        </select>
      </Field>
      <Field
        id="paper-lookup-url"
        label={S.printers.lookupUrl}
        field="lookup_url_template"
        error={errors.lookup_url_template}
        hint={S.printers.lookupHint}
      >
        <input
          id="paper-lookup-url"
          value={papers.lookup_url_template}
          onInput={(e) => setPapers({ ...papers, lookup_url_template: e.currentTarget.value })}
        />
      </Field>
      <div class="actions">
        <button
          type="button"
          id="papers-save"
          class="btn btn-primary"
          onClick={() => void run(() => api.paperSettingsSet(papers), S.printers.papersSaved)}
        >
          {S.printers.papersSave}
        </button>
      </div>
      <p id="printer-setup-result" class="result-ok" role="status">
        {done}
      </p>
    </fieldset>
  );
}
