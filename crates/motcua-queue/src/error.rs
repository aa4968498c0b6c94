use motcua_domain::validation::Problems;
use motcua_store::StoreError;

/// Why a queue command was refused. `Display` is the log line; [`QueueError::user_message`]
/// is what the clerk, the kiosk or the supervisor reads.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("unknown service {0:?}")]
    UnknownService(String),
    #[error("counter {0} is not configured")]
    UnknownCounter(u32),
    #[error("counter {0} is closed")]
    CounterClosed(u32),
    #[error("nobody waiting for counter {0}")]
    NobodyWaiting(u32),
    #[error("counter {0} has no current ticket")]
    NoCurrentTicket(u32),
    #[error("counter {counter}: ticket {label} is {state}, not {expected}")]
    WrongState { counter: u32, label: String, state: &'static str, expected: &'static str },
    #[error("invalid: {0}")]
    Invalid(Problems),
    #[error("not allowed: {0}")]
    Forbidden(&'static str),
    #[error("the queue host has stopped")]
    HostStopped,
    /// Committed, but the fsync that would make it survive a power cut failed (now or earlier
    /// since the hub started): it may be lost, so it is not reported done.
    #[error("not synced to disk: {0}")]
    NotDurable(String),
    #[error("cannot listen on {addr}: {detail}")]
    Listen { addr: String, detail: String },
    #[error("hub unreachable at {url}: {detail}")]
    Unreachable { url: String, detail: String },
    #[error("hub answered {status}: {message}")]
    Remote { status: u16, code: String, message: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl QueueError {
    /// A stable code for the API and the UI.
    pub fn code(&self) -> &'static str {
        match self {
            QueueError::UnknownService(_) => "unknown_service",
            QueueError::UnknownCounter(_) => "unknown_counter",
            QueueError::CounterClosed(_) => "counter_closed",
            QueueError::NobodyWaiting(_) => "nobody_waiting",
            QueueError::NoCurrentTicket(_) => "no_current_ticket",
            QueueError::WrongState { .. } => "wrong_state",
            QueueError::Invalid(_) => "invalid",
            QueueError::Forbidden(_) => "forbidden",
            QueueError::HostStopped => "host_stopped",
            QueueError::NotDurable(_) => "not_durable",
            QueueError::Unreachable { .. } => "unreachable",
            QueueError::Listen { .. } => "listen",
            QueueError::Remote { .. } => "remote",
            QueueError::Store(_) => "store",
        }
    }

    pub fn user_message(&self) -> String {
        match self {
            QueueError::UnknownService(s) => format!("Không có dịch vụ \"{s}\" trong hàng đợi của bộ phận."),
            QueueError::UnknownCounter(n) => {
                format!("Quầy {n} chưa được khai báo trong hàng đợi. Trưởng bộ phận cần mở quầy và chọn dịch vụ.")
            }
            QueueError::CounterClosed(n) => format!("Quầy {n} đang đóng. Trưởng bộ phận cần mở quầy trước khi gọi số."),
            QueueError::NobodyWaiting(_) => "Không còn ai đang chờ ở các dịch vụ của quầy này.".to_owned(),
            QueueError::NoCurrentTicket(_) => "Quầy chưa gọi số nào.".to_owned(),
            QueueError::WrongState { label, state, .. } => {
                let now = match *state {
                    "waiting" => "đang chờ",
                    "called" => "vừa được gọi, chưa bắt đầu",
                    "serving" => "đang được phục vụ",
                    "finished" => "đã xong",
                    _ => "đã vắng mặt",
                };
                format!("Số {label} {now}; không làm được thao tác này.")
            }
            QueueError::Invalid(p) => p.0.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("; "),
            QueueError::Forbidden(what) => format!("Không có quyền: {what}."),
            QueueError::HostStopped => "Máy chủ hàng đợi đang dừng; vui lòng thử lại sau ít phút.".to_owned(),
            QueueError::NotDurable(_) => "Máy chủ hàng đợi không ghi chắc được thao tác này xuống đĩa (ổ đĩa lỗi?). \
                Hãy xem lại hàng đợi trước khi bấm lại, và báo cán bộ CNTT kiểm tra ổ đĩa \
                rồi khởi động lại máy chủ hàng đợi."
                .to_owned(),
            QueueError::Unreachable { url, .. } => format!(
                "Không kết nối được máy chủ hàng đợi ({url}). Tiếp nhận hồ sơ và in vẫn làm bình thường; \
                 phần mềm sẽ tự kết nối lại."
            ),
            QueueError::Listen { addr, .. } => format!(
                "Không mở được máy chủ hàng đợi tại {addr}: cổng đã có phần mềm khác dùng hoặc không được phép. \
                 Hãy chọn cổng khác hoặc tắt phần mềm đang dùng cổng đó."
            ),
            QueueError::Remote { message, .. } => message.clone(),
            QueueError::Store(e) => e.user_message(),
        }
    }

    /// The HTTP status the API answers with.
    pub fn http_status(&self) -> u16 {
        match self {
            QueueError::UnknownService(_) | QueueError::UnknownCounter(_) => 404,
            QueueError::CounterClosed(_)
            | QueueError::NobodyWaiting(_)
            | QueueError::NoCurrentTicket(_)
            | QueueError::WrongState { .. } => 409,
            QueueError::Invalid(_) => 422,
            QueueError::Forbidden(_) => 403,
            QueueError::Remote { status, .. } => *status,
            QueueError::HostStopped
            | QueueError::NotDurable(_)
            | QueueError::Unreachable { .. }
            | QueueError::Listen { .. }
            | QueueError::Store(_) => 503,
        }
    }
}
