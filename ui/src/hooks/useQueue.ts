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

/**
 * The queue panel, asked for every two seconds for as long as the main layout is shown. A PC
 * not enrolled with a hub is not asked again until `refresh` (the enrolment card calls it).
 */
export function useQueue(enabled: boolean): QueueState {
  const [panel, setPanel] = useState<QueuePanel | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const alive = useRef(true);
  // The polling loop's restart, set while it waits for an enrolment.
  const resume = useRef<(() => void) | null>(null);

  /** Asks once; true when the loop should go on asking. */
  const ask = useCallback(async (): Promise<boolean> => {
    try {
      const p = await api.queuePanel();
      if (!alive.current) return false;
      setPanel(p);
      setError(null);
      return true;
    } catch (e) {
      if (!alive.current) return false;
      const err = toApiError(e);
      setError(err);
      return err.code !== "queue_not_set_up";
    }
  }, []);

  const refresh = useCallback(async () => {
    const restart = resume.current;
    if (restart) {
      resume.current = null;
      restart();
    } else {
      await ask();
    }
  }, [ask]);

  useEffect(() => {
    alive.current = true;
    if (!enabled) return;
    let timer = 0;
    // One request at a time: the next starts two seconds after the last answer, so a hub
    // that takes seconds to fail is never asked twice at once.
    const loop = async () => {
      const again = await ask();
      if (!alive.current) return;
      if (again) timer = window.setTimeout(() => void loop(), POLL_MS);
      else resume.current = () => void loop();
    };
    void loop();
    return () => {
      alive.current = false;
      resume.current = null;
      window.clearTimeout(timer);
    };
  }, [enabled, ask]);

  return { panel, error, refresh };
}
