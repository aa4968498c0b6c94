//! Why a sync round stopped.

use motcua_store::StoreError;
use motcua_sync_proto::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// No answer: no network, the server down, a proxy that dropped the connection. Retried.
    #[error("city server unreachable at {url}: {detail}")]
    Unreachable { url: String, detail: String },
    /// The server answered with a refusal (its code, its Vietnamese message).
    #[error("city server refused ({code:?}): {message}")]
    Refused { code: ErrorCode, message: String },
    /// The server answered something this client cannot read.
    #[error("city server answered {status} that this app cannot read: {detail}")]
    BadAnswer { status: u16, detail: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The PC has not been enrolled with a city server.
    #[error("not enrolled with a city server")]
    NotEnrolled,
}

impl SyncError {
    /// Whether the runner should try again later by itself. An outdated app, a revoked PC or
    /// a wrong code needs a person; anything else may pass.
    pub fn is_retryable(&self) -> bool {
        match self {
            SyncError::Refused { code, .. } => !matches!(
                code,
                ErrorCode::OutdatedClient | ErrorCode::Revoked | ErrorCode::Unauthorized | ErrorCode::BadEnrolmentCode
            ),
            SyncError::NotEnrolled => false,
            _ => true,
        }
    }

    /// For the clerk, in Vietnamese.
    pub fn user_message(&self) -> String {
        match self {
            SyncError::Unreachable { .. } => {
                "Không kết nối được máy chủ thành phố. Dữ liệu vẫn lưu ở máy này và sẽ tự gửi khi có mạng.".into()
            }
            SyncError::Refused { message, .. } => message.clone(),
            SyncError::BadAnswer { .. } => {
                "Máy chủ thành phố trả lời không đúng định dạng; có thể cần cập nhật phần mềm. Máy sẽ thử lại.".into()
            }
            SyncError::Store(_) => "Không đọc được dữ liệu của máy này để đồng bộ; xem nhật ký.".into(),
            SyncError::NotEnrolled => "Máy này chưa đăng ký với máy chủ thành phố.".into(),
        }
    }
}
