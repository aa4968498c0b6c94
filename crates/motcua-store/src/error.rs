use std::path::PathBuf;

/// Everything that can go wrong in the store. `Display` is the precise line for the log (no
/// personal data: SQLite messages name tables and constraints, never values);
/// [`StoreError::user_message`] is what the clerk reads.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {path:?} has schema version {found}, this build knows up to {known}")]
    NewerSchema { path: PathBuf, found: i64, known: i64 },
    #[error("database {path:?} is not a Một Cửa database (application_id {found:#x})")]
    NotOurs { path: PathBuf, found: i64 },
    #[error("database {path:?} failed its integrity check: {detail}")]
    Corrupt { path: PathBuf, detail: String },
    #[error("database is locked by another process")]
    Busy,
    #[error("the office has not been set up yet")]
    NotSetUp,
    #[error("{what} not found")]
    NotFound { what: &'static str },
    #[error("duplicate {what}")]
    Duplicate { what: &'static str },
    /// A dossier step its state does not allow, or with content missing: the text is the
    /// clerk's message.
    #[error("step refused: {0}")]
    StepRefused(motcua_domain::lifecycle::Refusal),
    /// A feedback action its item's status does not allow: the text is the clerk's message.
    #[error("feedback action refused: {0}")]
    FeedbackRefused(motcua_domain::feedback::FeedbackRefusal),
    #[error("stored data is not valid: {0}")]
    BadData(String),
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    #[error("io on {path:?}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    /// Hashing a new password failed (the OS gave no randomness for its salt).
    #[error("password hash: {0}")]
    Password(String),
}

impl StoreError {
    /// The Vietnamese message shown to the clerk.
    pub fn user_message(&self) -> String {
        match self {
            StoreError::NewerSchema { .. } => "Cơ sở dữ liệu được tạo bởi phiên bản mới hơn của phần mềm. \
                Hãy cập nhật phần mềm; dữ liệu không bị thay đổi."
                .to_owned(),
            StoreError::NotOurs { .. } => {
                "Tệp dữ liệu không phải của phần mềm Một Cửa; tệp không bị thay đổi.".to_owned()
            }
            StoreError::Corrupt { .. } => "Cơ sở dữ liệu bị hỏng. Không ghi thêm gì vào tệp; \
                hãy liên hệ cán bộ CNTT để khôi phục từ bản sao lưu."
                .to_owned(),
            StoreError::Busy => "Cơ sở dữ liệu đang bị một chương trình khác khóa. Vui lòng thử lại sau ít giây; \
                dữ liệu đã lưu không bị ảnh hưởng."
                .to_owned(),
            StoreError::NotSetUp => "Chưa thiết lập thông tin đơn vị.".to_owned(),
            StoreError::StepRefused(refusal) => refusal.to_string(),
            StoreError::FeedbackRefused(refusal) => refusal.to_string(),
            StoreError::NotFound { what } => format!("Không tìm thấy {}", vi_what(what)),
            StoreError::Duplicate { what } => format!("{} đã tồn tại", vi_what(what)),
            StoreError::BadData(_) | StoreError::Json(_) => {
                "Dữ liệu lưu trữ không hợp lệ; hãy liên hệ cán bộ CNTT.".to_owned()
            }
            StoreError::Password(_) => "Lỗi nội bộ khi xử lý mật khẩu; tài khoản chưa được tạo.".to_owned(),
            StoreError::Sqlite(_) | StoreError::Io { .. } => {
                "Lỗi ghi/đọc cơ sở dữ liệu; thao tác chưa được lưu. Vui lòng thử lại.".to_owned()
            }
        }
    }

    /// Maps SQLite's busy/locked codes to [`StoreError::Busy`] and corruption codes to `Corrupt`.
    pub(crate) fn classify(e: rusqlite::Error, path: &std::path::Path) -> StoreError {
        use rusqlite::ErrorCode::*;
        match e.sqlite_error_code() {
            Some(DatabaseBusy | DatabaseLocked) => StoreError::Busy,
            Some(DatabaseCorrupt | NotADatabase) => {
                StoreError::Corrupt { path: path.to_owned(), detail: e.to_string() }
            }
            _ => StoreError::Sqlite(e),
        }
    }
}

pub(crate) fn vi_what(what: &str) -> &str {
    match what {
        "dossier" => "hồ sơ",
        "procedure" => "thủ tục",
        "user" => "tài khoản",
        "username" => "Tên đăng nhập",
        "dossier code" => "Mã hồ sơ",
        "feedback" => "phản ánh, kiến nghị",
        "feedback number" => "Số phản ánh, kiến nghị",
        "office" => "thông tin đơn vị",
        other => other,
    }
}
