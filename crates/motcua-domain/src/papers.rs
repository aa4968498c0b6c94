//! Wording shared by every paper the office prints (Nghị định 30/2020/NĐ-CP, Phụ lục I: the
//! place-and-date line of an administrative document).

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};

use crate::validation::Problems;

/// The form set in force since 01/07/2025 (Thông tư 03/2025/TT-VPCP), until the city picks one.
pub const DEFAULT_FORM_SET: &str = "tt03-2025";

/// Where the dossier code goes in the city's look-up URL template.
pub const LOOKUP_CODE_PLACEHOLDER: &str = "{code}";

/// How the office's papers look: city-wide choices the admin enters (later pushed by the
/// city server), kept apart from the office profile the wizard collects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperSettings {
    /// The form set (`tt03-2025`, `tt01-2018`).
    #[serde(default = "default_form_set")]
    pub form_set: String,
    /// The city's public page of one dossier with `{code}`, e.g.
    /// `https://dichvucong.hanoi.gov.vn/tra-cuu?ma={code}`, printed as a QR on the receipt.
    /// Empty: receipts print without a QR.
    #[serde(default)]
    pub lookup_url_template: String,
}

/// A printer as the admin sets it up for one counter PC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PrinterConfig {
    /// The operating system's default printer: what a counter PC has on day one.
    #[default]
    SystemDefault,
    /// A printer known to the operating system by name (CUPS, the Windows spooler).
    System { name: String },
    /// Save into a folder (one a print server watches, or to look at later).
    Folder { dir: std::path::PathBuf },
    /// A network printer's raw port (JetDirect, usually 9100).
    Network { host: String, port: u16 },
    /// A device file: a USB thermal printer (`/dev/usb/lp0`), a serial port.
    Device { path: std::path::PathBuf },
}

impl PrinterConfig {
    /// For logs and the admin screen (no personal data in it).
    pub fn describe(&self) -> String {
        match self {
            PrinterConfig::SystemDefault => "system default printer".to_owned(),
            PrinterConfig::System { name } => format!("system printer {name:?}"),
            PrinterConfig::Folder { dir } => format!("folder {}", dir.display()),
            PrinterConfig::Network { host, port } => format!("network printer {host}:{port}"),
            PrinterConfig::Device { path } => format!("device {}", path.display()),
        }
    }

    /// As the admin reads it (the test page names the printer it came out of).
    pub fn label_vi(&self) -> String {
        match self {
            PrinterConfig::SystemDefault => "máy in mặc định của máy tính".to_owned(),
            PrinterConfig::System { name } => format!("máy in \"{name}\""),
            PrinterConfig::Folder { dir } => format!("thư mục {}", dir.display()),
            PrinterConfig::Network { host, port } => format!("máy in mạng {host}:{port}"),
            PrinterConfig::Device { path } => format!("thiết bị {}", path.display()),
        }
    }
}

/// Which of a counter's printers: the A4 one, or the thermal ticket printer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrinterRole {
    A4,
    Ticket,
}

/// The printers of one counter PC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CounterPrinters {
    /// Receipts and forms.
    #[serde(default)]
    pub a4: PrinterConfig,
    /// The 80 mm thermal printer for queue tickets, if this PC has one.
    #[serde(default)]
    pub ticket: Option<PrinterConfig>,
}

fn default_form_set() -> String {
    DEFAULT_FORM_SET.to_owned()
}

impl Default for PaperSettings {
    fn default() -> Self {
        PaperSettings { form_set: default_form_set(), lookup_url_template: String::new() }
    }
}

impl PaperSettings {
    pub fn normalised(mut self) -> Self {
        self.form_set = self.form_set.trim().to_owned();
        if self.form_set.is_empty() {
            self.form_set = default_form_set();
        }
        self.lookup_url_template = self.lookup_url_template.trim().to_owned();
        self
    }

    /// The form set's id is checked by the print crate, which knows the bundled sets.
    pub fn validate(&self) -> Result<(), Problems> {
        let mut p = Problems::default();
        let url = &self.lookup_url_template;
        if !url.is_empty()
            && (!(url.starts_with("https://") || url.starts_with("http://"))
                || !url.contains(LOOKUP_CODE_PLACEHOLDER)
                || url.contains(char::is_whitespace)
                || url.len() > 300)
        {
            p.add("lookup_url_template", "Địa chỉ tra cứu phải bắt đầu bằng https:// và chứa {code} ở chỗ mã hồ sơ");
        }
        p.into_result()
    }

    /// The look-up page of dossier `code`, if the city has set a template.
    pub fn lookup_url(&self, code: &str) -> Option<String> {
        (!self.lookup_url_template.is_empty()).then(|| self.lookup_url_template.replace(LOOKUP_CODE_PLACEHOLDER, code))
    }
}

/// "Hà Nội, ngày 05 tháng 02 năm 2026": days below 10 and months below 3 take a leading
/// zero (so a handwritten digit cannot be added in front); other months do not ("tháng 11").
pub fn place_and_date(place: &str, date: NaiveDate) -> String {
    let place = place.trim();
    let date_words = date_in_words(date);
    if place.is_empty() { capitalise(&date_words) } else { format!("{place}, {date_words}") }
}

/// "ngày 05 tháng 02 năm 2026", the date part of [`place_and_date`].
pub fn date_in_words(date: NaiveDate) -> String {
    let month = if date.month() < 3 { format!("{:02}", date.month()) } else { date.month().to_string() };
    format!("ngày {:02} tháng {month} năm {}", date.day(), date.year())
}

