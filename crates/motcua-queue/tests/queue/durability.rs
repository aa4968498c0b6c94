//! The hub answers a command only once it is on the disk: its WAL is synced by a thread of its
//! own, and a command whose sync fails is not reported done, nor shown on the hall display.

use std::time::Duration;

use motcua_queue::{Command, HostConfig, QueueError, QueueHost};

use crate::support::supervisor;

/// The WAL's name removed under a hub that has not synced yet (a disk cleaner, a user in the
/// data folder): the syncer cannot open it, so nothing written after is known to be safe.
#[cfg(unix)]
#[test]
fn a_command_the_disk_did_not_take_is_not_reported_done() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.db");
    let host = QueueHost::open(&path, HostConfig::default()).unwrap();
    let mut events = host.subscribe();
    let wal = dir.path().join("hub.db-wal");
    std::fs::remove_file(&wal).expect("the hub's WAL exists once it is open");

    let services = vec![motcua_domain::queue::QueueService { prefix: "A".into(), name: "Đất đai".into() }];
    let refused = host.run_blocking(supervisor(), Command::SetServices { services }).unwrap_err();
    assert!(matches!(refused, QueueError::NotDurable(_)), "{refused:?}");
    assert_eq!(refused.code(), "not_durable");
    assert_eq!(refused.http_status(), 503);
    assert!(refused.user_message().contains("không ghi chắc"), "{}", refused.user_message());
    std::thread::sleep(Duration::from_millis(50));
    assert!(events.try_recv().is_err(), "the display must not hear of it");

    // A file by that name again: syncing it would succeed, but it is not the WAL SQLite
    // writes (and after a write-back error Linux forgets the lost pages), so the hub goes on
    // refusing until it restarts.
    std::fs::write(&wal, b"").unwrap();
    let services = vec![motcua_domain::queue::QueueService { prefix: "B".into(), name: "Hộ tịch".into() }];
    let refused = host.run_blocking(supervisor(), Command::SetServices { services }).unwrap_err();
    assert!(matches!(refused, QueueError::NotDurable(_)), "{refused:?}");
    std::thread::sleep(Duration::from_millis(50));
    assert!(events.try_recv().is_err(), "the display must not hear of it either");
}

/// Normal running: the answer comes after the sync, and the display hears of it.
#[test]
fn a_synced_command_is_answered_and_shown() {
    let dir = tempfile::tempdir().unwrap();
    let host = QueueHost::open(&dir.path().join("hub.db"), HostConfig::default()).unwrap();
    let mut events = host.subscribe();
    let services = vec![motcua_domain::queue::QueueService { prefix: "A".into(), name: "Đất đai".into() }];
    host.run_blocking(supervisor(), Command::SetServices { services }).unwrap();
    let event = events.try_recv().expect("the event is sent before the answer");
    assert_eq!(event.kind, "setup");
}

/// Tickets taken without a pause (20 kiosks at once) never leave the hub quiet long enough for
/// the checkpoint that waits for a quiet moment: the writer still keeps the WAL bounded (16,000
/// pages, then at most a batch more; 25,700 pages without it), and every ticket is in the
/// database.
#[test]
fn the_wal_stays_bounded_under_calls_that_never_pause() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.db");
    let host = hub_of_one_service(&path);
    let (kiosks, each) = (20, 600);
    take_tickets_at_once(&host, kiosks, each);
    let wal_bytes = std::fs::metadata(dir.path().join("hub.db-wal")).unwrap().len();
    let frame = 4096 + 24;
    assert!(wal_bytes <= 17_000 * frame, "the WAL grew to {} pages", wal_bytes / frame);
    drop(host);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let tickets: u32 = conn.query_row("SELECT count(*) FROM queue_tickets", [], |r| r.get(0)).unwrap();
    assert_eq!(tickets, kiosks * each);
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
}

/// The checkpoint waits for a quiet moment, then catches up: after a burst and a pause, the
/// next write starts the WAL over instead of adding to the burst's pages.
#[test]
fn after_a_burst_the_wal_starts_over_once_the_hub_is_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.db");
    let host = hub_of_one_service(&path);
    take_tickets_at_once(&host, 20, 50);
    std::thread::sleep(Duration::from_millis(50));
    take_tickets_at_once(&host, 1, 1);
    let conn = rusqlite::Connection::open(&path).unwrap();
    // (busy, frames in the WAL, frames copied).
    let (_, frames, _): (i64, i64, i64) =
        conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap();
    assert!(frames < 50, "the WAL did not start over after the burst: {frames} frames");
    drop(conn);
    drop(host);
}

/// The hub gives its WAL its length at open (8,000 frames), so a morning's first rush writes
/// over blocks the file already has: its fsyncs have no blocks to allocate and no new length to
/// write. 1,000 tickets (about 2,300 frames) stay inside it.
#[test]
fn the_hub_reserves_its_wal_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let wal = dir.path().join("hub.db-wal");
    let host = hub_of_one_service(&dir.path().join("hub.db"));
    let reserved = std::fs::metadata(&wal).unwrap().len();
    assert_eq!(reserved, 32 + 8_000 * (4096 + 24));
    take_tickets_at_once(&host, 20, 50);
    assert_eq!(std::fs::metadata(&wal).unwrap().len(), reserved, "the rush grew the WAL");
    drop(host);
}

/// A hub with service A only.
fn hub_of_one_service(path: &std::path::Path) -> QueueHost {
    let host = QueueHost::open(path, HostConfig::default()).unwrap();
    let services = vec![motcua_domain::queue::QueueService { prefix: "A".into(), name: "Đất đai".into() }];
    host.run_blocking(supervisor(), Command::SetServices { services }).unwrap();
    host
}

/// `kiosks` threads, each taking `each` tickets of A without a pause.
fn take_tickets_at_once(host: &QueueHost, kiosks: u32, each: u32) {
    std::thread::scope(|s| {
        for _ in 0..kiosks {
            let host = host.clone();
            s.spawn(move || {
                for _ in 0..each {
                    host.run_blocking(supervisor(), Command::Issue { service: "A".into(), priority: None }).unwrap();
                }
            });
        }
    });
}
