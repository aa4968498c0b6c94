//! The commands the UI invokes. Each one only forwards to `CounterApp`; they run off the main
//! thread (`async`) because saving waits for the disk and login hashes a password.

use chrono::NaiveDate;
use tauri::ipc::Response;
use tauri::{AppHandle, Manager, State};

use motcua_app::queue_types::{FoundHub, Outcome};
use motcua_app::{
    AppStatus, AppointmentPreview, BackupStatus, CatalogFormat, CounterAction, CounterApp, DueLists, FeedbackDue,
    FormEntry, HostingInfo, ImportSummary, IssuedTicket, MailSetup, NewUser, OfficeSetup, Printed, QueuePanel,
    RatingRequest, SessionInfo, SupportBundle, SyncStatus, UserInfo,
};
use motcua_domain::catalog::Procedure;
use motcua_domain::cccd::{CardData, Gender};
use motcua_domain::dossier::DossierDraft;
use motcua_domain::feedback::{FeedbackAction, FeedbackDraft, FeedbackStatus, FeedbackType};
use motcua_domain::lifecycle::{Lifecycle, Step};
use motcua_domain::mail::MailSettings;
use motcua_domain::office::{CityLink, OfficeProfile};
use motcua_domain::papers::{CounterPrinters, DossierForm, LetterContent, PaperSettings, PrinterRole};
use motcua_domain::queue::{CounterSetup, PriorityGroup, QueueHosting, QueueLink, QueueService};
use motcua_domain::satisfaction::RatingDraft;
use motcua_store::backup::{BackupSettings, BackupTaken};
use motcua_store::{
    Dashboard, DossierHistory, DossierRecord, DossierSummary, FeedbackItem, FeedbackRecord, FeedbackSummary, MailState,
    RatingRecord, Role,
};

use crate::Shell;
use crate::dto::ErrorDto;

type Reply<T> = Result<T, ErrorDto>;

fn app<'a>(shell: &'a State<'_, Shell>) -> Result<&'a CounterApp, ErrorDto> {
    shell.app.as_ref().map_err(Clone::clone)
}

#[tauri::command(async)]
pub fn app_status(shell: State<'_, Shell>) -> Reply<AppStatus> {
    Ok(app(&shell)?.status()?)
}

#[tauri::command(async)]
pub fn office_setup(shell: State<'_, Shell>, setup: OfficeSetup) -> Reply<OfficeProfile> {
    Ok(app(&shell)?.setup_office(setup)?)
}

#[tauri::command(async)]
pub fn login(shell: State<'_, Shell>, username: String, password: String) -> Reply<SessionInfo> {
    Ok(app(&shell)?.login(&username, &password)?)
}

#[tauri::command(async)]
pub fn logout(shell: State<'_, Shell>) -> Reply<()> {
    Ok(app(&shell)?.logout()?)
}

#[tauri::command(async)]
pub fn procedures_search(shell: State<'_, Shell>, query: String) -> Reply<Vec<Procedure>> {
    Ok(app(&shell)?.search_procedures(&query)?)
}

#[tauri::command(async)]
pub fn cccd_parse(shell: State<'_, Shell>, line: String) -> Reply<CardData> {
    Ok(app(&shell)?.parse_cccd(&line)?)
}

#[tauri::command(async)]
pub fn id_check(
    shell: State<'_, Shell>,
    id_number: String,
    birth_date: Option<NaiveDate>,
    gender: Option<Gender>,
) -> Reply<()> {
    Ok(app(&shell)?.check_id_number(&id_number, birth_date, gender)?)
}

#[tauri::command(async)]
pub fn appointment_preview(shell: State<'_, Shell>, procedure_code: String) -> Reply<AppointmentPreview> {
    Ok(app(&shell)?.appointment_preview(&procedure_code, None)?)
}

#[tauri::command(async)]
pub fn dossier_create(shell: State<'_, Shell>, draft: DossierDraft) -> Reply<DossierRecord> {
    Ok(app(&shell)?.create_dossier(draft)?)
}

#[tauri::command(async)]
pub fn dossiers_today(shell: State<'_, Shell>) -> Reply<Vec<DossierSummary>> {
    Ok(app(&shell)?.dossiers_received_on(None)?)
}

