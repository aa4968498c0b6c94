//! The queue host: the one writer of an office's queue.
//!
//! Commands come through a channel to the writer thread, which commits whatever arrived in
//! one transaction; the syncer thread then puts those commits on the disk and only after that
//! answers their callers and tells the displays. Nothing is reported before it is durable.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use chrono::{NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, oneshot};

use motcua_domain::queue::{TicketState, call_text};
use motcua_store::{Actor, Step, Store};

pub use crate::access::Caller;
use crate::error::QueueError;
pub use crate::rules::{Command, Limits, Outcome};
use crate::status::{self, QueueStatus};
use crate::today::Today;

/// Commands committed together at most: a burst bigger than this waits for the next fsync.
const MAX_BATCH: usize = 512;
/// How the hub's WAL is copied into its database (checkpoints). A checkpoint takes 1-4 ms of
/// disk work (two fsyncs and the copy), and whichever thread runs it holds up the calls behind
/// it: in the writer every command queues, in the syncer every answer. So checkpoints wait for
/// a quiet moment. Once the WAL has grown [`SIDE_CHECKPOINT_PAGES`] since the last one, the
/// syncer runs one on its own connection as soon as no batch has come for [`QUIET`]. A burst
/// seldom has such a gap, and after it the checkpoint catches up, so the WAL starts over at the
/// next write. Only calls that never pause let the WAL reach [`WRITER_CHECKPOINT_PAGES`]; the
/// writer then copies what is left between two batches, since a checkpoint beside a writer
/// that never stops never catches up. With 30 counters calling flat out (the queue benchmark,
/// 900 calls in about 90 ms), the syncer used to checkpoint every 300 pages and the writer
/// every 1,000: 5-9 checkpoints of 0.7-2.9 ms in the syncer and 3-4 of 0.8-2.2 ms in the
/// writer in each burst, and the calls behind them made the slowest percent (p99 4.7-6.3 ms in
/// 5 runs). Waiting for quiet, a burst has none. 2 ms of quiet was too short: a burst has
/// such gaps (a thread not scheduled in time), and a checkpoint there, with the burst's pages
/// to copy, took up to 6 ms. The writer's net sits far above what a burst writes: each call
/// rewrites about 5 pages (its ticket's, the indexes', the op log's), so those 900 calls put
/// 4,000-5,000 frames in the WAL, and a net at 4,000 went off inside the burst in 4 of the 5
/// rounds traced (6.3-7.4 ms, all 30 calls in flight waiting: p99 8.6-10.9 ms in those rounds,
/// 3.0 in the other). At 16,000 (66 MB) it goes off only in the benchmark's steady 300 calls
/// a second, which never pause for 10 ms.
const WRITER_CHECKPOINT_PAGES: u32 = 16_000;
const SIDE_CHECKPOINT_PAGES: u32 = 300;
const QUIET: std::time::Duration = std::time::Duration::from_millis(10);
/// The maintenance thread's passive checkpoint: only for what is left below
/// [`SIDE_CHECKPOINT_PAGES`], so once a minute, not each second as a counter's store does (a
/// checkpoint that lands in a burst makes its disk work the syncer's fsyncs wait behind). And
/// the integrity check a hub owes after an unclean stop, on the same thread this long after
/// the start.
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_secs(60);
/// The WAL's length from the start, 33 MB: more than a burst writes between two quiet moments
/// (above), half of what only calls that never pause reach. Calls then write over blocks the
/// file already has, and each fsync has only those to write (see [`Store::reserve_wal`]). With
/// 30 counters calling flat out, on a fresh hub: p50 1.9-2.2 ms instead of 2.4-2.6, and
/// 14,000-16,000 tickets/s instead of 10,000-11,700 (3 runs each, interleaved, 32 MB
/// reserved). Writing the zeros at the hub's start takes 25-31 ms on this project's VMs.
const RESERVED_WAL_FRAMES: u32 = 8_000;
const CHECK_AFTER: std::time::Duration = std::time::Duration::from_secs(1);

/// Where "now" comes from: Vietnam time on the host, a fixed time in tests.
pub type Clock = Arc<dyn Fn() -> NaiveDateTime + Send + Sync>;

