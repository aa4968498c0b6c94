//! Registering a walk-in dossier, as the intake screen does it.

use motcua_app::AppError;
use motcua_domain::catalog::PaperForm;
use motcua_domain::dossier::{Applicant, DossierDraft, ReceivedPaper, ReturnMethod};

use crate::support::*;

pub fn birth_registration_draft() -> DossierDraft {
    DossierDraft {
        procedure_code: "1.001193".into(),
        applicant: Applicant {
            full_name: "Đặng Văn Đức".into(),
            id_number: "001203001234".into(),
            phone: "0912345678".into(),
            ..Default::default()
        },
        papers: vec![
            ReceivedPaper { name: "Tờ khai đăng ký khai sinh".into(), form: PaperForm::Original, count: 1 },
            ReceivedPaper {
                name: "Giấy chứng sinh; trường hợp không có thì văn bản của người làm chứng hoặc giấy cam đoan về việc sinh".into(),
                form: PaperForm::Original,
                count: 1,
            },
        ],
        sets: 1,
        return_method: ReturnMethod::Counter,
        postal_address: String::new(),
        note: String::new(),
    }
}

#[test]
fn a_scanned_card_fills_the_applicant_and_the_dossier_is_saved_with_code_and_appointment() {
    let dir = tempfile::tempdir().unwrap();
    let app = office_at(&dir, at(2026, 11, 23, 9, 0));
    let card =
        app.parse_cccd("001203001234|012345678|Nguyễn Văn Đức|01052003|Nam|Số 1 Đội Cấn, Hà Nội|15062021").unwrap();
    assert_eq!(card.full_name, "Nguyễn Văn Đức");

    let procedure =
        app.search_procedures("dang ky ket hon").unwrap().into_iter().next().expect("found without diacritics");
    assert_eq!(procedure.name, "Đăng ký kết hôn");
    assert_eq!(app.search_procedures("khai sinh").unwrap()[0].name, "Đăng ký khai sinh");
    assert!(!app.search_procedures("chứng thực").unwrap().is_empty());

    let mut draft = birth_registration_draft();
    draft.applicant.full_name = card.full_name.clone();
    draft.applicant.birth_date = Some(card.birth_date);
    draft.applicant.gender = Some(card.gender);
    draft.applicant.address = card.address.clone();
    let preview = app.appointment_preview("1.001193", None).unwrap();
    let saved = app.create_dossier(draft).unwrap();
    assert_eq!(saved.code, "000.00.21.H26-261123-0003");
    assert_eq!(saved.appointment_at, preview.appointment_at);
    assert!(saved.appointment_at > saved.received_at);

    let today = app.dossiers_received_on(None).unwrap();
    assert_eq!(today.len(), 1);
    assert_eq!(app.search_dossiers("nguyen van duc").unwrap()[0].code, saved.code);
    assert_eq!(app.search_dossiers("001203001234").unwrap()[0].code, saved.code);
    assert_eq!(app.dossier(&saved.code).unwrap().draft.applicant.address, "Số 1 Đội Cấn, Hà Nội");
}

#[test]
fn the_appointment_skips_the_holiday_tomorrow() {
    // Monday 23/11/2026; 24/11 is Ngày Văn hóa Việt Nam. A 3-working-day procedure is due Friday.
    let dir = tempfile::tempdir().unwrap();
    let app = office_at(&dir, at(2026, 11, 23, 9, 0));
    let three_days = app
        .search_procedures("")
        .unwrap()
        .into_iter()
        .find(|p| p.processing == motcua_domain::calendar::ProcessingTime::WorkingDays { days: 3 })
        .expect("a 3-working-day procedure in the sample catalog");
    let preview = app.appointment_preview(&three_days.code, None).unwrap();
    assert_eq!(preview.appointment_at, at(2026, 11, 27, 9, 0));
}

#[test]
fn bad_input_is_refused_field_by_field_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let app = office_at(&dir, at(2026, 11, 23, 9, 0));
    let mut draft = birth_registration_draft();
    draft.applicant.full_name = "A".repeat(10_000);
    draft.applicant.id_number = "001803001234".into(); // digit 4 = 8: born in the 2300s
    draft.applicant.birth_date = Some(chrono::NaiveDate::from_ymd_opt(2003, 5, 1).unwrap());
    draft.applicant.phone = "12ab".into();
    draft.papers.pop();
    let err = app.create_dossier(draft).unwrap_err();
    let problems = err.problems().expect("field errors");
    let fields: Vec<&str> = problems.0.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["full_name", "id_number", "phone", "papers"]);
    assert!(problems.0[1].message.contains("thế kỷ"), "{}", problems.0[1].message);
    assert!(app.dossiers_received_on(None).unwrap().is_empty());

    assert!(matches!(app.parse_cccd("abc|123"), Err(AppError::Invalid(_))));
    assert!(
        app.parse_cccd("001203001234||Tên|31022003|Nam|Địa chỉ|").unwrap_err().user_message().contains("ngày sinh")
    );
    let unknown = app
        .create_dossier(DossierDraft { procedure_code: "0.000000".into(), ..birth_registration_draft() })
        .unwrap_err();
    assert_eq!(unknown.problems().unwrap().0[0].field, "procedure_code");
}

#[test]
fn decomposed_input_is_stored_composed() {
    let dir = tempfile::tempdir().unwrap();
    let app = office_at(&dir, at(2026, 11, 23, 9, 0));
    let mut draft = birth_registration_draft();
    draft.applicant.full_name = "Nguye\u{0302}\u{0303}n  Thi\u{0323} Lan ".into();
    let saved = app.create_dossier(draft).unwrap();
    assert_eq!(saved.draft.applicant.full_name, "Nguyễn Thị Lan");
    assert_eq!(app.search_dossiers("nguyen thi lan").unwrap()[0].applicant_name, "Nguyễn Thị Lan");
}

#[test]
fn saved_dossiers_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let code = {
        let app = office_at(&dir, at(2026, 11, 23, 9, 0));
        app.create_dossier(birth_registration_draft()).unwrap().code
    };
    let app = motcua_app::CounterApp::open(&dir.path().join("counter.db")).unwrap();
    app.login("admin", "matkhau123").unwrap();
    assert_eq!(app.dossier(&code).unwrap().draft.applicant.full_name, "Đặng Văn Đức");
}
