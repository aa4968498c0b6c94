//! The city admin's commands, run on the server machine against the server's database:
//!
//! ```text
//! motcua-server --db sqlite:city.db office add --unit-code 000.00.21.H26 --name "Phường Ba Đình"
//! motcua-server --db sqlite:city.db enrolment-code --office 000.00.21.H26 [--hours 72]
//! motcua-server --db sqlite:city.db device list
//! motcua-server --db sqlite:city.db device revoke DEVICE_ID
//! ```
//!
//! Whoever can run these can read the database file or the PostgreSQL URL already; the HTTP
//! admin API (with per-user logins) comes with the city's web console.

use anyhow::{Context, bail};
use clap::Subcommand;

use motcua_city_db::CityDb;

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

pub async fn run(db: impl CityDb, command: AdminCommand) -> anyhow::Result<()> {
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
            for l in db.devices().await? {
                let state = if l.device.revoked { "đã thu hồi" } else { "đang dùng" };
                println!("{}\t{}\t{}\t{state}", l.office_unit_code, l.device.device_id, l.device.name);
            }
        }
        AdminCommand::Device(DeviceCommand::Revoke { device_id }) => {
            if !db.revoke_device(device_id.trim()).await? {
                bail!("không có thiết bị {device_id}");
            }
            tracing::warn!(device = %device_id, "device revoked");
            println!("Đã thu hồi thiết bị {device_id}: nó không đồng bộ được nữa.");
        }
    }
    Ok(())
}
