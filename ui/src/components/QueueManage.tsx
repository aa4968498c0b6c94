import { useState } from "preact/hooks";
import { api } from "../api";
import type { QueueServiceDef, QueueStatus } from "../api";
import { Banner } from "./Banner";
import { useSubmit, wholeNumber } from "../hooks/useSubmit";
import { S } from "../strings";

interface Props {
  status: QueueStatus;
  onChanged: () => Promise<void>;
}

function prefixes(text: string): string[] {
  return text
    .split(/[,;\s]+/)
    .map((p) => p.trim().toUpperCase())
    .filter((p) => p !== "");
}

/** The supervisor's controls: open or close a counter, change its services, add a counter,
 * edit the services the kiosk offers. Each change reaches every counter and the kiosk live. */
export function QueueManage({ status, onChanged }: Props) {
  const { busy, banner, setBanner, run } = useSubmit();
  const [done, setDone] = useState(false);
  // what the supervisor typed per counter, until saved
  const [edits, setEdits] = useState<Record<number, string>>({});
  const [newNumber, setNewNumber] = useState("");
  const [newServices, setNewServices] = useState("");
  const [servicesText, setServicesText] = useState(() =>
    status.services.map((s) => `${s.prefix} = ${s.name}`).join("\n"),
  );

  const apply = (action: () => Promise<unknown>) => {
    setDone(false);
    void run(async () => {
      await action();
      await onChanged();
      setDone(true);
    });
  };

  const saveServices = () => {
    const defs: QueueServiceDef[] = [];
    for (const line of servicesText.split("\n").map((l) => l.trim()).filter((l) => l !== "")) {
      const at = line.indexOf("=");
      if (at < 0) {
        setBanner(S.queue.servicesLineError(line));
        return;
      }
      defs.push({ prefix: line.slice(0, at).trim(), name: line.slice(at + 1).trim() });
    }
    apply(() => api.queueSetServices(defs));
  };

  return (
    <div class="card" id="queue-manage">
      <h2>{S.queue.manageTitle}</h2>
      <Banner message={banner} id="queue-manage-error" />
      {done && !banner && <p id="queue-manage-done" class="result-ok" role="status">{S.queue.managed}</p>}
      <table class="data-table">
        <tbody>
          {status.counters.map((c) => {
            const text = edits[c.number] ?? c.services.join(",");
            return (
              <tr key={c.number} data-counter={c.number}>
                <td class="num">{S.queue.counter(c.number)}</td>
                <td>
                  <input
                    id={`queue-counter-services-${c.number}`}
                    aria-label={S.queue.counterServices(c.number)}
                    type="text"
                    value={text}
                    onInput={(e) => setEdits({ ...edits, [c.number]: e.currentTarget.value })}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    id={`queue-counter-save-${c.number}`}
                    class="btn btn-secondary"
                    disabled={busy}
                    onClick={() =>
                      apply(() => api.queueSetCounter({ number: c.number, open: c.open, services: prefixes(text) }))
                    }
                  >
                    {S.queue.counterSave}
                  </button>{" "}
                  <button
                    type="button"
                    id={`queue-counter-toggle-${c.number}`}
                    class="btn btn-secondary"
                    disabled={busy}
                    onClick={() =>
                      apply(() => api.queueSetCounter({ number: c.number, open: !c.open, services: c.services }))
                    }
                  >
                    {c.open ? S.queue.counterClose : S.queue.counterOpen}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div class="queue-transfer">
        <label for="queue-new-counter">{S.queue.newCounter}</label>
        <input
          id="queue-new-counter"
          type="text"
          inputMode="numeric"
          value={newNumber}
          onInput={(e) => setNewNumber(e.currentTarget.value)}
        />
        <label for="queue-new-services">{S.queue.newCounterServices}</label>
        <input id="queue-new-services" type="text" value={newServices} onInput={(e) => setNewServices(e.currentTarget.value)} />
        <button
          type="button"
          id="queue-new-add"
          class="btn btn-secondary"
          disabled={busy}
          onClick={() =>
            apply(() => api.queueSetCounter({ number: wholeNumber(newNumber), open: true, services: prefixes(newServices) }))
          }
        >
          {S.queue.newCounterAdd}
        </button>
      </div>
      <div class="field">
        <label for="queue-services-edit">{S.queue.servicesEdit}</label>
        <textarea
          id="queue-services-edit"
          rows={4}
          value={servicesText}
          onInput={(e) => setServicesText(e.currentTarget.value)}
        />
      </div>
      <div class="actions">
        <button type="button" id="queue-services-save" class="btn btn-secondary" disabled={busy} onClick={saveServices}>
          {S.queue.servicesSave}
        </button>
      </div>
    </div>
  );
}
