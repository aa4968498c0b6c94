//! What counter apps and the `motcua queue` commands call the hub with (blocking HTTP).

use std::time::Duration;

use motcua_domain::queue::PriorityGroup;

use crate::error::QueueError;
use crate::host::{Command, Outcome};
use crate::http::{EnrolRequest, Enrolment, ErrorBody, TicketRequest};
use crate::status::QueueStatus;

pub struct HubClient {
    base: String,
    key: Option<String>,
    http: reqwest::blocking::Client,
}

impl HubClient {
    /// `base` like `http://192.168.1.10:8700`; `key` the hub key (not needed to take tickets
    /// or read the status).
    pub fn new(base: &str, key: Option<String>) -> Result<HubClient, QueueError> {
        let http = reqwest::blocking::Client::builder()
            .connect_timeout(Duration::from_secs(3))
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| QueueError::Unreachable { url: base.to_owned(), detail: e.to_string() })?;
        Ok(HubClient { base: base.trim_end_matches('/').to_owned(), key, http })
    }

    pub fn issue(&self, service: &str, priority: Option<PriorityGroup>) -> Result<Outcome, QueueError> {
        let body = TicketRequest { service: service.to_owned(), priority };
        self.answer(self.http.post(self.url("/api/v0/queue/tickets")).json(&body))
    }

    pub fn command(&self, command: &Command) -> Result<Outcome, QueueError> {
        let mut req = self.http.post(self.url("/api/v0/queue/commands")).json(command);
        if let Some(key) = &self.key {
            req = req.bearer_auth(key);
        }
        self.answer(req)
    }

    /// Enrols counter `counter` (the client holds the hub key) and returns its new key;
    /// `supervisor`: the supervisor's PC, which may also set up the queue.
    pub fn enrol(&self, counter: u32, supervisor: bool) -> Result<String, QueueError> {
        let mut req = self.http.post(self.url("/api/v0/queue/enrol")).json(&EnrolRequest { counter, supervisor });
        if let Some(key) = &self.key {
            req = req.bearer_auth(key);
        }
        let enrolment: Enrolment = self.answer(req)?;
        Ok(enrolment.key)
    }

    pub fn status(&self) -> Result<QueueStatus, QueueError> {
        self.answer(self.http.get(self.url("/api/v0/queue/status")))
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn answer<T: serde::de::DeserializeOwned>(&self, req: reqwest::blocking::RequestBuilder) -> Result<T, QueueError> {
        let unreachable = |e: reqwest::Error| QueueError::Unreachable { url: self.base.clone(), detail: e.to_string() };
        let resp = req.send().map_err(unreachable)?;
        let status = resp.status();
        if status.is_success() {
            return resp.json().map_err(unreachable);
        }
        let body: ErrorBody = resp.json().unwrap_or_else(|_| ErrorBody {
            code: "http".into(),
            message: format!("Máy chủ hàng đợi trả lời lỗi {status}."),
        });
        Err(QueueError::Remote { status: status.as_u16(), code: body.code, message: body.message })
    }
}
