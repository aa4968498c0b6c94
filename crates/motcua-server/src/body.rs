//! The sync API's request bodies: JSON, gzip-compressed when the client says so, at most
//! [`MAX_BODY_BYTES`] once decompressed (a small compressed body cannot expand into memory
//! without end). A body that is not what the route takes is refused with the protocol's
//! [`ErrorBody`] (code `invalid`), saying where it stopped making sense, never quoting it.

use std::io::Read;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_ENCODING;
use serde::de::DeserializeOwned;

use motcua_sync_proto::{ErrorCode, MAX_BODY_BYTES};

use crate::city::ApiError;

pub struct SyncJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for SyncJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let gzip = req.headers().get(CONTENT_ENCODING).is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"gzip"));
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            tracing::info!(error = %e, "request body not read");
            ApiError(ErrorCode::TooLarge, "Yêu cầu quá lớn hoặc bị cắt ngang.".into())
        })?;
        let body = if gzip { gunzip(&bytes)? } else { bytes.to_vec() };
        serde_json::from_slice(&body).map(SyncJson).map_err(|e| {
            tracing::info!(category = ?e.classify(), line = e.line(), column = e.column(), "request body refused");
            ApiError(
                ErrorCode::Invalid,
                format!("Nội dung yêu cầu không đúng định dạng (dòng {}, cột {}).", e.line(), e.column()),
            )
        })
    }
}

fn gunzip(compressed: &[u8]) -> Result<Vec<u8>, ApiError> {
    let mut out = Vec::new();
    let read = flate2::read::GzDecoder::new(compressed).take(MAX_BODY_BYTES + 1).read_to_end(&mut out);
    match read {
        Err(e) => {
            tracing::info!(error = %e, "gzip body refused");
            Err(ApiError(ErrorCode::Invalid, "Nội dung nén (gzip) bị hỏng hoặc bị cắt ngang.".into()))
        }
        Ok(_) if out.len() as u64 > MAX_BODY_BYTES => Err(ApiError(
            ErrorCode::TooLarge,
            format!("Yêu cầu vượt quá {} MB sau khi giải nén.", MAX_BODY_BYTES / (1024 * 1024)),
        )),
        Ok(_) => Ok(out),
    }
}