#[tauri::command(async)]
pub fn dossiers_search(shell: State<'_, Shell>, query: String) -> Reply<Vec<DossierSummary>> {
    Ok(app(&shell)?.search_dossiers(&query)?)
}

#[tauri::command(async)]
pub fn dossier_get(shell: State<'_, Shell>, code: String) -> Reply<DossierRecord> {
    Ok(app(&shell)?.dossier(&code)?)
}

/// Where a dossier stands and every step it took (the process-control sheet).
#[tauri::command(async)]
pub fn dossier_history(shell: State<'_, Shell>, code: String) -> Reply<DossierHistory> {
    Ok(app(&shell)?.dossier_history(&code)?)
}

/// Records the dossier's next step, now, as the logged-in clerk.
#[tauri::command(async)]
pub fn dossier_step(shell: State<'_, Shell>, code: String, step: Step) -> Reply<Lifecycle> {
    Ok(app(&shell)?.record_step(&code, step)?)
}

/// The dossiers late, due today and due on the next working day.
#[tauri::command(async)]
pub fn dossiers_due(shell: State<'_, Shell>) -> Reply<DueLists> {
    Ok(app(&shell)?.due_lists()?)
}

/// The office's feedback types and their answer deadlines.
#[tauri::command(async)]
pub fn feedback_types(shell: State<'_, Shell>) -> Reply<Vec<FeedbackType>> {
    Ok(app(&shell)?.feedback_types()?)
}

/// Replaces the office's feedback types (a supervisor or admin).
#[tauri::command(async)]
pub fn feedback_types_set(shell: State<'_, Shell>, types: Vec<FeedbackType>) -> Reply<Vec<FeedbackType>> {
    Ok(app(&shell)?.set_feedback_types(types)?)
}

/// Records a feedback item (phản ánh, kiến nghị) received now.
#[tauri::command(async)]
pub fn feedback_record(shell: State<'_, Shell>, draft: FeedbackDraft) -> Reply<FeedbackRecord> {
    Ok(app(&shell)?.record_feedback(draft)?)
}

/// Assigns, answers or publishes a feedback item.
#[tauri::command(async)]
pub fn feedback_action(shell: State<'_, Shell>, number: String, action: FeedbackAction) -> Reply<FeedbackStatus> {
    Ok(app(&shell)?.feedback_action(&number, action)?)
}

#[tauri::command(async)]
pub fn feedback_item(shell: State<'_, Shell>, number: String) -> Reply<FeedbackItem> {
    Ok(app(&shell)?.feedback_item(&number)?)
}

#[tauri::command(async)]
pub fn feedback_recent(shell: State<'_, Shell>) -> Reply<Vec<FeedbackSummary>> {
    Ok(app(&shell)?.recent_feedback()?)
}

/// Overdue feedback items and those due by the end of the next working day.
#[tauri::command(async)]
pub fn feedback_due(shell: State<'_, Shell>) -> Reply<FeedbackDue> {
    Ok(app(&shell)?.feedback_due()?)
}

#[tauri::command(async)]
pub fn users_list(shell: State<'_, Shell>) -> Reply<Vec<UserInfo>> {
    Ok(app(&shell)?.users()?)
}

#[tauri::command(async)]
pub fn user_create(shell: State<'_, Shell>, user: NewUser, role: Role) -> Reply<UserInfo> {
    Ok(app(&shell)?.create_user(user, role)?)
}

#[tauri::command(async)]
pub fn catalog_import(shell: State<'_, Shell>, content: String, file_name: String) -> Reply<ImportSummary> {
    Ok(app(&shell)?.import_catalog(&content, CatalogFormat::from_file_name(&file_name))?)
}

/// A screen is painted and usable. The log line (time since the process started) is what the
/// start-up benchmark reads; it carries no user data.
#[tauri::command]
pub fn ui_ready(screen: String) {
    let since_start = crate::STARTED.get().map(|t| t.elapsed().as_millis()).unwrap_or_default();
    let screen: String = screen.chars().filter(char::is_ascii_alphanumeric).take(20).collect();
    tracing::info!(target: "motcua::ready", screen = %screen, since_start_ms = since_start as u64, "screen ready");
}

#[tauri::command(async)]
pub fn receipt_print(shell: State<'_, Shell>, code: String, reprint: bool) -> Reply<Printed> {
    Ok(app(&shell)?.print_receipt(&code, reprint)?)
}

