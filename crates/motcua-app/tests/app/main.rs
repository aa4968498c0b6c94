//! The counter's use cases, driven as the UI drives them, on real database files.

mod backups;
mod intake;
mod mail;
mod printing;
mod queue;
mod reports;
mod setup;
mod support;
mod sync;
