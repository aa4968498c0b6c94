import { useEffect, useState } from "preact/hooks";
import { api, toApiError } from "../api";
import type {
  FeedbackChannel,
  FeedbackDraft,
  FeedbackDue,
  FeedbackItem,
  FeedbackSummary,
  FeedbackType,
} from "../api";
import { Banner } from "../components/Banner";
import { FeedbackTypes } from "../components/FeedbackTypes";
import { Field } from "../components/Field";
import { useSubmit } from "../hooks/useSubmit";
import { dateTimeVn } from "../format";
import { S } from "../strings";

const CHANNELS: FeedbackChannel[] = ["hotline", "email", "zalo", "facebook", "portal", "letter", "in_person"];

const EMPTY: FeedbackDraft = {
  channel: null,
  type_key: "",
  content: "",
  sender: { name: "", phone: "", email: "", address: "" },
  dossier_code: "",
  procedure_code: "",
};

/** A table of feedback items; a row opens the item. */
function FeedbackTable({ id, rows, onOpen }: { id: string; rows: FeedbackSummary[]; onOpen: (n: string) => void }) {
  return (
    <table id={id} class="dossier-table">
      <thead>
        <tr>
          <th scope="col">{S.feedback.number}</th>
          <th scope="col">{S.feedback.channel}</th>
          <th scope="col">{S.feedback.content}</th>
          <th scope="col">{S.feedback.deadline}</th>
          <th scope="col">{S.feedback.status}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((f) => (
          <tr key={f.number} class="feedback-row" data-number={f.number}>
            <td>
              <button type="button" class="btn-link feedback-open" onClick={() => onOpen(f.number)}>
                {f.number}
              </button>
            </td>
            <td>{S.feedback.channels[f.channel]}</td>
            <td class="feedback-excerpt">{f.excerpt}</td>
            <td>{dateTimeVn(f.deadline_at)}</td>
            <td class="feedback-status">{S.feedback.statuses[f.status]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One item: what came in, what was done, and the next action. */
function FeedbackPanel({ number, onChanged }: { number: string; onChanged: () => void }) {
  const [item, setItem] = useState<FeedbackItem | null>(null);
  const [assignee, setAssignee] = useState("");
  const [answer, setAnswer] = useState("");
  const { busy, errors, banner, run } = useSubmit();
  const load = () => api.feedbackItem(number).then(setItem);
  useEffect(() => {
    void load();
  }, [number]);
  if (!item) return null;
  const act = (action: Parameters<typeof api.feedbackAction>[1]) =>
    run(async () => {
      await api.feedbackAction(number, action);
      await load();
      onChanged();
    });
  const open = item.status === "received" || item.status === "assigned";
  const r = item.record;
  return (
    <section class="card" id="feedback-item" data-status={item.status}>
      <h2>
        {r.number} — {S.feedback.statuses[item.status]}
      </h2>
      <p>{r.draft.content}</p>
      <p class="muted small">
        {S.feedback.channels[r.draft.channel ?? "hotline"]} · {dateTimeVn(r.received_at)} · {S.feedback.deadline}:{" "}
        {dateTimeVn(r.deadline_at)}
      </p>
      <ol class="steps-list" id="feedback-actions">
        {item.actions.map((a, i) => (
          <li key={i} data-action={a.action}>
            <strong>{S.feedback.actions[a.action]}</strong> · {dateTimeVn(a.at)} · {a.by_name}
            {a.action === "assign" && <div class="muted small">{a.user_name}</div>}
            {a.action === "answer" && <div class="muted small">{a.text}</div>}
          </li>
        ))}
      </ol>
      <Banner message={banner} id="feedback-action-error" />
      {open && (
        <>
          <div class="row">
            <Field id="feedback-assignee" label={S.feedback.assignee} error={errors.user_id}>
              <input id="feedback-assignee" value={assignee} onInput={(e) => setAssignee(e.currentTarget.value)} />
            </Field>
            <div class="actions">
              <button
                type="button"
                id="feedback-assign"
                class="btn btn-secondary"
                disabled={busy}
                onClick={() => void act({ action: "assign", user_id: assignee, user_name: "" })}
              >
                {S.feedback.assign}
              </button>
            </div>
          </div>
          <Field id="feedback-answer" label={S.feedback.answer}>
            <textarea id="feedback-answer" rows={3} value={answer} onInput={(e) => setAnswer(e.currentTarget.value)} />
          </Field>
          <div class="actions">
            <button
              type="button"
              id="feedback-answer-save"
              class="btn btn-primary"
              disabled={busy}
              onClick={() => void act({ action: "answer", text: answer })}
            >
              {S.feedback.answerSave}
            </button>
          </div>
        </>
      )}
      {item.status === "answered" && (
        <div class="actions">
          <button
            type="button"
            id="feedback-publish"
            class="btn btn-primary"
            disabled={busy}
            onClick={() => void act({ action: "publish" })}
          >
            {S.feedback.publish}
          </button>
        </div>
      )}
    </section>
  );
}

/** Phản ánh, kiến nghị: record an item from any channel, follow the deadlines, answer. */
export function Feedback({ canManage }: { canManage: boolean }) {
  const [types, setTypes] = useState<FeedbackType[]>([]);
  const [draft, setDraft] = useState<FeedbackDraft>(EMPTY);
  const [due, setDue] = useState<FeedbackDue | null>(null);
  const [recent, setRecent] = useState<FeedbackSummary[]>([]);
  const [opened, setOpened] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const { busy, errors, banner, run } = useSubmit();

  const reload = () =>
    Promise.all([api.feedbackDue(), api.feedbackRecent()]).then(
      ([d, r]) => {
        setDue(d);
        setRecent(r);
      },
      (e) => setLoadError(toApiError(e).message),
    );
  useEffect(() => {
    api.feedbackTypes().then(setTypes, (e) => setLoadError(toApiError(e).message));
    void reload();
  }, []);

  const submit = (e: Event) => {
    e.preventDefault();
    setSaved(null);
    void run(async () => {
      const rec = await api.feedbackRecord(draft);
      setSaved(S.feedback.saved(rec.number, dateTimeVn(rec.deadline_at)));
      setDraft(EMPTY);
      await reload();
    });
  };
  const set = (patch: Partial<FeedbackDraft>) => setDraft({ ...draft, ...patch });

  return (
    <section id="feedback" class="screen" aria-labelledby="feedback-title">
      <div class="screen-head">
        <h1 id="feedback-title">{S.feedback.title}</h1>
      </div>
      <Banner message={loadError} />
      {due && due.overdue.length > 0 && (
        <>
          <Banner message={S.feedback.overdue(due.overdue.length)} id="feedback-overdue-warning" />
          <FeedbackTable id="feedback-overdue" rows={due.overdue} onOpen={setOpened} />
        </>
      )}
      {due && due.due_soon.length > 0 && (
        <>
          <h2 class="due-title">{S.feedback.dueSoon(due.due_soon.length)}</h2>
          <FeedbackTable id="feedback-due-soon" rows={due.due_soon} onOpen={setOpened} />
        </>
      )}
      {opened && <FeedbackPanel key={opened} number={opened} onChanged={() => void reload()} />}
      <form class="card" id="feedback-form" onSubmit={submit} noValidate>
        <h2>{S.feedback.newTitle}</h2>
        <Banner message={banner} id="feedback-error" />
        {saved && (
          <p id="feedback-saved" class="result-ok" role="status">
            {saved}
          </p>
        )}
        <div class="row">
          <Field id="feedback-channel" label={S.feedback.channel} field="channel" error={errors.channel}>
            <select
              id="feedback-channel"
              value={draft.channel ?? ""}
              onChange={(e) => set({ channel: (e.currentTarget.value || null) as FeedbackChannel | null })}
            >
              <option value="">{S.feedback.choose}</option>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {S.feedback.channels[c]}
                </option>
              ))}
            </select>
          </Field>
          <Field id="feedback-type" label={S.feedback.type} field="type_key" error={errors.type_key}>
            <select id="feedback-type" value={draft.type_key} onChange={(e) => set({ type_key: e.currentTarget.value })}>
              <option value="">{S.feedback.choose}</option>
              {types.map((t) => (
                <option key={t.key} value={t.key}>
                  {t.label} ({S.feedback.days(t.answer_within_working_days)})
                </option>
              ))}
            </select>
          </Field>
        </div>
        <Field id="feedback-content" label={S.feedback.content} field="content" error={errors.content}>
          <textarea
            id="feedback-content"
            rows={3}
            value={draft.content}
            onInput={(e) => set({ content: e.currentTarget.value })}
          />
        </Field>
        <div class="row">
          <Field id="feedback-sender-name" label={S.feedback.senderName} error={errors["sender.name"]}>
            <input
              id="feedback-sender-name"
              value={draft.sender.name}
              onInput={(e) => set({ sender: { ...draft.sender, name: e.currentTarget.value } })}
            />
          </Field>
          <Field id="feedback-sender-phone" label={S.feedback.senderPhone} error={errors["sender.phone"]}>
            <input
              id="feedback-sender-phone"
              value={draft.sender.phone}
              onInput={(e) => set({ sender: { ...draft.sender, phone: e.currentTarget.value } })}
            />
          </Field>
          <Field id="feedback-dossier" label={S.feedback.dossier}>
            <input
              id="feedback-dossier"
              value={draft.dossier_code}
              onInput={(e) => set({ dossier_code: e.currentTarget.value })}
            />
          </Field>
        </div>
        <div class="actions">
          <button type="submit" id="feedback-submit" class="btn btn-primary" disabled={busy}>
            {S.feedback.submit}
          </button>
        </div>
      </form>
      <h2 class="due-title">{S.feedback.recent}</h2>
      <FeedbackTable id="feedback-recent" rows={recent} onOpen={setOpened} />
      {canManage && <FeedbackTypes types={types} onSaved={setTypes} />}
    </section>
  );
}
