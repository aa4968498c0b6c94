//! An op as it travels: the counter's op-log row without what is local to the counter (its
//! `seq` becomes `device_seq`; `synced_at` stays home).

use serde::{Deserialize, Serialize};

/// The `user_id` of what city staff publish (`city:USERNAME`): no counter's op may carry it.
pub const CITY_USER_PREFIX: &str = "city:";

/// One change made on a device, exactly as its op log recorded it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct WireOp {
    /// UUID v7 made by the device: the server stores each id once, whatever is sent again.
    #[cfg_attr(
        feature = "openapi",
        schemars(regex(pattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"))
    )]
    pub id: String,
    #[cfg_attr(
        feature = "openapi",
        schemars(regex(pattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"))
    )]
    pub device_id: String,
    /// The op's place in its device's log: ops of one device are stored in this order.
    #[cfg_attr(feature = "openapi", schemars(range(min = 1)))]
    pub device_seq: i64,
    /// Hybrid logical clock (`0001764000000000-00000`): orders edits across devices whose
    /// wall clocks disagree.
    #[cfg_attr(feature = "openapi", schemars(regex(pattern = "^[0-9]{16}-[0-9]{5}$")))]
    pub hlc: String,
    #[cfg_attr(feature = "openapi", schemars(length(min = 1, max = 128)))]
    pub user_id: String,
    /// `dossier.received`, `queue.ticket_called`, … A kind the server does not know (a newer
    /// client) is refused for that op only.
    #[cfg_attr(feature = "openapi", schemars(regex(pattern = "^[a-z._]{1,64}$")))]
    pub kind: String,
    pub payload: serde_json::Value,
    /// The device's wall clock when the op was made (RFC 3339, UTC): informative only; the
    /// HLC orders.
    pub created_at: String,
}

impl WireOp {
    /// The shape checks every receiver makes before looking at the payload. The message is
    /// for the log and the rejection record, never shown with personal data (there is none in
    /// these fields).
    pub fn check_shape(&self) -> Result<(), String> {
        if !is_uuid(&self.id) {
            return Err(format!("op id {:?} is not a UUID", self.id));
        }
        if !is_uuid(&self.device_id) {
            return Err("device id is not a UUID".into());
        }
        if self.device_seq < 1 {
            return Err(format!("device_seq {} is not positive", self.device_seq));
        }
        if !is_hlc(&self.hlc) {
            return Err(format!("hlc {:?} is not a hybrid logical clock", self.hlc));
        }
        if self.kind.is_empty()
            || self.kind.len() > 64
            || !self.kind.bytes().all(|b| b.is_ascii_lowercase() || b == b'.' || b == b'_')
        {
            return Err("kind is not a dotted lower-case name".into());
        }
        if self.user_id.is_empty() || self.user_id.len() > 128 {
            return Err("user id empty or too long".into());
        }
        // PostgreSQL's text and JSONB cannot hold NUL: an op with one could never be stored
        // there, and a batch failing for ever would hold up everything behind it.
        if [&self.user_id, &self.created_at].iter().any(|s| s.contains('\0')) || holds_nul(&self.payload) {
            return Err("a NUL character in a text field or in the payload".into());
        }
        Ok(())
    }
}

/// Whether any string (or key) in `v` contains a NUL character.
pub fn holds_nul(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::String(s) => s.contains('\0'),
        serde_json::Value::Array(items) => items.iter().any(holds_nul),
        serde_json::Value::Object(map) => map.iter().any(|(k, v)| k.contains('\0') || holds_nul(v)),
        _ => false,
    }
}

/// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, hexadecimal.
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// `0001764000000000-00000`: 16 digits, a dash, 5 digits.
fn is_hlc(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 22 && b[16] == b'-' && b.iter().enumerate().all(|(i, c)| i == 16 || c.is_ascii_digit())
}

/// The server's answer for one op of a push.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Ack {
    pub id: String,
    #[serde(flatten)]
    pub outcome: AckOutcome,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum AckOutcome {
    /// Durably stored now, at `server_seq`.
    Stored { server_seq: i64 },
    /// Stored before (the same id): the client marks it sent, nothing is stored twice.
    Duplicate { server_seq: i64 },
    /// Refused for good (a transition the dossier cannot make, another office's dossier, a
    /// kind this server does not know): the client records why and shows it, and the ops
    /// behind it go on. `message` is Vietnamese, for the clerk.
    Rejected { code: String, message: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op() -> WireOp {
        WireOp {
            id: "01a233f2-cf4c-70e9-8ea1-efbbeeaaddaf".into(),
            device_id: "01a233f2-c1d3-72bc-be70-96c6647446e5".into(),
            device_seq: 7,
            hlc: "0001764000000000-00003".into(),
            user_id: "01a233f2-c1d3-72bc-be70-96c6647446e5".into(),
            kind: "dossier.received".into(),
            payload: serde_json::json!({"code": "000.00.21.H26-261123-0001"}),
            created_at: "2026-11-23T02:00:00.000Z".into(),
        }
    }

    #[test]
    fn a_well_formed_op_passes_and_each_bad_field_is_named() {
        assert_eq!(op().check_shape(), Ok(()));
        type Spoil = fn(&mut WireOp);
        let cases: [(&str, Spoil); 8] = [
            ("op id", |o| o.id = "not-a-uuid".into()),
            ("device id", |o| {
                o.device_id.pop();
            }),
            ("device_seq", |o| o.device_seq = 0),
            ("hlc", |o| o.hlc = "2026-11-23".into()),
            ("kind", |o| o.kind = "Dossier Received".into()),
            ("user id", |o| o.user_id.clear()),
            ("NUL", |o| o.user_id.push('\0')),
            ("NUL", |o| o.payload = serde_json::json!({"subject": ["ok", "Nguyễn\u{0}"]})),
        ];
        for (field, spoil) in cases {
            let mut o = op();
            spoil(&mut o);
            let err = o.check_shape().unwrap_err();
            assert!(err.contains(field), "{field}: {err}");
        }
    }

    #[test]
    fn acks_read_as_the_server_writes_them() {
        let acks = vec![
            Ack { id: "a".into(), outcome: AckOutcome::Stored { server_seq: 10 } },
            Ack { id: "b".into(), outcome: AckOutcome::Duplicate { server_seq: 4 } },
            Ack {
                id: "c".into(), outcome: AckOutcome::Rejected { code: "unknown_kind".into(), message: "…".into() }
            },
        ];
        let json = serde_json::to_value(&acks).unwrap();
        assert_eq!(json[0], serde_json::json!({"id": "a", "outcome": "stored", "server_seq": 10}));
        assert_eq!(json[2]["outcome"], "rejected");
        let back: Vec<Ack> = serde_json::from_value(json).unwrap();
        assert_eq!(back, acks);
    }
}
