import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { api, toApiError } from "../api";
import type { ApiError, QueuePanel } from "../api";

/** How often the panel asks the hub again (also how soon it retries a hub that is away). */
const POLL_MS = 2000;

export interface QueueState {
  /** The last view the hub gave; kept while the hub is unreachable, so the clerk still sees it. */
  panel: QueuePanel | null;
  /** Why the last ask failed (unreachable hub, not set up); null when it answered. */
  error: ApiError | null;
  refresh: () => Promise<void>;
}

/** The queue panel, asked for every two seconds for as long as the main layout is shown. */
export function useQueue(enabled: boolean): QueueState {
  const [panel, setPanel] = useState<QueuePanel | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const alive = useRef(true);

  const refresh = useCallback(async () => {
    try {
      const p = await api.queuePanel();
      if (!alive.current) return;
      setPanel(p);
      setError(null);
    } catch (e) {
      if (alive.current) setError(toApiError(e));
    }
  }, []);

  useEffect(() => {
    alive.current = true;
    if (!enabled) return;
    let timer = 0;
    // One request at a time: the next starts two seconds after the last answer, so a hub
    // that takes seconds to fail is never asked twice at once.
    const loop = async () => {
      await refresh();
      if (alive.current) timer = window.setTimeout(() => void loop(), POLL_MS);
    };
    void loop();
    return () => {
      alive.current = false;
      window.clearTimeout(timer);
    };
  }, [enabled, refresh]);

  return { panel, error, refresh };
}
