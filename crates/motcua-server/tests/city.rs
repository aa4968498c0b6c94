//! The city server as a process on embedded SQLite: a device pushes, pushes again, pushes an
//! op of a kind the server does not know, another device's op and a payload that does not
//! match its kind; its own ops never come back to it in a pull, the city's published catalog
//! does, page by page; a request without a credential is refused; the metrics count all of it.

mod common;

use motcua_city_db::{CityDb, story};
use motcua_city_sqlite::SqliteCityDb;
use motcua_sync_proto::{AckOutcome, Enrolment, ErrorBody, ErrorCode, PullReply, PushReply};
use serde_json::json;

use common::{Server, admin};
use motcua_server::loopback::stored_op_order;

fn sha256_hex(s: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(s.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn a_device_pushes_once_twice_and_a_newer_kind_then_pulls_its_office() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("city.db");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let db = SqliteCityDb::open(&path).unwrap();
        let office = db.create_office("000.00.21.H26", "Phường Ba Đình").await.unwrap();
        db.add_device(office, story::DEVICE_A, "Quầy 1", &sha256_hex("the-token")).await.unwrap();
    });

    let (server, url) = Server::start(&path);
    let http = reqwest::blocking::Client::new();
    let post = |route: &str, token: Option<&str>, body: serde_json::Value| {
        let mut req = http.post(format!("{url}/api/v0/sync/{route}")).json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().unwrap()
    };

    let ops: Vec<_> = (1..=3).map(|n| story::op(story::DEVICE_A, n)).collect();
    let first: PushReply = post("push", Some("the-token"), json!({ "ops": ops })).json().unwrap();
    assert!(first.acks.iter().all(|a| matches!(a.outcome, AckOutcome::Stored { .. })), "{first:?}");
    let again: PushReply = post("push", Some("the-token"), json!({ "ops": ops })).json().unwrap();
    assert!(again.acks.iter().all(|a| matches!(a.outcome, AckOutcome::Duplicate { .. })), "{again:?}");

    let mut newer = story::op(story::DEVICE_A, 4);
    newer.kind = "dossier.teleported".into();
    let mixed: PushReply =
        post("push", Some("the-token"), json!({ "ops": [newer, story::op(story::DEVICE_A, 5)] })).json().unwrap();
    assert!(matches!(&mixed.acks[0].outcome, AckOutcome::Rejected { code, .. } if code == "unknown_kind"));
    assert!(matches!(mixed.acks[1].outcome, AckOutcome::Stored { .. }), "the op behind a refused one is stored");

    // Another device's op, a payload that is not what its kind says: refused one by one.
    let mut foreign = story::op(story::DEVICE_B, 6);
    foreign.id = "00000000-0000-7000-8000-0000000000f6".into();
    let mut garbled = story::op(story::DEVICE_A, 6);
    garbled.payload = json!({ "paper": 42, "subject": "Nguyễn Thị Bình" });
    let refused: PushReply = post("push", Some("the-token"), json!({ "ops": [foreign, garbled] })).json().unwrap();
    let codes: Vec<&str> = refused
        .acks
        .iter()
        .map(|a| match &a.outcome {
            AckOutcome::Rejected { code, .. } => code.as_str(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(codes, ["wrong_device", "invalid_payload"]);

    assert_eq!(stored_op_order(&path).len(), 4, "the three ops and the one behind the refused kind");

    // Its own ops do not come back; the city's catalog does, in pages, then nothing more.
    let own: PullReply = post("pull", Some("the-token"), json!({ "cursor": null, "limit": 2 })).json().unwrap();
    assert!(own.ops.is_empty() && !own.more, "{own:?}");
    let catalog = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/catalog/procedures.json");
    let said = admin(&path, &["catalog", "publish", catalog]).unwrap();
    assert!(said.contains("42 thủ tục"), "{said}");
    let first: PullReply =
        post("pull", Some("the-token"), json!({ "cursor": own.cursor, "limit": 40 })).json().unwrap();
    assert_eq!((first.ops.len(), first.more), (40, true));
    assert!(first.ops.iter().all(|o| o.op.kind == "procedure.upserted" && o.op.user_id.starts_with("city:")));
    assert_eq!(first.ops[0].op.payload["code"], "1.001193");
    let rest: PullReply =
        post("pull", Some("the-token"), json!({ "cursor": first.cursor, "limit": 40 })).json().unwrap();
    assert_eq!((rest.ops.len(), rest.more), (2, false));
    let none: PullReply =
        post("pull", Some("the-token"), json!({ "cursor": rest.cursor, "limit": 40 })).json().unwrap();
    assert!(none.ops.is_empty());

    let refused = post("push", None, json!({ "ops": [] }));
    assert_eq!(refused.status().as_u16(), 401);
    let refused = post("pull", Some("someone-else"), json!({ "cursor": null, "limit": 10 }));
    assert_eq!(refused.status().as_u16(), 401);

    // What the city's monitoring reads: counts by kind of outcome, nothing that names anyone.
    let metrics = http.get(format!("{url}/metrics")).send().unwrap().text().unwrap();
    for line in [
        "motcua_sync_pushes_total 4",
        "motcua_sync_ops_received_total 10",
        "motcua_sync_ops_stored_total 4",
        "motcua_sync_ops_duplicate_total 3",
        "motcua_sync_ops_rejected_total{code=\"unknown_kind\"} 1",
        "motcua_sync_ops_rejected_total{code=\"wrong_device\"} 1",
        "motcua_sync_ops_rejected_total{code=\"invalid_payload\"} 1",
        "motcua_sync_pulls_total 4",
        "motcua_sync_ops_pulled_total 42",
        "motcua_requests_refused_total{code=\"unauthorized\"} 2",
    ] {
        assert!(metrics.lines().any(|l| l == line), "no {line:?} in\n{metrics}");
    }
    assert!(!metrics.contains(story::DEVICE_A) && !metrics.contains("Đặng"), "{metrics}");
    drop(server);
}

#[test]
fn the_city_admin_enrols_a_pc_with_a_one_time_code_and_revokes_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("city.db");
    admin(&path, &["office", "add", "--unit-code", "000.00.21.H26", "--name", "Phường Ba Đình"]).unwrap();
    let again = admin(&path, &["office", "add", "--unit-code", "000.00.21.H26", "--name", "X"]).unwrap_err();
    assert!(again.contains("đã có đơn vị"), "{again}");
    let missing = admin(&path, &["enrolment-code", "--office", "000.00.99.H26"]).unwrap_err();
    assert!(missing.contains("không có đơn vị"), "{missing}");
    let code = admin(&path, &["enrolment-code", "--office", "000.00.21.H26"]).unwrap().trim().to_owned();
    assert_eq!(code.len(), 14, "{code}");

    let (server, url) = Server::start(&path);
    let http = reqwest::blocking::Client::new();
    let enrol = |code: &str, device: &str| {
        http.post(format!("{url}/api/v0/devices/enrol"))
            .json(&json!({ "code": code, "device_id": device, "device_name": "Quầy 1", "app_version": "0.1.0" }))
            .send()
            .unwrap()
    };
    // Typed in lower case with spaces: still the code.
    let typed = code.to_lowercase().replace('-', " ");
    let enrolled: Enrolment = enrol(&typed, story::DEVICE_A).json().unwrap();
    assert_eq!(
        (enrolled.office_unit_code.as_str(), enrolled.office_name.as_str()),
        ("000.00.21.H26", "Phường Ba Đình")
    );
    let token = enrolled.device_token;

    let replayed = enrol(&code, story::DEVICE_B);
    assert_eq!(replayed.status().as_u16(), 404);
    let body: ErrorBody = replayed.json().unwrap();
    assert_eq!(body.code, ErrorCode::BadEnrolmentCode);
    assert!(body.message.contains("đã được dùng"), "{}", body.message);
    let bad = enrol("AAAA-BBBB-CCCC", story::DEVICE_B).json::<ErrorBody>().unwrap();
    assert!(bad.message.contains("không đúng"), "{}", bad.message);
    let malformed = enrol(&code, "not-a-uuid");
    assert_eq!(malformed.status().as_u16(), 422);

    // A PC set up for another office types this office's code: refused, the code kept for
    // the PC it was meant for.
    let fresh = admin(&path, &["enrolment-code", "--office", "000.00.21.H26"]).unwrap().trim().to_owned();
    let pc = "00000000-0000-7000-8000-0000000000c9";
    let as_set_up = |unit: &str| {
        http.post(format!("{url}/api/v0/devices/enrol"))
            .json(&json!({ "code": fresh, "device_id": pc, "device_name": "Quầy 9", "app_version": "0", "office_unit_code": unit }))
            .send()
            .unwrap()
    };
    let wrong = as_set_up("000.00.99.H26");
    assert_eq!(wrong.status().as_u16(), 403);
    let said = wrong.json::<ErrorBody>().unwrap();
    assert_eq!(said.code, ErrorCode::ForbiddenOffice);
    assert!(said.message.contains("Phường Ba Đình") && said.message.contains("chưa bị dùng"), "{}", said.message);
    assert_eq!(as_set_up("000.00.21.H26").status().as_u16(), 200);

    let push = |token: &str| {
        http.post(format!("{url}/api/v0/sync/push"))
            .bearer_auth(token)
            .json(&json!({ "ops": [story::op(story::DEVICE_A, 1)] }))
            .send()
            .unwrap()
    };
    let pushed: PushReply = push(&token).json().unwrap();
    assert!(matches!(pushed.acks[0].outcome, AckOutcome::Stored { .. }), "{pushed:?}");

    let listed = admin(&path, &["device", "list"]).unwrap();
    assert!(listed.contains(story::DEVICE_A) && listed.contains("đang dùng"), "{listed}");
    admin(&path, &["device", "revoke", story::DEVICE_A]).unwrap();
    let refused = push(&token);
    assert_eq!(refused.status().as_u16(), 403);
    assert_eq!(refused.json::<ErrorBody>().unwrap().code, ErrorCode::Revoked);
    assert!(admin(&path, &["device", "list"]).unwrap().contains("đã thu hồi"));
    drop(server);
}

#[test]
fn gzipped_bodies_are_read_and_broken_ones_refused_with_nothing_stored() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("city.db");
    admin(&path, &["office", "add", "--unit-code", "000.00.21.H26", "--name", "Phường Ba Đình"]).unwrap();
    let code = admin(&path, &["enrolment-code", "--office", "000.00.21.H26"]).unwrap().trim().to_owned();
    let (server, url) = Server::start(&path);
    let http = reqwest::blocking::Client::new();
    let enrolled: Enrolment = http
        .post(format!("{url}/api/v0/devices/enrol"))
        .json(&json!({ "code": code, "device_id": story::DEVICE_A, "device_name": "Quầy 1", "app_version": "0" }))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let push = |body: Vec<u8>, gzip: bool| {
        let mut req = http
            .post(format!("{url}/api/v0/sync/push"))
            .bearer_auth(&enrolled.device_token)
            .header("content-type", "application/json")
            .body(body);
        if gzip {
            req = req.header("content-encoding", "gzip");
        }
        req.send().unwrap()
    };
    let gzip = |bytes: &[u8]| {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(bytes).unwrap();
        gz.finish().unwrap()
    };
    let ops: Vec<_> = (1..=200).map(|n| story::op(story::DEVICE_A, n)).collect();
    let body = serde_json::to_vec(&json!({ "ops": ops })).unwrap();

    // Cut short: the gzip stream and the JSON, each refused as a whole.
    let compressed = gzip(&body);
    let truncated = push(compressed[..compressed.len() / 2].to_vec(), true);
    assert_eq!(truncated.status().as_u16(), 422);
    assert_eq!(truncated.json::<ErrorBody>().unwrap().code, ErrorCode::Invalid);
    let cut = push(body[..body.len() - 40].to_vec(), false);
    assert_eq!(cut.status().as_u16(), 422);
    let refusal = cut.json::<ErrorBody>().unwrap();
    assert!(refusal.message.contains("không đúng định dạng"), "{}", refusal.message);
    // A bomb: 9 MB of zeros in a few KB.
    let bomb = push(gzip(&vec![b' '; 9 * 1024 * 1024]), true);
    assert_eq!(bomb.status().as_u16(), 413);

    assert!(stored_op_order(&path).is_empty(), "nothing stored half-way");

    let whole: PushReply = push(compressed, true).json().unwrap();
    assert_eq!(whole.acks.len(), 200);
    assert!(whole.acks.iter().all(|a| matches!(a.outcome, AckOutcome::Stored { .. })));
    assert_eq!(stored_op_order(&path).len(), 200);
    drop(server);
}

