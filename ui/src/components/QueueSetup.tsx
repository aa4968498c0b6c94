import { useEffect, useState } from "preact/hooks";
import { api, toApiError } from "../api";
import type { FoundHub, QueueLink } from "../api";
import { Banner } from "./Banner";
import { Check } from "./Check";
import { TextField } from "./Field";
import { useSubmit, wholeNumber } from "../hooks/useSubmit";
import { S } from "../strings";

interface Props {
  /** this PC's counter number in the office profile, the default */
  counterNumber: number;
  onEnrolled: () => void;
}

/** Admin: connects this counter PC to the office's queue hub. The hub key is typed once and
 * sent to the hub only; the hub answers with this counter's own key, which the PC keeps. */
export function QueueSetup({ counterNumber, onEnrolled }: Props) {
  const [link, setLink] = useState<QueueLink | null>(null);
  const [url, setUrl] = useState("");
  const [counter, setCounter] = useState(String(counterNumber));
  const [key, setKey] = useState("");
  const [supervisor, setSupervisor] = useState(false);
  const { busy, errors, banner, setBanner, run } = useSubmit();
  const [found, setFound] = useState<FoundHub[] | null>(null);
  const finder = useSubmit();

  useEffect(() => {
    api.queueLinkGet().then((l) => {
      setLink(l);
      if (l) {
        setUrl(l.hub_url);
        setCounter(String(l.counter));
        setSupervisor(l.supervisor);
      }
    }, (e) => setBanner(toApiError(e).message));
  }, []);

  const discover = () =>
    void finder.run(async () => {
      const hubs = await api.queueDiscover();
      setFound(hubs);
      if (hubs.length === 1) setUrl(hubs[0].url);
    });

  const enrol = (e: Event) => {
    e.preventDefault();
    // The hub key is not left on screen, whether the hub took it or not.
    void run(
      async () => {
        setLink(await api.queueEnrol({ hub_url: url.trim(), counter: wholeNumber(counter), supervisor }, key));
        setKey("");
        onEnrolled();
      },
      () => setKey(""),
    );
  };

  return (
    <form class="card" id="queue-setup" onSubmit={enrol} noValidate>
      <h2>{S.queue.setupTitle}</h2>
      <p class="muted small">{S.queue.setupHint}</p>
      <Banner message={banner} id="queue-setup-error" />
      {link && (
        <p id="queue-enrolled" class="result-ok" role="status">{S.queue.enrolled(link.counter, link.hub_url)}</p>
      )}
      <TextField
        id="queue-hub-url"
        label={S.queue.hubUrl}
        field="hub_url"
        error={errors.hub_url}
        placeholder="http://192.168.1.10:8700"
        spellcheck={false}
        value={url}
        onInput={(e) => setUrl(e.currentTarget.value)}
      />
      <div class="actions">
        <button type="button" id="queue-discover" class="btn btn-secondary" disabled={finder.busy} onClick={discover}>
          {finder.busy ? S.queue.discovering : S.queue.discover}
        </button>
      </div>
      <Banner message={finder.banner} id="queue-discover-error" />
      {found !== null && found.length === 0 && <p id="queue-found-none" class="muted">{S.queue.discoverNone}</p>}
      {found !== null && found.length > 0 && (
        <ul id="queue-found" class="queue-found">
          {found.map((h) => (
            <li key={h.url}>
              <button type="button" class="btn-link" data-url={h.url} onClick={() => setUrl(h.url)}>
                {S.queue.discoverPick(h.office, h.url)}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="row">
        <TextField
          id="queue-counter-number"
          label={S.queue.counterNumber}
          field="counter"
          error={errors.counter}
          inputMode="numeric"
          value={counter}
          onInput={(e) => setCounter(e.currentTarget.value)}
        />
        <TextField
          id="queue-hub-key"
          label={S.queue.hubKey}
          field="hub_key"
          type="password"
          error={errors.hub_key}
          value={key}
          onInput={(e) => setKey(e.currentTarget.value)}
        />
      </div>
      <Check id="queue-supervisor-pc" checked={supervisor} onChange={setSupervisor}>{S.queue.supervisorPc}</Check>
      <div class="actions">
        <button type="submit" id="queue-enrol" class="btn btn-primary" disabled={busy}>
          {busy ? S.queue.enrolling : S.queue.enrol}
        </button>
      </div>
    </form>
  );
}
