//! What crosses the boundary to the UI and the CLI, as JSON.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use motcua_domain::office::OfficeProfile;
pub use motcua_store::NewUser;
use motcua_store::{Role, UserRecord};

use crate::Session;

#[derive(Debug, Clone, Serialize)]
pub struct AppStatus {
    /// The first-run wizard has been completed.
    pub setup_done: bool,
    pub office: Option<OfficeProfile>,
    pub session: Option<SessionInfo>,
    pub today: NaiveDate,
    pub integrity: IntegrityInfo,
}

/// The database's integrity as the window shows it: a banner when damage was found.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum IntegrityInfo {
    Ok,
    Checking,
    Failed { message: String },
}

impl From<motcua_store::Integrity> for IntegrityInfo {
    fn from(i: motcua_store::Integrity) -> IntegrityInfo {
        use motcua_store::Integrity::*;
        match i {
            Ok => IntegrityInfo::Ok,
            Pending | Checking => IntegrityInfo::Checking,
            // The detail went to the log when the check failed; the clerk gets the advice.
            Failed(detail) => IntegrityInfo::Failed {
                message: motcua_store::StoreError::Corrupt { path: Default::default(), detail }.user_message(),
            },
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SessionInfo {
    pub user_id: String,
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub role_label: &'static str,
}

impl SessionInfo {
    pub(crate) fn from_session_parts(s: &Session) -> SessionInfo {
        SessionInfo {
            user_id: s.actor.user_id.clone(),
            username: s.username.clone(),
            full_name: s.actor.display_name.clone(),
            role: s.role,
            role_label: s.role.label_vi(),
        }
    }
}

/// The first-run wizard's data (also `motcua office init --json FILE`).
#[derive(Debug, Clone, Deserialize)]
pub struct OfficeSetup {
    pub office: OfficeProfile,
    pub admin: NewUser,
}

#[derive(Debug, Clone, Serialize)]
pub struct AppointmentPreview {
    pub received_at: NaiveDateTime,
    pub appointment_at: NaiveDateTime,
    pub processing_text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CatalogFormat {
    Json,
    Csv,
}

impl CatalogFormat {
    /// From a file name's extension; JSON unless it ends in `.csv`.
    pub fn from_file_name(name: &str) -> CatalogFormat {
        if name.to_ascii_lowercase().ends_with(".csv") { CatalogFormat::Csv } else { CatalogFormat::Json }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub created: usize,
    pub updated: usize,
}

/// An account as the admin screen lists it: never the password hash.
#[derive(Debug, Clone, Serialize)]
pub struct UserInfo {
    pub id: String,
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub role_label: &'static str,
    pub active: bool,
}

impl From<&UserRecord> for UserInfo {
    fn from(u: &UserRecord) -> UserInfo {
        UserInfo {
            id: u.id.clone(),
            username: u.username.clone(),
            full_name: u.full_name.clone(),
            role: u.role,
            role_label: u.role.label_vi(),
            active: u.active,
        }
    }
}
