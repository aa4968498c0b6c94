//! Letters by email: when a clerk records the apology of a late dossier and the citizen gave
//! an email address, the apology letter (form 04, the same PDF as on paper) is queued with the
//! step, in one transaction, and a thread sends it through the office's SMTP server. Commune
//! offices lose their link for hours: a failure is kept on the letter (shown on the dossier),
//! and the letter is tried again later, by itself, or at once with "Gửi lại".
//!
//! The SMTP password is a device secret: never in the op log, never shown again.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::NaiveDateTime;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};
use serde::Serialize;

use motcua_domain::mail::{MailItem, MailSecurity, MailSettings};
use motcua_domain::papers::{DossierForm, LetterContent};
use motcua_store::{Change, DossierRecord, MailState, Role};

use crate::worker::Worker;
use crate::{AppError, CounterApp, State};

const PASSWORD_SECRET: &str = "smtp_password";
/// How long one SMTP conversation may take before it counts as failed.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);
/// Waits before the next attempt, by attempts made (the last repeats).
const RETRY_MINUTES: [i64; 4] = [1, 5, 15, 60];
/// Letters sent per pass at most.
const BATCH: usize = 20;

/// The admin's card: the settings, and whether a password is kept (never the password).
#[derive(Debug, Clone, Serialize)]
pub struct MailSetup {
    pub settings: Option<MailSettings>,
    pub has_password: bool,
}

impl CounterApp {
    pub fn mail_setup(&self) -> Result<MailSetup, AppError> {
        let st = self.lock();
        Self::session(&st, &[Role::Admin])?;
        Ok(MailSetup {
            settings: st.store.mail_settings()?,
            has_password: st.store.device_secret(PASSWORD_SECRET)?.is_some(),
        })
    }

    /// The admin sets (or with `None` removes) this PC's SMTP server. `password`: `None` keeps
    /// the one kept, `Some("")` removes it.
    pub fn set_mail_settings(
        &self,
        settings: Option<MailSettings>,
        password: Option<String>,
    ) -> Result<MailSetup, AppError> {
        let settings = settings.map(MailSettings::normalised);
        if let Some(s) = &settings {
            s.validate().map_err(AppError::Invalid)?;
        }
        let mut st = self.lock();
        let s = Self::session(&st, &[Role::Admin])?;
        let device_id = st.store.device_id().to_owned();
        match (&settings, password) {
            (None, _) => st.store.remove_device_secret(PASSWORD_SECRET)?,
            (Some(_), Some(p)) if p.is_empty() => st.store.remove_device_secret(PASSWORD_SECRET)?,
            (Some(_), Some(p)) => st.store.set_device_secret(PASSWORD_SECRET, &p)?,
            (Some(_), None) => {}
        }
        st.store.commit(&s.actor, Change::MailSettingsSet { device_id, settings: settings.clone() })?;
        if settings.is_some() {
            // New settings may be what the waiting letters lacked: they are tried at once.
            st.store.mails_due_now()?;
        }
        tracing::info!(set = settings.is_some(), "mail settings set");
        let has_password = st.store.device_secret(PASSWORD_SECRET)?.is_some();
        drop(st);
        self.wake_mailer();
        Ok(MailSetup { settings, has_password })
    }

    /// "Gửi thư thử": a short letter to `to` now, so the admin sees the settings work.
    pub fn send_test_mail(&self, to: &str) -> Result<(), AppError> {
        let (settings, password, office) = {
            let st = self.lock();
            Self::session(&st, &[Role::Admin])?;
            let settings = st.store.mail_settings()?.ok_or(AppError::MailNotSetUp)?;
            (settings, st.store.device_secret(PASSWORD_SECRET)?, st.store.require_office()?)
        };
        let to = to.trim();
        let recipient: Mailbox = to.parse().map_err(|_| AppError::field("to", "Địa chỉ nhận thư thử không hợp lệ"))?;
        let message = Message::builder()
            .from(sender(&settings, &office.name)?)
            .to(recipient)
            .subject(format!("Thư thử từ phần mềm Một Cửa — {}", office.name))
            .header(ContentType::TEXT_PLAIN)
            .body(format!(
                "Máy chủ thư của {} đã gửi được thư này.\nCác thư xin lỗi trả kết quả trễ hẹn sẽ được gửi theo cách này.\n",
                office.name
            ))
            .map_err(|e| AppError::Mail(format!("thư không dựng được: {e}")))?;
        deliver(&settings, password.as_deref(), &message)?;
        tracing::info!("test mail sent");
        Ok(())
    }

