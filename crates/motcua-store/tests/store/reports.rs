//! The monthly report over a generated month of 20,000 dossiers with known outcomes: every
//! number equals the one computed here from what was generated.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use motcua_store::ReportLine;
use motcua_store::fixtures::{Generated, Outcome, generate_dossiers, report_procedures};

use crate::support::*;

/// What the report must say, from the generated outcomes alone.
fn expected(made: &[Generated], start: NaiveDateTime, end: NaiveDateTime) -> BTreeMap<String, ReportLine> {
    let mut lines: BTreeMap<String, ReportLine> = BTreeMap::new();
    for g in made {
        // When the dossier stopped being the office's to resolve, and whether with a result.
        let (ended, result) = match &g.outcome {
            Outcome::Open { .. } | Outcome::Waiting => (None, false),
            Outcome::Ready { at, .. } => (Some(*at), true),
            Outcome::Refused { at } | Outcome::Withdrawn { at } => (Some(*at), false),
        };
        let alive = g.received_at < end && ended.is_none_or(|e| e >= start);
        if !alive {
            continue;
        }
        let line = lines
            .entry(g.procedure_code.clone())
            .or_insert_with(|| ReportLine { procedure_code: g.procedure_code.clone(), ..ReportLine::default() });
        if g.received_at < start {
            line.carried_over += 1;
        } else {
            line.received += 1;
        }
        match ended {
            Some(e) if e < end && result => {
                if e.date() < g.due_at.date() {
                    line.resolved_early += 1
                } else if e <= g.due_at {
                    line.resolved_on_time += 1
                } else {
                    line.resolved_late += 1
                }
            }
            Some(e) if e < end => line.ended_otherwise += 1,
            _ => {
                line.pending += 1;
                if g.due_at < end && !matches!(g.outcome, Outcome::Waiting) {
                    line.pending_late += 1;
                }
            }
        }
    }
    lines
}

#[test]
fn the_monthly_report_of_a_generated_month_adds_up_to_what_happened() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = set_up(&dir.path().join("counter.db"), 1);
    let made = generate_dossiers(&mut store, 20_000, 7);
    let (start, end) = (at(2026, 11, 1, 0, 0), at(2026, 12, 1, 0, 0));

    let report = store.dossier_report(start, end).unwrap();
    let want = expected(&made, start, end);
    assert_eq!(report.len(), 2, "one line per procedure");
    for line in &report {
        let mut counts = line.clone();
        (counts.field, counts.procedure_name) = (String::new(), String::new());
        assert_eq!(counts, want[&line.procedure_code], "{}", line.procedure_code);
        assert_eq!(
            line.carried_over + line.received,
            line.resolved() + line.ended_otherwise + line.pending,
            "the numbers add up"
        );
        let procedure = report_procedures().into_iter().find(|p| p.code == line.procedure_code).unwrap();
        assert_eq!(
            (line.field.as_str(), line.procedure_name.as_str()),
            (procedure.field.as_str(), procedure.name.as_str())
        );
    }
    // Sorted by field: Đất đai before Hộ tịch.
    assert_eq!(report[0].field, "Đất đai");
    // Every kind of number is there (the generator made each kind of outcome).
    let total = report.iter().fold(ReportLine::default(), |mut t, l| {
        t.add(l);
        t
    });
    for (what, n) in [
        ("carried over", total.carried_over),
        ("early", total.resolved_early),
        ("on time", total.resolved_on_time),
        ("late", total.resolved_late),
        ("ended otherwise", total.ended_otherwise),
        ("pending late", total.pending_late),
    ] {
        assert!(n > 100, "{what}: {n}");
    }

    // A month with nothing in it yet: carried-over dossiers only, nothing received.
    let before = store.dossier_report(at(2026, 9, 1, 0, 0), at(2026, 10, 1, 0, 0)).unwrap();
    assert!(before.is_empty(), "{before:?}");
}
