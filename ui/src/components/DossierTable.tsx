import type { DossierSummary } from "../api";
import { dateTimeVn, statusLabel, timeVn } from "../format";
import { S } from "../strings";

interface Props {
  id: string;
  rows: DossierSummary[];
  onOpen: (code: string) => void;
  /** show the date of reception too (search covers several days) */
  withDate?: boolean;
}

/** Rows are focusable: Enter or click opens the detail, arrows move. */
export function DossierTable({ id, rows, onOpen, withDate }: Props) {
  const onKeyDown = (e: KeyboardEvent, code: string) => {
    const row = e.currentTarget as HTMLTableRowElement;
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      onOpen(code);
    } else if (e.key === "ArrowDown") {
      e.preventDefault();
      (row.nextElementSibling as HTMLElement | null)?.focus();
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      (row.previousElementSibling as HTMLElement | null)?.focus();
    }
  };
  return (
    <table id={id} class="dossier-table">
      <thead>
        <tr>
          <th scope="col" class="col-code">{S.table.code}</th>
          <th scope="col">{S.table.applicant}</th>
          <th scope="col">{S.table.procedure}</th>
          <th scope="col" class="col-time">{S.table.received}</th>
          <th scope="col" class="col-when">{S.table.appointment}</th>
          <th scope="col" class="col-status">{S.table.status}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr
            key={r.code}
            class="dossier-row"
            tabIndex={0}
            data-code={r.code}
            onClick={() => onOpen(r.code)}
            onKeyDown={(e) => onKeyDown(e, r.code)}
          >
            <td class="dossier-code">{r.code}</td>
            <td class="dossier-applicant">{r.applicant_name}</td>
            <td class="dossier-procedure">{r.procedure_name}</td>
            <td class="dossier-received">
              {withDate ? dateTimeVn(r.received_at) : timeVn(r.received_at)}
            </td>
            <td class="dossier-appointment">{dateTimeVn(r.appointment_at)}</td>
            <td class="dossier-status">
              <span class={`status status-${r.status}`}>{statusLabel(r.status)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
