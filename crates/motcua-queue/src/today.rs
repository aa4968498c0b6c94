//! The day's queue as the hub last committed it, held by the writer thread so that deciding a
//! command reads no rows and parses no JSON. Reading the waiting line, the counter's current
//! ticket and its setup from the store was a quarter of the writer's instructions per call
//! (callgrind), and taking a ticket counted everyone waiting.
//!
//! The store stays the truth. [`Today`] is loaded from it and then changed only by the same
//! [`Change`]s the writer commits, in the same order, so it holds what the tables hold. The
//! host loads it again whenever it could differ: a new day, a batch or a step that did not
//! commit, another connection that wrote the hub's file.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use motcua_domain::queue::{CounterSetup, QueueService, Ticket, TicketState};
use motcua_store::{Change, Store, StoreError};

/// Finished tickets per service that the estimated wait averages over.
const RECENT_FINISHED: usize = 20;

/// Where a waiting ticket stands: priority groups first, then the day's issue order. The
/// smallest is called first.
type Place = (bool, i64);

fn place(t: &Ticket) -> Place {
    (t.priority.is_none(), t.order)
}

#[derive(Debug)]
pub(crate) struct Today {
    day: NaiveDate,
    /// The store's data version when loaded: another connection's commit changes it.
    data_version: i64,
    services: Vec<QueueService>,
    counters: BTreeMap<u32, CounterSetup>,
    /// The day's tickets still waiting or at a counter, by id.
    open: HashMap<String, Ticket>,
    /// Waiting for any counter of their service, per service.
    waiting: HashMap<String, BTreeMap<Place, String>>,
    /// Waiting, transferred to one counter.
    waiting_for: HashMap<u32, BTreeMap<Place, String>>,
    /// Waiting per service, wherever transferred: (everyone, priority groups).
    waiting_count: HashMap<String, (u32, u32)>,
    /// Called to or served at each counter, by issue order (one, unless something went wrong).
    at_counter: HashMap<u32, BTreeMap<i64, String>>,
    /// The last number given today per prefix, and the last issue order.
    last_number: HashMap<String, u32>,
    last_order: i64,
    /// Per service, its last [`RECENT_FINISHED`] finished tickets by issue order: minutes at the
    /// counter (none when a time is missing).
    finished: HashMap<String, BTreeMap<i64, Option<f64>>>,
}

impl Today {
    /// `day`'s queue as committed in `store`.
    pub(crate) fn load(store: &Store, day: NaiveDate) -> Result<Today, StoreError> {
        let mut today = Today {
            day,
            data_version: store.data_version()?,
            services: store.queue_services()?,
            counters: store.queue_counters()?.into_iter().map(|c| (c.number, c)).collect(),
            open: HashMap::new(),
            waiting: HashMap::new(),
            waiting_for: HashMap::new(),
            waiting_count: HashMap::new(),
            at_counter: HashMap::new(),
            last_number: HashMap::new(),
            last_order: 0,
            finished: HashMap::new(),
        };
        for ticket in store.tickets_of_day(day)? {
            today.put(ticket);
        }
        Ok(today)
    }

    pub(crate) fn day(&self) -> NaiveDate {
        self.day
    }

    /// Whether this is still `day`'s queue as `store` holds it: the day has not turned and no
    /// other connection has written the file since the load.
    pub(crate) fn still_holds(&self, store: &Store, day: NaiveDate) -> Result<bool, StoreError> {
        Ok(self.day == day && store.data_version()? == self.data_version)
    }

    /// What committing `change` did to the queue.
    pub(crate) fn apply(&mut self, change: &Change) {
        if let Some(t) = change.ticket() {
            self.forget(&t.id);
            if t.day == self.day {
                self.put(t.clone());
            }
            return;
        }
        match change {
            Change::QueueServicesSet(services) => self.services = services.clone(),
            Change::QueueCounterSet(counter) => {
                self.counters.insert(counter.number, counter.clone());
            }
            _ => {}
        }
    }

