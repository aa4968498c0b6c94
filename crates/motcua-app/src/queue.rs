//! The counter's side of the office queue: enrolment with the hub, the queue panel's
//! buttons, tickets issued at the counter.
//!
//! The hub is another PC on the LAN. Nothing here holds the store's lock while waiting for it,
//! so a hub that is slow or gone never holds up intake or printing: those go on and the panel
//! says the hub cannot be reached until it can.

use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use motcua_domain::queue::{CounterSetup, PriorityGroup, QueueLink, QueueService};
use motcua_print::{JobFormat, PrintJob};
use motcua_queue::client::HubClient;
use motcua_queue::{Command, Outcome, QueueError, QueueStatus};
use motcua_store::{Change, Role};

use crate::{AppError, CounterApp, Printed};

/// Where this PC's counter key is kept (see the store's `device_secrets`).
const KEY_SECRET: &str = "queue_counter_key";

/// The counter's queue panel: this counter, and the hub's live view.
#[derive(Debug, Clone, Serialize)]
pub struct QueuePanel {
    pub hub_url: String,
    pub counter: u32,
    /// The logged-in user may set up the queue from here (a supervisor on the supervisor's PC).
    pub can_manage: bool,
    pub status: QueueStatus,
}

/// A button of the queue panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum CounterAction {
    CallNext,
    Recall,
    Start,
    Finish,
    NoShow,
    Transfer { service: Option<String>, to_counter: Option<u32> },
    LinkDossier { code: String },
}

impl CounterAction {
    fn command(self, counter: u32) -> Command {
        match self {
            CounterAction::CallNext => Command::CallNext { counter },
            CounterAction::Recall => Command::Recall { counter },
            CounterAction::Start => Command::Start { counter },
            CounterAction::Finish => Command::Finish { counter },
            CounterAction::NoShow => Command::NoShow { counter },
            CounterAction::Transfer { service, to_counter } => Command::Transfer {
                counter,
                service: service.filter(|s| !s.trim().is_empty()),
                to_counter: to_counter.filter(|n| *n != 0),
            },
            CounterAction::LinkDossier { code } => Command::LinkDossier { counter, code },
        }
    }
}

/// A ticket issued at the counter, and where it printed (if this PC has a ticket printer).
#[derive(Debug, Clone, Serialize)]
pub struct IssuedTicket {
    pub label: String,
    pub service_name: String,
    pub people_ahead: u32,
    pub estimated_wait_minutes: u32,
    pub printed: Option<Printed>,
    /// Why it did not print; the ticket exists all the same (tell the citizen the number).
    pub print_error: Option<String>,
}

/// The hub connection in use, rebuilt when the admin enrols again.
pub(crate) type HubConnection = Option<(QueueLink, Arc<HubClient>)>;

impl CounterApp {
    /// The hub this PC is enrolled with, if any.
    pub fn queue_link(&self) -> Result<Option<QueueLink>, AppError> {
        let st = self.lock();
        Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
        Ok(st.store.queue_link()?)
    }

    /// The admin enrols this PC as counter `link.counter` with the hub, using the hub key once
    /// (it is not kept: only the counter's own key is, as a device secret).
    pub fn enrol_with_hub(&self, link: QueueLink, hub_key: &str) -> Result<QueueLink, AppError> {
        let link = link.normalised();
        link.validate().map_err(AppError::Invalid)?;
        if hub_key.trim().is_empty() {
            return Err(AppError::field("hub_key", "Chưa nhập khóa của máy chủ hàng đợi"));
        }
        let actor = {
            let st = self.lock();
            Self::session(&st, &[Role::Admin])?.actor
        };
        // The lock is not held while the hub answers.
        let hub = HubClient::new(&link.hub_url, Some(hub_key.trim().to_owned()))?;
        let key = hub.enrol(link.counter, link.supervisor)?;
        let mut st = self.lock();
        st.store.set_device_secret(KEY_SECRET, &key)?;
        let device_id = st.store.device_id().to_owned();
        st.store.commit(&actor, Change::QueueLinkSet { device_id, link: link.clone() })?;
        drop(st);
        *self.hub.lock().unwrap_or_else(|p| p.into_inner()) = None;
        tracing::info!(counter = link.counter, "counter enrolled with the queue hub");
        Ok(link)
    }

    /// The hub client for this PC's link, made once (it keeps its connections).
    fn hub(&self) -> Result<(QueueLink, Arc<HubClient>), AppError> {
        let (link, key) = {
            let st = self.lock();
            Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
            let link = st.store.queue_link()?.ok_or(AppError::QueueNotSetUp)?;
            (link, st.store.device_secret(KEY_SECRET)?)
        };
        let mut cached = self.hub.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((l, client)) = cached.as_ref()
            && *l == link
        {
            return Ok((link, client.clone()));
        }
        let client = Arc::new(HubClient::new(&link.hub_url, key)?);
        *cached = Some((link.clone(), client.clone()));
        Ok((link, client))
    }

    /// The panel's view; an unreachable hub is an error the panel shows while it keeps asking.
    pub fn queue_panel(&self) -> Result<QueuePanel, AppError> {
        let (link, hub) = self.hub()?;
        let can_manage = link.supervisor && self.role_is(&[Role::Admin, Role::Supervisor]);
        let status = hub.status();
        self.hub_health.observe(&status);
        let status = status?;
        Ok(QueuePanel { hub_url: link.hub_url, counter: link.counter, can_manage, status })
    }

