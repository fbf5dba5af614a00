//! The programme's rules: states, eligibility, forms, review arithmetic.

use super::*;

#[test]
fn call_states_move_only_forward_or_back_where_allowed() {
    use CallStatus::*;
    for (from, to, ok) in [
        (Draft, Open, true),
        (Open, Closed, true),
        (Closed, Decided, true),
        (Closed, Open, true),
        (Open, Draft, true),
        (Draft, Closed, false),
        (Draft, Decided, false),
        (Open, Decided, false),
        (Decided, Open, false),
        (Decided, Closed, false),
        (Decided, Draft, false),
        (Closed, Draft, false),
    ] {
        assert_eq!(from.can_become(to), ok, "{from:?} → {to:?}");
    }
    assert!(!Draft.is_public() && Open.is_public() && Decided.is_public());
}

#[test]
fn application_states_allow_reopening_and_withdrawing_only() {
    use ApplicationStatus::*;
    for (from, to, ok) in [
        (Draft, Submitted, true),
        (Submitted, Draft, true),
        (Submitted, Withdrawn, true),
        (Draft, Withdrawn, true),
        (Withdrawn, Draft, true),
        (Withdrawn, Submitted, false),
        (Submitted, Submitted, false),
        (Draft, Draft, false),
    ] {
        assert_eq!(from.can_become(to), ok, "{from:?} → {to:?}");
    }
}

#[test]
fn review_states_refuse_leaving_a_conflict() {
    use ReviewStatus::*;
    assert!(Assigned.can_become(Submitted));
    assert!(Submitted.can_become(Submitted));
    assert!(Assigned.can_become(Conflict));
    assert!(!Conflict.can_become(Submitted));
    assert!(!Submitted.can_become(Assigned));
    assert!(!Submitted.can_become(Conflict));
}

#[test]
fn states_travel_as_their_codes() {
    assert_eq!(
        serde_json::to_string(&Decision::NotSelected).unwrap(),
        "\"not_selected\""
    );
    for s in CallStatus::ALL {
        assert_eq!(CallStatus::parse(s.as_str()).unwrap(), *s);
    }
    assert_eq!(CallStatus::parse("maybe").unwrap_err().msg, Msg::ErrChoice);
}

#[test]
fn the_deadline_second_counts_and_the_next_does_not() {
    assert!(on_time(999, 1000));
    assert!(on_time(1000, 1000));
    assert!(!on_time(1001, 1000));
}

#[test]
fn eligibility_names_the_reason() {
    let c = vec!["CA".to_owned(), "MX".to_owned(), "US".to_owned()];
    assert_eq!(eligibility("MX", 1_500_000, &c, 100_000), Ok(()));
    assert_eq!(eligibility("mx", 100_000, &c, 100_000), Ok(()));
    assert_eq!(
        eligibility("MX", 99_999, &c, 100_000),
        Err(Ineligible::Population)
    );
    assert_eq!(
        eligibility("FR", 2_000_000, &c, 100_000),
        Err(Ineligible::Country)
    );
}

#[test]
fn countries_are_codes() {
    assert_eq!(parse_countries("us, ca mx,CA").unwrap(), ["CA", "MX", "US"]);
    assert_eq!(
        parse_countries("Canada").unwrap_err().msg,
        Msg::ErrCountryCodes
    );
    assert_eq!(parse_countries(" ").unwrap_err().msg, Msg::ErrRequired);
}

fn form() -> CallForm {
    CallForm {
        language: "en".into(),
        zone: "America/Toronto".into(),
        opens: "2027-01-10T09:00".into(),
        deadline: "2027-03-15T17:00".into(),
        countries: "CA, US, MX".into(),
        min_population: "100,000".into(),
        themes: vec!["climate".into()],
        title: vec!["Call for cities".into(), "Appel aux villes".into()],
        criteria: "3 | Motivation | Motivation | Motivación\n1 | Resources".into(),
        questions: "* Why now? | Pourquoi maintenant ?\nAnything else?".into(),
        ..CallForm::default()
    }
}

#[test]
fn a_call_form_validates_with_its_items() {
    let d = form().validate().unwrap();
    assert_eq!(d.min_population, 100_000);
    assert_eq!(d.countries, ["CA", "MX", "US"]);
    assert_eq!(d.texts.len(), 2);
    assert_eq!(d.criteria.len(), 2);
    assert_eq!(d.criteria[0].weight, 3);
    assert_eq!(d.criteria[0].text(Locale::Es), "Motivación");
    // a missing translation falls back to one that exists
    assert_eq!(d.criteria[1].text(Locale::Fr), "Resources");
    assert!(d.questions[0].required && !d.questions[1].required);
    assert_eq!(
        items_to_lines(&d.criteria, true),
        "3 | Motivation | Motivation | Motivación\n1 | Resources"
    );
    assert_eq!(
        items_to_lines(&d.questions, false),
        "* Why now? | Pourquoi maintenant ?\nAnything else?"
    );
}

#[test]
fn a_call_form_refuses_what_cannot_work() {
    let check = |f: CallForm, field: &str, msg: Msg| {
        let e = f.validate().unwrap_err();
        assert_eq!((e.field, e.msg), (field, msg));
    };
    let mut f = form();
    f.deadline = "2027-01-01T09:00".into();
    check(f, "deadline", Msg::ErrDeadlineBeforeOpening);
    let mut f = form();
    f.title[0] = String::new();
    check(f, "title_en", Msg::ErrCallOwnLanguage);
    let mut f = form();
    f.background = vec![String::new(), String::new(), "Texto".into()];
    check(f, "title_es", Msg::ErrRequired);
    let mut f = form();
    f.criteria = "heavy | Motivation".into();
    check(f, "criteria", Msg::ErrCriterionLine);
    let mut f = form();
    f.criteria = String::new();
    check(f, "criteria", Msg::ErrRequired);
    let mut f = form();
    f.min_population = "many".into();
    check(f, "min_population", Msg::ErrNumber);
    let mut f = form();
    f.themes.clear();
    check(f, "themes", Msg::ErrPickTheme);
}

