//! The city console's API, for the city's own staff (accounts made with `motcua-server …
//! city-user add`):
//!
//! - `POST /api/v0/city/login` `{username, password}` → a session token (8 hours);
//! - `GET /api/v0/city/offices`: every office's sync health;
//! - `GET /api/v0/city/offices/{unit}/dossiers?after=SEQ&limit=N`: an office's received
//!   dossiers (personal data: every read is recorded, with who, when and how many);
//! - `GET /api/v0/city/reads`: that record (city admins only);
//! - `GET /api/v0/city/dashboard?from=YYYY-MM-DD&to=YYYY-MM-DD`: every office's figures of the
//!   period (both days included), as each office's supervisor sees them, and the city's totals
//!   (counts only: no personal data, so no read record).
//!
//! `GET /console` is the page the city's staff use in a browser (login, every office's figures
//! and sync health, an office's dossiers), over the same API.
//!
//! Sessions are bearer tokens the server keeps only as SHA-256; a wrong password and an
//! unknown username get the same answer.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use rand::Rng;
use serde::{Deserialize, Serialize};

use motcua_city_db::CityDb;
use motcua_city_db::console::{CityConsoleDb, CityRole, CityUser};
use motcua_city_db::dashboard::{OfficeFigures, Period};
use motcua_sync_proto::ErrorCode;

use crate::body::SyncJson;
use crate::city::{ApiError, token_sha256};

/// How long a console session lasts.
const SESSION_S: i64 = 8 * 3600;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct Login {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Session {
    pub token: String,
    /// Unix seconds.
    pub expires_at: i64,
    pub username: String,
    pub full_name: String,
    pub role: String,
}

#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OfficeRow {
    pub unit_code: String,
    pub name: String,
    pub devices: u32,
    pub revoked: u32,
    pub last_seen_at: Option<i64>,
    pub ops: i64,
    pub last_op_at: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DossierRow {
    pub code: String,
    pub applicant_name: String,
    pub procedure_name: String,
    pub status: String,
    pub received_at: String,
    pub appointment_at: String,
}

#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DossierPage {
    pub dossiers: Vec<DossierRow>,
    /// Pass as `after` for the next page; `None`: no more.
    pub next: Option<i64>,
}

#[derive(Debug, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    pub after: i64,
    pub limit: Option<u32>,
}

#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReadRow {
    pub at: i64,
    pub username: String,
    pub what: String,
    pub office_unit_code: Option<String>,
    pub count: i64,
}

/// One office's figures of a period (or the city's totals: no unit code).
#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OfficeFiguresRow {
    pub unit_code: String,
    pub name: String,
    pub received: u64,
    pub resolved_early: u64,
    pub resolved_on_time: u64,
    pub resolved_late: u64,
    /// Refused, stopped or withdrawn without a result.
    pub ended_otherwise: u64,
    /// Open now, and of those past their deadline.
    pub pending: u64,
    pub pending_late: u64,
    /// Per cent of those resolved in the period; `None` with none resolved.
    pub on_time_rate: Option<f64>,
    pub late_rate: Option<f64>,
    pub feedback_received: u64,
    pub feedback_answered_on_time: u64,
    pub feedback_answered_late: u64,
    pub feedback_overdue: u64,
    pub feedback_on_time_rate: Option<f64>,
    pub ratings_very_satisfied: u64,
    pub ratings_satisfied: u64,
    pub ratings_dissatisfied: u64,
    /// Ratings at "hài lòng" or better, in per cent.
    pub satisfaction_rate: Option<f64>,
}

impl From<&OfficeFigures> for OfficeFiguresRow {
    fn from(f: &OfficeFigures) -> OfficeFiguresRow {
        OfficeFiguresRow {
            unit_code: f.unit_code.clone(),
            name: f.name.clone(),
            received: f.received,
            resolved_early: f.resolved_early,
            resolved_on_time: f.resolved_on_time,
            resolved_late: f.resolved_late,
            ended_otherwise: f.ended_otherwise,
            pending: f.pending,
            pending_late: f.pending_late,
            on_time_rate: f.on_time_rate(),
            late_rate: f.late_rate(),
            feedback_received: f.feedback_received,
            feedback_answered_on_time: f.feedback_answered_on_time,
            feedback_answered_late: f.feedback_answered_late,
            feedback_overdue: f.feedback_overdue,
            feedback_on_time_rate: f.feedback_on_time_rate(),
            ratings_very_satisfied: f.satisfaction.very_satisfied,
            ratings_satisfied: f.satisfaction.satisfied,
            ratings_dissatisfied: f.satisfaction.dissatisfied,
            satisfaction_rate: f.satisfaction.satisfaction_rate(),
        }
    }
}

