//! `motcua report`: the supervisor's reports as files.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use chrono::NaiveDate;
use clap::Subcommand;

use motcua_app::ReportFormat;

use crate::data::open;

#[derive(Subcommand)]
pub enum ReportCommand {
    /// The monthly dossier report (per field and procedure: carried over, received, resolved
    /// early / on time / late, ended otherwise, pending, late).
    Monthly {
        /// YYYY-MM
        #[arg(long)]
        month: String,
        /// xlsx, pdf or csv
        #[arg(long)]
        format: String,
        #[arg(long)]
        out: PathBuf,
    },
}

pub fn run(cmd: ReportCommand, db: Option<&Path>) -> anyhow::Result<()> {
    match cmd {
        ReportCommand::Monthly { month, format, out } => {
            let Some(first) = NaiveDate::parse_from_str(&format!("{}-01", month.trim()), "%Y-%m-%d").ok() else {
                bail!("Tháng không hợp lệ: {month:?} (cần dạng YYYY-MM, ví dụ 2026-11)")
            };
            let Some(format) = ReportFormat::parse(&format) else {
                bail!("Định dạng không hỗ trợ: {format:?} (chọn xlsx, pdf hoặc csv)")
            };
            let bytes = open(db, false)?.monthly_report_file(first, format)?;
            std::fs::write(&out, bytes).with_context(|| format!("Không ghi được tệp {}", out.display()))?;
            println!("{}", out.display());
        }
    }
    Ok(())
}
