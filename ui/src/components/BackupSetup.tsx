import { useEffect, useState } from "preact/hooks";
import { api, toApiError } from "../api";
import type { BackupStatus } from "../api";
import { Banner } from "./Banner";
import { LoadingCard } from "./LoadingCard";
import { Check } from "./Check";
import { TextField } from "./Field";
import { useSubmit, wholeNumber } from "../hooks/useSubmit";
import { dateTimeVn, dateVn } from "../format";
import { S } from "../strings";

const DEFAULT_KEEP = "14";

/** Admin: this PC's daily backup (folder, how many kept), its last result, and "back up now".
 * A restore needs the app closed, so the card only says how it is done. */
export function BackupSetup() {
  const [status, setStatus] = useState<BackupStatus | null>(null);
  const [enabled, setEnabled] = useState(false);
  const [folder, setFolder] = useState("");
  const [keep, setKeep] = useState(DEFAULT_KEEP);
  const [done, setDone] = useState<string | null>(null);
  const { busy, errors, banner, setBanner, run } = useSubmit();

  const show = (s: BackupStatus) => {
    setStatus(s);
    setEnabled(s.settings !== null);
    if (s.settings) {
      setFolder(s.settings.folder);
      setKeep(String(s.settings.keep));
    }
  };

  useEffect(() => {
    api.backupStatus().then(show, (e) => setBanner(toApiError(e).message));
  }, []);

  const save = (e: Event) => {
    e.preventDefault();
    setDone(null);
    void run(async () => {
      show(await api.backupSettingsSet(enabled ? { folder: folder.trim(), keep: wholeNumber(keep) } : null));
    });
  };

  // The system's folder picker (a USB drive is one click away); the choice still needs "Lưu".
  const pick = () => {
    void run(async () => {
      const chosen = await api.folderPick(S.backup.pickTitle, folder.trim() || null);
      if (chosen !== null) setFolder(chosen);
    });
  };

  const backUpNow = () => {
    setDone(null);
    void run(
      async () => {
        const taken = await api.backupNow();
        setDone(S.backup.done(taken.path, taken.facts.dossiers));
        show(await api.backupStatus());
      },
      () => void api.backupStatus().then(setStatus, () => undefined),
    );
  };

  // Nothing to tick before the PC's setting is read (the answer would untick it).
  if (status === null) {
    return <LoadingCard id="backup-setup" title={S.backup.title} banner={banner} bannerId="backup-error" />;
  }
  const last = status.last;
  return (
    <form class="card" id="backup-setup" onSubmit={save} noValidate>
      <h2>{S.backup.title}</h2>
      <p class="muted small">{S.backup.hint}</p>
      <Banner message={banner} id="backup-error" />
      <Check id="backup-enabled" checked={enabled} onChange={setEnabled}>{S.backup.enabled}</Check>
      {enabled && (
        <>
          <div class="row row-end">
            <TextField
              id="backup-folder"
              label={S.backup.folder}
              field="folder"
              error={errors.folder}
              value={folder}
              onInput={(e) => setFolder(e.currentTarget.value)}
            />
            <button type="button" id="backup-folder-pick" class="btn" disabled={busy} onClick={pick}>
              {S.backup.pick}
            </button>
          </div>
          <TextField
            id="backup-keep"
            label={S.backup.keep}
            field="keep"
            error={errors.keep}
            inputMode="numeric"
            value={keep}
            onInput={(e) => setKeep(e.currentTarget.value)}
          />
        </>
      )}
      <div class="actions">
        <button type="submit" id="backup-save" class="btn btn-primary" disabled={busy}>
          {S.backup.save}
        </button>
        {status.settings && (
          <button type="button" id="backup-now" class="btn" disabled={busy} onClick={backUpNow}>
            {S.backup.now}
          </button>
        )}
      </div>
      <p id="backup-state" role="status" class={last?.error ? "error-text" : done ? "result-ok" : "muted"}>
        {done ??
          (last
            ? last.error
              ? S.backup.lastFailed(dateTimeVn(last.at), last.error)
              : S.backup.lastOk(dateTimeVn(last.at), last.file ?? "")
            : status.settings
              ? null
              : S.backup.off)}
      </p>
      {status.settings && (
        <>
          <h3>{S.backup.list}</h3>
          {status.daily.length === 0 ? (
            <p class="muted" id="backup-list-empty">{S.backup.none}</p>
          ) : (
            <ul id="backup-list" class="small">
              {status.daily.map((d) => (
                <li key={d.file}>
                  {dateVn(d.day)} — <span class="mono">{d.file}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <p class="muted small">{S.backup.restoreHint}</p>
    </form>
  );
}
