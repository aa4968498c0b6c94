//! `--updates DIR`: the city server hands out the counter app's updates, so commune PCs that
//! reach only the city's network get them too. The city's IT team copies into DIR what the
//! release brings: `latest.json` (Tauri's update manifest: version, notes, each platform's
//! package address and minisign signature) and the packages it names. Counter PCs enrolled
//! with the city check `/updates/latest.json` unless their admin set another address; the
//! app checks every package's signature against its own key before installing, so the server
//! needs no trust beyond serving the files.

use std::path::PathBuf;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

pub fn router(dir: PathBuf) -> Router {
    Router::new().route("/updates/{file}", get(file)).with_state(dir)
}

/// A plain file name of DIR: no separators, no `..`, nothing hidden.
fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name.len() <= 200
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+'))
}

async fn file(State(dir): State<PathBuf>, Path(name): Path<String>) -> Response {
    if !plain_name(&name) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let opened = match tokio::fs::File::open(dir.join(&name)).await {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(file = %name, error = %e, "cannot open an update file");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let length = opened.metadata().await.map(|m| m.len()).ok();
    let kind = if name.ends_with(".json") { "application/json" } else { "application/octet-stream" };
    // Streamed: an installer carrying WebView2 is over 100 MB, and a commune's PCs may all
    // fetch it at once.
    let mut response = Body::from_stream(tokio_util::io::ReaderStream::new(opened)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, header::HeaderValue::from_static(kind));
    // A new release replaces latest.json: no PC may keep an old one from a cache.
    headers.insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-cache"));
    if let Some(n) = length {
        headers.insert(header::CONTENT_LENGTH, n.into());
    }
    response
}

#[cfg(test)]
mod tests {
    use super::plain_name;

    #[test]
    fn only_plain_names_of_the_folder_are_served() {
        for ok in ["latest.json", "motcua_0.2.0_amd64.deb", "Mot-Cua_0.2.0_x64-setup.exe", "a+b.sig"] {
            assert!(plain_name(ok), "{ok}");
        }
        for bad in ["", ".hidden", "..", "../city.db", "a/b", "a\\b", "tệp.json", "%2e%2e"] {
            assert!(!plain_name(bad), "{bad}");
        }
    }
}
