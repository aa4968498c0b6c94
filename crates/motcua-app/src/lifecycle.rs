//! A dossier's life after reception at the counter: its steps, and the lists of dossiers late
//! or due soon.

use chrono::NaiveDateTime;
use serde::Serialize;

use motcua_domain::lifecycle::{Lifecycle, Step};
use motcua_store::{Change, DossierHistory, DossierSummary, Role};

use crate::{AppError, CounterApp};

/// The dossiers that need the office's attention now, each list soonest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueLists {
    /// When the lists were made (office local time).
    pub now: NaiveDateTime,
    /// Past their deadline and not resolved: each needs an apology with a new date.
    pub late: Vec<DossierSummary>,
    /// Due later today.
    pub due_today: Vec<DossierSummary>,
    /// Due on the next working day (after a weekend or a holiday too).
    pub due_next_working_day: Vec<DossierSummary>,
}

/// How many dossiers a due list shows at most (the supervisor's dashboard counts them all).
const DUE_LIST_LIMIT: usize = 500;

impl CounterApp {
    /// Records a step of dossier `code`, now, as the logged-in user. A supplement received
    /// restarts the deadline from now on the office's calendar: any `due_at` that step carries
    /// is replaced.
    pub fn record_step(&self, code: &str, step: Step) -> Result<Lifecycle, AppError> {
        let mut st = self.lock();
        let s = Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
        let now = self.clock.now();
        let step = match step {
            Step::SupplementReceived { note, .. } => {
                let record = st.store.dossier_by_code(code)?.ok_or(AppError::NotFound("hồ sơ"))?;
                let office = st.store.require_office()?;
                let calendar = Self::work_calendar(&st.store, &office)?;
                Step::SupplementReceived { due_at: calendar.appointment(now, &record.processing), note }
            }
            other => other,
        };
        let kind = step.kind();
        // An apology goes by email too when the citizen gave an address: queued with the step.
        let mail: Vec<Change> = match &step {
            Step::Apologised { reason, new_appointment_at } => st
                .store
                .dossier_by_code(code)?
                .and_then(|record| Self::apology_mail(&record, reason, *new_appointment_at, now))
                .into_iter()
                .collect(),
            _ => Vec::new(),
        };
        let queued = !mail.is_empty();
        let lifecycle = st.store.record_step_with(&s.actor, code, step, now, mail)?;
        if queued {
            drop(st);
            self.wake_mailer();
        }
        tracing::info!(code = %code.trim().to_uppercase(), step = kind, status = lifecycle.status.as_str(), "dossier step");
        Ok(lifecycle)
    }

    /// Where dossier `code` stands and every step it took (the process-control sheet).
    pub fn dossier_history(&self, code: &str) -> Result<DossierHistory, AppError> {
        let st = self.lock();
        Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
        st.store.dossier_history(code)?.ok_or(AppError::NotFound("hồ sơ"))
    }

    /// The late dossiers and those due today and on the next working day.
    pub fn due_lists(&self) -> Result<DueLists, AppError> {
        let st = self.lock();
        Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
        let office = st.store.require_office()?;
        let calendar = Self::work_calendar(&st.store, &office)?;
        let now = self.clock.now();
        let today = now.date();
        let next_day = calendar.next_working_day(today);
        let end_of = |d: chrono::NaiveDate| d.and_hms_opt(23, 59, 59).unwrap_or(now);
        let mut lists = DueLists { now, late: vec![], due_today: vec![], due_next_working_day: vec![] };
        for d in st.store.open_dossiers_due_by(end_of(next_day))? {
            let list = if d.due_at < now {
                &mut lists.late
            } else if d.due_at.date() == today {
                &mut lists.due_today
            } else {
                &mut lists.due_next_working_day
            };
            if list.len() < DUE_LIST_LIMIT {
                list.push(d);
            }
        }
        Ok(lists)
    }
}
