//! Tests of `motcua_domain::lifecycle`: every step from every state, deadlines restarting, late
//! detection around days off.

use chrono::{NaiveDate, NaiveDateTime};
use motcua_domain::calendar::{CalendarExceptions, OfficeHours, ProcessingTime, WorkCalendar};
use motcua_domain::dossier::DossierStatus as S;
use motcua_domain::lifecycle::{Lifecycle, Refusal, Step, Timeliness};

const Y2026: &str = include_str!("../../../../assets/calendar/2026.json");

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d).and_then(|d| d.and_hms_opt(h, min, 0)).expect("valid test time")
}

fn calendar() -> WorkCalendar {
    WorkCalendar::new(OfficeHours::default(), vec![CalendarExceptions::from_json(Y2026).expect("asset parses")])
}

const RECEIVED: (i32, u32, u32, u32, u32) = (2026, 11, 16, 9, 0);
const DUE: (i32, u32, u32, u32, u32) = (2026, 11, 19, 9, 0);

fn t((y, m, d, h, min): (i32, u32, u32, u32, u32)) -> NaiveDateTime {
    at(y, m, d, h, min)
}

/// One step of every kind, each with valid content for a dossier due on `DUE`.
fn every_step() -> Vec<Step> {
    vec![
        Step::HandedOff {
            to: "Phòng Tư pháp".into(),
            handler: "Trần Văn B".into(),
            deadline: at(2026, 11, 18, 17, 0),
            note: String::new(),
        },
        Step::SupplementRequested { missing: vec!["Bản sao giấy khai sinh".into()], note: String::new() },
        Step::SupplementReceived { due_at: at(2026, 11, 24, 10, 0), note: String::new() },
        Step::ResultReady { note: String::new() },
        Step::ReturnedAtCounter { collector_name: "Nguyễn Văn A".into(), collector_id: "001099012345".into() },
        Step::SentByPost { address: "12 Hàng Bài, Hoàn Kiếm".into(), tracking_number: "EB123456789VN".into() },
        Step::Refused { reason: "Không thuộc thẩm quyền".into() },
        Step::ProcessingStopped { reason: "Người nộp đề nghị dừng".into() },
        Step::Withdrawn { reason: String::new() },
        Step::Apologised {
            reason: "Chờ ý kiến cơ quan liên quan".into(), new_appointment_at: at(2026, 11, 25, 9, 0)
        },
    ]
}

/// A dossier in each state, reached through the steps a real one takes.
fn in_each_state() -> Vec<(&'static str, Lifecycle)> {
    let now = t(RECEIVED);
    let received = Lifecycle::at_reception(t(DUE));
    let go = |l: &Lifecycle, s: &Step| l.apply(s, now).expect("fixture step applies");
    let steps = every_step();
    let (handoff, request, supplement, ready, returned, _, refused, stopped, withdrawn, _) =
        (&steps[0], &steps[1], &steps[2], &steps[3], &steps[4], &steps[5], &steps[6], &steps[7], &steps[8], &steps[9]);
    let processing = go(&received, handoff);
    let waiting_from_counter = go(&received, request);
    let waiting_from_department = go(&processing, request);
    let back_at_counter = go(&waiting_from_counter, supplement);
    let back_in_department = go(&waiting_from_department, supplement);
    let result = go(&processing, ready);
    vec![
        ("received", received.clone()),
        ("in_processing", processing.clone()),
        ("needs_supplement (from the counter)", waiting_from_counter),
        ("needs_supplement (from a department)", waiting_from_department.clone()),
        ("received again after a supplement", back_at_counter),
        ("in_processing again after a supplement", back_in_department),
        ("result_ready", result.clone()),
        ("returned", go(&result, returned)),
        ("rejected", go(&processing, refused)),
        ("processing_stopped", go(&waiting_from_department, stopped)),
        ("withdrawn", go(&received, withdrawn)),
    ]
}

/// The rule written independently of the code: which step each state allows, and where it goes.
fn expected(state: &Lifecycle, step: &Step) -> Option<S> {
    let status = state.status;
    let open = matches!(status, S::Received | S::InProcessing);
    let waiting = status == S::NeedsSupplement;
    match step {
        Step::HandedOff { .. } if open => Some(S::InProcessing),
        Step::SupplementRequested { .. } if open && !state.supplement_requested => Some(S::NeedsSupplement),
        Step::SupplementReceived { .. } if waiting => state.resumes_to,
        Step::ResultReady { .. } if open => Some(S::ResultReady),
        Step::ReturnedAtCounter { .. } | Step::SentByPost { .. } if status == S::ResultReady => Some(S::Returned),
        Step::Refused { .. } if open || waiting => Some(S::Rejected),
        Step::ProcessingStopped { .. } if status == S::InProcessing || waiting => Some(S::ProcessingStopped),
        Step::Withdrawn { .. } if open || waiting => Some(S::Withdrawn),
        Step::Apologised { .. } if open => Some(status),
        _ => None,
    }
}

