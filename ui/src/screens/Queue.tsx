import { useState } from "preact/hooks";
import { api, toApiError } from "../api";
import type { IssuedTicket } from "../api";
import { Banner } from "../components/Banner";
import { Check } from "../components/Check";
import { QueueManage } from "../components/QueueManage";
import type { QueueState } from "../hooks/useQueue";
import { S } from "../strings";

interface Props {
  queue: QueueState;
}

/** Tickets issued at the counter (for a citizen who did not use the kiosk) and the live view
 * of the whole office's queue: waiting per service, every counter, today's figures. */
export function Queue({ queue }: Props) {
  const [priority, setPriority] = useState(false);
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<IssuedTicket | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { panel } = queue;
  const status = panel?.status ?? null;

  const issue = async (service: string) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setIssued(null);
    try {
      setIssued(await api.queueIssue(service, priority ? "other" : null));
      setPriority(false);
      await queue.refresh();
    } catch (e) {
      setError(toApiError(e).message);
    } finally {
      setBusy(false);
    }
  };

  const notSetUp = queue.error?.code === "queue_not_set_up";
  return (
    <section id="queue" class="screen" aria-labelledby="queue-title">
      <div class="screen-head">
        <h1 id="queue-title">{S.queue.title}</h1>
        {panel && <span class="muted">{panel.hub_url}</span>}
      </div>
      {notSetUp && <Banner message={queue.error?.message ?? S.queue.notSetUp} kind="info" id="queue-not-set-up" />}
      {status && (
        <div class="queue-screen">
          <div class="card">
            <h2>{S.queue.issueTitle}</h2>
            <Banner message={error} id="queue-issue-error" />
            <div class="queue-services">
              {status.services.map((s) => (
                <button
                  key={s.prefix}
                  type="button"
                  id={`queue-issue-${s.prefix}`}
                  class="btn btn-secondary btn-large"
                  disabled={busy}
                  onClick={() => void issue(s.prefix)}
                >
                  {`${s.prefix} — ${s.name}`}
                </button>
              ))}
            </div>
            <Check id="queue-priority" checked={priority} onChange={setPriority}>{S.queue.priority}</Check>
            {issued && (
              <div id="queue-issued" class="result-ok" role="status" data-label={issued.label}>
                <p class="queue-issued-number">{S.queue.issued(issued.label, issued.people_ahead, issued.estimated_wait_minutes)}</p>
                {issued.printed && <p class="muted small">{S.queue.printedOn(issued.printed.printer)}</p>}
                {issued.print_error && <p class="error-text">{issued.print_error}</p>}
              </div>
            )}
          </div>

          <div class="card" id="queue-live">
            <h2>{S.queue.liveTitle}</h2>
            <p id="queue-totals">{S.queue.totals(status.served, status.no_show, status.waiting)}</p>
            <p class="muted">
              {S.queue.averages(S.queue.minutes(status.average_wait_minutes), S.queue.minutes(status.average_service_minutes))}
            </p>
            <table class="data-table" id="queue-services-table">
              <thead>
                <tr>
                  <th>{S.queue.colService}</th>
                  <th>{S.queue.colWaiting}</th>
                  <th>{S.queue.colLongest}</th>
                  <th>{S.queue.colServed}</th>
                  <th>{S.queue.colNoShow}</th>
                </tr>
              </thead>
              <tbody>
                {status.services.map((s) => (
                  <tr key={s.prefix} data-service={s.prefix}>
                    <td>{`${s.prefix} — ${s.name}`}</td>
                    <td class="num">{s.waiting}</td>
                    <td>{S.queue.minutes(s.longest_wait_minutes)}</td>
                    <td class="num">{s.served}</td>
                    <td class="num">{s.no_show}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table class="data-table" id="queue-counters-table">
              <thead>
                <tr>
                  <th>{S.queue.colCounter}</th>
                  <th>{S.queue.colState}</th>
                  <th>{S.queue.colService}</th>
                  <th>{S.queue.colCurrent}</th>
                  <th>{S.queue.colServed}</th>
                </tr>
              </thead>
              <tbody>
                {status.counters.map((c) => (
                  <tr key={c.number} data-counter={c.number}>
                    <td class="num">{c.number}</td>
                    <td>{c.open ? S.queue.open : S.queue.closed}</td>
                    <td>{c.services.join(", ")}</td>
                    <td>{c.current ?? "—"}</td>
                    <td class="num">{c.served}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {status.recent_calls.length > 0 && (
              <>
                <h3>{S.queue.recentTitle}</h3>
                <ul id="queue-recent">
                  {status.recent_calls.slice(0, 5).map((c) => (
                    <li key={`${c.label}-${c.at}`}>{c.text}</li>
                  ))}
                </ul>
              </>
            )}
          </div>
          {panel?.can_manage && <QueueManage status={status} onChanged={queue.refresh} />}
        </div>
      )}
    </section>
  );
}
