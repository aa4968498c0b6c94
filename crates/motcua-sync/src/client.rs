//! HTTP to the city server (blocking: the runner has its own thread).

use std::io::Write;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

use motcua_sync_proto::{
    EnrolRequest, Enrolment, ErrorBody, Hello, HelloReply, PROTOCOL_VERSION, PullReply, PullRequest, PushReply,
    PushRequest, WireOp,
};

use crate::error::SyncError;

/// Bodies larger than this go gzipped (a push of 500 ops is ~200 KB of JSON, ~20 KB gzipped).
const GZIP_ABOVE: usize = 8 * 1024;

pub struct CityClient {
    base: String,
    token: Option<String>,
    http: reqwest::blocking::Client,
}

impl CityClient {
    /// `base` is the server's address (`https://motcua.example.vn`); `token` the device's
    /// credential, none before enrolment.
    pub fn new(base: &str, token: Option<String>) -> Result<CityClient, SyncError> {
        // A push waits for the server's fsync; a stalled link must not hold the round for ever.
        Self::with_timeout(base, token, Duration::from_secs(30))
    }

    /// The same, giving up on an answer after `timeout` (tests of stalled links).
    pub fn with_timeout(base: &str, token: Option<String>, timeout: Duration) -> Result<CityClient, SyncError> {
        Self::build(base, token, timeout, None)
    }

    /// The same, also trusting the certificate authority `ca_pem` for HTTPS (a city that runs
    /// its own; the system's authorities are trusted anyway).
    pub fn trusting(base: &str, token: Option<String>, ca_pem: &[u8]) -> Result<CityClient, SyncError> {
        Self::build(base, token, Duration::from_secs(30), Some(ca_pem))
    }

    fn build(
        base: &str,
        token: Option<String>,
        timeout: Duration,
        ca_pem: Option<&[u8]>,
    ) -> Result<CityClient, SyncError> {
        let unreachable = |e: reqwest::Error| SyncError::Unreachable { url: base.into(), detail: e.to_string() };
        let mut builder = reqwest::blocking::Client::builder().connect_timeout(Duration::from_secs(5)).timeout(timeout);
        if let Some(pem) = ca_pem {
            builder = builder.add_root_certificate(reqwest::Certificate::from_pem(pem).map_err(unreachable)?);
        }
        let http = builder.build().map_err(unreachable)?;
        Ok(CityClient { base: base.trim_end_matches('/').to_owned(), token, http })
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// Redeems a one-time code. `office_unit_code`: the unit this PC was set up for, if it
    /// has been (a code of another office is then refused and left unused).
    pub fn enrol(
        &self,
        code: &str,
        device_id: &str,
        device_name: &str,
        office_unit_code: Option<&str>,
    ) -> Result<Enrolment, SyncError> {
        let req = EnrolRequest {
            code: code.trim().to_owned(),
            device_id: device_id.to_owned(),
            device_name: device_name.to_owned(),
            app_version: env!("CARGO_PKG_VERSION").into(),
            office_unit_code: office_unit_code.map(str::to_owned),
        };
        self.post("/api/v0/devices/enrol", &req)
    }

    pub fn hello(&self) -> Result<HelloReply, SyncError> {
        let hello = Hello {
            protocol: PROTOCOL_VERSION,
            app_version: env!("CARGO_PKG_VERSION").into(),
            capabilities: vec!["gzip".into()],
        };
        self.post("/api/v0/sync/hello", &hello)
    }

    pub fn push(&self, ops: Vec<WireOp>) -> Result<PushReply, SyncError> {
        self.post("/api/v0/sync/push", &PushRequest { ops })
    }

    /// The next page after `cursor` (none: from the start, the first sync).
    pub fn pull(&self, cursor: Option<String>, limit: u32) -> Result<PullReply, SyncError> {
        self.post("/api/v0/sync/pull", &PullRequest { cursor, limit })
    }

    fn post<Req: Serialize, Resp: DeserializeOwned>(&self, route: &str, body: &Req) -> Result<Resp, SyncError> {
        let url = format!("{}{route}", self.base);
        let json = serde_json::to_vec(body).map_err(|e| SyncError::BadAnswer { status: 0, detail: e.to_string() })?;
        let mut req = self.http.post(&url).header(reqwest::header::CONTENT_TYPE, "application/json");
        req = if json.len() > GZIP_ABOVE {
            let mut gz = flate2::write::GzEncoder::new(Vec::with_capacity(json.len() / 4), flate2::Compression::fast());
            gz.write_all(&json).and_then(|_| gz.flush()).expect("gzip into memory");
            req.header(reqwest::header::CONTENT_ENCODING, "gzip").body(gz.finish().expect("gzip into memory"))
        } else {
            req.body(json)
        };
        if let Some(token) = &self.token {
            req = req.bearer_auth(token);
        }
        let resp = req.send().map_err(|e| SyncError::Unreachable { url: self.base.clone(), detail: e.to_string() })?;
        let status = resp.status();
        let bytes =
            resp.bytes().map_err(|e| SyncError::Unreachable { url: self.base.clone(), detail: e.to_string() })?;
        if status.is_success() {
            return serde_json::from_slice(&bytes)
                .map_err(|e| SyncError::BadAnswer { status: status.as_u16(), detail: e.to_string() });
        }
        match serde_json::from_slice::<ErrorBody>(&bytes) {
            Ok(body) => Err(SyncError::Refused { code: body.code, message: body.message }),
            // A proxy's error page, a server that is not ours.
            Err(_) => Err(SyncError::BadAnswer {
                status: status.as_u16(),
                detail: String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned(),
            }),
        }
    }
}
