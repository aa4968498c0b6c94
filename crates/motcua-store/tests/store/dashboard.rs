//! The supervisor's dashboard over a generated month of 20,000 dossiers with known outcomes:
//! its numbers equal the ones computed here and the monthly report's; ratings, feedback and
//! the counters kept through a rebuild.

use chrono::NaiveDate;
use motcua_domain::satisfaction::{Level, RatedService, RatingDraft};
use motcua_store::fixtures::{Generated, Outcome, generate_dossiers};
use motcua_store::{DeadlineCutoffs, ReportLine, Store, StoreError};

use crate::support::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Received, early, on time, late and ended otherwise in `start..end`, from the outcomes.
fn expected_counts(made: &[Generated], start: NaiveDate, end: NaiveDate) -> [u64; 5] {
    let mut c = [0u64; 5];
    let inside = |d: NaiveDate| d >= start && d < end;
    for g in made {
        if inside(g.received_at.date()) {
            c[0] += 1;
        }
        match &g.outcome {
            Outcome::Ready { at, .. } if inside(at.date()) => {
                let i = if at.date() < g.due_at.date() {
                    1
                } else if *at <= g.due_at {
                    2
                } else {
                    3
                };
                c[i] += 1;
            }
            Outcome::Refused { at } | Outcome::Withdrawn { at } if inside(at.date()) => c[4] += 1,
            _ => {}
        }
    }
    c
}

fn cutoffs(now: chrono::NaiveDateTime) -> DeadlineCutoffs {
    let end_of_today = now.date().succ_opt().unwrap().and_hms_opt(0, 0, 0).unwrap();
    DeadlineCutoffs { now, end_of_today, end_of_next_working_day: end_of_today + chrono::Duration::days(1) }
}

#[test]
fn the_dashboard_of_a_generated_month_equals_what_happened_and_the_monthly_report() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = set_up(&dir.path().join("counter.db"), 1);
    let made = generate_dossiers(&mut store, 20_000, 11);
    let now = at(2026, 11, 28, 10, 0);
    let board = store.dashboard(day(2026, 11, 1), day(2026, 12, 1), cutoffs(now)).unwrap();

    let t = &board.totals;
    let got = [t.received, t.resolved_early, t.resolved_on_time, t.resolved_late, t.ended_otherwise];
    assert_eq!(got, expected_counts(&made, day(2026, 11, 1), day(2026, 12, 1)));
    assert!(got.iter().all(|n| *n > 100), "every kind of figure is there: {got:?}");

    // The same numbers as the monthly report of the month.
    let report = store.dossier_report(at(2026, 11, 1, 0, 0), at(2026, 12, 1, 0, 0)).unwrap();
    let r = report.iter().fold(ReportLine::default(), |mut sum, l| {
        sum.add(l);
        sum
    });
    assert_eq!(got, [r.received, r.resolved_early, r.resolved_on_time, r.resolved_late, r.ended_otherwise]);
    for line in &board.by_procedure {
        let rl = report.iter().find(|l| l.procedure_code == line.key).unwrap();
        assert_eq!((line.received, line.resolved_late), (rl.received, rl.resolved_late), "{}", line.key);
        assert_eq!(line.label, rl.procedure_name);
    }
    // Pending now is what a report whose period ends after every event calls pending.
    let open = made.iter().filter(|g| matches!(g.outcome, Outcome::Open { .. } | Outcome::Waiting)).count() as u64;
    let later = store.dossier_report(at(2026, 11, 1, 0, 0), at(2027, 1, 1, 0, 0)).unwrap();
    assert_eq!(board.pending.open, open);
    assert_eq!(board.pending.open, later.iter().map(|l| l.pending).sum::<u64>());
    let waiting = made.iter().filter(|g| matches!(g.outcome, Outcome::Waiting)).count() as u64;
    assert_eq!(board.pending.waiting_supplement, waiting);
    let open_due = |from: chrono::NaiveDateTime, to: chrono::NaiveDateTime| {
        made.iter().filter(|g| matches!(g.outcome, Outcome::Open { .. }) && g.due_at >= from && g.due_at < to).count()
            as u64
    };
    let cut = cutoffs(now);
    assert_eq!(board.pending.late, open_due(at(2000, 1, 1, 0, 0), now));
    assert_eq!(board.pending.due_today, open_due(now, cut.end_of_today));
    assert_eq!(board.pending.due_next_working_day, open_due(cut.end_of_today, cut.end_of_next_working_day));
    assert!(board.pending.late > 0 && board.pending.due_today > 0);

    // Rates, the breakdowns and the chart's days add up to the totals.
    let resolved = (t.resolved_early + t.resolved_on_time + t.resolved_late) as f64;
    assert!((t.late_rate.unwrap() - 100.0 * t.resolved_late as f64 / resolved).abs() < 1e-9);
    assert!((t.on_time_rate.unwrap() + t.late_rate.unwrap() - 100.0).abs() < 1e-9);
    assert_eq!(board.by_day.len(), 30);
    assert_eq!(board.by_day.iter().map(|d| d.received).sum::<u64>(), t.received);
    let nov5 = made.iter().filter(|g| g.received_at.date() == day(2026, 11, 5)).count() as u64;
    assert_eq!(board.by_day[4].received, nov5);
    assert_eq!(board.by_field.iter().map(|f| f.label.as_str()).collect::<Vec<_>>(), ["Đất đai", "Hộ tịch"]);
    assert_eq!(board.by_clerk.len(), 1);
    assert_eq!(board.by_clerk[0].received, t.received);

    // A period with nothing in it: zeros and no rate, and the open dossiers still shown.
    let empty = store.dashboard(day(2025, 1, 1), day(2025, 2, 1), cut).unwrap();
    assert_eq!((empty.totals.received, empty.totals.on_time_rate), (0, None));
    assert_eq!(empty.pending.open, open);
}

