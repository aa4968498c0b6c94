//! The PostgreSQL backend against a real server started by the test itself.

mod cluster;

use motcua_city_db::CityDb;
use motcua_city_postgres::PostgresCityDb;
use motcua_sync_proto::{AckOutcome, WireOp};

fn op(device: &str, n: i64) -> WireOp {
    WireOp {
        id: format!("00000000-0000-7000-8000-{n:012}"),
        device_id: device.into(),
        device_seq: n,
        hlc: format!("{:016}-00000", 1_764_000_000_000i64 + n),
        user_id: "u".into(),
        kind: "dossier.received".into(),
        payload: serde_json::json!({ "n": n, "tên": "Đặng Văn Đức" }),
        created_at: "2026-11-23T02:00:00.000Z".into(),
    }
}

#[tokio::test]
async fn a_batch_sent_twice_is_stored_once_and_pulls_stay_in_their_office() {
    let pg = cluster::Cluster::start();
    let db = PostgresCityDb::connect(&pg.url(), 4).await.unwrap();
    // A second server starting on the same database finds it migrated.
    PostgresCityDb::connect(&pg.url(), 1).await.unwrap();
    let a = db.create_office("000.00.21.H26", "Phường Ba Đình").await.unwrap();
    let b = db.create_office("000.00.22.H26", "Phường Kim Mã").await.unwrap();
    db.add_device(a, "dev-a", "Quầy 1", "hash-a").await.unwrap();
    db.add_device(b, "dev-b", "Quầy 1", "hash-b").await.unwrap();
    let dev_a = db.device_by_token("hash-a").await.unwrap().unwrap();
    let dev_b = db.device_by_token("hash-b").await.unwrap().unwrap();

    let batch: Vec<WireOp> = (1..=3).map(|n| op("dev-a", n)).collect();
    let first = db.ingest(&dev_a, batch.clone()).await.unwrap();
    assert!(first.iter().all(|a| matches!(a, AckOutcome::Stored { .. })), "{first:?}");
    let again = db.ingest(&dev_a, batch).await.unwrap();
    for (f, g) in first.iter().zip(&again) {
        let (AckOutcome::Stored { server_seq: s1 }, AckOutcome::Duplicate { server_seq: s2 }) = (f, g) else {
            panic!("{f:?} then {g:?}")
        };
        assert_eq!(s1, s2);
    }
    db.ingest(&dev_b, vec![op("dev-a", 4)]).await.unwrap();
    let replay = db.ingest(&dev_b, vec![op("dev-a", 1)]).await.unwrap();
    assert!(matches!(&replay[0], AckOutcome::Rejected { code, .. } if code == "id_taken"), "{replay:?}");

    let pulled = db.pull(a, 0, 100).await.unwrap();
    assert_eq!(pulled.len(), 3);
    assert_eq!(pulled[0].op.payload["tên"], "Đặng Văn Đức");
    assert_eq!(db.pull(b, 0, 100).await.unwrap()[0].op.device_id, "dev-b");
}
