//! The supervisor's dashboard (today or any period) and the citizen's satisfaction rating.
//!
//! A rating is asked for after a service (a queue ticket finished, a dossier received or
//! returned): the clerk's window asks, the citizen-facing screen (a second window) shows the
//! choices, and the answer is recorded for the clerk signed in and the service's procedure.
//! One question waits at a time; a new one replaces it (the clerk moved on).

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use motcua_domain::satisfaction::{RatedService, RatingDraft};
use motcua_store::{Dashboard, DeadlineCutoffs, RatingRecord, Role, StoreError};

use crate::{AppError, CounterApp};

/// The longest period a dashboard covers (a year and a day: any calendar year).
const MAX_PERIOD_DAYS: i64 = 366;

/// A service is rated once (the store refuses a second rating too).
const ALREADY_RATED: &str = "Dịch vụ này đã được người dân đánh giá.";

/// A rating the clerk asked for, waiting for the citizen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingRequest {
    pub service: RatedService,
    /// The dossiers registered during the service (a ticket's), or the rated dossier: the
    /// first one's procedure is the rating's.
    #[serde(default)]
    pub dossier_codes: Vec<String>,
}

impl CounterApp {
    /// The dashboard of the days `start..=end` (both included), with the open dossiers as of
    /// now; for a supervisor or an admin.
    pub fn dashboard(&self, start: NaiveDate, end: NaiveDate) -> Result<Dashboard, AppError> {
        if end < start {
            return Err(AppError::field("end", "Ngày cuối phải sau hoặc bằng ngày đầu của kỳ."));
        }
        if (end - start).num_days() >= MAX_PERIOD_DAYS {
            return Err(AppError::field("end", "Kỳ xem tối đa một năm; hãy chọn kỳ ngắn hơn."));
        }
        let st = self.lock();
        Self::session(&st, &[Role::Admin, Role::Supervisor])?;
        let office = st.store.require_office()?;
        let calendar = Self::work_calendar(&st.store, &office)?;
        let now = self.clock.now();
        let end_of = |d: NaiveDate| d.succ_opt().unwrap_or(d).and_time(NaiveTime::MIN);
        let cut = DeadlineCutoffs {
            now,
            end_of_today: end_of(now.date()),
            end_of_next_working_day: end_of(calendar.next_working_day(now.date())),
        };
        let board = st.store.dashboard(start, end.succ_opt().unwrap_or(end), cut)?;
        tracing::debug!(%start, %end, "dashboard read");
        Ok(board)
    }

    /// Asks the citizen to rate `request`'s service: it waits for [`CounterApp::submit_rating`].
    /// Refused when the service was rated already.
    pub fn request_rating(&self, request: RatingRequest) -> Result<(), AppError> {
        let mut st = self.lock();
        Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
        if st.store.is_rated(&request.service)? {
            return Err(AppError::field("service", ALREADY_RATED));
        }
        tracing::info!(service = %request.service.key(), "rating asked for");
        st.rating_request = Some(request);
        Ok(())
    }

    /// The rating waiting for the citizen, if any (the citizen's screen polls this).
    pub fn pending_rating(&self) -> Option<RatingRequest> {
        self.lock().rating_request.clone()
    }

    /// The citizen dismissed the question, or the clerk took it back.
    pub fn cancel_rating(&self) {
        self.lock().rating_request = None;
    }

    /// Records the citizen's answer to the waiting question, for the clerk signed in now.
    pub fn submit_rating(&self, draft: RatingDraft) -> Result<RatingRecord, AppError> {
        let draft = draft.normalize_and_validate().map_err(AppError::Invalid)?;
        let mut st = self.lock();
        let s = Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
        let request = st
            .rating_request
            .clone()
            .ok_or_else(|| AppError::field("service", "Không có dịch vụ nào đang chờ đánh giá."))?;
        let mut codes = request.dossier_codes.clone();
        if let RatedService::Dossier { code } = &request.service {
            codes.insert(0, code.clone());
        }
        let procedure_code = match codes.first() {
            Some(code) => st.store.dossier_by_code(code)?.map(|d| d.draft.procedure_code).unwrap_or_default(),
            None => String::new(),
        };
        let counter = st.store.require_office()?.counter_number;
        let now = self.clock.now();
        let record = match st.store.record_rating(
            &s.actor,
            request.service.clone(),
            draft,
            now,
            Some(counter),
            procedure_code,
        ) {
            Err(StoreError::Duplicate { .. }) => {
                st.rating_request = None;
                return Err(AppError::field("service", ALREADY_RATED));
            }
            other => other?,
        };
        st.rating_request = None;
        tracing::info!(service = %record.service.key(), level = record.draft.level.as_str(), "rating recorded");
        Ok(record)
    }
}
