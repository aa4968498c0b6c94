//! The city server's sync API, generic over its storage ([`CityDb`]: SQLite or PostgreSQL).
//!
//! - `POST /api/v0/sync/hello`: protocol negotiation ([`Hello`] → [`HelloReply`])
//! - `POST /api/v0/sync/push`: a device's ops ([`PushRequest`] → [`PushReply`])
//! - `POST /api/v0/sync/pull`: its office's ops after a cursor ([`PullRequest`] → [`PullReply`])
//!
//! Every route takes the device's credential as `Authorization: Bearer TOKEN`; the server
//! keeps only its SHA-256. A request is scoped to the device's office from there on: nothing
//! in a body can name another office.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use sha2::{Digest, Sha256};

use motcua_city_db::console::CityConsoleDb;
use motcua_city_db::dashboard::Tally;
use motcua_city_db::dossiers::{DossierEffect, Incoming};
use motcua_city_db::{CityDb, DbError, Device, PullCursor};
use motcua_domain::feedback::FeedbackAction;
use motcua_sync_proto::MAX_BODY_BYTES;

use std::sync::Arc;

use axum::Extension;

use crate::body::SyncJson;
use crate::metrics::Metrics;
use motcua_store::Change;
use motcua_sync_proto::{
    AckOutcome, ErrorBody, ErrorCode, Hello, HelloReply, MAX_BATCH_OPS, MIN_CLIENT_PROTOCOL, PROTOCOL_VERSION,
    PullReply, PullRequest, PushReply, PushRequest,
};

/// The most ops one pull returns.
const MAX_PULL: u32 = 1000;

pub struct ApiError(pub ErrorCode, pub String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut resp = (status, Json(ErrorBody { code: self.0, message: self.1, retry_after_s: None })).into_response();
        resp.extensions_mut().insert(self.0);
        resp
    }
}

impl From<DbError> for ApiError {
    fn from(e: DbError) -> ApiError {
        tracing::error!(error = %e, "city database");
        ApiError(ErrorCode::Internal, "Máy chủ đang gặp lỗi; phần mềm sẽ tự thử lại.".into())
    }
}

/// The router with the default rate limits.
pub fn router<D: CityDb + CityConsoleDb>(db: D) -> Router {
    router_with(db, crate::limits::Limits::default())
}

