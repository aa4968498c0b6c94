// Typed wrappers for the Tauri commands of the Một Cửa backend.
// Top-level argument keys are camelCase (Tauri converts them); everything
// inside is snake_case, exactly as the Rust side serialises it.
import { invoke } from "@tauri-apps/api/core";
import { S } from "./strings";

// ---------- types ----------

export type IsoDate = string; // "YYYY-MM-DD"
export type IsoDateTime = string; // "YYYY-MM-DDTHH:MM:SS" naive office local time

export interface TimeRange {
  start: string; // "HH:MM"
  end: string;
}

export interface OfficeHours {
  morning: TimeRange;
  afternoon: TimeRange;
  saturday_morning: boolean;
}

export interface Office {
  name: string;
  unit_code: string;
  address: string;
  place_name: string;
  counter_number: number;
  counter_slots?: number;
  hotlines: string[];
  feedback_email: string;
  other_channels: string[];
  hours: OfficeHours;
  code_pattern?: string;
}

export type Role = "admin" | "supervisor" | "clerk";

export interface Session {
  user_id: string;
  username: string;
  full_name: string;
  role: Role;
  role_label: string;
}

/** Where a paper went. */
export interface Printed {
  printer: string;
  bytes: number;
}

export type PrinterConfig =
  | { kind: "system_default" }
  | { kind: "system"; name: string }
  | { kind: "folder"; dir: string }
  | { kind: "network"; host: string; port: number }
  | { kind: "device"; path: string };

export interface CounterPrinters {
  a4: PrinterConfig;
  ticket: PrinterConfig | null;
}

/** A paper of the office's form set that can be printed for a dossier. */
export type DossierFormKind = "supplement" | "refusal" | "apology" | "stop" | "control_sheet";

export interface FormEntry {
  form: DossierFormKind;
  number: string; // "Mẫu số 02"
  title: string;
}

/** What the clerk writes on a letter to the applicant. */
export interface LetterContent {
  items: string[];
  reason: string;
  new_appointment: IsoDateTime | null;
}

export interface PaperSettings {
  form_set: string;
  lookup_url_template: string;
}

/** The database's integrity: checked in the background a few seconds after start. */
export type Integrity = { state: "ok" } | { state: "checking" } | { state: "failed"; message: string };

export interface AppStatus {
  setup_done: boolean;
  office: Office | null;
  session: Session | null;
  today: IsoDate;
  integrity: Integrity;
}

export interface NewAdmin {
  full_name: string;
  username: string;
  password: string;
}

export interface OfficeSetup {
  office: Office;
  admin: NewAdmin;
}

export type PaperForm = "original" | "copy" | "certified_copy" | "photocopy";

export interface ProcedurePaper {
  name: string;
  form: PaperForm;
  count: number;
  optional: boolean;
}

export type Processing =
  | { kind: "working_days"; days: number }
  | { kind: "working_hours"; hours: number }
  | { kind: "calendar_days"; days: number }
  | { kind: "same_day"; cutoff: string };

export interface Procedure {
  code: string;
  name: string;
  field: string;
  level: number | string;
  processing: Processing;
  fee_vnd: number;
  fee_note: string;
  papers: ProcedurePaper[];
  result: string;
  agency: string;
  interagency: boolean;
  postal_return: boolean;
  hidden: boolean;
}

export type Gender = "male" | "female";

export interface CardData {
  id_number: string;
  old_id_number: string | null;
  full_name: string;
  birth_date: IsoDate;
  gender: Gender;
  address: string;
  issue_date: IsoDate | null;
}

export interface AppointmentPreview {
  received_at: IsoDateTime;
  appointment_at: IsoDateTime;
  processing_text: string;
}

export type ApplicantKind = "person" | "organisation";

export interface Applicant {
  kind: ApplicantKind;
  full_name: string;
  id_number: string;
  birth_date: IsoDate | null;
  gender: Gender | null;
  address: string;
  phone: string;
  email: string;
}

export interface ReceivedPaper {
  name: string;
  form: PaperForm;
  count: number;
}

