//! The city's dashboard across offices: per office, for a period, the figures an office's
//! supervisor sees on the counter's "Giám sát" screen (`motcua_store::dashboard`), with the same
//! definitions, so an office's line here equals its own dashboard once its PCs have synced.
//!
//! - dossiers received on a day of the period; resolved early / on time / late or ended
//!   otherwise on a day of the period (a dossier's end is its result, refusal or stop, else its
//!   close: `coalesce(resolved_at, closed_at)`); open now, and open past their deadline (one
//!   waiting for a supplement is not late: its clock is stopped);
//! - feedback received in the period; answered in the period on or before its deadline, or
//!   after; unanswered now and past its deadline;
//! - satisfaction ratings given in the period, per level.
//!
//! A backend never reads a lifecycle or a payload to answer: the figures come from indexed
//! columns that ingest keeps beside each op ([`Tally`], and the end and outcome of
//! `dossier_states`).

use std::collections::HashMap;
use std::future::Future;

use chrono::{NaiveDate, NaiveDateTime};
use motcua_domain::lifecycle::{Lifecycle, Timeliness};
use motcua_domain::satisfaction::{Level, LevelCounts};

use crate::DbError;

/// What an op adds to the dashboard, other than a dossier's state: kept in its own row, in the
/// transaction that stores the op, only when the op is stored for the first time.
#[derive(Debug, Clone, PartialEq)]
pub enum Tally {
    /// A satisfaction rating (`rating.recorded`).
    Rating { id: String, at: NaiveDateTime, level: Level },
    /// A feedback item received (`feedback.received`), due for an answer at `deadline_at`.
    FeedbackReceived { id: String, received_at: NaiveDateTime, deadline_at: NaiveDateTime },
    /// A feedback item answered (`feedback.action` with the answer).
    FeedbackAnswered { id: String, at: NaiveDateTime },
}

/// How a dossier ended, as the dashboard counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Early,
    OnTime,
    Late,
    /// Refused, stopped or withdrawn without a result.
    Otherwise,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Early => "early",
            Outcome::OnTime => "on_time",
            Outcome::Late => "late",
            Outcome::Otherwise => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        [Outcome::Early, Outcome::OnTime, Outcome::Late, Outcome::Otherwise].into_iter().find(|o| o.as_str() == s)
    }
}

/// The day a dossier ended and how, if it has: what `dossier_states.ended_on` and `outcome`
/// keep (the monthly report's definition, as the counter's triggers apply it).
pub fn ending(l: &Lifecycle) -> Option<(NaiveDate, Outcome)> {
    let end = l.resolved_at.or(l.closed_at)?;
    let outcome = match l.timeliness {
        Some(Timeliness::Early) => Outcome::Early,
        Some(Timeliness::OnTime) => Outcome::OnTime,
        Some(Timeliness::Late) => Outcome::Late,
        None => Outcome::Otherwise,
    };
    Some((end.date(), outcome))
}

/// One office's figures of a period, as a backend counts them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OfficeFigures {
    pub unit_code: String,
    pub name: String,
    pub received: u64,
    pub resolved_early: u64,
    pub resolved_on_time: u64,
    pub resolved_late: u64,
    pub ended_otherwise: u64,
    /// Open now.
    pub pending: u64,
    /// Open now (received or in processing) and past the deadline.
    pub pending_late: u64,
    pub feedback_received: u64,
    pub feedback_answered_on_time: u64,
    pub feedback_answered_late: u64,
    /// Unanswered now and past the deadline.
    pub feedback_overdue: u64,
    pub satisfaction: LevelCounts,
}

impl OfficeFigures {
    pub fn resolved(&self) -> u64 {
        self.resolved_early + self.resolved_on_time + self.resolved_late
    }

    /// Resolved early or on time, in per cent of those resolved.
    pub fn on_time_rate(&self) -> Option<f64> {
        percent(self.resolved_early + self.resolved_on_time, self.resolved())
    }

    /// Resolved late, in per cent of those resolved (the seeds' target: below 0.4 %).
    pub fn late_rate(&self) -> Option<f64> {
        percent(self.resolved_late, self.resolved())
    }

    /// Feedback answered on time, in per cent of those answered in the period.
    pub fn feedback_on_time_rate(&self) -> Option<f64> {
        percent(self.feedback_answered_on_time, self.feedback_answered_on_time + self.feedback_answered_late)
    }

    /// Adds `o`'s counts to these (the city's totals).
    pub fn add(&mut self, o: &OfficeFigures) {
        self.received += o.received;
        self.resolved_early += o.resolved_early;
        self.resolved_on_time += o.resolved_on_time;
        self.resolved_late += o.resolved_late;
        self.ended_otherwise += o.ended_otherwise;
        self.pending += o.pending;
        self.pending_late += o.pending_late;
        self.feedback_received += o.feedback_received;
        self.feedback_answered_on_time += o.feedback_answered_on_time;
        self.feedback_answered_late += o.feedback_answered_late;
        self.feedback_overdue += o.feedback_overdue;
        self.satisfaction.add(Level::VerySatisfied, o.satisfaction.very_satisfied);
        self.satisfaction.add(Level::Satisfied, o.satisfaction.satisfied);
        self.satisfaction.add(Level::Dissatisfied, o.satisfaction.dissatisfied);
    }

