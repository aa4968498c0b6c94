//! What each queue command changes, decided from the day's queue as the commands before it
//! (in the same group commit) left it (see `today`).

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use motcua_domain::queue::{CounterSetup, Enrolment, PriorityGroup, QueueService, Ticket, TicketState};
use motcua_domain::validation::Problems;
use motcua_store::Change;

use crate::error::QueueError;
use crate::today::Today;

/// Everything a counter, the kiosk or the supervisor can ask of the queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// A ticket for `service` (from the kiosk or a counter).
    Issue {
        service: String,
        priority: Option<PriorityGroup>,
    },
    /// "Gọi tiếp": the counter is done with its current ticket and calls the next one.
    CallNext {
        counter: u32,
    },
    /// "Gọi lại": the called citizen has not come; past the limit the ticket is a no-show.
    Recall {
        counter: u32,
    },
    /// The citizen is at the counter.
    Start {
        counter: u32,
    },
    Finish {
        counter: u32,
    },
    /// "Vắng mặt" without waiting for the recall limit.
    NoShow {
        counter: u32,
    },
    /// Back to waiting, for another service and/or one counter.
    Transfer {
        counter: u32,
        service: Option<String>,
        to_counter: Option<u32>,
    },
    /// A dossier registered while serving the counter's current ticket.
    LinkDossier {
        counter: u32,
        code: String,
    },
    SetServices {
        services: Vec<QueueService>,
    },
    SetCounter {
        counter: CounterSetup,
    },
    /// A counter PC enrolled: only the hash of its key reaches the store (see `access`).
    EnrolCounter {
        counter: u32,
        #[serde(default)]
        supervisor: bool,
        key_sha256: String,
    },
}

/// What a command did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    Issued { ticket: Ticket, label: String, service_name: String, people_ahead: u32, estimated_wait_minutes: u32 },
    Called { ticket: Ticket, label: String, finished: Option<Ticket> },
    Updated { ticket: Ticket, label: String },
    ServicesSet { services: Vec<QueueService> },
    CounterSet { counter: CounterSetup },
    CounterEnrolled { counter: u32 },
}

/// The host's settings.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Calls after the first before a ticket is a no-show.
    pub max_recalls: u32,
    /// Assumed service time until a service has finished tickets today.
    pub default_service_minutes: f64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_recalls: 3, default_service_minutes: 5.0 }
    }
}

/// What `command` changes, given `today` (the queue of `now`'s day).
pub(crate) fn decide(
    today: &Today,
    command: Command,
    now: NaiveDateTime,
    limits: &Limits,
) -> Result<(Vec<Change>, Outcome), QueueError> {
    match command {
        Command::Issue { service, priority } => issue(today, now, &service, priority, limits),
        Command::CallNext { counter } => call_next(today, now, counter),
        Command::Recall { counter } => {
            let mut t = current(today, counter)?;
            expect(&t, counter, TicketState::Called, "called")?;
            t.recalls += 1;
            if t.recalls > limits.max_recalls {
                t.state = TicketState::NoShow;
                t.finished_at = Some(now);
                return Ok(updated(Change::TicketNoShow, t));
            }
            Ok(updated(Change::TicketRecalled, t))
        }
        Command::Start { counter } => {
            let mut t = current(today, counter)?;
            expect(&t, counter, TicketState::Called, "called")?;
            t.state = TicketState::Serving;
            t.serving_at = Some(now);
            Ok(updated(Change::TicketServing, t))
        }
        Command::Finish { counter } => {
            let mut t = current(today, counter)?;
            t.state = TicketState::Finished;
            t.finished_at = Some(now);
            Ok(updated(Change::TicketFinished, t))
        }
        Command::NoShow { counter } => {
            let mut t = current(today, counter)?;
            expect(&t, counter, TicketState::Called, "called")?;
            t.state = TicketState::NoShow;
            t.finished_at = Some(now);
            Ok(updated(Change::TicketNoShow, t))
        }
        Command::Transfer { counter, service, to_counter } => {
            let mut t = current(today, counter)?;
            if let Some(service) = service {
                let service = service.trim().to_uppercase();
                known_service(today, &service)?;
                t.service = service;
            }
            if let Some(to) = to_counter {
                today.counter(to).ok_or(QueueError::UnknownCounter(to))?;
            }
            t.for_counter = to_counter;
            t.state = TicketState::Waiting;
            t.counter = None;
            t.recalls = 0;
            Ok(updated(Change::TicketTransferred, t))
        }
        Command::LinkDossier { counter, code } => {
            let mut t = current(today, counter)?;
            let code = code.trim().to_owned();
            if !t.dossiers.contains(&code) {
                t.dossiers.push(code);
            }
            Ok(updated(Change::TicketDossierLinked, t))
        }
        Command::SetServices { services } => {
            let services: Vec<QueueService> = services.iter().map(QueueService::normalised).collect();
            let mut problems = Problems::default();
            for s in &services {
                if let Err(p) = s.validate() {
                    problems.0.extend(p.0);
                }
            }
            let mut prefixes: Vec<&str> = services.iter().map(|s| s.prefix.as_str()).collect();
            prefixes.sort_unstable();
            if prefixes.windows(2).any(|w| w[0] == w[1]) {
                problems.add("prefix", "Hai dịch vụ không được trùng ký hiệu");
            }
            problems.into_result().map_err(QueueError::Invalid)?;
            Ok((vec![Change::QueueServicesSet(services.clone())], Outcome::ServicesSet { services }))
        }
        Command::SetCounter { counter } => {
            let mut counter = counter;
            counter.services = counter.services.iter().map(|s| s.trim().to_uppercase()).collect();
            if counter.number == 0 {
                return Err(QueueError::Invalid(problem("number", "Số quầy phải từ 1 trở lên")));
            }
            for s in &counter.services {
                known_service(today, s)?;
            }
            Ok((vec![Change::QueueCounterSet(counter.clone())], Outcome::CounterSet { counter }))
        }
        Command::EnrolCounter { counter, supervisor, key_sha256 } => {
            if counter == 0 || counter > 999 {
                return Err(QueueError::Invalid(problem("counter", "Số quầy phải từ 1 đến 999")));
            }
            let enrolment = Enrolment { counter, supervisor };
            Ok((vec![Change::QueueCounterEnrolled { enrolment, key_sha256 }], Outcome::CounterEnrolled { counter }))
        }
    }
}