export type ReturnMethod = "counter" | "post";

export interface DossierDraft {
  procedure_code: string;
  applicant: Applicant;
  papers: ReceivedPaper[];
  sets: number;
  return_method: ReturnMethod;
  postal_address: string;
  note: string;
}

export type DossierStatus =
  | "received"
  | "in_processing"
  | "needs_supplement"
  | "result_ready"
  | "returned"
  | "rejected"
  | "processing_stopped"
  | "withdrawn";

export interface DossierRecord {
  id: number | string;
  code: string;
  daily_number: number;
  counter_number: number;
  draft: DossierDraft;
  procedure_name: string;
  processing: Processing | string;
  status: DossierStatus | string;
  received_at: IsoDateTime;
  appointment_at: IsoDateTime;
  received_by: number | string;
  received_by_name: string;
}

export interface DossierSummary {
  code: string;
  applicant_name: string;
  procedure_name: string;
  status: DossierStatus | string;
  received_at: IsoDateTime;
  appointment_at: IsoDateTime;
  /** the deadline in force: late after it */
  due_at: IsoDateTime;
}

/** One step of a dossier's life after reception (motcua_domain::lifecycle::Step). */
export type Step =
  | { step: "handed_off"; to: string; handler: string; deadline: IsoDateTime; note: string }
  | { step: "supplement_requested"; missing: string[]; note: string }
  | { step: "supplement_received"; note: string }
  | { step: "result_ready"; note: string }
  | { step: "returned_at_counter"; collector_name: string; collector_id: string }
  | { step: "sent_by_post"; address: string; tracking_number: string }
  | { step: "refused"; reason: string }
  | { step: "processing_stopped"; reason: string }
  | { step: "withdrawn"; reason: string }
  | { step: "apologised"; reason: string; new_appointment_at: IsoDateTime };

export type StepKind = Step["step"];

export interface Lifecycle {
  status: DossierStatus;
  due_at: IsoDateTime;
  appointment_at: IsoDateTime;
  supplement_requested: boolean;
  handoffs: number;
  apologies: number;
  resolved_at?: IsoDateTime;
  timeliness?: "early" | "on_time" | "late";
  closed_at?: IsoDateTime;
}

export type DossierStep = Step & { dossier_id: string; code: string; at: IsoDateTime; by: string; by_name: string };

export interface DossierHistory {
  lifecycle: Lifecycle;
  steps: DossierStep[];
}

export type FeedbackChannel = "hotline" | "email" | "zalo" | "facebook" | "portal" | "letter" | "in_person";
export type FeedbackStatus = "received" | "assigned" | "answered" | "published";

export interface FeedbackType {
  key: string;
  label: string;
  answer_within_working_days: number;
}

export interface FeedbackDraft {
  channel: FeedbackChannel | null;
  type_key: string;
  content: string;
  sender: { name: string; phone: string; email: string; address: string };
  dossier_code: string;
  procedure_code: string;
}

export interface FeedbackRecord {
  id: string;
  number: string;
  draft: FeedbackDraft;
  received_at: IsoDateTime;
  deadline_at: IsoDateTime;
  received_by_name: string;
}

export type FeedbackAction =
  | { action: "assign"; user_id: string; user_name: string }
  | { action: "answer"; text: string }
  | { action: "publish" };

export interface FeedbackSummary {
  number: string;
  channel: FeedbackChannel;
  type_key: string;
  status: FeedbackStatus;
  received_at: IsoDateTime;
  deadline_at: IsoDateTime;
  assignee_name: string | null;
  answered_at: IsoDateTime | null;
  excerpt: string;
}

export interface FeedbackItem {
  record: FeedbackRecord;
  status: FeedbackStatus;
  actions: (FeedbackAction & { at: IsoDateTime; by_name: string })[];
}

export interface FeedbackDue {
  now: IsoDateTime;
  overdue: FeedbackSummary[];
  due_soon: FeedbackSummary[];
}

export interface DueLists {
  now: IsoDateTime;
  late: DossierSummary[];
  due_today: DossierSummary[];
  due_next_working_day: DossierSummary[];
}

