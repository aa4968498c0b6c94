//! `cargo xtask test`: every test, from a clean clone on a fresh Debian machine.

use crate::{build_ui, deps, root, sh, sh_env};

/// Counter PCs run Windows 10/11; the GNU target needs no Microsoft linker to type-check.
const WINDOWS_TARGET: &str = "x86_64-pc-windows-gnu";

pub fn run(_args: &[String]) -> anyhow::Result<()> {
    let mut packages = deps::APP_PACKAGES.to_vec();
    packages.extend_from_slice(deps::TEST_PACKAGES);
    deps::apt(&packages)?;
    let tauri_driver = deps::tauri_driver()?;

    // Repository hygiene first: it fails fastest.
    sh("cargo", &["fmt", "--all", "--check"])?;

    // The UI: type check and bundle (embedded into the app below).
    build_ui()?;

    // Plain crates: domain, store (real files, a SIGKILLed writer), app, CLI.
    sh(
        "cargo",
        &[
            "test",
            "--workspace",
            "--exclude",
            "motcua-e2e",
            "--exclude",
            "motcua-desktop",
            "--exclude",
            "motcua-empty-window",
        ],
    )?;

    // Windows-only code (the print spooler binding) must at least compile for Windows.
    sh("rustup", &["target", "add", WINDOWS_TARGET])?;
    sh("cargo", &["check", "-p", "motcua-print", "--target", WINDOWS_TARGET])?;

    // The real window under Xvfb, driven through tauri-driver and WebKitWebDriver.
    sh("cargo", &["build", "-p", "motcua-desktop", "--features", "custom-protocol"])?;
    let app = root().join("target/debug/motcua-desktop");
    sh_env(
        "cargo",
        &["test", "-p", "motcua-e2e", "--", "--test-threads=1"],
        &[("MOTCUA_APP_BIN", &app.to_string_lossy()), ("TAURI_DRIVER", &tauri_driver)],
    )
}
