//! The queue tables of the office hub: services, counters, tickets (see `motcua-queue`).

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, params};

use motcua_domain::iso_time;
use motcua_domain::queue::{CounterSetup, Enrolment, QueueService, Ticket};

use crate::db::Store;
use crate::error::StoreError;
use crate::ops::ReadTx;

pub(crate) fn apply_services(tx: &Connection, services: &[QueueService]) -> Result<(), StoreError> {
    tx.prepare_cached("DELETE FROM queue_services")?.execute([])?;
    for (i, s) in services.iter().enumerate() {
        tx.prepare_cached("INSERT INTO queue_services (prefix, name, position) VALUES (?1, ?2, ?3)")?
            .execute(params![s.prefix, s.name, i])?;
    }
    Ok(())
}

pub(crate) fn apply_counter(tx: &Connection, c: &CounterSetup) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO queue_counters (number, open, services) VALUES (?1, ?2, ?3)
         ON CONFLICT (number) DO UPDATE SET open = excluded.open, services = excluded.services",
    )?
    .execute(params![c.number, c.open, serde_json::to_string(&c.services)?])?;
    Ok(())
}

/// Enrolled counter keys live in `settings` as `queue.key:<sha256>` → the [`Enrolment`], so
/// the check on every command is one primary-key lookup.
const KEY_PREFIX: &str = "queue.key:";

pub(crate) fn apply_enrolled(tx: &Connection, enrolment: &Enrolment, key_sha256: &str) -> Result<(), StoreError> {
    // The counter's previous key (whatever its role) stops working.
    tx.prepare_cached("DELETE FROM settings WHERE key >= ?1 AND key < ?2 AND json_extract(value, '$.counter') = ?3")?
        .execute(params![KEY_PREFIX, "queue.key;", enrolment.counter])?;
    tx.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![format!("{KEY_PREFIX}{key_sha256}"), serde_json::to_string(enrolment)?])?;
    Ok(())
}

/// Writes ticket `t`, whose JSON is `record`.
pub(crate) fn apply_ticket(tx: &Connection, t: &Ticket, record: &str) -> Result<(), StoreError> {
    let wait_minutes = minutes_between(Some(t.issued_at), t.called_at);
    let service_minutes = minutes_between(t.called_at, t.finished_at);
    // A ticket is inserted once and updated on every call, recall, start and finish: update
    // first. An upsert's update went through a temporary b-tree, 13% more instructions per
    // call in the hub writer (callgrind). The day, prefix, number and order never change.
    let updated = tx
        .prepare_cached(
            "UPDATE queue_tickets SET service = ?2, state = ?3, counter = ?4, for_counter = ?5, priority = ?6,
               record = ?7, wait_minutes = ?8, service_minutes = ?9
             WHERE id = ?1",
        )?
        .execute(params![
            t.id,
            t.service,
            t.state.as_str(),
            t.counter,
            t.for_counter,
            t.priority.is_some(),
            record,
            wait_minutes,
            service_minutes,
        ])?;
    if updated == 0 {
        tx.prepare_cached(
            "INSERT INTO queue_tickets
               (id, day, service, issued_service, number, priority, state, counter, for_counter, ordering, record,
                wait_minutes, service_minutes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )?
        .execute(params![
            t.id,
            iso_time::date(t.day),
            t.service,
            t.issued_service,
            t.number,
            t.priority.is_some(),
            t.state.as_str(),
            t.counter,
            t.for_counter,
            t.order,
            record,
            wait_minutes,
            service_minutes,
        ])?;
    }
    Ok(())
}

/// The dashboard's figures of a ticket (wait: issued → called; service: called → finished),
/// NULL until both times are known.
fn minutes_between(from: Option<NaiveDateTime>, to: Option<NaiveDateTime>) -> Option<f64> {
    Some((to? - from?).num_milliseconds() as f64 / 60_000.0)
}

fn tickets(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> Result<Vec<Ticket>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params, |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for json in rows {
        out.push(serde_json::from_str(&json?)?);
    }
    Ok(out)
}

fn services(conn: &Connection) -> Result<Vec<QueueService>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT prefix, name FROM queue_services ORDER BY position")?;
    let rows = stmt.query_map([], |r| Ok(QueueService { prefix: r.get(0)?, name: r.get(1)? }))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn counters(conn: &Connection) -> Result<Vec<CounterSetup>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT number, open, services FROM queue_counters ORDER BY number")?;
    let rows = stmt.query_map([], counter_from_row)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row??);
    }
    Ok(out)
}

/// A counter's row selected as `number, open, services`.
fn counter_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<CounterSetup, StoreError>> {
    let (number, open, services) = (r.get(0)?, r.get(1)?, r.get::<_, String>(2)?);
    Ok(serde_json::from_str(&services).map(|services| CounterSetup { number, open, services }).map_err(Into::into))
}

impl ReadTx<'_> {
    /// The enrolment whose current key hashes to `key_sha256`, if any.
    pub fn enrolment(&self, key_sha256: &str) -> Result<Option<Enrolment>, StoreError> {
        let value: Option<String> = self
            .0
            .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
            .query_row([format!("{KEY_PREFIX}{key_sha256}")], |r| r.get(0))
            .optional()?;
        Ok(value.map(|v| serde_json::from_str(&v)).transpose()?)
    }
}

impl Store {
    pub fn queue_services(&self) -> Result<Vec<QueueService>, StoreError> {
        services(&self.conn)
    }

    pub fn queue_counters(&self) -> Result<Vec<CounterSetup>, StoreError> {
        counters(&self.conn)
    }

    /// Every ticket of `day` in issue order (the live view and the day's figures).
    pub fn tickets_of_day(&self, day: NaiveDate) -> Result<Vec<Ticket>, StoreError> {
        tickets(&self.conn, "SELECT record FROM queue_tickets WHERE day = ?1 ORDER BY ordering", [iso_time::date(day)])
    }
}
