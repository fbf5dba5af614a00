use super::formation::{self, Member};
use super::plan::{self, ActionForm, ActionProgress, ActionStatus, ObjectiveForm, PlanStatus};
use super::*;

fn day(s: &str) -> Day {
    Day::parse("d", s).unwrap()
}

#[test]
fn pairing_states_move_only_forward_or_end() {
    use PairingState::*;
    assert!(Proposed.can_become(Signing));
    assert!(Signing.can_become(Cooperating));
    assert!(Signing.can_become(Proposed));
    assert!(Cooperating.can_become(Completed));
    for s in [Proposed, Signing, Cooperating] {
        assert!(s.can_become(Ended), "{s:?}");
    }
    // refused
    assert!(!Proposed.can_become(Cooperating));
    assert!(!Completed.can_become(Ended));
    assert!(!Ended.can_become(Proposed));
    assert!(!Cooperating.can_become(Signing));
    assert!(!Completed.can_become(Cooperating));
    assert!(Signing.can_sign() && !Proposed.can_sign() && !Cooperating.can_sign());
    assert!(Signing.agreement_open() && !Cooperating.agreement_open());
    for s in PairingState::ALL {
        assert_eq!(PairingState::parse(s.as_str()), Ok(*s));
    }
    assert!(PairingState::parse("paired").is_err());
}

#[test]
fn plan_status_transitions() {
    use PlanStatus::*;
    assert!(Draft.can_become(Submitted));
    assert!(Submitted.can_become(Approved));
    assert!(Submitted.can_become(Returned));
    assert!(Returned.can_become(Submitted));
    assert!(Approved.can_become(Draft));
    assert!(!Draft.can_become(Approved));
    assert!(!Approved.can_become(Submitted));
    assert!(!Submitted.can_become(Draft));
}

#[test]
fn days_parse_print_and_add_months() {
    assert_eq!(day("2027-01-31").to_string(), "2027-01-31");
    assert!(Day::parse("d", "2027-02-29").is_err());
    assert!(Day::parse("d", "2028-02-29").is_ok());
    assert!(Day::parse("d", "27-1-1").is_err());
    assert!(Day::parse("d", "").is_err());
    assert_eq!(Day::parse_opt("d", " ").unwrap(), None);
    assert_eq!(day("2027-08-31").add_months(6), day("2028-02-29"));
    assert_eq!(day("2027-01-15").add_months(18), day("2028-07-15"));
    assert_eq!(period_end(day("2026-11-30")), day("2028-05-30"));
    assert_eq!(Day::from_unix(0), day("1970-01-01"));
    // 2026-12-06 12:00 UTC
    assert_eq!(Day::from_unix(1_796_558_400), day("2026-12-06"));
    assert_eq!(Day::from_unix(951_782_400), day("2000-02-29"));
}

#[test]
fn the_programme_milestones_fill_eighteen_months() {
    let start = day("2027-03-01");
    let pair = programme_milestones(start, &[10, 20]);
    let kinds: Vec<_> = pair
        .iter()
        .map(|(k, c, d)| (*k, *c, d.to_string()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (MilestoneKind::Kickoff, None, "2027-04-01".into()),
            (MilestoneKind::Visit, Some(10), "2027-07-01".into()),
            (MilestoneKind::Visit, Some(20), "2027-10-01".into()),
            (MilestoneKind::DraftPlan, None, "2027-12-01".into()),
            (MilestoneKind::FinalPlan, None, "2028-06-01".into()),
            (MilestoneKind::Closing, None, "2028-09-01".into()),
        ]
    );
    let trio = programme_milestones(start, &[1, 2, 3]);
    assert_eq!(
        trio.iter().filter(|m| m.0 == MilestoneKind::Visit).count(),
        3
    );
    assert!(trio.windows(2).all(|w| w[0].2 <= w[1].2));
    assert!(overdue(day("2027-04-01"), None, day("2027-04-02")));
    assert!(!overdue(day("2027-04-01"), None, day("2027-04-01")));
    assert!(!overdue(
        day("2027-04-01"),
        Some(day("2027-04-05")),
        day("2027-05-01")
    ));
}

#[test]
fn the_period_starts_when_every_city_signed() {
    assert!(!all_signed(&[1, 2], &[1]));
    assert!(all_signed(&[1, 2], &[2, 1]));
    assert!(!all_signed(&[], &[]));
    assert!(!all_signed(&[1, 2, 3], &[1, 2]));
}

