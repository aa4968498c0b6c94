//! End-to-end tests of the counter app: the real app window under Xvfb, driven through
//! `tauri-driver` (WebDriver). The tests are in `tests/`; this library is their tooling:
//!
//! - [`webdriver`]: a small blocking W3C WebDriver client;
//! - [`harness`]: Xvfb, one `tauri-driver` per app launch, teardown even on panic;
//! - [`ui`]: find / click / type by CSS selector with bounded waits;
//! - [`browser`]: headless Chromium through chromedriver, for the office hub's kiosk and hall
//!   display pages (`tests/hall.rs`).
//!
//! Run (Linux, after building the app with `--features custom-protocol`):
//! `cargo test -p motcua-e2e -- --test-threads=1`
//!
//! Environment: `MOTCUA_APP_BIN` (default `<workspace>/target/debug/motcua-desktop`),
//! `DISPLAY` (unset: a private Xvfb per test), `TAURI_DRIVER`, `WEBKIT_WEBDRIVER`, `XVFB`
//! (paths of the helpers when not in the usual places). Screenshots go to
//! `<workspace>/artifacts/e2e/`; each test's database, WebKit profile and logs (driver and app
//! stderr) to `<target>/e2e/<case>/`.

pub mod browser;
pub mod harness;
pub mod ui;
pub mod webdriver;
