use motcua_domain::queue::{CounterSetup, TicketState};
use motcua_queue::{Command, Outcome, QueueError};

use crate::support::{Hub, at};

#[test]
fn numbers_are_per_service_and_restart_each_day() {
    let hub = Hub::new();
    assert_eq!(hub.issue("A", false), "A001");
    assert_eq!(hub.issue("a", false), "A002", "the prefix is read in capitals");
    assert_eq!(hub.issue("B", false), "B001");
    assert_eq!(hub.issue("A", true), "A003", "priority tickets share the service's numbers");
    hub.clock.set(at(2, 7, 30));
    assert_eq!(hub.issue("A", false), "A001", "a new day starts at 1");
    assert_eq!(hub.issue("B", false), "B001");
}

#[test]
fn call_next_takes_priority_first_then_first_come_within_the_counters_services() {
    let hub = Hub::new();
    for (service, priority) in [("A", false), ("B", false), ("A", false), ("B", true), ("A", true)] {
        hub.issue(service, priority);
        hub.clock.advance_minutes(1);
    }
    // Counter 1 serves A only: the priority A ticket first, then A in issue order.
    assert_eq!(hub.call(1).unwrap(), "A003");
    assert_eq!(hub.call(1).unwrap(), "A001");
    // Counter 3 serves A and B: the priority B ticket before the older B001 and A002, then
    // B001 (issued before A002).
    assert_eq!(hub.call(3).unwrap(), "B002");
    assert_eq!(hub.call(3).unwrap(), "B001");
    // Counter 2 serves B only: A002 is not for it.
    let err = hub.call(2).unwrap_err();
    assert!(matches!(err, QueueError::NobodyWaiting(2)), "{err}");
    assert_eq!(err.user_message(), "Không còn ai đang chờ ở các dịch vụ của quầy này.");
    assert_eq!(hub.call(1).unwrap(), "A002");
}

