//! The queue's LAN API (axum), served by whichever PC hosts the queue.
//!
//! - `GET  /healthz`
//! - `GET  /kiosk`, `GET /display`: the kiosk and hall display pages (any browser on the LAN)
//! - `GET  /sounds/{clip}.wav`: the display's voice clips
//! - `GET  /api/v0/queue/status`: the live view ([`QueueStatus`])
//! - `GET  /api/v0/queue/events`: server-sent events, one per change ([`QueueEvent`])
//! - `POST /api/v0/queue/tickets` `{service, priority}`: take a ticket (the kiosk; no key)
//! - `POST /api/v0/queue/commands` a [`Command`]: an enrolled counter with its own key, or the
//!   supervisor with the hub key, as `Authorization: Bearer KEY` (see [`crate::access`])
//! - `POST /api/v0/queue/enrol` `{counter}` with the hub key: a new key for that counter PC
//!   (`{counter, key}`), replacing its previous one
//!
//! Errors are `{code, message}` with the Vietnamese message for whoever pressed the button.

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::Stream;
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast::error::RecvError;

use crate::access::Caller;
use crate::error::QueueError;
use crate::host::{Command, Outcome, QueueHost};
use crate::status::QueueStatus;
use motcua_domain::queue::PriorityGroup;

#[derive(Clone)]
pub struct HubState {
    pub host: QueueHost,
    /// The secret counter apps and the supervisor present; the kiosk and displays need none.
    pub key: String,
}

/// Prints a kiosk's ticket (the hub holds the kiosk's thermal printer: a browser cannot
/// print ESC/POS). Implemented by the server binary over `motcua-print`.
pub trait TicketPrinter: Send + Sync {
    fn print(&self, issued: &Outcome) -> Result<(), String>;
}

#[derive(Clone)]
struct Shared {
    hub: HubState,
    printer: Option<Arc<dyn TicketPrinter>>,
}

impl axum::extract::FromRef<Shared> for HubState {
    fn from_ref(s: &Shared) -> HubState {
        s.hub.clone()
    }
}

pub fn router(state: HubState) -> Router {
    router_with(state, None)
}

/// The API with the kiosk's tickets printed on `printer`.
pub fn router_with(state: HubState, printer: Option<Arc<dyn TicketPrinter>>) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/kiosk", get(|| async { page(include_str!("pages/kiosk.html")) }))
        .route("/display", get(|| async { page(include_str!("pages/display.html")) }))
        .route("/sounds/{clip}", get(sound))
        .route("/api/v0/queue/status", get(status))
        .route("/api/v0/queue/events", get(events))
        .route("/api/v0/queue/tickets", post(take_ticket))
        .route("/api/v0/queue/commands", post(command))
        .route("/api/v0/queue/enrol", post(enrol))
        .with_state(Shared { hub: state, printer })
}

/// The error body every endpoint answers with.
#[derive(Debug, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
}

struct ApiError(QueueError);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = ErrorBody { code: self.0.code().to_owned(), message: self.0.user_message() };
        (status, Json(body)).into_response()
    }
}

impl From<QueueError> for ApiError {
    fn from(e: QueueError) -> Self {
        ApiError(e)
    }
}

async fn status(State(s): State<HubState>) -> Result<Json<QueueStatus>, ApiError> {
    Ok(Json(s.host.status().await?))
}

#[derive(Debug, Serialize, Deserialize)]
pub struct TicketRequest {
    pub service: String,
    #[serde(default)]
    pub priority: Option<PriorityGroup>,
}

