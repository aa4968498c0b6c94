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

    pub fn queue_services(&self) -> Result<Vec<QueueService>, StoreError> {
        services(self.0)
    }

    pub fn queue_counter(&self, number: u32) -> Result<Option<CounterSetup>, StoreError> {
        // By its key: every call reads its counter.
        self.0
            .prepare_cached("SELECT number, open, services FROM queue_counters WHERE number = ?1")?
            .query_row([number], counter_from_row)
            .optional()?
            .transpose()
    }

    /// The next number of `prefix` today (numbers restart every day).
    pub fn next_ticket_number(&self, day: NaiveDate, prefix: &str) -> Result<u32, StoreError> {
        let max: Option<u32> = self
            .0
            .prepare_cached("SELECT MAX(number) FROM queue_tickets WHERE day = ?1 AND issued_service = ?2")?
            .query_row(params![iso_time::date(day), prefix], |r| r.get(0))?;
        Ok(max.unwrap_or(0) + 1)
    }

    /// The issue order of the next ticket today, across services.
    pub fn next_ticket_order(&self, day: NaiveDate) -> Result<i64, StoreError> {
        let max: Option<i64> = self
            .0
            .prepare_cached("SELECT MAX(ordering) FROM queue_tickets WHERE day = ?1")?
            .query_row([iso_time::date(day)], |r| r.get(0))?;
        Ok(max.unwrap_or(0) + 1)
    }

    /// Who counter `counter` calls next among `services`: tickets transferred to it first in
    /// their order, then priority before everyone else, then first come. One indexed look-up
    /// per service rather than one query over them all, which SQLite cannot order by index.
    pub fn next_waiting(
        &self,
        day: NaiveDate,
        counter: u32,
        services: &[String],
    ) -> Result<Option<Ticket>, StoreError> {
        let day = iso_time::date(day);
        let for_me = tickets(
            self.0,
            "SELECT record FROM queue_tickets INDEXED BY queue_waiting_for_counter
             WHERE day = ?1 AND state = 'waiting' AND for_counter = ?2
             ORDER BY priority DESC, ordering LIMIT 1",
            params![day, counter],
        )?;
        if let Some(t) = for_me.into_iter().next() {
            return Ok(Some(t));
        }
        // The first of each service by its place only, and the record of the one called: a
        // counter of three services read and parsed three tickets on every call.
        let mut first = self.0.prepare_cached(
            "SELECT priority = 0, ordering, rowid FROM queue_tickets INDEXED BY queue_waiting
             WHERE day = ?1 AND service = ?2 AND state = 'waiting' AND for_counter IS NULL
             ORDER BY priority DESC, ordering LIMIT 1",
        )?;
        let mut best: Option<(bool, i64, i64)> = None;
        for service in services {
            let place = first
                .query_row(params![day, service], |r| Ok((r.get::<_, bool>(0)?, r.get::<_, i64>(1)?, r.get(2)?)))
                .optional()?;
            if let Some(place) = place
                && best.is_none_or(|b| (place.0, place.1) < (b.0, b.1))
            {
                best = Some(place);
            }
        }
        let Some((_, _, rowid)) = best else { return Ok(None) };
        Ok(tickets(self.0, "SELECT record FROM queue_tickets WHERE rowid = ?1", [rowid])?.pop())
    }

    /// The ticket called to or served at `counter` now, if any.
    pub fn current_at(&self, day: NaiveDate, counter: u32) -> Result<Option<Ticket>, StoreError> {
        // INDEXED BY: otherwise SQLite walks the whole day backwards by queue_day_order. A
        // counter has one such ticket; should it have more, the latest called is the one, picked
        // here: an ORDER BY ... LIMIT 1 sorted through a temporary b-tree on every call.
        let mut stmt = self.0.prepare_cached(
            "SELECT ordering, record FROM queue_tickets INDEXED BY queue_at_counter
             WHERE day = ?1 AND counter = ?2 AND state IN ('called', 'serving')",
        )?;
        let mut rows = stmt.query(params![iso_time::date(day), counter])?;
        let mut latest: Option<(i64, String)> = None;
        while let Some(row) = rows.next()? {
            let ordering: i64 = row.get(0)?;
            if latest.as_ref().is_none_or(|(o, _)| ordering > *o) {
                latest = Some((ordering, row.get(1)?));
            }
        }
        Ok(match latest {
            Some((_, record)) => Some(serde_json::from_str(&record)?),
            None => None,
        })
    }

    /// Waiting tickets of `service` that a new ticket with `priority` would queue behind.
    pub fn waiting_ahead(&self, day: NaiveDate, service: &str, priority: bool) -> Result<u32, StoreError> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT COUNT(*) FROM queue_tickets INDEXED BY queue_waiting
                 WHERE day = ?1 AND state = 'waiting' AND service = ?2 AND priority >= ?3",
            )?
            .query_row(params![iso_time::date(day), service, priority], |r| r.get(0))?)
    }

    /// Minutes each of the last `limit` finished tickets of `service` took at the counter.
    pub fn recent_service_minutes(&self, day: NaiveDate, service: &str, limit: u32) -> Result<Vec<f64>, StoreError> {
        let done = tickets(
            self.0,
            "SELECT record FROM queue_tickets INDEXED BY queue_finished
             WHERE day = ?1 AND service = ?2 AND state = 'finished'
             ORDER BY ordering DESC LIMIT ?3",
            params![iso_time::date(day), service, limit],
        )?;
        Ok(done
            .iter()
            .filter_map(|t| {
                let start = t.serving_at.or(t.called_at)?;
                Some((t.finished_at? - start).num_seconds() as f64 / 60.0)
            })
            .collect())
    }

    /// Open counters that call `service`.
    pub fn open_counters_for(&self, service: &str) -> Result<u32, StoreError> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT COUNT(*) FROM queue_counters, json_each(queue_counters.services)
                 WHERE queue_counters.open = 1 AND json_each.value = ?1",
            )?
            .query_row([service], |r| r.get(0))?)
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
