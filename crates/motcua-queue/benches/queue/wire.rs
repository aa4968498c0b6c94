//! The simulated counters' and kiosks' HTTP: one keep-alive socket each, a request written by
//! hand and its answer read by `Content-Length`; and the hall display's event stream
//! ([`EventLines`]).
//!
//! The counters are other PCs in an office; here they share the hub's two cores. reqwest's
//! blocking client (what the counter app uses) drives each client through a runtime thread
//! of its own, so 30 of them spend several times the hub's CPU on their own side of each
//! request and the table would time the simulator as much as the hub. A blocking socket
//! costs a write and a read per call. Floor A is measured with the same client, so the two
//! stay comparable.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;

use serde::Serialize;
use serde::de::DeserializeOwned;

pub struct Wire {
    stream: TcpStream,
    host: String,
    key: Option<String>,
}

/// An answer: the status code and the body.
pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!("answer {} not understood ({e}): {}", self.status, String::from_utf8_lossy(&self.body))
        })
    }
}

impl Wire {
    /// Connects to `base` (`http://127.0.0.1:PORT`); `key` is sent as the bearer key.
    pub fn connect(base: &str, key: Option<&str>) -> Wire {
        let (stream, host) = connect(base);
        stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).expect("read timeout");
        Wire { stream, host, key: key.map(str::to_owned) }
    }

    pub fn post<B: Serialize>(&self, path: &str, body: &B) -> Answer {
        let body = serde_json::to_vec(body).expect("request body");
        self.send("POST", path, &body)
    }

    pub fn get(&self, path: &str) -> Answer {
        self.send("GET", path, &[])
    }

    fn send(&self, method: &str, path: &str, body: &[u8]) -> Answer {
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nhost: {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
            self.host,
            body.len()
        );
        if let Some(key) = &self.key {
            request.push_str(&format!("authorization: Bearer {key}\r\n"));
        }
        request.push_str("\r\n");
        let mut bytes = request.into_bytes();
        bytes.extend_from_slice(body);
        (&self.stream).write_all(&bytes).expect("send the request");
        self.read_answer()
    }

    /// One answer (the sockets never pipeline, so nothing follows it).
    fn read_answer(&self) -> Answer {
        let mut buf = Vec::with_capacity(1024);
        let mut chunk = [0u8; 4096];
        let head_end = loop {
            let n = (&self.stream).read(&mut chunk).expect("read the answer");
            assert!(n > 0, "the server closed the connection");
            buf.extend_from_slice(&chunk[..n]);
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
        };
        let head = std::str::from_utf8(&buf[..head_end]).expect("answer head in ASCII");
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("status code");
        let length: usize = head
            .lines()
            .find_map(|l| {
                let (name, value) = l.split_once(':')?;
                name.eq_ignore_ascii_case("content-length").then(|| value.trim().parse().ok())?
            })
            .expect("the answer has a content-length");
        while buf.len() < head_end + length {
            let n = (&self.stream).read(&mut chunk).expect("read the answer's body");
            assert!(n > 0, "the server closed the connection mid-answer");
            buf.extend_from_slice(&chunk[..n]);
        }
        Answer { status, body: buf[head_end..head_end + length].to_vec() }
    }
}

/// A socket to `base` (`http://127.0.0.1:PORT`), and the host part for the `host` header.
fn connect(base: &str) -> (TcpStream, String) {
    let host = base.strip_prefix("http://").unwrap_or(base).trim_end_matches('/').to_owned();
    let stream = TcpStream::connect(&host).unwrap_or_else(|e| panic!("connect to {host}: {e}"));
    // A request is one write; without this the answer to a small write could wait for an
    // acknowledgement that TCP delays.
    stream.set_nodelay(true).expect("TCP_NODELAY");
    (stream, host)
}

/// A server-sent events stream read off its own socket: the head, then the chunked body line
/// by line. The hall display is a TV's browser, another machine; reqwest would spend a runtime
/// thread of the hub's two cores on de-chunking its 10,000 events a second.
pub struct EventLines {
    reader: BufReader<TcpStream>,
    /// Body bytes not yet handed out as lines.
    pending: Vec<u8>,
    chunked: bool,
}

impl EventLines {
    /// `GET path` on `base` (`http://127.0.0.1:PORT`); panics unless the answer is a 200.
    pub fn open(base: &str, path: &str) -> EventLines {
        let (stream, host) = connect(base);
        let request = format!("GET {path} HTTP/1.1\r\nhost: {host}\r\naccept: text/event-stream\r\n\r\n");
        (&stream).write_all(request.as_bytes()).expect("send the request");
        let mut reader = BufReader::new(stream);
        let mut status_line = String::new();
        reader.read_line(&mut status_line).expect("read the answer's status");
        let status = status_line.split(' ').nth(1).unwrap_or("");
        assert_eq!(status, "200", "GET {path}: {}", status_line.trim_end());
        let mut chunked = false;
        loop {
            let mut header = String::new();
            reader.read_line(&mut header).expect("read the answer's head");
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                chunked |=
                    name.eq_ignore_ascii_case("transfer-encoding") && value.trim().eq_ignore_ascii_case("chunked");
            }
        }
        EventLines { reader, pending: Vec::new(), chunked }
    }

    /// The next line of the body without its line end; None once the stream has ended.
    pub fn next_line(&mut self) -> Option<String> {
        loop {
            if let Some(end) = self.pending.iter().position(|b| *b == b'\n') {
                let line: Vec<u8> = self.pending.drain(..=end).collect();
                return Some(String::from_utf8_lossy(&line).trim_end_matches(['\r', '\n']).to_owned());
            }
            if !self.fill() {
                return None;
            }
        }
    }

    /// Appends the next chunk of the body (or what the socket has, if not chunked) to
    /// `pending`; false at the end of the stream.
    fn fill(&mut self) -> bool {
        if !self.chunked {
            let mut buf = [0u8; 4096];
            return match self.reader.read(&mut buf) {
                Ok(n) if n > 0 => {
                    self.pending.extend_from_slice(&buf[..n]);
                    true
                }
                _ => false,
            };
        }
        let mut size = String::new();
        if !matches!(self.reader.read_line(&mut size), Ok(n) if n > 0) {
            return false;
        }
        let digits = size.trim().split(';').next().unwrap_or("");
        let Ok(size) = usize::from_str_radix(digits, 16) else { return false };
        if size == 0 {
            return false;
        }
        let start = self.pending.len();
        self.pending.resize(start + size, 0);
        let mut crlf = [0u8; 2];
        self.reader.read_exact(&mut self.pending[start..]).and_then(|()| self.reader.read_exact(&mut crlf)).is_ok()
    }
}
