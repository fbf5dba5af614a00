use super::*;
use proptest::prelude::*;

const EXAMPLE: &str = include_str!("../../../tests/it/fixtures/meeting-scheduling-example.json");

fn run(p: &Problem) -> ScheduleOutput {
    let out = p.output(&solve(p));
    if let Err(e) = check(p, &out) {
        panic!("rule broken: {e}");
    }
    out
}

#[test]
fn the_example_reaches_its_optimum() {
    let p = Problem::from_json(EXAMPLE).unwrap();
    let out = run(&p);
    assert_eq!(out.scheduled_weight, 19);
    assert!(out
        .assignments
        .iter()
        .any(|a| a.request == "r1" && a.slot == "s2"));
    assert!(upper_bound(&p).value >= 19);
    // the same twice, byte for byte
    assert_eq!(
        schedule_json(EXAMPLE).unwrap(),
        schedule_json(EXAMPLE).unwrap()
    );
}

#[test]
fn tables_are_numbered_in_request_order_within_each_slot() {
    let p = Problem::from_json(EXAMPLE).unwrap();
    let out = run(&p);
    for s in &p.slot_ids {
        let tables: Vec<u32> = out
            .assignments
            .iter()
            .filter(|a| a.slot == *s)
            .map(|a| a.table)
            .collect();
        assert_eq!(tables, (1..=tables.len() as u32).collect::<Vec<_>>());
    }
}

/// Everyone available, tables plentiful, one slot more than the busiest
/// person's meetings: an edge colouring exists (Vizing), so all must be placed.
#[test]
fn everything_is_placed_when_slots_exceed_the_busiest_degree() {
    for seed in 0..6 {
        for (people, requests, skew) in [(40, 160, 0.8), (120, 600, 0.5), (300, 1500, 0.3)] {
            if people == 300 && seed > 1 {
                continue;
            }
            let input = generate(&GenParams {
                people,
                requests,
                slots: 0,
                tables: 0,
                partial: 0.0,
                skew,
                pins: 0,
                seed,
                ..GenParams::default()
            });
            let p = Problem::parse(&input).unwrap();
            assert_eq!(p.slots(), p.max_degree() + 1);
            let out = run(&p);
            assert!(
                out.unscheduled.is_empty(),
                "seed {seed}, {people} people: {} left out",
                out.unscheduled.len()
            );
        }
    }
}

/// A bipartite request graph (askers only ask hosts) with as many slots as
/// the busiest person's meetings: König says it colours too.
#[test]
fn a_bipartite_instance_with_slots_equal_to_degree_plus_one_is_all_placed() {
    let mut input = ScheduleInput {
        slots: (1..=6)
            .map(|i| SlotIn {
                id: format!("s{i}"),
                start: None,
                end: None,
                tables: 100,
            })
            .collect(),
        participants: (1..=20)
            .map(|i| ParticipantIn {
                id: format!("p{i}"),
                available: None,
            })
            .collect(),
        requests: Vec::new(),
        pinned: Vec::new(),
    };
    // askers p1..p10, hosts p11..p20, each asker asks 5 hosts
    for a in 0..10 {
        for j in 0..5 {
            let b = 10 + (a + 3 * j) % 10;
            input.requests.push(RequestIn {
                id: format!("r{}", input.requests.len() + 1),
                a: format!("p{}", a + 1),
                b: format!("p{}", b + 1),
                weight: 1 + (a + j) as i64 % 2,
            });
        }
    }
    let p = Problem::parse(&input).unwrap();
    assert!(p.max_degree() < p.slots());
    let out = run(&p);
    assert!(out.unscheduled.is_empty());
    assert_eq!(out.scheduled_weight, p.total_weight());
}

