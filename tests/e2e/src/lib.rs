//! End-to-end tests of the counter app: the real app window under Xvfb, driven through
//! `tauri-driver` (WebDriver). The tests are in `tests/`; this library is their tooling:
//!
//! - [`webdriver`]: a small blocking W3C WebDriver client;
//! - [`harness`]: Xvfb, one `tauri-driver` per app launch, teardown even on panic;
//! - [`ui`]: find / click / type by CSS selector with bounded waits.
//!
//! Run (Linux, after building the app with `--features custom-protocol`):
//! `cargo test -p motcua-e2e -- --test-threads=1`

pub mod harness;
pub mod ui;
pub mod webdriver;