#[test]
fn signatures_need_a_name_a_role_a_past_day_and_consent() {
    let today = day("2027-03-01");
    let mut f = SignatureForm {
        name: "Valérie Plante".into(),
        role: "Mayor".into(),
        signed_on: "2027-03-01".into(),
        confirm: Some("on".into()),
    };
    assert!(f.validate(today).is_ok());
    f.signed_on = "2027-03-02".into();
    assert_eq!(f.validate(today).unwrap_err().field, "signed_on");
    f.signed_on = "2027-02-28".into();
    f.confirm = None;
    assert_eq!(f.validate(today).unwrap_err().field, "confirm");
    f.confirm = Some("on".into());
    f.role = "  ".into();
    assert_eq!(f.validate(today).unwrap_err().field, "role");
}

#[test]
fn an_agreement_names_at_least_one_area() {
    let f = AgreementForm {
        themes: vec![],
        commitments: "x".into(),
    };
    assert_eq!(f.validate().unwrap_err().field, "themes");
    let f = AgreementForm {
        themes: vec!["housing".into(), "housing".into()],
        commitments: "We will meet.\r\n".into(),
    };
    assert_eq!(
        f.validate().unwrap(),
        (vec!["housing".into()], "We will meet.".into())
    );
}

#[test]
fn activities_link_events_by_address_or_number() {
    assert_eq!(event_ref("").unwrap(), None);
    assert_eq!(event_ref("12").unwrap(), Some(12));
    assert_eq!(
        event_ref("https://tandem.example/events/12/").unwrap(),
        Some(12)
    );
    assert_eq!(event_ref("/events/7?lang=fr").unwrap(), Some(7));
    assert_eq!(event_ref("/events/abc").unwrap_err().field, "event");
    let f = ActivityForm {
        kind: "study_visit".into(),
        title: "Visit to Lyon".into(),
        held_on: "2027-05-04".into(),
        public: Some("on".into()),
        ..Default::default()
    };
    let d = f.validate().unwrap();
    assert_eq!(d.kind, ActivityKind::StudyVisit);
    assert!(d.public);
    let bad = ActivityForm {
        kind: "party".into(),
        ..f
    };
    assert_eq!(bad.validate().unwrap_err().field, "kind");
}

fn action() -> ActionForm {
    ActionForm {
        objective: "3".into(),
        title: vec!["Bike lanes".into(), String::new(), String::new()],
        description: vec!["Ten kilometres".into()],
        sdgs: vec!["11".into(), "13".into(), "99".into()],
        frameworks: vec!["1".into(), "4".into(), "8".into()],
        budget_amount: "120 000".into(),
        budget_currency: "eur".into(),
        status: "under_way".into(),
        progress: "40".into(),
        ind_name: vec!["Protected lanes".into(), String::new()],
        ind_unit: vec!["km".into(), String::new()],
        ind_baseline: vec!["2".into(), String::new()],
        ind_target: vec!["12".into(), String::new()],
        ind_current: vec!["4,5".into(), String::new()],
        ind_measured_on: vec!["2027-06-01".into(), String::new()],
        public: Some("on".into()),
        ..Default::default()
    }
}

#[test]
fn an_action_takes_sdgs_frameworks_budget_and_indicators() {
    let d = action().validate().unwrap();
    assert_eq!(d.objective_id, 3);
    assert_eq!(
        d.texts,
        vec![(
            crate::domain::Locale::En,
            "Bike lanes".into(),
            "Ten kilometres".into()
        )]
    );
    assert_eq!(plan::sdgs_in(d.sdgs), vec![11, 13]);
    assert_eq!(d.frameworks, 5);
    assert_eq!(d.budget_amount, Some(120_000));
    assert_eq!(d.budget_currency, "EUR");
    assert_eq!(d.indicators.len(), 1);
    assert_eq!(d.indicators[0].current, Some(4.5));
    assert_eq!(d.indicators[0].reached(), Some(25));
    assert_eq!(d.status, ActionStatus::UnderWay);
}

#[test]
fn an_action_refuses_what_it_cannot_keep() {
    let mut f = action();
    f.title = vec![String::new(), String::new(), String::new()];
    f.description = vec![];
    assert_eq!(f.validate().unwrap_err().field, "title");
    let mut f = action();
    f.description = vec![String::new(), "Sans titre".into()];
    assert_eq!(f.validate().unwrap_err().field, "title_fr");
    let mut f = action();
    f.progress = "140".into();
    assert_eq!(f.validate().unwrap_err().field, "progress");
    let mut f = action();
    f.budget_currency = "euro".into();
    assert_eq!(f.validate().unwrap_err().field, "budget_currency");
    let mut f = action();
    f.ind_target = vec![String::new()];
    assert_eq!(f.validate().unwrap_err().field, "indicators");
    let mut f = action();
    f.starts_on = "2027-05-01".into();
    f.ends_on = "2027-04-01".into();
    assert_eq!(f.validate().unwrap_err().field, "ends_on");
    let mut f = action();
    f.status = "done".into();
    assert_eq!(f.validate().unwrap().progress, 100);
    assert_eq!(
        ObjectiveForm {
            title: "Safer streets".into(),
            weight: "11".into()
        }
        .validate()
        .unwrap_err()
        .field,
        "weight"
    );
}

