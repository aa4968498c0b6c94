//! What the app's updates need from the counter: where this PC looks for them (an admin's
//! setting), and a moment when nothing is being saved or printed to install one in. The
//! download, the signature check and the install are the desktop shell's (Tauri's updater).

use std::sync::{RwLock, RwLockReadGuard};

use motcua_store::{Change, Role};

use crate::{AppError, CounterApp};

/// Held (shared) while a paper goes to a printer; an update takes it alone.
#[derive(Default)]
pub(crate) struct Printing(RwLock<()>);

impl Printing {
    pub(crate) fn guard(&self) -> RwLockReadGuard<'_, ()> {
        self.0.read().unwrap_or_else(|p| p.into_inner())
    }
}

/// The longest address accepted (a URL typed or pasted by an admin).
const MAX_URL_CHARS: usize = 500;

impl CounterApp {
    /// The address this PC checks for updates (admin only).
    pub fn update_source(&self) -> Result<Option<String>, AppError> {
        let st = self.lock();
        Self::session(&st, &[Role::Admin])?;
        Ok(st.store.update_source()?)
    }

    /// Where "Kiểm tra cập nhật" looks (admin only): the address the admin set, else, on a PC
    /// enrolled with the city, the city server's updates (`motcua-server --updates DIR`).
    pub fn update_check_url(&self) -> Result<Option<String>, AppError> {
        let st = self.lock();
        Self::session(&st, &[Role::Admin])?;
        if let Some(url) = st.store.update_source()? {
            return Ok(Some(url));
        }
        Ok(st.store.city_link()?.map(|link| format!("{}/updates/latest.json", link.server_url)))
    }

    /// The admin sets (or with `None` clears) where this PC looks for updates: the address of
    /// the update manifest (`latest.json`) the city or the vendor publishes.
    pub fn set_update_source(&self, url: Option<String>) -> Result<Option<String>, AppError> {
        let url = url.map(|u| u.trim().to_owned()).filter(|u| !u.is_empty());
        if let Some(u) = &url {
            let scheme_ok = u.starts_with("https://") || u.starts_with("http://");
            if !scheme_ok || u.chars().any(char::is_whitespace) || u.chars().count() > MAX_URL_CHARS {
                return Err(AppError::field(
                    "url",
                    "Địa chỉ cập nhật phải là một địa chỉ web bắt đầu bằng https:// (ví dụ https://motcua.hanoi.gov.vn/cap-nhat/latest.json)",
                ));
            }
        }
        let mut st = self.lock();
        let s = Self::session(&st, &[Role::Admin])?;
        let device_id = st.store.device_id().to_owned();
        st.store.commit(&s.actor, Change::UpdateSourceSet { device_id, url: url.clone() })?;
        tracing::info!(set = url.is_some(), "update source set");
        Ok(url)
    }

    /// Runs `install` (an admin's) when no dossier is being saved and no paper printed, and
    /// keeps both from starting until it returns: saves wait for the app's lock, prints for the
    /// printing guard.
    pub fn while_idle<T>(&self, install: impl FnOnce() -> T) -> Result<T, AppError> {
        let _no_printing = self.printing.0.write().unwrap_or_else(|p| p.into_inner());
        let st = self.lock();
        Self::session(&st, &[Role::Admin])?;
        let done = install();
        drop(st);
        Ok(done)
    }

    /// Sends a paper to its printer; an update waits for it to be sent.
    pub(crate) fn send_to_printer(
        &self,
        printer: &motcua_print::PrinterConfig,
        job: &motcua_print::PrintJob,
    ) -> Result<(), motcua_print::PrintError> {
        let _printing = self.printing.guard();
        motcua_print::send(printer, job)
    }
}
