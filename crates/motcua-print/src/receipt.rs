//! Form 01, Giấy tiếp nhận hồ sơ và hẹn trả kết quả: what the citizen takes home. Two copies
//! (one for the applicant, one kept), each starting on its own page; a long papers list flows
//! onto further pages, numbered per copy.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use motcua_domain::dossier::ReceivedPaper;
use motcua_domain::papers::{place_and_date, time_and_date};

use crate::a4::{self, Column, LEFT, Paper, Span, Style, bold, italic, regular};
use crate::error::PrintError;
use crate::forms::FormSet;
use crate::letterhead;
use crate::qr::Modules;

/// Everything a receipt prints, gathered by the app from the dossier, the office and the clerk.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Receipt {
    pub office_name: String,
    pub place_name: String,
    pub code: String,
    pub applicant_name: String,
    pub id_number: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub procedure_name: String,
    pub papers: Vec<ReceivedPaper>,
    pub sets: u32,
    /// "03 ngày làm việc" (ProcessingTime::describe_vi).
    pub processing: String,
    pub received_at: NaiveDateTime,
    pub appointment_at: NaiveDateTime,
    /// "Nhận tại Bộ phận Một cửa", or by post with the address.
    pub return_to: String,
    pub log_volume: String,
    pub log_entry: String,
    /// The clerk who received the dossier.
    pub officer_name: String,
    pub hotlines: Vec<String>,
    pub feedback_email: String,
    pub other_channels: Vec<String>,
    /// The dossier's public look-up page; printed as a QR code.
    pub lookup_url: Option<String>,
    /// Printed again from the dossier's detail: marked so it is not taken for a second dossier.
    pub reprint: bool,
}

const BODY: Style = Style::body(13.0);
const QR_SIZE: f32 = 26.0;

/// The receipt as an A4 PDF, both copies. Refused without a hotline: the city requires the
/// complaint line on every receipt.
pub fn render(receipt: &Receipt, forms: &FormSet) -> Result<Vec<u8>, PrintError> {
    if receipt.hotlines.iter().all(|h| h.trim().is_empty()) {
        return Err(PrintError::NoHotline);
    }
    let qr = receipt.lookup_url.as_deref().map(Modules::encode).transpose()?;
    let c = &forms.receipt;
    let mut paper = Paper::new(&format!("{} {}", c.title, receipt.code));
    for copy in &c.copies {
        paper.begin_section();
        let number = c.number_line.replace("{number}", &receipt.log_entry);
        let place_date = place_and_date(&receipt.place_name, receipt.received_at.date());
        letterhead::write(&mut paper, &receipt.office_name, &number, &place_date, forms);
        paper.space(6.0);
        paper.paragraph(&[bold(&c.title)], Style::centered(14.0));
        paper.paragraph(&[regular(format!("{}: ", c.code)), bold(&receipt.code)], Style::centered(13.0));
        let mut copy_line = vec![italic(format!("({copy})"))];
        if receipt.reprint {
            copy_line.push(bold(format!(" — {}", c.reprint.to_uppercase())));
        }
        paper.paragraph(&copy_line, Style::centered(12.0));
        paper.space(3.0);
        body(&mut paper, receipt, forms);
        paper.space(4.0);
        signatures(&mut paper, receipt, forms);
        paper.space(4.0);
        complaints(&mut paper, receipt, forms, qr.as_ref());
    }
    Ok(paper.finish())
}

fn field(paper: &mut Paper, label: &str, value: &str) {
    paper.paragraph(&[regular(format!("{label}: ")), bold(value)], Style::hanging(BODY.size, 0.0));
}

fn body(paper: &mut Paper, r: &Receipt, forms: &FormSet) {
    let c = &forms.receipt;
    field(paper, &c.office, &r.office_name);
    field(paper, &c.applicant, &r.applicant_name);
    if !r.id_number.is_empty() {
        field(paper, &c.id_number, &r.id_number);
    }
    field(paper, &c.address, &r.address);
    let mut contact = vec![regular(format!("{}: ", c.phone)), bold(&r.phone)];
    if !r.email.is_empty() {
        contact.extend([regular(format!("; {}: ", c.email)), bold(&r.email)]);
    }
    paper.paragraph(&contact, BODY);
    field(paper, &c.request, &r.procedure_name);
    paper.paragraph(&[regular(format!("{}:", c.papers))], BODY);
    for (i, p) in r.papers.iter().enumerate() {
        let item = format!("{}) {} — {}: {}", i + 1, p.name, p.form.label_vi(), p.count);
        paper.paragraph(&[regular(item)], Style::hanging(BODY.size, 6.0));
    }
    paper.paragraph(&[regular(format!("{}: ", c.sets)), bold(format!("{:02} {}", r.sets, c.sets_unit))], BODY);
    paper.paragraph(&[regular(format!("{}: ", c.processing)), bold(&r.processing)], BODY);
    paper.paragraph(&[regular(format!("{}: ", c.received_at)), bold(time_and_date(r.received_at))], BODY);
    paper.paragraph(&[regular(format!("{}: ", c.return_at)), bold(time_and_date(r.appointment_at))], BODY);
    paper.paragraph(&[regular(format!("{}: ", c.return_to)), bold(&r.return_to)], BODY);
    let log = c.log_book.replace("{volume}", &r.log_volume).replace("{entry}", &r.log_entry);
    paper.paragraph(&[italic(log)], Style::body(12.0));
}

