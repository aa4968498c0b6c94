//! The request and response bodies of each route.

use serde::{Deserialize, Serialize};

use crate::op::{Ack, WireOp};

/// `POST /api/v0/devices/enrol`: a counter PC joins its office, once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct EnrolRequest {
    /// The one-time code a city admin issued for this PC (it cannot be used twice).
    pub code: String,
    /// The device id of the counter's store (its ops carry it).
    #[cfg_attr(
        feature = "openapi",
        schemars(regex(pattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"))
    )]
    pub device_id: String,
    /// What the PC calls itself ("Quầy 3"), for the admin's list of devices.
    #[cfg_attr(feature = "openapi", schemars(length(min = 1, max = 100)))]
    pub device_name: String,
    pub app_version: String,
    /// The unit code the PC was set up with (its dossier codes start with it), if it has
    /// been: the server refuses a code of another office without using it up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office_unit_code: Option<String>,
}

/// The credential the device presents from now on (`Authorization: Bearer TOKEN`), until the
/// city revokes it; and the office it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Enrolment {
    pub device_token: String,
    pub office_unit_code: String,
    pub office_name: String,
}

/// `POST /api/v0/sync/hello`: each side's protocol versions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Hello {
    pub protocol: u32,
    pub app_version: String,
    /// Optional features the client can use (e.g. `gzip`); unknown ones are ignored.
    #[serde(default)]
    pub capabilities: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct HelloReply {
    pub protocol: u32,
    pub min_client_protocol: u32,
    pub server_version: String,
    #[serde(default)]
    pub capabilities: Vec<String>,
    /// The most ops the server takes in one push.
    pub max_batch_ops: u32,
    /// The server's clock (RFC 3339, UTC): the client shows a warning when its own is far off.
    pub server_time: String,
}

/// `POST /api/v0/sync/push`: the next ops of the device's log, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PushRequest {
    #[cfg_attr(feature = "openapi", schemars(length(max = 500)))]
    pub ops: Vec<WireOp>,
}

/// One [`Ack`] per op pushed, in the same order, given after the server's durable commit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PushReply {
    pub acks: Vec<Ack>,
}

/// `POST /api/v0/sync/pull`: changes for the device's office after `cursor` (none: from the
/// beginning, the device's first sync).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PullRequest {
    pub cursor: Option<String>,
    pub limit: u32,
}

/// An op the server stored, as a device pulls it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ServerOp {
    pub server_seq: i64,
    #[serde(flatten)]
    pub op: WireOp,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PullReply {
    pub ops: Vec<ServerOp>,
    /// Where the next pull starts; opaque to the client, which keeps it after applying `ops`.
    pub cursor: String,
    /// More is waiting: pull again at once.
    pub more: bool,
}
