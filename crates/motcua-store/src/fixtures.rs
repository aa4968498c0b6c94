//! Test fixtures (feature `fixtures`): a set-up office with a small catalog, and dossier
//! drafts; for this crate's tests and for tests elsewhere that need a counter's real ops
//! (the sync tests).

use chrono::{NaiveDate, NaiveDateTime};

use crate::{Actor, Change, DossierRecord, NewDossier, Store};
use motcua_domain::calendar::ProcessingTime;
use motcua_domain::catalog::{PaperForm, Procedure, RequiredPaper};
use motcua_domain::dossier::{Applicant, DossierDraft, ReceivedPaper, ReturnMethod};
use motcua_domain::office::OfficeProfile;

pub fn actor() -> Actor {
    Actor { user_id: "test-user".into(), display_name: "Cán bộ Thử".into() }
}

pub fn office(counter: u32) -> OfficeProfile {
    OfficeProfile {
        name: "Bộ phận Một cửa UBND phường Thử".into(),
        unit_code: "000.00.21.H26".into(),
        address: "1 Phố Thử".into(),
        place_name: "Hà Nội".into(),
        counter_number: counter,
        counter_slots: 20,
        hotlines: vec!["1900 1234".into()],
        feedback_email: String::new(),
        other_channels: vec![],
        hours: Default::default(),
        code_pattern: Default::default(),
    }
}

pub fn procedure() -> Procedure {
    Procedure {
        code: "1.001193".into(),
        name: "Đăng ký khai sinh".into(),
        field: "Hộ tịch".into(),
        level: "Cấp xã".into(),
        processing: ProcessingTime::WorkingDays { days: 3 },
        fee_vnd: 0,
        fee_note: String::new(),
        papers: vec![RequiredPaper { name: "Tờ khai".into(), form: PaperForm::Original, count: 1, optional: false }],
        result: "Giấy khai sinh".into(),
        agency: "UBND cấp xã".into(),
        interagency: false,
        postal_return: true,
        hidden: false,
    }
}

/// A fresh store with the office and one procedure, as after the first-run wizard.
pub fn set_up(path: &std::path::Path, counter: u32) -> Store {
    let mut store = Store::open(path).expect("open");
    store
        .commit_batch(&actor(), vec![Change::OfficeConfigured(office(counter)), Change::ProcedureUpserted(procedure())])
        .expect("set up");
    store
}

pub fn draft(name: &str, id_number: &str, phone: &str) -> DossierDraft {
    DossierDraft {
        procedure_code: "1.001193".into(),
        applicant: Applicant {
            full_name: name.into(),
            id_number: id_number.into(),
            phone: phone.into(),
            ..Default::default()
        },
        papers: vec![ReceivedPaper { name: "Tờ khai".into(), form: PaperForm::Original, count: 1 }],
        sets: 1,
        return_method: ReturnMethod::Counter,
        postal_address: String::new(),
        note: String::new(),
    }
}

pub fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, min, 0).unwrap()
}

pub fn receive(store: &mut Store, counter: u32, draft: DossierDraft, received_at: NaiveDateTime) -> DossierRecord {
    store
        .receive_dossier(
            &actor(),
            &office(counter),
            NewDossier {
                draft,
                procedure_name: "Đăng ký khai sinh".into(),
                processing: ProcessingTime::WorkingDays { days: 3 },
                received_at,
                appointment_at: received_at + chrono::Duration::days(3),
            },
        )
        .expect("receive")
}

/// Commits `n` printed-paper ops through the write path, 1,000 to a transaction: a counter
/// with a large outbox, quickly (the sync tests and benchmark).
pub fn print_papers(store: &mut Store, n: usize) {
    let mut made = 0;
    while made < n {
        let batch: Vec<Change> = (made..n.min(made + 1000))
            .map(|i| Change::PaperPrinted {
                paper: "receipt".into(),
                subject: format!("000.00.21.H26-261202-{i:04}"),
                reprint: i % 7 == 0,
                printer: "Máy in quầy".into(),
            })
            .collect();
        made += batch.len();
        store.commit_batch(&actor(), batch).expect("printed papers");
    }
}

/// How a generated dossier's life went (see [`generate_dossiers`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Still received, or handed off (`true`).
    Open {
        handed_off: bool,
    },
    /// Waiting for a supplement.
    Waiting,
    /// Result ready at `at` (returned the next day if `returned`).
    Ready {
        at: NaiveDateTime,
        returned: bool,
    },
    Refused {
        at: NaiveDateTime,
    },
    Withdrawn {
        at: NaiveDateTime,
    },
}

/// One generated dossier: its procedure, when it came in, when it was due, how it went.
#[derive(Debug, Clone)]
pub struct Generated {
    pub code: String,
    pub procedure_code: String,
    pub received_at: NaiveDateTime,
    pub due_at: NaiveDateTime,
    pub outcome: Outcome,
}

