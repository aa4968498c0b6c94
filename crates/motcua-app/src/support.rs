//! "Xuất nhật ký": the app's log files and a summary of this PC's setup in one zip file the
//! admin sends to the IT officer. Neither holds personal data: the logs never carry names, ID
//! numbers, addresses or phones (see ARCHITECTURE.md), and the summary is counts, versions,
//! addresses of servers and settings.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;
use zip::write::SimpleFileOptions;

use motcua_store::Role;

use crate::{AppError, CounterApp};

/// The file written.
#[derive(Debug, Clone, Serialize)]
pub struct SupportBundle {
    pub path: PathBuf,
    pub log_files: usize,
    pub bytes: u64,
}

/// The summary's name inside the zip.
pub const SUMMARY_NAME: &str = "he-thong.txt";

impl CounterApp {
    /// Admin: zips every file of `log_dir` with a summary of this PC into a new file in
    /// `out_dir`.
    pub fn export_logs(&self, log_dir: &Path, out_dir: &Path) -> Result<SupportBundle, AppError> {
        let summary = {
            let st = self.lock();
            Self::session(&st, &[Role::Admin])?;
            self.summary(&st.store, log_dir)?
        };
        let unit = self.unit_code_for_file_name()?;
        let name = format!("motcua-nhat-ky-{unit}-{}.zip", self.now().format("%Y%m%d-%H%M%S"));
        std::fs::create_dir_all(out_dir).map_err(|e| export_failed(out_dir, &e))?;
        let path = out_dir.join(name);
        let mut logs: Vec<PathBuf> = match std::fs::read_dir(log_dir) {
            Ok(entries) => entries.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect(),
            Err(_) => Vec::new(),
        };
        logs.sort();
        let write = || -> Result<(), std::io::Error> {
            let file = std::fs::File::create(&path)?;
            let mut zip = zip::ZipWriter::new(file);
            let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
            zip.start_file(SUMMARY_NAME, options)?;
            zip.write_all(summary.as_bytes())?;
            for log in &logs {
                let name = log.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                zip.start_file(format!("logs/{name}"), options)?;
                // A log still being written is read as far as it goes.
                zip.write_all(&std::fs::read(log)?)?;
            }
            zip.finish()?.sync_all()
        };
        if let Err(e) = write() {
            let _ = std::fs::remove_file(&path);
            return Err(export_failed(&path, &e));
        }
        let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        tracing::info!(path = %path.display(), log_files = logs.len(), bytes, "logs exported");
        Ok(SupportBundle { path, log_files: logs.len(), bytes })
    }

    fn unit_code_for_file_name(&self) -> Result<String, AppError> {
        let office = self.lock().store.office()?;
        let code = office.map(|o| o.unit_code).unwrap_or_else(|| "chua-thiet-lap".into());
        Ok(code.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect())
    }

    /// The summary: what an IT officer asks first on the phone.
    fn summary(&self, store: &motcua_store::Store, log_dir: &Path) -> Result<String, AppError> {
        let mut s = String::new();
        let mut line = |k: &str, v: &dyn std::fmt::Display| {
            let _ = writeln!(s, "{k}: {v}");
        };
        line("Phần mềm", &format!("Một Cửa {}", env!("CARGO_PKG_VERSION")));
        line("Hệ điều hành", &format!("{} {} ({})", std::env::consts::OS, os_release(), std::env::consts::ARCH));
        line("Giờ của máy", &self.now().format("%Y-%m-%d %H:%M:%S"));
        let db = store.path();
        line("Tệp dữ liệu", &db.display());
        let size = std::fs::metadata(db).map(|m| m.len()).unwrap_or(0);
        line("Dung lượng", &format!("{} KB", size.div_ceil(1024)));
        line("Lược đồ", &store.schema_version()?);
        line("Kiểm tra toàn vẹn", &format!("{:?}", store.integrity()));
        line("Mã máy", &store.device_id());
        if let Some(office) = store.office()? {
            line("Đơn vị", &format!("{} ({})", office.name, office.unit_code));
            line("Quầy số", &office.counter_number);
        } else {
            line("Đơn vị", &"chưa thiết lập");
        }
        line("Số hồ sơ", &store.dossier_count()?);
        let sync = store.sync_summary()?;
        match store.city_link()? {
            Some(link) => line("Máy chủ thành phố", &link.server_url),
            None => line("Máy chủ thành phố", &"chưa đăng ký"),
        }
        line("Thao tác chờ đồng bộ", &sync.waiting);
        line("Thao tác bị máy chủ từ chối", &sync.rejected);
        line("Đồng bộ gần nhất", &sync.last_push_at.as_deref().unwrap_or("chưa"));
        match store.queue_link()? {
            Some(link) => line("Máy chủ hàng đợi", &format!("{} (quầy {})", link.hub_url, link.counter)),
            None => line("Máy chủ hàng đợi", &"chưa đăng ký"),
        }
        line("Giữ hàng đợi", &store.queue_hosting()?.map(|h| format!("cổng {}", h.port)).unwrap_or("không".into()));
        match store.backup_settings()? {
            Some(b) => line("Sao lưu hằng ngày", &format!("{} (giữ {} bản)", b.folder.display(), b.keep)),
            None => line("Sao lưu hằng ngày", &"chưa bật"),
        }
        if let Some(last) = self.last_backup.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
            let outcome = last.error.clone().unwrap_or_else(|| "thành công".into());
            line("Lần sao lưu gần nhất", &format!("{} — {outcome}", last.at.format("%Y-%m-%d %H:%M")));
        }
        line("Thư mục nhật ký", &log_dir.display());
        Ok(s)
    }
}

fn export_failed(path: &Path, e: &std::io::Error) -> AppError {
    tracing::warn!(path = %path.display(), error = %e, "logs not exported");
    AppError::Export(format!("không ghi được {}", path.display()))
}

/// The distribution's name on Linux (`/etc/os-release`); the kernel family elsewhere.
fn os_release() -> String {
    std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|text| {
            text.lines().find_map(|l| l.strip_prefix("PRETTY_NAME=")).map(|v| v.trim_matches('"').to_owned())
        })
        .unwrap_or_default()
}