/// Vietnam time (UTC+7) whatever zone the host PC is set to: numbers restart at local midnight.
pub fn vietnam_now() -> NaiveDateTime {
    motcua_domain::calendar::vietnam_local(Utc::now())
}

#[derive(Clone)]
pub struct HostConfig {
    pub limits: Limits,
    pub clock: Clock,
}

impl Default for HostConfig {
    fn default() -> Self {
        HostConfig { limits: Limits::default(), clock: Arc::new(vietnam_now) }
    }
}

/// What displays and counter apps are told, in order (`seq` grows by one per event).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueEvent {
    pub seq: u64,
    /// issued, called, recalled, serving, finished, no_show, transferred, linked, setup
    pub kind: String,
    pub label: Option<String>,
    pub service: Option<String>,
    pub counter: Option<u32>,
    /// For the hall display: "Mời số A023 đến quầy 5" on a call or a recall.
    pub text: Option<String>,
    pub at: NaiveDateTime,
}

/// Who a command is from: an actor the process trusts (its own tests, the hub's enrolment), or
/// a caller the LAN API identified, checked against the enrolled keys inside the transaction
/// (so a key replaced a moment ago is already refused).
enum Who {
    Trusted(Actor),
    Checked(Caller),
}

enum Job {
    Command { who: Who, command: Command, reply: oneshot::Sender<Result<Outcome, QueueError>> },
    Status { reply: oneshot::Sender<Result<QueueStatus, QueueError>> },
}

/// A handle on the host; clones share it. The writer thread stops when the last handle is
/// dropped (after answering what it was given).
#[derive(Clone)]
pub struct QueueHost {
    inner: Arc<Inner>,
}

struct Inner {
    jobs: Mutex<Option<mpsc::Sender<Job>>>,
    events: broadcast::Sender<QueueEvent>,
    thread: Mutex<Option<JoinHandle<()>>>,
    /// Stopped after the writer (fields drop after `drop`).
    _maintenance: motcua_store::Maintenance,
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.jobs.lock().expect("jobs lock").take();
        if let Some(t) = self.thread.lock().expect("thread lock").take() {
            let _ = t.join();
        }
    }
}

impl QueueHost {
    /// Opens (or creates) the hub store at `path` and starts the writer thread.
    pub fn open(path: &Path, config: HostConfig) -> Result<QueueHost, QueueError> {
        let mut store = Store::open(path)?;
        // Only speed depends on it: a hub on a full disk still opens (and refuses what it
        // cannot write).
        if let Err(e) = store.reserve_wal(RESERVED_WAL_FRAMES) {
            tracing::warn!(error = %e, "queue WAL not reserved; the first rush will grow it");
        }
        let maintenance = store.start_maintenance(CHECK_AFTER, CHECKPOINT_EVERY)?;
        store.defer_checkpoints();
        let (tx, rx) = mpsc::channel();
        let (events, _) = broadcast::channel(1024);
        let publisher = events.clone();
        let thread = std::thread::Builder::new()
            .name("queue-writer".into())
            .spawn(move || writer(store, rx, publisher, config))
            .map_err(|e| QueueError::Store(motcua_store::StoreError::Io { path: path.to_owned(), source: e }))?;
        Ok(QueueHost {
            inner: Arc::new(Inner {
                jobs: Mutex::new(Some(tx)),
                events,
                thread: Mutex::new(Some(thread)),
                _maintenance: maintenance,
            }),
        })
    }

    fn send(&self, job: Job) -> Result<(), QueueError> {
        let jobs = self.inner.jobs.lock().expect("jobs lock");
        jobs.as_ref().ok_or(QueueError::HostStopped)?.send(job).map_err(|_| QueueError::HostStopped)
    }

    /// Runs one command for a trusted actor; it is durable when this returns `Ok`.
    pub async fn run(&self, actor: Actor, command: Command) -> Result<Outcome, QueueError> {
        self.submit(Who::Trusted(actor), command).await
    }

    /// Runs one command for a caller of the LAN API, if its key allows it.
    pub async fn run_as(&self, caller: Caller, command: Command) -> Result<Outcome, QueueError> {
        self.submit(Who::Checked(caller), command).await
    }

