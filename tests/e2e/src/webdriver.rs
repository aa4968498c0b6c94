//! A small blocking W3C WebDriver client: just what the end-to-end tests use, over `ureq`.
//!
//! Every call has a timeout (the HTTP agent's), and every wait is a bounded poll loop.

use std::fmt;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The key W3C WebDriver uses to name an element in JSON.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The Enter key, for [`Session::send_keys`].
pub const ENTER: &str = "\u{E007}";
pub const ESCAPE: &str = "\u{E00C}";

/// How often the wait loops look again.
const POLL: Duration = Duration::from_millis(100);

/// What went wrong talking to the driver.
#[derive(Debug, Clone)]
pub struct WdError {
    /// The W3C error code (`no such element`, `stale element reference`, …), or `http` when the
    /// driver could not be reached or answered something that is not WebDriver JSON, or
    /// `timeout` for a wait that ran out.
    pub code: String,
    pub message: String,
}

impl WdError {
    fn new(code: &str, message: impl Into<String>) -> Self {
        Self { code: code.to_owned(), message: message.into() }
    }

    /// The element was replaced by a re-render (Preact does that): look it up again.
    pub fn is_stale(&self) -> bool {
        self.code == "stale element reference" || self.code == "no such element"
    }

    /// The element is there but cannot take the action yet (hidden, covered, disabled…).
    pub fn is_transient(&self) -> bool {
        self.is_stale()
            || self.code == "element not interactable"
            || self.code == "element click intercepted"
            || self.code == "invalid element state"
    }
}

impl fmt::Display for WdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WebDriver error `{}`: {}", self.code, self.message)
    }
}

impl std::error::Error for WdError {}

pub type WdResult<T> = Result<T, WdError>;

/// A handle on an element of the page, valid until the page re-renders it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    pub id: String,
}

impl Element {
    fn to_json(&self) -> Value {
        json!({ ELEMENT_KEY: self.id })
    }
}

/// A plain HTTP client for one WebDriver endpoint (`http://127.0.0.1:PORT`).
#[derive(Clone)]
pub struct Client {
    base: String,
    agent: ureq::Agent,
}

