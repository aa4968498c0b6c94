//! Integration tests of the domain crate: one binary, one module per area.

mod calendar;
mod catalog;
mod cccd;
mod dossier_code;
mod feedback;
mod iso_time;
mod lifecycle;
mod satisfaction;