    async fn submit(&self, who: Who, command: Command) -> Result<Outcome, QueueError> {
        let (reply, answer) = oneshot::channel();
        self.send(Job::Command { who, command, reply })?;
        answer.await.map_err(|_| QueueError::HostStopped)?
    }

    /// [`QueueHost::run`] from plain threads (tests, the CLI).
    pub fn run_blocking(&self, actor: Actor, command: Command) -> Result<Outcome, QueueError> {
        let (reply, answer) = oneshot::channel();
        self.send(Job::Command { who: Who::Trusted(actor), command, reply })?;
        answer.blocking_recv().map_err(|_| QueueError::HostStopped)?
    }

    pub async fn status(&self) -> Result<QueueStatus, QueueError> {
        let (reply, answer) = oneshot::channel();
        self.send(Job::Status { reply })?;
        answer.await.map_err(|_| QueueError::HostStopped)?
    }

    pub fn status_blocking(&self) -> Result<QueueStatus, QueueError> {
        let (reply, answer) = oneshot::channel();
        self.send(Job::Status { reply })?;
        answer.blocking_recv().map_err(|_| QueueError::HostStopped)?
    }

    /// Events from now on (a display that falls more than 1,024 behind reloads the status).
    pub fn subscribe(&self) -> broadcast::Receiver<QueueEvent> {
        self.inner.events.subscribe()
    }
}

/// Commits the jobs in batches; the answers go to the syncer, which gives them out once the
/// batch is on the disk. Meanwhile this thread takes on the next batch: the disk's wait and
/// the fsync's CPU are off the path every command queues on.
fn writer(mut store: Store, jobs: mpsc::Receiver<Job>, events: broadcast::Sender<QueueEvent>, config: HostConfig) {
    let seq = AtomicU64::new(0);
    let syncer = match store.sync_wal_elsewhere().and_then(|wal| Ok((wal, store.checkpointer()?))) {
        Ok((wal, checkpointer)) => {
            let (to_syncer, batches) = mpsc::channel();
            std::thread::Builder::new()
                .name("queue-syncer".into())
                .spawn(move || syncer(wal, checkpointer, batches, events))
                .map(|thread| (to_syncer, thread))
                .map_err(|e| tracing::error!(error = %e, "queue syncer not started"))
                .ok()
        }
        Err(e) => {
            tracing::error!(error = %e, "queue store not switched to a separate WAL sync");
            None
        }
    };
    // Loaded for the first batch (see `today`).
    let mut today: Option<Today> = None;
    let Some((to_syncer, syncer)) = syncer else {
        // Nothing can be made durable: refuse every job rather than answer unsaved.
        for job in jobs {
            match job {
                Job::Command { reply, .. } => drop(reply.send(Err(QueueError::HostStopped))),
                Job::Status { reply } => drop(reply.send(Err(QueueError::HostStopped))),
            }
        }
        return;
    };
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let mut commands = Vec::new();
        let mut statuses = Vec::new();
        for job in batch {
            match job {
                Job::Command { who, command, reply } => commands.push((who, command, reply)),
                Job::Status { reply } => statuses.push(reply),
            }
        }
        let mut answers = if commands.is_empty() {
            Answers::default()
        } else {
            commit(&mut store, &mut today, commands, &seq, &config)
        };
        // Computed after the commit, given out after its sync: a status shows nothing that
        // could still be lost.
        for reply in statuses {
            answers.statuses.push((reply, status::compute(&store, (config.clock)())));
        }
        answers.wal_pages = store.wal_pages();
        if to_syncer.send(answers).is_err() {
            tracing::error!("queue syncer stopped; the writer stops");
            break;
        }
        if let Err(e) = store.checkpoint_if_wal_over(WRITER_CHECKPOINT_PAGES) {
            tracing::warn!(error = %e, "queue WAL checkpoint failed; will retry after the next batch");
        }
    }
    drop(to_syncer);
    let _ = syncer.join();
    tracing::info!("queue writer stopped");
}

