//! `motcua sync …`: this counter's sync with the city server, for IT officers' scripts.
//!
//! ```text
//! motcua sync enrol --server https://motcua.hanoi.gov.vn --code ABCD-EFGH-JKMN
//! motcua sync join --server https://motcua.hanoi.gov.vn --code ABCD-EFGH-JKMN --counter 4
//! motcua sync now [--json]       one round in the foreground: the outbox pushed until empty
//! motcua sync status [--json]
//! ```

use std::path::Path;

use clap::Subcommand;

use crate::data::open;

#[derive(Subcommand)]
pub enum SyncCommand {
    /// Enrol this PC with the city server, with the one-time code the city issued.
    Enrol {
        #[arg(long)]
        server: String,
        #[arg(long)]
        code: String,
    },
    /// First run of a new PC of an office the city already has: enrol, take the office,
    /// its accounts, catalog and dossiers from the server, with this PC's counter number.
    Join {
        #[arg(long)]
        server: String,
        /// Not needed again after a refused counter number (the PC stays enrolled).
        #[arg(long, default_value = "")]
        code: String,
        #[arg(long)]
        counter: u32,
    },
    /// Push everything waiting now, and say how it went.
    Now {
        #[arg(long)]
        json: bool,
    },
    /// What waits, since when, and the last sync.
    Status {
        #[arg(long)]
        json: bool,
    },
}

pub fn run(command: SyncCommand, db: Option<&Path>) -> anyhow::Result<()> {
    // Joining is a first run: the database file is made.
    let app = open(db, matches!(command, SyncCommand::Join { .. }))?;
    match command {
        SyncCommand::Enrol { server, code } => {
            let link = app.enrol_with_city(&server, &code)?;
            // The CLI does not stay to sync: `motcua sync now` or the app does.
            app.shut_down();
            println!("Đã đăng ký máy với máy chủ thành phố: {} ({}).", link.office_name, link.office_unit_code);
        }
        SyncCommand::Join { server, code, counter } => {
            let office = app.join_city_office(&server, &code, counter)?;
            app.shut_down();
            println!("Máy đã vào {} ({}), quầy {}.", office.name, office.unit_code, office.counter_number);
        }
        SyncCommand::Now { json } => {
            let round = app.sync_once()?;
            let (report, pulled) = (round.pushed, round.pulled.applied);
            if json {
                let out = serde_json::json!({
                    "sent": report.sent, "duplicates": report.duplicates,
                    "rejected": report.rejected, "batches": report.batches,
                    "pulled": {
                        "applied": pulled.applied, "already_had": pulled.already_had,
                        "superseded": pulled.superseded, "not_applied": pulled.not_applied
                    }
                });
                println!("{out}");
            } else {
                println!(
                    "Đã gửi {} thao tác ({} máy chủ đã có từ trước), {} bị từ chối. Đã nhận {} thay đổi từ máy chủ.",
                    report.sent, report.duplicates, report.rejected, pulled.applied
                );
            }
        }
        SyncCommand::Status { json } => {
            let status = app.sync_status()?;
            if json {
                println!("{}", serde_json::to_string(&status)?);
            } else {
                match &status.link {
                    None => println!("Máy này chưa đăng ký với máy chủ thành phố."),
                    Some(link) => println!(
                        "{} ({}) tại {}: {} thao tác chờ gửi; đồng bộ lần cuối: {}; {} bị từ chối.",
                        link.office_name,
                        link.office_unit_code,
                        link.server_url,
                        status.waiting,
                        status.last_synced_at.as_deref().unwrap_or("chưa"),
                        status.rejected
                    ),
                }
            }
        }
    }
    Ok(())
}
