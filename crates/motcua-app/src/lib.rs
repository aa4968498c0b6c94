//! The counter's use cases, behind both the desktop shell and the `motcua` CLI.
//!
//! Each public method of [`CounterApp`] is one thing a clerk, supervisor or admin does. It
//! checks the session's role, validates input with the domain crate, and writes through the
//! store's one write path. The Tauri shell only forwards to these methods, so everything here
//! is testable without a window.

mod backups;
mod clock;
mod dashboard;
pub mod dto;
mod error;
mod feedback;
mod forms;
mod hosting;
mod lifecycle;
mod mail;
mod papers;
mod queue;
mod reports;
pub mod screens;
mod seed;
mod support;
mod sync;
mod updates;
mod worker;

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime};

use motcua_domain::calendar::WorkCalendar;
use motcua_domain::catalog::{Catalog, Procedure};
use motcua_domain::cccd::{self, CardData};
use motcua_domain::dossier::DossierDraft;
use motcua_domain::office::OfficeProfile;
use motcua_domain::text;
use motcua_store::{Actor, Change, DossierRecord, DossierSummary, Maintenance, NewDossier, Role, StartupCheck, Store};

pub use backups::{BackupAttempt, BackupStatus, DailyBackup};
pub use clock::{Clock, FixedClock, OfficeClock, office_or_test_clock};
pub use dashboard::RatingRequest;
pub use dto::{
    AppStatus, AppointmentPreview, CatalogFormat, ImportSummary, IntegrityInfo, NewUser, OfficeSetup, SessionInfo,
    UserInfo,
};
pub use error::AppError;
pub use feedback::FeedbackDue;
pub use hosting::HostingInfo;
pub use lifecycle::DueLists;
pub use mail::MailSetup;
pub use motcua_print::forms::FormEntry;
pub use motcua_sync::{PullReport, PushReport, RoundReport};
pub use papers::Printed;
pub use queue::{CounterAction, IssuedTicket, QueuePanel};
pub use reports::{ReportFormat, ReportRequest};
pub use support::{SUMMARY_NAME, SupportBundle};
pub use sync::SyncStatus;

/// The queue types the shell passes through to the UI unchanged.
pub mod queue_types {
    pub use motcua_queue::discovery::FoundHub;
    pub use motcua_queue::{Outcome, QueueStatus};
}

/// The logged-in user: who the op log records as making each change.
#[derive(Debug, Clone)]
struct Session {
    actor: Actor,
    role: Role,
    username: String,
}

struct State {
    store: Store,
    session: Option<Session>,
    /// The satisfaction rating waiting for the citizen (dashboard.rs).
    rating_request: Option<dashboard::RatingRequest>,
}

/// One counter app over one store. `Sync`: the shell shares it between command threads.
pub struct CounterApp {
    /// Shared with the sync thread, which takes the store between network calls.
    state: Arc<Mutex<State>>,
    clock: Box<dyn Clock>,
    /// The store's background thread (integrity check, WAL checkpoints), at the counter only.
    maintenance: Mutex<Option<Maintenance>>,
    /// The queue hub's client, once used.
    hub: Mutex<queue::HubConnection>,
    /// What the last poll of the hub found, so the log tells each change once.
    hub_health: queue::HubHealth,
    /// The office's queue hub, when this PC hosts it.
    hosted: Mutex<hosting::HostedHub>,
    /// The city sync thread, once this PC is enrolled with a city server.
    sync: Mutex<Option<motcua_sync::SyncRunner>>,
    /// The daily backup thread, at the counter only.
    daily_backups: Mutex<Option<worker::Worker>>,
    mailer: Mutex<Option<worker::Worker>>,
    /// The last backup attempt of this run, for the admin screen.
    last_backup: backups::LastAttempt,
    /// Held while papers go to printers, so an update never installs under one.
    printing: updates::Printing,
}

/// When the deferred integrity check starts: after the first screen has been drawn.
const CHECK_AFTER: Duration = Duration::from_secs(3);
/// How often the WAL is folded into the database off the save path.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(2);

/// How many rows a search or a list returns at most: a screen's worth.
pub const LIST_LIMIT: usize = 50;