    /// Takes in one of the day's tickets (not already held).
    fn put(&mut self, t: Ticket) {
        let number = self.last_number.entry(t.issued_service.clone()).or_default();
        *number = (*number).max(t.number);
        self.last_order = self.last_order.max(t.order);
        match t.state {
            TicketState::Waiting => {
                self.line_of(&t).insert(place(&t), t.id.clone());
                let count = self.waiting_count.entry(t.service.clone()).or_default();
                count.0 += 1;
                count.1 += u32::from(t.priority.is_some());
            }
            TicketState::Called | TicketState::Serving => {
                if let Some(counter) = t.counter {
                    self.at_counter.entry(counter).or_default().insert(t.order, t.id.clone());
                }
            }
            TicketState::Finished => {
                let recent = self.finished.entry(t.service.clone()).or_default();
                recent.insert(t.order, crate::status::service_minutes(&t));
                if recent.len() > RECENT_FINISHED {
                    recent.pop_first();
                }
                return;
            }
            TicketState::NoShow => return,
        }
        self.open.insert(t.id.clone(), t);
    }

    /// The line a waiting ticket stands in: its counter's if transferred to one, else its
    /// service's.
    fn line_of(&mut self, t: &Ticket) -> &mut BTreeMap<Place, String> {
        match t.for_counter {
            Some(counter) => self.waiting_for.entry(counter).or_default(),
            None => self.waiting.entry(t.service.clone()).or_default(),
        }
    }

    /// Drops an open ticket from wherever it stands (it is about to change).
    fn forget(&mut self, id: &str) {
        let Some(t) = self.open.remove(id) else { return };
        match t.state {
            TicketState::Waiting => {
                self.line_of(&t).remove(&place(&t));
                if let Some(count) = self.waiting_count.get_mut(&t.service) {
                    count.0 -= 1;
                    count.1 -= u32::from(t.priority.is_some());
                }
            }
            TicketState::Called | TicketState::Serving => {
                if let Some(line) = t.counter.and_then(|c| self.at_counter.get_mut(&c)) {
                    line.remove(&t.order);
                }
            }
            TicketState::Finished | TicketState::NoShow => {}
        }
    }

    pub(crate) fn service(&self, prefix: &str) -> Option<&QueueService> {
        self.services.iter().find(|s| s.prefix == prefix)
    }

    pub(crate) fn counter(&self, number: u32) -> Option<&CounterSetup> {
        self.counters.get(&number)
    }

    /// The ticket called to or served at `counter` now (the latest called, should there be
    /// more than one).
    pub(crate) fn current_at(&self, counter: u32) -> Option<&Ticket> {
        let (_, id) = self.at_counter.get(&counter)?.last_key_value()?;
        self.open.get(id)
    }

    /// Who `counter` calls next among `services`: tickets transferred to it first, then
    /// priority groups before everyone else, then first come.
    pub(crate) fn next_waiting(&self, counter: u32, services: &[String]) -> Option<&Ticket> {
        let id = match self.waiting_for.get(&counter).and_then(BTreeMap::first_key_value) {
            Some((_, id)) => id,
            None => services.iter().filter_map(|s| self.waiting.get(s)?.first_key_value()).min()?.1,
        };
        self.open.get(id)
    }

    /// Tickets of `service` waiting that a new ticket (of a priority group or not) queues behind.
    pub(crate) fn waiting_ahead(&self, service: &str, priority: bool) -> u32 {
        let (everyone, priority_groups) = self.waiting_count.get(service).copied().unwrap_or_default();
        if priority { priority_groups } else { everyone }
    }

    pub(crate) fn next_number(&self, prefix: &str) -> u32 {
        self.last_number.get(prefix).copied().unwrap_or(0) + 1
    }

    pub(crate) fn next_order(&self) -> i64 {
        self.last_order + 1
    }

    /// Minutes each of `service`'s last finished tickets took at the counter (those with both
    /// times).
    pub(crate) fn recent_service_minutes(&self, service: &str) -> Vec<f64> {
        self.finished.get(service).map(|r| r.values().rev().flatten().copied().collect()).unwrap_or_default()
    }

    /// Open counters that call `service`.
    pub(crate) fn open_counters_for(&self, service: &str) -> u32 {
        self.counters.values().filter(|c| c.open && c.services.iter().any(|s| s == service)).count() as u32
    }
}
