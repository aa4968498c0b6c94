//! Feedback and recommendations (phản ánh, kiến nghị — PAKN): an item from any channel, its
//! type and deadline, who handles it, its answer, and whether the answer is published
//! (Hanoi Plan 181/KH-UBND: 100 % received and answered on time, results published).

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::office::{is_email_like, is_phone_like};
use crate::text;
use crate::validation::{MAX_NAME_CHARS, MAX_TEXT_CHARS, Problems};

/// Where an item came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Hotline,
    Email,
    Zalo,
    Facebook,
    /// The national or city portal (e.g. Hanoi's 1022).
    Portal,
    Letter,
    InPerson,
}

impl Channel {
    pub const ALL: [Channel; 7] = [
        Channel::Hotline,
        Channel::Email,
        Channel::Zalo,
        Channel::Facebook,
        Channel::Portal,
        Channel::Letter,
        Channel::InPerson,
    ];

    pub fn label_vi(self) -> &'static str {
        match self {
            Channel::Hotline => "Đường dây nóng",
            Channel::Email => "Thư điện tử",
            Channel::Zalo => "Zalo",
            Channel::Facebook => "Facebook",
            Channel::Portal => "Cổng dịch vụ công / 1022",
            Channel::Letter => "Văn bản, thư",
            Channel::InPerson => "Trực tiếp",
        }
    }
}

/// A kind of item and how many working days the office has to answer it. Data, not code:
/// the defaults below stand until the office or the city sets its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackType {
    pub key: String,
    pub label: String,
    pub answer_within_working_days: u32,
}

/// The types an office starts with.
pub fn default_types() -> Vec<FeedbackType> {
    [
        ("quy_dinh", "Phản ánh, kiến nghị về quy định hành chính", 10),
        ("giai_quyet_ho_so", "Phản ánh về việc giải quyết hồ sơ", 5),
        ("thai_do", "Phản ánh về hành vi, thái độ của cán bộ", 5),
        ("khac", "Nội dung khác", 10),
    ]
    .into_iter()
    .map(|(key, label, days)| FeedbackType { key: key.into(), label: label.into(), answer_within_working_days: days })
    .collect()
}

/// The most working days an office may give itself to answer (a month and a half).
pub const MAX_ANSWER_WORKING_DAYS: u32 = 30;

/// Cleans an office's own list of types (trimmed, NFC) and checks it: at least one type; each
/// with a key of lower-case letters, digits and `_` (it is stored on every item), not used
/// twice, a label, and 1 to [`MAX_ANSWER_WORKING_DAYS`] working days.
pub fn check_types(types: Vec<FeedbackType>) -> Result<Vec<FeedbackType>, Problems> {
    let mut p = Problems::default();
    if types.is_empty() {
        p.add("types", "Cần ít nhất một loại phản ánh, kiến nghị.");
    }
    let types: Vec<FeedbackType> = types
        .into_iter()
        .map(|t| FeedbackType { key: t.key.trim().to_owned(), label: text::clean(&t.label), ..t })
        .collect();
    for (i, t) in types.iter().enumerate() {
        let at = |field: &str| format!("types[{i}].{field}");
        let key_ok = !t.key.is_empty()
            && t.key.len() <= 40
            && t.key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !key_ok {
            p.add(
                &at("key"),
                format!("Mã loại \"{}\" chỉ gồm chữ thường không dấu, số và dấu _ (tối đa 40 ký tự).", t.key),
            );
        } else if types[..i].iter().any(|o| o.key == t.key) {
            p.add(&at("key"), format!("Mã loại \"{}\" bị trùng.", t.key));
        }
        if t.label.is_empty() || t.label.chars().count() > MAX_NAME_CHARS {
            p.add(&at("label"), format!("Tên loại phải có, tối đa {MAX_NAME_CHARS} ký tự."));
        }
        if !(1..=MAX_ANSWER_WORKING_DAYS).contains(&t.answer_within_working_days) {
            p.add(
                &at("answer_within_working_days"),
                format!("Thời hạn trả lời từ 1 đến {MAX_ANSWER_WORKING_DAYS} ngày làm việc."),
            );
        }
    }
    p.into_result().map(|()| types)
}

/// Who sent it, if they said (nothing is required: an anonymous call is an item too).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sender {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub address: String,
}

/// What the clerk records when an item comes in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackDraft {
    /// `None` is refused with a message: every item says where it came from.
    pub channel: Option<Channel>,
    pub type_key: String,
    pub content: String,
    #[serde(default)]
    pub sender: Sender,
    #[serde(default)]
    pub dossier_code: String,
    #[serde(default)]
    pub procedure_code: String,
}

