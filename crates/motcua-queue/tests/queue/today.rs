//! The writer decides from the day's queue held in memory: it must hold what the hub file
//! holds, even when something else wrote the file or a write did not land.

use motcua_domain::queue::{CounterSetup, PriorityGroup, Ticket, TicketState};
use motcua_queue::{Command, QueueError};
use motcua_store::{Change, Store};

use crate::support::{Hub, supervisor};

#[test]
fn what_another_connection_commits_to_the_hub_file_counts_from_the_next_command() {
    let hub = Hub::new();
    assert_eq!(hub.issue("A", false), "A001");
    // An IT officer's script on the same file: counter 1 closed, and a ticket A002 written
    // as the hub would have.
    let mut other = Store::open(hub.dir.path().join("hub.db")).unwrap();
    let closed = CounterSetup { number: 1, open: false, services: vec!["A".into()] };
    other.commit(&supervisor(), Change::QueueCounterSet(closed)).unwrap();
    let now = hub.clock.now();
    let a002 = Ticket {
        id: "ngoai-1".into(),
        day: now.date(),
        service: "A".into(),
        issued_service: "A".into(),
        number: 2,
        priority: Some(PriorityGroup::Elderly),
        state: TicketState::Waiting,
        counter: None,
        for_counter: None,
        recalls: 0,
        order: 2,
        issued_at: now,
        called_at: None,
        serving_at: None,
        finished_at: None,
        dossiers: vec![],
    };
    other.commit(&supervisor(), Change::TicketIssued(Box::new(a002))).unwrap();
    drop(other);

    assert_eq!(hub.issue("A", false), "A003", "numbered after the ticket written beside the hub");
    let err = hub.call(1).unwrap_err();
    assert!(matches!(err, QueueError::CounterClosed(1)), "{err}");
    assert_eq!(hub.call(3).unwrap(), "A002", "the priority ticket written beside the hub goes first");
    assert_eq!(hub.call(3).unwrap(), "A001");
}

#[test]
fn a_ticket_the_store_refused_to_write_leaves_no_trace_in_the_queue() {
    let hub = Hub::new();
    // Every priority ticket's row is refused, as a full disk or a broken file would refuse it.
    let conn = rusqlite::Connection::open(hub.dir.path().join("hub.db")).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER refuse_priority BEFORE INSERT ON queue_tickets WHEN NEW.priority = 1
         BEGIN SELECT RAISE(ABORT, 'refused for the test'); END;",
    )
    .unwrap();
    let refused = hub.run(Command::Issue { service: "A".into(), priority: Some(PriorityGroup::Disability) });
    assert!(matches!(refused, Err(QueueError::Store(_))), "{refused:?}");

    assert_eq!(hub.issue("A", false), "A001", "the refused ticket's number is still free");
    assert_eq!(hub.call(1).unwrap(), "A001", "nobody ahead of it: the refused ticket is not waiting");
    let err = hub.call(1).unwrap_err();
    assert!(matches!(err, QueueError::NobodyWaiting(1)), "{err}");
    assert_eq!(hub.host.status_blocking().unwrap().waiting, 0);
}
