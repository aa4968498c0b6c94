//! The supervisor's dashboard of a period: dossiers received and resolved early / on time /
//! late (rates included), ended otherwise, pending now by deadline; per procedure, field, clerk
//! and day; feedback answered on time; satisfaction; queue figures.
//!
//! Every figure comes from maintained counters or an index range, never from a pass over the
//! dossiers: `dossier_counts` (per day, procedure and clerk) and `dossier_open_counts`, kept by
//! triggers (migration 0010); the late and due-soon dossiers through `dossiers_open_by_due`;
//! feedback, ratings and tickets through their day indexes. The dossier figures equal the
//! monthly report's for the same period (a test holds them to it).

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::params;
use serde::Serialize;

use motcua_domain::satisfaction::{Level, LevelCounts};

use crate::db::Store;
use crate::dossiers::TIME_FORMAT;
use crate::error::StoreError;

/// One line of a breakdown (a procedure, a field, a clerk or a day), or the office's totals.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DashboardLine {
    /// The procedure's code, the field's name, the clerk's user id or the day (YYYY-MM-DD).
    pub key: String,
    /// What the supervisor reads: the procedure's or clerk's name, the field, the day.
    pub label: String,
    pub received: u64,
    pub resolved_early: u64,
    pub resolved_on_time: u64,
    pub resolved_late: u64,
    /// Refused, stopped or withdrawn without a result.
    pub ended_otherwise: u64,
    /// Open now (not per day: a day line has 0).
    pub pending: u64,
    /// Open now and past its deadline (a dossier waiting for a supplement is not: its clock is
    /// stopped).
    pub pending_late: u64,
    pub satisfaction: LevelCounts,
    /// Resolved early or on time, in per cent of those resolved; `None` with none resolved.
    pub on_time_rate: Option<f64>,
    /// Resolved late, in per cent of those resolved (the seeds' target: below 0.4 %).
    pub late_rate: Option<f64>,
    /// Ratings at "hài lòng" or better, in per cent (target above 80 %).
    pub satisfaction_rate: Option<f64>,
}

impl DashboardLine {
    fn new(key: &str, label: &str) -> DashboardLine {
        DashboardLine { key: key.to_owned(), label: label.to_owned(), ..DashboardLine::default() }
    }

    pub fn resolved(&self) -> u64 {
        self.resolved_early + self.resolved_on_time + self.resolved_late
    }

    fn add(&mut self, o: &DashboardLine) {
        self.received += o.received;
        self.resolved_early += o.resolved_early;
        self.resolved_on_time += o.resolved_on_time;
        self.resolved_late += o.resolved_late;
        self.ended_otherwise += o.ended_otherwise;
        self.pending += o.pending;
        self.pending_late += o.pending_late;
        self.satisfaction.add(Level::VerySatisfied, o.satisfaction.very_satisfied);
        self.satisfaction.add(Level::Satisfied, o.satisfaction.satisfied);
        self.satisfaction.add(Level::Dissatisfied, o.satisfaction.dissatisfied);
    }

    /// Fills the rates from the counts.
    fn finish(mut self) -> DashboardLine {
        let resolved = self.resolved();
        let share = |n: u64| (resolved > 0).then(|| 100.0 * n as f64 / resolved as f64);
        self.on_time_rate = share(self.resolved_early + self.resolved_on_time);
        self.late_rate = share(self.resolved_late);
        self.satisfaction_rate = self.satisfaction.satisfaction_rate();
        self
    }
}

/// The open dossiers now, by how close their deadline is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PendingByDeadline {
    pub open: u64,
    /// Past the deadline.
    pub late: u64,
    /// Due before the end of today.
    pub due_today: u64,
    /// Due before the end of the next working day.
    pub due_next_working_day: u64,
    /// Waiting for the citizen's supplement (their clock stopped).
    pub waiting_supplement: u64,
}

/// Feedback items of the period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct FeedbackFigures {
    pub received: u64,
    /// Answered in the period, on or before their deadline / after it.
    pub answered_on_time: u64,
    pub answered_late: u64,
    /// Unanswered now, and of those past their deadline.
    pub open: u64,
    pub overdue: u64,
    /// Answered on time, in per cent of those answered in the period.
    pub on_time_rate: Option<f64>,
}

/// The office queue over the period (from this PC's store: the queue host's figures).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct QueueFigures {
    pub issued: u64,
    pub served: u64,
    pub no_show: u64,
    /// Issued → called, in minutes, over the tickets called.
    pub average_wait_minutes: Option<f64>,
    pub longest_wait_minutes: Option<f64>,
    /// Called → finished, in minutes, over the tickets served.
    pub average_service_minutes: Option<f64>,
}

