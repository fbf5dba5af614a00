//! `tandem schedule` as organizers run it: the built binary on files and on
//! standard input and output, and what it does with bad input.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use tandem::domain::schedule::{check, Problem, ScheduleOutput};

const EXAMPLE: &str = include_str!("fixtures/meeting-scheduling-example.json");

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/fixtures/meeting-scheduling-example.json")
}

/// A fresh directory for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tandem-schedule-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn tandem(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(args)
        // no configuration file or database is needed
        .env("TANDEM_CONFIG", "/nonexistent/Leptos.toml")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        pipe.write_all(text.as_bytes()).unwrap();
    }
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn valid(json: &[u8]) -> ScheduleOutput {
    let out: ScheduleOutput = serde_json::from_slice(json).unwrap();
    let p = Problem::from_json(EXAMPLE).unwrap();
    check(&p, &out).unwrap();
    out
}

fn one_line(stderr: &[u8]) -> String {
    let text = String::from_utf8(stderr.to_vec()).unwrap();
    assert_eq!(text.lines().count(), 1, "stderr: {text:?}");
    assert!(text.ends_with('\n'));
    text
}

#[test]
fn files_in_and_out() {
    let dir = scratch("files");
    let target = dir.join("plan.json");
    let input = fixture();
    let run = tandem(
        &[
            "schedule",
            "--input",
            input.to_str().unwrap(),
            "--output",
            target.to_str().unwrap(),
        ],
        None,
    );
    assert!(run.status.success(), "{run:?}");
    assert!(run.stdout.is_empty() && run.stderr.is_empty());
    let out = valid(&std::fs::read(&target).unwrap());
    assert_eq!(out.scheduled_weight, 19);
    assert!(out
        .assignments
        .iter()
        .any(|a| a.request == "r1" && a.slot == "s2"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn standard_input_and_output() {
    let run = tandem(&["schedule"], Some(EXAMPLE));
    assert!(run.status.success(), "{run:?}");
    assert!(run.stderr.is_empty());
    assert_eq!(valid(&run.stdout).scheduled_weight, 19);
    // the same input, the same bytes
    let again = tandem(&["schedule"], Some(EXAMPLE));
    assert_eq!(again.stdout, run.stdout);
    // a file in, standard output out
    let input = fixture();
    let from_file = tandem(&["schedule", "--input", input.to_str().unwrap()], None);
    assert_eq!(from_file.stdout, run.stdout);
}

#[test]
fn bad_input_exits_2_with_one_line_and_writes_nothing() {
    let dir = scratch("bad");
    let target = dir.join("plan.json");
    let unknown = EXAMPLE.replacen("\"b\": \"p4\"", "\"b\": \"p99\"", 1);
    let cases: Vec<(String, &str)> = vec![
        ("{\"slots\": [".to_owned(), "line 1 column 11"),
        (String::new(), "EOF"),
        (unknown, "requests[0].b: unknown participant \"p99\""),
        (
            EXAMPLE.replacen("\"weight\": 1", "\"weight\": 0", 1),
            "requests[0].weight: must be between 1",
        ),
        (
            EXAMPLE.replacen("\"slot\": \"s2\"", "\"slot\": \"s9\"", 1),
            "pinned[0].slot: unknown slot \"s9\"",
        ),
    ];
    for (text, want) in cases {
        // standard input to standard output
        let run = tandem(&["schedule"], Some(&text));
        assert_eq!(run.status.code(), Some(2), "{run:?}");
        assert!(run.stdout.is_empty());
        let line = one_line(&run.stderr);
        assert!(line.contains(want), "{line:?} should say {want:?}");
        // file to file: no output file appears
        let bad = dir.join("bad.json");
        std::fs::write(&bad, &text).unwrap();
        let run = tandem(
            &[
                "schedule",
                "--input",
                bad.to_str().unwrap(),
                "--output",
                target.to_str().unwrap(),
            ],
            None,
        );
        assert_eq!(run.status.code(), Some(2), "{run:?}");
        assert!(run.stdout.is_empty());
        assert!(one_line(&run.stderr).contains(want));
        assert!(!target.exists());
    }
    // an input file that is not there
    let run = tandem(
        &[
            "schedule",
            "--input",
            dir.join("missing.json").to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(run.stdout.is_empty());
    assert!(one_line(&run.stderr).contains("cannot read"));
    let _ = std::fs::remove_dir_all(dir);
}
