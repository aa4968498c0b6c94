//! `motcua backup` and `motcua restore` as the IT officer types them.

use std::process::Command;

use super::{create_birth_registration, motcua, ok, set_up_office};

fn err(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_backup_restores_the_dossiers_it_held_and_keeps_the_replaced_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = set_up_office(dir.path());
    let db = db.as_str();
    let kept = create_birth_registration(
        db,
        r#"{"full_name":"Trịnh Văn Lưu","id_number":"001203000111","phone":"0912000111"}"#,
    );
    let kept = kept["code"].as_str().unwrap();

    let usb = dir.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    let file = usb.join("xa-thu.db");
    let file = file.to_str().unwrap();
    let taken: serde_json::Value = serde_json::from_str(&ok(&["--db", db, "backup", "--out", file, "--json"])).unwrap();
    assert_eq!(taken["facts"]["dossiers"], 1, "{taken}");
    assert_eq!(taken["facts"]["office_name"], "Bộ phận Một cửa xã Thử");
    let said = ok(&["--db", db, "backup", "--out", file]);
    assert!(said.contains("Đã sao lưu vào") && said.contains("đã kiểm tra toàn vẹn"), "{said}");

    let later = create_birth_registration(
        db,
        r#"{"full_name":"Trịnh Văn Sau","id_number":"001203000222","phone":"0912000222"}"#,
    );
    let later = later["code"].as_str().unwrap();

    let said = ok(&["--db", db, "restore", file]);
    assert!(said.contains("Đã khôi phục") && said.contains("before-restore"), "{said}");
    assert!(ok(&["--db", db, "dossier", "get", kept]).contains("Trịnh Văn Lưu"));
    let gone = motcua(&["--db", db, "dossier", "get", later], None);
    assert!(!gone.status.success(), "the restored database is the backup's");

    // The restored database says what replaced it, and who did it.
    let conn = rusqlite::Connection::open(db).unwrap();
    let (kind, payload): (String, String) = conn
        .query_row("SELECT kind, payload FROM ops ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!(kind, "db.restored");
    assert!(payload.contains("xa-thu.db"), "{payload}");
    let backed_up: i64 =
        conn.query_row("SELECT count(*) FROM ops WHERE kind = 'db.backed_up'", [], |r| r.get(0)).unwrap();
    assert!(backed_up >= 1, "the backup left its audit op (in the database it copied from, before the copy)");

    // The replaced database is beside it, with the later dossier.
    let aside = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().contains("counter.db.before-restore-"))
        .expect("the replaced database is kept aside");
    assert!(ok(&["--db", aside.to_str().unwrap(), "dossier", "get", later]).contains("Trịnh Văn Sau"));
}

#[test]
fn bad_backup_files_and_folders_get_clear_messages_and_the_database_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = set_up_office(dir.path());
    let db = db.as_str();
    let before = std::fs::read(db).unwrap();

    let missing = dir.path().join("E-usb").join("b.db");
    let out = motcua(&["--db", db, "backup", "--out", missing.to_str().unwrap()], None);
    assert!(!out.status.success());
    assert!(err(&out).contains("Không tìm thấy thư mục sao lưu") && err(&out).contains("Ổ USB"), "{}", err(&out));

    let text = dir.path().join("bao-cao.csv");
    std::fs::write(&text, "Mã hồ sơ;Ngày nhận\n".repeat(300)).unwrap();
    let out = motcua(&["--db", db, "restore", text.to_str().unwrap()], None);
    assert!(!out.status.success());
    assert!(err(&out).contains("không phải là bản sao lưu cơ sở dữ liệu"), "{}", err(&out));
    assert_eq!(std::fs::read(db).unwrap(), before, "the database is untouched");
    ok(&["--db", db, "db", "check"]);
}

/// A USB stick that fills up during the backup: a 256 KiB tmpfs mounted in a private mount
/// namespace (`unshare`, as root or through a user namespace), so nothing outlives the command.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_during_a_backup_says_so_and_leaves_no_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = set_up_office(dir.path());
    let db = db.as_str();
    // A database larger than the stick: the office's catalog and enough dossiers.
    for i in 0..40 {
        create_birth_registration(
            db,
            &format!(r#"{{"full_name":"Người Thứ {i}","id_number":"001203{i:06}","phone":"0912{i:06}"}}"#),
        );
    }
    assert!(std::fs::metadata(db).unwrap().len() > 256 * 1024 || wal_len(db) > 0);
    let stick = dir.path().join("stick");
    std::fs::create_dir(&stick).unwrap();
    let script = r#"mount -t tmpfs -o size=256k tmpfs "$1" || exit 90
"$2" --db "$3" backup --out "$1/b.db"; code=$?
ls -A "$1"
exit $code"#;
    let out = Command::new("unshare")
        .args(["--mount", "--map-root-user", "sh", "-c", script, "sh"])
        .args([stick.to_str().unwrap(), env!("CARGO_BIN_EXE_motcua"), db])
        .env_remove("MOTCUA_DB")
        .output()
        .expect("unshare (util-linux)");
    assert_ne!(out.status.code(), Some(90), "tmpfs not mounted: {}", err(&out));
    assert!(!out.status.success(), "the backup cannot fit: {}", String::from_utf8_lossy(&out.stdout));
    assert!(err(&out).contains("Ổ đĩa chứa bản sao lưu đã đầy"), "{}", err(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "", "no partial file is left on the stick");
    ok(&["--db", db, "db", "check"]);
}

fn wal_len(db: &str) -> u64 {
    std::fs::metadata(format!("{db}-wal")).map(|m| m.len()).unwrap_or(0)
}
