//! The PostgreSQL backend against a real server started by the test itself.

mod cluster;

use motcua_city_db::story;
use motcua_city_postgres::PostgresCityDb;

#[tokio::test]
async fn a_batch_sent_twice_is_stored_once_and_pulls_stay_in_their_office() {
    let pg = cluster::Cluster::start();
    let db = PostgresCityDb::connect(&pg.url(), 4).await.unwrap();
    // A second server starting on the same database finds it migrated.
    PostgresCityDb::connect(&pg.url(), 1).await.unwrap();
    story::a_batch_sent_twice_is_stored_once_and_pulls_stay_in_their_office(db).await;
}