#[test]
fn ratings_count_once_per_service_towards_their_clerk_and_procedure() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = set_up(&dir.path().join("counter.db"), 1);
    let d = receive(&mut store, 1, draft("Nguyễn Văn An", "001203001234", ""), at(2026, 11, 20, 9, 0));
    let rate = |store: &mut motcua_store::Store, service: RatedService, level: Level| {
        store.record_rating(
            &actor(),
            service,
            RatingDraft { level, criteria: vec![], comment: String::new() },
            at(2026, 11, 20, 9, 30),
            Some(1),
            d.draft.procedure_code.clone(),
        )
    };
    let dossier = RatedService::Dossier { code: d.code.clone() };
    rate(&mut store, dossier.clone(), Level::VerySatisfied).unwrap();
    let again = rate(&mut store, dossier.clone(), Level::Dissatisfied).unwrap_err();
    assert!(matches!(again, StoreError::Duplicate { .. }), "{again:?}");
    assert!(store.is_rated(&dossier).unwrap());
    for (i, level) in
        [Level::Satisfied, Level::Dissatisfied, Level::Satisfied, Level::Satisfied].into_iter().enumerate()
    {
        rate(&mut store, RatedService::Ticket { ticket_id: format!("t{i}"), label: format!("A00{i}") }, level).unwrap();
    }

    let board = store.dashboard(day(2026, 11, 1), day(2026, 12, 1), cutoffs(at(2026, 11, 20, 10, 0))).unwrap();
    let s = board.totals.satisfaction;
    assert_eq!((s.very_satisfied, s.satisfied, s.dissatisfied), (1, 3, 1));
    assert_eq!(board.totals.satisfaction_rate, Some(80.0));
    assert_eq!(board.by_clerk[0].satisfaction.total(), 5);
    assert_eq!(board.by_procedure[0].key, d.draft.procedure_code);
    assert_eq!(board.by_procedure[0].satisfaction_rate, Some(80.0));
    assert_eq!((board.totals.received, board.pending.open), (1, 1));
}

/// Four tickets of 2026-11-20: two served (waited 10 and 20 minutes, served in 6 and 4), one
/// no-show (waited 30), one still waiting.
fn four_tickets() -> Vec<motcua_store::Change> {
    use motcua_domain::queue::{Ticket, TicketState};
    let ticket = |n: u32, state: TicketState, wait: i64, service: Option<i64>| {
        let issued = at(2026, 11, 20, 8, 0);
        let called = (state != TicketState::Waiting).then(|| issued + chrono::Duration::minutes(wait));
        Ticket {
            id: format!("t{n}"),
            day: issued.date(),
            service: "A".into(),
            issued_service: "A".into(),
            number: n,
            priority: None,
            state,
            counter: called.map(|_| 1),
            for_counter: None,
            recalls: 0,
            order: i64::from(n),
            issued_at: issued,
            called_at: called,
            serving_at: called,
            finished_at: service.and_then(|s| called.map(|c| c + chrono::Duration::minutes(s))),
            dossiers: vec![],
        }
    };
    vec![
        motcua_store::Change::TicketFinished(Box::new(ticket(1, TicketState::Finished, 10, Some(6)))),
        motcua_store::Change::TicketFinished(Box::new(ticket(2, TicketState::Finished, 20, Some(4)))),
        motcua_store::Change::TicketNoShow(Box::new(ticket(3, TicketState::NoShow, 30, None))),
        motcua_store::Change::TicketIssued(Box::new(ticket(4, TicketState::Waiting, 0, None))),
    ]
}

