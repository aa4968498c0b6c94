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
    /// The log book (Sổ theo dõi hồ sơ, form 07) of the dossiers received in a period, as a
    /// spreadsheet or the PDF that prints.
    Logbook {
        /// First day, YYYY-MM-DD
        #[arg(long)]
        from: String,
        /// Last day, included, YYYY-MM-DD
        #[arg(long)]
        to: String,
        /// xlsx, pdf or csv
        #[arg(long)]
        format: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// The supervisor's dashboard of a period: received, resolved early / on time / late and
    /// the rates, pending now by deadline, per procedure, field and clerk; feedback,
    /// satisfaction and queue figures.
    Dashboard {
        /// First day, YYYY-MM-DD (default: today)
        #[arg(long)]
        from: Option<String>,
        /// Last day, included, YYYY-MM-DD (default: the first day)
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        json: bool,
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
        ReportCommand::Logbook { from, to, format, out } => {
            let (from, to) = (day(&from)?, day(&to)?);
            let Some(format) = ReportFormat::parse(&format) else {
                bail!("Định dạng không hỗ trợ: {format:?} (chọn xlsx, pdf hoặc csv)")
            };
            let bytes = open(db, false)?.log_book_file(from, to, format)?;
            std::fs::write(&out, bytes).with_context(|| format!("Không ghi được tệp {}", out.display()))?;
            println!("{}", out.display());
        }
        ReportCommand::Dashboard { from, to, json } => {
            let app = open(db, false)?;
            let from = match from {
                Some(f) => day(&f)?,
                None => app.now().date(),
            };
            let to = match to {
                Some(t) => day(&t)?,
                None => from,
            };
            let board = app.dashboard(from, to)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&board)?);
            } else {
                print!("{}", dashboard_text(&board));
            }
        }
    }
    Ok(())
}

fn day(s: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .with_context(|| format!("Ngày không hợp lệ: {s:?} (cần dạng YYYY-MM-DD, ví dụ 2026-11-01)"))
}

fn rate(r: Option<f64>) -> String {
    r.map_or("—".into(), |r| format!("{r:.1} %"))
}

/// The dashboard as a terminal table.
fn dashboard_text(b: &motcua_store::Dashboard) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let last = b.end.pred_opt().unwrap_or(b.end);
    let _ = writeln!(out, "Kỳ {} đến {} (đang giải quyết tính đến {})", b.start, last, b.now.format("%Y-%m-%d %H:%M"));
    let _ = writeln!(
        out,
        "{:<40} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9} {:>8} {:>9} {:>9}",
        "", "Tiếp nhận", "Trước hạn", "Đúng hạn", "Trễ hạn", "Khác", "Đang GQ", "Quá hạn", "Đúng hạn %", "Hài lòng %"
    );
    let line = |out: &mut String, l: &motcua_store::DashboardLine| {
        let label: String = l.label.chars().take(40).collect();
        let _ = writeln!(
            out,
            "{label:<40} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9} {:>8} {:>9} {:>9}",
            l.received,
            l.resolved_early,
            l.resolved_on_time,
            l.resolved_late,
            l.ended_otherwise,
            l.pending,
            l.pending_late,
            rate(l.on_time_rate),
            rate(l.satisfaction_rate)
        );
    };
    line(&mut out, &b.totals);
    for (title, lines) in
        [("Theo lĩnh vực", &b.by_field), ("Theo thủ tục", &b.by_procedure), ("Theo cán bộ", &b.by_clerk)]
    {
        let _ = writeln!(out, "{title}:");
        for l in lines {
            line(&mut out, l);
        }
    }
    let p = &b.pending;
    let _ = writeln!(
        out,
        "Đang giải quyết: {} (quá hạn {}, đến hạn hôm nay {}, ngày làm việc tới {}, chờ bổ sung {})",
        p.open, p.late, p.due_today, p.due_next_working_day, p.waiting_supplement
    );
    let f = &b.feedback;
    let _ = writeln!(
        out,
        "Phản ánh, kiến nghị: tiếp nhận {}, trả lời đúng hạn {}, trễ hạn {}, chưa trả lời {} (quá hạn {})",
        f.received, f.answered_on_time, f.answered_late, f.open, f.overdue
    );
    let q = &b.queue;
    let minutes = |m: Option<f64>| m.map_or("—".into(), |m| format!("{m:.1} phút"));
    let _ = writeln!(
        out,
        "Xếp hàng: {} số, đã phục vụ {}, vắng mặt {}, chờ trung bình {}, phục vụ trung bình {}",
        q.issued,
        q.served,
        q.no_show,
        minutes(q.average_wait_minutes),
        minutes(q.average_service_minutes)
    );
    out
}
