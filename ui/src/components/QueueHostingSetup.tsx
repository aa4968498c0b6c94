import { useEffect, useState } from "preact/hooks";
import { api, toApiError } from "../api";
import type { HostingInfo } from "../api";
import { Banner } from "./Banner";
import { LoadingCard } from "./LoadingCard";
import { Check } from "./Check";
import { TextField } from "./Field";
import { useSubmit, wholeNumber } from "../hooks/useSubmit";
import { S } from "../strings";

interface Props {
  onChanged: () => void;
}

/** Admin: this PC hosts the office's queue (no separate hub box). Shows the addresses the other
 * counters, the kiosk and the hall display use, and the hub key the other counters enrol with. */
export function QueueHostingSetup({ onChanged }: Props) {
  const [info, setInfo] = useState<HostingInfo | null>(null);
  const [enabled, setEnabled] = useState(false);
  const [port, setPort] = useState("8700");
  const { busy, errors, banner, setBanner, run } = useSubmit();

  const show = (i: HostingInfo) => {
    setInfo(i);
    setEnabled(i.hosting !== null);
    if (i.hosting) setPort(String(i.hosting.port));
  };

  useEffect(() => {
    api.queueHostingGet().then(show, (e) => setBanner(toApiError(e).message));
  }, []);

  const save = (e: Event) => {
    e.preventDefault();
    void run(
      async () => {
        show(await api.queueHostingSet(enabled ? { port: wholeNumber(port) } : null));
        onChanged();
      },
      // the hub may have stopped although the setting was not saved: show what is true now
      () => void api.queueHostingGet().then(setInfo, () => undefined),
    );
  };

  // Until the PC's setting is read, no control is shown: a box ticked before the answer arrives
  // would be unticked by it, and "not hosting" is not known yet.
  if (info === null) {
    return <LoadingCard id="queue-hosting" title={S.queue.hostTitle} banner={banner} bannerId="queue-hosting-error" />;
  }
  const url = info.lan_urls[0] ?? null;
  return (
    <form class="card" id="queue-hosting" onSubmit={save} noValidate data-running={info.running ? "yes" : "no"}>
      <h2>{S.queue.hostTitle}</h2>
      <p class="muted small">{S.queue.hostHint}</p>
      <Banner message={banner ?? info.problem ?? null} id="queue-hosting-error" />
      <Check id="queue-host-enabled" checked={enabled} onChange={setEnabled}>{S.queue.hostEnabled}</Check>
      {enabled && (
        <TextField
          id="queue-host-port"
          label={S.queue.hostPort}
          field="port"
          error={errors.port}
          inputMode="numeric"
          value={port}
          onInput={(e) => setPort(e.currentTarget.value)}
        />
      )}
      <div class="actions">
        <button type="submit" id="queue-host-save" class="btn btn-primary" disabled={busy}>
          {S.queue.hostSave}
        </button>
      </div>
      <p id="queue-host-state" role="status" class={info.running ? "result-ok" : "muted"}>
        {info.running ? S.queue.hostRunning : S.queue.hostStopped}
      </p>
      {info.running && (
        <dl class="queue-host-facts">
          {url && (
            <>
              <dt>{S.queue.hostAddress}</dt>
              <dd id="queue-host-url">{url}</dd>
              <dt>{S.queue.hostKiosk}</dt>
              <dd>{`${url}/kiosk`}</dd>
              <dt>{S.queue.hostDisplay}</dt>
              <dd>{`${url}/display`}</dd>
            </>
          )}
          <dt>{S.queue.hostKey}</dt>
          <dd id="queue-host-key" class="mono">{info.hub_key}</dd>
        </dl>
      )}
    </form>
  );
}