#[test]
fn steps_keep_drafts_and_submission_names_what_is_missing() {
    let mut a = Answers::default();
    let f = StepForm {
        motivation: "  We want to learn.\r\n ".into(),
        ..StepForm::default()
    };
    a.apply(Step::Motivation, &f).unwrap();
    assert_eq!(a.motivation, "We want to learn.");
    let f = StepForm {
        priorities: vec!["a".into(), "b".into(), "c".into(), "d".into()],
        ..StepForm::default()
    };
    assert_eq!(
        a.apply(Step::Priorities, &f).unwrap_err().msg,
        Msg::ErrTooManyPriorities
    );
    let f = StepForm {
        priorities: vec!["climate".into()],
        sdgs: vec!["13".into(), "99".into(), "x".into(), "11".into()],
        ..StepForm::default()
    };
    a.apply(Step::Priorities, &f).unwrap();
    assert_eq!(a.sdgs, [11, 13]);
    let missing = a.missing(&[7], false);
    let fields: Vec<&str> = missing.iter().map(|(_, f, _)| *f).collect();
    assert_eq!(
        fields,
        [
            "mayor_office",
            "coordinator_name",
            "coordinator_email",
            "challenges",
            "experience",
            "staff_time",
            "budget",
            "endorsement",
            "extra"
        ]
    );
    a.coordinator_email = "not an address".into();
    assert!(a.missing(&[], true).contains(&(
        Step::Contacts,
        "coordinator_email",
        Msg::ErrEmailInvalid
    )));
}

#[test]
fn weighted_means_leave_out_not_applicable() {
    let criteria = [(1, 3), (2, 1)];
    let mut s = Scores::new();
    s.insert(
        "1".into(),
        Score {
            score: Some(4),
            comment: String::new(),
        },
    );
    s.insert(
        "2".into(),
        Score {
            score: Some(0),
            comment: String::new(),
        },
    );
    assert_eq!(weighted_mean(&criteria, &s), Some(3.0));
    assert!(review_complete(&criteria, &s));
    s.insert(
        "2".into(),
        Score {
            score: None,
            comment: String::new(),
        },
    );
    assert_eq!(weighted_mean(&criteria, &s), Some(4.0));
    assert!(review_complete(&criteria, &s));
    s.remove("2");
    assert!(!review_complete(&criteria, &s));
    s.insert(
        "1".into(),
        Score {
            score: Some(9),
            comment: String::new(),
        },
    );
    s.insert(
        "2".into(),
        Score {
            score: None,
            comment: String::new(),
        },
    );
    assert!(!review_complete(&criteria, &s));
    assert_eq!(weighted_mean(&criteria, &Scores::new()), None);
}

#[test]
fn standings_flag_the_reviewer_far_from_the_others() {
    let s = standing(&[4.0, 4.5, 1.0]);
    assert_eq!(s.reviews, 3);
    assert!((s.mean.unwrap() - 3.1666).abs() < 0.001);
    assert!((s.spread - 3.5).abs() < 1e-9);
    assert_eq!(s.outliers, [2]);
    assert!(standing(&[3.0, 4.0]).outliers.is_empty());
    assert_eq!(standing(&[]).mean, None);
}

#[test]
fn balancing_spreads_the_load_and_skips_conflicts() {
    let apps = [10, 11, 12, 13];
    let reviewers = [1, 2, 3];
    let pairs = balance(&apps, &reviewers, &[(10, 1)], &[(11, 1), (12, 2)], 2);
    let mut load = BTreeMap::new();
    for (_, r) in pairs.iter().chain([(10, 1)].iter()) {
        *load.entry(*r).or_insert(0) += 1;
    }
    assert!(!pairs.contains(&(11, 1)) && !pairs.contains(&(12, 2)));
    for app in apps {
        let n = pairs.iter().filter(|(a, _)| *a == app).count() + usize::from(app == 10);
        assert_eq!(n, 2, "application {app}");
    }
    let (lo, hi) = (load.values().min().unwrap(), load.values().max().unwrap());
    assert!(hi - lo <= 1, "{load:?}");
    // one reviewer, conflicted: nobody to assign
    assert!(balance(&[1], &[5], &[], &[(1, 5)], 2).is_empty());
}

#[test]
fn conflicts_come_from_what_tandem_knows() {
    assert_eq!(
        conflict(1, None, &[], 9, &[1, 2], false),
        Some(Conflict::Applicant)
    );
    assert_eq!(
        conflict(3, Some(9), &[], 9, &[1], false),
        Some(Conflict::SameCity)
    );
    assert_eq!(
        conflict(3, Some(8), &[2], 9, &[1, 2], false),
        Some(Conflict::Connection)
    );
    assert_eq!(
        conflict(3, Some(8), &[4], 9, &[1, 2], true),
        Some(Conflict::Declared)
    );
    assert_eq!(conflict(3, Some(8), &[4], 9, &[1, 2], false), None);
}

#[test]
fn steps_walk_in_order() {
    assert_eq!(Step::Contacts.next(), Some(Step::Motivation));
    assert_eq!(Step::Language.next(), None);
    assert_eq!(Step::Contacts.previous(), None);
    assert_eq!(Step::parse("partner"), Some(Step::Partner));
    assert_eq!(Step::parse("nope"), None);
}
