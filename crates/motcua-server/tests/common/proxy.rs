//! A TCP proxy between a counter and the city server that loses the answers to chosen pushes:
//! the request reaches the server (which stores the ops) but the answer never comes back,
//! either cut (the connection closed) or stalled (the connection held open, silent).

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    Pass,
    /// The server's answer is dropped and the connection closed.
    Cut,
    /// The answer is swallowed and the connection kept open until the proxy stops.
    Stall,
}

pub struct Proxy {
    pub url: String,
    stop: Arc<AtomicBool>,
    /// Pushes seen so far.
    pushes: Arc<AtomicUsize>,
}

impl Proxy {
    /// Forwards to `upstream` (`host:port`); the n-th push (from 0) meets `fate(n)`.
    pub fn start(upstream: &str, fate: fn(usize) -> Fate) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let stop = Arc::new(AtomicBool::new(false));
        let pushes = Arc::new(AtomicUsize::new(0));
        let (upstream, stop2, pushes2) = (upstream.to_owned(), stop.clone(), pushes.clone());
        std::thread::spawn(move || {
            while !stop2.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((client, _)) => {
                        client.set_nonblocking(false).unwrap();
                        let Ok(server) = TcpStream::connect(&upstream) else { continue };
                        relay(client, server, fate, pushes2.clone(), stop2.clone());
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Proxy { url, stop, pushes }
    }

    pub fn pushes_seen(&self) -> usize {
        self.pushes.load(Ordering::SeqCst)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// One connection: requests go through as they are; each answer meets the fate of the last
/// request seen on the connection (HTTP/1.1 answers in order).
fn relay(
    client: TcpStream,
    server: TcpStream,
    fate: fn(usize) -> Fate,
    pushes: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
) {
    let current = Arc::new(std::sync::Mutex::new(Fate::Pass));
    let (mut c_in, mut s_out) = (client.try_clone().unwrap(), server.try_clone().unwrap());
    let now = current.clone();
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match c_in.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            if buf[..n].windows(22).any(|w| w == b"POST /api/v0/sync/push") {
                *now.lock().unwrap() = fate(pushes.fetch_add(1, Ordering::SeqCst));
            }
            if s_out.write_all(&buf[..n]).is_err() {
                break;
            }
        }
        let _ = s_out.shutdown(Shutdown::Write);
    });
    let (mut s_in, mut c_out) = (server, client);
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match s_in.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let fate = *current.lock().unwrap();
            match fate {
                Fate::Pass => {
                    if c_out.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
                Fate::Cut => break,
                Fate::Stall => {
                    // Hold the client's connection open and silent until the proxy stops
                    // (at most a minute: a test never waits that long).
                    for _ in 0..600 {
                        if stop.load(Ordering::SeqCst) {
                            break;
                        }
                        std::thread::sleep(Duration::from_millis(100));
                    }
                    break;
                }
            }
        }
        let _ = c_out.shutdown(Shutdown::Both);
        let _ = s_in.shutdown(Shutdown::Both);
    });
}
