//! The city server over HTTPS, with a certificate made here by `openssl req` for 127.0.0.1: a
//! counter trusting its authority enrols and syncs through `CityClient`; one that does not is
//! refused at the handshake and says so; plain HTTP gets no answer; a broken key file stops
//! the server at start with a clear message.

mod common;

use std::process::Command;

use motcua_sync::{CityClient, SyncError};

use common::{Server, admin};

/// A self-signed certificate and key for 127.0.0.1, valid for a day.
fn certificate(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let out = Command::new("openssl")
        .args(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1"])
        .args(["-subj", "/CN=motcua-test", "-addext", "subjectAltName=IP:127.0.0.1"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("openssl (apt-get install openssl)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (cert, key)
}

#[test]
fn a_counter_syncs_over_https_and_an_untrusted_or_plain_link_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("city.db");
    let (cert, key) = certificate(dir.path());
    admin(&path, &["office", "add", "--unit-code", "000.00.21.H26", "--name", "Phường Ba Đình"]).unwrap();
    let code = admin(&path, &["enrolment-code", "--office", "000.00.21.H26"]).unwrap().trim().to_owned();
    let db = format!("sqlite:{}", path.display());
    let (cert_s, key_s) = (cert.to_string_lossy().into_owned(), key.to_string_lossy().into_owned());
    let (server, url) = Server::spawn(&["--db", &db, "--listen", "127.0.0.1:0", "--cert", &cert_s, "--key", &key_s]);
    assert!(url.starts_with("https://127.0.0.1:"), "{url}");

    // Not trusted: refused at the handshake, nothing enrolled, the code still good.
    let stranger = CityClient::new(&url, None).unwrap();
    let device = "00000000-0000-7000-8000-0000000000e1";
    match stranger.enrol(&code, device, "Quầy 1", None) {
        Err(SyncError::Unreachable { detail, .. }) => {
            assert!(detail.contains("certificate") || detail.contains("error"), "{detail}")
        }
        other => panic!("{other:?}"),
    }
    let plain = url.replacen("https://", "http://", 1);
    assert!(reqwest::blocking::get(format!("{plain}/healthz")).is_err(), "no plain HTTP on the TLS port");

    // Trusted: enrols, says hello, pushes, pulls.
    let pem = std::fs::read(&cert).unwrap();
    let enrolment = CityClient::trusting(&url, None, &pem).unwrap().enrol(&code, device, "Quầy 1", None).unwrap();
    let client = CityClient::trusting(&url, Some(enrolment.device_token), &pem).unwrap();
    assert_eq!(client.hello().unwrap().protocol, motcua_sync_proto::PROTOCOL_VERSION);
    let pulled = client.pull(None, 100).unwrap();
    assert!(pulled.ops.is_empty() && !pulled.more);
    drop(server);

    // A key that is not a key: the server stops at start and says which files.
    std::fs::write(&key, "not a key").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_motcua-server"))
        .args(["--db", &db, "--listen", "127.0.0.1:0", "--cert", &cert_s, "--key", &key_s])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("không dùng được") && said.contains("key.pem"), "{said}");
}
