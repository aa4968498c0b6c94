//! `motcua`: the counter's data from the command line, for IT officers' scripts and tests.
//! A thin layer: every command calls the same crates as the desktop app.

mod backup;
mod calendar;
mod data;
mod feedback;
mod print;
mod queue;
mod report;
mod sync;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "motcua", version, about = "Một Cửa: công cụ dòng lệnh cho cán bộ CNTT")]
struct Cli {
    /// The counter database (SQLite file). Also read from MOTCUA_DB.
    #[arg(long, global = true, env = "MOTCUA_DB")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lunar dates, days off, appointment dates.
    #[command(subcommand)]
    Calendar(calendar::CalendarCommand),
    /// The office profile (first-run data).
    #[command(subcommand)]
    Office(data::OfficeCommand),
    /// The procedure catalog.
    #[command(subcommand)]
    Catalog(data::CatalogCommand),
    /// Dossiers.
    #[command(subcommand)]
    Dossier(data::DossierCommand),
    /// Database maintenance.
    #[command(subcommand)]
    Db(data::DbCommand),
    /// Papers as files: the receipt, the other forms, the log book, queue tickets.
    #[command(subcommand)]
    Print(print::PrintCommand),
    /// How papers look: the form set and the look-up URL for the receipt's QR.
    #[command(subcommand)]
    Papers(print::PapersCommand),
    /// The office queue through its hub (tickets, calls, the live view).
    #[command(subcommand)]
    Queue(queue::QueueCommand),
    /// Sync with the city server: enrol this PC, push now, the state.
    #[command(subcommand)]
    Sync(sync::SyncCommand),
    /// Feedback and recommendations (phản ánh, kiến nghị): record, assign, answer, publish.
    #[command(subcommand)]
    Feedback(feedback::FeedbackCommand),
    /// Reports as files (the monthly dossier report).
    #[command(subcommand)]
    Report(report::ReportCommand),
    /// A verified backup of the database (SQLite online backup: the app may keep saving).
    Backup {
        /// The backup file to write (replaced if it exists).
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Replaces the database with a backup; the app must be closed. The replaced database is
    /// kept beside it as NAME.before-restore-YYYYMMDD-HHMMSS.
    Restore {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("MOTCUA_LOG").unwrap_or_else(|_| "warn".into()))
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Calendar(c) => calendar::run(c, cli.db.as_deref()),
        Command::Office(c) => data::office(c, cli.db.as_deref()),
        Command::Catalog(c) => data::catalog(c, cli.db.as_deref()),
        Command::Dossier(c) => data::dossier(c, cli.db.as_deref()),
        Command::Db(c) => data::db(c, cli.db.as_deref()),
        Command::Print(c) => print::print(c, cli.db.as_deref()),
        Command::Papers(c) => print::papers(c, cli.db.as_deref()),
        Command::Queue(c) => queue::run(c),
        Command::Sync(c) => sync::run(c, cli.db.as_deref()),
        Command::Report(c) => report::run(c, cli.db.as_deref()),
        Command::Feedback(c) => feedback::run(c, cli.db.as_deref()),
        Command::Backup { out, json } => backup::backup(cli.db.as_deref(), &out, json),
        Command::Restore { file, json } => backup::restore(cli.db.as_deref(), &file, json),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Lỗi: {}", user_message(&e));
            tracing::debug!(error = %e, "command failed");
            ExitCode::FAILURE
        }
    }
}

/// The Vietnamese message of an app or store error, the error itself otherwise.
fn user_message(e: &anyhow::Error) -> String {
    if let Some(app) = e.downcast_ref::<motcua_app::AppError>() {
        let mut msg = app.user_message();
        if let Some(p) = app.problems().filter(|p| p.0.len() > 1) {
            for f in &p.0 {
                msg.push_str(&format!("\n  - {}: {}", f.field, f.message));
            }
        }
        return msg;
    }
    if let Some(store) = e.downcast_ref::<motcua_store::StoreError>() {
        return store.user_message();
    }
    if let Some(backup) = e.downcast_ref::<motcua_store::backup::BackupError>() {
        return backup.user_message();
    }
    if let Some(print) = e.downcast_ref::<motcua_print::PrintError>() {
        return print.user_message();
    }
    if let Some(queue) = e.downcast_ref::<motcua_queue::QueueError>() {
        tracing::debug!(error = %queue, "queue");
        return queue.user_message();
    }
    format!("{e:#}")
}
