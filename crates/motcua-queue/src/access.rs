//! Who may do what to the queue.
//!
//! - The kiosk page (no key) only takes tickets.
//! - An enrolled counter app presents its own key: it takes tickets and acts on its own
//!   counter only. A PC enrolled as the supervisor's may also open and close counters, change
//!   the services and act on any counter. The hub keeps only the key's SHA-256; enrolling the counter again replaces
//!   the key, and the old one stops working at once (a PC sent for repair, a leaked key).
//! - The hub key is the supervisor's (and the IT officer's CLI): everything, including
//!   setting up services and counters and enrolling counters.

use rand::Rng;
use sha2::{Digest, Sha256};

use motcua_store::{Actor, ReadTx};

use crate::error::QueueError;
use crate::rules::Command;

/// A caller of the LAN API as its key identified it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    Supervisor,
    Kiosk,
    Counter { key_sha256: String },
}

impl Caller {
    /// A caller that presented `key` as `Authorization: Bearer KEY` (not the hub key).
    pub fn counter_key(key: &str) -> Caller {
        Caller::Counter { key_sha256: key_sha256(key) }
    }
}

pub fn key_sha256(key: &str) -> String {
    Sha256::digest(key.trim().as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// A new key: 32 letters and digits (about 190 bits).
pub fn new_key() -> String {
    rand::rng().sample_iter(rand::distr::Alphanumeric).take(32).map(char::from).collect()
}

const ONLY_ENROLLED: &str = "chỉ quầy đã đăng ký và trưởng bộ phận được điều khiển hàng đợi";

/// The actor a permitted command is recorded under, or why it is refused.
pub(crate) fn authorize(read: &ReadTx<'_>, caller: &Caller, command: &Command) -> Result<Actor, QueueError> {
    let own_counter = command_counter(command);
    match caller {
        Caller::Supervisor => Ok(Actor { user_id: "supervisor".into(), display_name: "Trưởng bộ phận".into() }),
        Caller::Kiosk => match command {
            Command::Issue { .. } => Ok(Actor { user_id: "kiosk".into(), display_name: "Máy lấy số".into() }),
            _ => Err(QueueError::Forbidden(ONLY_ENROLLED)),
        },
        Caller::Counter { key_sha256 } => {
            let Some(enrolled) = read.enrolment(key_sha256)? else {
                tracing::warn!("queue command with an unknown or replaced counter key refused");
                return Err(QueueError::Forbidden("quầy này chưa đăng ký với máy chủ hàng đợi hoặc khóa đã bị thay"));
            };
            let n = enrolled.counter;
            let actor =
                |role: &str| Actor { user_id: format!("counter:{n}"), display_name: format!("Quầy {n}{role}") };
            match (command, own_counter) {
                (Command::EnrolCounter { .. }, _) => {
                    Err(QueueError::Forbidden("cần khóa của máy chủ hàng đợi để đăng ký quầy"))
                }
                _ if enrolled.supervisor => Ok(actor(" (trưởng bộ phận)")),
                (Command::Issue { .. }, _) => Ok(actor("")),
                (_, Some(counter)) if counter == n => Ok(actor("")),
                (_, Some(counter)) => {
                    tracing::warn!(enrolled = n, counter, "counter key used for another counter refused");
                    Err(QueueError::Forbidden("mỗi quầy chỉ điều khiển số của quầy mình"))
                }
                (_, None) => Err(QueueError::Forbidden("chỉ trưởng bộ phận được thay đổi cấu hình hàng đợi")),
            }
        }
    }
}

/// The counter a counter's command acts on; None for the kiosk's and the supervisor's.
fn command_counter(command: &Command) -> Option<u32> {
    match command {
        Command::CallNext { counter }
        | Command::Recall { counter }
        | Command::Start { counter }
        | Command::Finish { counter }
        | Command::NoShow { counter }
        | Command::Transfer { counter, .. }
        | Command::LinkDossier { counter, .. } => Some(*counter),
        Command::Issue { .. }
        | Command::SetServices { .. }
        | Command::SetCounter { .. }
        | Command::EnrolCounter { .. } => None,
    }
}
