import { useState } from "preact/hooks";
import { api, toApiError } from "../api";
import type { IsoDate, ReportAsk, ReportFileFormat } from "../api";
import { Banner } from "./Banner";
import { Field } from "./Field";
import { S } from "../strings";

type Outcome = { kind: "saved" | "cancelled" | "failed"; message: string } | null;

const FORMATS: ReportFileFormat[] = ["xlsx", "pdf", "csv"];

function FormatPicker(props: { id: string; value: ReportFileFormat; onChange: (f: ReportFileFormat) => void }) {
  return (
    <Field id={props.id} label={S.dashboard.export.format}>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value as ReportFileFormat)}>
        {FORMATS.map((f) => (
          <option key={f} value={f}>
            {S.dashboard.export.formats[f]}
          </option>
        ))}
      </select>
    </Field>
  );
}

/**
 * The supervisor's reports as files, from the dashboard: the monthly report of a month and
 * the log book of the period on screen, each in XLSX, PDF or CSV, saved where the system's
 * save dialog says (the backend opens it).
 */
export function ReportExport({ range }: { range: [IsoDate, IsoDate] }) {
  const [month, setMonth] = useState(range[0].slice(0, 7));
  const [monthlyFormat, setMonthlyFormat] = useState<ReportFileFormat>("xlsx");
  const [bookFormat, setBookFormat] = useState<ReportFileFormat>("xlsx");
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  const save = async (report: ReportAsk, format: ReportFileFormat) => {
    setBusy(true);
    setOutcome(null);
    try {
      const path = await api.reportSave(report, format);
      setOutcome(
        path === null
          ? { kind: "cancelled", message: S.dashboard.export.cancelled }
          : { kind: "saved", message: S.dashboard.export.saved(path) },
      );
    } catch (e) {
      setOutcome({ kind: "failed", message: toApiError(e).message });
    } finally {
      setBusy(false);
    }
  };
  const saveMonthly = () => {
    if (!/^\d{4}-\d{2}$/.test(month)) {
      setOutcome({ kind: "failed", message: S.dashboard.export.badMonth });
      return;
    }
    void save({ kind: "monthly", month: `${month}-01` }, monthlyFormat);
  };

  return (
    <section class="dashboard-table report-export" id="report-export" data-state={busy ? "saving" : outcome?.kind ?? "idle"}>
      <h2 class="section-title">{S.dashboard.export.title}</h2>
      <div class="row-4">
        <Field id="report-month" label={S.dashboard.export.month}>
          <input id="report-month" type="month" value={month} onInput={(e) => setMonth(e.currentTarget.value)} />
        </Field>
        <FormatPicker id="report-monthly-format" value={monthlyFormat} onChange={setMonthlyFormat} />
        <div class="field">
          <label>{S.dashboard.export.monthly}</label>
          <button type="button" id="report-monthly-save" class="btn btn-secondary" disabled={busy} onClick={saveMonthly}>
            {busy ? S.dashboard.export.saving : S.dashboard.export.saveMonthly}
          </button>
        </div>
      </div>
      <div class="row-4">
        <FormatPicker id="report-log-book-format" value={bookFormat} onChange={setBookFormat} />
        <div class="field">
          <label>{S.dashboard.export.logBook}</label>
          <button
            type="button"
            id="report-log-book-save"
            class="btn btn-secondary"
            disabled={busy}
            onClick={() => void save({ kind: "log_book", from: range[0], to: range[1] }, bookFormat)}
          >
            {busy ? S.dashboard.export.saving : S.dashboard.export.saveLogBook}
          </button>
        </div>
      </div>
      {outcome && (
        <Banner
          id="report-export-outcome"
          kind={outcome.kind === "failed" ? "error" : outcome.kind === "saved" ? "success" : "info"}
          message={outcome.message}
        />
      )}
    </section>
  );
}
