//! Installing what the build and the tests need on a Debian 12 machine.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};

use crate::{root, sh};

/// Debian packages the desktop app needs to build and run (Tauri v2 on WebKitGTK 4.1).
pub const APP_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "file",
    "libwebkit2gtk-4.1-dev",
    "libxdo-dev",
    "libssl-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "fonts-noto-core",
    // `lp`: the app prints to CUPS printers through it.
    "cups-client",
];

/// Extra packages for the tests: a display server, the WebKit WebDriver, poppler.
/// qpdf and zbar-tools read the papers back: `qpdf --check`, `zbarimg` decodes the QR.
/// cups-daemon and cups (its `socket` backend): the print test runs its own scheduler.
/// chromium and chromium-driver: the kiosk and hall display pages in a real browser.
/// postgresql: its server programs (initdb, pg_ctl); the city server's tests start their own
/// throw-away cluster with them (the cluster the package may create is not used).
pub const TEST_PACKAGES: &[&str] = &[
    "xvfb",
    "xauth",
    "webkit2gtk-driver",
    "poppler-utils",
    "qpdf",
    "zbar-tools",
    "cups-daemon",
    "cups",
    "chromium",
    "chromium-driver",
    "postgresql",
    // A virtual environment for schemathesis (from PyPI), which fuzzes the city server's API.
    "python3-venv",
    // `openssl req`: the TLS test makes its own certificate.
    "openssl",
    // a private session bus: the single-instance window test (the plugin's Linux channel)
    "dbus-daemon",
    // keys typed into the native folder picker (GTK's, which WebDriver cannot reach)
    "xdotool",
];

/// The schemathesis release the API fuzz test is written against.
const SCHEMATHESIS: &str = "schemathesis==4.32.5";

/// schemathesis in its own virtual environment under target/ (made once); its program's path.
pub fn schemathesis() -> anyhow::Result<String> {
    let venv = root().join("target/schemathesis");
    let program = venv.join("bin/schemathesis");
    let stamp = venv.join(SCHEMATHESIS);
    if !stamp.exists() {
        sh("python3", &["-m", "venv", "--clear", &venv.to_string_lossy()])?;
        let pip = venv.join("bin/pip");
        sh(&pip.to_string_lossy(), &["install", "--quiet", "--disable-pip-version-check", SCHEMATHESIS])?;
        std::fs::write(&stamp, "").context("mark the schemathesis install")?;
    }
    Ok(program.to_string_lossy().into_owned())
}

fn installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
        .unwrap_or(false)
}

/// Installs the missing ones with apt-get (as root, or through sudo).
pub fn apt(packages: &[&str]) -> anyhow::Result<()> {
    let missing: Vec<&str> = packages.iter().copied().filter(|p| !installed(p)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    if Command::new("apt-get").arg("--version").output().is_err() {
        bail!("missing system packages {missing:?} and no apt-get: install them by hand");
    }
    apt_get(&["update", "-q"])?;
    let mut args = vec!["install", "-y", "-q", "--no-install-recommends"];
    args.extend(missing.iter().copied());
    apt_get(&args)
}

/// `apt-get ARGS`, non-interactive, as root or through sudo.
fn apt_get(args: &[&str]) -> anyhow::Result<()> {
    let root_user = Command::new("id").arg("-u").output().map(|o| o.stdout.starts_with(b"0")).unwrap_or(false);
    let mut full = if root_user { vec![] } else { vec!["apt-get"] };
    full.extend_from_slice(args);
    let program = if root_user { "apt-get" } else { "sudo" };
    crate::sh_env(program, &full, &[("DEBIAN_FRONTEND", "noninteractive")])
}

/// `apt-get install ./file.deb`, as an IT officer installs the package (its dependencies
/// come from the archive); `--reinstall` so a rerun installs this build, not keeps the last.
pub fn apt_install_file(deb: &Path) -> anyhow::Result<()> {
    let deb = deb.canonicalize().with_context(|| format!("{}", deb.display()))?;
    apt_get(&["install", "-y", "-q", "--reinstall", deb.to_string_lossy().as_ref()])
}

/// `npm ci` in ui/ when node_modules is absent or older than the lock file.
pub fn npm_ci() -> anyhow::Result<()> {
    let ui = root().join("ui");
    let lock = ui.join("package-lock.json").metadata().and_then(|m| m.modified()).context("ui/package-lock.json")?;
    let stamp = ui.join("node_modules/.package-lock.json").metadata().and_then(|m| m.modified()).ok();
    check_node()?;
    if stamp.is_none_or(|s| s < lock) {
        sh("npm", &["--prefix", "ui", "ci", "--no-audit", "--no-fund"])?;
    }
    Ok(())
}

/// Vite 8 needs Node.js 20.19 or newer.
fn check_node() -> anyhow::Result<()> {
    let out = Command::new("node").arg("--version").output().context("Node.js is not installed (need 20.19+)")?;
    let version = String::from_utf8_lossy(&out.stdout);
    let mut parts = version.trim().trim_start_matches('v').split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    if (major, minor) < (20, 19) {
        bail!("Node.js {} is too old: the UI build needs 20.19 or newer", version.trim());
    }
    Ok(())
}

/// tauri-driver (the WebDriver bridge for Tauri apps) from crates.io, if not on PATH.
pub fn tauri_driver() -> anyhow::Result<String> {
    let cargo_bin = std::env::var("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| std::path::PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo"))
        .join("bin/tauri-driver");
    if !cargo_bin.exists() {
        sh("cargo", &["install", "tauri-driver", "--version", "^2", "--locked"])?;
    }
    Ok(cargo_bin.to_string_lossy().into_owned())
}
