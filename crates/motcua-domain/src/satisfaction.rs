//! Citizen satisfaction: after a service (a queue ticket or a dossier), the citizen rates it on
//! a screen facing them. Three levels by default (Rất hài lòng / Hài lòng / Không hài lòng),
//! optionally per SIPAS criterion, and a comment. No personal data is asked for: a rating names
//! the service, the clerk who gave it and the procedure, never the citizen.
//!
//! The satisfaction rate is the share of ratings at "hài lòng" or better (target above 80 %).

use serde::{Deserialize, Serialize};

use crate::text;
use crate::validation::{MAX_TEXT_CHARS, Problems};

/// How satisfied the citizen is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    VerySatisfied,
    Satisfied,
    Dissatisfied,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::VerySatisfied, Level::Satisfied, Level::Dissatisfied];

    pub fn label_vi(self) -> &'static str {
        match self {
            Level::VerySatisfied => "Rất hài lòng",
            Level::Satisfied => "Hài lòng",
            Level::Dissatisfied => "Không hài lòng",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::VerySatisfied => "very_satisfied",
            Level::Satisfied => "satisfied",
            Level::Dissatisfied => "dissatisfied",
        }
    }

    /// Counts towards the satisfaction rate.
    pub fn is_satisfied(self) -> bool {
        self != Level::Dissatisfied
    }
}

/// The SIPAS criteria (Chỉ số hài lòng về sự phục vụ hành chính).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    /// Tiếp cận dịch vụ: getting to the service (place, hours, queue).
    Access,
    /// Thủ tục hành chính: the procedure itself (papers, fees, time).
    Procedure,
    /// Công chức: the officer who served.
    Officer,
    /// Kết quả: the result.
    Result,
    /// Tiếp nhận, xử lý phản ánh kiến nghị: how feedback is handled.
    FeedbackHandling,
}

impl Criterion {
    pub const ALL: [Criterion; 5] =
        [Criterion::Access, Criterion::Procedure, Criterion::Officer, Criterion::Result, Criterion::FeedbackHandling];

    pub fn label_vi(self) -> &'static str {
        match self {
            Criterion::Access => "Tiếp cận dịch vụ",
            Criterion::Procedure => "Thủ tục hành chính",
            Criterion::Officer => "Thái độ, năng lực công chức",
            Criterion::Result => "Kết quả giải quyết",
            Criterion::FeedbackHandling => "Tiếp nhận, xử lý phản ánh, kiến nghị",
        }
    }
}

/// What was rated: one rating per service.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "of", rename_all = "snake_case")]
pub enum RatedService {
    /// A queue ticket served at a counter (its id).
    Ticket { ticket_id: String, label: String },
    /// A dossier received or returned (its code).
    Dossier { code: String },
}

impl RatedService {
    /// The key that makes a second rating of the same service a duplicate.
    pub fn key(&self) -> String {
        match self {
            RatedService::Ticket { ticket_id, .. } => format!("ticket:{ticket_id}"),
            RatedService::Dossier { code } => format!("dossier:{code}"),
        }
    }
}

/// What the citizen chose on the screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingDraft {
    pub level: Level,
    /// Optional levels per SIPAS criterion; each criterion at most once.
    #[serde(default)]
    pub criteria: Vec<(Criterion, Level)>,
    #[serde(default)]
    pub comment: String,
}

impl RatingDraft {
    /// NFC, trimmed; checks a criterion is not rated twice and the comment's length.
    pub fn normalize_and_validate(mut self) -> Result<RatingDraft, Problems> {
        self.comment = text::clean(&self.comment);
        let mut problems = Problems::default();
        if self.comment.chars().count() > MAX_TEXT_CHARS {
            problems.add("comment", format!("Góp ý dài quá {MAX_TEXT_CHARS} ký tự."));
        }
        let mut seen: Vec<Criterion> = self.criteria.iter().map(|(c, _)| *c).collect();
        seen.sort();
        if seen.windows(2).any(|w| w[0] == w[1]) {
            problems.add("criteria", "Mỗi tiêu chí chỉ được đánh giá một lần.");
        }
        problems.into_result().map(|()| self)
    }
}

/// Ratings at each level, and the satisfaction rate they give.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelCounts {
    pub very_satisfied: u64,
    pub satisfied: u64,
    pub dissatisfied: u64,
}

impl LevelCounts {
    pub fn add(&mut self, level: Level, n: u64) {
        match level {
            Level::VerySatisfied => self.very_satisfied += n,
            Level::Satisfied => self.satisfied += n,
            Level::Dissatisfied => self.dissatisfied += n,
        }
    }

    pub fn total(&self) -> u64 {
        self.very_satisfied + self.satisfied + self.dissatisfied
    }

    /// Share of ratings at "hài lòng" or better, in per cent; `None` with no rating.
    pub fn satisfaction_rate(&self) -> Option<f64> {
        let total = self.total();
        (total > 0).then(|| 100.0 * (self.very_satisfied + self.satisfied) as f64 / total as f64)
    }
}
