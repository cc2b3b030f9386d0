//! The command line, driven through `cli::run` with in-memory streams.

mod common;
use common::{cli, typed_expert_path};

use std::path::PathBuf;
use std::process::ExitCode;

use drill_cli::{Command, PlayArgs, ReplayArgs, ResultsCommand, RulesCommand, StoreArgs};
use drill_engine::{Lang, Transcript};
use drill_library::fixtures::*;

fn validate(paths: &[&str]) -> (ExitCode, String, String) {
    cli(
        Command::Validate {
            paths: paths.iter().map(|p| repo_path(p)).collect(),
            rules: repo_path("rules/default.ron"),
            strict: true,
        },
        "",
    )
}

#[test]
fn validate_reports_each_broken_file_with_line_and_column_and_fails() {
    let (code, out, _) = validate(&["crates/library/tests/fixtures/broken"]);
    assert_eq!(code, ExitCode::FAILURE);
    for expected in [
        "syntax-error.ron:6:5: error: Expected comma",
        "unknown-field.ron:14:5: error: Unexpected field named `mood_swing`",
        "dangling-node.ron:161:27: error: option `go-and-see` of node `look` leads to `nowhere`",
        "dangling-node.ron:170:27: error: option `send-photo` of node `look` leads to `nowhere`",
        "unknown-rule.ron:77:30: error: option `doubt` of node `arrives` cites unknown rule `E-99`",
    ] {
        assert!(out.contains(expected), "missing `{expected}` in:\n{out}");
    }
    assert!(out.contains("4 files broken, 5 errors"), "{out}");
}

#[test]
fn validate_passes_on_the_shipped_library_and_rule_set() {
    let (code, out, _) = validate(&["scenarios", "rules"]);
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
    assert!(out.contains(" 0 errors, 0 warnings"), "{out}");
}

#[test]
fn validate_flags_an_unreachable_node_and_a_dead_end() {
    let dir = tempfile::tempdir().unwrap();
    let source = std::fs::read_to_string(repo_path("scenarios/broken-entrance-gate.ron")).unwrap();
    // Nothing leads to `callback` once it is no longer the callback node; `agreed` loses its end.
    let broken = source
        .replace("callback_node: \"callback\",", "")
        .replace("owner: (zh: \"行,那我等你电话。\", en: \"Fine, I'll wait for your call.\"),\n            end: true,", "owner: (zh: \"行,那我等你电话。\", en: \"Fine, I'll wait for your call.\"),");
    let path = dir.path().join("lint.ron");
    std::fs::write(&path, broken).unwrap();
    let (code, out, _) = cli(
        Command::Validate {
            paths: vec![path],
            rules: repo_path("rules/default.ron"),
            strict: true,
        },
        "",
    );
    assert_eq!(code, ExitCode::FAILURE);
    assert!(
        out.contains("node `callback` cannot be reached from the start"),
        "{out}"
    );
    assert!(out.contains("node `agreed` is a dead end"), "{out}");
}

fn validate_folder(folder: &std::path::Path, strict: bool) -> (ExitCode, String, String) {
    cli(
        Command::Validate {
            paths: vec![folder.to_path_buf()],
            rules: repo_path("rules/default.ron"),
            strict,
        },
        "",
    )
}

#[test]
fn validate_on_a_folder_without_ron_files_fails_saying_nothing_was_found() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a scenario").unwrap();
    let (code, _, err) = validate_folder(dir.path(), false);
    assert_ne!(code, ExitCode::SUCCESS);
    assert!(err.contains("no .ron files found"), "{err}");
}