impl Client {
    /// `timeout` bounds every single request (creating a session launches the app: allow for it).
    pub fn new(base: &str, timeout: Duration) -> Self {
        let config = ureq::Agent::config_builder().timeout_global(Some(timeout)).http_status_as_error(false).build();
        Self { base: base.trim_end_matches('/').to_owned(), agent: config.into() }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// `GET /status`: Ok when the driver answers and says it is ready.
    pub fn status(&self) -> WdResult<Value> {
        let v = self.request("GET", "/status", None)?;
        if v.get("ready").and_then(Value::as_bool) == Some(false) {
            return Err(WdError::new("not ready", format!("driver is not ready: {v}")));
        }
        Ok(v)
    }

    /// Sends one request and returns the `value` of the answer, or the WebDriver error in it.
    pub fn request(&self, method: &str, path: &str, body: Option<&Value>) -> WdResult<Value> {
        let url = format!("{}{}", self.base, path);
        let http = |e: ureq::Error| WdError::new("http", format!("{method} {url}: {e}"));
        let mut resp = match (method, body) {
            ("GET", _) => self.agent.get(&url).call().map_err(http)?,
            ("DELETE", _) => self.agent.delete(&url).call().map_err(http)?,
            ("POST", body) => {
                let text = body.cloned().unwrap_or_else(|| json!({})).to_string();
                self.agent
                    .post(&url)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .send(text)
                    .map_err(http)?
            }
            _ => return Err(WdError::new("http", format!("unsupported method {method}"))),
        };
        let status = resp.status().as_u16();
        let text = resp.body_mut().with_config().limit(256 * 1024 * 1024).read_to_string().map_err(http)?;
        let parsed: Value = serde_json::from_str(&text).map_err(|e| {
            WdError::new("http", format!("{method} {url}: HTTP {status}, not JSON ({e}): {}", snippet(&text)))
        })?;
        let value = parsed.get("value").cloned().unwrap_or(Value::Null);
        if status >= 400 || value.get("error").is_some_and(Value::is_string) {
            let code = value.get("error").and_then(Value::as_str).unwrap_or("unknown error");
            let msg = value.get("message").and_then(Value::as_str).unwrap_or("");
            return Err(WdError::new(code, format!("{method} {path} (HTTP {status}): {msg}")));
        }
        Ok(value)
    }
}

fn snippet(s: &str) -> String {
    let mut out: String = s.chars().take(300).collect();
    if s.chars().count() > 300 {
        out.push('…');
    }
    out
}

/// One WebDriver session: one launched app window.
pub struct Session {
    client: Client,
    id: String,
    deleted: bool,
}

impl Session {
    /// `POST /session` with the given capabilities object (`{"alwaysMatch": …}`).
    pub fn create(client: Client, capabilities: Value) -> WdResult<Self> {
        let v = client.request("POST", "/session", Some(&json!({ "capabilities": capabilities })))?;
        let id = v
            .get("sessionId")
            .and_then(Value::as_str)
            .ok_or_else(|| WdError::new("http", format!("no sessionId in the answer: {v}")))?
            .to_owned();
        Ok(Self { client, id, deleted: false })
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// Opens `url` in the session's window (a browser session; the app has its own page).
    pub fn goto(&self, url: &str) -> WdResult<()> {
        self.cmd("POST", "/url", Some(json!({ "url": url }))).map(|_| ())
    }

    /// The handles of the app's open windows.
    pub fn window_handles(&self) -> WdResult<Vec<String>> {
        let v = self.cmd("GET", "/window/handles", None)?;
        Ok(v.as_array().map(|a| a.iter().filter_map(|h| h.as_str().map(str::to_owned)).collect()).unwrap_or_default())
    }

    /// The handle of the window commands go to now.
    pub fn window_handle(&self) -> WdResult<String> {
        let v = self.cmd("GET", "/window", None)?;
        v.as_str().map(str::to_owned).ok_or_else(|| WdError::new("http", format!("not a window handle: {v}")))
    }

    /// Sends the next commands to window `handle`.
    pub fn switch_to_window(&self, handle: &str) -> WdResult<()> {
        self.cmd("POST", "/window", Some(json!({ "handle": handle }))).map(|_| ())
    }

    /// The current window's position and size: `(x, y, width, height)`.
    pub fn window_rect(&self) -> WdResult<(i64, i64, i64, i64)> {
        let v = self.cmd("GET", "/window/rect", None)?;
        let n = |k: &str| v[k].as_f64().map(|f| f.round() as i64).unwrap_or(-1);
        Ok((n("x"), n("y"), n("width"), n("height")))
    }

    /// Moves and resizes the current window, as the clerk drags it.
    pub fn set_window_rect(&self, x: i64, y: i64, width: i64, height: i64) -> WdResult<()> {
        let rect = json!({ "x": x, "y": y, "width": width, "height": height });
        self.cmd("POST", "/window/rect", Some(rect)).map(|_| ())
    }

    /// `DELETE /session/{id}`: the driver closes the window (and so the app). Idempotent.
    pub fn delete(&mut self) -> WdResult<()> {
        if self.deleted {
            return Ok(());
        }
        self.deleted = true;
        self.client.request("DELETE", &format!("/session/{}", self.id), None).map(|_| ())
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> WdResult<Value> {
        if self.deleted {
            return Err(WdError::new("invalid session id", "the session was deleted"));
        }
        self.client.request(method, &format!("/session/{}{}", self.id, path), body.as_ref())
    }

    fn element_from(v: &Value) -> WdResult<Element> {
        v.get(ELEMENT_KEY)
            .and_then(Value::as_str)
            .map(|id| Element { id: id.to_owned() })
            .ok_or_else(|| WdError::new("http", format!("not an element reference: {v}")))
    }

    /// The first element matching a CSS selector, or None.
    pub fn find(&self, css: &str) -> WdResult<Option<Element>> {
        match self.cmd("POST", "/element", Some(json!({"using": "css selector", "value": css}))) {
            Ok(v) => Self::element_from(&v).map(Some),
            Err(e) if e.code == "no such element" => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Every element matching a CSS selector, in document order.
    pub fn find_all(&self, css: &str) -> WdResult<Vec<Element>> {
        let v = self.cmd("POST", "/elements", Some(json!({"using": "css selector", "value": css})))?;
        v.as_array()
            .ok_or_else(|| WdError::new("http", format!("not a list: {v}")))?
            .iter()
            .map(Self::element_from)
            .collect()
    }

    /// Elements matching `css` inside `parent`.
    pub fn find_all_in(&self, parent: &Element, css: &str) -> WdResult<Vec<Element>> {
        let v = self.cmd(
            "POST",
            &format!("/element/{}/elements", parent.id),
            Some(json!({"using": "css selector", "value": css})),
        )?;
        v.as_array()
            .ok_or_else(|| WdError::new("http", format!("not a list: {v}")))?
            .iter()
            .map(Self::element_from)
            .collect()
    }

    /// Scrolls `el` into view (if it is not) and gives its box in the viewport.
    pub fn rect_in_view(&self, el: &Element) -> WdResult<Value> {
        self.execute(
            "const e = arguments[0]; e.scrollIntoView({ block: 'nearest' }); \
             const r = e.getBoundingClientRect(); return [r.left, r.top, r.width, r.height];",
            vec![el.to_json()],
        )
    }

    pub fn click(&self, el: &Element) -> WdResult<()> {
        self.cmd("POST", &format!("/element/{}/click", el.id), Some(json!({}))).map(|_| ())
    }

    /// W3C element send keys: types `text` into the element (focusing it first).
    /// Special keys are private-use characters, e.g. [`ENTER`].
    pub fn send_keys(&self, el: &Element, text: &str) -> WdResult<()> {
        self.cmd("POST", &format!("/element/{}/value", el.id), Some(json!({ "text": text }))).map(|_| ())
    }

    pub fn clear(&self, el: &Element) -> WdResult<()> {
        self.cmd("POST", &format!("/element/{}/clear", el.id), Some(json!({}))).map(|_| ())
    }

    /// The rendered text of the element.
    pub fn text(&self, el: &Element) -> WdResult<String> {
        let v = self.cmd("GET", &format!("/element/{}/text", el.id), None)?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// A DOM property (`value`, `checked`, …) as JSON.
    pub fn property(&self, el: &Element, name: &str) -> WdResult<Value> {
        self.cmd("GET", &format!("/element/{}/property/{name}", el.id), None)
    }

    /// An HTML attribute, or None when absent.
    pub fn attribute(&self, el: &Element, name: &str) -> WdResult<Option<String>> {
        let v = self.cmd("GET", &format!("/element/{}/attribute/{name}", el.id), None)?;
        Ok(v.as_str().map(str::to_owned))
    }

    pub fn is_displayed(&self, el: &Element) -> WdResult<bool> {
        let v = self.cmd("GET", &format!("/element/{}/displayed", el.id), None)?;
        Ok(v.as_bool().unwrap_or(false))
    }

    /// Runs `script` (a function body: use `return`) with `args`; elements go in as
    /// [`Session::arg`].
    pub fn execute(&self, script: &str, args: Vec<Value>) -> WdResult<Value> {
        self.cmd("POST", "/execute/sync", Some(json!({ "script": script, "args": args })))
    }

    /// An element as an argument of [`Session::execute`].
    pub fn arg(el: &Element) -> Value {
        el.to_json()
    }

    /// A PNG of the window, written to `path` (parent folders created).
    pub fn screenshot(&self, path: &Path) -> WdResult<()> {
        let v = self.cmd("GET", "/screenshot", None)?;
        let b64 = v.as_str().ok_or_else(|| WdError::new("http", "screenshot is not a string"))?;
        let png = base64_decode(b64).ok_or_else(|| WdError::new("http", "screenshot is not valid base64"))?;
        let io = |e: std::io::Error| WdError::new("io", format!("{}: {e}", path.display()));
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        std::fs::write(path, png).map_err(io)
    }

    /// Polls `probe` until it gives `Some`, for at most `timeout`. Transient errors (stale or
    /// missing elements) count as "not yet"; others end the wait at once.
    pub fn wait_until<T>(
        &self,
        what: &str,
        timeout: Duration,
        mut probe: impl FnMut(&Self) -> WdResult<Option<T>>,
    ) -> WdResult<T> {
        let start = Instant::now();
        let mut last_err: Option<WdError> = None;
        loop {
            match probe(self) {
                Ok(Some(v)) => return Ok(v),
                Ok(None) => {}
                Err(e) if e.is_transient() => last_err = Some(e),
                Err(e) => return Err(e),
            }
            if start.elapsed() >= timeout {
                let extra = last_err.map(|e| format!(" (last error: {e})")).unwrap_or_default();
                return Err(WdError::new(
                    "timeout",
                    format!("waited {:.1} s for {what}{extra}", timeout.as_secs_f64()),
                ));
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits until an element matches `css` and is displayed.
    pub fn wait_for(&self, css: &str, timeout: Duration) -> WdResult<Element> {
        self.wait_until(&format!("`{css}` to be shown"), timeout, |s| match s.find(css)? {
            Some(el) if s.is_displayed(&el)? => Ok(Some(el)),
            _ => Ok(None),
        })
    }

    /// Waits until no element matches `css`.
    pub fn wait_gone(&self, css: &str, timeout: Duration) -> WdResult<()> {
        self.wait_until(&format!("`{css}` to go away"), timeout, |s| {
            Ok(if s.find(css)?.is_none() { Some(()) } else { None })
        })
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.delete();
    }
}

/// Standard base64 (with or without padding, whitespace ignored).
pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    fn val(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let clean: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace() && *b != b'=').collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        if chunk.len() == 1 {
            return None;
        }
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= val(c)? << (18 - 6 * i);
        }
        out.push((n >> 16) as u8);
        if chunk.len() > 2 {
            out.push((n >> 8) as u8);
        }
        if chunk.len() > 3 {
            out.push(n as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::base64_decode;

    #[test]
    fn decodes_base64() {
        assert_eq!(base64_decode("TW90IEPhu61h").unwrap(), "Mot Cửa".as_bytes());
        assert_eq!(base64_decode("YQ==").unwrap(), b"a");
        assert_eq!(base64_decode("YWI=").unwrap(), b"ab");
        assert_eq!(base64_decode("YWJj").unwrap(), b"abc");
        assert!(base64_decode("Y").is_none());
        assert!(base64_decode("Y*==").is_none());
    }
}
