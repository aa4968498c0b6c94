//! Dossier lifecycles on the city server: each office's dossiers as their steps left them, so a
//! pushed step is checked against the dossier's state (the conflict policy, ARCHITECTURE.md
//! "Conflicts": the first step to reach the server wins; a step that no longer follows is
//! refused, with the clerk's message, and the ops behind it are stored).
//!
//! The check itself is here, once, and pure ([`check`]): a backend loads the lifecycles a
//! batch touches, runs it, then stores the ops it let through and the states it returns, in
//! the same transaction, holding its office's write lock.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use motcua_domain::lifecycle::{Lifecycle, Step};
use motcua_sync_proto::{AckOutcome, WireOp};

use crate::dashboard::Tally;

/// An op to store, with what it does to a dossier's life (the server reads it from the op's
/// payload, which it has already checked).
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    pub op: WireOp,
    pub dossier: Option<DossierEffect>,
    /// What the op adds to the city's dashboard besides a dossier's state.
    pub tally: Option<Tally>,
}

impl From<WireOp> for Incoming {
    fn from(op: WireOp) -> Incoming {
        Incoming { op, dossier: None, tally: None }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum DossierEffect {
    /// A dossier received at a counter at `received_at`, due at its appointment.
    Received { dossier_id: String, code: String, received_at: NaiveDateTime, due_at: NaiveDateTime },
    /// A step of a dossier's life, taken at `at` (office local time).
    Step { dossier_id: String, at: NaiveDateTime, step: Step },
}

impl DossierEffect {
    pub fn dossier_id(&self) -> &str {
        match self {
            DossierEffect::Received { dossier_id, .. } | DossierEffect::Step { dossier_id, .. } => dossier_id,
        }
    }
}

/// A dossier's state to store after a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct DossierState {
    pub dossier_id: String,
    pub code: String,
    pub lifecycle: Lifecycle,
    /// The day it was received, when the batch received it (a stored state keeps its own).
    pub received_on: Option<NaiveDate>,
}

impl DossierState {
    /// The day it ended and how, if it has (the dashboard's columns).
    pub fn ending(&self) -> Option<(NaiveDate, crate::dashboard::Outcome)> {
        crate::dashboard::ending(&self.lifecycle)
    }
}

/// A dossier's state as a backend keeps it: `lifecycle` JSON, or none yet (as received, due at
/// `due_at`).
pub fn stored_lifecycle(lifecycle: Option<&str>, due_at: &str) -> Result<Lifecycle, String> {
    match lifecycle {
        Some(json) => serde_json::from_str(json).map_err(|e| format!("dossier lifecycle: {e}")),
        None => NaiveDateTime::parse_from_str(due_at, TIME_FORMAT)
            .map(Lifecycle::at_reception)
            .map_err(|e| format!("dossier due_at: {e}")),
    }
}

/// How times are stored (office local time).
pub const TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

/// What a batch does to its office's dossiers.
#[derive(Debug, Default)]
pub struct Checked {
    /// Per op, in order: `Some` when the op is refused for its step.
    pub refused: Vec<Option<AckOutcome>>,
    /// The dossiers whose state changed, as they stand after the batch (code and state).
    pub states: Vec<DossierState>,
}

/// Checks the dossier effects of `batch` in order against `known` (the stored states of the
/// dossiers it touches, by id, with their codes). Ops in `stored_before` are retries: their
/// effect took place when they were first stored.
pub fn check(
    batch: &[Incoming],
    mut known: HashMap<String, (String, Lifecycle)>,
    stored_before: &HashSet<&str>,
) -> Checked {
    let mut changed: Vec<String> = Vec::new();
    let mut received_on: HashMap<String, NaiveDate> = HashMap::new();
    let mut refused = Vec::with_capacity(batch.len());
    for item in batch {
        let Some(effect) = item.dossier.as_ref().filter(|_| !stored_before.contains(item.op.id.as_str())) else {
            refused.push(None);
            continue;
        };
        match effect {
            DossierEffect::Received { dossier_id, code, received_at, due_at } => {
                if !known.contains_key(dossier_id) {
                    known.insert(dossier_id.clone(), (code.clone(), Lifecycle::at_reception(*due_at)));
                    received_on.insert(dossier_id.clone(), received_at.date());
                    changed.push(dossier_id.clone());
                }
                refused.push(None);
            }
            DossierEffect::Step { dossier_id, at, step } => {
                let Some((_, now)) = known.get_mut(dossier_id) else {
                    refused.push(Some(AckOutcome::Rejected {
                        code: "unknown_dossier".into(),
                        message: "Máy chủ chưa có hồ sơ này của đơn vị; bước xử lý không được lưu.".into(),
                    }));
                    continue;
                };
                match now.apply(step, *at) {
                    Ok(next) => {
                        *now = next;
                        changed.push(dossier_id.clone());
                        refused.push(None);
                    }
                    Err(refusal) => refused.push(Some(AckOutcome::Rejected {
                        code: "step_refused".into(),
                        message: format!("{refusal} (trên máy chủ, theo thứ tự các bước đã nhận)"),
                    })),
                }
            }
        }
    }
    let mut seen = HashSet::new();
    let states = changed
        .into_iter()
        .filter(|id| seen.insert(id.clone()))
        .filter_map(|id| {
            let received_on = received_on.get(&id).copied();
            known.remove(&id).map(|(code, lifecycle)| DossierState { dossier_id: id, code, lifecycle, received_on })
        })
        .collect();
    Checked { refused, states }
}

/// The dossier ids a batch touches: the states a backend loads (of the pushing device's office
/// only) before [`check`].
pub fn touched_ids(batch: &[Incoming]) -> Vec<String> {
    let mut ids: Vec<String> =
        batch.iter().filter_map(|i| i.dossier.as_ref().map(|d| d.dossier_id().to_owned())).collect();
    ids.sort();
    ids.dedup();
    ids
}

/// Whether the batch touches any dossier (most batches of printed papers and logins do not).
pub fn touches_dossiers(batch: &[Incoming]) -> bool {
    batch.iter().any(|i| i.dossier.is_some())
}