type Pending = (Who, Command, CommandReply);
type CommandReply = oneshot::Sender<Result<Outcome, QueueError>>;
type StatusReply = oneshot::Sender<Result<QueueStatus, QueueError>>;

/// A batch's answers, held until the batch is on the disk.
#[derive(Default)]
struct Answers {
    /// Whether the batch wrote anything (a batch of refusals needs no fsync).
    wrote: bool,
    /// Pages in the WAL after it.
    wal_pages: u32,
    /// Each command's answer, with the event the displays get when it was done.
    commands: Vec<(CommandReply, Result<Outcome, QueueError>, Option<QueueEvent>)>,
    statuses: Vec<(StatusReply, Result<QueueStatus, QueueError>)>,
}

/// Makes the batches durable, then answers their callers and tells the displays, in commit
/// order. One fsync covers every batch that came in while the one before was running. Once
/// the WAL has grown enough, a checkpoint in the first quiet moment (see
/// [`WRITER_CHECKPOINT_PAGES`]).
///
/// A failed fsync is final until the hub restarts: Linux reports a write-back error to one
/// fsync only and may drop the pages it could not write, so a later fsync that succeeds says
/// nothing about them, nor about the commands decided from them.
fn syncer(
    mut wal: motcua_store::WalSync,
    checkpointer: motcua_store::Checkpointer,
    batches: mpsc::Receiver<Answers>,
    events: broadcast::Sender<QueueEvent>,
) {
    let mut failed: Option<String> = None;
    let (mut wal_pages, mut checkpointed_at) = (0, 0);
    loop {
        let owed = failed.is_none() && wal_pages >= checkpointed_at + SIDE_CHECKPOINT_PAGES;
        let next = if owed { batches.recv_timeout(QUIET) } else { batches.recv().map_err(RecvTimeoutError::from) };
        let first = match next {
            Ok(batch) => batch,
            Err(RecvTimeoutError::Timeout) => {
                if let Err(e) = checkpointer.passive() {
                    tracing::warn!(error = %e, "queue WAL checkpoint beside the writer failed");
                }
                checkpointed_at = wal_pages;
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => break,
        };
        let mut ready = vec![first];
        ready.extend(batches.try_iter());
        wal_pages = ready.last().map_or(0, |a| a.wal_pages);
        if failed.is_none()
            && ready.iter().any(|a| a.wrote)
            && let Err(e) = wal.sync()
        {
            tracing::error!(
                error = %e,
                "queue commits not synced to disk; every change is refused as not durable until the hub restarts"
            );
            failed = Some(e.to_string());
        }
        for answers in ready {
            for (reply, result, event) in answers.commands {
                let result = match (&failed, result) {
                    (None, Ok(outcome)) => {
                        if let Some(event) = event {
                            let _ = events.send(event);
                        }
                        Ok(outcome)
                    }
                    (Some(e), Ok(_)) => Err(QueueError::NotDurable(e.clone())),
                    (_, Err(refused)) => Err(refused),
                };
                let _ = reply.send(result);
            }
            for (reply, status) in answers.statuses {
                let _ = reply.send(status);
            }
        }
        // The WAL started over.
        if wal_pages < checkpointed_at {
            checkpointed_at = 0;
        }
    }
    tracing::info!("queue syncer stopped");
}

/// The day's queue for the next batch: the one held if it still holds, else loaded afresh.
fn today_for(store: &Store, held: Option<Today>, day: chrono::NaiveDate) -> Result<Today, motcua_store::StoreError> {
    match held {
        Some(today) if today.still_holds(store, day)? => Ok(today),
        _ => Today::load(store, day),
    }
}

/// One transaction for the batch; the answers wait for its sync (see [`syncer`]).
///
/// Each command is decided from `today` and its changes are applied to it at once, so the next
/// command of the batch sees them, as it would see them in the transaction. `today` is kept
/// only if everything decided was committed; otherwise the next batch loads it again. Should a
/// step's write fail, the commands after it in the batch were decided as if it had been
/// written: at worst a number is skipped or a ticket waits one call longer, never a number
/// given twice or a ticket lost (the store's constraints hold).
fn commit(
    store: &mut Store,
    today: &mut Option<Today>,
    commands: Vec<Pending>,
    seq: &AtomicU64,
    config: &HostConfig,
) -> Answers {
    let now = (config.clock)();
    let mut answers = Answers::default();
    let model = match today_for(store, today.take(), now.date()) {
        Ok(model) => Mutex::new(model),
        Err(e) => {
            tracing::error!(error = %e, "queue not read from the hub store; the batch is refused");
            let message = e.to_string();
            for (_, _, reply) in commands {
                let _ = reply.send(Err(QueueError::Store(motcua_store::StoreError::BadData(message.clone()))));
            }
            return answers;
        }
    };
    let mut replies = Vec::with_capacity(commands.len());
    let mut steps: Vec<Step<'_, Outcome, QueueError>> = Vec::with_capacity(commands.len());
    for (who, command, reply) in commands {
        let limits = config.limits.clone();
        let kind = event_kind(&command);
        replies.push((reply, kind));
        let model = &model;
        steps.push(Box::new(move |read| {
            let actor = match who {
                Who::Trusted(actor) => actor,
                Who::Checked(caller) => crate::access::authorize(read, &caller, &command)?,
            };
            let mut model = model.lock().unwrap_or_else(|p| p.into_inner());
            let (changes, outcome) = crate::rules::decide(&model, command, now, &limits)?;
            for change in &changes {
                model.apply(change);
            }
            Ok((actor, changes, outcome))
        }));
    }
    let committed = store.commit_steps(steps);
    let model = model.into_inner().unwrap_or_else(|p| p.into_inner());
    match committed {
        Ok(results) => {
            if !results.iter().any(|r| matches!(r, Err(QueueError::Store(_)))) {
                *today = Some(model);
            }
            for ((reply, kind), result) in replies.into_iter().zip(results) {
                let event = match &result {
                    Ok(outcome) => {
                        answers.wrote = true;
                        Some(event(kind, outcome, now, seq))
                    }
                    Err(e) => {
                        tracing::info!(error = %e, "queue command refused");
                        None
                    }
                };
                answers.commands.push((reply, result, event));
            }
        }
        Err(e) => {
            tracing::error!(error = %e, "queue batch not committed");
            let message = e.to_string();
            for (reply, _) in replies {
                let _ = reply.send(Err(QueueError::Store(motcua_store::StoreError::BadData(message.clone()))));
            }
        }
    }
    answers
}

fn event_kind(command: &Command) -> &'static str {
    match command {
        Command::Issue { .. } => "issued",
        Command::CallNext { .. } => "called",
        Command::Recall { .. } => "recalled",
        Command::Start { .. } => "serving",
        Command::Finish { .. } => "finished",
        Command::NoShow { .. } => "no_show",
        Command::Transfer { .. } => "transferred",
        Command::LinkDossier { .. } => "linked",
        Command::SetServices { .. } | Command::SetCounter { .. } | Command::EnrolCounter { .. } => "setup",
    }
}

fn event(kind: &str, outcome: &Outcome, at: NaiveDateTime, seq: &AtomicU64) -> QueueEvent {
    let seq = seq.fetch_add(1, Ordering::Relaxed) + 1;
    let (ticket, label) = match outcome {
        Outcome::Issued { ticket, label, .. }
        | Outcome::Called { ticket, label, .. }
        | Outcome::Updated { ticket, label } => (Some(ticket), Some(label.clone())),
        Outcome::ServicesSet { .. } | Outcome::CounterSet { .. } | Outcome::CounterEnrolled { .. } => (None, None),
    };
    // A recall past the limit makes a no-show, not another call.
    let kind = match (kind, ticket.map(|t| t.state)) {
        ("recalled", Some(TicketState::NoShow)) => "no_show",
        (k, _) => k,
    };
    let counter = ticket.and_then(|t| t.counter);
    let text = match (kind, &label, counter) {
        ("called" | "recalled", Some(label), Some(counter)) => Some(call_text(label, counter)),
        _ => None,
    };
    QueueEvent { seq, kind: kind.to_owned(), label, service: ticket.map(|t| t.service.clone()), counter, text, at }
}