/// The dashboard of `start..end` (days, `end` excluded), with the open dossiers as at `now`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dashboard {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub now: NaiveDateTime,
    pub totals: DashboardLine,
    pub by_procedure: Vec<DashboardLine>,
    pub by_field: Vec<DashboardLine>,
    pub by_clerk: Vec<DashboardLine>,
    /// Every day of the period, in order (the chart's x axis), days with nothing included.
    pub by_day: Vec<DashboardLine>,
    pub pending: PendingByDeadline,
    pub feedback: FeedbackFigures,
    pub queue: QueueFigures,
}

/// The cut-offs of the pending buckets: the end of today and of the next working day (the
/// office's calendar decides which day that is; the caller knows it).
#[derive(Debug, Clone, Copy)]
pub struct DeadlineCutoffs {
    pub now: NaiveDateTime,
    pub end_of_today: NaiveDateTime,
    pub end_of_next_working_day: NaiveDateTime,
}

fn n(r: &rusqlite::Row, i: usize) -> rusqlite::Result<u64> {
    Ok(r.get::<_, Option<i64>>(i)?.unwrap_or(0).max(0) as u64)
}

impl Store {
    /// The dashboard of the days `start..end` (`end` excluded).
    pub fn dashboard(&self, start: NaiveDate, end: NaiveDate, cut: DeadlineCutoffs) -> Result<Dashboard, StoreError> {
        let (from, to) = (start.to_string(), end.to_string());
        let now = cut.now.format(TIME_FORMAT).to_string();

        // (procedure, clerk) cells: the counters of the period, the open counts, the ratings.
        let mut cells: BTreeMap<(String, String), DashboardLine> = BTreeMap::new();
        let mut by_day: BTreeMap<String, DashboardLine> = BTreeMap::new();
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT day, procedure_code, received_by, received, resolved_early, resolved_on_time, resolved_late, ended_otherwise
                 FROM dossier_counts WHERE day >= ?1 AND day < ?2",
            )?;
            let mut rows = stmt.query(params![from, to])?;
            while let Some(r) = rows.next()? {
                let (day, procedure, clerk): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
                let counts = DashboardLine {
                    received: n(r, 3)?,
                    resolved_early: n(r, 4)?,
                    resolved_on_time: n(r, 5)?,
                    resolved_late: n(r, 6)?,
                    ended_otherwise: n(r, 7)?,
                    ..DashboardLine::default()
                };
                cells.entry((procedure, clerk)).or_default().add(&counts);
                by_day.entry(day.clone()).or_insert_with(|| DashboardLine::new(&day, &day)).add(&counts);
            }
        }
        {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT procedure_code, received_by, open FROM dossier_open_counts WHERE open > 0")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let line = DashboardLine { pending: n(r, 2)?, ..DashboardLine::default() };
                cells.entry((r.get(0)?, r.get(1)?)).or_default().add(&line);
            }
        }
        let mut pending = PendingByDeadline::default();
        {
            // Only the open dossiers due before the end of the next working day: an index range.
            let mut stmt = self.conn.prepare_cached(
                "SELECT procedure_code, received_by, sum(due_at < ?1), sum(due_at >= ?1 AND due_at < ?2),
                        sum(due_at >= ?2 AND due_at < ?3)
                 FROM dossiers WHERE status IN ('received', 'in_processing') AND due_at < ?3
                 GROUP BY 1, 2",
            )?;
            let end_today = cut.end_of_today.format(TIME_FORMAT).to_string();
            let end_next = cut.end_of_next_working_day.format(TIME_FORMAT).to_string();
            let mut rows = stmt.query(params![now, end_today, end_next])?;
            while let Some(r) = rows.next()? {
                let late = n(r, 2)?;
                pending.late += late;
                pending.due_today += n(r, 3)?;
                pending.due_next_working_day += n(r, 4)?;
                cells.entry((r.get(0)?, r.get(1)?)).or_default().pending_late += late;
            }
            pending.waiting_supplement = self.conn.prepare_cached(
                "SELECT count(*) FROM dossiers WHERE resolved_at IS NULL AND closed_at IS NULL AND status = 'needs_supplement'",
            )?
            .query_row([], |r| n(r, 0))?;
        }
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT procedure_code, clerk_id, level, count(*) FROM ratings WHERE day >= ?1 AND day < ?2 GROUP BY 1, 2, 3",
            )?;
            let mut rows = stmt.query(params![from, to])?;
            while let Some(r) = rows.next()? {
                let level: String = r.get(2)?;
                let level = Level::ALL.into_iter().find(|l| l.as_str() == level);
                if let Some(level) = level {
                    cells.entry((r.get(0)?, r.get(1)?)).or_default().satisfaction.add(level, n(r, 3)?);
                }
            }
        }

        let procedures = self.procedure_labels()?;
        let clerks = self.clerk_names()?;
        let mut totals = DashboardLine::new("", "Toàn đơn vị");
        let (mut by_procedure, mut by_field, mut by_clerk) =
            (BTreeMap::<String, DashboardLine>::new(), BTreeMap::new(), BTreeMap::<String, DashboardLine>::new());
        for ((procedure, clerk), line) in &cells {
            totals.add(line);
            let (name, field) = match procedures.get(procedure) {
                Some((name, field)) => (name.as_str(), field.as_str()),
                None if procedure.is_empty() => ("Không gắn thủ tục", ""),
                None => (procedure.as_str(), ""),
            };
            by_procedure.entry(procedure.clone()).or_insert_with(|| DashboardLine::new(procedure, name)).add(line);
            let field_key = motcua_domain::text::fold(field);
            let field_label = if field.is_empty() { "Khác" } else { field };
            by_field.entry(field_key.clone()).or_insert_with(|| DashboardLine::new(field_label, field_label)).add(line);
            by_clerk
                .entry(clerk.clone())
                .or_insert_with(|| {
                    let name = clerks.get(clerk).cloned().or_else(|| crate::Actor::name_without_account(clerk));
                    DashboardLine::new(clerk, name.as_deref().unwrap_or(clerk))
                })
                .add(line);
        }
        pending.open = totals.pending;
        let finish = |m: BTreeMap<String, DashboardLine>| -> Vec<DashboardLine> {
            let mut lines: Vec<DashboardLine> = m.into_values().map(DashboardLine::finish).collect();
            lines.sort_by_cached_key(|l| motcua_domain::text::fold(&l.label));
            lines
        };
        // By code: the map's own order.
        let by_procedure: Vec<DashboardLine> = by_procedure.into_values().map(DashboardLine::finish).collect();
        let days = start.iter_days().take_while(|d| *d < end).map(|d| {
            let key = d.to_string();
            by_day.remove(&key).unwrap_or_else(|| DashboardLine::new(&key, &key)).finish()
        });

        Ok(Dashboard {
            start,
            end,
            now: cut.now,
            totals: totals.finish(),
            by_procedure,
            by_field: finish(by_field),
            by_clerk: finish(by_clerk),
            by_day: days.collect(),
            pending,
            feedback: self.feedback_figures(&from, &to, &now)?,
            queue: self.queue_figures(&from, &to)?,
        })
    }

    fn procedure_labels(&self) -> Result<BTreeMap<String, (String, String)>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT code, name, field FROM procedures")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn clerk_names(&self) -> Result<BTreeMap<String, String>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT id, full_name FROM users")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn feedback_figures(&self, from: &str, to: &str, now: &str) -> Result<FeedbackFigures, StoreError> {
        // Times compare as text: the period's days bound them ("2026-11-01" < "2026-11-01T…").
        let received = self
            .conn
            .prepare_cached("SELECT count(*) FROM feedback WHERE received_at >= ?1 AND received_at < ?2")?
            .query_row(params![from, to], |r| n(r, 0))?;
        let (answered_on_time, answered_late) = self
            .conn
            .prepare_cached(
                "SELECT sum(answered_at <= deadline_at), sum(answered_at > deadline_at) FROM feedback
                 WHERE answered_at >= ?1 AND answered_at < ?2",
            )?
            .query_row(params![from, to], |r| Ok((n(r, 0)?, n(r, 1)?)))?;
        let (open, overdue) = self
            .conn
            .prepare_cached(
                "SELECT count(*), sum(deadline_at < ?1) FROM feedback WHERE status IN ('received', 'assigned')",
            )?
            .query_row([now], |r| Ok((n(r, 0)?, n(r, 1)?)))?;
        let answered = answered_on_time + answered_late;
        Ok(FeedbackFigures {
            received,
            answered_on_time,
            answered_late,
            open,
            overdue,
            on_time_rate: (answered > 0).then(|| 100.0 * answered_on_time as f64 / answered as f64),
        })
    }

    fn queue_figures(&self, from: &str, to: &str) -> Result<QueueFigures, StoreError> {
        // Read from `queue_day_figures` alone (the wait and service minutes are indexed
        // virtual columns, migration 0011).
        let mut stmt = self.conn.prepare_cached(
            "SELECT count(*), sum(state = 'finished'), sum(state = 'no_show'),
                    avg(wait_minutes), max(wait_minutes), avg(CASE WHEN state = 'finished' THEN service_minutes END)
             FROM queue_tickets INDEXED BY queue_day_figures WHERE day >= ?1 AND day < ?2",
        )?;
        Ok(stmt.query_row(params![from, to], |r| {
            Ok(QueueFigures {
                issued: n(r, 0)?,
                served: n(r, 1)?,
                no_show: n(r, 2)?,
                average_wait_minutes: r.get(3)?,
                longest_wait_minutes: r.get(4)?,
                average_service_minutes: r.get(5)?,
            })
        })?)
    }
}
