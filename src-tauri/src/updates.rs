//! Updates of the app through Tauri's updater plugin: the admin checks the address set in
//! Quản trị (or, left empty, the city server's), sees the version on offer, and installs it with a click. The package is
//! downloaded and its minisign signature checked against the public key compiled in from
//! `tauri.conf.json` (`plugins.updater.pubkey`, with `requireSignedVersion`) before anything
//! is installed; a bad signature, a server that answers garbage or no network leave the
//! running app as it was. The install itself runs under `CounterApp::while_idle`: never while
//! a dossier is being saved or a paper printed.

use std::sync::Mutex;

use serde::Serialize;
use tauri::{AppHandle, Manager};
use tauri_plugin_updater::{Error as UpdaterError, Update, UpdaterExt};

use crate::Shell;
use crate::dto::ErrorDto;

/// What the admin sees after a check.
#[derive(Debug, Clone, Serialize)]
pub struct UpdateOffer {
    pub current: String,
    /// `None`: this is the newest version.
    pub available: Option<String>,
    pub notes: Option<String>,
}

/// The update found by the last check, waiting for the admin's click.
#[derive(Default)]
pub struct PendingUpdate(Mutex<Option<Update>>);

/// Checks the admin's update address.
pub async fn check(handle: &AppHandle) -> Result<UpdateOffer, ErrorDto> {
    let shell = handle.state::<Shell>();
    let app = shell.app.as_ref().map_err(Clone::clone)?;
    let Some(url) = app.update_check_url()? else {
        return Err(refusal(
            "update_not_set_up",
            "Chưa nhập địa chỉ cập nhật, và máy chưa đăng ký với máy chủ thành phố.",
        ));
    };
    let url = url.parse().map_err(|_| refusal("update_source", "Địa chỉ cập nhật không hợp lệ."))?;
    let updater = handle
        .updater_builder()
        .endpoints(vec![url])
        .and_then(|b| b.timeout(std::time::Duration::from_secs(30)).build())
        .map_err(explain)?;
    let found = updater.check().await.map_err(explain)?;
    let current = handle.package_info().version.to_string();
    let offer = UpdateOffer {
        current,
        available: found.as_ref().map(|u| u.version.clone()),
        notes: found.as_ref().and_then(|u| u.body.clone()),
    };
    tracing::info!(available = ?offer.available, "update checked");
    *handle.state::<PendingUpdate>().0.lock().unwrap_or_else(|p| p.into_inner()) = found;
    Ok(offer)
}

/// Downloads the update found by the last check, verifies its signature, installs it when
/// the counter is idle and restarts the app.
pub async fn install(handle: &AppHandle) -> Result<(), ErrorDto> {
    {
        let shell = handle.state::<Shell>();
        shell.app.as_ref().map_err(Clone::clone)?.update_source()?; // admin only, before any download
    }
    let pending = handle.state::<PendingUpdate>().0.lock().unwrap_or_else(|p| p.into_inner()).clone();
    let Some(update) = pending else {
        return Err(refusal("no_update", "Chưa có bản cập nhật nào để cài; hãy bấm “Kiểm tra cập nhật”."));
    };
    let bytes = update.download(|_, _| {}, || {}).await.map_err(explain)?;
    tracing::info!(version = %update.version, bytes = bytes.len(), "update downloaded and verified");
    // Waiting for a save or a print to end blocks: not on the async runtime's threads.
    let h = handle.clone();
    let version = update.version.clone();
    tauri::async_runtime::spawn_blocking(move || -> Result<(), ErrorDto> {
        let shell = h.state::<Shell>();
        let app = shell.app.as_ref().map_err(Clone::clone)?;
        app.while_idle(|| update.install(&bytes))?.map_err(explain)?;
        app.shut_down();
        Ok(())
    })
    .await
    .map_err(|e| ErrorDto::internal(&e.to_string()))??;
    tracing::info!(%version, "update installed; restarting");
    handle.restart();
}

fn refusal(code: &'static str, message: &str) -> ErrorDto {
    ErrorDto::message(code, message)
}

/// The updater's errors in the admin's words (the detail goes to the log).
fn explain(e: UpdaterError) -> ErrorDto {
    tracing::warn!(error = %e, "update refused");
    let untouched = "Phần mềm đang dùng giữ nguyên.";
    match e {
        UpdaterError::Minisign(_) | UpdaterError::Base64(_) | UpdaterError::SignatureUtf8(_) => refusal(
            "update_bad_signature",
            &format!("Bản cập nhật không có chữ ký hợp lệ của nhà cung cấp nên không được cài. {untouched}"),
        ),
        // The server answered, but not with a release: its body did not decode, or an HTTP error.
        UpdaterError::Reqwest(e) if e.is_decode() || e.is_body() || e.is_status() => {
            refusal("update_bad_answer", &format!("Máy chủ cập nhật trả lời không hợp lệ. {untouched}"))
        }
        UpdaterError::Reqwest(_) | UpdaterError::Network(_) => refusal(
            "update_unreachable",
            &format!("Không kết nối được máy chủ cập nhật; hãy kiểm tra mạng và địa chỉ. {untouched}"),
        ),
        UpdaterError::ReleaseNotFound
        | UpdaterError::Serialization(_)
        | UpdaterError::Semver(_)
        | UpdaterError::UrlParse(_)
        | UpdaterError::TargetNotFound(_)
        | UpdaterError::TargetsNotFound(_) => refusal(
            "update_bad_answer",
            &format!("Máy chủ cập nhật trả lời không hợp lệ (không có bản cho máy này). {untouched}"),
        ),
        UpdaterError::InsecureTransportProtocol => refusal("update_source", "Địa chỉ cập nhật phải dùng https://."),
        _ => refusal("update_failed", &format!("Không cài được bản cập nhật. {untouched}")),
    }
}
