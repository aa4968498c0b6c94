//! A dossier's life after reception, as a pure state machine (domain.md "Lifecycle"; the papers
//! are forms 02–06 of Thông tư 03/2025/TT-VPCP).
//!
//! ```text
//! received ──hand-off──▶ in processing ──hand-off──▶ in processing (next department)
//!    │  │                    │   │
//!    │  └──request supplement┴───┴──▶ needs supplement ──supplement received──▶ back where it was,
//!    │                                                                          deadline restarted
//!    └──────result ready◀────┘
//!             │
//!             └──returned at the counter (collector + ID) / sent by post (address + tracking no.)
//! refused (form 03), stopped (form 05), withdrawn: from any open state; all four end the dossier.
//! apology (form 04): a new appointment date, while received or in processing.
//! ```
//!
//! Every function here takes the time it should act at: the caller owns the clock and the
//! calendar (the supplement's restarted deadline is computed by the caller with the office's
//! working calendar and carried in the step, so a step replays the same on every machine).

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::cccd;
use crate::dossier::DossierStatus;
use crate::text;
use crate::validation::{MAX_NAME_CHARS, MAX_TEXT_CHARS};

/// One thing that happens to a dossier after reception.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// Chuyển xử lý: to a department or another agency, with that hand-off's own deadline (one
    /// line of the process-control sheet, form 06).
    HandedOff { to: String, handler: String, deadline: NaiveDateTime, note: String },
    /// Yêu cầu bổ sung, hoàn thiện hồ sơ (form 02): everything missing, listed once.
    SupplementRequested { missing: Vec<String>, note: String },
    /// The complete dossier is back: the deadline counts again from now (`due_at`, computed by
    /// the caller from the office's calendar; the app fills it in, so input may leave it out).
    SupplementReceived {
        #[serde(default)]
        due_at: NaiveDateTime,
        #[serde(default)]
        note: String,
    },
    /// Có kết quả: the result paper is at the counter (or ready to post).
    ResultReady { note: String },
    /// Trả kết quả tại Bộ phận Một cửa: who collected it, with their ID number.
    ReturnedAtCounter { collector_name: String, collector_id: String },
    /// Trả kết quả qua dịch vụ bưu chính công ích.
    SentByPost { address: String, tracking_number: String },
    /// Từ chối tiếp nhận, giải quyết hồ sơ (form 03).
    Refused { reason: String },
    /// Dừng giải quyết hồ sơ (form 05): processing had started.
    ProcessingStopped { reason: String },
    /// Người nộp rút hồ sơ.
    Withdrawn { reason: String },
    /// Văn bản xin lỗi và hẹn lại ngày trả kết quả (form 04): a new appointment, later than the
    /// one it replaces. Each re-appointment is one apology.
    Apologised { reason: String, new_appointment_at: NaiveDateTime },
}

