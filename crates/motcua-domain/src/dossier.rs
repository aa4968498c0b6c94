//! A dossier (hồ sơ) as the clerk registers it at the counter.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::catalog::{PaperForm, Procedure};
use crate::cccd::{self, Gender};
use crate::office::{is_email_like, is_phone_like};
use crate::text;
use crate::validation::{MAX_NAME_CHARS, MAX_TEXT_CHARS, Problems};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicantKind {
    #[default]
    Person,
    /// Tổ chức: identified by its name and tax/registration number instead of a CCCD.
    Organisation,
}

/// Người nộp hồ sơ. Personal data: stays in the office's store and the city's server.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Applicant {
    #[serde(default)]
    pub kind: ApplicantKind,
    pub full_name: String,
    /// CCCD (12 digits), an old CMND (9 digits), or an organisation's registration number.
    #[serde(default)]
    pub id_number: String,
    #[serde(default)]
    pub birth_date: Option<NaiveDate>,
    #[serde(default)]
    pub gender: Option<Gender>,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnMethod {
    /// Nhận tại Bộ phận Một cửa.
    #[default]
    Counter,
    /// Qua dịch vụ bưu chính công ích.
    Post,
}

impl ReturnMethod {
    pub fn label_vi(self) -> &'static str {
        match self {
            ReturnMethod::Counter => "Nhận tại Bộ phận Một cửa",
            ReturnMethod::Post => "Nhận qua dịch vụ bưu chính công ích",
        }
    }
}

/// A paper the clerk received, as ticked on the catalog's checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivedPaper {
    pub name: String,
    pub form: PaperForm,
    pub count: u32,
}

/// What the intake form submits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierDraft {
    pub procedure_code: String,
    pub applicant: Applicant,
    #[serde(default)]
    pub papers: Vec<ReceivedPaper>,
    /// Số lượng hồ sơ (bộ).
    #[serde(default = "one")]
    pub sets: u32,
    #[serde(default)]
    pub return_method: ReturnMethod,
    #[serde(default)]
    pub postal_address: String,
    #[serde(default)]
    pub note: String,
}

fn one() -> u32 {
    1
}

/// Trạng thái hồ sơ; the steps between them are in [`crate::lifecycle`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DossierStatus {
    Received,
    InProcessing,
    NeedsSupplement,
    ResultReady,
    Returned,
    Rejected,
    /// Dừng giải quyết (form 05).
    ProcessingStopped,
    Withdrawn,
}

impl DossierStatus {
    pub fn label_vi(self) -> &'static str {
        match self {
            DossierStatus::Received => "Đã tiếp nhận",
            DossierStatus::InProcessing => "Đang giải quyết",
            DossierStatus::NeedsSupplement => "Chờ bổ sung",
            DossierStatus::ResultReady => "Có kết quả",
            DossierStatus::Returned => "Đã trả kết quả",
            DossierStatus::Rejected => "Từ chối",
            DossierStatus::ProcessingStopped => "Dừng giải quyết",
            DossierStatus::Withdrawn => "Rút hồ sơ",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DossierStatus::Received => "received",
            DossierStatus::InProcessing => "in_processing",
            DossierStatus::NeedsSupplement => "needs_supplement",
            DossierStatus::ResultReady => "result_ready",
            DossierStatus::Returned => "returned",
            DossierStatus::Rejected => "rejected",
            DossierStatus::ProcessingStopped => "processing_stopped",
            DossierStatus::Withdrawn => "withdrawn",
        }
    }

    pub const ALL: [DossierStatus; 8] = [
        DossierStatus::Received,
        DossierStatus::InProcessing,
        DossierStatus::NeedsSupplement,
        DossierStatus::ResultReady,
        DossierStatus::Returned,
        DossierStatus::Rejected,
        DossierStatus::ProcessingStopped,
        DossierStatus::Withdrawn,
    ];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Whether the dossier's life has ended: nothing can happen to it any more.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            DossierStatus::Returned
                | DossierStatus::Rejected
                | DossierStatus::ProcessingStopped
                | DossierStatus::Withdrawn
        )
    }
}

