//! `cargo xtask bundle [--debug] [--bundles deb|nsis|...]`: installers through the Tauri CLI's
//! bundler, with the project's one `tauri.conf.json` at the repository root.
//!
//! Why a generated file: the Tauri CLI finds its project by looking for `tauri.conf.json` in
//! the folder of the shell crate (it needs that folder's Cargo.toml `[package]`), and resolves
//! the config's relative paths (UI folder, icons) from there. Our config sits at the root,
//! beside the workspace manifest, where `src-tauri/build.rs` and `generate_context!` read it.
//! So before calling the CLI this writes `src-tauri/tauri.conf.json` and its Linux overlay
//! (git-ignored): the root files with their paths made relative to `src-tauri/`, and no
//! `beforeBuildCommand` (the UI is built first, here). The compiled app still embeds the root
//! files, so both agree by construction. The root files are the ones to edit; a new key holding a path (bundle
//! resources, a fixed WebView2 runtime) needs its rewrite added in `rebase_paths`.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde_json::Value;

use crate::{build_ui, deps, root, sh_env};

/// Options: `--debug` (a debug build, faster to make; what the tests install) and `--bundles`
/// (default: the bundle targets of the current platform that `tauri.conf.json` lists).
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let mut debug = false;
    let mut bundles: Option<String> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--debug" => debug = true,
            "--bundles" => bundles = Some(it.next().context("--bundles needs a value, e.g. deb")?.clone()),
            other => bail!("unknown option {other:?} (cargo xtask bundle [--debug] [--bundles deb])"),
        }
    }
    let bundles = bundles.unwrap_or_else(|| if cfg!(windows) { "nsis".into() } else { "deb".into() });
    let made = bundle(debug, &bundles)?;
    for path in made {
        eprintln!("bundle: {}", path.display());
    }
    Ok(())
}

/// Builds the UI, writes the CLI's view of the config and runs `tauri build`. Returns the
/// installers it made.
pub fn bundle(debug: bool, bundles: &str) -> anyhow::Result<Vec<PathBuf>> {
    // Debian's packages for WebKitGTK; Windows builds against WebView2, which needs none.
    if cfg!(target_os = "linux") {
        deps::apt(deps::APP_PACKAGES)?;
    }
    build_ui()?;
    let root = root();
    write_cli_config(&root)?;
    let cli = root.join("ui/node_modules/.bin").join(if cfg!(windows) { "tauri.cmd" } else { "tauri" });
    anyhow::ensure!(cli.exists(), "{} is missing: `npm --prefix ui ci` installs the Tauri CLI", cli.display());
    let mut args = vec!["build", "--bundles", bundles, "--ci"];
    if debug {
        args.push("--debug");
    }
    // Installers of an earlier run would be taken for this one's.
    let profile = if debug { "debug" } else { "release" };
    let out = root.join("target").join(profile).join("bundle");
    for kind in bundles.split(',') {
        let dir = out.join(kind.trim());
        if dir.exists() {
            std::fs::remove_dir_all(&dir).with_context(|| format!("clear {}", dir.display()))?;
        }
    }
    let app_path = root.join("src-tauri");
    let frontend = root.join("ui");
    sh_env(
        &cli.to_string_lossy(),
        &args,
        &[("TAURI_APP_PATH", &app_path.to_string_lossy()), ("TAURI_FRONTEND_PATH", &frontend.to_string_lossy())],
    )?;
    let mut made = Vec::new();
    for kind in bundles.split(',') {
        let dir = out.join(kind.trim());
        for entry in std::fs::read_dir(&dir).with_context(|| format!("no bundle folder {}", dir.display()))? {
            let path = entry?.path();
            if path.is_file() {
                made.push(path);
            }
        }
    }
    Ok(made)
}

/// Config files the CLI reads from the shell's folder: the main one and the Linux overlay
/// (whose `productName` is the Debian package name: ASCII, since dpkg refuses "một-cửa").
const CONFIG_FILES: [&str; 2] = ["tauri.conf.json", "tauri.linux.conf.json"];

/// `src-tauri/tauri*.conf.json` from the root ones (see the module comment).
fn write_cli_config(root: &Path) -> anyhow::Result<()> {
    for name in CONFIG_FILES {
        let source = root.join(name);
        let text = std::fs::read_to_string(&source).with_context(|| format!("read {}", source.display()))?;
        let mut config: Value = serde_json::from_str(&text).with_context(|| format!("parse {}", source.display()))?;
        rebase_paths(&mut config);
        let target = root.join("src-tauri").join(name);
        let body = serde_json::to_string_pretty(&config)? + "\n";
        std::fs::write(&target, body).with_context(|| format!("write {}", target.display()))?;
    }
    Ok(())
}

/// Makes the config's file paths relative to `src-tauri/` instead of the root, and drops the
/// UI build commands (run from a different folder by the CLI; the UI is already built).
fn rebase_paths(config: &mut Value) {
    let from_shell = |v: &mut Value| {
        if let Value::String(p) = v
            && !p.starts_with("http")
        {
            *p = format!("../{p}");
        }
    };
    if let Some(build) = config.get_mut("build").and_then(Value::as_object_mut) {
        build.get_mut("frontendDist").map(from_shell);
        build.remove("beforeBuildCommand");
        build.remove("beforeDevCommand");
    }
    if let Some(Value::Array(icons)) = config.pointer_mut("/bundle/icon") {
        icons.iter_mut().for_each(from_shell);
    }
    config.pointer_mut("/bundle/linux/deb/desktopTemplate").map(from_shell);
    config.pointer_mut("/bundle/windows/nsis/installerHooks").map(from_shell);
    config.get_mut("$schema").map(from_shell);
}

/// Debian's rule for package names (Debian Policy 5.6.1).
pub fn valid_deb_package_name(name: &str) -> bool {
    let mut chars = name.chars();
    name.len() >= 2
        && chars.next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "+-.".contains(c))
}
