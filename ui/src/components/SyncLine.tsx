import { api } from "../api";
import type { SyncLineState } from "../hooks/useSync";
import { utcToVn } from "../format";
import { S } from "../strings";

/** The sync line above every screen: online or not, what waits and since when, the last sync,
 * "Đồng bộ ngay". Nothing on a PC that is not enrolled with a city server. */
export function SyncLine({ sync }: { sync: SyncLineState }) {
  const s = sync.status;
  if (!s?.link) return null;
  const offline = s.online === false;
  const state = s.syncing
    ? S.sync.syncing
    : offline
      ? S.sync.offline
      : s.last_synced_at
        ? S.sync.syncedAt(utcToVn(s.last_synced_at))
        : S.sync.notYet;
  const now = async () => {
    await api.syncNow().catch(() => undefined);
    // The round runs on its own thread; the line catches up at its next read, or now.
    window.setTimeout(() => void sync.refresh(), 500);
  };
  return (
    <div
      id="sync-line"
      class={`sync-line${offline || s.needs_attention ? " sync-trouble" : ""}`}
      role="status"
      aria-label={S.sync.label}
      data-online={s.online === null ? "" : String(s.online)}
      data-waiting={s.waiting}
    >
      <span id="sync-state">{state}</span>
      {s.waiting > 0 && <span id="sync-waiting"> · {S.sync.waiting(s.waiting, utcToVn(s.oldest_waiting_at))}</span>}
      {s.rejected > 0 && <span id="sync-rejected"> · {S.sync.rejected(s.rejected)}</span>}
      {s.clock_skew_s !== null && Math.abs(s.clock_skew_s) >= 300 && (
        <span id="sync-clock"> · {S.sync.clockSkew(Math.round(Math.abs(s.clock_skew_s) / 60), s.clock_skew_s < 0)}</span>
      )}
      {s.last_error && (offline || s.needs_attention) && (
        <span id="sync-error" class="small" title={s.last_error}> · {s.last_error}</span>
      )}
      <button type="button" id="sync-now" class="btn btn-secondary" disabled={s.syncing} onClick={() => void now()}>
        {S.sync.now}
      </button>
    </div>
  );
}
