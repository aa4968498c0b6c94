import { useEffect, useState } from "preact/hooks";
import { api, toApiError } from "../api";
import type { DossierSummary } from "../api";
import { Banner } from "../components/Banner";
import { DossierTable } from "../components/DossierTable";
import { DueLists } from "../components/DueLists";
import { LogBookPrint } from "../components/LogBookPrint";
import { S } from "../strings";

interface Props {
  onOpen: (code: string) => void;
  /** changes when the lists may have changed elsewhere (a step taken in the detail) */
  refresh?: number;
}

export function Today({ onOpen, refresh }: Props) {
  const [rows, setRows] = useState<DossierSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  const load = async (focusFirst: boolean) => {
    setError(null);
    setVersion((v) => v + 1);
    try {
      const list = await api.dossiersToday();
      setRows(list);
      if (focusFirst) {
        window.setTimeout(() => {
          const first = document.querySelector<HTMLElement>("#today-list tr.dossier-row");
          (first ?? document.getElementById("today-refresh"))?.focus();
        }, 0);
      }
    } catch (e) {
      setError(toApiError(e).message);
      setRows((r) => r ?? []);
    }
  };

  useEffect(() => {
    void load(true);
  }, []);
  useEffect(() => {
    if (refresh) void load(false);
  }, [refresh]);

  return (
    <section id="today" class="screen" aria-labelledby="today-title">
      <div class="screen-head">
        <h1 id="today-title">{S.today.title}</h1>
        {rows && <span class="muted">{S.today.count(rows.length)}</span>}
        <span class="spacer" />
        <button type="button" id="today-refresh" class="btn btn-secondary" onClick={() => void load(false)}>
          {S.today.refresh}
        </button>
      </div>
      <Banner message={error} />
      <DueLists onOpen={onOpen} version={version} />
      {rows === null && <p class="muted">{S.loading}</p>}
      {rows !== null && (
        <>
          <DossierTable id="today-list" rows={rows} onOpen={onOpen} />
          {rows.length === 0 ? (
            <p class="empty" id="today-empty">{S.today.empty}</p>
          ) : (
            <p class="muted small">{S.table.openHint}</p>
          )}
        </>
      )}
      <LogBookPrint />
    </section>
  );
}