#[tauri::command(async)]
pub fn printers_get(shell: State<'_, Shell>) -> Reply<CounterPrinters> {
    Ok(app(&shell)?.printers()?)
}

#[tauri::command(async)]
pub fn printers_set(shell: State<'_, Shell>, printers: CounterPrinters) -> Reply<CounterPrinters> {
    Ok(app(&shell)?.set_printers(printers)?)
}

#[tauri::command(async)]
pub fn paper_settings_get(shell: State<'_, Shell>) -> Reply<PaperSettings> {
    Ok(app(&shell)?.paper_settings()?)
}

#[tauri::command(async)]
pub fn paper_settings_set(shell: State<'_, Shell>, settings: PaperSettings) -> Reply<PaperSettings> {
    Ok(app(&shell)?.set_paper_settings(settings)?)
}

#[tauri::command(async)]
pub fn dossier_forms(shell: State<'_, Shell>) -> Reply<Vec<FormEntry>> {
    Ok(app(&shell)?.dossier_forms()?)
}

#[tauri::command(async)]
pub fn form_print(shell: State<'_, Shell>, form: DossierForm, code: String, content: LetterContent) -> Reply<Printed> {
    Ok(app(&shell)?.print_form(form, &code, content)?)
}

#[tauri::command(async)]
pub fn log_book_print(shell: State<'_, Shell>, from: NaiveDate, to: NaiveDate) -> Reply<Printed> {
    Ok(app(&shell)?.print_log_book(from, to)?)
}

/// A paper's PDF for "Xem trước": raw bytes, not a JSON array of numbers.
fn pdf(bytes: Vec<u8>) -> Response {
    Response::new(bytes)
}

#[tauri::command(async)]
pub fn receipt_pdf(shell: State<'_, Shell>, code: String, reprint: bool) -> Reply<Response> {
    Ok(pdf(app(&shell)?.receipt_pdf(&code, reprint)?))
}

#[tauri::command(async)]
pub fn form_pdf(shell: State<'_, Shell>, form: DossierForm, code: String, content: LetterContent) -> Reply<Response> {
    Ok(pdf(app(&shell)?.form_pdf(form, &code, content)?))
}

#[tauri::command(async)]
pub fn log_book_pdf(shell: State<'_, Shell>, from: NaiveDate, to: NaiveDate) -> Reply<Response> {
    Ok(pdf(app(&shell)?.log_book_pdf(from, to)?))
}

#[tauri::command(async)]
pub fn printer_test(shell: State<'_, Shell>, role: PrinterRole) -> Reply<Printed> {
    Ok(app(&shell)?.test_print(role)?)
}

// ── The office queue ────────────────────────────────────────────────────────────────────
// These wait on the queue hub over the LAN with a blocking HTTP client, which must not run
// on the async runtime's worker threads: each runs on the blocking pool instead.

/// Runs `f` with the app on the blocking pool.
async fn blocking<T: Send + 'static>(
    handle: AppHandle,
    f: impl FnOnce(&CounterApp) -> Result<T, motcua_app::AppError> + Send + 'static,
) -> Reply<T> {
    tauri::async_runtime::spawn_blocking(move || {
        let shell = handle.state::<Shell>();
        let app = shell.app.as_ref().map_err(Clone::clone)?;
        f(app).map_err(ErrorDto::from)
    })
    .await
    .map_err(|e| ErrorDto::internal(&e.to_string()))?
}

#[tauri::command(async)]
pub fn queue_link_get(shell: State<'_, Shell>) -> Reply<Option<QueueLink>> {
    Ok(app(&shell)?.queue_link()?)
}

#[tauri::command]
pub async fn queue_enrol(handle: AppHandle, link: QueueLink, hub_key: String) -> Reply<QueueLink> {
    blocking(handle, move |app| app.enrol_with_hub(link, &hub_key)).await
}

#[tauri::command]
pub async fn queue_panel(handle: AppHandle) -> Reply<QueuePanel> {
    blocking(handle, |app| app.queue_panel()).await
}

#[tauri::command]
pub async fn queue_act(handle: AppHandle, action: CounterAction) -> Reply<Outcome> {
    blocking(handle, move |app| app.queue_act(action)).await
}

