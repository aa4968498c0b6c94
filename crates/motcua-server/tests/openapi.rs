//! The city server's OpenAPI document: served at `/openapi.json`, naming every route the
//! router has; then the running server (a real office, an enrolled device, real ops) is fuzzed
//! from it by schemathesis, which must find no 5xx answer and no answer that breaks the
//! document (status codes, content types, body schemas). `cargo xtask test` installs
//! schemathesis (`MOTCUA_SCHEMATHESIS`); run it once before `cargo test` alone.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use motcua_sync_proto::Enrolment;
use serde_json::json;

use common::{Server, admin};

fn schemathesis() -> std::path::PathBuf {
    let program = std::env::var_os("MOTCUA_SCHEMATHESIS").map(std::path::PathBuf::from).unwrap_or_else(|| {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/schemathesis/bin/schemathesis")
    });
    assert!(program.exists(), "no schemathesis at {}: run `cargo xtask test` once (it installs it)", program.display());
    program
}

#[test]
fn the_api_fuzzed_from_its_document_never_fails_and_keeps_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("city.db");
    admin(&path, &["office", "add", "--unit-code", "000.00.21.H26", "--name", "Phường Ba Đình"]).unwrap();
    let code = admin(&path, &["enrolment-code", "--office", "000.00.21.H26"]).unwrap().trim().to_owned();
    let catalog = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/catalog/procedures.json");
    admin(&path, &["catalog", "publish", catalog]).unwrap();
    // Limits high enough that the fuzzer is not slowed to a crawl (the limits have their own test).
    let db = format!("sqlite:{}", path.display());
    let (server, url) =
        Server::spawn(&["--db", &db, "--listen", "127.0.0.1:0", "--device-rate", "10000", "--enrol-per-min", "100000"]);
    let http = reqwest::blocking::Client::new();
    let enrolled: Enrolment = http
        .post(format!("{url}/api/v0/devices/enrol"))
        .json(&json!({
            "code": code, "device_id": "00000000-0000-7000-8000-00000000f022",
            "device_name": "Quầy thử", "app_version": "0"
        }))
        .send()
        .unwrap()
        .json()
        .unwrap();

    // The document names every route the router serves.
    let doc: serde_json::Value = http.get(format!("{url}/openapi.json")).send().unwrap().json().unwrap();
    let paths: Vec<&str> = doc["paths"].as_object().unwrap().keys().map(String::as_str).collect();
    for route in [
        "/healthz",
        "/metrics",
        "/api/v0/devices/enrol",
        "/api/v0/sync/hello",
        "/api/v0/sync/push",
        "/api/v0/sync/pull",
    ] {
        assert!(paths.contains(&route), "{route} missing from {paths:?}");
    }
    assert!(doc["components"]["schemas"]["WireOp"].is_object(), "{}", doc["components"]["schemas"]);

    let mut run = Command::new(schemathesis())
        .args(["--no-color", "run", &format!("{url}/openapi.json")])
        .args([
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
        ])
        .args(["--header", &format!("Authorization: Bearer {}", enrolled.device_token)])
        .args(["--max-examples", "40", "--workers", "1", "--phases", "examples,coverage,fuzzing"])
        .arg("--generation-deterministic")
        // Its example database and reports stay in the test's temporary directory.
        .current_dir(dir.path())
        .env("SCHEMATHESIS_TELEMETRY", "false")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start schemathesis");
    // Bounded: a stuck run is killed, and the test fails.
    let deadline = Instant::now() + Duration::from_secs(600);
    let status = loop {
        if let Some(status) = run.try_wait().unwrap() {
            break Some(status);
        }
        if Instant::now() > deadline {
            let _ = run.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let out = run.wait_with_output().unwrap();
    let report = format!("{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(status.is_some_and(|s| s.success()), "schemathesis found problems (or ran over 10 min):\n{report}");

    // The server is still there, and it counted no internal failure.
    let metrics = http.get(format!("{url}/metrics")).send().unwrap().text().unwrap();
    assert!(!metrics.contains("code=\"internal\""), "{metrics}");
    drop(server);
}
