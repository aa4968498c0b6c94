import { useEffect, useState } from "preact/hooks";
import { api } from "../api";
import type { FeedbackType } from "../api";
import { Banner } from "./Banner";
import { useSubmit, wholeNumber } from "../hooks/useSubmit";
import { S } from "../strings";

/**
 * The office's feedback types and their answer deadlines, for a supervisor or admin: edit,
 * add, remove, save (the list replaces the old one on every PC of the office; items already
 * received keep their deadlines).
 */
export function FeedbackTypes({ types, onSaved }: { types: FeedbackType[]; onSaved: (t: FeedbackType[]) => void }) {
  const [rows, setRows] = useState<FeedbackType[]>(types);
  const [saved, setSaved] = useState(false);
  const { busy, errors, banner, run } = useSubmit();
  useEffect(() => setRows(types), [types]);

  const edit = (i: number, patch: Partial<FeedbackType>) => {
    setSaved(false);
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  };
  const save = () =>
    void run(async () => {
      const t = await api.feedbackTypesSet(rows);
      setSaved(true);
      onSaved(t);
    });
  const problems = Object.entries(errors).map(([, message]) => message);

  return (
    <details class="card" id="feedback-types">
      <summary>{S.feedback.typesTitle}</summary>
      <Banner message={banner} id="feedback-types-error" />
      {problems.length > 0 && (
        <ul class="field-error">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <table class="dossier-table">
        <thead>
          <tr>
            <th scope="col">{S.feedback.typeKey}</th>
            <th scope="col">{S.feedback.typeLabel}</th>
            <th scope="col">{S.feedback.typeDays}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} data-key={r.key}>
              <td>
                <input class="type-key" value={r.key} onInput={(e) => edit(i, { key: e.currentTarget.value })} />
              </td>
              <td>
                <input class="type-label" value={r.label} onInput={(e) => edit(i, { label: e.currentTarget.value })} />
              </td>
              <td>
                <input
                  class="type-days"
                  type="number"
                  min={1}
                  max={30}
                  value={r.answer_within_working_days}
                  onInput={(e) => edit(i, { answer_within_working_days: wholeNumber(e.currentTarget.value) })}
                />
              </td>
              <td>
                <button type="button" class="btn" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                  {S.feedback.typeRemove}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="actions">
        <button
          type="button"
          id="feedback-type-add"
          class="btn"
          onClick={() => setRows([...rows, { key: "", label: "", answer_within_working_days: 10 }])}
        >
          {S.feedback.typeAdd}
        </button>
        <button type="button" id="feedback-types-save" class="btn btn-primary" disabled={busy} onClick={save}>
          {S.feedback.typesSave}
        </button>
        {saved && (
          <span id="feedback-types-saved" class="result-ok" role="status">
            {S.feedback.typesSaved}
          </span>
        )}
      </div>
    </details>
  );
}
