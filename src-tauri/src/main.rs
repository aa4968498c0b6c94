//! The counter app's window. Everything it does is in `motcua-app`; this crate opens the
//! store, registers the commands and owns the window.

// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod dto;
mod updates;

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use tauri::Manager;

use motcua_app::CounterApp;

/// The database file inside the user's data directory.
const DB_FILE: &str = "motcua.db";

/// The opened app, or why it could not be opened (shown in the window instead of crashing:
/// a locked or corrupt database must still tell the clerk what happened).
/// When `main` started, for the "screen ready" log line.
pub static STARTED: OnceLock<Instant> = OnceLock::new();

pub struct Shell {
    app: Result<CounterApp, dto::ErrorDto>,
    /// Where the log files are written (`None`: the folder could not be made; stderr only).
    log_dir: Option<PathBuf>,
}

fn main() {
    STARTED.get_or_init(Instant::now);

    tauri::Builder::default()
        // First: a second start of the app hands over to the running one and exits, before it
        // opens the database or a window (one counter, one window, one writer).
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            tracing::info!("a second start of the app: showing this window instead");
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        // Size, position and monitor of each window (the rating window on the citizen's
        // screen), saved when it closes and restored when it opens.
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .on_window_event(|window, event| {
            if matches!(event, tauri::WindowEvent::Moved(_) | tauri::WindowEvent::Resized(_)) {
                save_window_state_soon(window.app_handle());
            }
        })
        .plugin(tauri_plugin_updater::Builder::new().build())
        // The native folder picker, called from Rust only (no dialog permission for the UI).
        .plugin(tauri_plugin_dialog::init())
        .manage(updates::PendingUpdate::default())
        .setup(|app| {
            let log_dir = app.path().app_log_dir().ok().filter(|dir| std::fs::create_dir_all(dir).is_ok());
            init_logging(log_dir.as_deref());
            let path = database_path(app.handle())?;
            tracing::info!(path = %path.display(), "opening counter database");
            let opened = CounterApp::open_at_counter(&path).map_err(|e| {
                tracing::error!(error = %e, "cannot open the counter database");
                dto::ErrorDto::from(e)
            });
            // The office's queue, if this PC hosts it (a failure is shown in Quản trị).
            if let Ok(app) = &opened {
                app.resume_hosting();
                // Pushing to the city server, if this PC is enrolled (state on every screen).
                app.resume_sync();
                // The daily backup, if an admin chose a folder: first a minute after start.
                app.start_daily_backups(Duration::from_secs(60), Duration::from_secs(15 * 60));
                // Letters by email: waiting ones are looked at every minute (and at once when
                // one is queued or an admin says "Gửi lại").
                app.start_mailer(Duration::from_secs(60));
            }
            app.manage(Shell { app: opened, log_dir });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::office_setup,
            commands::office_update,
            commands::login,
            commands::logout,
            commands::procedures_search,
            commands::cccd_parse,
            commands::id_check,
            commands::appointment_preview,
            commands::dossier_create,
            commands::dossiers_today,
            commands::dossiers_search,
            commands::dossier_get,
            commands::dossier_history,
            commands::dossier_step,
            commands::dossiers_due,
            commands::feedback_types,
            commands::feedback_record,
            commands::feedback_action,
            commands::feedback_item,
            commands::feedback_recent,
            commands::feedback_due,
            commands::feedback_types_set,
            commands::dashboard,
            commands::rating_request,
            commands::rating_pending,
            commands::rating_submit,
            commands::rating_cancel,
            commands::users_list,
            commands::user_create,
            commands::catalog_import,
            commands::ui_ready,
            commands::receipt_print,
            commands::printers_get,
            commands::printers_set,
            commands::paper_settings_get,
            commands::paper_settings_set,
            commands::dossier_forms,
            commands::form_print,
            commands::log_book_print,
            commands::printer_test,
            commands::receipt_pdf,
            commands::form_pdf,
            commands::log_book_pdf,
            commands::queue_link_get,
            commands::queue_enrol,
            commands::queue_panel,
            commands::queue_act,
            commands::queue_issue,
            commands::queue_hosting_get,
            commands::queue_hosting_set,
            commands::queue_discover,
            commands::queue_set_counter,
            commands::queue_set_services,
            commands::sync_status,
            commands::sync_now,
            commands::office_join,
            commands::sync_enrol,
            commands::sync_rejections,
            commands::sync_not_applied,
            commands::folder_pick,
            commands::report_save,
            commands::backup_status,
            commands::mail_setup,
            commands::mail_settings_set,
            commands::mail_test,
            commands::dossier_mails,
            commands::mails_retry,
            commands::backup_settings_set,
            commands::backup_now,
            commands::logs_export,
            commands::update_source_get,
            commands::update_source_set,
            commands::update_check,
            commands::update_install,
        ])
        .build(tauri::generate_context!("../tauri.conf.json"))
        .expect("the Tauri runtime failed to start")
        .run(|handle, event| {
            // Tauri exits the process without dropping managed state: close the store here.
            if let tauri::RunEvent::Exit = event
                && let Ok(app) = &handle.state::<Shell>().app
            {
                app.shut_down();
            }
        });
}

