import { useEffect, useState } from "preact/hooks";
import { api, fieldMap, toApiError } from "../api";
import type { PaperSettings, PrinterConfig } from "../api";
import { Banner } from "./Banner";
import { Field } from "./Field";
import { S } from "../strings";

type Kind = PrinterConfig["kind"];

/** Admin: this counter PC's A4 printer, and the office's form set and look-up URL. */
export function PrinterSetup() {
  const [kind, setKind] = useState<Kind>("system_default");
  const [name, setName] = useState("");
  const [dir, setDir] = useState("");
  const [host, setHost] = useState("");
  const [port, setPort] = useState("9100");
  const [ticket, setTicket] = useState<PrinterConfig | null>(null);
  const [papers, setPapers] = useState<PaperSettings>({ form_set: "tt03-2025", lookup_url_template: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // Until the saved settings are in, the controls are disabled: a choice made earlier would be
  // overwritten by the late answer.
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    const printers = api.printersGet().then((p) => {
      setTicket(p.ticket);
      const a4 = p.a4;
      setKind(a4.kind === "device" ? "system_default" : a4.kind);
      if (a4.kind === "system") setName(a4.name);
      if (a4.kind === "folder") setDir(a4.dir);
      if (a4.kind === "network") {
        setHost(a4.host);
        setPort(String(a4.port));
      }
    }, (e) => setBanner(toApiError(e).message));
    const paperSettings = api.paperSettingsGet().then(setPapers, (e) => setBanner(toApiError(e).message));
    void Promise.all([printers, paperSettings]).then(() => setLoaded(true));
  }, []);

  const a4 = (): PrinterConfig => {
    switch (kind) {
      case "system":
        return { kind, name: name.trim() };
      case "folder":
        return { kind, dir: dir.trim() };
      case "network":
        return { kind, host: host.trim(), port: Number.parseInt(port, 10) || 0 };
      default:
        return { kind: "system_default" };
    }
  };

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
      <Field id="printer-a4-kind" label={S.printers.a4Kind} field="a4" error={errors.a4}>
        <select id="printer-a4-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
          <option value="system_default">{S.printers.kindSystemDefault}</option>
          <option value="system">{S.printers.kindSystem}</option>
          <option value="folder">{S.printers.kindFolder}</option>
          <option value="network">{S.printers.kindNetwork}</option>
        </select>
      </Field>
      {kind === "system" && (
        <Field id="printer-a4-name" label={S.printers.name}>
          <input id="printer-a4-name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
      )}
      {kind === "folder" && (
        <Field id="printer-a4-dir" label={S.printers.dir}>
          <input id="printer-a4-dir" value={dir} onInput={(e) => setDir(e.currentTarget.value)} />
        </Field>
      )}
      {kind === "network" && (
        <>
          <Field id="printer-a4-host" label={S.printers.host}>
            <input id="printer-a4-host" value={host} onInput={(e) => setHost(e.currentTarget.value)} />
          </Field>
          <Field id="printer-a4-port" label={S.printers.port}>
            <input id="printer-a4-port" inputMode="numeric" value={port} onInput={(e) => setPort(e.currentTarget.value)} />
          </Field>
        </>
      )}
      <div class="actions">
        <button
          type="button"
          id="printers-save"
          class="btn btn-primary"
          onClick={() => void run(() => api.printersSet({ a4: a4(), ticket }), S.printers.saved)}
        >
          {S.printers.save}
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
