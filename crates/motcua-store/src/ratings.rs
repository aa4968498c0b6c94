//! The `ratings` table: the citizen's satisfaction rating of one service (a queue ticket or a
//! dossier), linked to the clerk who gave the service and the procedure; one per service.

use chrono::NaiveDateTime;
use rusqlite::params;
use serde::{Deserialize, Serialize};

use motcua_domain::satisfaction::{RatedService, RatingDraft};

use crate::db::Store;
use crate::dossiers::TIME_FORMAT;
use crate::error::StoreError;
use crate::ops::{Actor, Change};

/// A rating as given: the payload of its `rating.recorded` op.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingRecord {
    pub id: String,
    pub service: RatedService,
    pub draft: RatingDraft,
    pub at: NaiveDateTime,
    /// The clerk who gave the service (whoever was signed in at the counter).
    pub clerk_id: String,
    pub clerk_name: String,
    pub counter: Option<u32>,
    /// The procedure of the service's dossier; empty for a service with no dossier.
    pub procedure_code: String,
}

pub(crate) fn apply_recorded(tx: &rusqlite::Connection, r: &RatingRecord) -> Result<(), StoreError> {
    let inserted = tx
        .prepare_cached(
            "INSERT INTO ratings (id, service_key, at, day, level, clerk_id, procedure_code, data)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            r.id,
            r.service.key(),
            r.at.format(TIME_FORMAT).to_string(),
            r.at.date().to_string(),
            r.draft.level.as_str(),
            r.clerk_id,
            r.procedure_code,
            serde_json::to_string(r)?,
        ]);
    match inserted {
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::ConstraintViolation => {
            Err(StoreError::Duplicate { what: "rating" })
        }
        other => other.map(|_| ()).map_err(StoreError::from),
    }
}

impl Store {
    /// Records the rating of `service`, durably; a service already rated is refused
    /// ([`StoreError::Duplicate`]) and nothing is written.
    pub fn record_rating(
        &mut self,
        actor: &Actor,
        service: RatedService,
        draft: RatingDraft,
        at: NaiveDateTime,
        counter: Option<u32>,
        procedure_code: String,
    ) -> Result<RatingRecord, StoreError> {
        let record = RatingRecord {
            id: uuid::Uuid::now_v7().to_string(),
            service,
            draft,
            at,
            clerk_id: actor.user_id.clone(),
            clerk_name: actor.display_name.clone(),
            counter,
            procedure_code,
        };
        self.commit(actor, Change::RatingRecorded(Box::new(record.clone())))?;
        Ok(record)
    }

    /// Whether `service` has been rated.
    pub fn is_rated(&self, service: &RatedService) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM ratings WHERE service_key = ?1)")?
            .query_row([service.key()], |r| r.get(0))?)
    }
}
