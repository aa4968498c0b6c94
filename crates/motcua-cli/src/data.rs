//! `motcua office|catalog|dossier|db …`: commands over a counter database.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Subcommand;

use motcua_app::{CatalogFormat, CounterApp, OfficeSetup};
use motcua_domain::dossier::DossierDraft;
use motcua_domain::lifecycle::Step;
use motcua_store::DossierRecord;

#[derive(Subcommand)]
pub enum OfficeCommand {
    /// Sets up a new office from the first-run wizard's data (office + admin account).
    Init {
        #[arg(long = "json", value_name = "FILE")]
        file: PathBuf,
    },
    /// Prints the office profile.
    Show {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum CatalogCommand {
    /// Imports procedures from a JSON or CSV file (by extension); known codes are updated.
    Import {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Writes the catalog as JSON (or CSV with --csv) to standard output.
    Export {
        #[arg(long)]
        csv: bool,
    },
}

#[derive(Subcommand)]
pub enum DossierCommand {
    /// Saves a dossier from a JSON draft (a file, or - for standard input) and prints it.
    Create {
        #[arg(long = "json", value_name = "FILE|-")]
        file: String,
    },
    /// Prints one dossier by its code.
    Get {
        code: String,
        #[arg(long)]
        json: bool,
    },
    /// Finds dossiers by code, ID number, phone, or name (with or without diacritics).
    Search {
        query: String,
        #[arg(long)]
        json: bool,
    },
    /// Records a step of a dossier after reception, from JSON (a file, or - for standard
    /// input), e.g. {"step":"handed_off","to":"Phòng Tư pháp","handler":"","deadline":
    /// "2026-11-20T17:00:00","note":""}; prints where the dossier stands.
    Step {
        code: String,
        #[arg(long = "json", value_name = "FILE|-")]
        file: String,
    },
    /// Every step of a dossier (the process-control sheet).
    History {
        code: String,
        #[arg(long)]
        json: bool,
    },
    /// Dossiers late, due today and due on the next working day.
    Late {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum DbCommand {
    /// Full integrity check and schema version.
    Check {
        #[arg(long)]
        json: bool,
    },
}

/// Opens an existing database; `create` allows a new file (office init only).
pub fn open(db: Option<&Path>, create: bool) -> anyhow::Result<CounterApp> {
    let Some(path) = db else { bail!("Cần chỉ ra tệp dữ liệu: --db PATH (hoặc biến MOTCUA_DB)") };
    if !create && !path.exists() {
        bail!("Không tìm thấy tệp dữ liệu {}", path.display());
    }
    // Debug builds read MOTCUA_TEST_NOW (see `office_or_test_clock`).
    Ok(CounterApp::open_with_clock(path, motcua_app::office_or_test_clock())?.with_cli_session())
}

pub fn read_input(file: &str) -> anyhow::Result<String> {
    let mut s = String::new();
    if file == "-" {
        std::io::stdin().read_to_string(&mut s).context("đọc từ đầu vào chuẩn")?;
    } else {
        s = std::fs::read_to_string(file).with_context(|| format!("Không đọc được tệp {file}"))?;
    }
    Ok(s)
}

pub fn office(cmd: OfficeCommand, db: Option<&Path>) -> anyhow::Result<()> {
    match cmd {
        OfficeCommand::Init { file } => {
            let setup: OfficeSetup = serde_json::from_str(&read_input(&file.to_string_lossy())?)
                .context("Tệp thiết lập không đúng định dạng JSON")?;
            let office = open(db, true)?.setup_office(setup)?;
            println!("{}", serde_json::to_string_pretty(&office)?);
        }
        OfficeCommand::Show { json } => {
            let status = open(db, false)?.status()?;
            let Some(office) = status.office else { bail!("Chưa thiết lập thông tin đơn vị") };
            if json {
                println!("{}", serde_json::to_string_pretty(&office)?)
            } else {
                println!("{} ({})\n{}", office.name, office.unit_code, office.address)
            }
        }
    }
    Ok(())
}

pub fn catalog(cmd: CatalogCommand, db: Option<&Path>) -> anyhow::Result<()> {
    let app = open(db, false)?;
    match cmd {
        CatalogCommand::Import { file, json } => {
            let content = read_input(&file.to_string_lossy())?;
            let summary = app.import_catalog(&content, CatalogFormat::from_file_name(&file.to_string_lossy()))?;
            if json {
                println!("{}", serde_json::to_string(&summary)?)
            } else {
                println!("Đã nhập: {} thủ tục mới, {} thủ tục cập nhật", summary.created, summary.updated)
            }
        }
        CatalogCommand::Export { csv } => {
            print!("{}", app.export_catalog(if csv { CatalogFormat::Csv } else { CatalogFormat::Json })?);
        }
    }
    Ok(())
}

pub fn dossier(cmd: DossierCommand, db: Option<&Path>) -> anyhow::Result<()> {
    let app = open(db, false)?;
    match cmd {
        DossierCommand::Create { file } => {
            let draft: DossierDraft =
                serde_json::from_str(&read_input(&file)?).context("Hồ sơ không đúng định dạng JSON")?;
            // JSON in, JSON out: scripts read the code and the appointment back.
            print_dossier(&app.create_dossier(draft)?, true)?;
        }
        DossierCommand::Get { code, json } => print_dossier(&app.dossier(&code)?, json)?,
        DossierCommand::Step { code, file } => {
            let step: Step = serde_json::from_str(&read_input(&file)?)
                .context("Bước xử lý không đúng định dạng JSON (cần trường \"step\", ví dụ \"result_ready\")")?;
            println!("{}", serde_json::to_string_pretty(&app.record_step(&code, step)?)?);
        }
        DossierCommand::History { code, json } => {
            let history = app.dossier_history(&code)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&history)?);
            } else {
                println!("Trạng thái: {}", history.lifecycle.status.label_vi());
                println!("Hạn giải quyết: {}", history.lifecycle.due_at.format("%H:%M ngày %d/%m/%Y"));
                for s in &history.steps {
                    println!("{}  {}  {}", s.at.format("%d/%m/%Y %H:%M"), s.step.label_vi(), s.by_name);
                }
            }
        }
        DossierCommand::Late { json } => {
            let lists = app.due_lists()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&lists)?);
            } else {
                for (title, list) in [
                    ("Quá hạn", &lists.late),
                    ("Đến hạn hôm nay", &lists.due_today),
                    ("Đến hạn ngày làm việc tiếp theo", &lists.due_next_working_day),
                ] {
                    println!("{title}: {}", list.len());
                    for d in list {
                        println!("  {}  {}  hạn {}", d.code, d.procedure_name, d.due_at.format("%H:%M %d/%m/%Y"));
                    }
                }
            }
        }
        DossierCommand::Search { query, json } => {
            let found = app.search_dossiers(&query)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&found)?);
            } else {
                for d in found {
                    println!(
                        "{}  {}  {}  hẹn {}",
                        d.code,
                        d.applicant_name,
                        d.procedure_name,
                        d.appointment_at.format("%d/%m/%Y %H:%M")
                    );
                }
            }
        }
    }
    Ok(())
}

fn print_dossier(d: &DossierRecord, json: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(d)?);
    } else {
        println!("Mã hồ sơ: {}", d.code);
        println!("Thủ tục: {}", d.procedure_name);
        println!("Người nộp: {}", d.draft.applicant.full_name);
        println!("Tiếp nhận: {}", d.received_at.format("%H:%M ngày %d/%m/%Y"));
        println!("Hẹn trả: {}", d.appointment_at.format("%H:%M ngày %d/%m/%Y"));
    }
    Ok(())
}

pub fn db(cmd: DbCommand, db: Option<&Path>) -> anyhow::Result<()> {
    let Some(path) = db else { bail!("Cần chỉ ra tệp dữ liệu: --db PATH") };
    if !path.exists() {
        bail!("Không tìm thấy tệp dữ liệu {}", path.display());
    }
    match cmd {
        DbCommand::Check { json } => {
            let store = motcua_store::Store::open(path)?;
            store.full_integrity_check()?;
            let version = store.schema_version()?;
            if json {
                println!("{}", serde_json::json!({"ok": true, "schema": version}))
            } else {
                println!("ok (schema {version})")
            }
        }
    }
    Ok(())
}