#[test]
fn progress_rolls_up_weighted() {
    let a = |objective_id, weight, progress, status, pilot| ActionProgress {
        objective_id,
        weight,
        progress,
        status,
        pilot,
    };
    use ActionStatus::*;
    let actions = [
        a(1, 3, 100, Done, false),
        a(1, 1, 0, Planned, false),
        a(1, 5, 0, Dropped, false),
        a(1, 1, 0, Planned, true),
        a(2, 1, 50, UnderWay, false),
    ];
    let (plan_p, per) = plan::rollup(&[(1, 1), (2, 3), (3, 2)], &actions);
    assert_eq!(per, vec![(1, Some(75)), (2, Some(50)), (3, None)]);
    // (1·75 + 3·50) / 4
    assert_eq!(plan_p, Some(56));
    assert_eq!(plan::rollup(&[(1, 1)], &[]).0, None);
}

#[test]
fn reports_fall_due_every_six_months() {
    let s = day("2027-01-10");
    assert_eq!(plan::report_period(s, day("2027-07-09")), None);
    assert_eq!(plan::report_period(s, day("2027-07-10")), Some(1));
    assert_eq!(plan::report_period(s, day("2028-07-10")), Some(3));
}

fn brute(members: &[Member], fit: &dyn formation::Fit, left: Vec<usize>) -> i64 {
    let Some((&first, rest)) = left.split_first() else {
        return 0;
    };
    let mut best = brute(members, fit, rest.to_vec());
    for (x, &j) in rest.iter().enumerate() {
        let g = [first, j];
        if formation::valid_group(members, &g) {
            let r: Vec<usize> = rest.iter().copied().filter(|c| *c != j).collect();
            best = best.max(formation::group_value(fit, &g) + brute(members, fit, r));
        }
        for &k in &rest[x + 1..] {
            let g = [first, j, k];
            if formation::valid_group(members, &g) {
                let r: Vec<usize> = rest
                    .iter()
                    .copied()
                    .filter(|c| *c != j && *c != k)
                    .collect();
                best = best.max(formation::group_value(fit, &g) + brute(members, fit, r));
            }
        }
    }
    best
}

#[test]
fn the_exact_proposal_is_the_best_partition() {
    for seed in 0..20 {
        let n = 3 + (seed as usize % 6);
        let (members, fits) = formation::generated(n, seed);
        let fit = |a: usize, b: usize| fits[a][b];
        let p = formation::exact(&members, &fit);
        assert_eq!(
            p.total,
            brute(&members, &fit, (0..n).collect()),
            "seed {seed}"
        );
        for g in &p.groups {
            assert!(formation::valid_group(&members, g));
        }
        let placed: usize = p.groups.iter().map(Vec::len).sum();
        assert_eq!(placed + p.unplaced.len(), n);
        assert!(p.total <= formation::upper_bound(&members, &fit));
    }
}

#[test]
fn the_large_cohort_proposal_comes_close_to_the_best() {
    let mut worst = 1.0f64;
    for seed in 0..8 {
        let (members, fits) = formation::generated(14, seed);
        let fit = |a: usize, b: usize| fits[a][b];
        let best = formation::exact(&members, &fit).total;
        let h = formation::heuristic(&members, &fit);
        assert!(h.total <= best);
        for g in &h.groups {
            assert!(formation::valid_group(&members, g));
        }
        worst = worst.min(h.total as f64 / best as f64);
    }
    assert!(
        worst >= 0.95,
        "heuristic reached only {worst:.3} of the best"
    );
}

#[test]
fn a_trio_needs_both_sides_of_the_atlantic() {
    let m = [
        Member {
            north_american: true,
        },
        Member {
            north_american: true,
        },
        Member {
            north_american: false,
        },
    ];
    assert!(formation::valid_group(&m, &[0, 2]));
    assert!(!formation::valid_group(&m, &[0, 1]));
    assert!(formation::valid_group(&m, &[0, 1, 2]));
    // two North American cities with nothing for the European one: both
    // pairs are worth the same, the trio places everyone
    let fit = |a: usize, b: usize| if a.min(b) == 0 && a.max(b) == 1 { 0 } else { 6 };
    let p = formation::exact(&m, &fit);
    assert_eq!(p.groups, vec![vec![0, 1, 2]]);
    assert_eq!(p.total, 24);
}
