/// What can go wrong while making or sending a paper. `Display` is the log line; the clerk's
/// message comes from [`PrintError::user_message`].
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error("text too long for a QR code: {0}")]
    QrTooLong(String),
    #[error("the office has no hotline configured")]
    NoHotline,
    #[error("unknown form set {0:?}")]
    UnknownFormSet(String),
    #[error("form {form} is not in the set {set}")]
    FormNotInSet { form: String, set: String },
    #[error("form set data does not match the layout: {0}")]
    BadFormSet(String),
    #[error("io on {path:?}: {source}")]
    Io { path: std::path::PathBuf, source: std::io::Error },
    #[error("printer {printer} unreachable: {detail}")]
    PrinterUnreachable { printer: String, detail: String },
    #[error("printer {printer} stopped taking the job: {detail}")]
    PrinterInterrupted { printer: String, detail: String },
    #[error("no printer named {0:?}")]
    PrinterNotFound(String),
    #[error("printer {printer} is stopped: {reason}")]
    PrinterStopped { printer: String, reason: String },
    #[error("printer {printer} refused the job: {detail}")]
    PrinterFailed { printer: String, detail: String },
}

impl PrintError {
    pub fn user_message(&self) -> String {
        match self {
            PrintError::QrTooLong(_) => {
                "Địa chỉ tra cứu hồ sơ quá dài để in thành mã QR; hãy kiểm tra mẫu địa chỉ tra cứu.".to_owned()
            }
            PrintError::NoHotline => "Chưa cấu hình số đường dây nóng. Quản trị viên cần nhập số đường dây nóng \
                trước khi in giấy tiếp nhận đầu tiên."
                .to_owned(),
            PrintError::UnknownFormSet(_) => "Bộ biểu mẫu đã chọn không có trong phần mềm.".to_owned(),
            PrintError::FormNotInSet { set, .. } => format!("Bộ biểu mẫu đang dùng ({set}) không có mẫu này."),
            PrintError::BadFormSet(_) => "Dữ liệu bộ biểu mẫu không khớp với mẫu in; cần cập nhật phần mềm.".to_owned(),
            PrintError::Io { .. } => "Không ghi được tệp in; hồ sơ vẫn được lưu. Vui lòng thử in lại.".to_owned(),
            PrintError::PrinterUnreachable { .. } => "Không kết nối được máy in (máy in tắt, hết giấy hoặc mất mạng). \
                Hồ sơ vẫn được lưu; kiểm tra máy in rồi bấm In lại."
                .to_owned(),
            PrintError::PrinterInterrupted { .. } => "Máy in ngắt kết nối giữa chừng; giấy có thể in chưa đủ. \
                Hồ sơ vẫn được lưu; kiểm tra máy in rồi bấm In lại."
                .to_owned(),
            PrintError::PrinterNotFound(name) => {
                format!("Không có máy in tên \"{name}\" trên máy tính này. Quản trị viên cần chọn lại máy in.")
            }
            PrintError::PrinterStopped { printer, reason } if reason.is_empty() => format!(
                "Máy in \"{printer}\" đang tạm dừng. Hồ sơ vẫn được lưu; kiểm tra máy in, bật lại hàng đợi in rồi bấm In lại."
            ),
            PrintError::PrinterStopped { printer, reason } => format!(
                "Máy in \"{printer}\" đang tạm dừng ({reason}). Hồ sơ vẫn được lưu; kiểm tra máy in, bật lại hàng đợi in \
                 rồi bấm In lại."
            ),
            PrintError::PrinterFailed { .. } => {
                "Máy in từ chối lệnh in. Hồ sơ vẫn được lưu; kiểm tra máy in rồi bấm In lại.".to_owned()
            }
        }
    }
}
