//! Tests of `motcua_domain::catalog`.

use std::path::PathBuf;

use chrono::NaiveTime;
use motcua_domain::calendar::ProcessingTime;
use motcua_domain::catalog::*;
use proptest::prelude::*;

const HEADER: &str =
    "code,name,field,level,processing,fee_vnd,fee_note,papers,result,agency,interagency,postal_return,hidden";

fn same_day(h: u32, m: u32) -> ProcessingTime {
    ProcessingTime::SameDay { cutoff: NaiveTime::from_hms_opt(h, m, 0).unwrap() }
}

fn paper(name: &str, form: PaperForm, count: u32, optional: bool) -> RequiredPaper {
    RequiredPaper { name: name.to_owned(), form, count, optional }
}

fn procedure(code: &str, name: &str, processing: ProcessingTime) -> Procedure {
    Procedure {
        code: code.to_owned(),
        name: name.to_owned(),
        field: "Hộ tịch".to_owned(),
        level: "Cấp xã".to_owned(),
        processing,
        fee_vnd: 0,
        fee_note: String::new(),
        papers: vec![paper("Tờ khai", PaperForm::Original, 1, false)],
        result: "Giấy khai sinh (bản chính)".to_owned(),
        agency: "UBND cấp xã".to_owned(),
        interagency: false,
        postal_return: true,
        hidden: false,
    }
}

/// A catalog that exercises every corner of the CSV format.
fn tricky_catalog() -> Catalog {
    let mut birth = procedure("1.001193", "Đăng ký khai sinh", same_day(15, 0));
    birth.fee_note = "Miễn lệ phí đăng ký khai sinh đúng hạn; quá hạn: 8.000 \"đồng\"".to_owned();
    birth.papers = vec![
        paper("Tờ khai đăng ký khai sinh", PaperForm::Original, 1, false),
        paper("Giấy chứng sinh; hoặc giấy cam đoan [mẫu 01]", PaperForm::Original, 1, false),
        paper("Văn bản ủy quyền;", PaperForm::CertifiedCopy, 1, true),
        paper("Ảnh 4x6", PaperForm::Photocopy, 2, false),
        paper("Hộ chiếu, thị thực]", PaperForm::Copy, 12, true),
    ];
    let mut copy = procedure("2.000815", "Chứng thực bản sao từ bản chính", same_day(15, 30));
    copy.field = "Chứng thực".to_owned();
    copy.fee_vnd = 2_000;
    copy.postal_return = false;
    copy.papers.clear();
    let mut contract = procedure("9.000001", "Sửa lỗi sai sót, hợp đồng", ProcessingTime::WorkingHours { hours: 8 });
    contract.interagency = true;
    contract.hidden = true;
    contract.level = String::new();
    contract.fee_vnd = 1_000_000;
    let land = procedure("9.000002", "#Hòa giải tranh chấp đất đai", ProcessingTime::WorkingDays { days: 30 });
    Catalog {
        version: "2025.07, bản mẫu".to_owned(),
        sample: true,
        note: "Dữ liệu mẫu: đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính, \"trước khi dùng\"".to_owned(),
        procedures: vec![birth, copy, contract, land],
    }
}

fn csv_with(rows: &[&str]) -> String {
    let mut s = String::from(HEADER);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s.push('\n');
    s
}

const GOOD_ROW: &str = "1.001193,Đăng ký khai sinh,Hộ tịch,Cấp xã,\"trong ngày, sau 15:00\",0,,Tờ khai [bản chính] x1,Giấy khai sinh,UBND cấp xã,không,có,không";

// ---------------------------------------------------------------- round trips

#[test]
fn json_round_trip_keeps_everything() {
    let catalog = tricky_catalog();
    catalog.validate().unwrap();
    let json = catalog.to_json();
    assert!(json.contains("\n  \"procedures\""), "pretty JSON: {json}");
    assert!(json.contains("\"kind\": \"same_day\"") && json.contains("\"cutoff\": \"15:30\""));
    assert_eq!(Catalog::from_json(&json).unwrap(), catalog);
}

