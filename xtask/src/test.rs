//! `cargo xtask test`: every test, from a clean clone on a fresh Debian machine.

use std::process::Command;

use crate::{build_ui, deps, root, sh, sh_env};

/// Counter PCs run Windows 10/11; the GNU target needs no Microsoft linker to type-check.
const WINDOWS_TARGET: &str = "x86_64-pc-windows-gnu";

pub fn run(_args: &[String]) -> anyhow::Result<()> {
    let mut packages = deps::APP_PACKAGES.to_vec();
    packages.extend_from_slice(deps::TEST_PACKAGES);
    deps::apt(&packages)?;
    let tauri_driver = deps::tauri_driver()?;
    let schemathesis = deps::schemathesis()?;

    // Repository hygiene first: it fails fastest.
    sh("cargo", &["fmt", "--all", "--check"])?;

    // The UI: type check and bundle (embedded into the app below).
    build_ui()?;

    // Plain crates: domain, store (real files, a SIGKILLed writer), app, CLI, the city server
    // (fuzzed from its OpenAPI document by schemathesis).
    sh_env(
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
        &[("MOTCUA_SCHEMATHESIS", &schemathesis)],
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
    )?;

    // The Linux installer, made by the Tauri CLI from the root tauri.conf.json (a debug build:
    // what is checked here is the packaging; installing and starting it is the installer's test).
    let debs = crate::bundle::bundle(true, "deb")?;
    let deb = check_deb(&debs)?;

    // Installed as an IT officer installs it, the packaged app starts under Xvfb with its own
    // data folder and shows the first-run wizard.
    deps::apt_install_file(&deb)?;
    sh_env(
        "cargo",
        &["test", "-p", "motcua-e2e", "--test", "installed", "--", "--ignored", "--test-threads=1"],
        &[("MOTCUA_APP_BIN", INSTALLED_APP), ("TAURI_DRIVER", &tauri_driver)],
    )
}

/// Where the .deb puts the app.
const INSTALLED_APP: &str = "/usr/bin/motcua-desktop";

/// One .deb whose control file dpkg accepts, holding the app and depending on WebKitGTK.
fn check_deb(made: &[std::path::PathBuf]) -> anyhow::Result<std::path::PathBuf> {
    let debs: Vec<_> = made.iter().filter(|p| p.extension().is_some_and(|e| e == "deb")).collect();
    anyhow::ensure!(debs.len() == 1, "expected one .deb, the bundler made {made:?}");
    let deb = debs[0].to_string_lossy();
    let field = |name: &str| -> anyhow::Result<String> {
        let out = Command::new("dpkg-deb").args(["-f", &deb, name]).output()?;
        anyhow::ensure!(out.status.success(), "dpkg-deb -f {deb} {name}: {}", String::from_utf8_lossy(&out.stderr));
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    };
    let package = field("Package")?;
    anyhow::ensure!(
        crate::bundle::valid_deb_package_name(&package),
        "{deb}: dpkg refuses the package name {package:?}"
    );
    let depends = field("Depends")?;
    anyhow::ensure!(depends.contains("libwebkit2gtk-4.1-0"), "{deb}: Depends is {depends:?}");
    let listing = Command::new("dpkg-deb").args(["-c", &deb]).output()?;
    let listing = String::from_utf8_lossy(&listing.stdout);
    let files: Vec<&str> = listing.lines().filter_map(|l| l.split_whitespace().last()).collect();
    for path in ["usr/bin/motcua-desktop", "usr/share/applications/motcua.desktop"] {
        anyhow::ensure!(files.iter().any(|f| f.trim_start_matches("./") == path), "{deb} lacks {path}:\n{listing}");
    }
    eprintln!("deb ok: {deb} (package {package})");
    Ok(debs[0].clone())
}
