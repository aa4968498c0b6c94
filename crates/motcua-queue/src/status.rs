//! The supervisor's live view of the queue, computed from the day's tickets.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use motcua_domain::queue::{Ticket, TicketState, call_text};
use motcua_store::Store;

use crate::error::QueueError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueStatus {
    pub day: NaiveDate,
    pub at: NaiveDateTime,
    pub services: Vec<ServiceStatus>,
    pub counters: Vec<CounterStatus>,
    pub waiting: u32,
    pub served: u32,
    pub no_show: u32,
    /// Issued → first called, over the tickets called today.
    pub average_wait_minutes: Option<f64>,
    /// Called (or started) → finished, over the tickets finished today.
    pub average_service_minutes: Option<f64>,
    /// The latest calls, newest first: what the hall display lists.
    pub recent_calls: Vec<Call>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceStatus {
    pub prefix: String,
    pub name: String,
    pub waiting: u32,
    /// How long the one waiting longest has waited.
    pub longest_wait_minutes: Option<f64>,
    pub served: u32,
    pub no_show: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CounterStatus {
    pub number: u32,
    pub open: bool,
    pub services: Vec<String>,
    /// "A023", called or being served.
    pub current: Option<String>,
    pub current_state: Option<TicketState>,
    pub served: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Call {
    pub label: String,
    pub counter: u32,
    pub text: String,
    pub at: NaiveDateTime,
}

fn minutes(from: NaiveDateTime, to: NaiveDateTime) -> f64 {
    (to - from).num_seconds() as f64 / 60.0
}

/// Minutes a finished ticket took at the counter (from the start of service, or from the call
/// when the clerk did not press "start"), in whole seconds; none when a time is missing.
pub(crate) fn service_minutes(t: &Ticket) -> Option<f64> {
    Some(minutes(t.serving_at.or(t.called_at)?, t.finished_at?))
}

fn average(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / f64::from(n))
}

pub(crate) fn compute(store: &Store, now: NaiveDateTime) -> Result<QueueStatus, QueueError> {
    let day = now.date();
    let tickets = store.tickets_of_day(day)?;
    let count = |f: &dyn Fn(&Ticket) -> bool| tickets.iter().filter(|t| f(t)).count() as u32;
    let services = store
        .queue_services()?
        .into_iter()
        .map(|s| {
            let mine = |t: &Ticket| t.service == s.prefix;
            let longest = tickets
                .iter()
                .filter(|t| mine(t) && t.state == TicketState::Waiting)
                .map(|t| minutes(t.issued_at, now))
                .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
            ServiceStatus {
                waiting: count(&|t| mine(t) && t.state == TicketState::Waiting),
                served: count(&|t| mine(t) && t.state == TicketState::Finished),
                no_show: count(&|t| mine(t) && t.state == TicketState::NoShow),
                longest_wait_minutes: longest,
                prefix: s.prefix,
                name: s.name,
            }
        })
        .collect();
    let counters = store
        .queue_counters()?
        .into_iter()
        .map(|c| {
            let current = tickets.iter().rev().find(|t| t.counter == Some(c.number) && t.state.is_current());
            CounterStatus {
                current: current.map(Ticket::label),
                current_state: current.map(|t| t.state),
                served: count(&|t| t.counter == Some(c.number) && t.state == TicketState::Finished),
                number: c.number,
                open: c.open,
                services: c.services,
            }
        })
        .collect();
    let mut called: Vec<&Ticket> = tickets.iter().filter(|t| t.called_at.is_some() && t.counter.is_some()).collect();
    called.sort_by_key(|t| std::cmp::Reverse(t.called_at));
    let recent_calls = called
        .iter()
        .take(10)
        .map(|t| {
            let (label, counter) = (t.label(), t.counter.unwrap_or_default());
            Call { text: call_text(&label, counter), label, counter, at: t.called_at.unwrap_or(now) }
        })
        .collect();
    Ok(QueueStatus {
        day,
        at: now,
        services,
        counters,
        waiting: count(&|t| t.state == TicketState::Waiting),
        served: count(&|t| t.state == TicketState::Finished),
        no_show: count(&|t| t.state == TicketState::NoShow),
        average_wait_minutes: average(tickets.iter().filter_map(|t| Some(minutes(t.issued_at, t.called_at?)))),
        average_service_minutes: average(
            tickets.iter().filter(|t| t.state == TicketState::Finished).filter_map(service_minutes),
        ),
        recent_calls,
    })
}