    /// Sets the count of `outcome` (a backend's row of ended dossiers).
    pub fn set_ended(&mut self, outcome: Outcome, n: u64) {
        match outcome {
            Outcome::Early => self.resolved_early = n,
            Outcome::OnTime => self.resolved_on_time = n,
            Outcome::Late => self.resolved_late = n,
            Outcome::Otherwise => self.ended_otherwise = n,
        }
    }
}

fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| 100.0 * part as f64 / whole as f64)
}

/// The period and the moment a dashboard is of: the days `start..end` (`end` excluded), open
/// dossiers and feedback as at `now` (office local time: every office of a city keeps the same
/// clock, Vietnam's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub now: NaiveDateTime,
}

/// The dashboard's queries, the same for both backends: each gives `office_id` first, then its
/// counts, over an index range. Parameters: `$1` the first day, `$2` the day after the last
/// (dates compare as text, and a time of the last day sorts before the next day), `$3` now.
/// PostgreSQL reads `$N`; SQLite's text is the same with `?N` ([`for_sqlite`]).
pub mod queries {
    pub const RECEIVED: &str = "SELECT office_id, count(*) FROM dossier_states
         WHERE received_on >= $1 AND received_on < $2 GROUP BY office_id";
    pub const ENDED: &str = "SELECT office_id, outcome, count(*) FROM dossier_states
         WHERE ended_on >= $1 AND ended_on < $2 GROUP BY office_id, outcome";
    /// Open now, and of those the ones whose clock runs past the deadline.
    pub const OPEN: &str = "SELECT office_id, count(*),
             count(*) FILTER (WHERE status IN ('received', 'in_processing') AND due_at < $1)
         FROM dossier_states WHERE ended_on IS NULL GROUP BY office_id";
    pub const RATINGS: &str = "SELECT office_id, level, count(*) FROM city_ratings
         WHERE day >= $1 AND day < $2 GROUP BY office_id, level";
    pub const FEEDBACK_RECEIVED: &str = "SELECT office_id, count(*) FROM city_feedback
         WHERE received_on >= $1 AND received_on < $2 GROUP BY office_id";
    pub const FEEDBACK_ANSWERED: &str = "SELECT office_id, count(*) FILTER (WHERE answered_at <= deadline_at),
             count(*) FILTER (WHERE answered_at > deadline_at)
         FROM city_feedback WHERE answered_at >= $1 AND answered_at < $2 GROUP BY office_id";
    pub const FEEDBACK_OVERDUE: &str = "SELECT office_id, count(*) FROM city_feedback
         WHERE answered_at IS NULL AND deadline_at < $1 GROUP BY office_id";
    pub const OFFICES: &str = "SELECT id, unit_code, name FROM offices ORDER BY unit_code";

    /// `sql` with SQLite's numbered parameters.
    pub fn for_sqlite(sql: &str) -> String {
        sql.replace('$', "?")
    }
}

/// Where a backend's rows go: `add` the counts of one query's row to its office.
#[derive(Debug, Default)]
pub struct Tallied {
    /// In the order of the offices' list (by unit code).
    offices: Vec<OfficeFigures>,
    by_id: HashMap<i64, usize>,
}

impl Tallied {
    pub fn office(&mut self, id: i64, unit_code: String, name: String) {
        self.by_id.insert(id, self.offices.len());
        self.offices.push(OfficeFigures { unit_code, name, ..OfficeFigures::default() });
    }

    /// The office of `id` (rows of an office made after the list was read are dropped).
    pub fn of(&mut self, id: i64) -> Option<&mut OfficeFigures> {
        self.by_id.get(&id).map(|&i| &mut self.offices[i])
    }

    pub fn rating(&mut self, id: i64, level: &str, n: u64) {
        if let (Some(f), Some(level)) = (self.of(id), Level::ALL.into_iter().find(|l| l.as_str() == level)) {
            f.satisfaction.add(level, n);
        }
    }

    pub fn ended(&mut self, id: i64, outcome: &str, n: u64) {
        if let (Some(f), Some(outcome)) = (self.of(id), Outcome::parse(outcome)) {
            f.set_ended(outcome, n);
        }
    }

    pub fn finish(self) -> Vec<OfficeFigures> {
        self.offices
    }
}

/// A count as a backend returns it.
pub fn count(n: i64) -> u64 {
    n.max(0) as u64
}

pub trait CityDashboardDb: Clone + Send + Sync + 'static {
    /// Every office's figures of the period, by unit code (offices with nothing included).
    fn office_figures(&self, period: Period) -> impl Future<Output = Result<Vec<OfficeFigures>, DbError>> + Send;
}
