import { useEffect, useRef, useState } from "preact/hooks";
import { api, toApiError } from "../api";
import type { DossierRecord } from "../api";
import { AskRating } from "../components/AskRating";
import { Banner } from "../components/Banner";
import { Kbd } from "../components/Kbd";
import { DossierMails } from "../components/DossierMails";
import { DossierSteps } from "../components/DossierSteps";
import { ReceiptPrint } from "../components/ReceiptPrint";
import { dateTimeVn, dateVn, formLabel, processingText, statusLabel } from "../format";
import { S } from "../strings";
import { useDialogKeys } from "../hooks/useDialogKeys";

interface Props {
  code: string;
  onClose: () => void;
}

/** Overlay with everything about one dossier. Esc or the close button closes it. */
export function DossierDetail({ code, onClose }: Props) {
  const [rec, setRec] = useState<DossierRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  // remember where focus was, give it back on close
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    return () => {
      if (before && document.contains(before)) before.focus();
    };
  }, []);

  const [version, setVersion] = useState(0);
  useEffect(() => {
    let alive = true;
    setError(null);
    api
      .dossierGet(code)
      .then((r) => alive && setRec(r))
      .catch((e) => alive && setError(toApiError(e).message));
    return () => {
      alive = false;
    };
  }, [code, version]);

  useDialogKeys(panelRef, onClose);

  const d = rec?.draft;
  const a = d?.applicant;
  const row = (label: string, value: string | number | null | undefined, id?: string) => (
    <>
      <dt>{label}</dt>
      <dd id={id}>{value === null || value === undefined || value === "" ? "—" : value}</dd>
    </>
  );
  const gender = a?.gender === "male" ? S.intake.male : a?.gender === "female" ? S.intake.female : "";

  return (
    <div class="overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        id="dossier-detail"
        class="detail-panel"
        role="dialog"
        aria-modal="true"
        aria-labelledby="detail-title"
        ref={panelRef}
      >
        <div class="detail-head">
          <div>
            <div class="detail-title" id="detail-title">
              {S.detail.title}
            </div>
            <div id="detail-code" class="detail-code">
              {rec?.code ?? code}
            </div>
          </div>
          {rec && (
            <span id="detail-status" class={`status status-${rec.status}`}>
              {statusLabel(rec.status)}
            </span>
          )}
          <span class="spacer" />
          {rec && <AskRating service={{ of: "dossier", code: rec.code }} />}
          <button type="button" id="detail-close" class="btn btn-secondary" ref={closeRef} onClick={onClose}>
            {S.detail.close} <Kbd>{S.detail.closeKey}</Kbd>
          </button>
        </div>
        <Banner message={error} />
        {rec && <ReceiptPrint code={rec.code} auto={false} />}
        {!rec && !error && <p class="muted">{S.loading}</p>}
        {rec && d && a && (
          <div class="detail-body">
            <section>
              <h3>{S.detail.procedure}</h3>
              <dl class="facts">
                {row(S.detail.procedure, rec.procedure_name, "detail-procedure")}
                {row(S.detail.processing, processingText(rec.processing))}
                {row(S.detail.receivedAt, dateTimeVn(rec.received_at), "detail-received")}
                {row(S.detail.appointmentAt, dateTimeVn(rec.appointment_at), "detail-appointment")}
                {row(S.detail.receivedBy, rec.received_by_name, "detail-received-by")}
                {row(S.detail.counter, rec.counter_number)}
              </dl>
            </section>
            <section>
              <h3>{S.detail.applicant}</h3>
              <dl class="facts">
                {row(
                  S.detail.fullName,
                  a.kind === "organisation" ? `${a.full_name} (${S.detail.kindOrganisation})` : a.full_name,
                  "detail-name",
                )}
                {row(S.detail.idNumber, a.id_number, "detail-id")}
                {a.kind !== "organisation" && row(S.detail.birthDate, dateVn(a.birth_date), "detail-birth")}
                {a.kind !== "organisation" && row(S.detail.gender, gender, "detail-gender")}
                {row(S.detail.address, a.address, "detail-address")}
                {row(S.detail.phone, a.phone, "detail-phone")}
                {row(S.detail.email, a.email, "detail-email")}
              </dl>
            </section>
            <section class="detail-wide">
              <h3>{S.detail.papers}</h3>
              {d.papers.length === 0 ? (
                <p class="muted">{S.detail.papersNone}</p>
              ) : (
                <ul id="detail-papers" class="detail-papers">
                  {d.papers.map((p, i) => (
                    <li key={i}>
                      {p.name} — {formLabel(p.form)}: {S.detail.copies(p.count)}
                    </li>
                  ))}
                </ul>
              )}
              <dl class="facts">
                {row(S.detail.sets, d.sets, "detail-sets")}
                {row(
                  S.detail.returnMethod,
                  d.return_method === "post" ? S.intake.returnPost : S.intake.returnCounter,
                  "detail-return",
                )}
                {d.return_method === "post" && row(S.detail.postalAddress, d.postal_address, "detail-postal")}
                {d.note && row(S.detail.note, d.note)}
              </dl>
            </section>
            <DossierSteps code={rec.code} onChanged={() => setVersion((v) => v + 1)} />
            <DossierMails code={rec.code} version={version} />
          </div>
        )}
      </div>
    </div>
  );
}
