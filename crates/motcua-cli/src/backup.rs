//! `motcua backup` and `motcua restore`: the IT officer's copies of a counter database.

use std::path::Path;

use anyhow::bail;

use crate::data::open;

/// `motcua --db PATH backup --out FILE`: a verified backup, written while the app may be saving.
pub fn backup(db: Option<&Path>, out: &Path, json: bool) -> anyhow::Result<()> {
    let taken = open(db, false)?.back_up_to(out)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&taken)?);
    } else {
        println!(
            "Đã sao lưu vào {} ({} KB; {} hồ sơ, {} thao tác; đã kiểm tra toàn vẹn)",
            taken.path.display(),
            taken.bytes.div_ceil(1024),
            taken.facts.dossiers,
            taken.facts.ops
        );
    }
    Ok(())
}

/// `motcua --db PATH restore FILE`: the database becomes the backup; the replaced file is kept.
pub fn restore(db: Option<&Path>, file: &Path, json: bool) -> anyhow::Result<()> {
    let Some(path) = db else { bail!("Cần chỉ ra tệp dữ liệu: --db PATH (hoặc biến MOTCUA_DB)") };
    let restored = motcua_store::backup::restore(path, file)?;
    // The restored database records what replaced it (the op log is its audit trail).
    open(db, false)?.record_restore(file, &restored)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&restored)?);
    } else {
        println!(
            "Đã khôi phục {} từ {} ({} hồ sơ, {} thao tác).",
            path.display(),
            file.display(),
            restored.facts.dossiers,
            restored.facts.ops
        );
        match &restored.set_aside {
            Some(aside) => println!("Cơ sở dữ liệu cũ được giữ lại tại {}", aside.display()),
            None => println!("Trước đó máy chưa có cơ sở dữ liệu."),
        }
    }
    Ok(())
}
