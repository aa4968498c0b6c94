//! Integration tests of the store on real SQLite files.

mod backup;
mod crash;
mod dashboard;
mod lifecycle;
mod maintenance;
mod open;
mod pull;
mod reports;
mod search;
mod sync;
mod support {
    pub use motcua_store::fixtures::*;
}
mod write_path;