/// Two procedures in two fields, for reports: the fixture's birth registration (Hộ tịch) and
/// a land procedure (Đất đai).
pub fn report_procedures() -> Vec<Procedure> {
    let mut land = procedure();
    land.code = "1.004227".into();
    land.name = "Đăng ký biến động quyền sử dụng đất".into();
    land.field = "Đất đai".into();
    vec![procedure(), land]
}

/// `n` dossiers received from 20/10/2026 to 30/11/2026 (about 3/4 of them in November), each
/// due 3 days after reception, with outcomes spread by a fixed pseudo-random sequence
/// (`seed`): still open, waiting for a supplement, ready early / on time / late (some in
/// December), refused, withdrawn. Written in batches of 1,000 through the write path.
pub fn generate_dossiers(store: &mut Store, n: usize, seed: u64) -> Vec<Generated> {
    use motcua_domain::lifecycle::Step;
    store
        .commit_batch(&actor(), report_procedures().into_iter().map(Change::ProcedureUpserted).collect())
        .expect("procedures");
    let mut rng = seed.max(1);
    let mut next = move |m: u64| {
        // xorshift64: the same sequence every run
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng % m
    };
    let start = at(2026, 10, 20, 7, 30);
    let mut made = Vec::with_capacity(n);
    while made.len() < n {
        let batch: Vec<(NewDossier, String, Outcome)> = (made.len()..n.min(made.len() + 1000))
            .map(|_| {
                let received_at = start + chrono::Duration::minutes(next(41 * 24 * 60) as i64);
                let due_at = received_at + chrono::Duration::days(3);
                let procs = report_procedures();
                let p = &procs[next(2) as usize];
                let (kind, minutes, coin) = (next(10), next(6 * 24 * 60), next(2) == 0);
                // within the first `days` days after reception
                let when = |days: u64| received_at + chrono::Duration::minutes((minutes % (days * 24 * 60)) as i64 + 1);
                let outcome = match kind {
                    0 => Outcome::Open { handed_off: false },
                    1 => Outcome::Open { handed_off: true },
                    2 => Outcome::Waiting,
                    3 => Outcome::Refused { at: when(2) },
                    4 => Outcome::Withdrawn { at: when(5) },
                    5 => Outcome::Ready { at: when(6), returned: false },
                    _ => Outcome::Ready { at: when(4), returned: coin },
                };
                let mut d = draft("Người Thử Nghiệm", "001303001234", "");
                d.procedure_code = p.code.clone();
                let new = NewDossier {
                    draft: d,
                    procedure_name: p.name.clone(),
                    processing: ProcessingTime::WorkingDays { days: 3 },
                    received_at,
                    appointment_at: due_at,
                };
                (new, p.code.clone(), outcome)
            })
            .collect();
        let (news, rest): (Vec<NewDossier>, Vec<(String, Outcome)>) =
            batch.into_iter().map(|(n, c, o)| (n, (c, o))).unzip();
        let saved = store.receive_dossiers(&actor(), &office(1), news).expect("receive");
        let mut steps = Vec::new();
        for (record, (procedure_code, outcome)) in saved.iter().zip(rest) {
            let step = |at: NaiveDateTime, step: Step| {
                Change::DossierStepped(Box::new(crate::DossierStep {
                    dossier_id: record.id.clone(),
                    code: record.code.clone(),
                    at,
                    by: "test-user".into(),
                    by_name: "Cán bộ Thử".into(),
                    step,
                }))
            };
            let handoff = || Step::HandedOff {
                to: "Phòng chuyên môn".into(),
                handler: String::new(),
                deadline: record.appointment_at,
                note: String::new(),
            };
            let t0 = record.received_at + chrono::Duration::minutes(1);
            match &outcome {
                Outcome::Open { handed_off: false } => {}
                Outcome::Open { handed_off: true } => steps.push(step(t0, handoff())),
                Outcome::Waiting => steps
                    .push(step(t0, Step::SupplementRequested { missing: vec!["Tờ khai".into()], note: String::new() })),
                Outcome::Refused { at } => steps.push(step(*at, Step::Refused { reason: "Không đủ điều kiện".into() })),
                Outcome::Withdrawn { at } => steps.push(step(*at, Step::Withdrawn { reason: String::new() })),
                Outcome::Ready { at, returned } => {
                    steps.push(step(t0, handoff()));
                    steps.push(step(*at, Step::ResultReady { note: String::new() }));
                    if *returned {
                        steps.push(step(
                            *at + chrono::Duration::days(1),
                            Step::ReturnedAtCounter {
                                collector_name: "Người Thử".into(),
                                collector_id: "001303001234".into(),
                            },
                        ));
                    }
                }
            }
            made.push(Generated {
                code: record.code.clone(),
                procedure_code,
                received_at: record.received_at,
                due_at: record.appointment_at,
                outcome,
            });
        }
        store.commit_batch(&actor(), steps).expect("steps");
    }
    made
}
