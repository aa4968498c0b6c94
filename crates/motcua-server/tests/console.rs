//! The city's console API over a real server process: city staff log in (a wrong password and
//! an unknown name get the same answer), a supervisor sees every office's sync health and
//! pages through one office's dossiers, every such read is recorded and only a city admin
//! sees that record; a device credential opens nothing here; no name reaches the log.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

use common::{Server, admin};
use motcua_store::fixtures::{at, draft, receive, set_up};
use motcua_sync::CityClient;

fn city_user(path: &std::path::Path, username: &str, role: &str, password: &str) {
    let mut add = Command::new(env!("CARGO_BIN_EXE_motcua-server"))
        .args(["--db", &format!("sqlite:{}", path.display()), "city-user", "add"])
        .args(["--username", username, "--name", "Lê Thị Giám Sát", "--role", role])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    add.stdin.take().unwrap().write_all(format!("{password}\n").as_bytes()).unwrap();
    assert!(add.wait().unwrap().success());
}

/// Ba Đình and Kim Mã, a supervisor `giamsat`; an enrolment code of Ba Đình.
fn two_offices_and_a_supervisor(path: &std::path::Path) -> String {
    admin(path, &["office", "add", "--unit-code", "000.00.21.H26", "--name", "Phường Ba Đình"]).unwrap();
    admin(path, &["office", "add", "--unit-code", "000.00.22.H26", "--name", "Phường Kim Mã"]).unwrap();
    city_user(path, "giamsat", "supervisor", "Mật khẩu giám sát");
    admin(path, &["enrolment-code", "--office", "000.00.21.H26"]).unwrap().trim().to_owned()
}

/// A console session of `giamsat` (made by [`two_offices_and_a_supervisor`]).
fn supervisor_token(http: &reqwest::blocking::Client, url: &str) -> String {
    let session: Value = http
        .post(format!("{url}/api/v0/city/login"))
        .json(&json!({"username": "giamsat", "password": "Mật khẩu giám sát"}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    session["token"].as_str().unwrap().to_owned()
}

#[test]
fn a_city_supervisor_sees_offices_and_dossiers_and_every_read_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("city.db");
    let code = two_offices_and_a_supervisor(&path);
    city_user(&path, "quantri", "admin", "Mật khẩu quản trị");
    let (server, url) = Server::start(&path);

    // A counter of Ba Đình receives two dossiers and syncs.
    let store = std::sync::Mutex::new(set_up(&dir.path().join("counter.db"), 1));
    let device_id = store.lock().unwrap().device_id().to_owned();
    for (i, name) in ["Phạm Văn Hùng", "Vũ Thị Lan"].iter().enumerate() {
        receive(
            &mut store.lock().unwrap(),
            1,
            draft(name, &format!("00120300777{i}"), ""),
            at(2026, 12, 2, 9, i as u32),
        );
    }
    let enrolment = CityClient::new(&url, None).unwrap().enrol(&code, &device_id, "Quầy 1", None).unwrap();
    let client = CityClient::new(&url, Some(enrolment.device_token.clone())).unwrap();
    motcua_sync::sync_round(&client, &store).unwrap();

    let http = reqwest::blocking::Client::new();
    let login = |user: &str, password: &str| {
        http.post(format!("{url}/api/v0/city/login"))
            .json(&json!({"username": user, "password": password}))
            .send()
            .unwrap()
    };
    let get = |route: &str, token: &str| http.get(format!("{url}{route}")).bearer_auth(token).send().unwrap();

    let wrong = login("giamsat", "sai mật khẩu");
    let unknown = login("khongco", "Mật khẩu giám sát");
    assert_eq!((wrong.status().as_u16(), unknown.status().as_u16()), (401, 401));
    assert_eq!(wrong.text().unwrap(), unknown.text().unwrap(), "the same answer: no way to learn who exists");
    let session: Value = login(" GiamSat ", "Mật khẩu giám sát").json().unwrap();
    let token = session["token"].as_str().unwrap().to_owned();
    assert_eq!(session["role"], "supervisor");

    let offices: Value = get("/api/v0/city/offices", &token).json().unwrap();
    let offices = offices.as_array().unwrap();
    assert_eq!(offices.len(), 2);
    assert_eq!((offices[0]["unit_code"].as_str(), offices[0]["devices"].as_u64()), (Some("000.00.21.H26"), Some(1)));
    assert!(offices[0]["last_seen_at"].as_i64().is_some(), "the device's hello is its last sign of life");
    assert!(offices[0]["ops"].as_i64().unwrap() >= 4, "office, procedure, two dossiers");
    assert_eq!((offices[1]["devices"].as_u64(), offices[1]["last_seen_at"].as_i64()), (Some(0), None));

    let first: Value = get("/api/v0/city/offices/000.00.21.H26/dossiers?limit=1", &token).json().unwrap();
    assert_eq!(first["dossiers"][0]["applicant_name"], "Phạm Văn Hùng");
    let next = first["next"].as_i64().expect("a next page");
    let rest: Value = get(&format!("/api/v0/city/offices/000.00.21.H26/dossiers?after={next}"), &token).json().unwrap();
    assert_eq!(rest["dossiers"][0]["applicant_name"], "Vũ Thị Lan");
    assert!(rest["next"].is_null());
    assert_eq!(get("/api/v0/city/offices/999/dossiers", &token).status().as_u16(), 422);

    // The record of reads: for city admins only.
    assert_eq!(get("/api/v0/city/reads", &token).status().as_u16(), 403);
    let admin_session: Value = login("quantri", "Mật khẩu quản trị").json().unwrap();
    let reads: Value = get("/api/v0/city/reads", admin_session["token"].as_str().unwrap()).json().unwrap();
    let reads: Vec<(&str, &str, i64)> = reads
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (r["username"].as_str().unwrap(), r["office_unit_code"].as_str().unwrap(), r["count"].as_i64().unwrap())
        })
        .collect();
    assert_eq!(reads, [("giamsat", "000.00.21.H26", 1), ("giamsat", "000.00.21.H26", 1)]);

    // A device's credential, a made-up token, none: nothing here.
    for t in [enrolment.device_token.as_str(), "made-up", ""] {
        assert_eq!(get("/api/v0/city/offices", t).status().as_u16(), 401, "{t:?}");
    }
    let log = server.log();
    for name in ["Phạm Văn Hùng", "Vũ Thị Lan", "Mật khẩu", &token] {
        assert!(!log.contains(name), "{name:?} in the server's log:\n{log}");
    }
    drop(server);
}

