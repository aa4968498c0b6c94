//! Feedback and recommendations (phản ánh, kiến nghị) at the office: record an item from any
//! channel with its deadline (working days per type, on the office's calendar), assign,
//! answer, publish; the overdue list and the reminders before a deadline.

use chrono::NaiveDateTime;
use serde::Serialize;

use motcua_domain::calendar::ProcessingTime;
use motcua_domain::feedback::{
    FeedbackAction, FeedbackDraft, FeedbackStatus, FeedbackType, check_types, default_types,
};
use motcua_store::{Change, FeedbackItem, FeedbackRecord, FeedbackSummary, Role};

use crate::{AppError, CounterApp};

/// The items waiting for an answer that need attention now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedbackDue {
    pub now: NaiveDateTime,
    /// Past their deadline, unanswered.
    pub overdue: Vec<FeedbackSummary>,
    /// Due by the end of the next working day: the reminder.
    pub due_soon: Vec<FeedbackSummary>,
}

impl CounterApp {
    /// The office's feedback types and their answer deadlines: its own once set, the
    /// defaults until then.
    pub fn feedback_types(&self) -> Result<Vec<FeedbackType>, AppError> {
        Ok(self.lock().store.feedback_types()?.unwrap_or_else(default_types))
    }

    /// Replaces the office's feedback types (an admin or supervisor). Items already received
    /// keep their type's key and deadline; a new deadline counts for new items only.
    pub fn set_feedback_types(&self, types: Vec<FeedbackType>) -> Result<Vec<FeedbackType>, AppError> {
        let types = check_types(types).map_err(AppError::Invalid)?;
        let mut st = self.lock();
        let s = Self::session(&st, &[Role::Admin, Role::Supervisor])?;
        st.store.commit(&s.actor, Change::FeedbackTypesSet(types.clone()))?;
        tracing::info!(types = types.len(), "feedback types set");
        Ok(types)
    }

    /// Records an item, now, due after its type's working days.
    pub fn record_feedback(&self, draft: FeedbackDraft) -> Result<FeedbackRecord, AppError> {
        let draft = draft.normalised();
        let types = self.feedback_types()?;
        draft.validate(&types).map_err(AppError::Invalid)?;
        let days = types.iter().find(|t| t.key == draft.type_key).map_or(10, |t| t.answer_within_working_days);
        let mut st = self.lock();
        let s = Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
        let office = st.store.require_office()?;
        let calendar = Self::work_calendar(&st.store, &office)?;
        let now = self.clock.now();
        let deadline = calendar.appointment(now, &ProcessingTime::WorkingDays { days });
        let record = st.store.receive_feedback(&s.actor, office.counter_number, draft, now, deadline)?;
        tracing::info!(number = %record.number, type_key = %record.draft.type_key, "feedback received");
        Ok(record)
    }

    /// Assigns, answers or publishes item `number`, now, as the logged-in user. Publishing is
    /// for a supervisor or admin.
    pub fn feedback_action(&self, number: &str, action: FeedbackAction) -> Result<FeedbackStatus, AppError> {
        let mut st = self.lock();
        let allowed: &[Role] = match action {
            FeedbackAction::Publish => &[Role::Admin, Role::Supervisor],
            _ => &[Role::Admin, Role::Supervisor, Role::Clerk],
        };
        let s = Self::session(&st, allowed)?;
        let action = match action {
            FeedbackAction::Answer { text } => FeedbackAction::Answer { text: motcua_domain::text::clean(&text) },
            // Assigned to an account of this office, by its username: the name comes from it.
            FeedbackAction::Assign { user_id, .. } => {
                let user = match st.store.user_by_username(user_id.trim())? {
                    Some(u) => Some(u),
                    None => st.store.user_by_id(user_id.trim())?,
                };
                let user = user.filter(|u| u.active).ok_or_else(|| {
                    AppError::field("user_id", "Không có tài khoản cán bộ này (hoặc tài khoản đã bị khóa)")
                })?;
                FeedbackAction::Assign { user_id: user.id, user_name: user.full_name }
            }
            other => other,
        };
        let status = st.store.act_on_feedback(&s.actor, number, action, self.clock.now())?;
        tracing::info!(number = %number.trim().to_uppercase(), status = status.as_str(), "feedback action");
        Ok(status)
    }

    pub fn feedback_item(&self, number: &str) -> Result<FeedbackItem, AppError> {
        let st = self.lock();
        Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
        st.store.feedback(number)?.ok_or(AppError::NotFound("phản ánh, kiến nghị"))
    }

    pub fn recent_feedback(&self) -> Result<Vec<FeedbackSummary>, AppError> {
        let st = self.lock();
        Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
        Ok(st.store.recent_feedback(200)?)
    }

    /// Overdue items, and those due by the end of the next working day.
    pub fn feedback_due(&self) -> Result<FeedbackDue, AppError> {
        let st = self.lock();
        Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
        let office = st.store.require_office()?;
        let calendar = Self::work_calendar(&st.store, &office)?;
        let now = self.clock.now();
        let until = calendar.next_working_day(now.date()).and_hms_opt(23, 59, 59).unwrap_or(now);
        let (overdue, due_soon) = st.store.open_feedback_due_by(until)?.into_iter().partition(|f| f.deadline_at < now);
        Ok(FeedbackDue { now, overdue, due_soon })
    }
}