/// "09 giờ 30 phút, ngày 23/11/2026": the receipt's received and return times.
pub fn time_and_date(at: NaiveDateTime) -> String {
    format!("{:02} giờ {:02} phút, ngày {}", at.hour(), at.minute(), at.format("%d/%m/%Y"))
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The papers about one dossier besides its receipt: which one, by what it is for. Each form
/// set gives them its own numbers (the 2018 set has no stop notice, the log book is 06 there and
/// 07 in the 2025 set), so code names them by purpose and the set says what to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DossierForm {
    /// Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.
    Supplement,
    /// Phiếu từ chối tiếp nhận, giải quyết hồ sơ.
    Refusal,
    /// Phiếu xin lỗi và hẹn lại ngày trả kết quả (2025: văn bản xin lỗi và đề nghị gia hạn).
    Apology,
    /// Thông báo dừng giải quyết hồ sơ (2025 set only).
    Stop,
    /// Phiếu kiểm soát quá trình giải quyết hồ sơ.
    ControlSheet,
}

impl DossierForm {
    pub const ALL: [DossierForm; 5] = [
        DossierForm::Supplement,
        DossierForm::Refusal,
        DossierForm::Apology,
        DossierForm::Stop,
        DossierForm::ControlSheet,
    ];

    /// The key in the form set's data and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            DossierForm::Supplement => "supplement",
            DossierForm::Refusal => "refusal",
            DossierForm::Apology => "apology",
            DossierForm::Stop => "stop",
            DossierForm::ControlSheet => "control_sheet",
        }
    }

    pub fn parse(key: &str) -> Option<DossierForm> {
        let key = key.trim().to_ascii_lowercase().replace('-', "_");
        DossierForm::ALL.into_iter().find(|f| f.key() == key)
    }
}

/// What the clerk writes on a letter to the applicant (forms 02–05).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterContent {
    /// Form 02: each paper or correction still needed, one per line.
    #[serde(default)]
    pub items: Vec<String>,
    /// Forms 03, 04, 05 (and optionally 02): why.
    #[serde(default)]
    pub reason: String,
    /// Form 04: the new return date and time.
    #[serde(default)]
    pub new_appointment: Option<NaiveDateTime>,
}

impl LetterContent {
    /// Trimmed, NFC, blank items dropped.
    pub fn normalised(self) -> LetterContent {
        LetterContent {
            items: self.items.iter().map(|i| crate::text::clean(i)).filter(|i| !i.is_empty()).collect(),
            reason: crate::text::clean(&self.reason),
            new_appointment: self.new_appointment,
        }
    }

    /// What `form` needs before it can be printed for a dossier due at `appointment_at`.
    pub fn validate(&self, form: DossierForm, appointment_at: NaiveDateTime) -> Result<(), Problems> {
        let mut problems = Problems::default();
        match form {
            DossierForm::Supplement if self.items.is_empty() => {
                problems.add("items", "Chưa nhập nội dung cần bổ sung, hoàn thiện (mỗi dòng một nội dung).")
            }
            DossierForm::Refusal | DossierForm::Stop if self.reason.is_empty() => {
                problems.add("reason", "Chưa nhập lý do.")
            }
            DossierForm::Apology => {
                if self.reason.is_empty() {
                    problems.add("reason", "Chưa nhập lý do chậm trả kết quả.");
                }
                match self.new_appointment {
                    None => problems.add("new_appointment", "Chưa nhập thời gian hẹn trả kết quả mới."),
                    Some(at) if at <= appointment_at => problems.add(
                        "new_appointment",
                        format!("Thời gian hẹn mới phải sau thời gian hẹn cũ ({}).", time_and_date(appointment_at)),
                    ),
                    Some(_) => {}
                }
            }
            _ => {}
        }
        problems.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn lookup_template_needs_https_and_the_code() {
        let ok = PaperSettings {
            lookup_url_template: "https://dvc.hanoi.gov.vn/tra-cuu?ma={code}".into(),
            ..Default::default()
        };
        assert!(ok.validate().is_ok());
        assert_eq!(ok.lookup_url("A-1").as_deref(), Some("https://dvc.hanoi.gov.vn/tra-cuu?ma=A-1"));
        for bad in ["dvc.hanoi.gov.vn/{code}", "https://dvc.hanoi.gov.vn/tra-cuu", "https://x.vn/{code} a"] {
            let s = PaperSettings { lookup_url_template: bad.into(), ..Default::default() };
            assert!(s.validate().is_err(), "{bad}");
        }
        assert_eq!(PaperSettings::default().lookup_url("A-1"), None);
        assert_eq!(
            PaperSettings { form_set: " ".into(), ..Default::default() }.normalised().form_set,
            DEFAULT_FORM_SET
        );
    }

    #[test]
    fn leading_zeros_only_where_the_decree_asks() {
        assert_eq!(place_and_date("Hà Nội", d(2026, 11, 23)), "Hà Nội, ngày 23 tháng 11 năm 2026");
        assert_eq!(place_and_date("Hà Nội", d(2026, 2, 5)), "Hà Nội, ngày 05 tháng 02 năm 2026");
        assert_eq!(place_and_date(" Ba Đình ", d(2026, 3, 9)), "Ba Đình, ngày 09 tháng 3 năm 2026");
        assert_eq!(place_and_date("", d(2026, 12, 1)), "Ngày 01 tháng 12 năm 2026");
        let at = d(2026, 11, 23).and_hms_opt(9, 5, 0).unwrap();
        assert_eq!(time_and_date(at), "09 giờ 05 phút, ngày 23/11/2026");
    }
}