fn signatures(paper: &mut Paper, r: &Receipt, forms: &FormSet) {
    let c = &forms.receipt;
    let half = a4::CONTENT_WIDTH / 2.0;
    let sign = |title: &str, name: &str| -> Vec<(Vec<Span>, Style)> {
        vec![
            (vec![bold(title)], Style::centered(12.0)),
            (vec![italic(&c.sign_note)], Style::centered(11.0)),
            // Room for the signature.
            (vec![regular(" ")], Style::centered(30.0)),
            (vec![bold(name)], Style::centered(12.0)),
        ]
    };
    paper.columns(&[
        Column { x: LEFT, width: half, blocks: sign(&c.applicant_sign, &r.applicant_name) },
        Column { x: LEFT + half, width: half, blocks: sign(&c.officer_sign, &r.officer_name) },
    ]);
}

/// Where to complain and the QR to follow the dossier: the city asks for both on the receipt.
fn complaints(paper: &mut Paper, r: &Receipt, forms: &FormSet, qr: Option<&Modules>) {
    let c = &forms.receipt;
    let text_w = if qr.is_some() { a4::CONTENT_WIDTH - QR_SIZE - 4.0 } else { a4::CONTENT_WIDTH };
    let small = Style::body(11.0);
    let mut blocks = vec![
        (vec![bold(format!("{}:", c.complaints))], small),
        (vec![regular(format!("{}: ", c.hotline)), bold(r.hotlines.join("; "))], small),
    ];
    if !r.feedback_email.is_empty() {
        blocks.push((vec![regular(format!("{}: ", c.email)), bold(&r.feedback_email)], small));
    }
    for channel in &r.other_channels {
        blocks.push((vec![regular(channel)], small));
    }
    if qr.is_some() {
        blocks.push((vec![italic(&c.lookup)], Style::body(10.0)));
    }
    paper.keep(QR_SIZE + 2.0);
    let top = paper.y();
    paper.columns(&[Column { x: LEFT, width: text_w, blocks }]);
    if let Some(qr) = qr {
        paper.qr(qr, a4::PAGE_WIDTH - a4::RIGHT - QR_SIZE, top, QR_SIZE);
        if paper.y() < top + QR_SIZE {
            paper.space(top + QR_SIZE - paper.y());
        }
    }
}

/// A filled-in receipt (made-up office and applicant) for tests and benchmarks.
#[doc(hidden)]
pub fn sample() -> Receipt {
    let at =
        |d: u32, h: u32, m: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap().and_hms_opt(h, m, 0).unwrap();
    Receipt {
        office_name: "Bộ phận Một cửa UBND phường Ba Đình".into(),
        place_name: "Hà Nội".into(),
        code: "000.00.21.H26-261123-0007".into(),
        applicant_name: "Nguyễn Văn Đức".into(),
        id_number: "001203001234".into(),
        address: "Số 1 ngõ 2 Đội Cấn, phường Ba Đình, Hà Nội".into(),
        phone: "0912 345 678".into(),
        email: "duc.nguyen@example.vn".into(),
        procedure_name: "Đăng ký khai sinh".into(),
        papers: vec![
            motcua_domain::dossier::ReceivedPaper {
                name: "Tờ khai đăng ký khai sinh".into(),
                form: motcua_domain::catalog::PaperForm::Original,
                count: 1,
            },
            motcua_domain::dossier::ReceivedPaper {
                name: "Giấy chứng sinh".into(),
                form: motcua_domain::catalog::PaperForm::Original,
                count: 1,
            },
        ],
        sets: 1,
        processing: "03 ngày làm việc".into(),
        received_at: at(23, 9, 5),
        appointment_at: at(26, 9, 5),
        return_to: "Nhận tại Bộ phận Một cửa".into(),
        log_volume: "2026".into(),
        log_entry: "261123-0007".into(),
        officer_name: "Lê Thị Hồng Nhung".into(),
        hotlines: vec!["024 3823 4567".into(), "1900 1234".into()],
        feedback_email: "motcua.badinh@hanoi.gov.vn".into(),
        other_channels: vec!["Zalo: UBND phường Ba Đình".into()],
        lookup_url: Some("https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so?ma=000.00.21.H26-261123-0007".into()),
        reprint: false,
    }
}