#[test]
fn quality_on_generated_instances_is_within_two_percent_of_the_bound() {
    for (seed, people, requests, slots, tables) in [
        (1, 60, 240, 8, 0),
        (2, 120, 600, 10, 40),
        (3, 200, 1000, 12, 0),
    ] {
        let input = generate(&GenParams {
            people,
            requests,
            slots,
            tables,
            pins: requests / 50,
            seed,
            ..GenParams::default()
        });
        let p = Problem::parse(&input).unwrap();
        let out = run(&p);
        let bound = upper_bound(&p).value;
        assert!(out.scheduled_weight <= bound);
        let gap = (bound - out.scheduled_weight) as f64 / bound as f64;
        assert!(
            gap <= 0.02,
            "seed {seed}: {} vs bound {bound}",
            out.scheduled_weight
        );
    }
}

fn small_instance() -> impl Strategy<Value = ScheduleInput> {
    (2usize..9, 1usize..5, 1usize..4, any::<u64>())
        .prop_flat_map(|(n, k, t, seed)| {
            let reqs = proptest::collection::vec((0..n, 0..n, 1i64..4), 0..(2 * n + 2));
            let avail = proptest::collection::vec(proptest::collection::vec(any::<bool>(), k), n);
            let pins = proptest::collection::vec((any::<usize>(), 0..k), 0..4);
            (Just((n, k, t, seed)), reqs, avail, pins)
        })
        .prop_map(|((n, k, t, _), reqs, avail, pins)| {
            let requests: Vec<RequestIn> = reqs
                .into_iter()
                .filter(|(a, b, _)| a != b)
                .enumerate()
                .map(|(i, (a, b, w))| RequestIn {
                    id: format!("r{i}"),
                    a: format!("p{a}"),
                    b: format!("p{b}"),
                    weight: w,
                })
                .collect();
            let mut input = ScheduleInput {
                slots: (0..k)
                    .map(|i| SlotIn {
                        id: format!("s{i}"),
                        start: None,
                        end: None,
                        tables: t as i64,
                    })
                    .collect(),
                participants: (0..n)
                    .map(|x| ParticipantIn {
                        id: format!("p{x}"),
                        available: Some(
                            (0..k)
                                .filter(|&s| avail[x][s])
                                .map(|s| format!("s{s}"))
                                .collect(),
                        ),
                    })
                    .collect(),
                requests,
                pinned: Vec::new(),
            };
            // keep only the pins that hold with the ones before
            for (r, s) in pins {
                if input.requests.is_empty() {
                    break;
                }
                let r = r % input.requests.len();
                let mut trial = input.clone();
                trial.pinned.push(PinIn {
                    request: format!("r{r}"),
                    slot: format!("s{s}"),
                });
                if Problem::parse(&trial).is_ok() {
                    input = trial;
                }
            }
            input
        })
}

