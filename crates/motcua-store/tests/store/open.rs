//! Opening: migrations, and files that must be refused without being touched.

use std::time::Duration;

use motcua_store::{Change, LATEST_SCHEMA, Store, StoreError};

use crate::support::*;

fn bytes(path: &std::path::Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn a_new_file_is_migrated_to_the_latest_schema() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("sub/dir/c.db")).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_SCHEMA);
    store.full_integrity_check().unwrap();
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    drop(set_up(&path, 1));
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", LATEST_SCHEMA + 1).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = bytes(&path);
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::NewerSchema { found, .. } if found == LATEST_SCHEMA + 1), "{err}");
    assert!(err.user_message().contains("phiên bản mới hơn"));
    assert_eq!(bytes(&path), before, "the refused file was modified");
}

#[test]
fn a_foreign_sqlite_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    rusqlite::Connection::open(&path).unwrap().execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
    let before = bytes(&path);
    assert!(matches!(Store::open(&path), Err(StoreError::NotOurs { .. })));
    assert_eq!(bytes(&path), before);
}

#[test]
fn a_corrupt_file_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    {
        let mut store = set_up(&path, 1);
        for i in 0..200 {
            receive(&mut store, 1, draft(&format!("Người {i}"), "001203001234", ""), at(2026, 11, 23, 9, 0));
        }
    }
    // Checkpoint the WAL into the main file, then scribble over a page in the middle.
    rusqlite::Connection::open(&path).unwrap().pragma_update(None, "journal_mode", "DELETE").unwrap();
    let mut data = bytes(&path);
    let page = 4096;
    let middle = (data.len() / page / 2) * page;
    for b in &mut data[middle + 8..middle + page] {
        *b = 0xA5;
    }
    std::fs::write(&path, &data).unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert!(err.user_message().contains("bị hỏng"));
    assert_eq!(bytes(&path), data, "the corrupt file was modified");
}

#[test]
fn not_a_database_at_all_is_reported_as_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    std::fs::write(&path, "đây không phải cơ sở dữ liệu".repeat(300)).unwrap();
    assert!(matches!(Store::open(&path), Err(StoreError::Corrupt { .. })));
}

#[test]
fn a_write_while_another_process_holds_the_lock_reports_busy_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let mut store = set_up(&path, 1);
    let saved = receive(&mut store, 1, draft("Phạm Thị D", "001303001234", ""), at(2026, 11, 23, 9, 0));
    store.set_busy_timeout(Duration::from_millis(200)).unwrap();

    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let err = store.commit(&actor(), Change::UserLoggedIn { user_id: "x".into() }).expect_err("busy");
    assert!(matches!(err, StoreError::Busy), "{err}");
    assert!(err.user_message().contains("khóa"));
    other.execute_batch("ROLLBACK").unwrap();

    assert!(store.dossier_by_code(&saved.code).unwrap().is_some());
    store.commit(&actor(), Change::UserLoggedIn { user_id: "x".into() }).expect("works again once released");
}

#[test]
fn a_schema_1_file_gets_the_search_indexes_filled_from_its_dossiers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    {
        let mut store = set_up(&path, 1);
        receive(&mut store, 1, draft("Đặng Văn Đức", "001203001234", "0912 345 678"), at(2026, 11, 23, 9, 0));
    }
    // Put the file back to what schema 1 had: names indexed up to 3-letter prefixes, no keys
    // table, no settings table, no queue tables, no device secrets, no sync bookkeeping, no
    // lifecycle columns, no dashboard counters.
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP TRIGGER dossier_counts_insert; DROP TRIGGER dossier_counts_received_moved;
             DROP TRIGGER dossier_counts_end_moved; DROP TRIGGER dossier_counts_delete;
             DROP TRIGGER dossier_open_counts_insert; DROP TRIGGER dossier_open_counts_update;
             DROP TRIGGER dossier_open_counts_delete;
             DROP TABLE ratings; DROP TABLE dossier_open_counts; DROP TABLE dossier_counts;
             DROP TABLE feedback_actions; DROP TABLE feedback;
             DROP TABLE dossier_steps; DROP INDEX dossiers_open_by_due; DROP INDEX dossiers_resolved;
             DROP INDEX dossiers_closed; DROP INDEX dossiers_unresolved; ALTER TABLE dossiers DROP COLUMN closed_at;
             ALTER TABLE dossiers DROP COLUMN lifecycle; ALTER TABLE dossiers DROP COLUMN timeliness;
             ALTER TABLE dossiers DROP COLUMN resolved_at; ALTER TABLE dossiers DROP COLUMN due_at;
             DROP TABLE mail_outbox; DROP TABLE pulled_not_applied; DROP TABLE entity_versions;
             DROP TABLE sync_rejections; DROP TABLE sync_state;
             DROP TABLE device_secrets; DROP TABLE queue_tickets; DROP TABLE queue_counters; DROP TABLE queue_services;
             DROP TABLE settings; DROP TABLE dossier_keys; DROP TABLE dossier_names;
             CREATE VIRTUAL TABLE dossier_names USING fts5 (name_folded, content = '', contentless_delete = 1,
                 tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3');
             INSERT INTO dossier_names (rowid, name_folded) SELECT rowid, name_folded FROM dossiers;
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_SCHEMA);
    for query in ["dang van duc", "001203", "0912", "261123-0001", "261123"] {
        assert_eq!(store.search_dossiers(query, 5).unwrap().len(), 1, "{query}");
    }
    // Its deadline is its appointment: it is on the due list.
    let due = store.open_dossiers_due_by(at(2026, 12, 31, 0, 0)).unwrap();
    assert_eq!((due.len(), due[0].due_at), (1, due[0].appointment_at));
    // The dashboard's counters start from the dossiers already there.
    let day = at(2026, 11, 23, 0, 0).date();
    let now = at(2026, 11, 23, 12, 0);
    let cut = motcua_store::DeadlineCutoffs { now, end_of_today: now, end_of_next_working_day: now };
    let board = store.dashboard(day, day.succ_opt().unwrap(), cut).unwrap();
    assert_eq!((board.totals.received, board.pending.open), (1, 1));
    store.full_integrity_check().unwrap();
}
