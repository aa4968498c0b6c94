import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api";
import type { SyncStatus } from "../api";

/** How often the line is read again (a local read: the sync thread does the network). */
const POLL_MS = 3000;

export interface SyncLineState {
  status: SyncStatus | null;
  refresh: () => Promise<void>;
}

/** The sync line's state, read every three seconds while the main layout is shown. */
export function useSync(enabled: boolean): SyncLineState {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const alive = useRef(true);

  const refresh = useCallback(async () => {
    try {
      const s = await api.syncStatus();
      if (alive.current) setStatus(s);
    } catch {
      // Logged out meanwhile: the next screen decides.
    }
  }, []);

  useEffect(() => {
    alive.current = true;
    if (!enabled) return;
    let timer = 0;
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

  return { status, refresh };
}