impl CounterApp {
    /// Opens the store at `path` with the office's real clock.
    pub fn open(path: &Path) -> Result<CounterApp, AppError> {
        Self::open_with_clock(path, Box::new(OfficeClock))
    }

    pub fn open_with_clock(path: &Path, clock: Box<dyn Clock>) -> Result<CounterApp, AppError> {
        let store = Store::open(path)?;
        Ok(CounterApp {
            state: Arc::new(Mutex::new(State { store, session: None, rating_request: None })),
            clock,
            maintenance: Mutex::new(None),
            hub: Mutex::new(None),
            hub_health: Default::default(),
            hosted: Mutex::new(hosting::HostedHub::Stopped),
            sync: Mutex::new(None),
            daily_backups: Mutex::new(None),
            mailer: Mutex::new(None),
            last_backup: Default::default(),
            printing: Default::default(),
        })
    }

    /// The desktop app's way: the window must come up fast on a year of dossiers, so a file
    /// that was closed cleanly is checked on the store's maintenance thread instead of before
    /// the first screen (a file left unclean is still checked here, before anything else).
    pub fn open_at_counter(path: &Path) -> Result<CounterApp, AppError> {
        let store = Store::open_with(path, StartupCheck::AfterCleanClose)?;
        let maintenance = store.start_maintenance(CHECK_AFTER, CHECKPOINT_EVERY)?;
        Ok(CounterApp {
            state: Arc::new(Mutex::new(State { store, session: None, rating_request: None })),
            clock: clock::office_or_test_clock(),
            maintenance: Mutex::new(Some(maintenance)),
            hub: Mutex::new(None),
            hub_health: Default::default(),
            hosted: Mutex::new(hosting::HostedHub::Stopped),
            sync: Mutex::new(None),
            daily_backups: Mutex::new(None),
            mailer: Mutex::new(None),
            last_backup: Default::default(),
            printing: Default::default(),
        })
    }

    /// Before the process exits (Tauri ends it without running destructors): stops the
    /// maintenance thread and empties the WAL into the database, so the next start sees a
    /// clean file.
    pub fn shut_down(&self) {
        self.stop_hosting();
        self.stop_sync();
        self.stop_daily_backups();
        self.stop_mailer();
        drop(self.maintenance.lock().unwrap_or_else(|p| p.into_inner()).take());
        match self.lock().store.fold_wal() {
            Ok(()) => tracing::info!("store closed cleanly"),
            Err(e) => tracing::warn!(error = %e, "could not fold the WAL at exit; the next start checks the file"),
        }
    }

