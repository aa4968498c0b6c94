import { useCallback, useEffect, useState } from "preact/hooks";
import { api, setNotLoggedInHandler, toApiError } from "./api";
import type { CounterAction, Integrity, Office, Session } from "./api";
import { Banner } from "./components/Banner";
import { Kbd } from "./components/Kbd";
import { QueueBar } from "./components/QueueBar";
import { SyncLine } from "./components/SyncLine";
import { useSync } from "./hooks/useSync";
import { useQueue } from "./hooks/useQueue";
import { dateVn } from "./format";
import { Admin } from "./screens/Admin";
import { DossierDetail } from "./screens/DossierDetail";
import { Intake } from "./screens/Intake";
import { Login } from "./screens/Login";
import { Queue } from "./screens/Queue";
import { Search } from "./screens/Search";
import { Setup } from "./screens/Setup";
import { Today } from "./screens/Today";
import { Dashboard } from "./screens/Dashboard";
import { Feedback } from "./screens/Feedback";
import { S } from "./strings";

type Phase =
  | { kind: "loading" }
  | { kind: "fatal"; message: string }
  | { kind: "wizard" }
  | { kind: "login"; notice?: string; noticeKind?: "info" | "error" }
  | { kind: "main" };

export type Screen = "intake" | "today" | "search" | "queue" | "feedback" | "dashboard" | "admin";

const INTEGRITY_POLL_MS = 2000;

