use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;

use motcua_app::{CounterApp, FixedClock, OfficeSetup};

pub fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, min, 0).unwrap()
}

pub fn setup_json() -> OfficeSetup {
    serde_json::from_value(json!({
        "office": {
            "name": "Bộ phận Một cửa UBND phường Ba Đình",
            "unit_code": "000.00.21.H26",
            "address": "1 Đội Cấn, Ba Đình, Hà Nội",
            "place_name": "Hà Nội",
            "counter_number": 3,
            "hotlines": ["1900 1234"],
            "feedback_email": "motcua@example.vn"
        },
        "admin": { "full_name": "Nguyễn Quản Trị", "username": "admin", "password": "matkhau123" }
    }))
    .unwrap()
}

/// A set-up office, logged in as its admin, with the clock at `now`.
pub fn office_at(dir: &tempfile::TempDir, now: NaiveDateTime) -> CounterApp {
    let app = CounterApp::open_with_clock(&dir.path().join("counter.db"), Box::new(FixedClock(now))).unwrap();
    app.setup_office(setup_json()).unwrap();
    app.login("admin", "matkhau123").unwrap();
    app
}