fn problem(field: &str, message: &str) -> Problems {
    let mut p = Problems::default();
    p.add(field, message);
    p
}

fn updated(change: fn(Box<Ticket>) -> Change, t: Ticket) -> (Vec<Change>, Outcome) {
    let label = t.label();
    (vec![change(Box::new(t.clone()))], Outcome::Updated { ticket: t, label })
}

fn known_service<'t>(today: &'t Today, prefix: &str) -> Result<&'t QueueService, QueueError> {
    today.service(prefix).ok_or_else(|| QueueError::UnknownService(prefix.to_owned()))
}

fn current(today: &Today, counter: u32) -> Result<Ticket, QueueError> {
    today.current_at(counter).cloned().ok_or(QueueError::NoCurrentTicket(counter))
}

fn expect(t: &Ticket, counter: u32, state: TicketState, expected: &'static str) -> Result<(), QueueError> {
    if t.state == state {
        return Ok(());
    }
    Err(QueueError::WrongState { counter, label: t.label(), state: t.state.as_str(), expected })
}

fn issue(
    today: &Today,
    now: NaiveDateTime,
    service: &str,
    priority: Option<PriorityGroup>,
    limits: &Limits,
) -> Result<(Vec<Change>, Outcome), QueueError> {
    let service = known_service(today, &service.trim().to_uppercase())?;
    let people_ahead = today.waiting_ahead(&service.prefix, priority.is_some());
    let ticket = Ticket {
        id: uuid::Uuid::now_v7().to_string(),
        day: today.day(),
        service: service.prefix.clone(),
        issued_service: service.prefix.clone(),
        number: today.next_number(&service.prefix),
        priority,
        state: TicketState::Waiting,
        counter: None,
        for_counter: None,
        recalls: 0,
        order: today.next_order(),
        issued_at: now,
        called_at: None,
        serving_at: None,
        finished_at: None,
        dossiers: Vec::new(),
    };
    let estimated_wait_minutes = estimate_wait(today, &service.prefix, people_ahead, limits);
    let label = ticket.label();
    Ok((
        vec![Change::TicketIssued(Box::new(ticket.clone()))],
        Outcome::Issued { ticket, label, service_name: service.name.clone(), people_ahead, estimated_wait_minutes },
    ))
}

/// People ahead × the service's recent service time ÷ the open counters that call it.
fn estimate_wait(today: &Today, service: &str, people_ahead: u32, limits: &Limits) -> u32 {
    if people_ahead == 0 {
        return 0;
    }
    let recent = today.recent_service_minutes(service);
    let per_person = if recent.is_empty() {
        limits.default_service_minutes
    } else {
        recent.iter().sum::<f64>() / recent.len() as f64
    };
    let counters = today.open_counters_for(service).max(1);
    (f64::from(people_ahead) * per_person / f64::from(counters)).ceil() as u32
}

fn call_next(today: &Today, now: NaiveDateTime, counter: u32) -> Result<(Vec<Change>, Outcome), QueueError> {
    let setup = today.counter(counter).ok_or(QueueError::UnknownCounter(counter))?;
    if !setup.open {
        return Err(QueueError::CounterClosed(counter));
    }
    let next = today.next_waiting(counter, &setup.services).ok_or(QueueError::NobodyWaiting(counter))?;
    let mut changes = Vec::with_capacity(2);
    // The one being served is done when the clerk calls the next.
    let finished = match today.current_at(counter).cloned() {
        Some(mut done) => {
            done.state = TicketState::Finished;
            done.finished_at = Some(now);
            changes.push(Change::TicketFinished(Box::new(done.clone())));
            Some(done)
        }
        None => None,
    };
    let mut t = next.clone();
    t.state = TicketState::Called;
    t.counter = Some(counter);
    t.for_counter = None;
    t.called_at = Some(now);
    t.recalls = 0;
    changes.push(Change::TicketCalled(Box::new(t.clone())));
    let label = t.label();
    Ok((changes, Outcome::Called { ticket: t, label, finished }))
}