#[cfg(unix)]
#[test]
fn validate_warns_of_a_linked_folder_it_did_not_enter_and_only_strict_fails_on_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo_path("scenarios/broken-entrance-gate.ron"),
        dir.path().join("gate.ron"),
    )
    .unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("loop")).unwrap();
    let (code, out, _) = validate_folder(dir.path(), false);
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
    assert!(
        out.contains("warning: folder not entered: it is a symbolic link"),
        "{out}"
    );
    assert!(
        out.contains("1 files: 1 scenarios valid, 0 files broken, 0 errors, 1 warnings"),
        "{out}"
    );
    let (code, _, _) = validate_folder(dir.path(), true);
    assert_eq!(code, ExitCode::FAILURE);
}

#[test]
fn validate_prints_the_first_50_problems_of_a_file_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let raw = drill_library::bench::dangling_scenario(5000);
    let text = drill_library::bench::scenario_ron(&raw);
    std::fs::write(dir.path().join("dangling.ron"), text).unwrap();
    let (code, out, _) = validate_folder(dir.path(), false);
    assert_eq!(code, ExitCode::FAILURE);
    assert_eq!(out.matches(": error: option `").count(), 50, "{out}");
    assert!(out.contains("… and 4950 more problems in"), "{out}");
    assert!(out.contains("1 files broken, 5000 errors"), "{out}");
}

fn play_command(seed: u64, lang: Lang, save: Option<PathBuf>) -> Command {
    Command::Play(PlayArgs {
        scenario: repo_path("scenarios/broken-entrance-gate.ron"),
        scenarios: repo_path("scenarios"),
        seed,
        lang,
        rules: repo_path("rules/default.ron"),
        save,
        save_run: false,
        store: StoreArgs {
            db: None,
            create: false,
        },
        trainee: "小陈".into(),
    })
}

#[test]
fn play_from_piped_stdin_ends_with_the_score() {
    let (code, out, err) = cli(
        play_command(1, Lang::En, None),
        &typed_expert_path("broken-entrance-gate", 1),
    );
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    assert!(
        out.contains("Overall 100 | Etiquette 100 | Procedure order 100 | Record form 100"),
        "{out}"
    );
}

#[test]
fn play_in_chinese_shows_chinese_labels_and_findings() {
    let (_, out, _) = cli(play_command(0, Lang::Zh, None), "4\nquit\n");
    assert!(out.contains("总分"), "{out}");
    assert!(out.contains("[E-12]"), "{out}");
}

#[test]
fn a_saved_run_replays_to_the_same_score() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("run.ron");
    let typed =
        typed_expert_path("broken-entrance-gate", 2).replacen("fill Phone", "fill Phone 1", 1);
    let (_, played, _) = cli(play_command(2, Lang::En, Some(path.clone())), &typed);
    let (code, replayed, err) = cli(
        Command::Replay {
            transcript: path,
            replay: ReplayArgs {
                scenarios: repo_path("scenarios"),
                rules: repo_path("rules/default.ron"),
                lang: Some(Lang::En),
            },
            record_out: None,
        },
        "",
    );
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    let score_of = |out: &str| out[out.find("== Score ==").unwrap()..].trim().to_owned();
    assert_eq!(
        score_of(&played).lines().next(),
        score_of(&replayed).lines().next()
    );
    assert!(
        score_of(&replayed).contains("Contact phone"),
        "the wrong phone is found again: {replayed}"
    );
    // The replay shows the arithmetic: the record as 100 minus the wrong phone's cost.
    assert!(
        score_of(&replayed).contains("Record form: 100 − ")
            && score_of(&replayed).contains("Overall: ("),
        "{replayed}"
    );
}

#[test]
fn rules_check_finds_the_faults_of_a_real_record() {
    let (code, out, _) = cli(
        Command::Rules {
            command: RulesCommand::Check {
                record: repo_path("crates/library/tests/fixtures/records/late-callback.ron"),
                rules: repo_path("rules/default.ron"),
                lang: Lang::En,
            },
        },
        "",
    );
    assert_eq!(code, ExitCode::FAILURE);
    assert!(
        out.contains("[P-06]") && out.contains("“Contact phone” holds “1380000512”"),
        "{out}"
    );
    assert!(
        out.contains("[W-9]") && out.contains("Supervisor signature"),
        "{out}"
    );
    assert!(
        out.contains("[P-11]") && out.contains("77 h after completion"),
        "{out}"
    );
    assert!(out.contains("3 findings"), "{out}");
}