impl Step {
    /// The step's name as the process-control sheet and the op log show it.
    pub fn kind(&self) -> &'static str {
        match self {
            Step::HandedOff { .. } => "handed_off",
            Step::SupplementRequested { .. } => "supplement_requested",
            Step::SupplementReceived { .. } => "supplement_received",
            Step::ResultReady { .. } => "result_ready",
            Step::ReturnedAtCounter { .. } => "returned_at_counter",
            Step::SentByPost { .. } => "sent_by_post",
            Step::Refused { .. } => "refused",
            Step::ProcessingStopped { .. } => "processing_stopped",
            Step::Withdrawn { .. } => "withdrawn",
            Step::Apologised { .. } => "apologised",
        }
    }

    pub fn label_vi(&self) -> &'static str {
        match self {
            Step::HandedOff { .. } => "Chuyển xử lý",
            Step::SupplementRequested { .. } => "Yêu cầu bổ sung hồ sơ",
            Step::SupplementReceived { .. } => "Nhận hồ sơ bổ sung",
            Step::ResultReady { .. } => "Có kết quả",
            Step::ReturnedAtCounter { .. } => "Trả kết quả tại quầy",
            Step::SentByPost { .. } => "Gửi kết quả qua bưu chính",
            Step::Refused { .. } => "Từ chối giải quyết",
            Step::ProcessingStopped { .. } => "Dừng giải quyết",
            Step::Withdrawn { .. } => "Rút hồ sơ",
            Step::Apologised { .. } => "Xin lỗi, hẹn lại ngày trả",
        }
    }

    /// Every text to NFC and trimmed; ID numbers and tracking numbers without spaces.
    pub fn normalised(self) -> Step {
        let squeeze = |s: String| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        match self {
            Step::HandedOff { to, handler, deadline, note } => Step::HandedOff {
                to: text::clean(&to),
                handler: text::clean(&handler),
                deadline,
                note: text::clean(&note),
            },
            Step::SupplementRequested { missing, note } => Step::SupplementRequested {
                missing: missing.iter().map(|m| text::clean(m)).filter(|m| !m.is_empty()).collect(),
                note: text::clean(&note),
            },
            Step::SupplementReceived { due_at, note } => Step::SupplementReceived { due_at, note: text::clean(&note) },
            Step::ResultReady { note } => Step::ResultReady { note: text::clean(&note) },
            Step::ReturnedAtCounter { collector_name, collector_id } => Step::ReturnedAtCounter {
                collector_name: text::clean(&collector_name),
                collector_id: squeeze(collector_id),
            },
            Step::SentByPost { address, tracking_number } => Step::SentByPost {
                address: text::clean(&address),
                tracking_number: squeeze(tracking_number).to_uppercase(),
            },
            Step::Refused { reason } => Step::Refused { reason: text::clean(&reason) },
            Step::ProcessingStopped { reason } => Step::ProcessingStopped { reason: text::clean(&reason) },
            Step::Withdrawn { reason } => Step::Withdrawn { reason: text::clean(&reason) },
            Step::Apologised { reason, new_appointment_at } => {
                Step::Apologised { reason: text::clean(&reason), new_appointment_at }
            }
        }
    }
}

/// Early, on time or late: set when the result is ready, against the deadline in force then
/// (the first one, restarted only by a supplement; an apology's new date does not move it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Timeliness {
    /// Trước hạn: ready on a day before the due day.
    Early,
    /// Đúng hạn: ready on the due day, by the due time.
    OnTime,
    /// Quá hạn.
    Late,
}

impl Timeliness {
    pub fn classify(resolved_at: NaiveDateTime, due_at: NaiveDateTime) -> Timeliness {
        if resolved_at > due_at {
            Timeliness::Late
        } else if resolved_at.date() < due_at.date() {
            Timeliness::Early
        } else {
            Timeliness::OnTime
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Timeliness::Early => "early",
            Timeliness::OnTime => "on_time",
            Timeliness::Late => "late",
        }
    }

    pub fn parse(s: &str) -> Option<Timeliness> {
        [Timeliness::Early, Timeliness::OnTime, Timeliness::Late].into_iter().find(|t| t.as_str() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Timeliness::Early => "Trước hạn",
            Timeliness::OnTime => "Đúng hạn",
            Timeliness::Late => "Quá hạn",
        }
    }
}

/// Where a dossier stands: what the next step is checked against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lifecycle {
    pub status: DossierStatus,
    /// The deadline by law (hạn giải quyết): the reception's, restarted by a supplement.
    pub due_at: NaiveDateTime,
    /// The date promised to the citizen: the deadline, or an apology's new date.
    pub appointment_at: NaiveDateTime,
    /// While waiting for a supplement: the state the dossier goes back to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resumes_to: Option<DossierStatus>,
    #[serde(default)]
    pub supplement_requested: bool,
    #[serde(default)]
    pub handoffs: u32,
    #[serde(default)]
    pub apologies: u32,
    /// When the result was ready (or the dossier refused or stopped): the office's part done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<NaiveDateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeliness: Option<Timeliness>,
    /// When the citizen got the result (or the dossier ended otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<NaiveDateTime>,
}

