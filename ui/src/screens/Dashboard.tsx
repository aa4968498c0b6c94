import { useEffect, useRef, useState } from "preact/hooks";
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import { api, toApiError } from "../api";
import type { Dashboard as Board, DashboardLine, IsoDate } from "../api";
import { Banner } from "../components/Banner";
import { ReportExport } from "../components/ReportExport";
import { dateTimeVn, dateVn } from "../format";
import { S } from "../strings";

Chart.register(
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

/** The seeds' targets: late below 0.4 %, satisfaction above 80 %. */
const LATE_TARGET = 0.4;
const SATISFACTION_TARGET = 80;

function iso(d: Date): IsoDate {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Preset periods from the office's today (YYYY-MM-DD). */
function presets(today: IsoDate): Record<string, [IsoDate, IsoDate]> {
  const [y, m, d] = today.split("-").map(Number);
  const monthStart = new Date(y, m - 1, 1);
  const monthEnd = new Date(y, m, 0);
  const prevStart = new Date(y, m - 2, 1);
  const prevEnd = new Date(y, m - 1, 0);
  const yearStart = new Date(y, 0, 1);
  return {
    today: [today, today],
    month: [iso(monthStart), iso(monthEnd)],
    previousMonth: [iso(prevStart), iso(prevEnd)],
    year: [iso(yearStart), iso(new Date(y, m - 1, d))],
  };
}

function pct(r: number | null): string {
  return r === null ? "—" : `${r.toLocaleString("vi-VN", { maximumFractionDigits: 2 })} %`;
}

function minutes(m: number | null): string {
  return m === null ? "—" : S.dashboard.minutes(m.toLocaleString("vi-VN", { maximumFractionDigits: 1 }));
}

function Kpi(props: { id: string; label: string; value: string; sub?: string; bad?: boolean }) {
  return (
    <div class={`kpi${props.bad ? " kpi-bad" : ""}`}>
      <div class="kpi-label">{props.label}</div>
      <div class="kpi-value" id={props.id}>{props.value}</div>
      {props.sub && <div class="kpi-sub">{props.sub}</div>}
    </div>
  );
}

function LinesTable({ id, title, lines }: { id: string; title: string; lines: DashboardLine[] }) {
  const t = S.dashboard.columns;
  return (
    <section class="dashboard-table">
      <h2 class="section-title">{title}</h2>
      {lines.length === 0 ? (
        <p class="muted">{S.dashboard.nothing}</p>
      ) : (
        <table id={id} class="dossier-table">
          <thead>
            <tr>
              <th scope="col">{title}</th>
              <th scope="col">{t.received}</th>
              <th scope="col">{t.early}</th>
              <th scope="col">{t.onTime}</th>
              <th scope="col">{t.late}</th>
              <th scope="col">{t.other}</th>
              <th scope="col">{t.pending}</th>
              <th scope="col">{t.pendingLate}</th>
              <th scope="col">{t.onTimeRate}</th>
              <th scope="col">{t.satisfaction}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.key} data-key={l.key}>
                <td>{l.label}</td>
                <td class="num">{l.received}</td>
                <td class="num">{l.resolved_early}</td>
                <td class="num">{l.resolved_on_time}</td>
                <td class="num">{l.resolved_late}</td>
                <td class="num">{l.ended_otherwise}</td>
                <td class="num">{l.pending}</td>
                <td class="num">{l.pending_late}</td>
                <td class="num">{pct(l.on_time_rate)}</td>
                <td class="num">{pct(l.satisfaction_rate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Received per day as a line over resolved early / on time / late as stacked bars. */
function DaysChart({ board }: { board: Board }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const days = board.by_day;
    const chart = new Chart(canvas.current, {
      type: "bar",
      data: {
        labels: days.map((d) => dateVn(d.key).slice(0, 5)),
        datasets: [
          { type: "line", label: S.dashboard.columns.received, data: days.map((d) => d.received), borderColor: "#1f4e8c", backgroundColor: "#1f4e8c" },
          { label: S.dashboard.columns.early, data: days.map((d) => d.resolved_early), backgroundColor: "#2e7d32", stack: "r" },
          { label: S.dashboard.columns.onTime, data: days.map((d) => d.resolved_on_time), backgroundColor: "#81c784", stack: "r" },
          { label: S.dashboard.columns.late, data: days.map((d) => d.resolved_late), backgroundColor: "#c62828", stack: "r" },
        ],
      },
      options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true } } },
    });
    return () => chart.destroy();
  }, [board]);
  return (
    <div class="chart-box">
      <canvas id="dashboard-days-chart" ref={canvas} aria-label={S.dashboard.daysChart} role="img" />
    </div>
  );
}

function SatisfactionChart({ board }: { board: Board }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const s = board.totals.satisfaction;
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: "doughnut",
      data: {
        labels: [S.rating.levels.very_satisfied, S.rating.levels.satisfied, S.rating.levels.dissatisfied],
        datasets: [{ data: [s.very_satisfied, s.satisfied, s.dissatisfied], backgroundColor: ["#2e7d32", "#81c784", "#c62828"] }],
      },
      options: { animation: false, responsive: true, maintainAspectRatio: false },
    });
    return () => chart.destroy();
  }, [board]);
  return (
    <div class="chart-box chart-small">
      <canvas id="dashboard-satisfaction-chart" ref={canvas} aria-label={S.dashboard.satisfactionChart} role="img" />
    </div>
  );
}