/// The best weight by trying every slot (or none) for every request.
fn brute_force(p: &Problem) -> i64 {
    fn go(p: &Problem, r: usize, busy: &mut Vec<bool>, used: &mut Vec<usize>) -> i64 {
        if r == p.requests() {
            return 0;
        }
        let k = p.slots();
        let mut best = if p.pin[r].is_some() {
            i64::MIN / 2
        } else {
            go(p, r + 1, busy, used)
        };
        let (a, b) = p.ends[r];
        for &s in &p.opts[r] {
            if p.pin[r].is_some_and(|ps| ps != s) {
                continue;
            }
            if busy[a * k + s] || busy[b * k + s] || used[s] >= p.tables[s] {
                continue;
            }
            busy[a * k + s] = true;
            busy[b * k + s] = true;
            used[s] += 1;
            best = best.max(p.weight[r] + go(p, r + 1, busy, used));
            busy[a * k + s] = false;
            busy[b * k + s] = false;
            used[s] -= 1;
        }
        best
    }
    go(
        p,
        0,
        &mut vec![false; p.people() * p.slots()],
        &mut vec![0; p.slots()],
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_rule_holds_pins_stay_and_output_is_stable(input in small_instance()) {
        let p = Problem::parse(&input).unwrap();
        let slots = solve(&p);
        let out = p.output(&slots);
        prop_assert_eq!(check(&p, &out), Ok(()));
        for pin in &input.pinned {
            prop_assert!(out.assignments.iter().any(|a| a.request == pin.request && a.slot == pin.slot));
        }
        prop_assert_eq!(&p.output(&solve(&p)), &out);
        let bound = upper_bound(&p);
        prop_assert!(bound.value >= out.scheduled_weight);
    }

    #[test]
    fn small_instances_are_solved_exactly(input in small_instance()) {
        let p = Problem::parse(&input).unwrap();
        prop_assume!(p.requests() <= 12);
        let best = brute_force(&p);
        let out = p.output(&solve(&p));
        prop_assert_eq!(out.scheduled_weight, best);
        prop_assert!(upper_bound(&p).value >= best);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn medium_instances_keep_every_rule(seed in any::<u64>(), pins in 0usize..20, tables in 0usize..12) {
        let input = generate(&GenParams { people: 40, requests: 150, slots: 6, tables, pins, seed, ..GenParams::default() });
        let p = Problem::parse(&input).unwrap();
        let out = p.output(&solve(&p));
        prop_assert_eq!(check(&p, &out), Ok(()));
        prop_assert!(upper_bound(&p).value >= out.scheduled_weight);
    }
}

// ---------------------------------------------------------------- bad input

fn error_of(text: &str) -> String {
    Problem::from_json(text).unwrap_err().to_string()
}

fn with(edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut v: serde_json::Value = serde_json::from_str(EXAMPLE).unwrap();
    edit(&mut v);
    error_of(&v.to_string())
}

#[test]
fn malformed_json_names_line_and_column() {
    let e = error_of("{\n  \"slots\": [\n    {\"id\": \"s1\",, }\n");
    assert!(e.starts_with("malformed input JSON: "), "{e}");
    assert!(e.contains("line 3 column"), "{e}");
    let e = error_of("{\"slots\": [], \"participants\": []}");
    assert!(e.contains("missing field `requests`"), "{e}");
    assert!(error_of("").contains("line 1 column 0"));
    let e = with(|v| v["requests"][0]["weight"] = serde_json::json!(1.5));
    assert!(e.contains("invalid type"), "{e}");
}

#[test]
fn bad_input_says_what_and_where() {
    use serde_json::json;
    type Edit = Box<dyn FnOnce(&mut serde_json::Value)>;
    let cases: Vec<(Edit, &str)> = vec![
        (
            Box::new(|v| v["requests"][3]["b"] = json!("p99")),
            "requests[3].b: unknown participant \"p99\"",
        ),
        (
            Box::new(|v| v["requests"][0]["a"] = json!("nobody")),
            "requests[0].a: unknown participant \"nobody\"",
        ),
        (
            Box::new(|v| v["participants"][2]["available"][1] = json!("s9")),
            "participants[2].available[1]: unknown slot \"s9\"",
        ),
        (
            Box::new(|v| v["slots"][2]["id"] = json!("s1")),
            "slots[2].id: duplicate slot id \"s1\" (also slots[0])",
        ),
        (
            Box::new(|v| v["participants"][5]["id"] = json!("p2")),
            "participants[5].id: duplicate participant id \"p2\" (also participants[1])",
        ),
        (
            Box::new(|v| v["requests"][7]["id"] = json!("r3")),
            "requests[7].id: duplicate request id \"r3\" (also requests[2])",
        ),
        (
            Box::new(|v| v["requests"][4]["b"] = json!("p10")),
            "requests[4]: a and b are the same participant \"p10\"",
        ),
        (
            Box::new(|v| v["requests"][5]["weight"] = json!(0)),
            "requests[5].weight: must be between 1 and 1000000, got 0",
        ),
        (
            Box::new(|v| v["requests"][5]["weight"] = json!(-3)),
            "requests[5].weight: must be between 1 and 1000000, got -3",
        ),
        (
            Box::new(|v| v["slots"][1]["tables"] = json!(0)),
            "slots[1].tables: must be at least 1, got 0",
        ),
        (
            Box::new(|v| v["pinned"][0]["request"] = json!("r99")),
            "pinned[0].request: unknown request \"r99\"",
        ),
        (
            Box::new(|v| v["pinned"][0]["slot"] = json!("s9")),
            "pinned[0].slot: unknown slot \"s9\"",
        ),
        (
            Box::new(|v| v["pinned"] = json!([{"request": "r1", "slot": "s2"}, {"request": "r1", "slot": "s3"}])),
            "pinned[1].request: request \"r1\" is already pinned (pinned[0])",
        ),
        (
            // r7 is p1-p6; p6 is only there in s1
            Box::new(|v| v["pinned"] = json!([{"request": "r7", "slot": "s4"}])),
            "pinned[0]: participant \"p6\" of request \"r7\" is not available in slot \"s4\"",
        ),
        (
            // r2 (p10-p5) and r3 (p11-p10) share p10
            Box::new(|v| v["pinned"] = json!([{"request": "r2", "slot": "s1"}, {"request": "r3", "slot": "s1"}])),
            "pinned[1]: participant \"p10\" already has pinned request \"r2\" in slot \"s1\" (pinned[0])",
        ),
        (
            Box::new(|v| {
                v["slots"][0]["tables"] = json!(2);
                v["pinned"] = json!([
                    {"request": "r7", "slot": "s1"},
                    {"request": "r4", "slot": "s2"},
                    {"request": "r10", "slot": "s1"},
                    {"request": "r2", "slot": "s1"},
                ]);
            }),
            "pinned[3]: more pinned meetings in slot \"s1\" than its 2 tables",
        ),
    ];
    for (edit, want) in cases {
        let got = with(edit);
        assert_eq!(got, want);
        assert!(!got.contains('\n'));
    }
}

#[test]
fn omitted_or_empty_availability_means_every_slot_and_weight_defaults_to_one() {
    let text = r#"{"slots": [{"id": "a", "tables": 1}, {"id": "b", "tables": 1}],
        "participants": [{"id": "x"}, {"id": "y", "available": []}, {"id": "z", "available": ["b"]}],
        "requests": [{"id": "1", "a": "x", "b": "y"}, {"id": "2", "a": "x", "b": "z"}]}"#;
    let p = Problem::from_json(text).unwrap();
    let out = run(&p);
    assert_eq!(out.scheduled_weight, 2);
    assert_eq!(
        out.assignments,
        vec![
            Assignment {
                request: "1".into(),
                slot: "a".into(),
                table: 1
            },
            Assignment {
                request: "2".into(),
                slot: "b".into(),
                table: 1
            },
        ]
    );
}

#[test]
fn empty_instances_are_fine() {
    let p = Problem::from_json(r#"{"slots": [], "participants": [], "requests": []}"#).unwrap();
    let out = run(&p);
    assert_eq!(out.scheduled_weight, 0);
    assert!(out.assignments.is_empty() && out.unscheduled.is_empty());
}

#[test]
fn idle_gaps_are_avoided_when_weight_allows() {
    // x meets y in the last slot (pinned); the meeting with z should come
    // just before it, not first thing
    let text = r#"{"slots": [{"id": "1", "tables": 5}, {"id": "2", "tables": 5}, {"id": "3", "tables": 5}],
        "participants": [{"id": "x"}, {"id": "y"}, {"id": "z"}],
        "requests": [{"id": "a", "a": "x", "b": "z"}, {"id": "b", "a": "x", "b": "y"}],
        "pinned": [{"request": "b", "slot": "3"}]}"#;
    let p = Problem::from_json(text).unwrap();
    let slots = solve(&p);
    assert_eq!(slots, vec![Some(1), Some(2)]);
    assert_eq!(p.idle_gaps(&slots), 0);
}