#[tauri::command]
pub async fn queue_issue(handle: AppHandle, service: String, priority: Option<PriorityGroup>) -> Reply<IssuedTicket> {
    blocking(handle, move |app| app.queue_issue(&service, priority)).await
}

#[tauri::command(async)]
pub fn queue_hosting_get(shell: State<'_, Shell>) -> Reply<HostingInfo> {
    Ok(app(&shell)?.queue_hosting()?)
}

#[tauri::command]
pub async fn queue_hosting_set(handle: AppHandle, hosting: Option<QueueHosting>) -> Reply<HostingInfo> {
    blocking(handle, move |app| app.set_queue_hosting(hosting)).await
}

#[tauri::command]
pub async fn queue_discover(handle: AppHandle) -> Reply<Vec<FoundHub>> {
    blocking(handle, |app| app.discover_hubs(None)).await
}

#[tauri::command]
pub async fn queue_set_counter(handle: AppHandle, counter: CounterSetup) -> Reply<Outcome> {
    blocking(handle, move |app| app.queue_set_counter(counter)).await
}

#[tauri::command]
pub async fn queue_set_services(handle: AppHandle, services: Vec<QueueService>) -> Reply<Outcome> {
    blocking(handle, move |app| app.queue_set_services(services)).await
}

// ── City sync ───────────────────────────────────────────────────────────────────────────

#[tauri::command(async)]
pub fn sync_status(shell: State<'_, Shell>) -> Reply<SyncStatus> {
    Ok(app(&shell)?.sync_status()?)
}

#[tauri::command(async)]
pub fn sync_now(shell: State<'_, Shell>) -> Reply<()> {
    Ok(app(&shell)?.sync_now()?)
}

#[tauri::command(async)]
pub fn sync_rejections(shell: State<'_, Shell>) -> Reply<Vec<motcua_store::Rejection>> {
    Ok(app(&shell)?.sync_rejections()?)
}

#[tauri::command(async)]
pub fn sync_not_applied(shell: State<'_, Shell>) -> Reply<Vec<motcua_store::NotApplied>> {
    Ok(app(&shell)?.sync_not_applied()?)
}

/// First run on a new PC of an office the city already has (instead of the wizard).
#[tauri::command]
pub async fn office_join(
    handle: AppHandle,
    server_url: String,
    code: String,
    counter_number: u32,
) -> Reply<OfficeProfile> {
    blocking(handle, move |app| app.join_city_office(&server_url, &code, counter_number)).await
}

#[tauri::command]
pub async fn sync_enrol(handle: AppHandle, server_url: String, code: String) -> Reply<CityLink> {
    blocking(handle, move |app| app.enrol_with_city(&server_url, &code)).await
}

// ── Supervisor dashboard and satisfaction ────────────────────────────────────────────────

/// The dashboard of the days `start..=end`.
#[tauri::command(async)]
pub fn dashboard(shell: State<'_, Shell>, start: NaiveDate, end: NaiveDate) -> Reply<Dashboard> {
    Ok(app(&shell)?.dashboard(start, end)?)
}

/// Asks the citizen to rate a service, on the citizen's screen (opened if it is not).
#[tauri::command(async)]
pub fn rating_request(handle: AppHandle, shell: State<'_, Shell>, request: RatingRequest) -> Reply<()> {
    app(&shell)?.request_rating(request)?;
    open_rating_window(&handle);
    Ok(())
}

/// The rating waiting for the citizen (the citizen's screen polls this).
#[tauri::command(async)]
pub fn rating_pending(shell: State<'_, Shell>) -> Reply<Option<RatingRequest>> {
    Ok(app(&shell)?.pending_rating())
}

#[tauri::command(async)]
pub fn rating_submit(shell: State<'_, Shell>, draft: RatingDraft) -> Reply<RatingRecord> {
    Ok(app(&shell)?.submit_rating(draft)?)
}

#[tauri::command(async)]
pub fn rating_cancel(shell: State<'_, Shell>) -> Reply<()> {
    app(&shell)?.cancel_rating();
    Ok(())
}