/** The supervisor's dashboard: a period's figures, the open dossiers now, charts, breakdowns. */
export function Dashboard({ today }: { today: IsoDate }) {
  const periods = presets(today);
  const [range, setRange] = useState<[IsoDate, IsoDate]>(periods.month);
  const [board, setBoard] = useState<Board | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async (r: [IsoDate, IsoDate]) => {
    // An emptied or half-typed date field: say so here rather than send it.
    if (!/^\d{4}-\d{2}-\d{2}$/.test(r[0]) || !/^\d{4}-\d{2}-\d{2}$/.test(r[1])) {
      setError(S.dashboard.badPeriod);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setBoard(await api.dashboard(r[0], r[1]));
    } catch (e) {
      setError(toApiError(e).message);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    void load(range);
  }, []);

  const pick = (r: [IsoDate, IsoDate]) => {
    setRange(r);
    void load(r);
  };
  const t = board?.totals;
  const resolved = t ? t.resolved_early + t.resolved_on_time + t.resolved_late : 0;
  return (
    <div class="screen dashboard">
      <div class="screen-head">
        <h1 class="screen-title">{S.dashboard.title}</h1>
        <div class="dashboard-period">
          {(Object.keys(periods) as (keyof typeof S.dashboard.presets)[]).map((k) => (
            <button type="button" key={k} id={`dashboard-preset-${k}`} class="btn" onClick={() => pick(periods[k])}>
              {S.dashboard.presets[k]}
            </button>
          ))}
          <label>
            {S.dashboard.from}{" "}
            <input id="dashboard-from" type="date" value={range[0]} onInput={(e) => setRange([e.currentTarget.value, range[1]])} />
          </label>
          <label>
            {S.dashboard.to}{" "}
            <input id="dashboard-to" type="date" value={range[1]} onInput={(e) => setRange([range[0], e.currentTarget.value])} />
          </label>
          <button type="button" id="dashboard-show" class="btn btn-primary" disabled={busy} onClick={() => void load(range)}>
            {S.dashboard.show}
          </button>
        </div>
      </div>
      {error && <Banner id="dashboard-error" message={error} />}
      {board && t && (
        <>
          <p class="muted" id="dashboard-period">
            {S.dashboard.period(dateVn(board.start), dateVn(range[1]), dateTimeVn(board.now))}
          </p>
          <div class="kpis">
            <Kpi id="dashboard-received" label={S.dashboard.received} value={String(t.received)} />
            <Kpi
              id="dashboard-resolved"
              label={S.dashboard.resolved}
              value={String(resolved)}
              sub={S.dashboard.resolvedSplit(t.resolved_early, t.resolved_on_time, t.resolved_late)}
            />
            <Kpi id="dashboard-on-time-rate" label={S.dashboard.onTimeRate} value={pct(t.on_time_rate)} />
            <Kpi
              id="dashboard-late-rate"
              label={S.dashboard.lateRate}
              value={pct(t.late_rate)}
              sub={S.dashboard.lateTarget}
              bad={t.late_rate !== null && t.late_rate >= LATE_TARGET}
            />
            <Kpi
              id="dashboard-pending"
              label={S.dashboard.pending}
              value={String(board.pending.open)}
              sub={S.dashboard.pendingSplit(board.pending.late, board.pending.due_today, board.pending.due_next_working_day, board.pending.waiting_supplement)}
              bad={board.pending.late > 0}
            />
            <Kpi
              id="dashboard-feedback"
              label={S.dashboard.feedback}
              value={String(board.feedback.received)}
              sub={S.dashboard.feedbackSplit(board.feedback.answered_on_time, board.feedback.answered_late, board.feedback.overdue)}
              bad={board.feedback.overdue > 0}
            />
            <Kpi
              id="dashboard-satisfaction-rate"
              label={S.dashboard.satisfaction}
              value={pct(t.satisfaction_rate)}
              sub={S.dashboard.satisfactionSplit(t.satisfaction.very_satisfied + t.satisfaction.satisfied + t.satisfaction.dissatisfied)}
              bad={t.satisfaction_rate !== null && t.satisfaction_rate <= SATISFACTION_TARGET}
            />
            <Kpi
              id="dashboard-queue"
              label={S.dashboard.queue}
              value={String(board.queue.issued)}
              sub={S.dashboard.queueSplit(board.queue.served, board.queue.no_show, minutes(board.queue.average_wait_minutes), minutes(board.queue.average_service_minutes))}
            />
          </div>
          <div class="charts">
            <DaysChart board={board} />
            <SatisfactionChart board={board} />
          </div>
          <LinesTable id="dashboard-by-field" title={S.dashboard.byField} lines={board.by_field} />
          <LinesTable id="dashboard-by-procedure" title={S.dashboard.byProcedure} lines={board.by_procedure} />
          <LinesTable id="dashboard-by-clerk" title={S.dashboard.byClerk} lines={board.by_clerk} />
        </>
      )}
      <ReportExport range={range} />
    </div>
  );
}
