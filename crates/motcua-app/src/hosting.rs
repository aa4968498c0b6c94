//! The office's queue hosted on this counter PC (a setting), instead of on a separate box
//! running `motcua-server --office-hub`.
//!
//! The hub keeps its own database beside the counter's (`hub.db`): queue traffic never waits
//! on a clerk's save, and the hub stays one device with its own op log wherever it runs. Its
//! supervisor key is a device secret of this PC. Turning hosting on also enrols this PC with
//! its own hub as its counter, so the queue bar works at once.

use std::net::{IpAddr, Ipv4Addr, UdpSocket};
use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;

use motcua_domain::queue::{QueueHosting, QueueLink};
use motcua_queue::discovery::{self, FoundHub};
use motcua_queue::office_hub::{self, HubOptions, RunningHub};
use motcua_queue::{HostConfig, QueueError};
use motcua_store::{Change, Role};

use crate::{AppError, CounterApp};

/// The hub's supervisor key, kept on this PC (see the store's `device_secrets`).
const HUB_KEY_SECRET: &str = "queue_hub_key";

/// What Quản trị shows about hosting.
#[derive(Debug, Clone, Serialize)]
pub struct HostingInfo {
    pub hosting: Option<QueueHosting>,
    pub running: bool,
    /// Where the other counters, the kiosk and the display reach it.
    pub lan_urls: Vec<String>,
    /// For the admin to give the other counters' admins (they enrol with it once).
    pub hub_key: Option<String>,
    /// Why it is not running although it should (a port taken by another program).
    pub problem: Option<String>,
}

/// How long "Tìm máy chủ" listens for answers.
const DISCOVERY_WAIT: Duration = Duration::from_millis(1500);

impl CounterApp {
    fn hub_db_path(&self) -> PathBuf {
        let st = self.lock();
        st.store.path().with_file_name("hub.db")
    }

    /// Starts the hub if this PC is set to host it (at app start). A failure leaves the app
    /// working; Quản trị shows why the hub is not running.
    pub fn resume_hosting(&self) {
        let hosting = match self.lock().store.queue_hosting() {
            Ok(Some(h)) => h,
            Ok(None) => return,
            Err(e) => {
                tracing::error!(error = %e, "cannot read the queue hosting setting");
                return;
            }
        };
        if let Err(e) = self.start_hub(hosting) {
            tracing::error!(error = %e, "the queue hub hosted here did not start");
        }
    }

    /// Starts the hub; returns its key and the URL this PC reaches it at.
    fn start_hub(&self, hosting: QueueHosting) -> Result<(String, String), AppError> {
        let mut slot = self.hosted.lock().unwrap_or_else(|p| p.into_inner());
        // A hub already running here stops first (dropping it stops it): the port is freed.
        *slot = HostedHub::Stopped;
        let (key, office_name) = {
            let mut st = self.lock();
            let key = match st.store.device_secret(HUB_KEY_SECRET)? {
                Some(k) => k,
                None => {
                    let k = motcua_queue::access::new_key();
                    st.store.set_device_secret(HUB_KEY_SECRET, &k)?;
                    k
                }
            };
            (key, st.store.office()?.map(|o| o.name).unwrap_or_default())
        };
        let options = HubOptions {
            db: self.hub_db_path(),
            listen: format!("0.0.0.0:{}", hosting.port),
            key: key.clone(),
            config: HostConfig::default(),
            printer: None,
            office_name,
        };
        match office_hub::start(options) {
            Ok(hub) => {
                let url = hub.local_url();
                *slot = HostedHub::Running(hub);
                Ok((key, url))
            }
            Err(e) => {
                *slot = HostedHub::Failed(e.user_message());
                Err(e.into())
            }
        }
    }

    /// The admin turns hosting on (on `port`) or off. On: the hub starts and this PC is
    /// enrolled with it as its counter.
    pub fn set_queue_hosting(&self, hosting: Option<QueueHosting>) -> Result<HostingInfo, AppError> {
        if let Some(h) = &hosting {
            h.validate().map_err(AppError::Invalid)?;
        }
        let (actor, device_id, counter) = {
            let st = self.lock();
            let s = Self::session(&st, &[Role::Admin])?;
            (s.actor, st.store.device_id().to_owned(), st.store.require_office()?.counter_number)
        };
        match hosting {
            Some(h) => {
                let (key, url) = self.start_hub(h)?;
                self.lock().store.commit(&actor, Change::QueueHostingSet { device_id, hosting: Some(h) })?;
                // The PC that holds the hub's key is the supervisor's anyway.
                self.enrol_with_hub(QueueLink { hub_url: url, counter, supervisor: true }, &key)?;
                tracing::info!(port = h.port, "this PC hosts the office queue");
            }
            None => {
                self.stop_hosting();
                self.lock().store.commit(&actor, Change::QueueHostingSet { device_id, hosting: None })?;
                tracing::info!("this PC no longer hosts the office queue");
            }
        }
        self.queue_hosting()
    }

    pub fn queue_hosting(&self) -> Result<HostingInfo, AppError> {
        let (hosting, key) = {
            let st = self.lock();
            Self::session(&st, &[Role::Admin])?;
            (st.store.queue_hosting()?, st.store.device_secret(HUB_KEY_SECRET)?)
        };
        let slot = self.hosted.lock().unwrap_or_else(|p| p.into_inner());
        let (running, problem) = match &*slot {
            HostedHub::Running(_) => (true, None),
            HostedHub::Failed(why) => (false, Some(why.clone())),
            HostedHub::Stopped => (false, None),
        };
        let lan_urls = match (&hosting, running) {
            (Some(h), true) => lan_address().map(|ip| format!("http://{ip}:{}", h.port)).into_iter().collect(),
            _ => Vec::new(),
        };
        Ok(HostingInfo { hosting, running, lan_urls, hub_key: hosting.and(key), problem })
    }

    /// "Tìm máy chủ": the hubs that answer on the LAN, for the admin to pick one.
    pub fn discover_hubs(&self, port: Option<u16>) -> Result<Vec<FoundHub>, AppError> {
        {
            let st = self.lock();
            Self::session(&st, &[Role::Admin])?;
        }
        let port = port.unwrap_or(discovery::DEFAULT_PORT);
        discovery::discover(port, &discovery::lan_broadcast(), DISCOVERY_WAIT)
            .map_err(|e| AppError::Queue(QueueError::Unreachable { url: format!("LAN:{port}"), detail: e.to_string() }))
    }

    /// Stops a hub hosted here (at exit: its last commands are answered first).
    pub(crate) fn stop_hosting(&self) {
        drop(self.hosted.lock().unwrap_or_else(|p| p.into_inner()).take_running());
    }
}

/// The hub this PC hosts, if any.
#[derive(Default)]
pub(crate) enum HostedHub {
    #[default]
    Stopped,
    Running(RunningHub),
    Failed(String),
}

impl HostedHub {
    fn take_running(&mut self) -> Option<RunningHub> {
        match std::mem::take(self) {
            HostedHub::Running(hub) => Some(hub),
            other => {
                *self = other;
                None
            }
        }
    }
}

/// This PC's address on the LAN: the one it would send from towards another network (no
/// packet is sent; a UDP "connect" only picks the route). None with no network at all.
fn lan_address() -> Option<IpAddr> {
    let socket = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).ok()?;
    socket.connect((Ipv4Addr::new(192, 0, 2, 1), 9)).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_unspecified()).then_some(ip)
}