/// Opens the citizen's rating screen as a window of its own (to drag to the monitor facing
/// the citizen), or brings it forward.
fn open_rating_window(handle: &AppHandle) {
    if let Some(window) = handle.get_webview_window(RATING_WINDOW) {
        let _ = window.show();
        return;
    }
    let built =
        tauri::WebviewWindowBuilder::new(handle, RATING_WINDOW, tauri::WebviewUrl::App("index.html#rating".into()))
            .title("Đánh giá mức độ hài lòng")
            .inner_size(900.0, 640.0)
            .build();
    match built {
        Ok(rating) => to_citizens_monitor(handle, &rating),
        Err(e) => tracing::warn!(error = %e, "cannot open the rating window"),
    }
}

/// Moves the rating window to the monitor facing the citizen, maximised, if the counter has
/// one and the window came up on the clerk's (`motcua_app::screens`).
fn to_citizens_monitor(handle: &AppHandle, rating: &tauri::WebviewWindow) {
    use motcua_app::screens::{Area, citizens_monitor};
    let area = |m: &tauri::Monitor| Area {
        x: m.position().x,
        y: m.position().y,
        width: m.size().width,
        height: m.size().height,
    };
    let Some(Ok(Some(clerks))) = handle.get_webview_window("main").map(|w| w.current_monitor()) else { return };
    let monitors: Vec<Area> = handle.available_monitors().unwrap_or_default().iter().map(area).collect();
    let now = rating.current_monitor().ok().flatten().map(|m| area(&m));
    if let Some(target) = citizens_monitor(area(&clerks), now, &monitors) {
        let _ = rating.set_position(tauri::PhysicalPosition::new(target.x, target.y));
        let _ = rating.maximize();
        tracing::info!(monitors = monitors.len(), "rating window moved to the citizen's monitor");
    }
}

/// The label of the citizen's rating window (also in capabilities/default.json).
const RATING_WINDOW: &str = "rating";

/// "Chọn thư mục…": the system's folder picker over the counter window (GTK's on Linux, the
/// Windows one on counter PCs); `None` when it is closed without a choice. Only a path comes
/// back: the caller's own command checks and saves it.
#[tauri::command]
pub async fn folder_pick(handle: AppHandle, title: String, start: Option<String>) -> Reply<Option<String>> {
    use tauri_plugin_dialog::DialogExt;
    tauri::async_runtime::spawn_blocking(move || {
        let mut picker = handle.dialog().file().set_title(title);
        if let Some(window) = handle.get_webview_window("main") {
            picker = picker.set_parent(&window);
        }
        if let Some(dir) = start.filter(|d| std::path::Path::new(d).is_dir()) {
            picker = picker.set_directory(dir);
        }
        let picked = picker.blocking_pick_folder();
        tracing::info!(chosen = picked.is_some(), "folder picker closed");
        picked
            .map(|p| p.into_path().map(|p| p.to_string_lossy().into_owned()))
            .transpose()
            .map_err(|e| ErrorDto::internal(&e.to_string()))
    })
    .await
    .map_err(|e| ErrorDto::internal(&e.to_string()))?
}

/// A report the supervisor saves, as the UI names it.
#[derive(Debug, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReportAsk {
    Monthly { month: NaiveDate },
    LogBook { from: NaiveDate, to: NaiveDate },
}

/// Saves a report where the supervisor chooses, through the system's save dialog (opened from
/// here: the UI has no file-system permission). An empty period is refused before the dialog
/// opens. `None`: the dialog was cancelled, nothing written.
#[tauri::command]
pub async fn report_save(handle: AppHandle, report: ReportAsk, format: String) -> Reply<Option<String>> {
    use tauri_plugin_dialog::DialogExt;
    let format = motcua_app::ReportFormat::parse(&format)
        .ok_or_else(|| motcua_app::AppError::field("format", "Chọn định dạng XLSX, PDF hoặc CSV."))?;
    let request = match report {
        ReportAsk::Monthly { month } => motcua_app::ReportRequest::Monthly { month },
        ReportAsk::LogBook { from, to } => motcua_app::ReportRequest::LogBook { from, to },
    };
    blocking(handle.clone(), move |app| app.check_report(request)).await?;
    let (title, label) = match request {
        motcua_app::ReportRequest::Monthly { .. } => ("Lưu báo cáo tháng", "Báo cáo"),
        motcua_app::ReportRequest::LogBook { .. } => ("Lưu sổ theo dõi hồ sơ", "Sổ theo dõi"),
    };
    let ask = handle.clone();
    let chosen = tauri::async_runtime::spawn_blocking(move || {
        let ext = format.extension();
        let mut dialog = ask
            .dialog()
            .file()
            .set_title(title)
            .set_file_name(request.file_name(format))
            .add_filter(format!("{label} ({})", ext.to_uppercase()), &[ext]);
        if let Some(window) = ask.get_webview_window("main") {
            dialog = dialog.set_parent(&window);
        }
        if let Ok(dir) = ask.path().document_dir().or_else(|_| ask.path().home_dir())
            && dir.is_dir()
        {
            dialog = dialog.set_directory(dir);
        }
        dialog.blocking_save_file().map(|p| p.into_path()).transpose()
    })
    .await
    .map_err(|e| ErrorDto::internal(&e.to_string()))?
    .map_err(|e| ErrorDto::internal(&e.to_string()))?;
    let Some(path) = chosen else {
        tracing::info!("report save dialog cancelled");
        return Ok(None);
    };
    let saved = blocking(handle, move |app| app.save_report(request, format, &path)).await?;
    Ok(Some(saved.to_string_lossy().into_owned()))
}

