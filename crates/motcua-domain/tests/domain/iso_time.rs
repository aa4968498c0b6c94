//! `motcua_domain::iso_time` writes the text chrono writes, and chrono reads it back.

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use proptest::prelude::*;

use motcua_domain::iso_time;

/// Seconds from 0001-01-01 and a fraction: whole, milli-, micro- or nanoseconds (chrono
/// writes each differently).
fn date_time() -> impl Strategy<Value = NaiveDateTime> {
    let start = NaiveDate::from_ymd_opt(1, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
    let nanos = prop_oneof![
        Just(0u32),
        (1u32..1_000).prop_map(|m| m * 1_000_000),
        (1u32..1_000_000).prop_map(|u| u * 1_000),
        1u32..1_000_000_000
    ];
    (0i64..315_537_897_599, nanos)
        .prop_map(move |(s, n)| start + TimeDelta::seconds(s) + TimeDelta::nanoseconds(i64::from(n)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn the_text_is_chronos(t in date_time()) {
        prop_assert_eq!(iso_time::date(t.date()), t.date().to_string());
        prop_assert_eq!(iso_time::date_time(t), serde_json::to_value(t).unwrap().as_str().unwrap().to_owned());
        let back: NaiveDateTime = serde_json::from_value(serde_json::Value::String(iso_time::date_time(t))).unwrap();
        prop_assert_eq!(back, t);
    }
}

#[test]
fn outside_the_fast_path_the_text_is_chronos_too() {
    let far = NaiveDate::from_ymd_opt(12_345, 6, 7).unwrap().and_hms_milli_opt(8, 9, 10, 11).unwrap();
    let before_zero = NaiveDate::from_ymd_opt(-44, 3, 15).unwrap().and_hms_opt(12, 0, 0).unwrap();
    let leap_second = NaiveDate::from_ymd_opt(2016, 12, 31).unwrap().and_hms_milli_opt(23, 59, 59, 1_500).unwrap();
    for t in [far, before_zero, leap_second] {
        assert_eq!(iso_time::date_time(t), format!("{t:?}"));
        assert_eq!(iso_time::date(t.date()), t.date().to_string());
    }
    assert_eq!(iso_time::date_time(leap_second), "2016-12-31T23:59:60.500");
}

#[test]
fn a_ticket_serializes_as_chrono_would() {
    let t: motcua_domain::queue::Ticket = serde_json::from_str(
        r#"{"id":"x","day":"2026-11-20","service":"A","issued_service":"A","number":7,"priority":null,
            "state":"finished","counter":3,"for_counter":null,"recalls":0,"order":7,
            "issued_at":"2026-11-20T08:05:00","called_at":"2026-11-20T08:20:00.250",
            "serving_at":null,"finished_at":"2026-11-20T08:31:12.000123","dossiers":[]}"#,
    )
    .unwrap();
    let json = serde_json::to_value(&t).unwrap();
    assert_eq!(json["day"], "2026-11-20");
    assert_eq!(json["issued_at"], "2026-11-20T08:05:00");
    assert_eq!(json["called_at"], "2026-11-20T08:20:00.250");
    assert_eq!(json["serving_at"], serde_json::Value::Null);
    assert_eq!(json["finished_at"], "2026-11-20T08:31:12.000123");
    assert_eq!(serde_json::from_value::<motcua_domain::queue::Ticket>(json).unwrap(), t);
}