#[test]
fn calling_next_finishes_the_current_ticket_and_the_figures_follow() {
    let hub = Hub::new();
    hub.issue("A", false);
    hub.issue("A", false);
    hub.clock.advance_minutes(4);
    hub.call(1).unwrap();
    hub.run(Command::Start { counter: 1 }).unwrap();
    hub.clock.advance_minutes(6);
    match hub.run(Command::CallNext { counter: 1 }).unwrap() {
        Outcome::Called { label, finished: Some(done), .. } => {
            assert_eq!(label, "A002");
            assert_eq!(done.label(), "A001");
            assert_eq!(done.state, TicketState::Finished);
        }
        other => panic!("{other:?}"),
    }
    let status = hub.host.status_blocking().unwrap();
    assert_eq!(status.served, 1);
    assert_eq!(status.average_service_minutes, Some(6.0));
    // A001 waited 4 minutes, A002 ten.
    assert_eq!(status.average_wait_minutes, Some(7.0));
    let counter = status.counters.iter().find(|c| c.number == 1).unwrap();
    assert_eq!(counter.current.as_deref(), Some("A002"));
    assert_eq!(status.recent_calls[0].text, "Mời số A002 đến quầy 1");
    // The next ticket's estimate uses that service time: two ahead, 6 minutes each, two counters.
    hub.issue("A", false);
    match hub.run(Command::Issue { service: "A".into(), priority: None }).unwrap() {
        Outcome::Issued { people_ahead, estimated_wait_minutes, .. } => {
            assert_eq!(people_ahead, 1);
            assert_eq!(estimated_wait_minutes, 3, "1 × 6 min ÷ counters 1 and 3");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn recalls_past_the_limit_make_a_no_show() {
    let hub = Hub::new();
    hub.issue("A", false);
    hub.call(1).unwrap();
    for n in 1..=3 {
        match hub.run(Command::Recall { counter: 1 }).unwrap() {
            Outcome::Updated { ticket, .. } => {
                assert_eq!(ticket.recalls, n);
                assert_eq!(ticket.state, TicketState::Called);
            }
            other => panic!("{other:?}"),
        }
    }
    match hub.run(Command::Recall { counter: 1 }).unwrap() {
        Outcome::Updated { ticket, .. } => assert_eq!(ticket.state, TicketState::NoShow),
        other => panic!("{other:?}"),
    }
    let err = hub.run(Command::Recall { counter: 1 }).unwrap_err();
    assert!(matches!(err, QueueError::NoCurrentTicket(1)), "{err}");
    assert_eq!(hub.host.status_blocking().unwrap().no_show, 1);
}

#[test]
fn a_transfer_goes_back_to_waiting_for_the_other_service_or_counter_keeping_its_place() {
    let hub = Hub::new();
    hub.issue("A", false); // A001
    hub.issue("B", false); // B001
    hub.call(1).unwrap(); // A001 at counter 1
    hub.run(Command::Transfer { counter: 1, service: Some("B".into()), to_counter: None }).unwrap();
    // A001 now waits for B, and was issued before B001: counter 2 calls it first.
    assert_eq!(hub.call(2).unwrap(), "A001");
    // Transferred to counter 3 alone: counter 2 cannot call it back, counter 3 does.
    hub.run(Command::Transfer { counter: 2, service: None, to_counter: Some(3) }).unwrap();
    assert_eq!(hub.call(2).unwrap(), "B001");
    assert_eq!(hub.call(3).unwrap(), "A001");
    let err = hub.run(Command::Transfer { counter: 3, service: Some("Z".into()), to_counter: None }).unwrap_err();
    assert!(matches!(err, QueueError::UnknownService(_)), "{err}");
}

#[test]
fn a_closed_or_unknown_counter_cannot_call_and_bad_setups_are_refused() {
    let hub = Hub::new();
    hub.issue("A", false);
    hub.run(Command::SetCounter { counter: CounterSetup { number: 1, open: false, services: vec!["A".into()] } })
        .unwrap();
    assert!(matches!(hub.call(1), Err(QueueError::CounterClosed(1))));
    assert!(matches!(hub.call(7), Err(QueueError::UnknownCounter(7))));
    let err = hub.run(Command::Issue { service: "Z".into(), priority: None }).unwrap_err();
    assert_eq!(err.user_message(), "Không có dịch vụ \"Z\" trong hàng đợi của bộ phận.");
    let err = hub
        .run(Command::SetCounter { counter: CounterSetup { number: 2, open: true, services: vec!["Q".into()] } })
        .unwrap_err();
    assert!(matches!(err, QueueError::UnknownService(_)), "{err}");
    let dup = vec![
        motcua_domain::queue::QueueService { prefix: "A".into(), name: "Một".into() },
        motcua_domain::queue::QueueService { prefix: "a".into(), name: "Hai".into() },
    ];
    let err = hub.run(Command::SetServices { services: dup }).unwrap_err();
    assert!(err.user_message().contains("trùng ký hiệu"), "{}", err.user_message());
}

#[test]
fn a_dossier_registered_during_the_service_is_linked_to_the_ticket() {
    let hub = Hub::new();
    hub.issue("A", false);
    hub.call(1).unwrap();
    hub.run(Command::Start { counter: 1 }).unwrap();
    let code = "000.00.21.H26-261201-0001";
    hub.run(Command::LinkDossier { counter: 1, code: code.into() }).unwrap();
    match hub.run(Command::Finish { counter: 1 }).unwrap() {
        Outcome::Updated { ticket, .. } => {
            assert_eq!(ticket.dossiers, vec![code.to_owned()]);
            assert_eq!(ticket.state, TicketState::Finished);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_change_is_an_op_and_the_queue_survives_reopening() {
    let hub = Hub::new();
    hub.issue("A", false);
    hub.issue("A", true);
    hub.call(1).unwrap();
    let path = hub.dir.path().join("hub.db");
    let Hub { host, dir, .. } = hub;
    drop(host);
    let store = motcua_store::Store::open(&path).unwrap();
    let kinds: Vec<String> = store.ops_after(0, 100).unwrap().into_iter().map(|o| o.kind).collect();
    let tail: Vec<&str> = kinds.iter().rev().take(3).rev().map(String::as_str).collect();
    assert_eq!(tail, ["queue.ticket_issued", "queue.ticket_issued", "queue.ticket_called"]);
    drop(store);
    drop(dir);
}
