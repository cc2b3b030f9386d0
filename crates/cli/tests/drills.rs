//! `complaint-drill drill list|show|status|new` and `validate` on drill files, driven as a
//! person types them (parsed by clap) with in-memory streams.

use std::path::Path;
use std::process::ExitCode;

use clap::Parser;
use drill_cli::{Cli, run};
use drill_engine::Transcript;
use drill_library::fixtures::*;
use drill_records::results::{NewRun, ResultsStore};

/// Runs the command line `words` from the repository root's files; (exit code, stdout, stderr).
fn complaint_drill(words: &[&str]) -> (ExitCode, String, String) {
    let cli = Cli::try_parse_from(std::iter::once("complaint-drill").chain(words.iter().copied()))
        .unwrap_or_else(|e| panic!("{e}"));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(cli.command.unwrap(), &mut "".as_bytes(), &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

fn repo(relative: &str) -> String {
    repo_path(relative).display().to_string()
}

/// The drill flags naming the shipped library, rule set and `drills` folder.
fn library_flags(drills: &str) -> Vec<String> {
    vec![
        "--drills".into(),
        drills.into(),
        "--scenarios".into(),
        repo("scenarios"),
        "--rules".into(),
        repo("rules/default.ron"),
    ]
}

fn drill_command(drills: &str, words: &[&str]) -> (ExitCode, String, String) {
    let mut all: Vec<String> = vec!["drill".into()];
    all.extend(words.iter().map(|w| (*w).to_owned()));
    all.extend(library_flags(drills));
    let words: Vec<&str> = all.iter().map(String::as_str).collect();
    complaint_drill(&words)
}

#[test]
fn validate_checks_the_shipped_drills_against_the_scenarios_beside_them_and_says_how_it_told_them_apart()
 {
    let rules = repo("rules/default.ron");
    let (code, out, _) =
        complaint_drill(&["validate", "--strict", "--rules", &rules, &repo("drills")]);
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
    assert!(
        out.contains("3 drill files (told by their folder), checked against 13 scenarios of"),
        "{out}"
    );
    assert!(
        out.contains("3 files: 0 scenarios valid, 0 files broken, 0 errors, 0 warnings"),
        "{out}"
    );
    let (code, out, _) = complaint_drill(&[
        "validate",
        "--strict",
        "--rules",
        &rules,
        &repo("scenarios"),
        &repo("drills"),
    ]);
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
    assert!(
        out.contains("checked against 13 scenarios of the files validated"),
        "{out}"
    );
}

/// A copy of the shipped drills folder, with a `scenarios` folder beside it left empty.
fn drills_copy(dir: &Path) -> String {
    let folder = dir.join("drills");
    std::fs::create_dir(&folder).unwrap();
    for name in [
        "teams.ron",
        "fees-refresher.ron",
        "lift-and-emergencies.ron",
    ] {
        std::fs::copy(repo_path(&format!("drills/{name}")), folder.join(name)).unwrap();
    }
    folder.display().to_string()
}

#[test]
fn validate_refuses_a_broken_drill_at_its_line_and_column_and_still_checks_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let folder = drills_copy(dir.path());
    let text = std::fs::read_to_string(repo_path("drills/fees-refresher.ron")).unwrap();
    std::fs::write(
        Path::new(&folder).join("fees-refresher.ron"),
        text.replace("\"2026-11-30\"", "\"2026-11-31\""),
    )
    .unwrap();
    let rules = repo("rules/default.ron");
    let scenarios = repo("scenarios");
    let (code, out, _) = complaint_drill(&["validate", "--rules", &rules, &scenarios, &folder]);
    assert_eq!(code, ExitCode::FAILURE);
    assert!(
        out.contains("fees-refresher.ron:13:10: error: due date `2026-11-31` is not a date"),
        "{out}"
    );
    assert!(out.contains("1 files broken, 1 errors"), "{out}");
}

#[test]
fn drill_new_writes_a_file_that_validate_accepts_and_never_overwrites_one() {
    let dir = tempfile::tempdir().unwrap();
    let folder = drills_copy(dir.path());
    let new = [
        "new",
        "lift-refresher",
        "--title-zh",
        "电梯复训",
        "--title-en",
        "Lift refresher",
        "--scenario",
        "lift-entrapment",
        "lift-outage-group-letter",
        "--rule",
        "H-5",
        "--mode",
        "assessment",
        "--due",
        "2026-12-20",
        "--team",
        "front-desk-a",
        "--seed",
        "7",
        "--pass-overall",
        "80",
    ];
    let (code, out, err) = drill_command(&folder, &new);
    assert_eq!(code, ExitCode::SUCCESS, "{out}{err}");
    let written = Path::new(&folder).join("lift-refresher.ron");
    assert!(
        out.contains("Drill written to") || out.contains("训练已写入"),
        "{out}"
    );
    let text = std::fs::read_to_string(&written).unwrap();
    assert!(
        text.contains("Shared(7)") && text.contains("Team(\"front-desk-a\")"),
        "{text}"
    );

    let rules = repo("rules/default.ron");
    let (code, out, _) = complaint_drill(&[
        "validate",
        "--strict",
        "--rules",
        &rules,
        &repo("scenarios"),
        &folder,
    ]);
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
    let (_, out, _) = drill_command(&folder, &["show", "lift-refresher", "--lang", "en"]);
    assert!(
        out.contains("== Lift refresher (lift-refresher) =="),
        "{out}"
    );
    assert!(out.contains("1. lift-entrapment"), "{out}");

    let (code, _, err) = drill_command(&folder, &new);
    assert_eq!(code, ExitCode::from(2));
    assert!(err.contains("already exists"), "{err}");
}

#[test]
fn drill_new_refuses_a_pick_that_matches_nothing_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let folder = drills_copy(dir.path());
    let (code, out, _) = drill_command(
        &folder,
        &[
            "new",
            "typo",
            "--title-zh",
            "错字",
            "--title-en",
            "Typo",
            "--scenario",
            "lift-entrapmnt",
            "--due",
            "2026-12-20",
            "--trainee",
            "王芳",
            "--lang",
            "en",
        ],
    );
    assert_eq!(code, ExitCode::FAILURE);
    assert!(
        out.contains("pick Scenario(\"lift-entrapmnt\") matches no scenario"),
        "{out}"
    );
    assert!(out.contains("The drill was not written"), "{out}");
    assert!(!Path::new(&folder).join("typo.ron").exists());
}