    /// The letters of dossier `code` and how their sending went.
    pub fn dossier_mails(&self, code: &str) -> Result<Vec<MailState>, AppError> {
        let st = self.lock();
        Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
        Ok(st.store.mails_of_dossier(code)?)
    }

    /// "Gửi lại": every letter waiting is tried now.
    pub fn retry_mails(&self) -> Result<(), AppError> {
        {
            let mut st = self.lock();
            Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
            st.store.mails_due_now()?;
        }
        self.wake_mailer();
        Ok(())
    }

    /// The letter an apology sends, when the citizen gave an email address.
    pub(crate) fn apology_mail(
        record: &DossierRecord,
        reason: &str,
        new_appointment_at: NaiveDateTime,
        now: NaiveDateTime,
    ) -> Option<Change> {
        let recipient = record.draft.applicant.email.trim();
        if recipient.is_empty() {
            return None;
        }
        Some(Change::MailQueued(MailItem {
            id: uuid::Uuid::now_v7().to_string(),
            dossier_code: record.code.clone(),
            recipient: recipient.to_owned(),
            reason: motcua_domain::text::clean(reason),
            new_appointment_at,
            queued_at: now,
        }))
    }

    /// Starts the thread that sends waiting letters, every `every` and when woken.
    pub fn start_mailer(&self, every: Duration) {
        let state = self.state.clone();
        let clock = crate::clock::office_or_test_clock();
        let worker = Worker::start("mailer", Duration::ZERO, every, move || send_due(&state, clock.now()));
        *self.mailer.lock().unwrap_or_else(|p| p.into_inner()) = worker;
    }

    pub(crate) fn stop_mailer(&self) {
        drop(self.mailer.lock().unwrap_or_else(|p| p.into_inner()).take());
    }

    pub(crate) fn wake_mailer(&self) {
        if let Some(worker) = self.mailer.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
            worker.wake();
        }
    }
}

/// One pass of the mailer: each letter due is made and sent; the app's lock is not held while
/// the mail server answers.
fn send_due(state: &Arc<Mutex<State>>, now: NaiveDateTime) {
    let lock = || state.lock().unwrap_or_else(|p| p.into_inner());
    let (due, settings, password, office) = match outbox(&lock(), now) {
        Ok(found) => found,
        Err(e) => {
            tracing::error!(error = %e, "mailer cannot read its outbox");
            return;
        }
    };
    for mail in due {
        let sent = match (&settings, &office) {
            (Some(settings), Some(office)) => {
                apology_message(state, &mail, settings, &office.name, &office.hotlines, now)
                    .and_then(|m| deliver(settings, password.as_deref(), &m))
            }
            _ => Err(AppError::MailNotSetUp),
        };
        let mut st = lock();
        let recorded = match &sent {
            Ok(()) => st
                .store
                .commit(&motcua_store::Actor::system(), Change::MailSent { id: mail.item.id.clone(), at: now })
                .map(drop),
            Err(e) => {
                let wait = RETRY_MINUTES[(mail.attempts as usize).min(RETRY_MINUTES.len() - 1)];
                st.store.mail_failed(&mail.item.id, &e.user_message(), now + chrono::Duration::minutes(wait))
            }
        };
        match (&sent, recorded) {
            (Ok(()), Ok(())) => tracing::info!(mail = %mail.item.id, "letter sent by email"),
            (Err(e), Ok(())) => {
                tracing::warn!(mail = %mail.item.id, error = %e, attempts = mail.attempts + 1, "letter not sent; will retry")
            }
            (_, Err(e)) => tracing::error!(mail = %mail.item.id, error = %e, "cannot record a letter's sending"),
        }
    }
}

/// What a pass works on: the letters due, and the server, password and office to send them with.
type Outbox = (Vec<MailState>, Option<MailSettings>, Option<String>, Option<motcua_domain::office::OfficeProfile>);

