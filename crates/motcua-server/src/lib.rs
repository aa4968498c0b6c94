//! The city server as a library: its router over either storage backend, and the city
//! admin's commands. The `motcua-server` binary serves it; the counter app's tests serve it
//! in process on loopback.

pub mod admin;
mod body;
pub mod city;
pub mod console;
pub mod enrolment;
pub mod limits;
#[cfg(feature = "loopback")]
pub mod loopback;
mod metrics;
pub mod openapi;
pub mod updates;