/// A generated month of an office's dossiers, with feedback and ratings, synced from its
/// counter: the city's dashboard line of that office equals the office's own dashboard of the
/// same period (the counter's "Giám sát" screen), an office with no PC has a line of zeros,
/// and the city's totals add the offices up. A bad period gets a Vietnamese message.
#[test]
fn the_city_dashboard_shows_each_office_as_its_own_dashboard_does() {
    use motcua_domain::feedback::{Channel, FeedbackAction, FeedbackDraft};
    use motcua_domain::satisfaction::{Level, RatedService, RatingDraft};
    use motcua_store::DeadlineCutoffs;
    use motcua_store::fixtures::{actor, generate_dossiers};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("city.db");
    let code = two_offices_and_a_supervisor(&path);
    let (server, url) = Server::start(&path);

    let mut counter = set_up(&dir.path().join("counter.db"), 1);
    let made = generate_dossiers(&mut counter, 1_500, 23);
    let clerk = actor();
    let feedback = |content: &str| FeedbackDraft {
        channel: Some(Channel::Hotline),
        type_key: "khac".into(),
        content: content.into(),
        sender: Default::default(),
        dossier_code: String::new(),
        procedure_code: String::new(),
    };
    // Answered on time, answered late, never answered (overdue now).
    for (i, answered) in [Some(at(2026, 11, 9, 10, 0)), Some(at(2026, 11, 20, 10, 0)), None].into_iter().enumerate() {
        let item = counter
            .receive_feedback(
                &clerk,
                1,
                feedback(&format!("Phản ánh số {i}")),
                at(2026, 11, 2 + i as u32, 8, 0),
                at(2026, 11, 13, 17, 0),
            )
            .unwrap();
        if let Some(when) = answered {
            counter
                .act_on_feedback(&clerk, &item.number, FeedbackAction::Answer { text: "Đã trả lời".into() }, when)
                .unwrap();
        }
    }
    for (g, level) in made.iter().zip([Level::VerySatisfied, Level::Satisfied, Level::Dissatisfied, Level::Satisfied]) {
        counter
            .record_rating(
                &clerk,
                RatedService::Dossier { code: g.code.clone() },
                RatingDraft { level, criteria: vec![], comment: String::new() },
                g.received_at,
                Some(1),
                g.procedure_code.clone(),
            )
            .unwrap();
    }

    let device_id = counter.device_id().to_owned();
    let counter = std::sync::Mutex::new(counter);
    let enrolment = CityClient::new(&url, None).unwrap().enrol(&code, &device_id, "Quầy 1", None).unwrap();
    let client = CityClient::new(&url, Some(enrolment.device_token)).unwrap();
    let round = motcua_sync::sync_round(&client, &counter).unwrap();
    assert_eq!(round.pushed.rejected, 0, "{round:?}");

    let http = reqwest::blocking::Client::new();
    let token = supervisor_token(&http, &url);
    let get = |route: &str| http.get(format!("{url}{route}")).bearer_auth(&token).send().unwrap();
    let reply = get("/api/v0/city/dashboard?from=2026-11-01&to=2026-11-30");
    assert_eq!(reply.status().as_u16(), 200);
    let city: Value = reply.json().unwrap();

    // The office's own dashboard of November, open dossiers as at the city's moment.
    let now = chrono::NaiveDateTime::parse_from_str(city["now"].as_str().unwrap(), "%Y-%m-%dT%H:%M:%S").unwrap();
    let end_of_today = now.date().succ_opt().unwrap().and_hms_opt(0, 0, 0).unwrap();
    let cut = DeadlineCutoffs { now, end_of_today, end_of_next_working_day: end_of_today + chrono::Duration::days(1) };
    let day = |d: u32, m: u32| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    let own = counter.lock().unwrap().dashboard(day(1, 11), day(1, 12), cut).unwrap();
    let t = &own.totals;
    let ba_dinh = &city["offices"][0];
    assert_eq!(ba_dinh["unit_code"], "000.00.21.H26");
    let line = |v: &Value| -> Vec<u64> {
        [
            "received",
            "resolved_early",
            "resolved_on_time",
            "resolved_late",
            "ended_otherwise",
            "pending",
            "pending_late",
            "feedback_received",
            "feedback_answered_on_time",
            "feedback_answered_late",
            "feedback_overdue",
            "ratings_very_satisfied",
            "ratings_satisfied",
            "ratings_dissatisfied",
        ]
        .iter()
        .map(|k| v[k].as_u64().unwrap_or_else(|| panic!("{k} in {v}")))
        .collect()
    };
    let f = &own.feedback;
    let expected = vec![
        t.received,
        t.resolved_early,
        t.resolved_on_time,
        t.resolved_late,
        t.ended_otherwise,
        t.pending,
        t.pending_late,
        f.received,
        f.answered_on_time,
        f.answered_late,
        f.overdue,
        t.satisfaction.very_satisfied,
        t.satisfaction.satisfied,
        t.satisfaction.dissatisfied,
    ];
    assert_eq!(line(ba_dinh), expected);
    assert!(expected[..7].iter().all(|n| *n > 10), "every kind of dossier figure is there: {expected:?}");
    assert_eq!(expected[7..], [3, 1, 1, 1, 1, 2, 1], "feedback and ratings");
    assert_eq!(ba_dinh["on_time_rate"].as_f64(), t.on_time_rate);
    assert_eq!(ba_dinh["satisfaction_rate"].as_f64(), t.satisfaction_rate);

    let kim_ma = &city["offices"][1];
    assert_eq!(kim_ma["name"], "Phường Kim Mã");
    assert!(line(kim_ma).iter().all(|n| *n == 0), "{kim_ma}");
    assert!(kim_ma["on_time_rate"].is_null());
    assert_eq!(line(&city["totals"]), expected, "the city's totals add its offices up");

    for (query, message) in [
        ("from=2026-11-30&to=2026-11-01", "Đến ngày phải sau hoặc bằng từ ngày."),
        ("from=30/11/2026&to=2026-11-30", "Ngày không hợp lệ; dùng dạng năm-tháng-ngày, ví dụ 2026-11-30."),
        ("from=2020-01-01&to=2026-11-30", "Khoảng thời gian dài nhất là một năm."),
        ("to=2026-11-30", "Cần chọn từ ngày và đến ngày."),
    ] {
        let reply = get(&format!("/api/v0/city/dashboard?{query}"));
        assert_eq!(reply.status().as_u16(), 422, "{query}");
        assert_eq!(reply.json::<Value>().unwrap()["message"], message, "{query}");
    }
    assert_eq!(
        http.get(format!("{url}/api/v0/city/dashboard?from=2026-11-01&to=2026-11-30")).send().unwrap().status(),
        401
    );
    drop(server);

    // The same ops in a database of the previous version: its migration fills the figures in
    // from the stored ops' payloads, to the same line.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(
            "DROP INDEX dossier_states_received; DROP INDEX dossier_states_ended; DROP INDEX dossier_states_open;
             DROP TABLE city_ratings; DROP TABLE city_feedback;
             ALTER TABLE dossier_states DROP COLUMN received_on; ALTER TABLE dossier_states DROP COLUMN ended_on;
             ALTER TABLE dossier_states DROP COLUMN outcome; PRAGMA user_version = 5;",
        )
        .unwrap();
    let (server, url) = Server::start(&path);
    let migrated: Value = http
        .get(format!("{url}/api/v0/city/dashboard?from=2026-11-01&to=2026-11-30"))
        .bearer_auth(supervisor_token(&http, &url))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(line(&migrated["offices"][0]), expected, "after the migration");
    drop(server);
}
