//! `cargo xtask bundle [--debug] [--bundles deb|nsis|...]`: installers through the Tauri CLI's
//! bundler, with the project's one `tauri.conf.json` at the repository root.
//!
//! Why a generated file: the Tauri CLI finds its project by looking for `tauri.conf.json` in
//! the folder of the shell crate (it needs that folder's Cargo.toml `[package]`), and resolves
//! the config's relative paths (UI folder, icons) from there. Our config sits at the root,
//! beside the workspace manifest, where `src-tauri/build.rs` and `generate_context!` read it.
//! So before calling the CLI this writes `src-tauri/tauri.conf.json` (git-ignored): the root
//! file with its paths made relative to `src-tauri/`, and no `beforeBuildCommand` (the UI is
//! built first, here). The compiled app still embeds the root file, so both agree by
//! construction. The root file is the one to edit; a new key holding a path (bundle resources,
//! a fixed WebView2 runtime) needs its rewrite added in `write_cli_config`.

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
    deps::apt(deps::APP_PACKAGES)?;
    build_ui()?;
    let root = root();
    write_cli_config(&root)?;
    let cli = root.join("ui/node_modules/.bin").join(if cfg!(windows) { "tauri.cmd" } else { "tauri" });
    anyhow::ensure!(cli.exists(), "{} is missing: `npm --prefix ui ci` installs the Tauri CLI", cli.display());
    let mut args = vec!["build", "--bundles", bundles, "--ci"];
    if debug {
        args.push("--debug");
    }
    let app_path = root.join("src-tauri");
    let frontend = root.join("ui");
    sh_env(
        &cli.to_string_lossy(),
        &args,
        &[("TAURI_APP_PATH", &app_path.to_string_lossy()), ("TAURI_FRONTEND_PATH", &frontend.to_string_lossy())],
    )?;
    let profile = if debug { "debug" } else { "release" };
    let out = root.join("target").join(profile).join("bundle");
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

/// `src-tauri/tauri.conf.json` from the root one (see the module comment).
fn write_cli_config(root: &Path) -> anyhow::Result<()> {
    let source = root.join("tauri.conf.json");
    let text = std::fs::read_to_string(&source).with_context(|| format!("read {}", source.display()))?;
    let mut config: Value = serde_json::from_str(&text).with_context(|| format!("parse {}", source.display()))?;
    let from_shell = |p: &str| format!("../{p}");
    if let Some(build) = config.get_mut("build").and_then(Value::as_object_mut) {
        if let Some(Value::String(dist)) = build.get_mut("frontendDist") {
            *dist = from_shell(dist);
        }
        build.remove("beforeBuildCommand");
        build.remove("beforeDevCommand");
    }
    if let Some(Value::Array(icons)) = config.pointer_mut("/bundle/icon") {
        for icon in icons {
            if let Value::String(p) = icon {
                *p = from_shell(p);
            }
        }
    }
    if let Some(Value::String(schema)) = config.get_mut("$schema")
        && !schema.starts_with("http")
    {
        *schema = from_shell(schema);
    }
    let target = root.join("src-tauri/tauri.conf.json");
    let body = serde_json::to_string_pretty(&config)? + "\n";
    std::fs::write(&target, body).with_context(|| format!("write {}", target.display()))
}