fn assert_four_tickets_figures(store: &Store) {
    let cut = cutoffs(at(2026, 11, 20, 12, 0));
    let q = store.dashboard(day(2026, 11, 20), day(2026, 11, 21), cut).unwrap().queue;
    assert_eq!((q.issued, q.served, q.no_show), (4, 2, 1));
    let close = |a: Option<f64>, b: f64| a.is_some_and(|a| (a - b).abs() < 1e-6);
    assert!(close(q.average_wait_minutes, 20.0), "{q:?}: the three called tickets waited 10, 20 and 30 minutes");
    assert!(close(q.longest_wait_minutes, 30.0), "{q:?}");
    assert!(close(q.average_service_minutes, 5.0), "{q:?}: served in 6 and 4 minutes");
    let other_day = store.dashboard(day(2026, 11, 21), day(2026, 11, 22), cut).unwrap().queue;
    assert_eq!((other_day.issued, other_day.average_wait_minutes), (0, None));
}

#[test]
fn queue_figures_are_the_days_tickets_waits_and_service_times() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = set_up(&dir.path().join("hub.db"), 1);
    store.commit_batch(&actor(), four_tickets()).unwrap();
    assert_four_tickets_figures(&store);
}

#[test]
fn a_hub_file_from_before_migration_14_gets_its_tickets_figures_from_their_records() {
    // Schema 13 computed the figures from each ticket's JSON record; 14 stores them. A file
    // upgraded from 13 has them filled in from the records (here: emptied, then upgraded).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.db");
    let mut store = set_up(&path, 1);
    store.commit_batch(&actor(), four_tickets()).unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "UPDATE queue_tickets SET wait_minutes = NULL, service_minutes = NULL; PRAGMA user_version = 13;",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), motcua_store::LATEST_SCHEMA);
    assert_four_tickets_figures(&store);
}

#[test]
fn a_hub_file_from_before_migration_15_keeps_its_tickets_and_still_refuses_an_unknown_state() {
    // 15 rebuilds queue_tickets to write the state's CHECK without an IN list. Here the table
    // is put back as schema 14 had it (same rows), then the file is upgraded.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.db");
    let mut store = set_up(&path, 1);
    store.commit_batch(&actor(), four_tickets()).unwrap();
    drop(store);
    let records = |conn: &rusqlite::Connection| -> Vec<(String, String, String)> {
        let mut stmt = conn.prepare("SELECT id, state, record FROM queue_tickets ORDER BY id").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect()
    };
    let conn = rusqlite::Connection::open(&path).unwrap();
    let before = records(&conn);
    let index_sql = |conn: &rusqlite::Connection| -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'queue_tickets' AND sql IS NOT NULL ORDER BY name")
            .unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    let indexes = index_sql(&conn);
    assert_eq!(indexes.len(), 2, "the day's order and the dashboard's figures: {indexes:?}");
    conn.execute_batch(
        "CREATE TABLE old_tickets (
             id TEXT PRIMARY KEY, day TEXT NOT NULL, service TEXT NOT NULL, issued_service TEXT NOT NULL,
             number INTEGER NOT NULL, priority INTEGER NOT NULL,
             state TEXT NOT NULL CHECK (state IN ('waiting', 'called', 'serving', 'finished', 'no_show')),
             counter INTEGER, for_counter INTEGER, ordering INTEGER NOT NULL,
             record TEXT NOT NULL CHECK (json_valid(record)), wait_minutes REAL, service_minutes REAL,
             UNIQUE (day, issued_service, number)) STRICT;
         INSERT INTO old_tickets SELECT id, day, service, issued_service, number, priority, state, counter,
             for_counter, ordering, record, wait_minutes, service_minutes FROM queue_tickets;
         DROP TABLE queue_tickets;
         ALTER TABLE old_tickets RENAME TO queue_tickets;
         PRAGMA user_version = 14;",
    )
    .unwrap();
    // Schema 14's indexes.
    conn.execute_batch(
        "CREATE INDEX queue_waiting ON queue_tickets (day, service, priority DESC, ordering) WHERE state = 'waiting';
         CREATE INDEX queue_waiting_for_counter ON queue_tickets (day, for_counter, priority DESC, ordering)
             WHERE state = 'waiting' AND for_counter IS NOT NULL;
         CREATE INDEX queue_at_counter ON queue_tickets (day, counter) WHERE state IN ('called', 'serving');
         CREATE INDEX queue_day_order ON queue_tickets (day, ordering);
         CREATE INDEX queue_finished ON queue_tickets (day, service, ordering) WHERE state = 'finished';
         CREATE INDEX queue_day_figures ON queue_tickets (day, state, wait_minutes, service_minutes);",
    )
    .unwrap();
    drop(conn);

    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), motcua_store::LATEST_SCHEMA);
    assert_four_tickets_figures(&store);
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(records(&conn), before);
    assert_eq!(index_sql(&conn), indexes, "the queue's indexes are the latest schema's");
    let table: String = conn
        .query_row("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'queue_tickets'", [], |r| r.get(0))
        .unwrap();
    assert!(!table.contains("state IN"), "the state is checked without an IN list: {table}");
    let err = conn.execute("UPDATE queue_tickets SET state = 'lost' WHERE id = 't1'", []).unwrap_err();
    assert!(err.to_string().contains("CHECK constraint failed"), "{err}");
}