/// The ticket, and when the hub has the kiosk's printer, whether it printed: the kiosk tells
/// the citizen to remember the number when it did not.
async fn take_ticket(
    State(s): State<Shared>,
    Json(req): Json<TicketRequest>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let command = Command::Issue { service: req.service, priority: req.priority };
    let outcome = s.hub.host.run_as(Caller::Kiosk, command).await?;
    let mut body = serde_json::to_value(&outcome).unwrap_or_default();
    if let Some(printer) = s.printer {
        let issued = outcome.clone();
        let printed =
            tokio::task::spawn_blocking(move || printer.print(&issued)).await.unwrap_or_else(|e| Err(e.to_string()));
        if let Err(e) = &printed {
            tracing::warn!(error = %e, "kiosk ticket not printed");
        }
        body["printed"] = printed.is_ok().into();
        if printed.is_err() {
            body["print_message"] = "Máy in phiếu đang lỗi; vui lòng ghi nhớ số của bạn.".into();
        }
    }
    Ok(Json(body))
}

fn bearer(headers: &HeaderMap) -> &str {
    headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("")
        .trim()
}

fn is_hub_key(s: &HubState, presented: &str) -> bool {
    same_secret(presented.as_bytes(), s.key.as_bytes())
}

async fn command(
    State(s): State<HubState>,
    headers: HeaderMap,
    Json(command): Json<Command>,
) -> Result<Json<Outcome>, ApiError> {
    let presented = bearer(&headers);
    let caller = if presented.is_empty() {
        tracing::warn!("queue command without a key refused");
        return Err(ApiError(QueueError::Forbidden("chỉ quầy đã đăng ký và trưởng bộ phận được điều khiển hàng đợi")));
    } else if is_hub_key(&s, presented) {
        Caller::Supervisor
    } else {
        Caller::counter_key(presented)
    };
    Ok(Json(s.host.run_as(caller, command).await?))
}

#[derive(Debug, Serialize, Deserialize)]
pub struct EnrolRequest {
    pub counter: u32,
    /// The supervisor's PC: may also set up the queue.
    #[serde(default)]
    pub supervisor: bool,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Enrolment {
    pub counter: u32,
    /// Shown once: the hub keeps only its hash.
    pub key: String,
}

async fn enrol(
    State(s): State<HubState>,
    headers: HeaderMap,
    Json(req): Json<EnrolRequest>,
) -> Result<Json<Enrolment>, ApiError> {
    if !is_hub_key(&s, bearer(&headers)) {
        tracing::warn!(counter = req.counter, "counter enrolment without the hub key refused");
        return Err(ApiError(QueueError::Forbidden("cần khóa của máy chủ hàng đợi để đăng ký quầy")));
    }
    let key = crate::access::new_key();
    let command = Command::EnrolCounter {
        counter: req.counter,
        supervisor: req.supervisor,
        key_sha256: crate::access::key_sha256(&key),
    };
    s.host.run_as(Caller::Supervisor, command).await?;
    tracing::info!(counter = req.counter, supervisor = req.supervisor, "counter enrolled with the hub");
    Ok(Json(Enrolment { counter: req.counter, key }))
}

fn page(html: &'static str) -> Response {
    ([(axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

mod clips {
    include!(concat!(env!("OUT_DIR"), "/sounds.rs"));
}

async fn sound(axum::extract::Path(clip): axum::extract::Path<String>) -> Response {
    match clips::SOUNDS.binary_search_by(|(name, _)| (*name).cmp(clip.as_str())) {
        Ok(i) => (
            [(axum::http::header::CONTENT_TYPE, "audio/wav"), (axum::http::header::CACHE_CONTROL, "max-age=86400")],
            clips::SOUNDS[i].1,
        )
            .into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Compares without stopping at the first difference (no timing hint about the key).
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn events(State(s): State<HubState>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = s.host.subscribe();
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        let event = match rx.recv().await {
            Ok(ev) => {
                let event = Event::default().event(ev.kind.clone()).id(ev.seq.to_string());
                event.json_data(&ev).unwrap_or_else(|_| Event::default().event("error"))
            }
            // Fell behind: tell the page to reload the status instead of guessing.
            Err(RecvError::Lagged(_)) => Event::default().event("reload").data("{}"),
            Err(RecvError::Closed) => return None,
        };
        Some((Ok(event), rx))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}
