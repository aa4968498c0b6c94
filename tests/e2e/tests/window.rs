//! The app's window as a clerk lives with it: started twice, it stays one app (the second start
//! gives way to the first, which keeps its session); moved and resized, it comes back where it
//! was after a restart.

use std::time::{Duration, Instant};

use motcua_e2e::harness::{App, Display, Profile, SessionBus, app_binary};
use motcua_e2e::ui::Ui;

mod common;
use common::*;

#[test]
fn a_second_start_gives_way_to_the_running_app() {
    let bus = SessionBus::start();
    let mut profile = Profile::fresh("single-instance");
    profile.session_bus = Some(bus.address.clone());
    prepare_counter(&profile.db, 0);
    let display = Display::open(&profile.log_dir());
    let app = App::launch(&display, &profile, "single-instance");
    assert_eq!(first_screen(&app), "login");
    login(&app, ADMIN_USER, ADMIN_PASS, ADMIN_NAME);

    // The clerk double-clicks the icon again.
    let log = std::fs::File::create(profile.log_dir().join("second-start.log")).unwrap();
    let mut second = std::process::Command::new(app_binary())
        .envs(profile.env(&display))
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .unwrap();
    let until = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = second.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > until {
            let _ = second.kill();
            let _ = second.wait();
            panic!("the second start is still running after 20 s: two apps on one counter");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "the second start ends quietly: {status:?}");
    // The first is untouched: same session, same window.
    assert!(app.exists("#current-user"));
    assert_eq!(app.window_handles().unwrap().len(), 1);
    let said = std::fs::read_to_string(profile.log_dir().join("single-instance.log")).unwrap();
    assert!(said.contains("a second start of the app"), "the running app heard of the second start");
}

#[test]
fn the_window_comes_back_where_the_clerk_left_it() {
    let profile = Profile::fresh("window-state");
    prepare_counter(&profile.db, 0);
    let display = Display::open(&profile.log_dir());
    {
        let mut app = App::launch(&display, &profile, "window-first");
        assert_eq!(first_screen(&app), "login");
        app.set_window_rect(40, 30, 1200, 700).unwrap();
        let until = Instant::now() + Duration::from_secs(10);
        while app.window_rect().unwrap().2 != 1200 && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(100));
        }
        assert_eq!(app.window_rect().unwrap().2, 1200, "the window took the new size");
        // Written a moment after the last move, not only at exit (PCs get switched off at the
        // wall): the app is killed below, as by a power cut.
        let state = profile.dir.join("xdg/config/vn.motcua.counter/.window-state.json");
        let until = Instant::now() + Duration::from_secs(10);
        while !std::fs::read_to_string(&state).is_ok_and(|t| t.contains("1200")) {
            assert!(Instant::now() < until, "no window places in {}", state.display());
            std::thread::sleep(Duration::from_millis(100));
        }
        app.shutdown();
    }
    let app = App::launch(&display, &profile, "window-second");
    assert_eq!(first_screen(&app), "login");
    let (x, y, width, height) = app.window_rect().unwrap();
    assert_eq!((width, height), (1200, 700), "the size is restored (at {x},{y})");
    assert!((x - 40).abs() <= 40 && (y - 30).abs() <= 60, "the position is restored: {x},{y}");
}
