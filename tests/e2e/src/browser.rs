//! Debian's Chromium in headless mode through chromedriver: what the kiosk and the hall
//! display pages run in (any browser on the LAN; a TV's is Chromium-based more often than not).

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::webdriver::{Client, Session};

/// chromedriver and its Chromium, with one session; both stop when this is dropped.
pub struct Browser {
    session: Session,
    driver: Child,
}

impl Browser {
    pub fn launch() -> Browser {
        let driver_bin = std::env::var_os("CHROMEDRIVER").map(PathBuf::from).unwrap_or("/usr/bin/chromedriver".into());
        assert!(
            driver_bin.exists(),
            "{} is missing: `apt-get install chromium chromium-driver` (cargo xtask test does)",
            driver_bin.display()
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let driver = Command::new(&driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", driver_bin.display()));
        let client = Client::new(&format!("http://127.0.0.1:{port}"), Duration::from_secs(60));
        let until = Instant::now() + Duration::from_secs(20);
        while client.status().is_err() {
            assert!(Instant::now() < until, "chromedriver did not answer in 20 s");
            std::thread::sleep(Duration::from_millis(100));
        }
        let capabilities = json!({ "alwaysMatch": { "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            // A hall TV plays the call without anyone touching it: no autoplay gesture.
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,720",
                     "--autoplay-policy=no-user-gesture-required"],
        }}});
        let session = Session::create(client, capabilities).expect("a Chromium session");
        Browser { session, driver }
    }
}

impl std::ops::Deref for Browser {
    type Target = Session;
    fn deref(&self) -> &Session {
        &self.session
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.session.delete();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