export function App() {
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });
  const [office, setOffice] = useState<Office | null>(null);
  const [session, setSession] = useState<Session | null>(null);
  const [today, setToday] = useState<string>("");
  const [screen, setScreen] = useState<Screen>("intake");
  const [detailCode, setDetailCode] = useState<string | null>(null);
  // bumped when the detail closes: a step taken there changes today's lists
  const [detailsClosed, setDetailsClosed] = useState(0);
  // bumped when F2 is pressed while the intake screen is already shown
  const [intakeTick, setIntakeTick] = useState(0);
  const [integrity, setIntegrity] = useState<Integrity>({ state: "ok" });
  const queue = useQueue(phase.kind === "main");
  const sync = useSync(phase.kind === "main");
  // What the queue bar says about a dossier linked to the ticket being served.
  const [queueNote, setQueueNote] = useState<{ ok: boolean; text: string } | null>(null);

  const queueAct = useCallback(
    async (action: CounterAction) => {
      setQueueNote(null);
      const out = await api.queueAct(action);
      await queue.refresh();
      // A service finished: the citizen's screen asks how it went (one rating per ticket).
      if (action.action === "finish" && out.ticket?.state === "finished") {
        const t = out.ticket;
        api
          .ratingRequest({ service: { of: "ticket", ticket_id: t.id, label: out.label ?? "" }, dossier_codes: t.dossiers })
          .catch(() => {
            /* rated already, or signed out: nothing to ask */
          });
      }
      return out;
    },
    [queue.refresh],
  );

  // A dossier saved while a ticket is at this counter belongs to that ticket.
  const onDossierSaved = useCallback(
    (code: string) => {
      const p = queue.panel;
      const mine = p?.status.counters.find((c) => c.number === p.counter);
      if (!mine?.current || (mine.current_state !== "called" && mine.current_state !== "serving")) return;
      api.queueAct({ action: "link_dossier", code }).then(
        () => setQueueNote({ ok: true, text: S.queue.done.link_dossier(mine.current ?? "") }),
        (e) => setQueueNote({ ok: false, text: toApiError(e).message }),
      );
    },
    [queue.panel],
  );

  const loadStatus = useCallback(async () => {
    setPhase({ kind: "loading" });
    try {
      const st = await api.appStatus();
      setOffice(st.office);
      setToday(st.today);
      setIntegrity(st.integrity);
      if (!st.setup_done) {
        setPhase({ kind: "wizard" });
      } else if (st.session) {
        setSession(st.session);
        setScreen("intake");
        setPhase({ kind: "main" });
      } else {
        setPhase({ kind: "login" });
      }
    } catch (e) {
      setPhase({ kind: "fatal", message: toApiError(e).message });
    }
  }, []);

  useEffect(() => {
    void loadStatus();
  }, [loadStatus]);

  // Once a screen is painted, tell the shell: its log line is how start-up time is measured.
  const painted = phase.kind === "main" ? screen : phase.kind;
  useEffect(() => {
    if (painted === "loading") return;
    requestAnimationFrame(() => setTimeout(() => void api.uiReady(painted).catch(() => undefined), 0));
  }, [painted]);

  useEffect(() => {
    setNotLoggedInHandler((message) => {
      setSession(null);
      setDetailCode(null);
      setPhase({ kind: "login", notice: message || S.errors.sessionExpired, noticeKind: "error" });
    });
    return () => setNotLoggedInHandler(null);
  }, []);

  // The background integrity check ends a few seconds after start; until then, ask again.
  useEffect(() => {
    if (integrity.state !== "checking") return;
    const timer = setTimeout(() => {
      api.appStatus().then((st) => setIntegrity(st.integrity), () => undefined);
    }, INTEGRITY_POLL_MS);
    return () => clearTimeout(timer);
  }, [integrity]);
  const integrityBanner = integrity.state === "failed" && (
    <div class="integrity-banner">
      <Banner id="integrity-banner" message={integrity.message} />
    </div>
  );

  const isAdmin = session?.role === "admin";
  const isSupervisor = session?.role === "supervisor" || isAdmin;

  const go = useCallback(
    (s: Screen) => {
      if (s === "admin" && !isAdmin) return;
      if (s === "dashboard" && !isSupervisor) return;
      setDetailCode(null);
      if (s === "intake" && screen === "intake") setIntakeTick((t) => t + 1);
      setScreen(s);
    },
    [isAdmin, isSupervisor, screen],
  );

  // F2 / F3 / F4 anywhere in the main layout
  useEffect(() => {
    if (phase.kind !== "main") return;
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const target: Record<string, Screen> = {
        F2: "intake",
        F3: "today",
        F4: "search",
        F6: "queue",
        F7: "feedback",
        F8: "dashboard",
      };
      const s = target[e.key];
      if (s) {
        e.preventDefault();
        go(s);
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [phase.kind, go]);

  const onLoggedIn = async (s: Session) => {
    setSession(s);
    setScreen("intake");
    setDetailCode(null);
    setPhase({ kind: "main" });
    try {
      const st = await api.appStatus();
      setOffice(st.office);
      setToday(st.today);
    } catch {
      /* the header keeps what it had */
    }
  };

  const logout = async () => {
    try {
      await api.logout();
    } catch {
      /* going back to the login screen anyway */
    }
    setSession(null);
    setDetailCode(null);
    setPhase({ kind: "login" });
  };

  switch (phase.kind) {
    case "loading":
      return <div class="center-page"><p class="muted">{S.loading}</p></div>;
    case "fatal":
      return (
        <div class="center-page">
          <div class="card narrow">
            <h1 class="card-title">{S.appName}</h1>
            <Banner message={phase.message} />
            <button type="button" class="btn btn-primary" onClick={() => void loadStatus()}>
              {S.retry}
            </button>
          </div>
        </div>
      );
    case "wizard":
      return (
        <Setup
          onDone={(o, notice) => {
            setOffice(o);
            setPhase({ kind: "login", notice, noticeKind: "info" });
          }}
        />
      );
    case "login":
      return (
        <>
        {integrityBanner}
        <SyncLine sync={sync} />
        <Login
          office={office}
          notice={phase.notice}
          noticeKind={phase.noticeKind}
          onLoggedIn={(s) => void onLoggedIn(s)}
        />
        </>
      );
    case "main":
      break;
  }

  const shown: Screen =
    (screen === "admin" && !isAdmin) || (screen === "dashboard" && !isSupervisor) ? "intake" : screen;
  const navItem = (s: Screen, id: string, label: string, key?: string) => (
    <button
      type="button"
      id={id}
      class={`nav-btn${shown === s ? " active" : ""}`}
      aria-current={shown === s ? "page" : undefined}
      onClick={() => go(s)}
    >
      <span>{label}</span>
      {key && <Kbd>{key}</Kbd>}
    </button>
  );

  return (
    <div class="layout">
      <header class="app-header">
        <div class="brand">
          <span class="brand-app">
            {S.appName}
            {office && <span class="brand-counter"> · {S.header.counter(office.counter_number)}</span>}
          </span>
          <span class="brand-office" title={office?.name}>{office?.name}</span>
        </div>
        <nav class="nav" aria-label={S.nav.label}>
          {navItem("intake", "nav-intake", S.nav.intake, S.nav.keyIntake)}
          {navItem("today", "nav-today", S.nav.today, S.nav.keyToday)}
          {navItem("search", "nav-search", S.nav.search, S.nav.keySearch)}
          {navItem("queue", "nav-queue", S.nav.queue, S.nav.keyQueue)}
          {navItem("feedback", "nav-feedback", S.nav.feedback, S.nav.keyFeedback)}
          {isSupervisor && navItem("dashboard", "nav-dashboard", S.nav.dashboard, S.nav.keyDashboard)}
          {isAdmin && navItem("admin", "nav-admin", S.nav.admin)}
        </nav>
        <div class="user-box">
          {today && <span class="today-date">{S.header.today} {dateVn(today)}</span>}
          <span id="current-user">
            {session?.full_name}
            {session?.role_label && <span class="role"> — {session.role_label}</span>}
          </span>
          <button type="button" id="logout" class="btn btn-header" onClick={() => void logout()}>
            {S.header.logout}
          </button>
        </div>
      </header>
      <main class="content">
        {integrityBanner}
        <SyncLine sync={sync} />
        <QueueBar queue={queue} act={queueAct} note={queueNote} />
        {shown === "intake" && (
          <Intake
            tick={intakeTick}
            userId={session?.user_id ?? ""}
            onOpen={setDetailCode}
            detailOpen={detailCode !== null}
            onSaved={onDossierSaved}
          />
        )}
        {shown === "today" && <Today refresh={detailsClosed} onOpen={setDetailCode} />}
        {shown === "search" && <Search onOpen={setDetailCode} />}
        {shown === "queue" && <Queue queue={queue} />}
        {shown === "feedback" && <Feedback canManage={isSupervisor} />}
        {shown === "dashboard" && isSupervisor && <Dashboard today={today || new Date().toISOString().slice(0, 10)} />}
        {shown === "admin" && isAdmin && (
          <Admin
            counterNumber={office?.counter_number ?? 1}
            onQueueEnrolled={() => void queue.refresh()}
            onCityEnrolled={() => void sync.refresh()}
            onOfficeSaved={setOffice}
          />
        )}
      </main>
      {detailCode !== null && (
        <DossierDetail
          code={detailCode}
          onClose={() => {
            setDetailCode(null);
            setDetailsClosed((n) => n + 1);
          }}
        />
      )}
    </div>
  );
}