/// Two offices, a PC in each: every route answers a device for its own office only.
#[test]
fn a_device_sees_and_writes_only_its_own_office() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("city.db");
    admin(&path, &["office", "add", "--unit-code", "000.00.21.H26", "--name", "Phường Ba Đình"]).unwrap();
    admin(&path, &["office", "add", "--unit-code", "000.00.22.H26", "--name", "Phường Kim Mã"]).unwrap();
    let code_a = admin(&path, &["enrolment-code", "--office", "000.00.21.H26"]).unwrap().trim().to_owned();
    let code_b = admin(&path, &["enrolment-code", "--office", "000.00.22.H26"]).unwrap().trim().to_owned();
    let (server, url) = Server::start(&path);
    let http = reqwest::blocking::Client::new();
    let post = |route: &str, token: &str, body: serde_json::Value| {
        http.post(format!("{url}{route}")).bearer_auth(token).json(&body).send().unwrap()
    };
    let enrol = |code: &str, device: &str| -> Enrolment {
        http.post(format!("{url}/api/v0/devices/enrol"))
            .json(&json!({ "code": code, "device_id": device, "device_name": "Quầy 1", "app_version": "0" }))
            .send()
            .unwrap()
            .json()
            .unwrap()
    };
    let a = enrol(&code_a, story::DEVICE_A);
    let b = enrol(&code_b, story::DEVICE_B);
    assert_eq!((a.office_unit_code.as_str(), b.office_unit_code.as_str()), ("000.00.21.H26", "000.00.22.H26"));

    // A writes its own op; B tries to write one in A's name, and to replay A's op id.
    let pushed: PushReply =
        post("/api/v0/sync/push", &a.device_token, json!({ "ops": [story::op(story::DEVICE_A, 1)] })).json().unwrap();
    assert!(matches!(pushed.acks[0].outcome, AckOutcome::Stored { .. }));
    let as_a: PushReply =
        post("/api/v0/sync/push", &b.device_token, json!({ "ops": [story::op(story::DEVICE_A, 2)] })).json().unwrap();
    assert!(matches!(&as_a.acks[0].outcome, AckOutcome::Rejected { code, .. } if code == "wrong_device"));
    let mut replay = story::op(story::DEVICE_B, 1);
    replay.id = story::op(story::DEVICE_A, 1).id;
    let replayed: PushReply = post("/api/v0/sync/push", &b.device_token, json!({ "ops": [replay] })).json().unwrap();
    assert!(matches!(&replayed.acks[0].outcome, AckOutcome::Rejected { code, .. } if code == "id_taken"));

    // B pushes a dossier whose code carries A's unit code: refused.
    let counter = dir.path().join("counter-a.db");
    let mut store = motcua_store::fixtures::set_up(&counter, 1);
    let draft = motcua_store::fixtures::draft("Trần Văn Bảo", "001203001111", "");
    motcua_store::fixtures::receive(&mut store, 1, draft, motcua_store::fixtures::at(2026, 12, 2, 9, 0));
    let mut dossier = store.ops_after(0, 10).unwrap().pop().unwrap().into_wire();
    assert_eq!(dossier.kind, "dossier.received");
    dossier.device_id = story::DEVICE_B.into();
    let foreign: PushReply = post("/api/v0/sync/push", &b.device_token, json!({ "ops": [dossier] })).json().unwrap();
    assert!(matches!(&foreign.acks[0].outcome, AckOutcome::Rejected { code, .. } if code == "wrong_office"));
    assert_eq!(stored_op_order(&path).len(), 1, "only A's own op");

    // Pulls: what the city published for A reaches A only; no cursor reaches the other's ops;
    // a made-up cursor is refused.
    let catalog = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/catalog/procedures.json");
    admin(&path, &["catalog", "publish", catalog, "--office", "000.00.21.H26"]).unwrap();
    let pull = |token: &str, cursor: Option<&str>| -> PullReply {
        post("/api/v0/sync/pull", token, json!({ "cursor": cursor, "limit": 100 })).json().unwrap()
    };
    assert_eq!(pull(&a.device_token, None).ops.len(), 42);
    let seen_by_b = pull(&b.device_token, None);
    assert!(seen_by_b.ops.is_empty(), "{seen_by_b:?}");
    assert!(pull(&b.device_token, Some("0.0")).ops.is_empty());
    let bad = post("/api/v0/sync/pull", &b.device_token, json!({ "cursor": "-5.x", "limit": 10 }));
    assert_eq!(bad.status().as_u16(), 422);

    // Hello is per device too: a made-up token or a revoked device gets nothing.
    let hello = json!({ "protocol": 1, "app_version": "0" });
    assert_eq!(post("/api/v0/sync/hello", &a.device_token, hello.clone()).status().as_u16(), 200);
    assert_eq!(post("/api/v0/sync/hello", "not-a-token", hello.clone()).status().as_u16(), 401);
    admin(&path, &["device", "revoke", story::DEVICE_B]).unwrap();
    for (route, body) in [
        ("/api/v0/sync/hello", hello.clone()),
        ("/api/v0/sync/push", json!({ "ops": [] })),
        ("/api/v0/sync/pull", json!({ "cursor": null, "limit": 10 })),
    ] {
        let refused = post(route, &b.device_token, body);
        assert_eq!(refused.status().as_u16(), 403, "{route}");
        assert_eq!(refused.json::<ErrorBody>().unwrap().code, ErrorCode::Revoked, "{route}");
    }
    drop(server);
}