fn outbox(st: &State, now: NaiveDateTime) -> Result<Outbox, motcua_store::StoreError> {
    Ok((
        st.store.mails_due(now, BATCH)?,
        st.store.mail_settings()?,
        st.store.device_secret(PASSWORD_SECRET)?,
        st.store.office()?,
    ))
}

fn sender(settings: &MailSettings, office_name: &str) -> Result<Mailbox, AppError> {
    let name = if settings.from_name.is_empty() { office_name } else { &settings.from_name };
    let address = settings
        .from_address
        .parse()
        .map_err(|_| AppError::field("from_address", "Địa chỉ thư gửi đi không hợp lệ"))?;
    Ok(Mailbox::new(Some(name.to_owned()), address))
}

/// The apology by email: a few lines, and form 04 attached as on paper.
fn apology_message(
    state: &Arc<Mutex<State>>,
    mail: &MailState,
    settings: &MailSettings,
    office_name: &str,
    hotlines: &[String],
    now: NaiveDateTime,
) -> Result<Message, AppError> {
    let item = &mail.item;
    let content = LetterContent {
        items: Vec::new(),
        reason: item.reason.clone(),
        new_appointment: Some(item.new_appointment_at),
    };
    let pdf = crate::forms::render_form(state, DossierForm::Apology, &item.dossier_code, content, now.date())?;
    let recipient: Mailbox =
        item.recipient.parse().map_err(|_| AppError::Mail("địa chỉ thư của người dân không hợp lệ".into()))?;
    let body = format!(
        "Kính gửi Ông/Bà,\n\n{office_name} xin lỗi vì hồ sơ {code} chưa trả kết quả đúng hẹn.\nLý do: {reason}\nThời gian hẹn trả kết quả mới: {when}.\n\nThư xin lỗi (Mẫu số 04) đính kèm thư này.\nMọi phản ánh, kiến nghị xin gọi đường dây nóng: {lines}.\n",
        code = item.dossier_code,
        reason = item.reason,
        when = item.new_appointment_at.format("%H giờ %M, ngày %d/%m/%Y"),
        lines = hotlines.join(", "),
    );
    Message::builder()
        .from(sender(settings, office_name)?)
        .to(recipient)
        .subject(format!("Thư xin lỗi về việc trả kết quả hồ sơ {} trễ hẹn", item.dossier_code))
        .multipart(
            MultiPart::mixed().singlepart(SinglePart::plain(body)).singlepart(
                Attachment::new(format!("thu-xin-loi-{}.pdf", item.dossier_code))
                    .body(pdf, ContentType::parse("application/pdf").expect("a MIME type")),
            ),
        )
        .map_err(|e| AppError::Mail(format!("thư không dựng được: {e}")))
}

/// One SMTP conversation. The error says what the clerk can act on, in Vietnamese; the log
/// gets the server's reply code, not its words (they may quote the recipient).
fn deliver(settings: &MailSettings, password: Option<&str>, message: &Message) -> Result<(), AppError> {
    let tls = || TlsParameters::new(settings.host.clone()).map_err(|e| AppError::Mail(format!("TLS: {e}")));
    let security = match settings.security {
        MailSecurity::Starttls => Tls::Required(tls()?),
        MailSecurity::Tls => Tls::Wrapper(tls()?),
        MailSecurity::None => Tls::None,
    };
    let mut transport = SmtpTransport::builder_dangerous(settings.host.as_str())
        .port(settings.port)
        .tls(security)
        .timeout(Some(SMTP_TIMEOUT));
    if !settings.username.is_empty() {
        transport =
            transport.credentials(Credentials::new(settings.username.clone(), password.unwrap_or_default().to_owned()));
    }
    transport.build().send(message).map(drop).map_err(|e| {
        let why = if e.is_permanent() {
            "máy chủ thư từ chối thư"
        } else if e.is_transient() {
            "máy chủ thư tạm thời không nhận thư"
        } else if e.is_timeout() {
            "máy chủ thư không trả lời"
        } else {
            "không kết nối được máy chủ thư"
        };
        // The server's text may quote the recipient's address: its reply code only.
        tracing::warn!(code = ?e.status().map(|c| c.to_string()), why, "smtp refused or failed");
        AppError::Mail(why.to_owned())
    })
}