impl FeedbackDraft {
    pub fn normalised(mut self) -> FeedbackDraft {
        self.type_key = self.type_key.trim().to_owned();
        self.content = text::clean(&self.content);
        self.sender.name = text::clean(&self.sender.name);
        self.sender.phone = text::clean(&self.sender.phone);
        self.sender.email = self.sender.email.trim().to_owned();
        self.sender.address = text::clean(&self.sender.address);
        self.dossier_code = self.dossier_code.trim().to_uppercase();
        self.procedure_code = self.procedure_code.trim().to_owned();
        self
    }

    /// Checks the draft against the office's types; every problem names its field.
    pub fn validate(&self, types: &[FeedbackType]) -> Result<(), Problems> {
        let mut p = Problems::default();
        if self.channel.is_none() {
            p.add("channel", "Chưa chọn kênh tiếp nhận (đường dây nóng, thư điện tử, Zalo, …)");
        }
        if !types.iter().any(|t| t.key == self.type_key) {
            p.add("type_key", "Chưa chọn loại phản ánh, kiến nghị");
        }
        if self.content.is_empty() {
            p.add("content", "Chưa nhập nội dung phản ánh, kiến nghị");
        } else if self.content.chars().count() > 4 * MAX_TEXT_CHARS {
            p.add("content", "Nội dung quá dài");
        }
        let s = &self.sender;
        if s.name.chars().count() > MAX_NAME_CHARS {
            p.add("sender.name", "Họ tên quá dài");
        }
        if !s.phone.is_empty() && !is_phone_like(&s.phone) {
            p.add("sender.phone", "Số điện thoại không hợp lệ");
        }
        if !s.email.is_empty() && !is_email_like(&s.email) {
            p.add("sender.email", "Địa chỉ email không hợp lệ");
        }
        if s.address.chars().count() > MAX_TEXT_CHARS {
            p.add("sender.address", "Địa chỉ quá dài");
        }
        p.into_result()
    }
}

/// Where an item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackStatus {
    /// Đã tiếp nhận, chưa giao xử lý.
    Received,
    /// Đã giao cho cán bộ xử lý.
    Assigned,
    /// Đã trả lời.
    Answered,
    /// Đã công khai kết quả.
    Published,
}

impl FeedbackStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FeedbackStatus::Received => "received",
            FeedbackStatus::Assigned => "assigned",
            FeedbackStatus::Answered => "answered",
            FeedbackStatus::Published => "published",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            FeedbackStatus::Received => "Đã tiếp nhận",
            FeedbackStatus::Assigned => "Đang xử lý",
            FeedbackStatus::Answered => "Đã trả lời",
            FeedbackStatus::Published => "Đã công khai",
        }
    }

    pub fn parse(s: &str) -> Option<FeedbackStatus> {
        [FeedbackStatus::Received, FeedbackStatus::Assigned, FeedbackStatus::Answered, FeedbackStatus::Published]
            .into_iter()
            .find(|st| st.as_str() == s)
    }

    /// Still waiting for its answer.
    pub fn is_open(self) -> bool {
        matches!(self, FeedbackStatus::Received | FeedbackStatus::Assigned)
    }
}

/// What happens to an item after it comes in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum FeedbackAction {
    /// Giao xử lý: to a staff member (again, to hand it to someone else).
    Assign { user_id: String, user_name: String },
    /// Trả lời: the answer sent to the citizen.
    Answer { text: String },
    /// Công khai: the answer is published (on the office's board or portal).
    Publish,
}

/// Why an action cannot happen, for the clerk.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedbackRefusal {
    #[error("Phản ánh, kiến nghị đang ở trạng thái \"{}\": không thể {}", .0.label_vi(), .1)]
    NotNow(FeedbackStatus, &'static str),
    #[error("{0}")]
    Missing(&'static str),
}

impl FeedbackStatus {
    /// The status after `action`, or why not.
    pub fn after(self, action: &FeedbackAction) -> Result<FeedbackStatus, FeedbackRefusal> {
        match action {
            FeedbackAction::Assign { user_id, .. } => {
                if user_id.trim().is_empty() {
                    return Err(FeedbackRefusal::Missing("Chưa chọn cán bộ xử lý"));
                }
                if !self.is_open() {
                    return Err(FeedbackRefusal::NotNow(self, "giao xử lý"));
                }
                Ok(FeedbackStatus::Assigned)
            }
            FeedbackAction::Answer { text } => {
                if text.trim().is_empty() {
                    return Err(FeedbackRefusal::Missing("Chưa nhập nội dung trả lời"));
                }
                if !self.is_open() {
                    return Err(FeedbackRefusal::NotNow(self, "trả lời lại"));
                }
                Ok(FeedbackStatus::Answered)
            }
            FeedbackAction::Publish => {
                if self != FeedbackStatus::Answered {
                    return Err(FeedbackRefusal::NotNow(self, "công khai (cần trả lời trước)"));
                }
                Ok(FeedbackStatus::Published)
            }
        }
    }
}

/// Answered on time: by the deadline.
pub fn answered_on_time(answered_at: NaiveDateTime, deadline_at: NaiveDateTime) -> bool {
    answered_at <= deadline_at
}
