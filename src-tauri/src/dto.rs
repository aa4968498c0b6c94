//! The error shape the UI receives from every command.

use serde::Serialize;

use motcua_app::AppError;
use motcua_domain::validation::FieldError;

#[derive(Debug, Clone, Serialize)]
pub struct ErrorDto {
    /// Stable code the UI branches on (`not_logged_in`, `invalid`, `busy`, …).
    pub code: &'static str,
    /// Vietnamese, for the clerk.
    pub message: String,
    /// Per-field messages, shown next to the inputs.
    pub fields: Vec<FieldError>,
}

impl ErrorDto {
    /// A refusal of the shell's own (no field to point at).
    pub fn message(code: &'static str, message: &str) -> ErrorDto {
        ErrorDto { code, message: message.to_owned(), fields: vec![] }
    }

    /// A failure of the shell itself (a worker thread that died): logged, told plainly.
    pub fn internal(detail: &str) -> ErrorDto {
        tracing::error!(error = %detail, "command failed in the shell");
        ErrorDto {
            code: "internal", message: "Lỗi nội bộ của phần mềm; vui lòng thử lại.".into(), fields: vec![]
        }
    }
}

impl From<AppError> for ErrorDto {
    fn from(e: AppError) -> ErrorDto {
        // The log line names the failure, never the input values (personal data).
        if matches!(e, AppError::Store(_) | AppError::Hash(_)) {
            tracing::error!(error = %e, "command failed");
        } else {
            tracing::info!(error = %e, "command refused");
        }
        ErrorDto {
            code: e.code(),
            message: e.user_message(),
            fields: e.problems().map(|p| p.0.clone()).unwrap_or_default(),
        }
    }
}