impl DossierDraft {
    /// Every text to NFC, trimmed; digits-only fields stripped of spaces.
    pub fn normalised(mut self) -> Self {
        let a = &mut self.applicant;
        a.full_name = text::clean(&a.full_name);
        a.id_number = a.id_number.chars().filter(|c| !c.is_whitespace()).collect();
        a.address = text::clean(&a.address);
        a.phone = text::clean(&a.phone);
        a.email = a.email.trim().to_owned();
        self.procedure_code = self.procedure_code.trim().to_owned();
        self.postal_address = text::clean(&self.postal_address);
        self.note = text::clean(&self.note);
        for p in &mut self.papers {
            p.name = text::clean(&p.name);
        }
        self
    }

    /// Checks the draft against its procedure, as of `today`. Every problem is reported with
    /// the field it belongs to, so the form can show it next to that field.
    pub fn validate(&self, procedure: &Procedure, today: NaiveDate) -> Result<(), Problems> {
        let mut p = Problems::default();
        let a = &self.applicant;
        if a.full_name.is_empty() {
            p.add("full_name", "Chưa nhập họ tên người nộp");
        } else if a.full_name.chars().count() > MAX_NAME_CHARS {
            p.add("full_name", format!("Họ tên quá dài (tối đa {MAX_NAME_CHARS} ký tự)"));
        }
        match a.kind {
            ApplicantKind::Person => {
                if a.id_number.is_empty() {
                    p.add("id_number", "Chưa nhập số định danh cá nhân (CCCD)");
                } else if let Err(e) = cccd::check_id_number(&a.id_number, a.birth_date, a.gender) {
                    p.add("id_number", e.to_string());
                }
            }
            ApplicantKind::Organisation => {
                if a.id_number.chars().count() > 20 {
                    p.add("id_number", "Mã số tổ chức quá dài");
                }
            }
        }
        if let Some(birth) = a.birth_date {
            if birth > today {
                p.add("birth_date", "Ngày sinh không thể sau ngày hôm nay");
            } else if birth.year() < 1900 {
                p.add("birth_date", "Ngày sinh không hợp lệ (trước năm 1900)");
            }
        }
        if a.address.chars().count() > MAX_TEXT_CHARS {
            p.add("address", format!("Địa chỉ quá dài (tối đa {MAX_TEXT_CHARS} ký tự)"));
        }
        let phone_ok = is_phone_like(&a.phone) && a.phone.chars().filter(char::is_ascii_digit).count() >= 9;
        if !a.phone.is_empty() && !phone_ok {
            p.add("phone", "Số điện thoại không hợp lệ");
        }
        if !a.email.is_empty() && !is_email_like(&a.email) {
            p.add("email", "Địa chỉ email không hợp lệ");
        }
        if procedure.hidden {
            p.add("procedure_code", "Đơn vị không tiếp nhận thủ tục này");
        }
        if self.return_method == ReturnMethod::Post {
            if !procedure.postal_return {
                p.add("return_method", "Thủ tục này không trả kết quả qua bưu chính");
            }
            if self.postal_address.is_empty() {
                p.add("postal_address", "Chưa nhập địa chỉ nhận kết quả qua bưu chính");
            }
        }
        if self.postal_address.chars().count() > MAX_TEXT_CHARS {
            p.add("postal_address", "Địa chỉ nhận kết quả quá dài");
        }
        if self.sets == 0 || self.sets > 99 {
            p.add("sets", "Số bộ hồ sơ phải từ 1 đến 99");
        }
        let missing: Vec<&str> = procedure
            .papers
            .iter()
            .filter(|req| !req.optional && !self.papers.iter().any(|got| got.name == text::clean(&req.name)))
            .map(|req| req.name.as_str())
            .collect();
        if !missing.is_empty() {
            p.add("papers", format!("Thiếu giấy tờ bắt buộc: {}", missing.join("; ")));
        }
        for paper in &self.papers {
            if paper.count == 0 || paper.count > 99 {
                p.add("papers", format!("Số lượng của \"{}\" phải từ 1 đến 99", paper.name));
            }
        }
        if self.note.chars().count() > MAX_TEXT_CHARS {
            p.add("note", "Ghi chú quá dài");
        }
        p.into_result()
    }
}
