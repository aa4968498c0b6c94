//! The city admin's commands, run on the server machine against the server's database:
//!
//! ```text
//! motcua-server --db sqlite:city.db office add --unit-code 000.00.21.H26 --name "Phường Ba Đình"
//! motcua-server --db sqlite:city.db enrolment-code --office 000.00.21.H26 [--hours 72]
//! motcua-server --db sqlite:city.db device list
//! motcua-server --db sqlite:city.db device revoke DEVICE_ID
//! motcua-server --db sqlite:city.db catalog publish catalog.json|catalog.csv [--office UNIT]
//! motcua-server --db sqlite:city.db calendar publish 2027.json
//! motcua-server --db sqlite:city.db staff add --office UNIT --username an.nv --name "Nguyễn Văn An" \
//!     --role clerk < password.txt
//! ```
//!
//! What the city publishes (catalog, a year's holidays and swaps, staff accounts) reaches the
//! counters at their next sync, as ops of the city (`city:USER`), in one transaction per
//! command.
//!
//! Whoever can run these can read the database file or the PostgreSQL URL already; the HTTP
//! admin API (with per-user logins) comes with the city's web console.

use anyhow::{Context, bail};
use clap::Subcommand;

use motcua_city_db::console::{CityConsoleDb, CityRole};
use motcua_city_db::{CityDb, Publication};
use motcua_domain::calendar::CalendarExceptions;
use motcua_domain::catalog::Catalog;
use motcua_store::{Change, NewUser, Role};
use motcua_sync_proto::CITY_USER_PREFIX;

use crate::enrolment::{code_sha256, new_code};

#[derive(Subcommand)]
pub enum AdminCommand {
    /// Offices of the city.
    #[command(subcommand)]
    Office(OfficeCommand),
    /// A one-time code that enrols one counter PC in an office (printed once; the server keeps
    /// only its hash).
    EnrolmentCode {
        /// The office's unit code.
        #[arg(long)]
        office: String,
        /// Hours until the code expires.
        #[arg(long, default_value_t = 72)]
        hours: u32,
    },
    /// Enrolled counter PCs.
    #[command(subcommand)]
    Device(DeviceCommand),
    /// The procedure catalog the city distributes.
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// The official days off and worked days of a year.
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// Staff accounts of an office (they can log in at any of its counters).
    #[command(subcommand)]
    Staff(StaffCommand),
    /// The city's own staff, for the console API (`/api/v0/city/…`).
    #[command(subcommand)]
    CityUser(CityUserCommand),
}

#[derive(Subcommand)]
pub enum CityUserCommand {
    /// Creates an account; its password is read from standard input (one line).
    Add {
        #[arg(long)]
        username: String,
        #[arg(long)]
        name: String,
        /// supervisor (reads every office's dossiers and sync health) or admin (also the
        /// record of those reads).
        #[arg(long, default_value = "supervisor")]
        role: String,
    },
}