#[test]
fn csv_round_trip_keeps_everything() {
    let catalog = tricky_catalog();
    let csv = catalog.to_csv();
    assert!(csv.starts_with('\u{feff}'), "BOM for Excel");
    assert!(csv.contains(HEADER));
    assert!(csv.contains("Giấy chứng sinh;; hoặc giấy cam đoan [mẫu 01] [bản chính] x1"), "{csv}");
    assert!(csv.contains("Văn bản ủy quyền;; [bản sao chứng thực, nếu có] x1"), "{csv}");
    assert!(csv.contains("trong ngày, sau 15:30"));
    assert!(csv.contains("8 giờ làm việc") && csv.contains("30 ngày làm việc"));
    assert_eq!(Catalog::from_csv(&csv).unwrap(), catalog);
}

#[test]
fn csv_without_metadata_gives_defaults() {
    let mut catalog = tricky_catalog();
    catalog.version.clear();
    catalog.note.clear();
    catalog.sample = false;
    let csv = catalog.to_csv();
    assert!(csv.strip_prefix('\u{feff}').unwrap().starts_with(HEADER), "{csv}");
    assert_eq!(Catalog::from_csv(&csv).unwrap(), catalog);
}

fn text_strategy() -> impl Strategy<Value = String> {
    "[a-zA-ZàáạảãâầấậẩẫăằắặẳẵđèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹĐ0-9 ,;:\\[\\]\"'()/.#x-]{0,24}"
        .prop_map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn name_strategy() -> impl Strategy<Value = String> {
    text_strategy().prop_filter("non-empty", |s| !s.is_empty())
}

fn form_strategy() -> impl Strategy<Value = PaperForm> {
    prop::sample::select(PaperForm::ALL.to_vec())
}

fn processing_strategy() -> impl Strategy<Value = ProcessingTime> {
    prop_oneof![
        (1u32..400).prop_map(|days| ProcessingTime::WorkingDays { days }),
        (1u32..200).prop_map(|hours| ProcessingTime::WorkingHours { hours }),
        (0u32..24, 0u32..60).prop_map(|(h, m)| same_day(h, m)),
    ]
}

fn procedure_strategy() -> impl Strategy<Value = Procedure> {
    (
        (name_strategy(), text_strategy(), text_strategy(), processing_strategy(), any::<u64>(), text_strategy()),
        prop::collection::vec((name_strategy(), form_strategy(), 1u32..1000, any::<bool>()), 0..5),
        (text_strategy(), text_strategy(), any::<bool>(), any::<bool>(), any::<bool>()),
    )
        .prop_map(|((name, field, level, processing, fee_vnd, fee_note), papers, (result, agency, i, p, h))| {
            Procedure {
                code: String::new(),
                name,
                field,
                level,
                processing,
                fee_vnd,
                fee_note,
                papers: papers.into_iter().map(|(n, f, c, o)| paper(&n, f, c, o)).collect(),
                result,
                agency,
                interagency: i,
                postal_return: p,
                hidden: h,
            }
        })
}

proptest! {
    #[test]
    fn any_valid_catalog_survives_csv_and_json(
        procedures in prop::collection::vec(procedure_strategy(), 0..6),
        version in text_strategy(),
        note in text_strategy(),
        sample in any::<bool>(),
    ) {
        let procedures = procedures
            .into_iter()
            .enumerate()
            .map(|(i, mut p)| { p.code = format!("1.{i:06}"); p })
            .collect();
        let catalog = Catalog { version, sample, note, procedures };
        prop_assert_eq!(catalog.validate(), Ok(()));
        prop_assert_eq!(Catalog::from_csv(&catalog.to_csv()), Ok(catalog.clone()));
        prop_assert_eq!(Catalog::from_json(&catalog.to_json()), Ok(catalog));
    }
}

// ---------------------------------------------------------------- reading what Excel writes

#[test]
fn excel_bom_and_semicolons_are_accepted() {
    let plain = csv_with(&[GOOD_ROW]);
    let expected = Catalog::from_csv(&plain).unwrap();
    assert_eq!(expected.procedures.len(), 1);
    assert_eq!(Catalog::from_csv(&format!("\u{feff}{plain}")).unwrap(), expected);

    // Excel with Vietnamese regional settings separates with ';' and ends lines with CRLF.
    let semicolons = format!(
        "\u{feff}{}\r\n1.001193;Đăng ký khai sinh;Hộ tịch;Cấp xã;trong ngày, sau 15:00;0;;\"Tờ khai [bản chính] x1\";Giấy khai sinh;UBND cấp xã;không;có;không\r\n;;;;;;;;;;;;\r\n",
        HEADER.replace(',', ";")
    );
    assert_eq!(Catalog::from_csv(&semicolons).unwrap(), expected);
}

#[test]
fn csv_cells_accept_lenient_spellings() {
    let row = "  1.001193 ,Đăng  ký khai sinh,Hộ tịch,,05 ngay lam viec,\"1.000.000 đồng\",,\"tờ khai [BAN CHINH] X2 ;  giấy tờ khác [certified_copy, neu co] ; \",Giấy khai sinh,UBND cấp xã,1,Có,false";
    let c = Catalog::from_csv(&csv_with(&[row])).unwrap();
    let p = &c.procedures[0];
    assert_eq!(p.code, "1.001193");
    assert_eq!(p.name, "Đăng ký khai sinh");
    assert_eq!(p.level, "");
    assert_eq!(p.processing, ProcessingTime::WorkingDays { days: 5 });
    assert_eq!(p.fee_vnd, 1_000_000);
    assert_eq!(
        p.papers,
        vec![paper("tờ khai", PaperForm::Original, 2, false), paper("giấy tờ khác", PaperForm::CertifiedCopy, 1, true)]
    );
    assert!(p.interagency && p.postal_return && !p.hidden);
}

#[test]
fn optional_columns_may_be_left_out_and_columns_reordered() {
    let csv = "name,code,field,processing,fee_vnd,papers,result,agency,postal_return\nĐăng ký khai tử,1.000656,Hộ tịch,same_day:15:00,0,Tờ khai [original] x1,Trích lục khai tử,UBND cấp xã,true\n";
    let c = Catalog::from_csv(csv).unwrap();
    let p = &c.procedures[0];
    assert_eq!((p.code.as_str(), p.name.as_str()), ("1.000656", "Đăng ký khai tử"));
    assert_eq!(p.processing, same_day(15, 0));
    assert!(!p.interagency && !p.hidden && p.postal_return);
    assert_eq!(p.fee_note, "");
}

#[test]
fn processing_is_read_in_both_spellings_and_written_in_vietnamese() {
    let cases = [
        ("5 ngày làm việc", Some(ProcessingTime::WorkingDays { days: 5 })),
        ("working_days:5", Some(ProcessingTime::WorkingDays { days: 5 })),
        ("WORKING_DAYS: 12", Some(ProcessingTime::WorkingDays { days: 12 })),
        ("8 giờ làm việc", Some(ProcessingTime::WorkingHours { hours: 8 })),
        ("working_hours:8", Some(ProcessingTime::WorkingHours { hours: 8 })),
        ("trong ngày, sau 15:00", Some(same_day(15, 0))),
        ("Trong ngày (nhận sau 15:00 trả trong ngày làm việc tiếp theo)", Some(same_day(15, 0))),
        ("trong ngay, sau 14h30", Some(same_day(14, 30))),
        ("same_day:15:00", Some(same_day(15, 0))),
        ("5 ngay", None),
        ("5 ngày", None),
        ("0 ngày làm việc", None),
        ("working_days:0", None),
        ("working_days:-1", None),
        ("trong ngày", None),
        ("same_day:25:00", None),
        ("", None),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_processing(text), expected, "{text:?}");
    }
    for p in [ProcessingTime::WorkingDays { days: 5 }, ProcessingTime::WorkingHours { hours: 8 }, same_day(15, 0)] {
        assert_eq!(parse_processing(&format_processing(&p)), Some(p));
        assert_eq!(parse_processing(&p.describe_vi()), Some(p), "describe_vi output is accepted too");
    }
    assert_eq!(format_processing(&same_day(15, 0)), "trong ngày, sau 15:00");
    assert_eq!(format_processing(&ProcessingTime::WorkingDays { days: 5 }), "5 ngày làm việc");
}

