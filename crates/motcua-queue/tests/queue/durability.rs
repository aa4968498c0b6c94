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