#[test]
fn every_step_from_every_state_is_allowed_or_refused_as_the_rule_says() {
    let now = at(2026, 11, 17, 10, 0);
    let mut checked = 0;
    for (name, state) in in_each_state() {
        for step in every_step() {
            let got = state.apply(&step, now);
            match (expected(&state, &step), &got) {
                (Some(status), Ok(next)) => assert_eq!(next.status, status, "{name} + {}", step.kind()),
                (None, Err(refusal)) => {
                    // The clerk reads why: never an empty or English message.
                    let msg = refusal.to_string();
                    assert!(msg.starts_with("Hồ sơ"), "{name} + {}: {msg}", step.kind());
                }
                (want, got) => panic!("{name} + {}: expected {want:?}, got {got:?}", step.kind()),
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 11 * 10);
}

#[test]
fn ended_dossiers_refuse_everything_with_the_reason_they_ended() {
    for (name, state) in in_each_state().into_iter().filter(|(_, l)| l.is_closed()) {
        for step in every_step() {
            assert_eq!(state.apply(&step, t(RECEIVED)), Err(Refusal::Closed(state.status)), "{name}");
        }
    }
}

#[test]
fn a_supplement_is_requested_once_only() {
    let l = Lifecycle::at_reception(t(DUE));
    let steps = every_step();
    let waiting = l.apply(&steps[1], t(RECEIVED)).unwrap();
    let back = waiting.apply(&steps[2], at(2026, 11, 17, 8, 0)).unwrap();
    assert_eq!(back.apply(&steps[1], at(2026, 11, 17, 9, 0)), Err(Refusal::SupplementAlreadyRequested));
}

#[test]
fn the_deadline_restarts_when_the_complete_dossier_returns() {
    let cal = calendar();
    let time = ProcessingTime::WorkingDays { days: 3 };
    let received = t(RECEIVED);
    let l = Lifecycle::at_reception(cal.appointment(received, &time));
    assert_eq!(l.due_at, at(2026, 11, 19, 9, 0));
    let request = Step::SupplementRequested { missing: vec!["Tờ khai".into()], note: String::new() };
    let waiting = l.apply(&request, at(2026, 11, 17, 9, 0)).unwrap();
    // Waiting stops the clock: not late even long after the first deadline.
    assert!(!waiting.is_late(at(2026, 11, 30, 9, 0)));
    let back_at = at(2026, 11, 20, 14, 0); // a Friday; 24/11 is Ngày Văn hóa Việt Nam, a day off
    let due = cal.appointment(back_at, &time);
    assert_eq!(due, at(2026, 11, 26, 14, 0));
    let back = waiting.apply(&Step::SupplementReceived { due_at: due, note: String::new() }, back_at).unwrap();
    assert_eq!((back.status, back.due_at, back.appointment_at), (S::Received, due, due));
    // Judged against the restarted deadline, not the first one.
    let ready = back.apply(&Step::ResultReady { note: String::new() }, at(2026, 11, 26, 10, 0)).unwrap();
    assert_eq!(ready.timeliness, Some(Timeliness::OnTime));
}

#[test]
fn an_apology_moves_the_appointment_but_not_the_deadline() {
    let l = Lifecycle::at_reception(t(DUE));
    let apology = Step::Apologised { reason: "Chờ xác minh".into(), new_appointment_at: at(2026, 11, 25, 9, 0) };
    let sorry = l.apply(&apology, at(2026, 11, 18, 16, 0)).unwrap();
    assert_eq!((sorry.appointment_at, sorry.due_at, sorry.apologies), (at(2026, 11, 25, 9, 0), t(DUE), 1));
    // A second apology must promise a later date still; each one counts.
    assert!(matches!(sorry.apply(&apology, at(2026, 11, 24, 9, 0)), Err(Refusal::Invalid(_))));
    let again = Step::Apologised { reason: "Chờ xác minh".into(), new_appointment_at: at(2026, 11, 30, 9, 0) };
    let twice = sorry.apply(&again, at(2026, 11, 24, 9, 0)).unwrap();
    assert_eq!(twice.apologies, 2);
    let ready = twice.apply(&Step::ResultReady { note: String::new() }, at(2026, 11, 27, 9, 0)).unwrap();
    assert_eq!(ready.timeliness, Some(Timeliness::Late), "the apology's date does not make it on time");
}

#[test]
fn timeliness_is_early_on_time_or_late_against_the_due_moment() {
    let due = at(2026, 11, 19, 9, 0);
    assert_eq!(Timeliness::classify(at(2026, 11, 18, 16, 59), due), Timeliness::Early);
    assert_eq!(Timeliness::classify(at(2026, 11, 19, 7, 30), due), Timeliness::OnTime);
    assert_eq!(Timeliness::classify(due, due), Timeliness::OnTime);
    assert_eq!(Timeliness::classify(at(2026, 11, 19, 9, 1), due), Timeliness::Late);
    for t in [Timeliness::Early, Timeliness::OnTime, Timeliness::Late] {
        assert_eq!(Timeliness::parse(t.as_str()), Some(t));
    }
}

#[test]
fn late_detection_follows_the_office_calendar_around_holidays_and_swaps() {
    let cal = calendar();
    let two_days = ProcessingTime::WorkingDays { days: 2 };
    // Received Friday 28/08/2026 at 10:00: Monday 31/08 is swapped off, 1/9 and 2/9 are
    // National Day, so two working days end on Friday 04/09 (Saturday 22/08 was worked, before).
    let received = at(2026, 8, 28, 10, 0);
    let l = Lifecycle::at_reception(cal.appointment(received, &two_days));
    assert_eq!(l.due_at, at(2026, 9, 4, 10, 0));
    assert!(!l.is_late(at(2026, 9, 1, 10, 0)), "holidays do not make it late");
    assert!(!l.is_late(at(2026, 9, 4, 10, 0)));
    assert!(l.is_late(at(2026, 9, 4, 10, 1)));
    // Resolved or ended dossiers are never late, whatever the date.
    let ready = l.apply(&Step::ResultReady { note: String::new() }, at(2026, 9, 7, 8, 0)).unwrap();
    assert!(!ready.is_late(at(2026, 12, 1, 0, 0)));
    assert_eq!(ready.timeliness, Some(Timeliness::Late));
}

#[test]
fn bad_content_is_refused_with_what_is_missing() {
    let l = Lifecycle::at_reception(t(DUE));
    let now = t(RECEIVED);
    let result = l.apply(&Step::ResultReady { note: String::new() }, now).unwrap();
    let no_id = Step::ReturnedAtCounter { collector_name: "Nguyễn Văn A".into(), collector_id: String::new() };
    assert_eq!(
        result.apply(&no_id, now).unwrap_err().to_string(),
        "Chưa nhập số giấy tờ tùy thân của người nhận kết quả"
    );
    let bad_id = Step::ReturnedAtCounter { collector_name: "Nguyễn Văn A".into(), collector_id: "12345".into() };
    assert!(result.apply(&bad_id, now).unwrap_err().to_string().starts_with("Số giấy tờ của người nhận"));
    let no_tracking = Step::SentByPost { address: "12 Hàng Bài".into(), tracking_number: String::new() };
    assert!(matches!(result.apply(&no_tracking, now), Err(Refusal::Missing(_))));
    let nothing_missing = Step::SupplementRequested { missing: vec![], note: "thiếu".into() };
    assert!(matches!(l.apply(&nothing_missing, now), Err(Refusal::Missing(_))));
    let no_reason = Step::Refused { reason: String::new() };
    assert!(matches!(l.apply(&no_reason, now), Err(Refusal::Missing(_))));
    let backwards = Step::HandedOff {
        to: "Phòng Tư pháp".into(),
        handler: String::new(),
        deadline: at(2026, 11, 1, 0, 0),
        note: String::new(),
    };
    assert!(matches!(l.apply(&backwards, now), Err(Refusal::Invalid(_))));
    let nowhere = Step::HandedOff { to: String::new(), handler: String::new(), deadline: t(DUE), note: String::new() };
    assert!(matches!(l.apply(&nowhere, now), Err(Refusal::Missing(_))));
}

#[test]
fn steps_are_normalised_and_travel_as_tagged_json() {
    let step =
        Step::SentByPost { address: "  12 Hàng Bài ".into(), tracking_number: "eb 123 456 789 vn".into() }.normalised();
    assert_eq!(step, Step::SentByPost { address: "12 Hàng Bài".into(), tracking_number: "EB123456789VN".into() });
    let json = serde_json::to_value(&step).unwrap();
    assert_eq!(json["step"], "sent_by_post");
    let back: Step = serde_json::from_value(json).unwrap();
    assert_eq!(back, step);
    for step in every_step() {
        let json = serde_json::to_value(&step).unwrap();
        assert_eq!(json["step"], step.kind());
        assert!(!step.label_vi().is_empty());
    }
    for status in S::ALL {
        assert_eq!(S::parse(status.as_str()), Some(status));
    }
}
