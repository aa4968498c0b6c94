//! Enrolment: a city admin issues a one-time code for a counter PC (`motcua-server --db …
//! enrolment-code --office UNIT`); the PC's admin types it once; the PC gets its own
//! credential for every sync after.
//!
//! - `POST /api/v0/devices/enrol` ([`EnrolRequest`] → [`Enrolment`]): no credential, the code
//!   is one. The server keeps the SHA-256 of the code and of the credential, never either.

use axum::Json;
use axum::extract::State;
use rand::Rng;

use motcua_city_db::{CityDb, Redeemed, Redemption};
use motcua_sync_proto::{EnrolRequest, Enrolment, ErrorCode};

use crate::body::SyncJson;
use crate::city::{ApiError, token_sha256};

/// Letters and digits that cannot be misread for one another (no 0/O, 1/I/L).
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// 12 symbols of 31: about 59 bits, typed in three groups of four.
const CODE_LEN: usize = 12;

/// A new code, `ABCD-EFGH-JKMN`.
pub fn new_code() -> String {
    let mut rng = rand::rng();
    let symbols: Vec<char> =
        (0..CODE_LEN).map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char).collect();
    symbols.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// What is hashed: the code as typed, without spaces or dashes, in capitals (the clerk may
/// type `abcd efgh jkmn`).
pub fn code_sha256(typed: &str) -> String {
    let canonical: String =
        typed.chars().filter(|c| !c.is_whitespace() && *c != '-').flat_map(char::to_uppercase).collect();
    token_sha256(&canonical)
}

/// A device credential: 32 letters and digits.
fn new_token() -> String {
    rand::rng().sample_iter(rand::distr::Alphanumeric).take(32).map(char::from).collect()
}

pub async fn enrol<D: CityDb>(
    axum::Extension(metrics): axum::Extension<std::sync::Arc<crate::metrics::Metrics>>,
    State(db): State<D>,
    SyncJson(req): SyncJson<EnrolRequest>,
) -> Result<Json<Enrolment>, ApiError> {
    if !motcua_sync_proto::op::is_uuid(&req.device_id)
        || req.device_name.trim().is_empty()
        || req.device_name.len() > 100
        || req.device_name.chars().any(char::is_control)
        || req.office_unit_code.as_deref().is_some_and(|u| u.len() > 64 || u.chars().any(char::is_control))
    {
        return Err(ApiError(ErrorCode::Invalid, "Yêu cầu đăng ký thiết bị không hợp lệ.".into()));
    }
    let token = new_token();
    let now = chrono::Utc::now().timestamp();
    let (code, token_hash) = (code_sha256(&req.code), token_sha256(&token));
    let redeemed = db
        .redeem_enrolment(Redemption {
            code_sha256: &code,
            now,
            device_id: &req.device_id,
            name: req.device_name.trim(),
            token_sha256: &token_hash,
            expected_unit: req.office_unit_code.as_deref().map(str::trim),
        })
        .await?;
    let refused = |why: &str, code: ErrorCode, message: &str| {
        tracing::warn!(device = %req.device_id, why, "enrolment refused");
        Err(ApiError(code, message.into()))
    };
    match redeemed {
        Redeemed::Enrolled(office) => {
            tracing::info!(device = %req.device_id, office = %office.unit_code, "device enrolled");
            metrics.enrolled();
            Ok(Json(Enrolment { device_token: token, office_unit_code: office.unit_code, office_name: office.name }))
        }
        Redeemed::Unknown => refused(
            "unknown code",
            ErrorCode::BadEnrolmentCode,
            "Mã đăng ký không đúng. Kiểm tra lại từng ký tự (không phân biệt chữ hoa, chữ thường).",
        ),
        Redeemed::Used => refused(
            "code already used",
            ErrorCode::BadEnrolmentCode,
            "Mã đăng ký này đã được dùng. Mỗi mã chỉ dùng được một lần; xin quản trị thành phố cấp mã mới.",
        ),
        Redeemed::Expired => refused(
            "code expired",
            ErrorCode::BadEnrolmentCode,
            "Mã đăng ký đã hết hạn; xin quản trị thành phố cấp mã mới.",
        ),
        Redeemed::CodeOfAnotherOffice(office) => {
            tracing::warn!(device = %req.device_id, office = %office.unit_code, "enrolment refused: code of another office");
            Err(ApiError(
                ErrorCode::ForbiddenOffice,
                format!(
                    "Mã đăng ký này dành cho {} ({}), không phải đơn vị máy này được thiết lập; mã chưa bị dùng.",
                    office.name, office.unit_code
                ),
            ))
        }
        Redeemed::DeviceInAnotherOffice => refused(
            "device enrolled in another office",
            ErrorCode::ForbiddenOffice,
            "Máy này đang thuộc một đơn vị khác; quản trị thành phố cần thu hồi máy ở đơn vị đó trước.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_three_groups_of_unambiguous_symbols_and_typing_is_forgiven() {
        let code = new_code();
        assert_eq!(code.len(), 14, "{code}");
        assert!(code.split('-').all(|g| g.len() == 4 && g.bytes().all(|b| CODE_ALPHABET.contains(&b))), "{code}");
        assert_ne!(new_code(), code);
        let typed = format!(" {} ", code.to_lowercase().replace('-', " "));
        assert_eq!(code_sha256(&typed), code_sha256(&code));
    }
}