#[test]
fn booleans_accept_vietnamese_and_english() {
    for (text, expected) in [
        ("true", true),
        ("1", true),
        ("có", true),
        ("Co", true),
        ("false", false),
        ("0", false),
        ("không", false),
        ("KHONG", false),
    ] {
        let row = GOOD_ROW.replace(",không,có,không", &format!(",{text},có,không"));
        let c = Catalog::from_csv(&csv_with(&[&row])).unwrap();
        assert_eq!(c.procedures[0].interagency, expected, "{text:?}");
    }
    let row = GOOD_ROW.replace(",không,có,không", ",không,có,hmm");
    let err = Catalog::from_csv(&csv_with(&[&row])).unwrap_err();
    assert!(matches!(err, CatalogError::Invalid { at: Location::Line(2), column: Column::Hidden, .. }), "{err:?}");
}

#[test]
fn paper_forms_parse_from_codes_and_vietnamese() {
    let cases = [
        ("original", Some(PaperForm::Original)),
        ("Bản chính", Some(PaperForm::Original)),
        ("ban chinh", Some(PaperForm::Original)),
        ("  BẢN   SAO ", Some(PaperForm::Copy)),
        ("copy", Some(PaperForm::Copy)),
        ("certified_copy", Some(PaperForm::CertifiedCopy)),
        ("Bản sao chứng thực", Some(PaperForm::CertifiedCopy)),
        ("bản sao có chứng thực", Some(PaperForm::CertifiedCopy)),
        ("photocopy", Some(PaperForm::Photocopy)),
        ("Bản chụp", Some(PaperForm::Photocopy)),
        ("bản", None),
        ("", None),
    ];
    for (text, expected) in cases {
        assert_eq!(PaperForm::parse_vi_or_code(text), expected, "{text:?}");
    }
    for form in PaperForm::ALL {
        assert_eq!(PaperForm::parse_vi_or_code(form.label_vi()), Some(form));
        let code = serde_json::to_value(form).unwrap();
        assert_eq!(PaperForm::parse_vi_or_code(code.as_str().unwrap()), Some(form));
    }
    assert_eq!(PaperForm::CertifiedCopy.label_vi(), "Bản sao chứng thực");
}

