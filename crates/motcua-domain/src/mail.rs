//! Mail from the counter: the office's SMTP server (an admin's setting on each PC) and the
//! letters that go by email as well as on paper: the apology for a late dossier (form 04),
//! when the citizen gave an address.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::office::is_email_like;
use crate::text;
use crate::validation::Problems;

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailSecurity {
    /// STARTTLS on the submission port (587): what most providers ask for.
    #[default]
    Starttls,
    /// TLS from the first byte (465).
    Tls,
    /// None: only a relay on the office's own network (the password would travel in clear).
    None,
}

/// The SMTP server this PC sends through. The password is a device secret, never here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailSettings {
    pub host: String,
    pub port: u16,
    #[serde(default)]
    pub security: MailSecurity,
    /// Empty: the server takes mail without logging in (an office relay).
    #[serde(default)]
    pub username: String,
    /// The sender's address, e.g. motcua@badinh.hanoi.gov.vn.
    pub from_address: String,
    /// The sender's name as mail programs show it (the office's name by default).
    #[serde(default)]
    pub from_name: String,
}

impl MailSettings {
    pub fn normalised(self) -> MailSettings {
        MailSettings {
            host: self.host.trim().to_owned(),
            username: self.username.trim().to_owned(),
            from_address: self.from_address.trim().to_owned(),
            from_name: text::clean(&self.from_name),
            ..self
        }
    }

    pub fn validate(&self) -> Result<(), Problems> {
        let mut p = Problems::default();
        let host_ok = !self.host.is_empty()
            && self.host.len() <= 253
            && self.host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
        if !host_ok {
            p.add("host", "Địa chỉ máy chủ thư không hợp lệ (ví dụ smtp.hanoi.gov.vn)");
        }
        if self.port == 0 {
            p.add("port", "Cổng máy chủ thư phải là số từ 1 đến 65535 (thường là 587)");
        }
        if !is_email_like(&self.from_address) {
            p.add("from_address", "Địa chỉ thư gửi đi không hợp lệ (ví dụ motcua@badinh.hanoi.gov.vn)");
        }
        if self.username.chars().any(char::is_control) || self.from_name.chars().any(char::is_control) {
            p.add("username", "Tên đăng nhập máy chủ thư có ký tự không hợp lệ");
        }
        if p.is_empty() { Ok(()) } else { Err(p) }
    }
}

/// A letter waiting to go (or gone) by email. The letter itself is made again from the
/// dossier when it is sent, so the op log keeps only what it says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailItem {
    pub id: String,
    pub dossier_code: String,
    pub recipient: String,
    /// The apology's reason and new return date, as the clerk recorded them.
    pub reason: String,
    pub new_appointment_at: NaiveDateTime,
    pub queued_at: NaiveDateTime,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> MailSettings {
        MailSettings {
            host: " smtp.hanoi.gov.vn ".into(),
            port: 587,
            security: MailSecurity::Starttls,
            username: " motcua ".into(),
            from_address: "motcua@badinh.hanoi.gov.vn".into(),
            from_name: "Bộ phận Một cửa".into(),
        }
    }

    #[test]
    fn settings_are_tidied_and_checked() {
        let s = settings().normalised();
        assert_eq!((s.host.as_str(), s.username.as_str()), ("smtp.hanoi.gov.vn", "motcua"));
        assert!(s.validate().is_ok());
        for (bad, field) in [
            (MailSettings { host: "".into(), ..settings() }, "host"),
            (MailSettings { host: "smtp hanoi".into(), ..settings() }, "host"),
            (MailSettings { port: 0, ..settings() }, "port"),
            (MailSettings { from_address: "motcua".into(), ..settings() }, "from_address"),
        ] {
            let problems = bad.normalised().validate().unwrap_err();
            assert_eq!(problems.0[0].field, field);
        }
    }
}
