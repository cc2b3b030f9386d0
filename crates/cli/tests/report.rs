//! `complaint-drill report trainee|team|drill` and `results rescore`, parsed from the words a
//! supervisor types and run against a store in a temporary folder.

use std::path::Path;
use std::process::ExitCode;

use clap::Parser;
use drill_cli::{Cli, run};
use drill_engine::Transcript;
use drill_library::fixtures::*;
use drill_records::results::{NewRun, ResultsStore};

const GATE: &str = "broken-entrance-gate";

/// Runs the command line `words` (after the program name); returns (exit code, stdout bytes,
/// stderr).
fn cli(words: &[&str]) -> (ExitCode, Vec<u8>, String) {
    let args = std::iter::once("complaint-drill").chain(words.iter().copied());
    let command = Cli::try_parse_from(args)
        .unwrap()
        .command
        .expect("a subcommand");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(command, &mut "".as_bytes(), &mut out, &mut err);
    (code, out, String::from_utf8(err).unwrap())
}

/// 小陈 argues with the owner (E-12) in November, 小王 plays the expert path; both of A 组.
fn store_with_two_runs(path: &Path) {
    let store = ResultsStore::open(path).unwrap();
    let doubting = expert_with(GATE, 1, &[("greet", choose("doubt"))]);
    for (trainee, actions, saved_at) in [
        ("小陈", doubting, "2026-11-02 09:00"),
        ("小王", expert_actions(GATE, 1), "2026-11-03 09:00"),
    ] {
        let (session, score) = play(GATE, 1, actions);
        let transcript = Transcript::of(&session, trainee);
        store
            .save(&NewRun {
                transcript: &transcript,
                score: &score,
                mode: "assessment",
                saved_at,
                drill: Some("november-refresher"),
                team: Some("A 组"),
            })
            .unwrap();
    }
}

fn temp_store() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("results.sqlite");
    store_with_two_runs(&path);
    (dir, path.display().to_string())
}

#[test]
fn a_team_report_for_a_month_prints_bilingual_tables_with_the_rule_most_often_broken() {
    let (_dir, db) = temp_store();
    let (code, out, err) = cli(&["report", "--db", &db, "team", "A 组", "--month", "2026-11"]);
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("== 最常违反的规则 Rules most often broken =="),
        "{out}"
    );
    assert!(out.contains("规则 Rule"), "{out}");
    assert!(out.lines().any(|l| l.starts_with("E-12 ")), "{out}");
    assert!(out.contains("november-refresher"), "{out}");
}

#[test]
fn csv_dash_prints_the_csv_with_its_bom_instead_of_the_tables() {
    let (_dir, db) = temp_store();
    let (code, out, err) = cli(&["report", "--db", &db, "trainee", "小陈", "--csv", "-"]);
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    assert!(out.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM");
    let text = String::from_utf8(out[3..].to_vec()).unwrap();
    assert!(
        text.starts_with("进步 Progress\n运行 Run,学员 Trainee,"),
        "{text}"
    );
    assert!(text.contains(",小陈,"), "{text}");
    assert!(!text.contains("=="), "no terminal tables in the CSV");
}

#[test]
fn a_drill_report_is_written_to_csv_and_xlsx_files_and_says_where() {
    let (dir, db) = temp_store();
    let csv = dir.path().join("演练.csv");
    let xlsx = dir.path().join("演练.xlsx");
    let (code, out, err) = cli(&[
        "report",
        "--db",
        &db,
        "drill",
        "november-refresher",
        "--csv",
        csv.to_str().unwrap(),
        "--xlsx",
        xlsx.to_str().unwrap(),
    ]);
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains(&format!("wrote {}", csv.display())), "{out}");
    assert!(out.contains(&format!("wrote {}", xlsx.display())), "{out}");
    let written = std::fs::read(&csv).unwrap();
    assert!(written.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(written[3..].to_vec()).unwrap();
    assert!(text.contains("小陈") && text.contains("小王"), "{text}");
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
}

#[test]
fn a_month_typed_wrong_is_refused_with_how_to_write_it() {
    let error = Cli::try_parse_from([
        "complaint-drill",
        "report",
        "team",
        "A 组",
        "--month",
        "2026-13",
    ])
    .unwrap_err()
    .to_string();
    assert!(
        error.contains("`2026-13` is not a month: write YYYY-MM"),
        "{error}"
    );
}

#[test]
fn rescore_under_a_changed_penalty_lists_only_the_run_that_broke_that_rule_and_why() {
    let (dir, db) = temp_store();
    let text = std::fs::read_to_string(repo_path("rules/default.ron")).unwrap();
    let old = r#"(id: "E-12", area: Etiquette, severity: Major, penalty: 15,"#;
    assert!(text.contains(old));
    let new_rules = dir.path().join("e12-25.ron");
    std::fs::write(&new_rules, text.replace(old, &old.replace("15,", "25,"))).unwrap();
    let (code, out, err) = cli(&[
        "results",
        "--db",
        &db,
        "rescore",
        "--rules",
        new_rules.to_str().unwrap(),
        "--from-rules",
        repo_path("rules/default.ron").to_str().unwrap(),
        "--scenarios",
        repo_path("scenarios").to_str().unwrap(),
    ]);
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    let out = String::from_utf8(out).unwrap();
    assert!(out.starts_with("rescored 2 runs under default@"), "{out}");
    assert!(out.contains("; 1 change:"), "{out}");
    let listed: Vec<&str> = out.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(listed.len(), 1, "{out}");
    assert!(
        listed[0].starts_with(&format!("#1 小陈 {GATE}: overall ")),
        "{out}"
    );
    assert!(listed[0].contains("etiquette "), "{out}");
    assert!(
        listed[0].ends_with("because of E-12 15 → 25 points"),
        "{out}"
    );
}