// ---------------------------------------------------------------- normalisation

#[test]
fn nfd_input_is_stored_as_nfc() {
    let nfd_name = "D\u{0103}ng ky\u{0301} khai sinh"; // "Dăng ký khai sinh" with a combining acute accent
    let nfc_name = "Dăng ký khai sinh";
    assert_ne!(nfd_name, nfc_name);

    let row = GOOD_ROW.replace("Đăng ký khai sinh", nfd_name).replace("Tờ khai", "To\u{031B}\u{0300} khai");
    let from_csv = Catalog::from_csv(&csv_with(&[&row])).unwrap();
    assert_eq!(from_csv.procedures[0].name, nfc_name);
    assert_eq!(from_csv.procedures[0].papers[0].name, "Tờ khai");

    let mut catalog = tricky_catalog();
    catalog.procedures[0].name = format!("  {nfd_name}  ");
    let json = serde_json::to_string(&catalog).unwrap();
    let from_json = Catalog::from_json(&json).unwrap();
    assert_eq!(from_json.procedures[0].name, nfc_name);

    // A catalog built in code must be normalised before it validates.
    let err = catalog.validate().unwrap_err();
    assert!(
        matches!(
            &err,
            CatalogError::NotNormalized { at: Location::Record { number: 1, .. }, column: Column::Name, .. }
        ),
        "{err:?}"
    );
    catalog.normalize();
    assert_eq!(catalog.validate(), Ok(()));
}

