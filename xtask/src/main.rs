//! `cargo xtask run | test | bench | bundle`: the README's commands. Each installs what it needs on a
//! Debian machine (system packages, npm packages, tauri-driver) before building, so a fresh
//! clone on a fresh machine works with one command.

mod bench;
mod bundle;
mod deps;
mod run;
mod test;

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, bail};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (cmd, rest) = args.split_first().map(|(c, r)| (c.as_str(), r)).unwrap_or(("help", &[]));
    match cmd {
        "run" => run::run(rest),
        "test" => test::run(rest),
        "bench" => bench::run(rest),
        "bundle" => bundle::run(rest),
        _ => {
            eprintln!("usage: cargo xtask <run|test|bench> [options]");
            eprintln!("  run            install what the app needs, build it (release) and start it");
            eprintln!("  test           install test tools, then run every test (unit, store, CLI, end-to-end)");
            eprintln!("  bench [--quick] [--runs N]   benchmarks, printed as tables");
            eprintln!("  bundle [--debug] [--bundles deb]   installers through the Tauri CLI (target/*/bundle/)");
            if cmd == "help" { Ok(()) } else { bail!("unknown command {cmd:?}") }
        }
    }
}

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask is inside the workspace").to_owned()
}

/// Runs a command in the workspace root, echoing it, failing on a non-zero exit.
pub fn sh(program: &str, args: &[&str]) -> anyhow::Result<()> {
    sh_env(program, args, &[])
}

pub fn sh_env(program: &str, args: &[&str], env: &[(&str, &str)]) -> anyhow::Result<()> {
    eprintln!("$ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root())
        .status()
        .with_context(|| format!("cannot start {program}"))?;
    if !status.success() {
        bail!("{program} {} failed ({status})", args.join(" "));
    }
    Ok(())
}

/// Builds the web UI into ui/dist (npm ci first when node_modules is missing or stale).
pub fn build_ui() -> anyhow::Result<()> {
    deps::npm_ci()?;
    sh("npm", &["--prefix", "ui", "run", "build"])
}