#[tauri::command]
pub async fn backup_status(handle: AppHandle) -> Reply<BackupStatus> {
    blocking(handle, |app| app.backup_status()).await
}

#[tauri::command]
pub async fn backup_settings_set(handle: AppHandle, settings: Option<BackupSettings>) -> Reply<BackupStatus> {
    blocking(handle, move |app| app.set_backup_settings(settings)).await
}

#[tauri::command]
pub async fn backup_now(handle: AppHandle) -> Reply<BackupTaken> {
    blocking(handle, |app| app.back_up_now()).await
}

// ── Letters by email ──────────────────────────────────────────────────────────────────────

#[tauri::command(async)]
pub fn mail_setup(shell: State<'_, Shell>) -> Reply<MailSetup> {
    Ok(app(&shell)?.mail_setup()?)
}

/// `password`: `None` keeps the one kept, `""` removes it.
#[tauri::command]
pub async fn mail_settings_set(
    handle: AppHandle,
    settings: Option<MailSettings>,
    password: Option<String>,
) -> Reply<MailSetup> {
    blocking(handle, move |app| app.set_mail_settings(settings, password)).await
}

/// "Gửi thư thử": waits for the mail server's answer.
#[tauri::command]
pub async fn mail_test(handle: AppHandle, to: String) -> Reply<()> {
    blocking(handle, move |app| app.send_test_mail(&to)).await
}

#[tauri::command(async)]
pub fn dossier_mails(shell: State<'_, Shell>, code: String) -> Reply<Vec<MailState>> {
    Ok(app(&shell)?.dossier_mails(&code)?)
}

#[tauri::command(async)]
pub fn mails_retry(shell: State<'_, Shell>) -> Reply<()> {
    Ok(app(&shell)?.retry_mails()?)
}

/// "Xuất nhật ký": into the user's Downloads folder, else a folder beside the database.
#[tauri::command]
pub async fn logs_export(handle: AppHandle) -> Reply<SupportBundle> {
    let shell = handle.state::<Shell>();
    let log_dir = shell.log_dir.clone().unwrap_or_default();
    let out_dir = match handle.path().download_dir() {
        Ok(dir) if dir.is_dir() => dir,
        _ => handle.path().app_data_dir().map(|d| d.join("nhat-ky")).unwrap_or_default(),
    };
    blocking(handle, move |app| app.export_logs(&log_dir, &out_dir)).await
}

#[tauri::command]
pub async fn update_source_get(handle: AppHandle) -> Reply<Option<String>> {
    blocking(handle, |app| app.update_source()).await
}

#[tauri::command]
pub async fn update_source_set(handle: AppHandle, url: Option<String>) -> Reply<Option<String>> {
    blocking(handle, move |app| app.set_update_source(url)).await
}

#[tauri::command]
pub async fn update_check(handle: AppHandle) -> Reply<crate::updates::UpdateOffer> {
    crate::updates::check(&handle).await
}

/// Restarts the app once the update is installed; answers only when it was refused.
#[tauri::command]
pub async fn update_install(handle: AppHandle) -> Reply<()> {
    crate::updates::install(&handle).await
}

#[tauri::command]
pub async fn office_update(handle: AppHandle, office: OfficeProfile) -> Reply<OfficeProfile> {
    blocking(handle, move |app| app.update_office(office)).await
}
