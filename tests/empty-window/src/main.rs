//! An empty Tauri v2 window: the floor the app's start-up time and idle memory are measured
//! against (`cargo xtask bench`). Same Tauri features and window size as the real app, a page
//! with nothing in it, and one command the page calls once it has loaded.

// Like the app: no console window behind it on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::sync::OnceLock;
use std::time::Instant;

static STARTED: OnceLock<Instant> = OnceLock::new();

/// The page has loaded: print the line the benchmark waits for.
#[tauri::command]
fn ready() {
    let since_start = STARTED.get().map(|t| t.elapsed().as_millis()).unwrap_or_default();
    eprintln!("EMPTY_WINDOW_READY since_start_ms={since_start}");
}

fn main() {
    STARTED.get_or_init(Instant::now);
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ready])
        .run(tauri::generate_context!())
        .expect("the Tauri runtime failed to start");
}
