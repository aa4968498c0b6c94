//! [`CityDashboardDb`] on SQLite: the shared queries, with SQLite's parameters.

use rusqlite::params;

use motcua_city_db::DbError;
use motcua_city_db::dashboard::{CityDashboardDb, OfficeFigures, Period, Tallied, count, queries};
use motcua_city_db::dossiers::TIME_FORMAT;

use crate::{SqliteCityDb, other};

impl CityDashboardDb for SqliteCityDb {
    async fn office_figures(&self, period: Period) -> Result<Vec<OfficeFigures>, DbError> {
        self.with(move |c| {
            // One read transaction: every figure of the same moment.
            let tx = c.transaction().map_err(other)?;
            let (from, to) = (period.start.to_string(), period.end.to_string());
            let now = period.now.format(TIME_FORMAT).to_string();
            let mut t = Tallied::default();
            let each =
                |sql: &str, p: &[&dyn rusqlite::ToSql], f: &mut dyn FnMut(&rusqlite::Row) -> rusqlite::Result<()>| {
                    let mut stmt = tx.prepare_cached(&queries::for_sqlite(sql))?;
                    let mut rows = stmt.query(p)?;
                    while let Some(r) = rows.next()? {
                        f(r)?;
                    }
                    Ok::<(), rusqlite::Error>(())
                };
            let n = |r: &rusqlite::Row, i: usize| r.get::<_, i64>(i).map(count);
            (|| {
                each(queries::OFFICES, params![], &mut |r| {
                    t.office(r.get(0)?, r.get(1)?, r.get(2)?);
                    Ok(())
                })?;
                each(queries::RECEIVED, params![from, to], &mut |r| {
                    if let Some(f) = t.of(r.get(0)?) {
                        f.received = n(r, 1)?;
                    }
                    Ok(())
                })?;
                each(queries::ENDED, params![from, to], &mut |r| {
                    let outcome: String = r.get(1)?;
                    t.ended(r.get(0)?, &outcome, n(r, 2)?);
                    Ok(())
                })?;
                each(queries::OPEN, params![now], &mut |r| {
                    if let Some(f) = t.of(r.get(0)?) {
                        (f.pending, f.pending_late) = (n(r, 1)?, n(r, 2)?);
                    }
                    Ok(())
                })?;
                each(queries::RATINGS, params![from, to], &mut |r| {
                    let level: String = r.get(1)?;
                    t.rating(r.get(0)?, &level, n(r, 2)?);
                    Ok(())
                })?;
                each(queries::FEEDBACK_RECEIVED, params![from, to], &mut |r| {
                    if let Some(f) = t.of(r.get(0)?) {
                        f.feedback_received = n(r, 1)?;
                    }
                    Ok(())
                })?;
                each(queries::FEEDBACK_ANSWERED, params![from, to], &mut |r| {
                    if let Some(f) = t.of(r.get(0)?) {
                        (f.feedback_answered_on_time, f.feedback_answered_late) = (n(r, 1)?, n(r, 2)?);
                    }
                    Ok(())
                })?;
                each(queries::FEEDBACK_OVERDUE, params![now], &mut |r| {
                    if let Some(f) = t.of(r.get(0)?) {
                        f.feedback_overdue = n(r, 1)?;
                    }
                    Ok(())
                })
            })()
            .map_err(other)?;
            Ok(t.finish())
        })
        .await
    }
}