#[test]
fn a_complete_record_passes_the_rules_check() {
    let dir = tempfile::tempdir().unwrap();
    let source = std::fs::read_to_string(repo_path(
        "crates/library/tests/fixtures/records/late-callback.ron",
    ))
    .unwrap();
    let fixed = source
        .replace("\"1380000512\"", "\"138 0000 5127\"")
        .replace("2026-03-16 15:00", "2026-03-14 15:00")
        .replace(
            "OwnerView: \"满意\",",
            "OwnerView: \"满意\",\n    SupervisorSignature: \"刘\",",
        );
    let path = dir.path().join("ok.ron");
    std::fs::write(&path, fixed).unwrap();
    let (code, out, _) = cli(
        Command::Rules {
            command: RulesCommand::Check {
                record: path,
                rules: repo_path("rules/default.ron"),
                lang: Lang::En,
            },
        },
        "",
    );
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
}

#[test]
fn a_supervisor_lists_saved_runs_and_shows_one_with_its_findings() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("results.sqlite");
    let store = drill_records::results::ResultsStore::open(&db).unwrap();
    let (session, result) = play(
        "broken-entrance-gate",
        4,
        expert_with("broken-entrance-gate", 4, &[("greet", choose("doubt"))]),
    );
    store
        .save_run(
            &Transcript::of(&session, "小陈"),
            &result,
            "assessment",
            "2026-11-23 09:00",
        )
        .unwrap();
    drop(store);
    let results = |command| Command::Results {
        store: StoreArgs {
            db: Some(db.clone()),
            create: false,
        },
        command,
    };
    let (_, listed, _) = cli(results(ResultsCommand::List { trainee: None }), "");
    assert!(
        listed.contains("#1 2026-11-23 09:00 小陈 broken-entrance-gate (assessment) score"),
        "{listed}"
    );
    let (_, shown, err) = cli(
        results(ResultsCommand::Show {
            run: 1,
            replay: ReplayArgs {
                scenarios: repo_path("scenarios"),
                rules: repo_path("rules/default.ron"),
                lang: Some(Lang::En),
            },
        }),
        "",
    );
    assert!(shown.contains("[E-12]"), "{shown}{err}");
    // Signing off (`results assess`, with a supervisor account): tests/trust.rs.
}

fn list_runs_in(db: PathBuf, create: bool) -> (ExitCode, String, String) {
    let store = StoreArgs {
        db: Some(db),
        create,
    };
    let command = ResultsCommand::List { trainee: None };
    cli(Command::Results { store, command }, "")
}

#[test]
fn results_with_a_mistyped_db_path_fails_and_makes_no_store() {
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("typo.sqlite");
    let (code, _, err) = list_runs_in(typo.clone(), false);
    assert_eq!(code, ExitCode::from(2), "an error, not a finding");
    assert!(err.contains(&typo.display().to_string()), "{err}");
    assert!(err.contains("--create"), "{err}");
    assert!(!typo.exists());
}

#[test]
fn results_with_create_makes_a_new_store_at_the_db_path() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.sqlite");
    let (code, listed, err) = list_runs_in(db.clone(), true);
    assert_eq!((code, listed), (ExitCode::SUCCESS, String::new()), "{err}");
    assert!(db.is_file());
    assert_eq!(list_runs_in(db, false).0, ExitCode::SUCCESS);
}

#[test]
fn create_without_a_db_path_is_refused() {
    use clap::Parser;
    let parsed = drill_cli::Cli::try_parse_from(["complaint-drill", "results", "--create", "list"]);
    assert!(parsed.is_err());
}
