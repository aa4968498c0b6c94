import { useEffect, useState } from "preact/hooks";
import { api, toApiError } from "../api";
import type { CityLink, SyncNotApplied, SyncRejection } from "../api";
import { utcToVn } from "../format";
import { Banner } from "./Banner";
import { TextField } from "./Field";
import { useSubmit } from "../hooks/useSubmit";
import { S } from "../strings";

/** Admin: enrols this PC with the city server, once, with the one-time code the city issued.
 * The code is not left on screen, whether the server took it or not. */
export function CitySetup({ onEnrolled }: { onEnrolled: () => void }) {
  const [link, setLink] = useState<CityLink | null>(null);
  const [url, setUrl] = useState("");
  const [code, setCode] = useState("");
  const [rejections, setRejections] = useState<SyncRejection[]>([]);
  const [notApplied, setNotApplied] = useState<SyncNotApplied[]>([]);
  const { busy, errors, banner, setBanner, run } = useSubmit();

  useEffect(() => {
    api.syncStatus().then((s) => {
      setLink(s.link);
      if (s.link) setUrl(s.link.server_url);
    }, (e) => setBanner(toApiError(e).message));
    api.syncRejections().then(setRejections, () => setRejections([]));
    api.syncNotApplied().then(setNotApplied, () => setNotApplied([]));
  }, []);

  const enrol = (e: Event) => {
    e.preventDefault();
    void run(
      async () => {
        setLink(await api.syncEnrol(url, code));
        setCode("");
        onEnrolled();
      },
      () => setCode(""),
    );
  };

  return (
    <form class="card" id="city-setup" onSubmit={enrol} noValidate>
      <h2>{S.sync.setupTitle}</h2>
      <p class="muted small">{S.sync.setupHint}</p>
      <Banner message={banner} id="city-setup-error" />
      {link && (
        <p id="city-enrolled" class="result-ok" role="status">
          {S.sync.enrolled(link.office_name, link.office_unit_code, link.server_url)}
        </p>
      )}
      <CityAddressFields idPrefix="city" url={url} code={code} errors={errors} onUrl={setUrl} onCode={setCode} />
      <OpTable
        id="sync-rejections"
        title={S.sync.rejectedTitle}
        hint={S.sync.rejectedHint}
        rows={rejections.map((r) => ({ id: r.op_id, at: r.at, kind: r.kind, why: r.message }))}
      />
      <OpTable
        id="sync-not-applied"
        title={S.sync.notAppliedTitle}
        hint={S.sync.notAppliedHint}
        rows={notApplied.map((n) => ({ id: n.op_id, at: n.at, kind: n.kind, why: n.explanation }))}
      />
      <div class="actions">
        <button type="submit" id="city-enrol" class="btn btn-primary" disabled={busy}>
          {busy ? S.sync.enrolling : S.sync.enrol}
        </button>
      </div>
    </form>
  );
}

interface OpRow {
  id: string;
  /** UTC, RFC 3339 */
  at: string;
  kind: string;
  why: string;
}

/** Ops of the sync the admin should know about (refused by the server, or pulled and not
 * applied here), newest first; nothing shown when there are none. */
function OpTable({ id, title, hint, rows }: { id: string; title: string; hint: string; rows: OpRow[] }) {
  if (rows.length === 0) return null;
  return (
    <div id={id}>
      <h3>{title}</h3>
      <p class="muted small">{hint}</p>
      <table class="data-table">
        <thead>
          <tr>
            <th>{S.sync.rejectedWhen}</th>
            <th>{S.sync.rejectedKind}</th>
            <th>{S.sync.rejectedWhy}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-op={r.id}>
              <td>{utcToVn(r.at)}</td>
              <td>{S.sync.opKinds[r.kind] ?? r.kind}</td>
              <td>{r.why}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface CityAddressProps {
  /** ids are `${idPrefix}-url` and `${idPrefix}-code` */
  idPrefix: string;
  url: string;
  code: string;
  errors: Record<string, string>;
  onUrl: (url: string) => void;
  onCode: (code: string) => void;
}

/** The city server's address and a one-time enrolment code: enrolling from Quản trị and
 * joining an office at first run ask for the same two things. */
export function CityAddressFields({ idPrefix, url, code, errors, onUrl, onCode }: CityAddressProps) {
  return (
    <>
      <TextField
        id={`${idPrefix}-url`}
        label={S.sync.serverUrl}
        field="server_url"
        error={errors.server_url}
        placeholder="https://motcua.hanoi.gov.vn"
        spellcheck={false}
        value={url}
        onInput={(e) => onUrl(e.currentTarget.value)}
      />
      <TextField
        id={`${idPrefix}-code`}
        label={S.sync.code}
        field="code"
        error={errors.code}
        placeholder="ABCD-EFGH-JKMN"
        spellcheck={false}
        autocomplete="off"
        value={code}
        onInput={(e) => onCode(e.currentTarget.value)}
      />
    </>
  );
}
