//! Finding the office's queue hub on the LAN, so an admin setting up a counter PC picks it from
//! a list instead of typing an address.
//!
//! The hub answers UDP datagrams on the same port number as its HTTP API. A counter sends
//! [`QUESTION`] to the LAN's broadcast address; each hub answers the sender with a small JSON
//! body (its HTTP port and the office's name, nothing else), and the counter makes the URL from
//! the address the answer came from. Routers do not forward broadcasts, which is what an office
//! LAN wants: only hubs of this LAN answer.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, UdpSocket};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

/// What a counter asks.
pub const QUESTION: &[u8] = b"MOTCUA-HUB?";

/// The port hubs listen on unless told otherwise.
pub const DEFAULT_PORT: u16 = 8700;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Answer {
    motcua_hub: u32,
    port: u16,
    office: String,
}

/// A hub that answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundHub {
    pub url: String,
    pub office: String,
}

/// Answers questions on `socket` until the runtime stops (the hub's side).
pub(crate) async fn answer(socket: tokio::net::UdpSocket, http_port: u16, office: String) {
    let body = serde_json::to_vec(&Answer { motcua_hub: 1, port: http_port, office }).unwrap_or_default();
    let mut buf = [0u8; 64];
    loop {
        match socket.recv_from(&mut buf).await {
            Ok((n, from)) if &buf[..n] == QUESTION => {
                if let Err(e) = socket.send_to(&body, from).await {
                    tracing::debug!(error = %e, "discovery answer not sent");
                }
            }
            Ok(_) => {}
            Err(e) => {
                // A datagram answered with ICMP "port unreachable" shows up here on some
                // systems; the socket itself is still good.
                tracing::debug!(error = %e, "discovery socket");
            }
        }
    }
}

/// Asks `targets` (the LAN's broadcast address, or given hosts) on `port` and collects the
/// hubs that answer within `wait`, sorted by URL.
pub fn discover(port: u16, targets: &[IpAddr], wait: Duration) -> std::io::Result<Vec<FoundHub>> {
    let socket = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0))?;
    socket.set_broadcast(true)?;
    for target in targets {
        if let Err(e) = socket.send_to(QUESTION, SocketAddr::new(*target, port)) {
            tracing::info!(error = %e, %target, "discovery question not sent");
        }
    }
    let deadline = Instant::now() + wait;
    let mut found = BTreeMap::new();
    let mut buf = [0u8; 512];
    while let Some(left) = deadline.checked_duration_since(Instant::now()).filter(|d| !d.is_zero()) {
        socket.set_read_timeout(Some(left))?;
        match socket.recv_from(&mut buf) {
            Ok((n, from)) => {
                let Ok(answer) = serde_json::from_slice::<Answer>(&buf[..n]) else { continue };
                if answer.motcua_hub != 1 {
                    continue;
                }
                let url = format!("http://{}", SocketAddr::new(from.ip(), answer.port));
                found.insert(url.clone(), FoundHub { url, office: answer.office });
            }
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => break,
            Err(e) => tracing::debug!(error = %e, "discovery receive"),
        }
    }
    Ok(found.into_values().collect())
}

/// Where a counter asks by default: every host of the local network.
pub fn lan_broadcast() -> Vec<IpAddr> {
    vec![IpAddr::V4(Ipv4Addr::BROADCAST)]
}
