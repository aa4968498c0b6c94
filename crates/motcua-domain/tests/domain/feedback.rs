//! Tests of `motcua_domain::feedback`: every action from every status; a draft's checks.

use motcua_domain::feedback::*;

fn actions() -> Vec<FeedbackAction> {
    vec![
        FeedbackAction::Assign { user_id: "u1".into(), user_name: "Trần Thị Lan".into() },
        FeedbackAction::Answer { text: "Đã kiểm tra và khắc phục.".into() },
        FeedbackAction::Publish,
    ]
}

#[test]
fn every_action_from_every_status() {
    use FeedbackStatus as S;
    let table = [
        // (from, [assign, answer, publish])
        (S::Received, [Some(S::Assigned), Some(S::Answered), None]),
        (S::Assigned, [Some(S::Assigned), Some(S::Answered), None]),
        (S::Answered, [None, None, Some(S::Published)]),
        (S::Published, [None, None, None]),
    ];
    for (from, expected) in table {
        for (action, want) in actions().iter().zip(expected) {
            match (from.after(action), want) {
                (Ok(got), Some(want)) => assert_eq!(got, want, "{from:?} + {action:?}"),
                (Err(e), None) => assert!(e.to_string().starts_with("Phản ánh, kiến nghị đang ở trạng thái"), "{e}"),
                (got, want) => panic!("{from:?} + {action:?}: expected {want:?}, got {got:?}"),
            }
        }
        assert_eq!(FeedbackStatus::parse(from.as_str()), Some(from));
    }
    let empty = FeedbackAction::Answer { text: "  ".into() };
    assert_eq!(S::Assigned.after(&empty), Err(FeedbackRefusal::Missing("Chưa nhập nội dung trả lời")));
}

#[test]
fn a_draft_needs_a_channel_a_type_and_content() {
    let types = default_types();
    let draft = FeedbackDraft {
        channel: None,
        type_key: "không có".into(),
        content: "   ".into(),
        sender: Sender { phone: "abc".into(), email: "khong-phai-email".into(), ..Default::default() },
        dossier_code: String::new(),
        procedure_code: String::new(),
    }
    .normalised();
    let problems = draft.validate(&types).unwrap_err();
    let fields: Vec<&str> = problems.0.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["channel", "type_key", "content", "sender.phone", "sender.email"]);
    assert!(problems.0[0].message.starts_with("Chưa chọn kênh tiếp nhận"));

    let good = FeedbackDraft {
        channel: Some(Channel::Zalo),
        type_key: "thai_do".into(),
        content: "Cán bộ   hướng dẫn chưa rõ".into(),
        sender: Sender::default(),
        dossier_code: " 000.00.21.h26-261123-0007 ".into(),
        procedure_code: String::new(),
    }
    .normalised();
    assert_eq!(good.content, "Cán bộ hướng dẫn chưa rõ");
    assert_eq!(good.dossier_code, "000.00.21.H26-261123-0007");
    good.validate(&types).unwrap();
    assert!(types.iter().all(|t| t.answer_within_working_days > 0));
    assert_eq!(Channel::ALL.len(), 7);
    assert!(Channel::ALL.iter().all(|c| !c.label_vi().is_empty()));
}

#[test]
fn an_offices_own_types_are_cleaned_and_checked() {
    let t = |key: &str, label: &str, days: u32| FeedbackType {
        key: key.into(),
        label: label.into(),
        answer_within_working_days: days,
    };
    assert_eq!(check_types(default_types()).unwrap(), default_types(), "the defaults pass as they are");
    let ok = check_types(vec![t(" dat_dai ", "  Phản ánh   về đất đai ", 15)]).unwrap();
    assert_eq!(ok, vec![t("dat_dai", "Phản ánh về đất đai", 15)]);

    let fields = |types: Vec<FeedbackType>| -> Vec<String> {
        check_types(types).unwrap_err().0.into_iter().map(|e| e.field).collect()
    };
    assert_eq!(fields(vec![]), ["types"]);
    assert_eq!(fields(vec![t("Đất đai", "x", 5)]), ["types[0].key"], "a key is ASCII lower case");
    assert_eq!(fields(vec![t("a", "x", 5), t("a", "y", 5)]), ["types[1].key"], "not twice");
    assert_eq!(fields(vec![t("a", " ", 5)]), ["types[0].label"]);
    assert_eq!(
        fields(vec![t("a", "x", 0), t("b", "y", 31)]),
        ["types[0].answer_within_working_days", "types[1].answer_within_working_days"]
    );
}
