//! Sync with the city server, as the counter sees it: the admin enrols the PC once (server
//! address and the one-time code from the city); from then on a thread pushes the op log by
//! itself, and every screen shows the state (online or not, ops waiting and since when, the
//! last successful sync) with "Đồng bộ ngay".
//!
//! The PC's credential is a device secret (`city_token`), never in the op log; the link
//! (address, office) is a setting recorded as an op like the others.

use std::sync::{Arc, Mutex};

use serde::Serialize;

use motcua_domain::office::{CityLink, OfficeProfile};
use motcua_store::{Actor, Change, NotApplied, Rejection, Role, Store, StoreError};
use motcua_sync::pull::pull_all;
use motcua_sync::runner::RunnerConfig;
use motcua_sync::{CityClient, RoundReport, StoreAccess, SyncError, SyncRunner, sync_round};

use crate::{AppError, CounterApp, State};

const TOKEN_SECRET: &str = "city_token";

/// The sync line every screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncStatus {
    /// The city server this PC syncs with; `None`: not enrolled (nothing else applies).
    pub link: Option<CityLink>,
    /// Whether the last round reached the server; `None` before the first round ends.
    pub online: Option<bool>,
    pub syncing: bool,
    /// Ops made here the server has not acknowledged, and when the oldest was made (UTC).
    pub waiting: u64,
    pub oldest_waiting_at: Option<String>,
    /// The last time the server had everything this PC had made (UTC).
    pub last_synced_at: Option<String>,
    /// Ops the server refused for good.
    pub rejected: u64,
    /// Why the last round failed, in Vietnamese.
    pub last_error: Option<String>,
    /// The failure needs a person (outdated app, revoked PC).
    pub needs_attention: bool,
    /// The city server's clock minus this PC's, in seconds (the line warns past 5 minutes).
    pub clock_skew_s: Option<i64>,
}

/// The store as the sync thread reaches it: the app's own lock, held only between network
/// calls.
struct AppStore(Arc<Mutex<State>>);

impl StoreAccess for AppStore {
    fn with_store<T>(&self, f: &mut dyn FnMut(&mut Store) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let mut st = self.0.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut st.store)
    }
}

/// `https://host[:port]`, without a trailing slash; http is allowed (a city's LAN, tests).
fn server_url(typed: &str) -> Result<String, AppError> {
    let url = typed.trim().trim_end_matches('/');
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains(char::is_whitespace) => Ok(url.to_owned()),
        _ => Err(AppError::field(
            "server_url",
            "Địa chỉ máy chủ thành phố phải bắt đầu bằng https:// (ví dụ https://motcua.hanoi.gov.vn)",
        )),
    }
}

impl CounterApp {
    /// The admin enrols this PC with the city server, once, with the code the city issued.
    pub fn enrol_with_city(&self, server_url_typed: &str, code: &str) -> Result<CityLink, AppError> {
        let url = server_url(server_url_typed)?;
        if code.trim().is_empty() {
            return Err(AppError::field("code", "Chưa nhập mã đăng ký do quản trị thành phố cấp"));
        }
        let (actor, device_id, device_name, unit) = {
            let st = self.lock();
            let actor = Self::session(&st, &[Role::Admin])?.actor;
            let office = st.store.office()?;
            let counter = office.as_ref().map_or(1, |o| o.counter_number);
            (actor, st.store.device_id().to_owned(), format!("Quầy {counter}"), office.map(|o| o.unit_code))
        };
        // The lock is not held while the server answers.
        let enrolment = CityClient::new(&url, None)?.enrol(code, &device_id, &device_name, unit.as_deref())?;
        let link = CityLink {
            server_url: url,
            office_unit_code: enrolment.office_unit_code,
            office_name: enrolment.office_name,
        };
        {
            let mut st = self.lock();
            st.store.set_device_secret(TOKEN_SECRET, &enrolment.device_token)?;
            st.store.commit(&actor, Change::CityLinkSet { device_id, link: Some(link.clone()) })?;
        }
        tracing::info!(office = %link.office_unit_code, "PC enrolled with the city server");
        self.stop_sync();
        self.start_sync(&link.server_url, enrolment.device_token)?;
        Ok(link)
    }