pub fn router_with<D: CityDb + CityConsoleDb>(db: D, limits: crate::limits::Limits) -> Router {
    let metrics = Arc::new(Metrics::default());
    let limiter = crate::limits::RateLimiter::new(limits);
    let counted = metrics.clone();
    Router::new()
        .route("/healthz", axum::routing::get(|| async { "ok" }))
        .route("/console", axum::routing::get(crate::console::page))
        .route("/openapi.json", axum::routing::get(|| async { Json(crate::openapi::document()) }))
        .route(
            "/metrics",
            axum::routing::get(|Extension(m): Extension<Arc<Metrics>>| async move {
                ([(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4")], m.render())
            }),
        )
        .route("/api/v0/devices/enrol", post(crate::enrolment::enrol::<D>))
        .route("/api/v0/sync/hello", post(hello::<D>))
        .route("/api/v0/sync/push", post(push::<D>))
        .route("/api/v0/sync/pull", post(pull::<D>))
        .route("/api/v0/city/login", post(crate::console::login::<D>))
        .route("/api/v0/city/offices", axum::routing::get(crate::console::offices::<D>))
        .route("/api/v0/city/offices/{unit}/dossiers", axum::routing::get(crate::console::office_dossiers::<D>))
        .route("/api/v0/city/reads", axum::routing::get(crate::console::reads::<D>))
        .route("/api/v0/city/dashboard", axum::routing::get(crate::console::dashboard::<D>))
        // Compressed size; SyncJson bounds the decompressed size.
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES as usize))
        // Before any work on the request (and inside the refusal count below).
        .layer(axum::middleware::from_fn(move |req: axum::extract::Request, next: axum::middleware::Next| {
            crate::limits::limit(limiter.clone(), req, next)
        }))
        // Every refusal counted by its code (ApiError leaves the code on the response).
        .layer(axum::middleware::from_fn(move |req: axum::extract::Request, next: axum::middleware::Next| {
            let metrics = counted.clone();
            async move {
                let resp = next.run(req).await;
                if let Some(code) = resp.extensions().get::<ErrorCode>() {
                    metrics.refused(code.as_str());
                }
                resp
            }
        }))
        .layer(Extension(metrics))
        .with_state(db)
}

pub fn token_sha256(token: &str) -> String {
    Sha256::digest(token.trim().as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The device behind the request's credential, or why not.
/// The request's `Authorization: Bearer TOKEN`, trimmed; empty when there is none (a device's
/// credential, or a console session).
pub fn bearer(headers: &HeaderMap) -> &str {
    headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("")
        .trim()
}

async fn device<D: CityDb>(db: &D, headers: &HeaderMap) -> Result<Device, ApiError> {
    let token = bearer(headers);
    if token.is_empty() {
        return Err(ApiError(ErrorCode::Unauthorized, "Thiết bị chưa đăng ký với máy chủ.".into()));
    }
    match db.device_by_token(&token_sha256(token)).await? {
        None => {
            tracing::warn!("sync request with an unknown credential refused");
            Err(ApiError(ErrorCode::Unauthorized, "Thiết bị chưa đăng ký với máy chủ.".into()))
        }
        Some(d) if d.revoked => {
            tracing::warn!(device = %d.device_id, "sync request from a revoked device refused");
            Err(ApiError(
                ErrorCode::Revoked,
                "Thiết bị này đã bị thu hồi quyền đồng bộ; liên hệ quản trị thành phố.".into(),
            ))
        }
        Some(d) => Ok(d),
    }
}

async fn hello<D: CityDb + CityConsoleDb>(
    State(db): State<D>,
    headers: HeaderMap,
    SyncJson(hello): SyncJson<Hello>,
) -> Result<Json<HelloReply>, ApiError> {
    let device = device(&db, &headers).await?;
    // The office's sync health: when each device last reached the city.
    db.touch_device(&device.device_id, chrono::Utc::now().timestamp()).await?;
    if hello.protocol < MIN_CLIENT_PROTOCOL {
        return Err(ApiError(
            ErrorCode::OutdatedClient,
            "Phần mềm ở quầy đã quá cũ để đồng bộ; hãy cập nhật phiên bản mới.".into(),
        ));
    }
    Ok(Json(HelloReply {
        protocol: PROTOCOL_VERSION,
        min_client_protocol: MIN_CLIENT_PROTOCOL,
        server_version: env!("CARGO_PKG_VERSION").into(),
        capabilities: vec![],
        max_batch_ops: MAX_BATCH_OPS,
        server_time: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    }))
}

async fn push<D: CityDb>(
    State(db): State<D>,
    Extension(metrics): Extension<Arc<Metrics>>,
    headers: HeaderMap,
    SyncJson(req): SyncJson<PushRequest>,
) -> Result<Json<PushReply>, ApiError> {
    let device = device(&db, &headers).await?;
    if req.ops.len() > MAX_BATCH_OPS as usize {
        return Err(ApiError(ErrorCode::TooLarge, format!("Mỗi lần gửi tối đa {MAX_BATCH_OPS} thao tác.")));
    }
    // Each op is checked on its own: a bad one is refused, the others are stored (moved, not
    // copied: a payload can be a whole dossier).
    let mut ids = Vec::with_capacity(req.ops.len());
    let mut verdicts: Vec<Option<AckOutcome>> = Vec::with_capacity(req.ops.len());
    let mut accepted = Vec::new();
    for op in req.ops {
        ids.push(op.id.clone());
        match check_op(&device, &op) {
            Err((code, message)) => {
                verdicts.push(Some(AckOutcome::Rejected { code: code.into(), message: message.into() }))
            }
            Ok((dossier, tally)) => {
                verdicts.push(None);
                accepted.push(Incoming { op, dossier, tally });
            }
        }
    }
    let mut stored = db.ingest(&device, accepted).await?.into_iter();
    let acks: Vec<motcua_sync_proto::Ack> = ids
        .into_iter()
        .zip(verdicts)
        .map(|(id, v)| motcua_sync_proto::Ack {
            id,
            outcome: v.or_else(|| stored.next()).unwrap_or(AckOutcome::Rejected {
                code: "internal".into(),
                message: "Máy chủ không trả lời cho thao tác này.".into(),
            }),
        })
        .collect();
    for ack in &acks {
        if let AckOutcome::Rejected { code, .. } = &ack.outcome
            && (code == "step_refused" || code == "unknown_dossier")
        {
            tracing::info!(device = %device.device_id, op = %ack.id, code = %code, "op refused: dossier step");
        }
    }
    metrics.pushed(acks.iter().map(|a| &a.outcome));
    Ok(Json(PushReply { acks }))
}

/// Why an op is refused: its code and the clerk's message.
type Refusal = (&'static str, &'static str);

/// Why `op` cannot be stored, if it cannot (its shape, its device, its kind, its payload, its
/// office); else what it does to a dossier, for the storage's lifecycle check, and what it
/// adds to the city's dashboard. What is logged names the op and the check, never the payload
/// (personal data).
fn check_op(
    device: &Device,
    op: &motcua_sync_proto::WireOp,
) -> Result<(Option<DossierEffect>, Option<Tally>), Refusal> {
    Ok(match read_op(device, op)? {
        Change::DossierReceived(d) => (
            Some(DossierEffect::Received {
                dossier_id: d.id,
                code: d.code,
                received_at: d.received_at,
                due_at: d.appointment_at,
            }),
            None,
        ),
        Change::DossierStepped(s) => {
            (Some(DossierEffect::Step { dossier_id: s.dossier_id, at: s.at, step: s.step }), None)
        }
        Change::RatingRecorded(r) => (None, Some(Tally::Rating { id: r.id, at: r.at, level: r.draft.level })),
        Change::FeedbackReceived(f) => {
            (None, Some(Tally::FeedbackReceived { id: f.id, received_at: f.received_at, deadline_at: f.deadline_at }))
        }
        Change::FeedbackActed(a) if matches!(a.action, FeedbackAction::Answer { .. }) => {
            (None, Some(Tally::FeedbackAnswered { id: a.feedback_id, at: a.at }))
        }
        _ => (None, None),
    })
}

/// The change `op` records, or why it cannot be stored.
fn read_op(device: &Device, op: &motcua_sync_proto::WireOp) -> Result<Change, Refusal> {
    let who = &device.device_id;
    if let Err(why) = op.check_shape() {
        tracing::info!(device = %who, why = %why, "op refused: shape");
        return Err(("invalid", "Thao tác không đúng định dạng; không được lưu."));
    }
    if op.device_id != device.device_id {
        tracing::warn!(device = %who, op = %op.id, "op refused: made by another device");
        return Err(("wrong_device", "Thao tác của máy khác; mỗi máy chỉ gửi thao tác của chính mình."));
    }
    if op.user_id.starts_with(motcua_sync_proto::CITY_USER_PREFIX) {
        tracing::warn!(device = %who, op = %op.id, "op refused: claims to be the city's");
        return Err(("wrong_user", "Thao tác mang tên cán bộ thành phố; máy ở quầy không được gửi."));
    }
    if !Change::KINDS.contains(&op.kind.as_str()) {
        tracing::info!(device = %who, op = %op.id, kind = %op.kind, "op refused: unknown kind");
        return Err(("unknown_kind", "Máy chủ chưa biết loại thao tác này; cần cập nhật máy chủ."));
    }
    let change = match Change::from_op(&op.kind, &op.payload) {
        Ok(change) => change,
        Err(e) => {
            // serde's message can quote a value: only its category and position are logged.
            tracing::info!(device = %who, op = %op.id, kind = %op.kind, category = ?e.classify(), line = e.line(),
                column = e.column(), "op refused: payload does not match its kind");
            return Err(("invalid_payload", "Nội dung thao tác không đúng với loại của nó; không được lưu."));
        }
    };
    let dossier_code = match &change {
        Change::DossierReceived(d) => Some(&d.code),
        Change::DossierStepped(s) => Some(&s.code),
        _ => None,
    };
    if let Some(code) = dossier_code
        && !names_unit(code, &device.office_unit_code)
    {
        tracing::warn!(device = %who, op = %op.id, "op refused: a dossier code of another office");
        return Err((
            "wrong_office",
            "Mã hồ sơ không mang mã đơn vị của máy này trên máy chủ; kiểm tra mã đơn vị trong thông tin đơn vị.",
        ));
    }
    Ok(change)
}

/// Whether `code` has `unit` as one of its segments (the pattern places `{unit}` anywhere,
/// between separators: `000.00.21.H26-261202-0001`).
fn names_unit(code: &str, unit: &str) -> bool {
    !unit.is_empty()
        && code.match_indices(unit).any(|(at, _)| {
            let before = code[..at].chars().next_back();
            let after = code[at + unit.len()..].chars().next();
            let separate = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric() && c != '.');
            separate(before) && separate(after)
        })
}

async fn pull<D: CityDb>(
    State(db): State<D>,
    Extension(metrics): Extension<Arc<Metrics>>,
    headers: HeaderMap,
    SyncJson(req): SyncJson<PullRequest>,
) -> Result<Json<PullReply>, ApiError> {
    let device = device(&db, &headers).await?;
    let cursor = match req.cursor.as_deref() {
        None | Some("") => PullCursor::default(),
        Some(c) => {
            PullCursor::parse(c).ok_or_else(|| ApiError(ErrorCode::Invalid, "Con trỏ đồng bộ không hợp lệ.".into()))?
        }
    };
    let limit = req.limit.clamp(1, MAX_PULL);
    let page = db.pull(&device, Change::SHARED_KINDS, cursor, limit).await?;
    metrics.pulled(page.ops.len());
    Ok(Json(PullReply { ops: page.ops, cursor: page.cursor.to_string(), more: page.more }))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_unit_code_counts_only_as_a_whole_segment() {
        use super::names_unit;
        assert!(names_unit("000.00.21.H26-261202-0001", "000.00.21.H26"));
        assert!(names_unit("HS-000.00.21.H26-261202-0001", "000.00.21.H26"));
        assert!(!names_unit("000.00.21.H26-261202-0001", "000.00.21.H2"));
        assert!(!names_unit("000.00.21.H26-261202-0001", "00.21.H26"));
        assert!(!names_unit("000.00.22.H26-261202-0001", "000.00.21.H26"));
        assert!(!names_unit("000.00.21.H26-261202-0001", ""));
    }
}