export interface UserInfo {
  id: number | string;
  username: string;
  full_name: string;
  role: Role;
  role_label: string;
  active: boolean;
}

export interface NewUser {
  full_name: string;
  username: string;
  password: string;
}

export interface ImportSummary {
  created: number;
  updated: number;
}

// ---------- city sync ----------

/** The city server this PC syncs with, as its enrolment gave it. */
export interface CityLink {
  server_url: string;
  office_unit_code: string;
  office_name: string;
}

/** The sync line shown on every screen (times are UTC, RFC 3339). */
export interface SyncStatus {
  link: CityLink | null;
  /** whether the last round reached the server; null before the first one ends */
  online: boolean | null;
  syncing: boolean;
  waiting: number;
  oldest_waiting_at: string | null;
  last_synced_at: string | null;
  rejected: number;
  last_error: string | null;
  needs_attention: boolean;
  /** the city server's clock minus this PC's, in seconds */
  clock_skew_s: number | null;
}

/** An op the city server refused for good, with its reason (Vietnamese). */
/** A change pulled from the server and kept in the log only, with why. */
export interface SyncNotApplied {
  op_id: string;
  kind: string;
  reason: string;
  explanation: string;
  /** UTC, RFC 3339 */
  at: string;
}

export interface SyncRejection {
  op_id: string;
  kind: string;
  code: string;
  message: string;
  /** UTC, RFC 3339 */
  at: string;
}

// ---------- the office queue ----------

/** Which queue hub this counter PC uses, and which counter it is there. */
export interface QueueLink {
  hub_url: string;
  counter: number;
  /** enrolled as the supervisor's PC */
  supervisor: boolean;
}

export interface CounterSetup {
  number: number;
  open: boolean;
  services: string[];
}

export interface QueueServiceDef {
  prefix: string;
  name: string;
}

export type TicketState = "waiting" | "called" | "serving" | "finished" | "no_show";
export type PriorityGroup = "disability" | "elderly" | "pregnant_or_small_child" | "merit" | "other";

export interface ServiceStatus {
  prefix: string;
  name: string;
  waiting: number;
  longest_wait_minutes: number | null;
  served: number;
  no_show: number;
}

export interface CounterStatus {
  number: number;
  open: boolean;
  services: string[];
  current: string | null;
  current_state: TicketState | null;
  served: number;
}

export interface QueueCall {
  label: string;
  counter: number;
  text: string;
  at: IsoDateTime;
}

export interface QueueStatus {
  day: IsoDate;
  at: IsoDateTime;
  services: ServiceStatus[];
  counters: CounterStatus[];
  waiting: number;
  served: number;
  no_show: number;
  average_wait_minutes: number | null;
  average_service_minutes: number | null;
  recent_calls: QueueCall[];
}

export interface QueuePanel {
  hub_url: string;
  counter: number;
  can_manage: boolean;
  status: QueueStatus;
}

export type CounterAction =
  | { action: "call_next" }
  | { action: "recall" }
  | { action: "start" }
  | { action: "finish" }
  | { action: "no_show" }
  | { action: "transfer"; service: string | null; to_counter: number | null }
  | { action: "link_dossier"; code: string };

/** What the hub did; only the label matters to the panel (the status is asked again). */
export interface QueueOutcome {
  outcome: string;
  label?: string;
  /** The ticket the command acted on (its id and the dossiers registered while served). */
  ticket?: { id: string; state: string; dossiers: string[] };
}

export interface QueueHosting {
  port: number;
}

export interface HostingInfo {
  hosting: QueueHosting | null;
  running: boolean;
  lan_urls: string[];
  hub_key: string | null;
  problem: string | null;
}

export interface BackupSettings {
  folder: string;
  keep: number;
}

export interface BackupAttempt {
  at: string;
  file: string | null;
  error: string | null;
}

export interface BackupStatus {
  settings: BackupSettings | null;
  last: BackupAttempt | null;
  daily: { day: string; file: string }[];
}

