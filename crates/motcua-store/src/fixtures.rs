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
