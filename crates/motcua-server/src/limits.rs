//! Rate limits: a token bucket per device credential on the sync routes, and per client
//! address on enrolment (where a guesser would try codes). A request over its limit gets
//! `429` with the protocol's `rate_limited` error, how many seconds to wait (also as
//! `Retry-After`), and nothing else is done; the counter's sync thread treats it as "try
//! again later".

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{ConnectInfo, Request};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use motcua_sync_proto::{ErrorBody, ErrorCode};

/// How fast one device, and one address enrolling, may go.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Sync requests a device may make in a burst, and per second after it. A round is a
    /// hello and a request per 500 ops pushed or 1,000 pulled; pushing runs at about 30
    /// requests a second here, pulling slower (each page is applied first).
    pub device_burst: f64,
    pub device_per_s: f64,
    /// Enrolment attempts from one address in a burst, and per minute after it (a code has
    /// about 59 bits: guessing is hopeless at this pace).
    pub enrol_burst: f64,
    pub enrol_per_min: f64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { device_burst: 150.0, device_per_s: 50.0, enrol_burst: 10.0, enrol_per_min: 10.0 }
    }
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The buckets, by key (`device:SHA256`, or `guess:ADDRESS` for enrolment and console logins).
pub struct RateLimiter {
    limits: Limits,
    buckets: Mutex<HashMap<String, Bucket>>,
}

/// Keys kept at most; beyond it, buckets that have refilled (idle keys) are dropped.
const MAX_KEYS: usize = 100_000;

impl RateLimiter {
    pub fn new(limits: Limits) -> Arc<RateLimiter> {
        Arc::new(RateLimiter { limits, buckets: Mutex::new(HashMap::new()) })
    }

    /// Takes a token for `key`; `Err(seconds)` to wait when there is none.
    fn take(&self, key: &str, burst: f64, per_s: f64, now: Instant) -> Result<(), u32> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() >= MAX_KEYS && !buckets.contains_key(key) {
            buckets.retain(|_, b| b.tokens + now.duration_since(b.at).as_secs_f64() * per_s < burst);
        }
        let b = buckets.entry(key.to_owned()).or_insert(Bucket { tokens: burst, at: now });
        b.tokens = (b.tokens + now.duration_since(b.at).as_secs_f64() * per_s).min(burst);
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - b.tokens) / per_s).ceil().max(1.0) as u32)
        }
    }

    /// The limit a request falls under, if any: its key, burst and rate per second.
    fn rule(&self, req: &Request) -> Option<(String, f64, f64)> {
        let path = req.uri().path();
        // Enrolment codes and console passwords are what a guesser would try.
        if path == "/api/v0/devices/enrol" || path == "/api/v0/city/login" {
            let from = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
            let key = format!("guess:{}", from.as_deref().unwrap_or("unknown"));
            return Some((key, self.limits.enrol_burst, self.limits.enrol_per_min / 60.0));
        }
        if path.starts_with("/api/v0/sync/") {
            // Keyed by the credential's hash: the token itself is never kept.
            let key = format!("device:{}", crate::city::token_sha256(crate::city::bearer(req.headers())));
            return Some((key, self.limits.device_burst, self.limits.device_per_s));
        }
        None
    }
}

/// The middleware: refuses a request over its limit before any other work.
pub async fn limit(limiter: Arc<RateLimiter>, req: Request, next: Next) -> Response {
    if let Some((key, burst, per_s)) = limiter.rule(&req)
        && let Err(wait) = limiter.take(&key, burst, per_s, Instant::now())
    {
        tracing::warn!(route = %req.uri().path(), wait_s = wait, "request refused: rate limit");
        let body = ErrorBody {
            code: ErrorCode::RateLimited,
            message: format!("Quá nhiều yêu cầu trong thời gian ngắn; phần mềm sẽ tự thử lại sau {wait} giây."),
            retry_after_s: Some(wait),
        };
        let mut resp = (axum::http::StatusCode::TOO_MANY_REQUESTS, axum::Json(body)).into_response();
        resp.headers_mut().insert(axum::http::header::RETRY_AFTER, HeaderValue::from(wait));
        resp.extensions_mut().insert(ErrorCode::RateLimited);
        return resp;
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_bucket_allows_its_burst_then_its_rate_and_says_how_long_to_wait() {
        let limiter = RateLimiter::new(Limits::default());
        let t0 = Instant::now();
        for _ in 0..10 {
            assert_eq!(limiter.take("guess:10.0.0.1", 10.0, 10.0 / 60.0, t0), Ok(()));
        }
        assert_eq!(limiter.take("guess:10.0.0.1", 10.0, 10.0 / 60.0, t0), Err(6), "one per 6 s");
        assert_eq!(limiter.take("guess:10.0.0.2", 10.0, 10.0 / 60.0, t0), Ok(()), "another address");
        let later = t0 + Duration::from_secs(6);
        assert_eq!(limiter.take("guess:10.0.0.1", 10.0, 10.0 / 60.0, later), Ok(()));
        assert!(limiter.take("guess:10.0.0.1", 10.0, 10.0 / 60.0, later).is_err());
    }
}
