//! The dossier report of a period (the monthly report: per field and procedure, received,
//! carried over, resolved early / on time / late, ended otherwise, pending and late), computed
//! in one aggregate over the dossiers alive in the period, found through indexes: received in
//! it, resolved or ended in or after it, or still open.
//!
//! The numbers add up: carried over + received = resolved + ended otherwise + pending.

use chrono::NaiveDateTime;
use rusqlite::params;
use serde::Serialize;

use crate::db::Store;
use crate::dossiers::TIME_FORMAT;
use crate::error::StoreError;

/// One procedure's line of the report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReportLine {
    /// Lĩnh vực (as the catalog has it now; empty for a procedure no longer in it).
    pub field: String,
    pub procedure_code: String,
    pub procedure_name: String,
    /// Received before the period and neither resolved nor ended before it (kỳ trước chuyển qua).
    pub carried_over: u64,
    /// Received in the period (mới tiếp nhận).
    pub received: u64,
    /// Result ready in the period, by timeliness against the deadline.
    pub resolved_early: u64,
    pub resolved_on_time: u64,
    pub resolved_late: u64,
    /// Refused, stopped or withdrawn in the period without a result.
    pub ended_otherwise: u64,
    /// Neither resolved nor ended at the end of the period (đang giải quyết).
    pub pending: u64,
    /// Of those, past their deadline at the end of the period (as their deadline stands now;
    /// those waiting for a supplement are not counted: their clock is stopped).
    pub pending_late: u64,
}

impl ReportLine {
    pub fn resolved(&self) -> u64 {
        self.resolved_early + self.resolved_on_time + self.resolved_late
    }

    /// Adds `other`'s counts to this line's.
    pub fn add(&mut self, other: &ReportLine) {
        self.carried_over += other.carried_over;
        self.received += other.received;
        self.resolved_early += other.resolved_early;
        self.resolved_on_time += other.resolved_on_time;
        self.resolved_late += other.resolved_late;
        self.ended_otherwise += other.ended_otherwise;
        self.pending += other.pending;
        self.pending_late += other.pending_late;
    }
}

impl Store {
    /// The report of the period from `start` (included) to `end` (excluded), office local
    /// time: one line per procedure that had a dossier alive in it, by field (in Vietnamese order)
    /// then procedure code.
    pub fn dossier_report(&self, start: NaiveDateTime, end: NaiveDateTime) -> Result<Vec<ReportLine>, StoreError> {
        let (start, end) = (start.format(TIME_FORMAT).to_string(), end.format(TIME_FORMAT).to_string());
        // `ended` is when a dossier stopped being the office's to resolve: its result, or its
        // refusal, stop or withdrawal (`closed_at` alone).
        let mut stmt = self.conn.prepare_cached(
            "WITH alive AS (
                 SELECT d.procedure_code, d.procedure_name, d.received_at, d.resolved_at, d.closed_at,
                        d.timeliness, d.due_at, d.status,
                        coalesce(d.resolved_at, d.closed_at) AS ended
                 FROM dossiers d
                 WHERE d.rowid IN (
                     SELECT rowid FROM dossiers WHERE received_day >= substr(?1, 1, 10) AND received_day < substr(?2, 1, 10) AND received_at < ?2
                     UNION SELECT rowid FROM dossiers WHERE resolved_at >= ?1
                     UNION SELECT rowid FROM dossiers WHERE closed_at >= ?1
                     UNION SELECT rowid FROM dossiers WHERE resolved_at IS NULL AND closed_at IS NULL)
                   AND d.received_at < ?2 AND (coalesce(d.resolved_at, d.closed_at) IS NULL OR coalesce(d.resolved_at, d.closed_at) >= ?1)
             )
             SELECT coalesce(p.field, ''), a.procedure_code, max(a.procedure_name),
                 sum(a.received_at < ?1),
                 sum(a.received_at >= ?1),
                 sum(a.timeliness = 'early' AND a.resolved_at < ?2),
                 sum(a.timeliness = 'on_time' AND a.resolved_at < ?2),
                 sum(a.timeliness = 'late' AND a.resolved_at < ?2),
                 sum(a.timeliness IS NULL AND a.ended < ?2),
                 sum(a.ended IS NULL OR a.ended >= ?2),
                 sum((a.ended IS NULL OR a.ended >= ?2) AND a.due_at < ?2 AND a.status <> 'needs_supplement')
             FROM alive a LEFT JOIN procedures p ON p.code = a.procedure_code
             GROUP BY a.procedure_code",
        )?;
        let rows = stmt.query_map(params![start, end], |r| {
            let n = |i: usize| -> rusqlite::Result<u64> { Ok(r.get::<_, Option<i64>>(i)?.unwrap_or(0) as u64) };
            Ok(ReportLine {
                field: r.get(0)?,
                procedure_code: r.get(1)?,
                procedure_name: r.get(2)?,
                carried_over: n(3)?,
                received: n(4)?,
                resolved_early: n(5)?,
                resolved_on_time: n(6)?,
                resolved_late: n(7)?,
                ended_otherwise: n(8)?,
                pending: n(9)?,
                pending_late: n(10)?,
            })
        })?;
        let mut lines: Vec<ReportLine> = rows.collect::<Result<_, _>>()?;
        // Vietnamese order of fields ("Đất đai" before "Hộ tịch"; SQLite's would put Đ last).
        lines.sort_by_cached_key(|l| (motcua_domain::text::fold(&l.field), l.procedure_code.clone()));
        Ok(lines)
    }
}
