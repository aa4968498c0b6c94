//! A running office hub: the queue host, its LAN API and its discovery answer, on a runtime of
//! its own. `motcua-server --office-hub` runs one; so does a counter app set to host the
//! office's queue.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use crate::error::QueueError;
use crate::host::{HostConfig, QueueHost};
use crate::http::{HubState, TicketPrinter, router_with};

pub struct HubOptions {
    /// The hub's own database (not a counter's).
    pub db: PathBuf,
    /// e.g. `0.0.0.0:8700` for the office LAN, `127.0.0.1:0` in tests.
    pub listen: String,
    /// The supervisor's key (it also enrols counters).
    pub key: String,
    pub config: HostConfig,
    /// The kiosk's ticket printer, if the hub holds it.
    pub printer: Option<Arc<dyn TicketPrinter>>,
    /// The name counters see when they look for hubs on the LAN.
    pub office_name: String,
}

/// Stops the hub when dropped (in-flight commands are answered first).
pub struct RunningHub {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl RunningHub {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL this PC reaches the hub at (loopback when it listens on every interface).
    pub fn local_url(&self) -> String {
        let ip = if self.addr.ip().is_unspecified() { "127.0.0.1".parse().expect("ip") } else { self.addr.ip() };
        format!("http://{}", SocketAddr::new(ip, self.addr.port()))
    }

    /// Stops serving and waits for the hub's thread (commands already taken are answered).
    pub fn stop(mut self) {
        self.shut();
    }

    fn shut(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for RunningHub {
    fn drop(&mut self) {
        self.shut();
    }
}

/// Opens the hub's database and starts serving; returns once it listens.
pub fn start(options: HubOptions) -> Result<RunningHub, QueueError> {
    let host = QueueHost::open(&options.db, options.config)?;
    let listen_error = |e: std::io::Error| QueueError::Listen { addr: options.listen.clone(), detail: e.to_string() };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("queue-hub")
        .enable_all()
        .build()
        .map_err(listen_error)?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind(&options.listen)).map_err(listen_error)?;
    let addr = listener.local_addr().map_err(listen_error)?;
    // Discovery answers on the same port number, over UDP; without it the hub still works
    // (counters type its address), so a failure here is only logged.
    let udp = runtime.block_on(tokio::net::UdpSocket::bind(addr));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let app = router_with(HubState { host, key: options.key }, options.printer);
    let office = options.office_name;
    let thread = std::thread::Builder::new()
        .name("queue-hub".into())
        .spawn(move || {
            runtime.block_on(async move {
                match udp {
                    Ok(socket) => {
                        tokio::spawn(crate::discovery::answer(socket, addr.port(), office));
                    }
                    Err(e) => tracing::warn!(error = %e, %addr, "hub discovery not available"),
                }
                let served = axum::serve(listener, app).with_graceful_shutdown(async {
                    let _ = stopped.await;
                });
                if let Err(e) = served.await {
                    tracing::error!(error = %e, "queue hub stopped");
                }
            });
            // Leave the runtime's own threads (discovery, open SSE streams) behind promptly.
            runtime.shutdown_timeout(std::time::Duration::from_secs(2));
        })
        .map_err(listen_error)?;
    tracing::info!(%addr, "queue hub listening");
    Ok(RunningHub { addr, stop: Some(stop), thread: Some(thread) })
}

/// The supervisor's key for the hub at `db`: `MOTCUA_HUB_KEY` if set, else the one kept in
/// `DB.key` (made on first start, readable by the hub's account only).
pub fn key_beside(db: &Path) -> Result<String, QueueError> {
    if let Ok(key) = std::env::var("MOTCUA_HUB_KEY")
        && !key.trim().is_empty()
    {
        return Ok(key.trim().to_owned());
    }
    let mut file = db.as_os_str().to_owned();
    file.push(".key");
    let file = PathBuf::from(file);
    if let Ok(key) = std::fs::read_to_string(&file) {
        return Ok(key.trim().to_owned());
    }
    let key = crate::access::new_key();
    write_private(&file, &key)
        .map_err(|e| QueueError::Store(motcua_store::StoreError::Io { path: file.clone(), source: e }))?;
    tracing::info!(file = %file.display(), "new hub key made");
    Ok(key)
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    // Under the hub's data folder, which only its account and administrators can read.
    std::fs::write(path, text)
}
