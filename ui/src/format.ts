// Formatting and text helpers (dates dd/mm/yyyy, "09:00 ngày 27/11/2026", money).
import type { Processing, Procedure, ProcedurePaper } from "./api";
import { S } from "./strings";

/** Trim and NFC-normalise text before it is sent to the backend. */
export function clean(s: string): string {
  return s.normalize("NFC").trim();
}

/** Splits a textarea into trimmed, NFC, non-empty lines. */
export function lines(s: string): string[] {
  return s
    .split(/\r?\n/)
    .map(clean)
    .filter((l) => l !== "");
}

const pad2 = (n: number) => String(n).padStart(2, "0");

function validYmd(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (y < 1850 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/** "2026-11-27" (or a datetime) → "27/11/2026"; anything else is returned as is. */
export function dateVn(iso: string | null | undefined): string {
  if (!iso) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** "2026-11-27T09:00:00" → "09:00". */
export function timeVn(iso: string | null | undefined): string {
  if (!iso) return "";
  const m = /T(\d{2}):(\d{2})/.exec(iso);
  return m ? `${m[1]}:${m[2]}` : "";
}

/** A UTC instant ("2026-12-02T02:05:00.000Z") as Vietnam time (UTC+7): "09:05 ngày 02/12/2026". */
export function utcToVn(iso: string | null | undefined): string {
  if (!iso) return "";
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const local = new Date(ms + 7 * 3600 * 1000).toISOString().slice(0, 19);
  return dateTimeVn(local);
}

/** "2026-11-27T09:00:00" → "09:00 ngày 27/11/2026". */
export function dateTimeVn(iso: string | null | undefined): string {
  if (!iso) return "";
  const t = timeVn(iso);
  const d = dateVn(iso);
  return t ? S.format.at(t, d) : d;
}

/**
 * Parses what a clerk types as a date: "01/05/2003", "1/5/2003", "01-05-2003",
 * "01.05.2003" or "01052003". Returns "YYYY-MM-DD", or null when not a real date.
 */
export function parseVnDate(s: string): string | null {
  const t = s.trim();
  let d: number, m: number, y: number;
  let r = /^(\d{1,2})[/.\-\s](\d{1,2})[/.\-\s](\d{4})$/.exec(t);
  if (r) {
    d = +r[1];
    m = +r[2];
    y = +r[3];
  } else if ((r = /^(\d{2})(\d{2})(\d{4})$/.exec(t))) {
    d = +r[1];
    m = +r[2];
    y = +r[3];
  } else {
    return null;
  }
  if (!validYmd(y, m, d)) return null;
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** Re-displays a typed date as dd/mm/yyyy when it parses; leaves it alone otherwise. */
export function tidyVnDate(s: string): string {
  const iso = parseVnDate(s);
  return iso ? dateVn(iso) : s;
}

/** 30000 → "30.000 đồng"; 0 → "Không thu phí". */
export function moneyVnd(n: number): string {
  if (!n) return S.format.free;
  const digits = String(Math.round(Math.abs(n)));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return S.format.vnd((n < 0 ? "-" : "") + grouped);
}

export function feeText(p: Procedure): string {
  const base = moneyVnd(p.fee_vnd);
  return p.fee_note ? `${base} — ${p.fee_note}` : base;
}

export function processingText(p: Processing | string | null | undefined): string {
  if (!p) return "";
  if (typeof p === "string") return p;
  switch (p.kind) {
    case "working_days":
      return S.processing.workingDays(p.days);
    case "working_hours":
      return S.processing.workingHours(p.hours);
    case "calendar_days":
      return S.processing.calendarDays(p.days);
    case "same_day":
      return S.processing.sameDay(p.cutoff);
    default:
      return "";
  }
}

export function formLabel(form: string): string {
  return S.paperForm[form] ?? form;
}

export function paperLabel(p: ProcedurePaper): string {
  const base = `${p.name} — ${formLabel(p.form)}`;
  return p.optional ? `${base} ${S.intake.optional}` : base;
}

export function statusLabel(status: string): string {
  return S.status[status] ?? status;
}

export function isTime(s: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(s.trim());
}