    /// First run on a new PC of an office the city already knows (instead of the wizard): the
    /// server address, the one-time code and this PC's counter number. The PC enrols, pulls
    /// what the office's other PCs share (the office's data, staff accounts, catalog,
    /// holidays, paper settings, dossiers) and takes the office's profile with its own
    /// counter number; the office's admin then logs in with the account they already have.
    ///
    /// A counter number another PC of the office uses is refused (dossier codes are numbered
    /// per counter); the PC stays enrolled, so trying again with another number needs no new
    /// code.
    pub fn join_city_office(
        &self,
        server_url_typed: &str,
        code: &str,
        counter_number: u32,
    ) -> Result<OfficeProfile, AppError> {
        let url = server_url(server_url_typed)?;
        let (device_id, enrolled) = {
            let st = self.lock();
            if st.store.office()?.is_some() {
                return Err(AppError::AlreadySetUp);
            }
            let link = st.store.city_link()?.filter(|l| l.server_url == url);
            (st.store.device_id().to_owned(), link.and(st.store.device_secret(TOKEN_SECRET)?))
        };
        let token = match enrolled {
            Some(token) => token,
            None => {
                if code.trim().is_empty() {
                    return Err(AppError::field("code", "Chưa nhập mã đăng ký do quản trị thành phố cấp"));
                }
                let name = format!("Quầy {counter_number}");
                let enrolment = CityClient::new(&url, None)?.enrol(code, &device_id, &name, None)?;
                let link = CityLink {
                    server_url: url.clone(),
                    office_unit_code: enrolment.office_unit_code,
                    office_name: enrolment.office_name,
                };
                let mut st = self.lock();
                st.store.set_device_secret(TOKEN_SECRET, &enrolment.device_token)?;
                st.store.commit(&Actor::first_run(), Change::CityLinkSet { device_id, link: Some(link) })?;
                tracing::info!("PC enrolled with the city server to join its office");
                enrolment.device_token
            }
        };
        let client = CityClient::new(&url, Some(token.clone()))?;
        let pulled = pull_all(&client, &AppStore(self.state.clone()))?;
        let office = {
            let mut st = self.lock();
            if st.store.office()?.is_some() {
                return Err(AppError::AlreadySetUp);
            }
            let others = st.store.office_of_other_pcs()?.ok_or(AppError::OfficeNotAtCity)?;
            let office = OfficeProfile { counter_number, ..others.profile }.normalised();
            office.validate().map_err(AppError::Invalid)?;
            if others.counters_in_use.contains(&counter_number) {
                let in_use: Vec<String> = others.counters_in_use.iter().map(u32::to_string).collect();
                return Err(AppError::field(
                    "counter_number",
                    format!(
                        "Quầy {counter_number} đã có máy khác của bộ phận dùng (các quầy đang dùng: {}). Hãy chọn số quầy khác.",
                        in_use.join(", ")
                    ),
                ));
            }
            st.store.commit(&Actor::first_run(), Change::OfficeConfigured(office.clone()))?;
            office
        };
        tracing::info!(
            unit = %office.unit_code,
            counter = office.counter_number,
            applied = pulled.applied.applied,
            "PC joined its office from the city server"
        );
        self.stop_sync();
        self.start_sync(&url, token)?;
        Ok(office)
    }

    /// At app start: syncing resumes by itself on an enrolled PC.
    pub fn resume_sync(&self) {
        let found = {
            let st = self.lock();
            st.store.city_link().and_then(|l| Ok((l, st.store.device_secret(TOKEN_SECRET)?)))
        };
        match found {
            Ok((Some(link), Some(token))) => {
                if let Err(e) = self.start_sync(&link.server_url, token) {
                    tracing::error!(error = %e, "sync did not start");
                }
            }
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "cannot read the city link"),
        }
    }

    fn start_sync(&self, url: &str, token: String) -> Result<(), AppError> {
        let client = CityClient::new(url, Some(token))?;
        let runner = SyncRunner::start(client, Arc::new(AppStore(self.state.clone())), RunnerConfig::default());
        *self.sync.lock().unwrap_or_else(|p| p.into_inner()) = Some(runner);
        Ok(())
    }

    pub(crate) fn stop_sync(&self) {
        drop(self.sync.lock().unwrap_or_else(|p| p.into_inner()).take());
    }

    /// The sync line: for anyone logged in.
    pub fn sync_status(&self) -> Result<SyncStatus, AppError> {
        let (link, summary) = {
            let st = self.lock();
            Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
            (st.store.city_link()?, st.store.sync_summary()?)
        };
        let state = self.sync.lock().unwrap_or_else(|p| p.into_inner()).as_ref().map(|r| r.state()).unwrap_or_default();
        Ok(SyncStatus {
            link,
            online: state.online,
            syncing: state.syncing,
            waiting: summary.waiting,
            oldest_waiting_at: summary.oldest_waiting_at,
            last_synced_at: summary.last_push_at,
            rejected: summary.rejected,
            last_error: state.last_error,
            needs_attention: state.needs_attention,
            clock_skew_s: state.clock_skew_s,
        })
    }

    /// One round in the caller's thread (the CLI's `motcua sync now`), whether or not the
    /// sync thread runs: the outbox pushed until empty, then the office's changes pulled, or
    /// the first failure.
    pub fn sync_once(&self) -> Result<RoundReport, AppError> {
        let (link, token) = {
            let st = self.lock();
            Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
            (st.store.city_link()?, st.store.device_secret(TOKEN_SECRET)?)
        };
        let (Some(link), Some(token)) = (link, token) else {
            return Err(AppError::Sync(SyncError::NotEnrolled));
        };
        let client = CityClient::new(&link.server_url, Some(token))?;
        Ok(sync_round(&client, &AppStore(self.state.clone()))?)
    }

    /// The ops the city server refused, newest first, with its reasons: for the admin.
    pub fn sync_rejections(&self) -> Result<Vec<Rejection>, AppError> {
        let st = self.lock();
        Self::session(&st, &[Role::Admin, Role::Supervisor])?;
        Ok(st.store.sync_rejections(100)?)
    }

    /// What this PC pulled from the office's other PCs and the city but kept in its log only
    /// (an older edit, a clash with what is here), newest first, with the reason.
    pub fn sync_not_applied(&self) -> Result<Vec<NotApplied>, AppError> {
        let st = self.lock();
        Self::session(&st, &[Role::Admin, Role::Supervisor])?;
        Ok(st.store.pulled_not_applied(100)?)
    }

    /// "Đồng bộ ngay".
    pub fn sync_now(&self) -> Result<(), AppError> {
        {
            let st = self.lock();
            Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
        }
        match self.sync.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
            Some(runner) => {
                runner.sync_now();
                Ok(())
            }
            None => Err(AppError::Sync(SyncError::NotEnrolled)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::server_url;

    #[test]
    fn the_server_address_is_checked_and_tidied() {
        assert_eq!(server_url(" https://motcua.hanoi.gov.vn/ ").unwrap(), "https://motcua.hanoi.gov.vn");
        assert_eq!(server_url("http://127.0.0.1:8800").unwrap(), "http://127.0.0.1:8800");
        for bad in ["", "motcua.hanoi.gov.vn", "ftp://x", "https://", "https://a b"] {
            assert!(server_url(bad).is_err(), "{bad}");
        }
    }
}