    /// For the CLI: the IT officer at the keyboard acts with admin rights, recorded in the op
    /// log under the operating-system account (whoever can run the CLI can read the file).
    pub fn with_cli_session(self) -> CounterApp {
        self.lock().session = Some(Session { actor: Actor::cli(), role: Role::Admin, username: "cli".into() });
        self
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the store half-written (SQLite rolls the
        // transaction back), so the state stays usable.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn now(&self) -> NaiveDateTime {
        self.clock.now()
    }

    pub fn status(&self) -> Result<AppStatus, AppError> {
        let st = self.lock();
        let office = st.store.office()?;
        Ok(AppStatus {
            setup_done: office.is_some() && st.store.user_count()? > 0,
            office,
            session: st.session.as_ref().map(SessionInfo::from_session_parts),
            today: self.clock.now().date(),
            integrity: IntegrityInfo::from(st.store.integrity()),
        })
    }

    // ── First run ────────────────────────────────────────────────────────────────────────

    /// The first-run wizard: office profile, the first admin account, and the bundled sample
    /// catalog and calendar exceptions, in one transaction. Refused once the office exists.
    pub fn setup_office(&self, setup: OfficeSetup) -> Result<OfficeProfile, AppError> {
        let office = setup.office.normalised();
        let mut problems = office.validate().err().unwrap_or_default();
        let admin = setup.admin.normalised();
        if let Err(p) = admin.validate() {
            problems.0.extend(p.0.into_iter().map(|mut e| {
                e.field = format!("admin.{}", e.field);
                e
            }));
        }
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems));
        }
        let mut st = self.lock();
        if st.store.office()?.is_some() {
            return Err(AppError::AlreadySetUp);
        }
        let admin_record = admin.into_record(Role::Admin, &local_stamp(&self.clock.now()))?;
        let actor = Actor { user_id: admin_record.id.clone(), display_name: admin_record.full_name.clone() };
        let mut changes = vec![Change::OfficeConfigured(office.clone()), Change::UserCreated(admin_record)];
        changes.extend(seed::bundled_catalog()?.procedures.into_iter().map(Change::ProcedureUpserted));
        changes.extend(seed::bundled_calendar_exceptions()?.into_iter().map(Change::CalendarExceptionsSet));
        st.store.commit_batch(&actor, changes)?;
        tracing::info!(unit = %office.unit_code, counter = office.counter_number, "office set up");
        Ok(office)
    }

    /// The admin corrects the office's data after the first run: name, address, place name,
    /// this PC's counter number, hotlines and complaint channels (printed on every receipt and
    /// ticket from now on). The unit code stays: every dossier code and the city server know
    /// the office by it.
    pub fn update_office(&self, office: OfficeProfile) -> Result<OfficeProfile, AppError> {
        let office = office.normalised();
        office.validate().map_err(AppError::Invalid)?;
        let mut st = self.lock();
        let s = Self::session(&st, &[Role::Admin])?;
        let current = st.store.require_office()?;
        if office.unit_code != current.unit_code {
            return Err(AppError::field(
                "unit_code",
                "Mã đơn vị không đổi được sau khi thiết lập: mã hồ sơ và máy chủ thành phố dùng mã này",
            ));
        }
        st.store.commit(&s.actor, Change::OfficeConfigured(office.clone()))?;
        tracing::info!(unit = %office.unit_code, counter = office.counter_number, "office data updated");
        Ok(office)
    }

    // ── Sessions ─────────────────────────────────────────────────────────────────────────

    pub fn login(&self, username: &str, password: &str) -> Result<SessionInfo, AppError> {
        let mut st = self.lock();
        let user = st.store.user_by_username(username)?.filter(|u| u.active);
        let Some(user) = user.filter(|u| motcua_store::password::verify_password(password, &u.password_hash)) else {
            tracing::warn!("login refused");
            return Err(AppError::BadLogin);
        };
        let actor = Actor { user_id: user.id.clone(), display_name: user.full_name.clone() };
        record_session_op(&mut st.store, &actor, Change::UserLoggedIn { user_id: user.id.clone() })?;
        let session = Session { actor, role: user.role, username: user.username.clone() };
        let info = SessionInfo::from_session_parts(&session);
        st.session = Some(session);
        tracing::info!(user = %user.id, role = user.role.as_str(), "logged in");
        Ok(info)
    }

    pub fn logout(&self) -> Result<(), AppError> {
        let mut st = self.lock();
        // A rating asked for by this clerk is not the next clerk's to receive.
        st.rating_request = None;
        if let Some(s) = st.session.take() {
            record_session_op(&mut st.store, &s.actor, Change::UserLoggedOut { user_id: s.actor.user_id.clone() })?;
        }
        Ok(())
    }

    fn session(st: &State, allowed: &[Role]) -> Result<Session, AppError> {
        let s = st.session.clone().ok_or(AppError::NotLoggedIn)?;
        if allowed.contains(&s.role) { Ok(s) } else { Err(AppError::Forbidden) }
    }

    // ── Admin ────────────────────────────────────────────────────────────────────────────

    pub fn create_user(&self, new: NewUser, role: Role) -> Result<UserInfo, AppError> {
        let new = new.normalised();
        new.validate().map_err(AppError::Invalid)?;
        let mut st = self.lock();
        let s = Self::session(&st, &[Role::Admin])?;
        if st.store.user_by_username(&new.username)?.is_some() {
            let mut p = motcua_domain::validation::Problems::default();
            p.add("username", "Tên đăng nhập đã có người dùng");
            return Err(AppError::Invalid(p));
        }
        let record = new.into_record(role, &local_stamp(&self.clock.now()))?;
        let info = UserInfo::from(&record);
        st.store.commit(&s.actor, Change::UserCreated(record))?;
        Ok(info)
    }

    pub fn users(&self) -> Result<Vec<UserInfo>, AppError> {
        let st = self.lock();
        Self::session(&st, &[Role::Admin])?;
        Ok(st.store.users()?.iter().map(UserInfo::from).collect())
    }

    /// Imports a catalog file: new codes are added, known codes updated in place; dossiers
    /// keep their procedure. All or nothing.
    pub fn import_catalog(&self, content: &str, format: CatalogFormat) -> Result<ImportSummary, AppError> {
        let catalog = match format {
            CatalogFormat::Json => Catalog::from_json(content),
            CatalogFormat::Csv => Catalog::from_csv(content),
        }
        .map_err(|e| AppError::Catalog(e.to_string()))?;
        let mut st = self.lock();
        let s = Self::session(&st, &[Role::Admin])?;
        let mut summary = ImportSummary::default();
        for p in &catalog.procedures {
            if st.store.procedure(&p.code)?.is_some() { summary.updated += 1 } else { summary.created += 1 }
        }
        st.store.commit_batch(&s.actor, catalog.procedures.into_iter().map(Change::ProcedureUpserted).collect())?;
        tracing::info!(created = summary.created, updated = summary.updated, "catalog imported");
        Ok(summary)
    }

    pub fn export_catalog(&self, format: CatalogFormat) -> Result<String, AppError> {
        let st = self.lock();
        Self::session(&st, &[Role::Admin, Role::Supervisor])?;
        let catalog =
            Catalog { version: String::new(), sample: false, note: String::new(), procedures: st.store.procedures()? };
        Ok(match format {
            CatalogFormat::Json => catalog.to_json(),
            CatalogFormat::Csv => catalog.to_csv(),
        })
    }

    // ── Intake ───────────────────────────────────────────────────────────────────────────

    /// Visible procedures whose code, name or field contains every word of `query`, folded
    /// (so "dang ky ket hon" finds "Đăng ký kết hôn").
    pub fn search_procedures(&self, query: &str) -> Result<Vec<Procedure>, AppError> {
        let st = self.lock();
        Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
        let folded = text::fold(query);
        let words: Vec<&str> = text::words(&folded).collect();
        let mut found: Vec<(usize, Procedure)> = st
            .store
            .procedures()?
            .into_iter()
            .filter(|p| !p.hidden)
            .filter_map(|p| {
                let key = p.search_key();
                let keywords: Vec<&str> = text::words(&key).collect();
                let all = words.iter().all(|w| keywords.iter().any(|k| k.starts_with(w)));
                // Names that start with the query come first: "khai sinh" → "Đăng ký khai sinh"
                // before "Đăng ký lại khai sinh".
                let rank = key.find(&words.join(" ")).unwrap_or(usize::MAX);
                all.then_some((rank, p))
            })
            .collect();
        found.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.name.cmp(&b.1.name)));
        Ok(found.into_iter().map(|(_, p)| p).take(LIST_LIMIT).collect())
    }

    pub fn procedure(&self, code: &str) -> Result<Procedure, AppError> {
        let st = self.lock();
        Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
        st.store.procedure(code)?.ok_or(AppError::NotFound("thủ tục"))
    }

    /// Reads a scanned CCCD QR line. Errors are Vietnamese, for the field.
    pub fn parse_cccd(&self, line: &str) -> Result<CardData, AppError> {
        cccd::parse_qr(line).map_err(|e| {
            tracing::info!(fields = line.split('|').count(), len = line.chars().count(), "QR line refused");
            AppError::field("id_number", e.to_string())
        })
    }

    /// Checks an ID number as the clerk types it, against the birth date and gender if known.
    pub fn check_id_number(
        &self,
        id: &str,
        birth: Option<NaiveDate>,
        gender: Option<cccd::Gender>,
    ) -> Result<(), AppError> {
        let id: String = id.chars().filter(|c| !c.is_whitespace()).collect();
        cccd::check_id_number(&id, birth, gender).map_err(|e| AppError::field("id_number", e.to_string()))
    }

    fn work_calendar(store: &Store, office: &OfficeProfile) -> Result<WorkCalendar, AppError> {
        Ok(WorkCalendar::new(office.hours.clone(), store.calendar_exceptions()?))
    }

    /// The appointment a dossier of `procedure_code` would get if saved at `at` (now if None).
    pub fn appointment_preview(
        &self,
        procedure_code: &str,
        at: Option<NaiveDateTime>,
    ) -> Result<AppointmentPreview, AppError> {
        let st = self.lock();
        Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
        let office = st.store.require_office()?;
        let procedure = st.store.procedure(procedure_code)?.ok_or(AppError::NotFound("thủ tục"))?;
        let received_at = at.unwrap_or_else(|| self.clock.now());
        let calendar = Self::work_calendar(&st.store, &office)?;
        Ok(AppointmentPreview {
            received_at,
            appointment_at: calendar.appointment(received_at, &procedure.processing),
            processing_text: procedure.processing.describe_vi(),
        })
    }

    /// Saves a walk-in dossier. Returns once it is durably on disk, with its code.
    pub fn create_dossier(&self, draft: DossierDraft) -> Result<DossierRecord, AppError> {
        let draft = draft.normalised();
        let mut st = self.lock();
        let s = Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
        let office = st.store.require_office()?;
        let now = self.clock.now();
        let procedure = match st.store.procedure(&draft.procedure_code)? {
            Some(p) => p,
            None => return Err(AppError::field("procedure_code", "Chưa chọn thủ tục hành chính")),
        };
        draft.validate(&procedure, now.date()).map_err(AppError::Invalid)?;
        let calendar = Self::work_calendar(&st.store, &office)?;
        let appointment_at = calendar.appointment(now, &procedure.processing);
        let record = st.store.receive_dossier(
            &s.actor,
            &office,
            NewDossier {
                draft,
                procedure_name: procedure.name.clone(),
                processing: procedure.processing,
                received_at: now,
                appointment_at,
            },
        )?;
        tracing::info!(code = %record.code, procedure = %procedure.code, "dossier received");
        Ok(record)
    }

    pub fn dossiers_received_on(&self, day: Option<NaiveDate>) -> Result<Vec<DossierSummary>, AppError> {
        let st = self.lock();
        Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
        Ok(st.store.dossiers_received_on(day.unwrap_or_else(|| self.clock.now().date()))?)
    }

    pub fn search_dossiers(&self, query: &str) -> Result<Vec<DossierSummary>, AppError> {
        let st = self.lock();
        Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
        Ok(st.store.search_dossiers(query, LIST_LIMIT)?)
    }

    pub fn dossier(&self, code: &str) -> Result<DossierRecord, AppError> {
        let st = self.lock();
        Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
        st.store.dossier_by_code(code)?.ok_or(AppError::NotFound("hồ sơ"))
    }

    /// The office's working calendar (hours and exceptions from the store).
    pub fn calendar(&self) -> Result<WorkCalendar, AppError> {
        let st = self.lock();
        let office = st.store.require_office()?;
        Self::work_calendar(&st.store, &office)
    }

    /// Loads a year's official exceptions (admin; later pushed by the city server).
    pub fn set_calendar_exceptions(
        &self,
        exceptions: motcua_domain::calendar::CalendarExceptions,
    ) -> Result<(), AppError> {
        exceptions.validate().map_err(|m| AppError::field("calendar", m))?;
        let mut st = self.lock();
        let s = Self::session(&st, &[Role::Admin])?;
        st.store.commit(&s.actor, Change::CalendarExceptionsSet(exceptions))?;
        Ok(())
    }
}

/// Logging in and out are recorded in the op log. A damaged file refuses every write, but
/// the clerk must still be able to log in and look dossiers up (to answer citizens while IT
/// restores the file), so there the session goes on and only the log file records it.
fn record_session_op(store: &mut Store, actor: &Actor, change: Change) -> Result<(), AppError> {
    match store.commit(actor, change) {
        Ok(_) => Ok(()),
        Err(e @ motcua_store::StoreError::Corrupt { .. }) => {
            tracing::warn!(user = %actor.user_id, error = %e, "session change not recorded: the database refuses writes");
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

/// Office local time as account records keep it.
fn local_stamp(t: &chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}
