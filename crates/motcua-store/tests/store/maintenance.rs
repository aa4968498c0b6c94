//! The maintenance thread: the deferred integrity check and WAL checkpoints.

use std::time::{Duration, Instant};

use motcua_store::{Integrity, StartupCheck, Store, StoreError};

use crate::support::*;

/// Polls `integrity()` until it leaves Pending/Checking, for at most 10 s.
fn settled(store: &Store) -> Integrity {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let now = store.integrity();
        if !matches!(now, Integrity::Pending | Integrity::Checking) || Instant::now() > deadline {
            return now;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn wal_len(path: &std::path::Path) -> u64 {
    std::fs::metadata(format!("{}-wal", path.display())).map(|m| m.len()).unwrap_or(0)
}

#[test]
fn a_cleanly_closed_file_is_checked_in_the_background() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    drop(set_up(&path, 1));
    assert_eq!(wal_len(&path), 0, "a clean close removes the WAL");

    let store = Store::open_with(&path, StartupCheck::AfterCleanClose).unwrap();
    assert_eq!(store.integrity(), Integrity::Pending, "not checked at open");
    let _maintenance = store.start_maintenance(Duration::ZERO, Duration::from_millis(20)).unwrap();
    assert_eq!(settled(&store), Integrity::Ok);
}

#[test]
fn damage_found_in_the_background_stops_every_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    {
        let mut store = set_up(&path, 1);
        for i in 0..200 {
            receive(&mut store, 1, draft(&format!("Người {i}"), "001203001234", ""), at(2026, 11, 23, 9, 0));
        }
    }
    // Damage a page of the dossiers' name index: opening still works (it reads other pages).
    let data = {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let page: i64 = conn
            .query_row("SELECT rootpage FROM sqlite_schema WHERE name = 'dossiers_id_number'", [], |r| r.get(0))
            .unwrap();
        drop(conn);
        let mut data = std::fs::read(&path).unwrap();
        let start = (page as usize - 1) * 4096;
        for b in &mut data[start + 8..start + 4096] {
            *b = 0xA5;
        }
        std::fs::write(&path, &data).unwrap();
        data
    };
    let mut store = Store::open_with(&path, StartupCheck::AfterCleanClose).expect("opens before the check");
    let _maintenance = store.start_maintenance(Duration::ZERO, Duration::from_millis(20)).unwrap();
    assert!(matches!(settled(&store), Integrity::Failed(_)), "{:?}", store.integrity());

    let dossiers_before = std::fs::read(&path).unwrap().len();
    let err = store.commit(&actor(), motcua_store::Change::UserLoggedOut { user_id: "u".into() }).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert!(err.user_message().contains("bị hỏng"));
    assert_eq!(std::fs::read(&path).unwrap().len(), dossiers_before);
    assert_eq!(&std::fs::read(&path).unwrap()[100..], &data[100..], "pages of the damaged file were rewritten");
}

#[test]
fn saves_leave_the_checkpoint_to_the_maintenance_thread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let mut store = set_up(&path, 1);
    let maintenance = store.start_maintenance(Duration::from_secs(3600), Duration::from_secs(3600)).unwrap();
    // several WAL pages per save: 300 saves pass the 1,000 pages at which SQLite would
    // otherwise checkpoint inside a save; the database file must not be written by them.
    let before = std::fs::read(&path).unwrap();
    for i in 0..300 {
        receive(&mut store, 1, draft(&format!("Người {i}"), "001203001234", ""), at(2026, 11, 23, 9, 0));
    }
    assert!(wal_len(&path) > 1000 * 4096, "WAL holds the saves: {}", wal_len(&path));
    assert_eq!(std::fs::read(&path).unwrap(), before, "a save ran a checkpoint");
    drop(maintenance);

    let _maintenance = store.start_maintenance(Duration::ZERO, Duration::from_millis(10)).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::fs::read(&path).unwrap() == before && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_ne!(std::fs::read(&path).unwrap(), before, "the maintenance thread never checkpointed");
    assert_eq!(store.search_dossiers("nguoi 149", 5).unwrap().len(), 1);
}

/// The hub reserves its WAL's length up front: the zeros must leave every frame SQLite wrote
/// as it was, and must never be read as commits, which is what SQLite does with a WAL after a
/// power cut (it rebuilds its index from the frames that check out, here with no `-shm`).
#[test]
fn a_reserved_wal_keeps_every_save_and_reads_no_zeros_as_commits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.db");
    let wal = dir.path().join("hub.db-wal");
    let mut store = set_up(&path, 1);
    for i in 0..20 {
        receive(&mut store, 1, draft(&format!("Người {i}"), "001203001234", ""), at(2026, 11, 23, 9, 0));
    }
    let written = std::fs::read(&wal).unwrap();
    assert!(!written.is_empty(), "the saves are in the WAL");

    store.reserve_wal(3_000).unwrap();
    let frame = 24 + 4096;
    assert_eq!(wal_len(&path), 32 + 3_000 * frame);
    assert_eq!(&std::fs::read(&wal).unwrap()[..written.len()], &written[..], "frames SQLite wrote were changed");
    store.reserve_wal(1_000).unwrap();
    assert_eq!(wal_len(&path), 32 + 3_000 * frame, "a WAL already long enough is left alone");

    for i in 20..40 {
        receive(&mut store, 1, draft(&format!("Người {i}"), "001203001234", ""), at(2026, 11, 23, 9, 0));
    }
    assert_eq!(wal_len(&path), 32 + 3_000 * frame, "the saves went into the reserved length");
    // The files as a power cut would leave them, while the store is still open.
    let cut = tempfile::tempdir().unwrap();
    std::fs::copy(&path, cut.path().join("hub.db")).unwrap();
    std::fs::copy(&wal, cut.path().join("hub.db-wal")).unwrap();
    drop(store);

    let after = Store::open(cut.path().join("hub.db")).unwrap();
    after.full_integrity_check().unwrap();
    for i in [0, 19, 20, 39] {
        assert_eq!(after.search_dossiers(&format!("nguoi {i}"), 5).unwrap().len(), 1, "save {i} lost");
    }
    let mut after = after;
    receive(&mut after, 1, draft("Người 40", "001203001234", ""), at(2026, 11, 23, 9, 0));
    assert_eq!(after.search_dossiers("nguoi 40", 5).unwrap().len(), 1);
}
