use motcua_domain::satisfaction::{Criterion, Level, LevelCounts, RatedService, RatingDraft};

#[test]
fn the_rate_counts_satisfied_and_very_satisfied_over_all_ratings() {
    let mut counts = LevelCounts::default();
    assert_eq!(counts.satisfaction_rate(), None, "no rating: no rate, not 0 % or 100 %");
    counts.add(Level::VerySatisfied, 3);
    counts.add(Level::Satisfied, 5);
    counts.add(Level::Dissatisfied, 2);
    assert_eq!(counts.total(), 10);
    assert_eq!(counts.satisfaction_rate(), Some(80.0));
    assert!(Level::Satisfied.is_satisfied() && !Level::Dissatisfied.is_satisfied());
}

#[test]
fn a_draft_is_cleaned_and_refused_when_a_criterion_repeats_or_the_comment_is_too_long() {
    let ok = RatingDraft {
        level: Level::Satisfied,
        criteria: vec![(Criterion::Officer, Level::VerySatisfied), (Criterion::Result, Level::Dissatisfied)],
        comment: "  Cán bộ   nhiệt tình \n".into(),
    }
    .normalize_and_validate()
    .unwrap();
    assert_eq!(ok.comment, "Cán bộ nhiệt tình");

    let twice = RatingDraft {
        level: Level::Satisfied,
        criteria: vec![(Criterion::Officer, Level::VerySatisfied), (Criterion::Officer, Level::Dissatisfied)],
        comment: String::new(),
    };
    let problems = twice.normalize_and_validate().unwrap_err();
    assert_eq!(problems.0[0].field, "criteria");

    let long = RatingDraft { level: Level::Dissatisfied, criteria: vec![], comment: "a".repeat(501) };
    assert_eq!(long.normalize_and_validate().unwrap_err().0[0].field, "comment");
}

#[test]
fn one_service_has_one_key_whatever_its_label() {
    let a = RatedService::Ticket { ticket_id: "t1".into(), label: "A001".into() };
    let b = RatedService::Ticket { ticket_id: "t1".into(), label: "B001".into() };
    assert_eq!(a.key(), b.key());
    assert_ne!(a.key(), RatedService::Dossier { code: "t1".into() }.key());
    assert_eq!(Criterion::ALL.len(), 5);
    assert_eq!(Level::ALL.map(Level::label_vi), ["Rất hài lòng", "Hài lòng", "Không hài lòng"]);
}
