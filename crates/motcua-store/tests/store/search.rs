//! Search by code, ID number, phone, and name with or without diacritics.

use crate::support::*;

fn codes(found: &[motcua_store::DossierSummary]) -> Vec<String> {
    found.iter().map(|d| d.applicant_name.clone()).collect()
}

#[test]
fn finds_by_every_key_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = set_up(&dir.path().join("c.db"), 2);
    let duc = receive(&mut store, 2, draft("Đặng Văn Đức", "001203001234", "0912 345 678"), at(2026, 11, 23, 9, 0));
    receive(&mut store, 2, draft("Nguyễn Thị Hường", "079303005678", "0987654321"), at(2026, 11, 23, 9, 5));
    receive(&mut store, 2, draft("Nguyễn Văn Dũng", "001203009999", ""), at(2026, 11, 23, 9, 10));

    assert_eq!(codes(&store.search_dossiers("dang van duc", 10).unwrap()), ["Đặng Văn Đức"]);
    assert_eq!(codes(&store.search_dossiers("ĐẶNG", 10).unwrap()), ["Đặng Văn Đức"]);
    assert_eq!(codes(&store.search_dossiers("nguyen", 10).unwrap()), ["Nguyễn Văn Dũng", "Nguyễn Thị Hường"]);
    assert_eq!(codes(&store.search_dossiers("ng v d", 10).unwrap()), ["Nguyễn Văn Dũng"]);
    assert_eq!(codes(&store.search_dossiers("v d", 10).unwrap()), ["Nguyễn Văn Dũng", "Đặng Văn Đức"]);
    assert_eq!(codes(&store.search_dossiers("huong", 10).unwrap()), ["Nguyễn Thị Hường"]);
    assert_eq!(codes(&store.search_dossiers("001203001234", 10).unwrap()), ["Đặng Văn Đức"]);
    assert_eq!(codes(&store.search_dossiers("0012030", 10).unwrap()), ["Nguyễn Văn Dũng", "Đặng Văn Đức"]);
    assert_eq!(codes(&store.search_dossiers("0912345678", 10).unwrap()), ["Đặng Văn Đức"]);
    assert_eq!(codes(&store.search_dossiers(&duc.code.to_lowercase(), 10).unwrap()), ["Đặng Văn Đức"]);
    assert_eq!(codes(&store.search_dossiers("261123-0002", 10).unwrap()), ["Đặng Văn Đức"]);
    assert!(store.search_dossiers("tran", 10).unwrap().is_empty());
    assert!(store.search_dossiers("\"*)(", 10).unwrap().is_empty());
}

#[test]
fn nfd_names_are_found_like_nfc_ones() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = set_up(&dir.path().join("c.db"), 2);
    // The store indexes what it is given; the app normalises to NFC before it gets here.
    let nfc = motcua_domain::text::clean("Nguye\u{0302}\u{0303}n Thi\u{0323} Lan");
    receive(&mut store, 2, draft(&nfc, "001303001234", ""), at(2026, 11, 23, 9, 0));
    assert_eq!(codes(&store.search_dossiers("nguyễn thị lan", 10).unwrap()), ["Nguyễn Thị Lan"]);
    assert_eq!(codes(&store.search_dossiers("Nguye\u{0302}\u{0303}n", 10).unwrap()), ["Nguyễn Thị Lan"]);
}

#[test]
fn today_lists_only_that_day_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = set_up(&dir.path().join("c.db"), 2);
    receive(&mut store, 2, draft("Hôm qua", "001203001234", ""), at(2026, 11, 22, 9, 0));
    receive(&mut store, 2, draft("Sáng nay", "001203001234", ""), at(2026, 11, 23, 8, 0));
    receive(&mut store, 2, draft("Chiều nay", "001203001234", ""), at(2026, 11, 23, 14, 0));
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    assert_eq!(codes(&store.dossiers_received_on(day).unwrap()), ["Chiều nay", "Sáng nay"]);
}
