//! The office queue (xếp hàng): services with a ticket prefix, counters that serve some of
//! them, tickets numbered per prefix and day, priority groups served first. The rules that
//! need no storage live here; the queue host applies them (crate `motcua-queue`).

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::validation::Problems;

/// A service the kiosk offers ("A — Đất đai"): its tickets are A001, A002, … each day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueService {
    /// One or two capital letters, A–Z.
    pub prefix: String,
    pub name: String,
}

impl QueueService {
    pub fn normalised(&self) -> QueueService {
        QueueService { prefix: self.prefix.trim().to_uppercase(), name: crate::text::clean(&self.name) }
    }

    pub fn validate(&self) -> Result<(), Problems> {
        let mut p = Problems::default();
        let ok = (1..=2).contains(&self.prefix.len()) && self.prefix.bytes().all(|b| b.is_ascii_uppercase());
        if !ok {
            p.add("prefix", "Ký hiệu dịch vụ là một hoặc hai chữ cái in hoa (A, B, …)");
        }
        if self.name.is_empty() {
            p.add("name", "Chưa nhập tên dịch vụ");
        }
        p.into_result()
    }
}

/// A counter's place in the queue: open or not, and the services it calls from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterSetup {
    pub number: u32,
    pub open: bool,
    pub services: Vec<String>,
}

/// Who is served first (domain reference, "Queue"): the law's groups, so the ticket and the
/// statistics say which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriorityGroup {
    Disability,
    Elderly,
    PregnantOrSmallChild,
    Merit,
    /// Another group the office serves first (the list is configurable by law).
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketState {
    Waiting,
    Called,
    Serving,
    Finished,
    NoShow,
}

impl TicketState {
    pub fn as_str(self) -> &'static str {
        match self {
            TicketState::Waiting => "waiting",
            TicketState::Called => "called",
            TicketState::Serving => "serving",
            TicketState::Finished => "finished",
            TicketState::NoShow => "no_show",
        }
    }

    /// At a counter: called and not yet finished or given up.
    pub fn is_current(self) -> bool {
        matches!(self, TicketState::Called | TicketState::Serving)
    }
}

/// One ticket, as the host keeps it. Every change to it is an op carrying the whole record,
/// so the city gets the figures (wait, service time, no-shows) without the queue's tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: String,
    // The hub writes a ticket twice per call (its row and its op): see `iso_time`.
    #[serde(serialize_with = "crate::iso_time::serialize_date")]
    pub day: NaiveDate,
    /// The service it waits for now (a transfer changes it).
    pub service: String,
    /// The prefix it was numbered under.
    pub issued_service: String,
    pub number: u32,
    pub priority: Option<PriorityGroup>,
    pub state: TicketState,
    /// Called to, served at, or finished at this counter.
    pub counter: Option<u32>,
    /// Transferred to this counter: only it calls the ticket.
    pub for_counter: Option<u32>,
    pub recalls: u32,
    /// Waiting order within a priority class: the issue order of the day, kept on transfer so
    /// a transferred citizen does not start again at the back.
    pub order: i64,
    #[serde(serialize_with = "crate::iso_time::serialize_date_time")]
    pub issued_at: NaiveDateTime,
    #[serde(serialize_with = "crate::iso_time::serialize_opt_date_time")]
    pub called_at: Option<NaiveDateTime>,
    #[serde(serialize_with = "crate::iso_time::serialize_opt_date_time")]
    pub serving_at: Option<NaiveDateTime>,
    #[serde(serialize_with = "crate::iso_time::serialize_opt_date_time")]
    pub finished_at: Option<NaiveDateTime>,
    /// Dossier codes registered while this ticket was served.
    pub dossiers: Vec<String>,
}

impl Ticket {
    /// "A023": the prefix it was issued under and three digits (four past 999).
    pub fn label(&self) -> String {
        ticket_label(&self.issued_service, self.number)
    }
}

pub fn ticket_label(prefix: &str, number: u32) -> String {
    format!("{prefix}{number:03}")
}

/// What the hall display says: "Mời số A023 đến quầy 5".
pub fn call_text(label: &str, counter: u32) -> String {
    format!("Mời số {label} đến quầy {counter}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_call_text() {
        assert_eq!(ticket_label("A", 23), "A023");
        assert_eq!(ticket_label("B", 1234), "B1234");
        assert_eq!(call_text("A023", 5), "Mời số A023 đến quầy 5");
    }

    #[test]
    fn service_prefixes_are_one_or_two_capitals() {
        let s = |p: &str| QueueService { prefix: p.into(), name: "Đất đai".into() }.normalised();
        assert!(s(" a ").validate().is_ok());
        assert!(s("AB").validate().is_ok());
        assert!(s("A1").validate().is_err());
        assert!(s("ABC").validate().is_err());
        assert!(QueueService { prefix: "A".into(), name: "  ".into() }.normalised().validate().is_err());
    }
}

/// Which queue hub a counter PC uses, and which counter it is there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueLink {
    /// `http://192.168.1.10:8700`
    pub hub_url: String,
    pub counter: u32,
    /// Enrolled as the supervisor's PC (may open and close counters, set the services).
    #[serde(default)]
    pub supervisor: bool,
}

impl QueueLink {
    pub fn normalised(&self) -> QueueLink {
        QueueLink {
            hub_url: self.hub_url.trim().trim_end_matches('/').to_owned(),
            counter: self.counter,
            supervisor: self.supervisor,
        }
    }

    pub fn validate(&self) -> Result<(), Problems> {
        let mut p = Problems::default();
        let rest = self.hub_url.strip_prefix("http://").or_else(|| self.hub_url.strip_prefix("https://"));
        if !rest.is_some_and(|r| !r.is_empty() && !r.contains(char::is_whitespace)) {
            p.add("hub_url", "Địa chỉ máy chủ hàng đợi viết dạng http://192.168.1.10:8700");
        }
        if !(1..=999).contains(&self.counter) {
            p.add("counter", "Số quầy phải từ 1 đến 999");
        }
        p.into_result()
    }
}

/// This counter PC hosts the office's queue: the port it serves the LAN on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueHosting {
    pub port: u16,
}

impl QueueHosting {
    pub fn validate(&self) -> Result<(), Problems> {
        let mut p = Problems::default();
        if self.port < 1024 {
            p.add("port", "Cổng phải từ 1024 đến 65535 (thường dùng 8700)");
        }
        p.into_result()
    }
}

/// A counter PC's enrolment with the hub: its counter, and whether it is the supervisor's PC
/// (which may also open and close counters and change the services).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    pub counter: u32,
    #[serde(default)]
    pub supervisor: bool,
}
