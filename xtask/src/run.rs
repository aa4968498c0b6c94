//! `cargo xtask run`: build the app with the UI embedded and start it with a fresh local
//! database in the user's data directory (no configuration).

use crate::{build_ui, deps, sh};

pub fn run(args: &[String]) -> anyhow::Result<()> {
    deps::apt(deps::APP_PACKAGES)?;
    build_ui()?;
    let profile = if args.iter().any(|a| a == "--debug") { "dev" } else { "release" };
    sh("cargo", &["build", "--profile", profile, "-p", "motcua-desktop", "--features", "custom-protocol"])?;
    let dir = if profile == "dev" { "debug" } else { "release" };
    let bin = crate::root().join("target").join(dir).join("motcua-desktop");
    sh(&bin.to_string_lossy(), &[])
}