#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CityDashboard {
    /// The period's first and last days (YYYY-MM-DD).
    pub from: String,
    pub to: String,
    /// The moment open dossiers and feedback are counted at (Vietnam time).
    pub now: String,
    pub totals: OfficeFiguresRow,
    /// By unit code.
    pub offices: Vec<OfficeFiguresRow>,
}

#[derive(Debug, Deserialize)]
pub struct PeriodQuery {
    pub from: String,
    pub to: String,
}

/// The longest period the dashboard sums (a year and a day: a leap year's whole year).
const MAX_PERIOD_DAYS: i64 = 367;

/// Every office of the city keeps Vietnam's time (UTC+7, no daylight saving), as their PCs do.
fn vietnam_now() -> chrono::NaiveDateTime {
    (chrono::Utc::now() + chrono::Duration::hours(7)).naive_utc()
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn refused() -> ApiError {
    ApiError(ErrorCode::Unauthorized, "Sai tên đăng nhập hoặc mật khẩu.".into())
}

/// The console's page (all in one file: no build step, works from any browser on the city's
/// network).
pub async fn page() -> impl axum::response::IntoResponse {
    (
        [
            (axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (axum::http::header::CACHE_CONTROL, "no-cache"),
        ],
        include_str!("pages/console.html"),
    )
}

pub async fn login<D: CityDb + CityConsoleDb>(
    State(db): State<D>,
    SyncJson(req): SyncJson<Login>,
) -> Result<Json<Session>, ApiError> {
    let username = req.username.trim().to_lowercase();
    let user = db.city_user_by_username(&username).await?.filter(|u| u.active);
    // argon2 takes tens of milliseconds: off the async workers.
    let password = req.password;
    let ok = match user.clone() {
        Some(u) => {
            tokio::task::spawn_blocking(move || motcua_store::password::verify_password(&password, &u.password_hash))
                .await
                .unwrap_or(false)
        }
        None => false,
    };
    let Some(user) = user.filter(|_| ok) else {
        tracing::warn!("city console login refused");
        return Err(refused());
    };
    let token: String = rand::rng().sample_iter(rand::distr::Alphanumeric).take(40).map(char::from).collect();
    let expires_at = now() + SESSION_S;
    db.open_city_session(user.id, &token_sha256(&token), expires_at).await?;
    tracing::info!(user = user.id, "city console session opened");
    Ok(Json(Session {
        token,
        expires_at,
        username: user.username,
        full_name: user.full_name,
        role: user.role.as_str().into(),
    }))
}

/// The staff member behind the request's session, if their role is among `roles`.
async fn staff<D: CityConsoleDb>(db: &D, headers: &HeaderMap, roles: &[CityRole]) -> Result<CityUser, ApiError> {
    let user = match crate::city::bearer(headers) {
        "" => None,
        t => db.city_user_by_session(&token_sha256(t), now()).await?,
    };
    let user =
        user.ok_or_else(|| ApiError(ErrorCode::Unauthorized, "Phiên đăng nhập đã hết; hãy đăng nhập lại.".into()))?;
    if !roles.contains(&user.role) {
        return Err(ApiError(ErrorCode::ForbiddenOffice, "Tài khoản này không có quyền xem mục này.".into()));
    }
    Ok(user)
}

pub async fn offices<D: CityDb + CityConsoleDb>(
    State(db): State<D>,
    headers: HeaderMap,
) -> Result<Json<Vec<OfficeRow>>, ApiError> {
    staff(&db, &headers, &[CityRole::Admin, CityRole::Supervisor]).await?;
    let rows = db
        .office_health()
        .await?
        .into_iter()
        .map(|h| OfficeRow {
            unit_code: h.unit_code,
            name: h.name,
            devices: h.devices,
            revoked: h.revoked,
            last_seen_at: h.last_seen_at,
            ops: h.ops,
            last_op_at: h.last_op_at,
        })
        .collect();
    Ok(Json(rows))
}

pub async fn office_dossiers<D: CityDb + CityConsoleDb>(
    State(db): State<D>,
    headers: HeaderMap,
    Path(unit): Path<String>,
    page: Result<Query<PageQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<DossierPage>, ApiError> {
    let user = staff(&db, &headers, &[CityRole::Admin, CityRole::Supervisor]).await?;
    // A malformed query gets the protocol's error body, like every other refusal.
    let Query(page) = page.map_err(|_| ApiError(ErrorCode::Invalid, "Tham số trang không hợp lệ.".into()))?;
    let office = db
        .office_by_unit_code(&unit)
        .await?
        .ok_or_else(|| ApiError(ErrorCode::Invalid, format!("Không có đơn vị mã {unit}.")))?;
    let limit = page.limit.unwrap_or(100).clamp(1, 1000);
    let found = db.office_dossiers(user.id, office.id, page.after.max(0), limit, now()).await?;
    tracing::info!(user = user.id, office = %office.unit_code, count = found.len(), "city staff read an office's dossiers");
    let next = (found.len() == limit as usize).then(|| found.last().map(|d| d.server_seq)).flatten();
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    let dossiers = found
        .iter()
        .map(|d| {
            let p = &d.payload;
            DossierRow {
                code: text(&p["code"]),
                applicant_name: text(&p["draft"]["applicant"]["full_name"]),
                procedure_name: text(&p["procedure_name"]),
                status: text(&p["status"]),
                received_at: text(&p["received_at"]),
                appointment_at: text(&p["appointment_at"]),
            }
        })
        .collect();
    Ok(Json(DossierPage { dossiers, next }))
}

pub async fn dashboard<D: CityDb + CityConsoleDb>(
    State(db): State<D>,
    headers: HeaderMap,
    period: Result<Query<PeriodQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<CityDashboard>, ApiError> {
    staff(&db, &headers, &[CityRole::Admin, CityRole::Supervisor]).await?;
    let invalid = |m: &str| ApiError(ErrorCode::Invalid, m.into());
    let Query(period) = period.map_err(|_| invalid("Cần chọn từ ngày và đến ngày."))?;
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d");
    let (Ok(start), Ok(last)) = (day(&period.from), day(&period.to)) else {
        return Err(invalid("Ngày không hợp lệ; dùng dạng năm-tháng-ngày, ví dụ 2026-11-30."));
    };
    if last < start {
        return Err(invalid("Đến ngày phải sau hoặc bằng từ ngày."));
    }
    if (last - start).num_days() >= MAX_PERIOD_DAYS {
        return Err(invalid("Khoảng thời gian dài nhất là một năm."));
    }
    let now = vietnam_now();
    let offices = db.office_figures(Period { start, end: last + chrono::Duration::days(1), now }).await?;
    let mut totals = OfficeFigures { name: "Toàn thành phố".into(), ..OfficeFigures::default() };
    for office in &offices {
        totals.add(office);
    }
    Ok(Json(CityDashboard {
        from: start.to_string(),
        to: last.to_string(),
        now: now.format("%Y-%m-%dT%H:%M:%S").to_string(),
        totals: (&totals).into(),
        offices: offices.iter().map(OfficeFiguresRow::from).collect(),
    }))
}

pub async fn reads<D: CityDb + CityConsoleDb>(
    State(db): State<D>,
    headers: HeaderMap,
) -> Result<Json<Vec<ReadRow>>, ApiError> {
    staff(&db, &headers, &[CityRole::Admin]).await?;
    let rows = db
        .city_reads(500)
        .await?
        .into_iter()
        .map(|r| ReadRow {
            at: r.at,
            username: r.username,
            what: r.what,
            office_unit_code: r.office_unit_code,
            count: r.count,
        })
        .collect();
    Ok(Json(rows))
}