export interface BackupTaken {
  path: string;
  bytes: number;
  facts: { schema: number; dossiers: number; ops: number; last_change_at: string | null };
}

export type MailSecurity = "starttls" | "tls" | "none";

export interface MailSettings {
  host: string;
  port: number;
  security: MailSecurity;
  username: string;
  from_address: string;
  from_name: string;
}

export interface MailSetup {
  settings: MailSettings | null;
  has_password: boolean;
}

export interface MailState {
  item: { id: string; dossier_code: string; recipient: string; reason: string; new_appointment_at: string; queued_at: string };
  sent_at: string | null;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
}

export interface SupportBundle {
  path: string;
  log_files: number;
  bytes: number;
}

export interface UpdateOffer {
  current: string;
  available: string | null;
  notes: string | null;
}

export interface FoundHub {
  url: string;
  office: string;
}

export interface IssuedTicket {
  label: string;
  service_name: string;
  people_ahead: number;
  estimated_wait_minutes: number;
  printed: Printed | null;
  print_error: string | null;
}

// ---------- errors ----------

export interface FieldError {
  field: string;
  message: string;
}

export interface ApiError {
  code: string;
  message: string;
  fields: FieldError[];
}

/** Turns whatever `invoke` rejected with into an ApiError. */
export function toApiError(e: unknown): ApiError {
  if (e && typeof e === "object") {
    const o = e as Partial<ApiError> & { message?: unknown };
    if (typeof o.code === "string" || typeof o.message === "string") {
      return {
        code: typeof o.code === "string" ? o.code : "error",
        message:
          typeof o.message === "string" && o.message.trim() !== ""
            ? o.message
            : S.errors.generic,
        fields: Array.isArray(o.fields)
          ? o.fields.filter(
              (f): f is FieldError =>
                !!f && typeof f.field === "string" && typeof f.message === "string",
            )
          : [],
      };
    }
  }
  if (typeof e === "string" && e.trim() !== "") {
    return { code: "error", message: e, fields: [] };
  }
  return { code: "error", message: S.errors.generic, fields: [] };
}

/** field name → message; the first message for a field wins. */
export function fieldMap(err: ApiError | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!err) return out;
  for (const f of err.fields) {
    if (!(f.field in out)) out[f.field] = f.message;
  }
  return out;
}

let onNotLoggedIn: ((message: string) => void) | null = null;

/** App registers what to do when the backend says the session is gone. */
export function setNotLoggedInHandler(fn: ((message: string) => void) | null): void {
  onNotLoggedIn = fn;
}

// ---------- supervisor dashboard and satisfaction ----------

export interface LevelCounts {
  very_satisfied: number;
  satisfied: number;
  dissatisfied: number;
}

export interface DashboardLine {
  key: string;
  label: string;
  received: number;
  resolved_early: number;
  resolved_on_time: number;
  resolved_late: number;
  ended_otherwise: number;
  pending: number;
  pending_late: number;
  satisfaction: LevelCounts;
  on_time_rate: number | null;
  late_rate: number | null;
  satisfaction_rate: number | null;
}

export interface Dashboard {
  start: IsoDate;
  end: IsoDate;
  now: string;
  totals: DashboardLine;
  by_procedure: DashboardLine[];
  by_field: DashboardLine[];
  by_clerk: DashboardLine[];
  by_day: DashboardLine[];
  pending: {
    open: number;
    late: number;
    due_today: number;
    due_next_working_day: number;
    waiting_supplement: number;
  };
  feedback: {
    received: number;
    answered_on_time: number;
    answered_late: number;
    open: number;
    overdue: number;
    on_time_rate: number | null;
  };
  queue: {
    issued: number;
    served: number;
    no_show: number;
    average_wait_minutes: number | null;
    longest_wait_minutes: number | null;
    average_service_minutes: number | null;
  };
}

export type RatingLevel = "very_satisfied" | "satisfied" | "dissatisfied";
export type RatingCriterion = "access" | "procedure" | "officer" | "result" | "feedback_handling";

export type RatedService =
  | { of: "ticket"; ticket_id: string; label: string }
  | { of: "dossier"; code: string };