// ---------------------------------------------------------------- errors say where

#[test]
fn bad_processing_names_the_line() {
    let bad = GOOD_ROW.replace("1.001193", "1.000656").replace("\"trong ngày, sau 15:00\"", "5 ngay");
    let err = Catalog::from_csv(&csv_with(&[GOOD_ROW, &bad])).unwrap_err();
    assert!(
        matches!(&err, CatalogError::Invalid { at: Location::Line(3), column: Column::Processing, value, .. } if value == "5 ngay"),
        "{err:?}"
    );
    assert!(err.to_string().starts_with("Dòng 3: thời hạn giải quyết không hợp lệ: \"5 ngay\""), "{err}");
}

#[test]
fn bad_count_names_the_line_and_the_paper() {
    for (papers, reason) in [
        ("Tờ khai [bản chính] x1 ; Giấy chứng sinh [bản chính] x0", "từ 1 trở lên"),
        ("Tờ khai [bản chính] x1 ; Giấy chứng sinh [bản chính] xhai", "x1, x2"),
    ] {
        let row = GOOD_ROW.replace("Tờ khai [bản chính] x1", papers);
        let err = Catalog::from_csv(&csv_with(&[&row])).unwrap_err();
        assert!(matches!(&err, CatalogError::Paper { at: Location::Line(2), number: 2, .. }), "{err:?}");
        let message = err.to_string();
        assert!(message.starts_with("Dòng 2: thành phần hồ sơ thứ 2 không hợp lệ: \"Giấy chứng sinh"), "{message}");
        assert!(message.contains(reason), "{message}");
    }
    let row = GOOD_ROW.replace("Tờ khai [bản chính] x1", "Tờ khai x1");
    let err = Catalog::from_csv(&csv_with(&[&row])).unwrap_err();
    assert!(err.to_string().contains("thiếu hình thức"), "{err}");
    let row = GOOD_ROW.replace("Tờ khai [bản chính] x1", "Tờ khai [bản gốc] x1");
    let err = Catalog::from_csv(&csv_with(&[&row])).unwrap_err();
    assert!(err.to_string().contains("hình thức \"bản gốc\" không hợp lệ"), "{err}");
}

#[test]
fn duplicate_code_names_both_lines() {
    let other = GOOD_ROW.replace("1.001193", "1.000656");
    let err = Catalog::from_csv(&csv_with(&[GOOD_ROW, &other, GOOD_ROW])).unwrap_err();
    assert_eq!(
        err,
        CatalogError::DuplicateCode { at: Location::Line(4), code: "1.001193".to_owned(), first: Location::Line(2) }
    );
    assert_eq!(err.to_string(), "Dòng 4: mã thủ tục \"1.001193\" trùng với dòng 2");

    let mut catalog = tricky_catalog();
    catalog.procedures[3].code = catalog.procedures[1].code.clone();
    let err = Catalog::from_json(&catalog.to_json()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Thủ tục thứ 4 (mã 2.000815): mã thủ tục \"2.000815\" trùng với thủ tục thứ 2 (mã 2.000815)"
    );
}

#[test]
fn missing_column_names_the_header_line() {
    let header = HEADER.replace(",papers", "");
    let row = GOOD_ROW.replace(",Tờ khai [bản chính] x1", "");
    let err = Catalog::from_csv(&format!("{header}\n{row}\n")).unwrap_err();
    assert_eq!(err, CatalogError::MissingColumn { line: 1, column: Column::Papers });
    assert_eq!(err.to_string(), "Dòng 1: thiếu cột \"papers\" trong dòng tiêu đề");

    // After metadata lines the header is further down.
    let err = Catalog::from_csv(&format!("# version: 1\n# sample: có\n{header}\n{row}\n")).unwrap_err();
    assert_eq!(err, CatalogError::MissingColumn { line: 3, column: Column::Papers });
}

