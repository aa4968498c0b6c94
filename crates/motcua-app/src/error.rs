use motcua_domain::validation::Problems;
use motcua_print::PrintError;
use motcua_queue::QueueError;
use motcua_store::StoreError;
use motcua_sync::SyncError;

/// Why a use case was refused. [`AppError::user_message`] is the Vietnamese text the clerk
/// sees; `Display` is the log line (no personal data).
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not logged in")]
    NotLoggedIn,
    #[error("role not allowed")]
    Forbidden,
    #[error("wrong username or password")]
    BadLogin,
    #[error("office already set up")]
    AlreadySetUp,
    /// Joining an office: the city server has nothing of it from any PC yet.
    #[error("no PC of the office has set it up at the city server yet")]
    OfficeNotAtCity,
    #[error("invalid input: {} field(s)", .0.0.len())]
    Invalid(Problems),
    #[error("catalog refused: {0}")]
    Catalog(String),
    /// Writing a report file failed (the text is the writer's; no personal data in it).
    #[error("report: {0}")]
    Report(String),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Print(#[from] PrintError),
    #[error("this PC is not enrolled with a queue hub")]
    QueueNotSetUp,
    #[error(transparent)]
    Queue(#[from] QueueError),
    #[error(transparent)]
    Sync(#[from] SyncError),
    #[error(transparent)]
    Backup(motcua_store::backup::BackupError),
    /// Writing the logs' zip failed (the text says where; no personal data in it).
    #[error("export: {0}")]
    Export(String),
    /// Saving a report where the user chose failed (the text says where; no personal data).
    #[error("save: {0}")]
    SaveFile(String),
    #[error("no mail server set up on this PC")]
    MailNotSetUp,
    /// A letter could not be made or sent (the text is in Vietnamese, no personal data).
    #[error("mail: {0}")]
    Mail(String),
}

impl AppError {
    pub fn field(field: &str, message: impl Into<String>) -> AppError {
        let mut p = Problems::default();
        p.add(field, message);
        AppError::Invalid(p)
    }

    /// A short stable code the UI can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotLoggedIn => "not_logged_in",
            AppError::Forbidden => "forbidden",
            AppError::BadLogin => "bad_login",
            AppError::AlreadySetUp => "already_set_up",
            AppError::OfficeNotAtCity => "office_not_at_city",
            AppError::Invalid(_) => "invalid",
            AppError::Catalog(_) => "catalog",
            AppError::Report(_) => "report",
            AppError::NotFound(_) => "not_found",
            AppError::Hash(_) => "internal",
            AppError::Store(StoreError::Busy) => "busy",
            AppError::Store(_) => "store",
            AppError::Print(PrintError::NoHotline) => "no_hotline",
            AppError::Print(_) => "print",
            AppError::QueueNotSetUp => "queue_not_set_up",
            AppError::Queue(QueueError::Unreachable { .. }) => "hub_unreachable",
            AppError::Queue(QueueError::Remote { code, .. }) if code == "nobody_waiting" => "nobody_waiting",
            AppError::Queue(_) => "queue",
            AppError::Sync(SyncError::Unreachable { .. }) => "city_unreachable",
            AppError::Sync(SyncError::NotEnrolled) => "sync_not_set_up",
            AppError::Sync(_) => "sync",
            AppError::Backup(_) => "backup",
            AppError::Export(_) => "export",
            AppError::SaveFile(_) => "save_file",
            AppError::MailNotSetUp => "mail_not_set_up",
            AppError::Mail(_) => "mail",
        }
    }

    pub fn user_message(&self) -> String {
        match self {
            AppError::NotLoggedIn => "Phiên làm việc đã hết; vui lòng đăng nhập lại.".into(),
            AppError::Forbidden => "Tài khoản của bạn không có quyền thực hiện chức năng này.".into(),
            AppError::BadLogin => "Tên đăng nhập hoặc mật khẩu không đúng.".into(),
            AppError::AlreadySetUp => "Đơn vị đã được thiết lập.".into(),
            AppError::OfficeNotAtCity => "Máy đã đăng ký với máy chủ thành phố, nhưng chưa máy nào của bộ phận gửi \
                 thông tin đơn vị lên. Hãy đồng bộ máy đã thiết lập trước rồi thử lại, hoặc chọn \"Thiết lập đơn vị \
                 mới\"."
                .into(),
            AppError::Invalid(p) if p.0.len() == 1 => p.0[0].message.clone(),
            AppError::Invalid(_) => "Thông tin chưa hợp lệ; xem các ô được đánh dấu.".into(),
            AppError::Catalog(m) => format!("Không nhập được danh mục thủ tục: {m}"),
            AppError::Report(_) => "Không tạo được tệp báo cáo; hãy thử lại hoặc chọn định dạng khác.".to_owned(),
            AppError::NotFound(what) => format!("Không tìm thấy {what}."),
            AppError::Hash(_) => "Lỗi nội bộ khi xử lý mật khẩu.".into(),
            AppError::Store(e) => e.user_message(),
            AppError::Print(e) => e.user_message(),
            AppError::QueueNotSetUp => {
                "Máy này chưa kết nối với máy chủ hàng đợi. Quản trị viên đăng ký quầy trong mục Quản trị.".into()
            }
            AppError::Queue(e) => e.user_message(),
            AppError::Sync(SyncError::Unreachable { url, .. }) => {
                format!("Không kết nối được máy chủ thành phố tại {url}. Kiểm tra địa chỉ và đường truyền rồi thử lại.")
            }
            AppError::Sync(e) => e.user_message(),
            AppError::Backup(e) => e.user_message(),
            AppError::Export(why) => format!("Không xuất được nhật ký: {why}. Hãy kiểm tra ổ đĩa rồi thử lại."),
            AppError::SaveFile(why) => {
                format!("Không lưu được tệp: {why}. Hãy chọn thư mục khác hoặc kiểm tra ổ đĩa rồi thử lại.")
            }
            AppError::MailNotSetUp => {
                "Máy này chưa cấu hình máy chủ thư; quản trị viên nhập trong mục Quản trị.".into()
            }
            AppError::Mail(why) => format!("Chưa gửi được thư: {why}."),
        }
    }

    /// Per-field messages for the form, if any.
    pub fn problems(&self) -> Option<&Problems> {
        match self {
            AppError::Invalid(p) => Some(p),
            _ => None,
        }
    }
}
