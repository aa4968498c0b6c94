//! The city console's API, for the city's own staff (accounts made with `motcua-server …
//! city-user add`):
//!
//! - `POST /api/v0/city/login` `{username, password}` → a session token (8 hours);
//! - `GET /api/v0/city/offices`: every office's sync health;
//! - `GET /api/v0/city/offices/{unit}/dossiers?after=SEQ&limit=N`: an office's received
//!   dossiers (personal data: every read is recorded, with who, when and how many);
//! - `GET /api/v0/city/reads`: that record (city admins only).
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

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn refused() -> ApiError {
    ApiError(ErrorCode::Unauthorized, "Sai tên đăng nhập hoặc mật khẩu.".into())
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