/// Why a step cannot happen: shown to the clerk as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("Hồ sơ đang ở trạng thái \"{}\": không thể {}", .status.label_vi(), .step)]
    NotNow { status: DossierStatus, step: &'static str },
    #[error("Hồ sơ đã kết thúc ({}): không thể thay đổi thêm", .0.label_vi())]
    Closed(DossierStatus),
    #[error("Hồ sơ đã được yêu cầu bổ sung một lần; theo quy định chỉ yêu cầu bổ sung một lần, đầy đủ")]
    SupplementAlreadyRequested,
    #[error("{0}")]
    Missing(&'static str),
    #[error("{0}")]
    Invalid(String),
}

const OPEN_FOR_PROCESSING: [DossierStatus; 2] = [DossierStatus::Received, DossierStatus::InProcessing];

impl Lifecycle {
    /// A dossier just received, due at its appointment.
    pub fn at_reception(appointment_at: NaiveDateTime) -> Lifecycle {
        Lifecycle {
            status: DossierStatus::Received,
            due_at: appointment_at,
            appointment_at,
            resumes_to: None,
            supplement_requested: false,
            handoffs: 0,
            apologies: 0,
            resolved_at: None,
            timeliness: None,
            closed_at: None,
        }
    }

    /// Whether no step can follow.
    pub fn is_closed(&self) -> bool {
        self.status.is_final()
    }

    /// Late: past its deadline while still the office's to resolve (waiting for a supplement
    /// stops the clock).
    pub fn is_late(&self, now: NaiveDateTime) -> bool {
        OPEN_FOR_PROCESSING.contains(&self.status) && now > self.due_at
    }

    /// The state after `step` taken at `at`, or why it cannot be taken. The step's own
    /// content is checked too (a return needs the collector's ID).
    pub fn apply(&self, step: &Step, at: NaiveDateTime) -> Result<Lifecycle, Refusal> {
        use DossierStatus as S;
        if self.is_closed() {
            return Err(Refusal::Closed(self.status));
        }
        check_content(step, self, at)?;
        let not_now = |what: &'static str| Refusal::NotNow { status: self.status, step: what };
        let mut next = self.clone();
        match step {
            Step::HandedOff { .. } => {
                if !OPEN_FOR_PROCESSING.contains(&self.status) {
                    return Err(not_now("chuyển xử lý"));
                }
                next.status = S::InProcessing;
                next.handoffs += 1;
            }
            Step::SupplementRequested { .. } => {
                if !OPEN_FOR_PROCESSING.contains(&self.status) {
                    return Err(not_now("yêu cầu bổ sung"));
                }
                if self.supplement_requested {
                    return Err(Refusal::SupplementAlreadyRequested);
                }
                next.status = S::NeedsSupplement;
                next.resumes_to = Some(self.status);
                next.supplement_requested = true;
            }
            Step::SupplementReceived { due_at, .. } => {
                if self.status != S::NeedsSupplement {
                    return Err(not_now("nhận hồ sơ bổ sung"));
                }
                next.status = self.resumes_to.unwrap_or(S::Received);
                next.resumes_to = None;
                next.due_at = *due_at;
                next.appointment_at = *due_at;
            }
            Step::ResultReady { .. } => {
                if !OPEN_FOR_PROCESSING.contains(&self.status) {
                    return Err(not_now("báo có kết quả"));
                }
                next.status = S::ResultReady;
                next.resolved_at = Some(at);
                next.timeliness = Some(Timeliness::classify(at, self.due_at));
            }
            Step::ReturnedAtCounter { .. } | Step::SentByPost { .. } => {
                if self.status != S::ResultReady {
                    return Err(not_now("trả kết quả"));
                }
                next.status = S::Returned;
                next.closed_at = Some(at);
            }
            Step::Refused { .. } => {
                if ![S::Received, S::InProcessing, S::NeedsSupplement].contains(&self.status) {
                    return Err(not_now("từ chối giải quyết"));
                }
                next.status = S::Rejected;
                next.resolved_at = Some(at);
                next.closed_at = Some(at);
                next.resumes_to = None;
            }
            Step::ProcessingStopped { .. } => {
                if ![S::InProcessing, S::NeedsSupplement].contains(&self.status) {
                    return Err(not_now("dừng giải quyết (hồ sơ chưa được chuyển xử lý)"));
                }
                next.status = S::ProcessingStopped;
                next.resolved_at = Some(at);
                next.closed_at = Some(at);
                next.resumes_to = None;
            }
            Step::Withdrawn { .. } => {
                if ![S::Received, S::InProcessing, S::NeedsSupplement].contains(&self.status) {
                    return Err(not_now("rút hồ sơ"));
                }
                next.status = S::Withdrawn;
                next.closed_at = Some(at);
                next.resumes_to = None;
            }
            Step::Apologised { new_appointment_at, .. } => {
                if !OPEN_FOR_PROCESSING.contains(&self.status) {
                    return Err(not_now("gửi văn bản xin lỗi, hẹn lại"));
                }
                next.appointment_at = *new_appointment_at;
                next.apologies += 1;
            }
        }
        Ok(next)
    }
}

fn check_content(step: &Step, now: &Lifecycle, at: NaiveDateTime) -> Result<(), Refusal> {
    let too_long = |s: &str, max: usize| s.chars().count() > max;
    match step {
        Step::HandedOff { to, handler, deadline, note } => {
            if to.is_empty() {
                return Err(Refusal::Missing("Chưa nhập nơi chuyển xử lý (phòng, ban hoặc cơ quan)"));
            }
            if too_long(to, MAX_NAME_CHARS) || too_long(handler, MAX_NAME_CHARS) || too_long(note, MAX_TEXT_CHARS) {
                return Err(Refusal::Invalid("Nội dung chuyển xử lý quá dài".into()));
            }
            if *deadline < at {
                return Err(Refusal::Invalid("Hạn xử lý của bước chuyển không thể trước thời điểm chuyển".into()));
            }
        }
        Step::SupplementRequested { missing, note } => {
            if missing.is_empty() {
                return Err(Refusal::Missing(
                    "Chưa liệt kê giấy tờ cần bổ sung (phải nêu đầy đủ trong một lần yêu cầu)",
                ));
            }
            if missing.iter().any(|m| too_long(m, MAX_TEXT_CHARS)) || too_long(note, MAX_TEXT_CHARS) {
                return Err(Refusal::Invalid("Nội dung yêu cầu bổ sung quá dài".into()));
            }
        }
        Step::SupplementReceived { due_at, .. } => {
            if *due_at < at {
                return Err(Refusal::Invalid("Hạn giải quyết mới không thể trước thời điểm nhận bổ sung".into()));
            }
        }
        Step::ResultReady { note } => {
            if too_long(note, MAX_TEXT_CHARS) {
                return Err(Refusal::Invalid("Ghi chú quá dài".into()));
            }
        }
        Step::ReturnedAtCounter { collector_name, collector_id } => {
            if collector_name.is_empty() {
                return Err(Refusal::Missing("Chưa nhập họ tên người nhận kết quả"));
            }
            if collector_id.is_empty() {
                return Err(Refusal::Missing("Chưa nhập số giấy tờ tùy thân của người nhận kết quả"));
            }
            if too_long(collector_name, MAX_NAME_CHARS) {
                return Err(Refusal::Invalid("Họ tên người nhận quá dài".into()));
            }
            cccd::check_id_number(collector_id, None, None)
                .map_err(|e| Refusal::Invalid(format!("Số giấy tờ của người nhận: {e}")))?;
        }
        Step::SentByPost { address, tracking_number } => {
            if address.is_empty() {
                return Err(Refusal::Missing("Chưa nhập địa chỉ gửi kết quả"));
            }
            if tracking_number.is_empty() {
                return Err(Refusal::Missing("Chưa nhập mã bưu gửi (số hiệu bưu phẩm)"));
            }
            if too_long(address, MAX_TEXT_CHARS)
                || tracking_number.len() > 40
                || !tracking_number.chars().all(|c| c.is_ascii_alphanumeric())
            {
                return Err(Refusal::Invalid("Địa chỉ hoặc mã bưu gửi không hợp lệ".into()));
            }
        }
        Step::Refused { reason } | Step::ProcessingStopped { reason } => {
            if reason.is_empty() {
                return Err(Refusal::Missing("Chưa nêu lý do (được in trên văn bản gửi người nộp)"));
            }
            if too_long(reason, MAX_TEXT_CHARS) {
                return Err(Refusal::Invalid("Lý do quá dài".into()));
            }
        }
        Step::Withdrawn { reason } => {
            if too_long(reason, MAX_TEXT_CHARS) {
                return Err(Refusal::Invalid("Lý do quá dài".into()));
            }
        }
        Step::Apologised { reason, new_appointment_at } => {
            if reason.is_empty() {
                return Err(Refusal::Missing("Chưa nêu lý do chậm trả kết quả"));
            }
            if too_long(reason, MAX_TEXT_CHARS) {
                return Err(Refusal::Invalid("Lý do quá dài".into()));
            }
            if *new_appointment_at <= now.appointment_at {
                return Err(Refusal::Invalid("Ngày hẹn mới phải sau ngày hẹn hiện tại".into()));
            }
        }
    }
    Ok(())
}