#[test]
fn drill_list_shows_each_drill_with_its_title_due_date_and_who_it_is_for_in_either_language() {
    let (code, out, _) = drill_command(&repo("drills"), &["list"]);
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
    assert!(out.contains("lift-and-emergencies  电梯与紧急事件考核  截止 2026-12-20  考核  3个场景  小组 front-desk-a"), "{out}");
    let (_, out, _) = drill_command(&repo("drills"), &["list", "--lang", "en"]);
    assert!(out.contains("fees-refresher  Fee complaints: refresher  due 2026-11-30  practice  2 scenarios  3 named trainees"), "{out}");
}

#[test]
fn drill_status_shows_each_trainees_status_and_compares_runs_of_the_same_scenario_and_seed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("results.sqlite");
    let store = ResultsStore::open(&db).unwrap();
    for trainee in ["王芳", "李强"] {
        let (session, score) = play(
            "lift-entrapment",
            20_261_220,
            expert_actions("lift-entrapment", 20_261_220),
        );
        let transcript = Transcript::of(&session, trainee);
        store
            .save(&NewRun {
                transcript: &transcript,
                score: &score,
                mode: "assessment",
                saved_at: "2026-12-01 09:00",
                drill: Some("lift-and-emergencies"),
                team: Some("front-desk-a"),
            })
            .unwrap();
    }
    drop(store);
    let db = db.display().to_string();
    let (code, out, err) = drill_command(
        &repo("drills"),
        &[
            "status",
            "lift-and-emergencies",
            "--db",
            &db,
            "--today",
            "2026-12-21",
            "--lang",
            "en",
        ],
    );
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    assert!(
        out.contains("王芳  (seed 20261220)  in progress: 1 of 3 done  OVERDUE  next: "),
        "{out}"
    );
    assert!(
        out.contains("陈静  (seed 20261220)  not started  OVERDUE"),
        "{out}"
    );
    assert!(
        out.contains("(seed 20261220)\n  王芳  Overall 100 |"),
        "{out}"
    );
    assert!(out.contains("\n  李强  Overall 100 |"), "{out}");
}