    fn role_is(&self, roles: &[Role]) -> bool {
        Self::session(&self.lock(), roles).is_ok()
    }

    /// The supervisor opens or closes a counter, or changes its services, live.
    pub fn queue_set_counter(&self, counter: CounterSetup) -> Result<Outcome, AppError> {
        self.manage(Command::SetCounter { counter })
    }

    /// The supervisor sets the services the kiosk offers (prefix and name each).
    pub fn queue_set_services(&self, services: Vec<QueueService>) -> Result<Outcome, AppError> {
        self.manage(Command::SetServices { services })
    }

    fn manage(&self, command: Command) -> Result<Outcome, AppError> {
        {
            let st = self.lock();
            Self::session(&st, &[Role::Admin, Role::Supervisor])?;
        }
        let (link, hub) = self.hub()?;
        if !link.supervisor {
            return Err(AppError::Queue(QueueError::Forbidden(
                "máy này không được đăng ký là máy của trưởng bộ phận; quản trị viên đăng ký lại trong mục Quản trị",
            )));
        }
        Ok(hub.command(&command).inspect_err(log_hub_error)?)
    }

    /// One of the panel's buttons, for this counter.
    pub fn queue_act(&self, action: CounterAction) -> Result<Outcome, AppError> {
        let (link, hub) = self.hub()?;
        Ok(hub.command(&action.command(link.counter)).inspect_err(log_hub_error)?)
    }

    /// A ticket issued at the counter (a citizen who skipped the kiosk), printed on this PC's
    /// ticket printer when it has one. The hub has committed the ticket before it prints.
    pub fn queue_issue(&self, service: &str, priority: Option<PriorityGroup>) -> Result<IssuedTicket, AppError> {
        let (_, hub) = self.hub()?;
        let outcome = hub.issue(service.trim(), priority).inspect_err(log_hub_error)?;
        let Outcome::Issued { label, service_name, people_ahead, estimated_wait_minutes, .. } = outcome else {
            return Err(AppError::Queue(QueueError::Remote {
                status: 200,
                code: "unexpected".into(),
                message: "Máy chủ hàng đợi trả lời không đúng.".into(),
            }));
        };
        let mut issued = IssuedTicket {
            label,
            service_name,
            people_ahead,
            estimated_wait_minutes,
            printed: None,
            print_error: None,
        };
        if let Some(printer) = self.printers()?.ticket {
            let ticket = self.ticket(&issued.service_name, &issued.label, people_ahead, estimated_wait_minutes)?;
            let job = PrintJob {
                name: format!("ticket-{}", issued.label),
                format: JobFormat::EscPos,
                bytes: ticket.escpos(),
            };
            match self.send_to_printer(&printer, &job) {
                Ok(()) => {
                    self.record_printed("queue_ticket", &issued.label, false, &printer)?;
                    issued.printed = Some(Printed { printer: printer.describe(), bytes: job.bytes.len() });
                }
                Err(e) => {
                    tracing::warn!(error = %e, "counter ticket not printed");
                    issued.print_error = Some(e.user_message());
                }
            }
        }
        Ok(issued)
    }
}

/// The hub's state as the panel's polling last saw it. The panel asks every two seconds; the
/// log gets one line when the hub goes away (or starts refusing) and one when it is back, not
/// one per poll.
#[derive(Default)]
pub(crate) struct HubHealth {
    /// The last error seen, `None` while the hub answers.
    last_error: Mutex<Option<String>>,
}

impl HubHealth {
    fn observe<T>(&self, result: &Result<T, QueueError>) {
        let mut last = self.last_error.lock().unwrap_or_else(|p| p.into_inner());
        match result {
            Ok(_) => {
                if last.take().is_some() {
                    tracing::info!("queue hub answering again");
                }
            }
            Err(e) => {
                let now = e.to_string();
                if last.as_deref() != Some(now.as_str()) {
                    log_hub_error(e);
                    *last = Some(now);
                }
            }
        }
    }
}

fn log_hub_error(e: &QueueError) {
    match e {
        QueueError::Unreachable { .. } => tracing::warn!(error = %e, "queue hub unreachable"),
        _ => tracing::info!(error = %e, "queue hub refused"),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use motcua_queue::QueueError;

    use super::HubHealth;

    /// A log sink the test can read back.
    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);

    impl Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_hub_away_for_many_polls_is_logged_once_and_its_return_once() {
        let sink = Sink::default();
        let writer = sink.clone();
        let subscriber = tracing_subscriber::fmt().with_writer(move || writer.clone()).with_ansi(false).finish();
        let away = || -> Result<(), QueueError> {
            Err(QueueError::Unreachable { url: "http://10.0.0.9:8700".into(), detail: "connection refused".into() })
        };
        tracing::subscriber::with_default(subscriber, || {
            let health = HubHealth::default();
            for _ in 0..30 {
                health.observe(&away());
            }
            health.observe(&Ok(()));
            health.observe(&Ok(()));
            health.observe(&away());
        });
        let log = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        let lines: Vec<&str> = log.lines().collect();
        assert_eq!(lines.len(), 3, "{log}");
        assert!(lines[0].contains("queue hub unreachable"), "{log}");
        assert!(lines[1].contains("queue hub answering again"), "{log}");
        assert!(lines[2].contains("queue hub unreachable"), "{log}");
    }
}
