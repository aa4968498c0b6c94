//! Every refusal the server can give, with a stable code the client branches on.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The client speaks a protocol the server no longer accepts: update the app.
    OutdatedClient,
    /// No credential, or one the server does not know.
    Unauthorized,
    /// The device was revoked by the city (a stolen or retired PC).
    Revoked,
    /// An enrolment code that is unknown, expired or already used.
    BadEnrolmentCode,
    /// The request touches another office's data.
    ForbiddenOffice,
    /// A body that is not what the route takes (malformed, truncated, a field out of range).
    Invalid,
    /// A body or a batch over the limits of [`crate::HelloReply`].
    TooLarge,
    /// Too many requests from this device: retry after the delay the server gives.
    RateLimited,
    /// The server failed; nothing was stored half-way. Retry later.
    Internal,
}

impl ErrorCode {
    /// The HTTP status the server answers with.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::OutdatedClient => 426,
            ErrorCode::Unauthorized => 401,
            ErrorCode::Revoked | ErrorCode::ForbiddenOffice => 403,
            ErrorCode::BadEnrolmentCode => 404,
            ErrorCode::Invalid => 422,
            ErrorCode::TooLarge => 413,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
        }
    }

    /// The code as it travels (`outdated_client`, `unauthorized`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::OutdatedClient => "outdated_client",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::Revoked => "revoked",
            ErrorCode::BadEnrolmentCode => "bad_enrolment_code",
            ErrorCode::ForbiddenOffice => "forbidden_office",
            ErrorCode::Invalid => "invalid",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Internal => "internal",
        }
    }

    /// Whether trying again later can succeed without anyone doing anything.
    pub fn is_retryable(self) -> bool {
        matches!(self, ErrorCode::RateLimited | ErrorCode::Internal)
    }
}

/// The body of every error answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ErrorBody {
    pub code: ErrorCode,
    /// Vietnamese, for the clerk or the IT officer.
    pub message: String,
    /// Seconds to wait before retrying (rate limits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_s: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_keep_their_names_and_statuses() {
        let body = ErrorBody {
            code: ErrorCode::OutdatedClient,
            message: "Phần mềm đã cũ; hãy cập nhật.".into(),
            retry_after_s: None,
        };
        let json = serde_json::to_string(&body).unwrap();
        assert_eq!(json, r#"{"code":"outdated_client","message":"Phần mềm đã cũ; hãy cập nhật."}"#);
        assert_eq!(serde_json::from_str::<ErrorBody>(&json).unwrap(), body);
        assert_eq!(ErrorCode::OutdatedClient.http_status(), 426);
        assert!(ErrorCode::Internal.is_retryable() && !ErrorCode::Revoked.is_retryable());
        for code in [ErrorCode::BadEnrolmentCode, ErrorCode::TooLarge, ErrorCode::Unauthorized] {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str(), "as_str is the wire name");
        }
    }
}
