import { useEffect, useState } from "preact/hooks";
import { api, toApiError } from "../api";
import type { DueLists as Lists } from "../api";
import { Banner } from "./Banner";
import { DossierTable } from "./DossierTable";
import { S } from "../strings";

interface Props {
  onOpen: (code: string) => void;
  /** changes when the screen reloads */
  version: number;
}

/** The late dossiers (a warning: each needs an apology) and those due today and next. */
export function DueLists({ onOpen, version }: Props) {
  const [lists, setLists] = useState<Lists | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.dossiersDue().then(
      (l) => {
        setLists(l);
        setError(null);
      },
      (e) => setError(toApiError(e).message),
    );
  }, [version]);

  if (!lists) return <Banner message={error} />;
  const { late, due_today, due_next_working_day } = lists;
  if (late.length + due_today.length + due_next_working_day.length === 0) {
    return (
      <p class="muted" id="due-none">
        {S.due.none}
      </p>
    );
  }
  return (
    <section id="due-lists" aria-label={S.due.title}>
      {late.length > 0 && (
        <>
          <Banner message={S.due.late(late.length)} id="due-late-warning" />
          <DossierTable id="due-late" rows={late} onOpen={onOpen} withDate />
        </>
      )}
      {due_today.length > 0 && (
        <>
          <h2 class="due-title">{S.due.today(due_today.length)}</h2>
          <DossierTable id="due-today" rows={due_today} onOpen={onOpen} withDate />
        </>
      )}
      {due_next_working_day.length > 0 && (
        <>
          <h2 class="due-title">{S.due.next(due_next_working_day.length)}</h2>
          <DossierTable id="due-next" rows={due_next_working_day} onOpen={onOpen} withDate />
        </>
      )}
    </section>
  );
}
