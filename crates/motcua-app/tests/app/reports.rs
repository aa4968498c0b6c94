//! Saving the supervisor's reports where the save dialog pointed: a month with nothing is
//! refused with its reason and no file; a place that cannot be written gets the clerk's
//! message and leaves nothing behind; a saved report replaces an older one whole.

use motcua_app::{AppError, ReportFormat, ReportRequest};

use crate::intake::birth_registration_draft;
use crate::support::{at, office_at};

#[test]
fn a_report_is_saved_whole_where_the_dialog_said_and_an_empty_month_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let app = office_at(&dir, at(2026, 11, 23, 9, 0));
    app.create_dossier(birth_registration_draft()).unwrap();
    let november = ReportRequest::Monthly { month: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap() };
    let october = ReportRequest::Monthly { month: chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap() };
    assert_eq!(november.file_name(ReportFormat::Xlsx), "bao-cao-thang-2026-11.xlsx");

    let out = dir.path().join("reports");
    std::fs::create_dir(&out).unwrap();
    let err = app.save_report(october, ReportFormat::Csv, &out.join("october.csv")).unwrap_err();
    assert_eq!(err.user_message(), "Tháng 10/2026 không có hồ sơ nào để báo cáo.");
    assert!(app.check_report(october).is_err() && app.check_report(november).is_ok());

    // An older file of the same name is replaced by the whole new report.
    let path = out.join("thang-11.csv");
    std::fs::write(&path, "cũ").unwrap();
    assert_eq!(app.save_report(november, ReportFormat::Csv, &path).unwrap(), path);
    let csv = String::from_utf8(std::fs::read(&path).unwrap()).unwrap();
    assert!(csv.contains("Đăng ký khai sinh"), "{csv}");

    // A folder that is not there (a stick pulled out after the dialog closed).
    let gone = out.join("khong-con").join("thang-11.pdf");
    let err = app.save_report(november, ReportFormat::Pdf, &gone).unwrap_err();
    assert!(matches!(err, AppError::SaveFile(_)), "{err:?}");
    assert!(err.user_message().starts_with("Không lưu được tệp: không ghi được"), "{}", err.user_message());
    let names: Vec<_> = std::fs::read_dir(&out).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(names, ["thang-11.csv"], "nothing half-written is left");
}
