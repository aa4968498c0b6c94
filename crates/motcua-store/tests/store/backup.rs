//! Backups taken while another process saves, restores, and the files they refuse.

use std::path::Path;

use motcua_store::Store;
use motcua_store::backup::{self, BackupError};

use crate::support::*;

#[test]
fn a_backup_taken_during_saves_holds_every_save_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("counter.db");
    drop(set_up(&path, 4));
    let (mut child, mut lines) = crate::crash::spawn_writer(&path);
    let mut reported = Vec::new();
    let mut backups = Vec::new();
    // Three backups at different depths of the stream, the writer never pausing.
    for (round, wait_for) in [5usize, 40, 120].into_iter().enumerate() {
        while reported.len() < wait_for {
            let line = lines.next().expect("writer ended early").unwrap();
            if let Some(code) = line.strip_prefix("SAVED ") {
                reported.push(code.to_owned());
            }
        }
        let before = reported.clone();
        let out = dir.path().join(format!("backup-{round}.db"));
        let taken = backup::backup(&path, &out).unwrap();
        backups.push((out, before, taken));
    }
    child.kill().unwrap();
    child.wait().unwrap();

    for (out, before, taken) in backups {
        assert!(taken.facts.dossiers >= before.len() as i64, "{out:?}: {:?}", taken.facts);
        // A backup is one self-contained file: nothing beside it.
        assert!(!Path::new(&format!("{}-wal", out.display())).exists());
        let facts = backup::inspect(&out).unwrap();
        assert_eq!(facts, taken.facts);
        let store = Store::open(&out).unwrap();
        store.full_integrity_check().unwrap();
        for code in &before {
            assert!(store.dossier_by_code(code).unwrap().is_some(), "{out:?} lacks {code}, saved before it began");
        }
    }
}

#[test]
fn a_restore_brings_back_the_backup_and_keeps_the_replaced_database_aside() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("counter.db");
    let mut store = set_up(&path, 4);
    let kept: Vec<String> = (0..3)
        .map(|i| receive(&mut store, 4, draft(&format!("Lê Văn Giữ {i}"), "", ""), at(2026, 12, 1, 9, i)).code)
        .collect();
    let out = dir.path().join("usb").join("counter-backup.db");
    std::fs::create_dir(out.parent().unwrap()).unwrap();
    backup::backup(&path, &out).unwrap();
    let later = receive(&mut store, 4, draft("Lê Văn Sau", "", ""), at(2026, 12, 1, 10, 0)).code;

    // The app still has it open: refused, nothing changed.
    let refused = backup::restore(&path, &out).unwrap_err();
    assert!(matches!(refused, BackupError::InUse(_)), "{refused:?}");
    assert!(refused.user_message().contains("đóng ứng dụng"), "{}", refused.user_message());
    assert!(store.dossier_by_code(&later).unwrap().is_some());
    drop(store);

    let restored = backup::restore(&path, &out).unwrap();
    assert_eq!(restored.facts.dossiers, 3);
    let aside = restored.set_aside.expect("the replaced database is kept");
    let mut store = Store::open(&path).unwrap();
    for code in &kept {
        assert!(store.dossier_by_code(code).unwrap().is_some());
    }
    assert!(store.dossier_by_code(&later).unwrap().is_none(), "the restored database is the backup's");
    // Saving goes on after a restore, and the set-aside file still has what was replaced.
    receive(&mut store, 4, draft("Lê Văn Tiếp", "", ""), at(2026, 12, 1, 11, 0));
    let old = Store::open(&aside).unwrap();
    assert!(old.dossier_by_code(&later).unwrap().is_some());
}

#[test]
fn a_restore_onto_a_pc_with_no_database_creates_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let mut store = set_up(&path, 4);
    let code = receive(&mut store, 4, draft("Phạm Thị Mới", "", ""), at(2026, 12, 1, 9, 0)).code;
    drop(store);
    let out = dir.path().join("b.db");
    backup::backup(&path, &out).unwrap();
    let fresh = dir.path().join("new-pc").join("motcua.db");
    let restored = backup::restore(&fresh, &out).unwrap();
    assert_eq!(restored.set_aside, None);
    assert!(Store::open(&fresh).unwrap().dossier_by_code(&code).unwrap().is_some());
}

/// Which refusal a case expects.
type Expected = fn(&BackupError) -> bool;

