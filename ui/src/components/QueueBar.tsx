import { useEffect, useState } from "preact/hooks";
import { toApiError } from "../api";
import type { CounterAction, QueueOutcome } from "../api";
import type { QueueState } from "../hooks/useQueue";
import { S } from "../strings";

interface Props {
  queue: QueueState;
  act: (action: CounterAction) => Promise<QueueOutcome>;
  /** news from elsewhere (a saved dossier linked to the ticket) */
  note: { ok: boolean; text: string } | null;
}

/** The counter's queue controls, above every screen: who is at the counter, and the buttons
 * "Gọi tiếp", "Gọi lại", "Bắt đầu", "Xong", "Vắng mặt", "Chuyển…". When the hub cannot be
 * reached it says so and keeps the last view; intake underneath is not affected. */
export function QueueBar({ queue, act, note }: Props) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [transferOpen, setTransferOpen] = useState(false);
  const [toService, setToService] = useState("");
  const [toCounter, setToCounter] = useState("");
  // The newest news wins: a note replaces what the last button said.
  useEffect(() => {
    if (note) {
      setMessage(null);
      setError(null);
    }
  }, [note]);

  const { panel } = queue;
  if (!panel && (!queue.error || queue.error.code === "queue_not_set_up")) return null;
  const unreachable = queue.error !== null && queue.error.code !== "queue_not_set_up";
  const mine = panel?.status.counters.find((c) => c.number === panel.counter) ?? null;
  const state = mine?.current_state ?? null;
  const label = mine?.current ?? "";
  const called = state === "called";
  const withTicket = called || state === "serving";

  const run = async (action: CounterAction) => {
    if (busy) return;
    setBusy(true);
    setMessage(null);
    setError(null);
    try {
      const out = await act(action);
      setMessage(S.queue.done[action.action]?.(out.label ?? label) ?? null);
      if (action.action === "transfer") setTransferOpen(false);
    } catch (e) {
      setError(toApiError(e).message);
    } finally {
      setBusy(false);
    }
  };

  const transfer = (e: Event) => {
    e.preventDefault();
    const n = Number.parseInt(toCounter.trim(), 10);
    void run({ action: "transfer", service: toService || null, to_counter: Number.isFinite(n) && n > 0 ? n : null });
  };

  const current = !mine || !state ? S.queue.idle : called ? S.queue.called(label) : S.queue.serving(label);
  const button = (id: string, text: string, action: CounterAction, enabled: boolean, primary = false) => (
    <button
      type="button"
      id={id}
      class={`btn ${primary ? "btn-primary" : "btn-secondary"}`}
      disabled={busy || unreachable || !enabled}
      onClick={() => void run(action)}
    >
      {text}
    </button>
  );

  return (
    <section
      id="queue-bar"
      class={`queue-bar${unreachable ? " queue-bar-offline" : ""}`}
      aria-label={S.queue.barLabel}
      data-state={unreachable ? "unreachable" : "ok"}
      data-current={label}
      data-ticket-state={state ?? ""}
    >
      <div class="queue-bar-row">
        {panel && <strong class="queue-counter">{S.queue.counter(panel.counter)}</strong>}
        <span id="queue-current" class="queue-current">{current}</span>
        {panel && <span class="muted" id="queue-waiting">{S.queue.waiting(panel.status.waiting)}</span>}
        <span class="spacer" />
        {button("queue-call-next", S.queue.callNext, { action: "call_next" }, true, true)}
        {button("queue-recall", S.queue.recall, { action: "recall" }, called)}
        {button("queue-start", S.queue.start, { action: "start" }, called)}
        {button("queue-finish", S.queue.finish, { action: "finish" }, withTicket)}
        {button("queue-no-show", S.queue.noShow, { action: "no_show" }, called)}
        <button
          type="button"
          id="queue-transfer"
          class="btn btn-secondary"
          disabled={busy || unreachable || !withTicket}
          onClick={() => setTransferOpen((o) => !o)}
          aria-expanded={transferOpen}
        >
          {S.queue.transfer}
        </button>
      </div>
      {unreachable && (
        <p id="queue-offline" class="queue-offline" role="alert">
          {queue.error?.message} <span class="muted">{S.queue.retrying}</span>
        </p>
      )}
      {error && !unreachable && (
        <p id="queue-error" class="error-text" role="alert">{error}</p>
      )}
      {message && !error && !unreachable && (
        <p id="queue-message" class="result-ok" role="status">{message}</p>
      )}
      {note && !message && !error && !unreachable && (
        <p id="queue-note" class={note.ok ? "result-ok" : "error-text"} role="status">{note.text}</p>
      )}
      {transferOpen && withTicket && panel && (
        <form id="queue-transfer-form" class="queue-transfer" onSubmit={transfer}>
          <strong>{S.queue.transferTitle} {label}</strong>
          <label for="queue-transfer-service">{S.queue.transferService}</label>
          <select id="queue-transfer-service" value={toService} onChange={(e) => setToService(e.currentTarget.value)}>
            <option value="">{S.queue.transferKeep}</option>
            {panel.status.services.map((s) => (
              <option key={s.prefix} value={s.prefix}>{`${s.prefix} — ${s.name}`}</option>
            ))}
          </select>
          <label for="queue-transfer-counter">{S.queue.transferCounter}</label>
          <input
            id="queue-transfer-counter"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            value={toCounter}
            onInput={(e) => setToCounter(e.currentTarget.value)}
          />
          <button type="submit" id="queue-transfer-do" class="btn btn-primary" disabled={busy}>
            {S.queue.transferDo}
          </button>
          <button type="button" class="btn btn-secondary" onClick={() => setTransferOpen(false)}>
            {S.queue.cancel}
          </button>
        </form>
      )}
    </section>
  );
}
