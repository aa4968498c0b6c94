//! The Linux package as an IT officer installs it: `cargo xtask test` builds the .deb, installs
//! it with `apt-get install ./file.deb`, then runs this test against `/usr/bin/motcua-desktop`.
//! The installed app starts under Xvfb with no configuration, makes its database in its own
//! data folder and shows the first-run wizard.

use motcua_e2e::harness::{App, Display, Profile, app_binary};
use motcua_e2e::ui::Ui;

mod common;
use common::*;

#[test]
#[ignore = "run by cargo xtask test once the .deb is installed (MOTCUA_APP_BIN=/usr/bin/motcua-desktop)"]
fn the_installed_package_starts_with_the_first_run_wizard() {
    let bin = app_binary();
    assert!(bin.starts_with("/usr/bin"), "this test drives the installed app, not {}", bin.display());
    let owner = std::process::Command::new("dpkg").args(["-S", bin.to_str().unwrap()]).output().unwrap();
    assert!(owner.status.success(), "{} is not from an installed package", bin.display());

    // The menu entry a clerk clicks starts this binary.
    let entry = std::fs::read_to_string("/usr/share/applications/motcua.desktop").expect("the menu entry");
    assert!(entry.lines().any(|l| l.starts_with("Exec=motcua-desktop")), "{entry}");
    assert!(entry.contains("Name=Một Cửa"), "{entry}");

    let mut profile = Profile::fresh("installed");
    profile.db_from_env = false;
    let display = Display::open(&profile.log_dir());
    let app = App::launch(&display, &profile, "installed");
    assert_eq!(first_screen(&app), "wizard");
    app.wait_text("h1", "the wizard's title", &|t| t.contains("Thiết lập"));
    let db = profile.dir.join("xdg/data/vn.motcua.counter/motcua.db");
    assert!(db.is_file(), "the installed app keeps its database in its data folder: {}", db.display());
}