export interface RatingRequest {
  service: RatedService;
  dossier_codes: string[];
}

export interface RatingDraft {
  level: RatingLevel;
  criteria: [RatingCriterion, RatingLevel][];
  comment: string;
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    const err: ApiError = hasBackend()
      ? toApiError(e)
      : { code: "no_backend", message: S.errors.noBackend, fields: [] };
    if (err.code === "not_logged_in" && onNotLoggedIn) onNotLoggedIn(err.message);
    throw err;
  }
}

function hasBackend(): boolean {
  return "__TAURI_INTERNALS__" in window;
}

// ---------- commands ----------

export type ReportFileFormat = "xlsx" | "pdf" | "csv";
export type ReportAsk = { kind: "monthly"; month: IsoDate } | { kind: "log_book"; from: IsoDate; to: IsoDate };

export const api = {
  appStatus: () => call<AppStatus>("app_status"),
  officeSetup: (setup: OfficeSetup) => call<Office>("office_setup", { setup }),
  officeUpdate: (office: Office) => call<Office>("office_update", { office }),
  officeJoin: (serverUrl: string, code: string, counterNumber: number) =>
    call<Office>("office_join", { serverUrl, code, counterNumber }),
  login: (username: string, password: string) =>
    call<Session>("login", { username, password }),
  logout: () => call<null>("logout"),
  proceduresSearch: (query: string) => call<Procedure[]>("procedures_search", { query }),
  cccdParse: (line: string) => call<CardData>("cccd_parse", { line }),
  idCheck: (idNumber: string, birthDate: IsoDate | null, gender: Gender | null) =>
    call<null>("id_check", { idNumber, birthDate, gender }),
  appointmentPreview: (procedureCode: string) =>
    call<AppointmentPreview>("appointment_preview", { procedureCode }),
  dossierCreate: (draft: DossierDraft) => call<DossierRecord>("dossier_create", { draft }),
  dossiersToday: () => call<DossierSummary[]>("dossiers_today"),
  dossiersSearch: (query: string) => call<DossierSummary[]>("dossiers_search", { query }),
  dossierGet: (code: string) => call<DossierRecord>("dossier_get", { code }),
  dossierHistory: (code: string) => call<DossierHistory>("dossier_history", { code }),
  dossierStep: (code: string, step: Step) => call<Lifecycle>("dossier_step", { code, step }),
  dossiersDue: () => call<DueLists>("dossiers_due"),
  feedbackTypes: () => call<FeedbackType[]>("feedback_types"),
  feedbackTypesSet: (types: FeedbackType[]) => call<FeedbackType[]>("feedback_types_set", { types }),
  feedbackRecord: (draft: FeedbackDraft) => call<FeedbackRecord>("feedback_record", { draft }),
  feedbackAction: (number: string, action: FeedbackAction) =>
    call<FeedbackStatus>("feedback_action", { number, action }),
  feedbackItem: (number: string) => call<FeedbackItem>("feedback_item", { number }),
  feedbackRecent: () => call<FeedbackSummary[]>("feedback_recent"),
  feedbackDue: () => call<FeedbackDue>("feedback_due"),
  dashboard: (start: IsoDate, end: IsoDate) => call<Dashboard>("dashboard", { start, end }),
  ratingRequest: (request: RatingRequest) => call<null>("rating_request", { request }),
  ratingPending: () => call<RatingRequest | null>("rating_pending"),
  ratingSubmit: (draft: RatingDraft) => call<unknown>("rating_submit", { draft }),
  ratingCancel: () => call<null>("rating_cancel"),
  receiptPrint: (code: string, reprint: boolean) => call<Printed>("receipt_print", { code, reprint }),
  dossierForms: () => call<FormEntry[]>("dossier_forms"),
  formPrint: (form: DossierFormKind, code: string, content: LetterContent) =>
    call<Printed>("form_print", { form, code, content }),
  logBookPrint: (from: IsoDate, to: IsoDate) => call<Printed>("log_book_print", { from, to }),
  // "Xem trước": the exact PDF that would print, as raw bytes.
  receiptPdf: (code: string, reprint: boolean) => call<ArrayBuffer>("receipt_pdf", { code, reprint }),
  formPdf: (form: DossierFormKind, code: string, content: LetterContent) =>
    call<ArrayBuffer>("form_pdf", { form, code, content }),
  logBookPdf: (from: IsoDate, to: IsoDate) => call<ArrayBuffer>("log_book_pdf", { from, to }),
  printersGet: () => call<CounterPrinters>("printers_get"),
  printerTest: (role: "a4" | "ticket") => call<Printed>("printer_test", { role }),
  printersSet: (printers: CounterPrinters) => call<CounterPrinters>("printers_set", { printers }),
  paperSettingsGet: () => call<PaperSettings>("paper_settings_get"),
  paperSettingsSet: (settings: PaperSettings) => call<PaperSettings>("paper_settings_set", { settings }),
  usersList: () => call<UserInfo[]>("users_list"),
  userCreate: (user: NewUser, role: Role) => call<UserInfo>("user_create", { user, role }),
  catalogImport: (content: string, fileName: string) =>
    call<ImportSummary>("catalog_import", { content, fileName }),
  syncStatus: () => call<SyncStatus>("sync_status"),
  syncNow: () => call<null>("sync_now"),
  syncRejections: () => call<SyncRejection[]>("sync_rejections"),
  syncNotApplied: () => call<SyncNotApplied[]>("sync_not_applied"),
  syncEnrol: (serverUrl: string, code: string) => call<CityLink>("sync_enrol", { serverUrl, code }),
  queueLinkGet: () => call<QueueLink | null>("queue_link_get"),
  queueEnrol: (link: QueueLink, hubKey: string) => call<QueueLink>("queue_enrol", { link, hubKey }),
  queuePanel: () => call<QueuePanel>("queue_panel"),
  queueAct: (action: CounterAction) => call<QueueOutcome>("queue_act", { action }),
  queueIssue: (service: string, priority: PriorityGroup | null) =>
    call<IssuedTicket>("queue_issue", { service, priority }),
  queueHostingGet: () => call<HostingInfo>("queue_hosting_get"),
  queueHostingSet: (hosting: QueueHosting | null) => call<HostingInfo>("queue_hosting_set", { hosting }),
  queueDiscover: () => call<FoundHub[]>("queue_discover"),
  folderPick: (title: string, start: string | null) => call<string | null>("folder_pick", { title, start }),
  /** Saves a report through the system's save dialog; `null`: cancelled. */
  reportSave: (report: ReportAsk, format: ReportFileFormat) => call<string | null>("report_save", { report, format }),
  backupStatus: () => call<BackupStatus>("backup_status"),
  mailSetup: () => call<MailSetup>("mail_setup"),
  mailSettingsSet: (settings: MailSettings | null, password: string | null) =>
    call<MailSetup>("mail_settings_set", { settings, password }),
  mailTest: (to: string) => call<void>("mail_test", { to }),
  dossierMails: (code: string) => call<MailState[]>("dossier_mails", { code }),
  mailsRetry: () => call<void>("mails_retry"),
  backupSettingsSet: (settings: BackupSettings | null) => call<BackupStatus>("backup_settings_set", { settings }),
  backupNow: () => call<BackupTaken>("backup_now"),
  logsExport: () => call<SupportBundle>("logs_export"),
  updateSourceGet: () => call<string | null>("update_source_get"),
  updateSourceSet: (url: string | null) => call<string | null>("update_source_set", { url }),
  updateCheck: () => call<UpdateOffer>("update_check"),
  updateInstall: () => call<null>("update_install"),
  queueSetCounter: (counter: CounterSetup) => call<QueueOutcome>("queue_set_counter", { counter }),
  queueSetServices: (services: QueueServiceDef[]) => call<QueueOutcome>("queue_set_services", { services }),
  /** Tells the shell a screen is painted and usable (logged with the time since start). */
  uiReady: (screen: string) => call<null>("ui_ready", { screen }),
};