#[derive(Subcommand)]
pub enum CatalogCommand {
    /// Publishes every procedure of a catalog file (JSON, or CSV by its extension).
    Publish {
        file: std::path::PathBuf,
        /// Only for this office (its unit code); every office without it.
        #[arg(long)]
        office: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum CalendarCommand {
    /// Publishes a year's file (`{"year": 2027, "source": "...", "days_off": [...], "worked_days": [...]}`).
    Publish { file: std::path::PathBuf },
}

#[derive(Subcommand)]
pub enum StaffCommand {
    /// Creates an account; its password is read from standard input (one line), never from
    /// the command line (which other users of the machine can see).
    Add {
        #[arg(long)]
        office: String,
        #[arg(long)]
        username: String,
        #[arg(long)]
        name: String,
        /// clerk, supervisor or admin.
        #[arg(long, default_value = "clerk")]
        role: String,
    },
}

#[derive(Subcommand)]
pub enum OfficeCommand {
    Add {
        #[arg(long)]
        unit_code: String,
        #[arg(long)]
        name: String,
    },
}

#[derive(Subcommand)]
pub enum DeviceCommand {
    List,
    /// Stops a PC syncing at once (a stolen or retired PC); a new code enrols it again.
    Revoke {
        device_id: String,
    },
}

pub async fn run(db: impl CityDb + CityConsoleDb, command: AdminCommand) -> anyhow::Result<()> {
    match command {
        AdminCommand::Office(OfficeCommand::Add { unit_code, name }) => {
            let (unit_code, name) = (unit_code.trim(), name.trim());
            if unit_code.is_empty() || name.is_empty() {
                bail!("mã đơn vị và tên đơn vị không được để trống");
            }
            if db.office_by_unit_code(unit_code).await?.is_some() {
                bail!("đã có đơn vị mã {unit_code}");
            }
            let name = motcua_domain::text::nfc(name);
            let id = db.create_office(unit_code, &name).await?;
            tracing::info!(office = unit_code, id, "office created");
            println!("Đã tạo đơn vị {unit_code} ({name}).");
        }
        AdminCommand::EnrolmentCode { office, hours } => {
            let found =
                db.office_by_unit_code(office.trim()).await?.with_context(|| format!("không có đơn vị mã {office}"))?;
            let code = new_code();
            let expires = chrono::Utc::now() + chrono::Duration::hours(i64::from(hours));
            db.issue_enrolment_code(found.id, &code_sha256(&code), expires.timestamp()).await?;
            tracing::info!(office = %found.unit_code, hours, "enrolment code issued");
            let local = motcua_domain::calendar::vietnam_local(expires);
            println!("{code}");
            eprintln!(
                "Mã đăng ký một lần cho một máy của {} ({}), hết hạn lúc {}.",
                found.name,
                found.unit_code,
                local.format("%H:%M %d/%m/%Y")
            );
        }
        AdminCommand::Device(DeviceCommand::List) => {
            for d in db.devices().await? {
                let state = if d.revoked { "đã thu hồi" } else { "đang dùng" };
                println!("{}\t{}\t{}\t{state}", d.office_unit_code, d.device_id, d.name);
            }
        }
        AdminCommand::Device(DeviceCommand::Revoke { device_id }) => {
            if !db.revoke_device(device_id.trim()).await? {
                bail!("không có thiết bị {device_id}");
            }
            tracing::warn!(device = %device_id, "device revoked");
            println!("Đã thu hồi thiết bị {device_id}: nó không đồng bộ được nữa.");
        }
        AdminCommand::Catalog(CatalogCommand::Publish { file, office }) => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("không đọc được {}", file.display()))?;
            let is_csv = file.to_string_lossy().to_ascii_lowercase().ends_with(".csv");
            let catalog = if is_csv { Catalog::from_csv(&text) } else { Catalog::from_json(&text) }
                .map_err(|e| anyhow::anyhow!("tệp danh mục không hợp lệ: {e}"))?;
            let office = match office {
                Some(unit) => Some(office_id(&db, &unit).await?),
                None => None,
            };
            let n = catalog.procedures.len();
            let items = catalog
                .procedures
                .into_iter()
                .map(|p| publication(office, Change::ProcedureUpserted(p)))
                .collect::<anyhow::Result<Vec<_>>>()?;
            db.publish(items).await?;
            tracing::info!(procedures = n, for_one_office = office.is_some(), "catalog published");
            println!("Đã phát hành {n} thủ tục; các quầy nhận được ở lần đồng bộ tới.");
        }
        AdminCommand::Calendar(CalendarCommand::Publish { file }) => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("không đọc được {}", file.display()))?;
            let year =
                CalendarExceptions::from_json(&text).map_err(|e| anyhow::anyhow!("tệp lịch không hợp lệ: {e}"))?;
            year.validate().map_err(anyhow::Error::msg)?;
            let label = year.year;
            db.publish(vec![publication(None, Change::CalendarExceptionsSet(year))?]).await?;
            tracing::info!(year = label, "calendar published");
            println!("Đã phát hành lịch nghỉ, làm bù năm {label}.");
        }
        AdminCommand::Staff(StaffCommand::Add { office, username, name, role }) => {
            let role = Role::parse(role.trim()).context("vai trò là clerk, supervisor hoặc admin")?;
            let office = office_id(&db, &office).await?;
            let password = read_password(&username)?;
            let new = NewUser { full_name: name, username, password }.normalised();
            if let Err(problems) = new.validate() {
                bail!("{problems}");
            }
            let now = motcua_domain::calendar::vietnam_local(chrono::Utc::now());
            let record = new.into_record(role, &now.format("%Y-%m-%dT%H:%M:%S").to_string())?;
            let username = record.username.clone();
            db.publish(vec![publication(Some(office), Change::UserCreated(record))?]).await?;
            tracing::info!(office, role = role.as_str(), "staff account published");
            println!(
                "Đã tạo tài khoản {username} ({}); các quầy của đơn vị nhận được ở lần đồng bộ tới.",
                role.label_vi()
            );
        }
        AdminCommand::CityUser(CityUserCommand::Add { username, name, role }) => {
            let role = CityRole::parse(role.trim()).context("vai trò là supervisor hoặc admin")?;
            let password = read_password(&username)?;
            // The same rules as a counter's accounts.
            let new = NewUser { full_name: name, username, password }.normalised();
            if let Err(problems) = new.validate() {
                bail!("{problems}");
            }
            let hash = motcua_store::password::hash_password(&new.password)
                .map_err(|e| anyhow::anyhow!("không băm được mật khẩu: {e}"))?;
            if db.add_city_user(&new.username, &new.full_name, role, &hash).await?.is_none() {
                bail!("đã có tài khoản {}", new.username);
            }
            tracing::info!(role = role.as_str(), "city console account created");
            println!("Đã tạo tài khoản {} cho bảng điều khiển của thành phố.", new.username);
        }
    }
    Ok(())
}

/// A password read from standard input (asked for when typed at a terminal).
fn read_password(username: &str) -> anyhow::Result<String> {
    let mut password = String::new();
    if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        eprint!("Mật khẩu cho {username} (ít nhất {} ký tự): ", motcua_store::MIN_PASSWORD_CHARS);
    }
    std::io::stdin().read_line(&mut password).context("không đọc được mật khẩu từ đầu vào")?;
    Ok(password.trim_end_matches(['\r', '\n']).to_owned())
}

async fn office_id(db: &impl CityDb, unit_code: &str) -> anyhow::Result<i64> {
    Ok(db.office_by_unit_code(unit_code.trim()).await?.with_context(|| format!("không có đơn vị mã {unit_code}"))?.id)
}

/// A change the city makes, as the op counters will pull, in the name of the OS account that
/// ran the command.
fn publication(office_id: Option<i64>, change: Change) -> anyhow::Result<Publication> {
    let os_user = std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "unknown".into());
    Ok(Publication {
        office_id,
        user_id: format!("{CITY_USER_PREFIX}{os_user}"),
        kind: change.kind().to_owned(),
        payload: change.payload()?,
    })
}