/// A guesser of enrolment codes is slowed to its address's limit; a device over its own limit
/// is told how long to wait, and its sync thread takes that as "later", not as a failure that
/// needs a person. The metrics count both.
#[test]
fn rate_limits_slow_a_code_guesser_and_a_runaway_device() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("city.db");
    admin(&path, &["office", "add", "--unit-code", "000.00.21.H26", "--name", "Phường Ba Đình"]).unwrap();
    let code = admin(&path, &["enrolment-code", "--office", "000.00.21.H26"]).unwrap().trim().to_owned();
    let db = format!("sqlite:{}", path.display());
    let (server, url) =
        Server::spawn(&["--db", &db, "--listen", "127.0.0.1:0", "--device-rate", "1", "--enrol-per-min", "5"]);
    let http = reqwest::blocking::Client::new();
    let enrol = |code: &str| {
        http.post(format!("{url}/api/v0/devices/enrol"))
            .json(&json!({ "code": code, "device_id": story::DEVICE_A, "device_name": "Quầy 1", "app_version": "0" }))
            .send()
            .unwrap()
    };
    let statuses: Vec<u16> = (0..8).map(|_| enrol("AAAA-BBBB-CCCC").status().as_u16()).collect();
    assert_eq!(&statuses[..5], [404; 5], "the burst: wrong codes, answered as such");
    assert!(statuses[5..].iter().all(|s| *s == 429), "{statuses:?}");
    let slowed = enrol(&code);
    assert_eq!(slowed.status().as_u16(), 429, "even the right code waits its turn");
    let wait: u64 = slowed.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    let body: ErrorBody = slowed.json().unwrap();
    assert_eq!((body.code, body.retry_after_s), (ErrorCode::RateLimited, Some(wait as u32)));
    assert!((1..=12).contains(&wait), "{wait}");
    assert!(body.message.contains("tự thử lại"), "{}", body.message);

    // A device: three requests at once, then one a second.
    let token = "rate-token";
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let db = SqliteCityDb::open(&path).unwrap();
        let office = db.office_by_unit_code("000.00.21.H26").await.unwrap().unwrap();
        db.add_device(office.id, story::DEVICE_B, "Quầy 2", &sha256_hex(token)).await.unwrap();
    });
    let client = motcua_sync::CityClient::new(&url, Some(token.into())).unwrap();
    let results: Vec<_> = (0..10).map(|_| client.hello()).collect();
    assert!(results[..3].iter().all(Result::is_ok), "{results:?}");
    let refused = results.iter().find_map(|r| r.as_ref().err()).expect("over the limit");
    assert!(refused.is_retryable(), "{refused:?}");
    let metrics = http.get(format!("{url}/metrics")).send().unwrap().text().unwrap();
    assert!(
        metrics.lines().any(|l| l.starts_with("motcua_requests_refused_total{code=\"rate_limited\"}")),
        "{metrics}"
    );
    drop(server);
}