/// Log lines go to stderr and to a file a day in the app's log folder (`%LOCALAPPDATA%\
/// vn.motcua.counter\logs` on Windows, `~/.local/share/vn.motcua.counter/logs` on Linux), the
/// last 30 days kept. Level from `MOTCUA_LOG` (default `info`). No line carries personal data.
fn init_logging(log_dir: Option<&std::path::Path>) {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;

    let filter = tracing_subscriber::EnvFilter::try_from_env("MOTCUA_LOG").unwrap_or_else(|_| "info".into());
    let files = log_dir.and_then(|dir| {
        tracing_appender::rolling::RollingFileAppender::builder()
            .rotation(tracing_appender::rolling::Rotation::DAILY)
            .filename_prefix("motcua")
            .filename_suffix("log")
            .max_log_files(LOG_DAYS)
            .build(dir)
            .map_err(|e| eprintln!("log files disabled: {e}"))
            .ok()
    });
    let file_layer = files.map(|w| tracing_subscriber::fmt::layer().with_ansi(false).with_writer(w));
    tracing_subscriber::registry()
        .with(filter)
        .with(tracing_subscriber::fmt::layer().with_writer(std::io::stderr))
        .with(file_layer)
        .init();
    if let Some(dir) = log_dir {
        tracing::info!(dir = %dir.display(), version = env!("CARGO_PKG_VERSION"), "log files");
    }
}

/// The plugin writes the windows' places when the app exits; a counter PC is often switched
/// off at the wall instead, so they are also written a moment after the clerk stops moving or
/// resizing one (the last of a burst of events wins).
fn save_window_state_soon(app: &tauri::AppHandle) {
    use std::sync::atomic::{AtomicU64, Ordering};
    use tauri_plugin_window_state::{AppHandleExt, StateFlags};
    static LATEST: AtomicU64 = AtomicU64::new(0);
    let this = LATEST.fetch_add(1, Ordering::SeqCst) + 1;
    let app = app.clone();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(700));
        if LATEST.load(Ordering::SeqCst) == this
            && let Err(e) = app.save_window_state(StateFlags::all())
        {
            tracing::warn!(error = %e, "window places not saved");
        }
    });
}

/// How many days of log files are kept.
const LOG_DAYS: usize = 30;

/// `MOTCUA_DB` if set (tests, a non-default location chosen by the IT officer), otherwise
/// `motcua.db` in the app's data folder: on Windows the PC's (`%ProgramData%\vn.motcua.counter`,
/// made by the installer and writable by every local user: the counter's database belongs to
/// the PC, whichever clerk's Windows account is signed in); on Linux the user's
/// (`~/.local/share/vn.motcua.counter`).
fn database_path(app: &tauri::AppHandle) -> Result<PathBuf, Box<dyn std::error::Error>> {
    if let Some(path) = std::env::var_os("MOTCUA_DB") {
        return Ok(PathBuf::from(path));
    }
    #[cfg(windows)]
    if let Some(program_data) = std::env::var_os("ProgramData") {
        return Ok(PathBuf::from(program_data).join(app.config().identifier.as_str()).join(DB_FILE));
    }
    Ok(app.path().app_data_dir()?.join(DB_FILE))
}