#[test]
fn other_structural_errors_are_reported() {
    let short = GOOD_ROW.rsplit_once(',').unwrap().0;
    let err = Catalog::from_csv(&csv_with(&[GOOD_ROW, short])).unwrap_err();
    assert_eq!(err, CatalogError::ColumnCount { at: Location::Line(3), found: 12, expected: 13 });
    assert_eq!(err.to_string(), "Dòng 3: có 12 cột, dòng tiêu đề có 13 cột");

    let err = Catalog::from_csv(&csv_with(&[]).replace("hidden", "hiden")).unwrap_err();
    assert!(matches!(&err, CatalogError::UnknownColumn { line: 1, column } if column == "hiden"), "{err:?}");

    let err = Catalog::from_csv(&format!("{HEADER},code\n")).unwrap_err();
    assert_eq!(err, CatalogError::DuplicateColumn { line: 1, column: Column::Code });

    assert_eq!(Catalog::from_csv("\u{feff}\n\n").unwrap_err(), CatalogError::EmptyCsv);
    assert_eq!(Catalog::from_csv(&format!("{HEADER}\n")).unwrap().procedures, vec![]);

    let err = Catalog::from_csv(&format!("# verison: 2\n{}", csv_with(&[GOOD_ROW]))).unwrap_err();
    assert!(matches!(err, CatalogError::BadMetadata { line: 1, .. }), "{err:?}");

    let row = GOOD_ROW.replace(",0,,", ",miễn,,");
    let err = Catalog::from_csv(&csv_with(&[&row])).unwrap_err();
    assert!(err.to_string().starts_with("Dòng 2: phí, lệ phí không hợp lệ: \"miễn\""), "{err}");

    let row = GOOD_ROW.replacen("1.001193", "", 1);
    let err = Catalog::from_csv(&csv_with(&[&row])).unwrap_err();
    assert_eq!(err.to_string(), "Dòng 2: thiếu mã thủ tục");

    let row = GOOD_ROW.replace(",không,có,không", ",không,,không");
    let err = Catalog::from_csv(&csv_with(&[&row])).unwrap_err();
    assert_eq!(err.to_string(), "Dòng 2: thiếu trả kết quả qua bưu chính");
}

#[test]
fn json_errors_are_located() {
    let err = Catalog::from_json("{\n  \"procedures\": [\n    {\"code\": 1}\n  ]\n}").unwrap_err();
    assert!(matches!(err, CatalogError::Json { line: 3, .. }), "{err:?}");
    assert!(err.to_string().starts_with("Tệp JSON danh mục không hợp lệ (dòng 3"), "{err}");

    let mut catalog = tricky_catalog();
    catalog.procedures[2].papers[0].count = 0;
    let err = Catalog::from_json(&catalog.to_json()).unwrap_err();
    assert!(matches!(&err, CatalogError::Paper { at: Location::Record { number: 3, .. }, number: 1, .. }), "{err:?}");
    assert!(err.to_string().contains("số lượng phải từ 1 trở lên"), "{err}");

    let mut catalog = tricky_catalog();
    catalog.procedures[1].processing = ProcessingTime::WorkingDays { days: 0 };
    let err = catalog.validate().unwrap_err();
    assert!(matches!(err, CatalogError::Invalid { column: Column::Processing, .. }), "{err:?}");

    let mut catalog = tricky_catalog();
    catalog.procedures[0].name.clear();
    assert_eq!(catalog.validate().unwrap_err().to_string(), "Thủ tục thứ 1 (mã 1.001193): thiếu tên thủ tục");
}

// ---------------------------------------------------------------- search

#[test]
fn search_key_folds_vietnamese() {
    let p = procedure("1.001193", "Đăng ký khai sinh", same_day(15, 0));
    let key = p.search_key();
    assert_eq!(key, "1.001193 dang ky khai sinh ho tich");
    assert!(key.contains("dang ky"));
}

// ---------------------------------------------------------------- the shipped sample

fn asset(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../assets/catalog").join(name)
}

fn read_asset(name: &str) -> String {
    std::fs::read_to_string(asset(name)).unwrap_or_else(|e| panic!("{}: {e}", asset(name).display()))
}

