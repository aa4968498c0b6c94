//! The PostgreSQL backend against a real server started by the test itself.

use motcua_city_db::story;
use motcua_city_postgres::PostgresCityDb;
use motcua_city_postgres::cluster;

#[tokio::test]
async fn the_stories_hold_on_postgresql() {
    let pg = cluster::Cluster::start();
    let db = PostgresCityDb::connect(&pg.url(), 4).await.unwrap();
    // A second server starting on the same database finds it migrated.
    PostgresCityDb::connect(&pg.url(), 1).await.unwrap();
    story::a_batch_sent_twice_is_stored_once_and_pulls_stay_in_their_office(db.clone()).await;
    // The same cluster (starting one takes seconds): this story uses offices of its own.
    story::an_enrolment_code_works_once_and_revocation_is_at_once(db.clone()).await;
    story::publications_reach_their_offices_once_in_order(db.clone()).await;
    story::dossier_steps_are_checked_in_the_servers_order(db.clone()).await;
    story::the_city_console_sees_offices_and_traces_every_read(db.clone()).await;
    story::the_city_dashboard_counts_each_office_as_its_counters_do(db).await;
}