#[test]
fn a_restore_refuses_what_is_not_a_usable_backup_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("counter.db");
    let mut store = set_up(&path, 4);
    let code = receive(&mut store, 4, draft("Vũ Văn Còn", "", ""), at(2026, 12, 1, 9, 0)).code;
    drop(store);
    let good = dir.path().join("good.db");
    backup::backup(&path, &good).unwrap();
    let before = std::fs::read(&path).unwrap();

    let text = dir.path().join("ghi-chu.txt");
    std::fs::write(&text, "danh sách hồ sơ tháng 11\n".repeat(200)).unwrap();
    let corrupt = dir.path().join("corrupt.db");
    let mut bytes = std::fs::read(&good).unwrap();
    let page = 4096;
    assert!(bytes.len() > 8 * page, "the backup has pages to damage");
    for b in &mut bytes[3 * page..6 * page] {
        *b = 0x5A;
    }
    std::fs::write(&corrupt, bytes).unwrap();
    let newer = dir.path().join("newer.db");
    std::fs::copy(&good, &newer).unwrap();
    rusqlite::Connection::open(&newer).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let other = dir.path().join("other.db");
    rusqlite::Connection::open(&other).unwrap().execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();

    let cases: [(&Path, Expected, &str); 5] = [
        (&text, |e| matches!(e, BackupError::NotADatabase(_)), "không phải là bản sao lưu cơ sở dữ liệu"),
        (&corrupt, |e| matches!(e, BackupError::Corrupt { .. }), "bị hỏng"),
        (&newer, |e| matches!(e, BackupError::NewerSchema { found: 99, .. }), "phiên bản mới hơn"),
        (&other, |e| matches!(e, BackupError::NotOurs { .. }), "không phải là bản sao lưu của phần mềm Một Cửa"),
        (&dir.path().join("absent.db"), |e| matches!(e, BackupError::FileMissing(_)), "Không tìm thấy tệp"),
    ];
    for (file, expected, says) in cases {
        let e = backup::restore(&path, file).unwrap_err();
        assert!(expected(&e), "{file:?}: {e:?}");
        assert!(e.user_message().contains(says), "{file:?}: {}", e.user_message());
        assert_eq!(std::fs::read(&path).unwrap(), before, "{file:?} changed the database");
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("before-restore"))
        .collect();
    assert!(leftovers.is_empty(), "nothing set aside for a refused restore: {leftovers:?}");
    assert!(Store::open(&path).unwrap().dossier_by_code(&code).unwrap().is_some());
}

#[test]
fn a_database_damaged_beyond_opening_is_replaced_and_kept_aside() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("counter.db");
    let mut store = set_up(&path, 4);
    let code = receive(&mut store, 4, draft("Ngô Văn Cứu", "", ""), at(2026, 12, 1, 9, 0)).code;
    drop(store);
    let good = dir.path().join("good.db");
    backup::backup(&path, &good).unwrap();
    std::fs::write(&path, vec![0x42u8; 64 * 1024]).unwrap();

    let restored = backup::restore(&path, &good).unwrap();
    let aside = restored.set_aside.unwrap();
    assert_eq!(std::fs::read(&aside).unwrap(), vec![0x42u8; 64 * 1024]);
    assert!(Store::open(&path).unwrap().dossier_by_code(&code).unwrap().is_some());
}

#[test]
fn a_backup_to_a_folder_that_vanished_says_so_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("counter.db");
    drop(set_up(&path, 4));
    let usb = dir.path().join("usb");
    let e = backup::backup(&path, &usb.join("b.db")).unwrap_err();
    assert!(matches!(e, BackupError::FolderMissing(_)), "{e:?}");
    assert!(e.user_message().contains("Ổ USB đã bị rút ra?"), "{}", e.user_message());
    let e = backup::daily(&path, "dev", &usb, 7, at(2026, 12, 2, 0, 0).date()).unwrap_err();
    assert!(matches!(e, BackupError::FolderMissing(_)), "{e:?}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "only the database is there");
}

#[test]
fn daily_backups_take_one_a_day_and_keep_the_newest() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("counter.db");
    let store = set_up(&path, 4);
    let device = store.device_id().to_owned();
    let usb = dir.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    // Another PC of the office backs up to the same stick.
    let other = usb.join("motcua-0123456789ab-2026-11-01.db");
    std::fs::write(&other, b"another PC's backup").unwrap();

    let day = |d| at(2026, 11, d, 0, 0).date();
    let first = backup::daily(&path, &device, &usb, 3, day(20)).unwrap();
    assert!(first.is_some());
    assert!(backup::daily(&path, &device, &usb, 3, day(20)).unwrap().is_none(), "one a day");
    for d in 21..=24 {
        assert!(backup::daily(&path, &device, &usb, 3, day(d)).unwrap().is_some());
    }
    let mut kept: Vec<_> = backup::daily_backups(&usb, &device).unwrap().into_iter().map(|(d, _)| d).collect();
    kept.sort();
    assert_eq!(kept, vec![day(22), day(23), day(24)]);
    assert!(other.exists(), "another PC's backups are not pruned");
    for (_, file) in backup::daily_backups(&usb, &device).unwrap() {
        backup::inspect(&file).unwrap();
    }
}
