//! The rules of a Vietnamese one-stop counter (Bộ phận Một cửa), with no I/O.
//!
//! Everything here is pure: the store, the app and the CLI call these functions and
//! persist or show what they return. Where a rule changes by decree (holidays, form
//! sets, office hours) the rule takes its data as an argument instead of hard-coding it.

pub mod calendar;
pub mod catalog;
pub mod cccd;
pub mod dossier;
pub mod dossier_code;
pub mod feedback;
pub mod iso_time;
pub mod lifecycle;
pub mod mail;
pub mod office;
pub mod papers;
pub mod queue;
pub mod satisfaction;
pub mod text;
pub mod validation;
