//! [`CityDashboardDb`] on PostgreSQL: the shared queries, in one read-only snapshot.

use motcua_city_db::DbError;
use motcua_city_db::dashboard::{CityDashboardDb, OfficeFigures, Period, Tallied, count, queries};
use motcua_city_db::dossiers::TIME_FORMAT;

use crate::{PostgresCityDb, other};

impl CityDashboardDb for PostgresCityDb {
    async fn office_figures(&self, period: Period) -> Result<Vec<OfficeFigures>, DbError> {
        let mut client = self.client().await?;
        // Every figure of the same moment, as in SQLite's single read transaction.
        let tx = client
            .build_transaction()
            .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await
            .map_err(other)?;
        let (from, to) = (period.start.to_string(), period.end.to_string());
        let now = period.now.format(TIME_FORMAT).to_string();
        let period_params: [&(dyn tokio_postgres::types::ToSql + Sync); 2] = [&from, &to];
        let query = async |sql: &str, params: &[&(dyn tokio_postgres::types::ToSql + Sync)]| {
            tx.query(sql, params).await.map_err(other)
        };
        let n = |r: &tokio_postgres::Row, i: usize| count(r.get::<_, i64>(i));

        let mut t = Tallied::default();
        for r in query(queries::OFFICES, &[]).await? {
            t.office(r.get(0), r.get(1), r.get(2));
        }
        for r in query(queries::RECEIVED, &period_params).await? {
            if let Some(f) = t.of(r.get(0)) {
                f.received = n(&r, 1);
            }
        }
        for r in query(queries::ENDED, &period_params).await? {
            t.ended(r.get(0), r.get(1), n(&r, 2));
        }
        for r in query(queries::OPEN, &[&now]).await? {
            if let Some(f) = t.of(r.get(0)) {
                (f.pending, f.pending_late) = (n(&r, 1), n(&r, 2));
            }
        }
        for r in query(queries::RATINGS, &period_params).await? {
            t.rating(r.get(0), r.get(1), n(&r, 2));
        }
        for r in query(queries::FEEDBACK_RECEIVED, &period_params).await? {
            if let Some(f) = t.of(r.get(0)) {
                f.feedback_received = n(&r, 1);
            }
        }
        for r in query(queries::FEEDBACK_ANSWERED, &period_params).await? {
            if let Some(f) = t.of(r.get(0)) {
                (f.feedback_answered_on_time, f.feedback_answered_late) = (n(&r, 1), n(&r, 2));
            }
        }
        for r in query(queries::FEEDBACK_OVERDUE, &[&now]).await? {
            if let Some(f) = t.of(r.get(0)) {
                f.feedback_overdue = n(&r, 1);
            }
        }
        tx.commit().await.map_err(other)?;
        Ok(t.finish())
    }
}