fn shipped() -> Catalog {
    Catalog::from_json(&read_asset("procedures.json")).unwrap_or_else(|e| panic!("procedures.json: {e}"))
}

#[test]
fn shipped_catalog_parses_and_is_a_useful_sample() {
    let c = shipped();
    c.validate().unwrap();
    assert!(c.procedures.len() >= 30, "{} procedures", c.procedures.len());
    assert!(c.sample);
    assert!(c.note.contains("Cơ sở dữ liệu quốc gia về thủ tục hành chính"), "{}", c.note);

    let birth = c.find("1.001193").expect("Đăng ký khai sinh");
    assert_eq!(birth.name, "Đăng ký khai sinh");
    assert_eq!(birth.processing, same_day(15, 0));
    let certified = c.procedures.iter().find(|p| p.name.starts_with("Chứng thực bản sao từ bản chính")).unwrap();
    assert_eq!(certified.processing, same_day(15, 0));

    let count = |f: &dyn Fn(&Procedure) -> bool| c.procedures.iter().filter(|p| f(p)).count();
    assert!(count(&|p| matches!(p.processing, ProcessingTime::WorkingHours { .. })) >= 1);
    assert!(count(&|p| matches!(p.processing, ProcessingTime::SameDay { .. })) >= 3);
    assert!(count(&|p| !p.postal_return) >= 3);
    assert!(count(&|p| p.interagency) >= 2);
    assert!(count(&|p| p.field == "Hộ tịch") >= 12);
    assert!(count(&|p| p.field == "Chứng thực") >= 5);
    assert!(count(&|p| p.fee_vnd > 0) >= 5);
    assert!(count(&|p| p.papers.iter().any(|x| x.optional)) >= 5);
    assert!(count(&|p| p.papers.is_empty()) == 0);
    assert!(c.visible().count() < c.procedures.len(), "at least one hidden example");
    for p in &c.procedures {
        let (left, right) = p.code.split_once('.').unwrap_or_else(|| panic!("code {}", p.code));
        assert!(
            left.len() == 1 && right.len() == 6 && p.code.chars().filter(char::is_ascii_digit).count() == 7,
            "code {}",
            p.code
        );
        assert!(!p.field.is_empty() && !p.result.is_empty() && !p.agency.is_empty(), "{}", p.code);
        assert_eq!(p.level, "Cấp xã", "{}", p.code);
    }
}

/// `procedures.csv` is exactly `to_csv` of `procedures.json`, and the JSON is in canonical
/// form. After editing the JSON, regenerate both with
/// `MOTCUA_WRITE_CATALOG=1 cargo test -p motcua-domain --test domain shipped_files`.
#[test]
fn shipped_files_agree() {
    let c = shipped();
    let json = format!("{}\n", c.to_json());
    let csv = c.to_csv();
    if std::env::var_os("MOTCUA_WRITE_CATALOG").is_some() {
        std::fs::write(asset("procedures.json"), &json).unwrap();
        std::fs::write(asset("procedures.csv"), &csv).unwrap();
    }
    assert!(
        read_asset("procedures.json") == json,
        "procedures.json is not in canonical form (see the doc of this test)"
    );
    assert!(
        read_asset("procedures.csv") == csv,
        "procedures.csv differs from to_csv of procedures.json (see the doc of this test)"
    );
    assert_eq!(Catalog::from_csv(&read_asset("procedures.csv")).unwrap(), c);
}

#[test]
fn calendar_days_round_trip_through_csv_text() {
    use motcua_domain::calendar::ProcessingTime;
    let p = ProcessingTime::CalendarDays { days: 30 };
    assert_eq!(format_processing(&p), "30 ngày (kể cả ngày nghỉ)");
    assert_eq!(parse_processing("30 ngay (ke ca ngay nghi)"), Some(p));
    assert_eq!(parse_processing("calendar_days:30"), Some(p));
    assert_eq!(parse_processing("calendar_days:0"), None);
}
