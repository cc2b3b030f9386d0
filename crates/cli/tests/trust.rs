//! Who may sign, from the terminal (#10): `supervisor add`, `results assess` with a
//! passphrase, and `results verify [--keys FILE]` finding what another tool changed.

mod common;
use common::{cli, results, store_args};

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use drill_cli::trust::{AssessArgs, PassphraseArgs, SupervisorCommand};
use drill_cli::{Command, ResultsCommand};
use drill_engine::Transcript;
use drill_library::fixtures::*;
use drill_records::assessment::Verdict;

const PASSPHRASE: &str = "lift repaired by noon";
const SUPERVISOR: &str = "刘主任";

fn supervisor(db: &Path, command: SupervisorCommand) -> Command {
    Command::Supervisor {
        store: store_args(db),
        command,
    }
}

fn from_stdin() -> PassphraseArgs {
    PassphraseArgs {
        passphrase_stdin: true,
    }
}

fn add_supervisor(db: &Path, name: &str, passphrase: &str) -> (ExitCode, String, String) {
    let add = SupervisorCommand::Add {
        name: name.into(),
        passphrase: from_stdin(),
    };
    cli(supervisor(db, add), &format!("{passphrase}\n"))
}

fn assess(db: &Path, run: i64, name: &str, passphrase: &str) -> (ExitCode, String, String) {
    sign(db, assessment_args(run, name), passphrase)
}

fn sign(db: &Path, args: AssessArgs, passphrase: &str) -> (ExitCode, String, String) {
    let command = results(db, ResultsCommand::Assess(args));
    cli(command, &format!("{passphrase}\n"))
}

fn assessment_args(run: i64, name: &str) -> AssessArgs {
    AssessArgs {
        run,
        supervisor: name.into(),
        etiquette: 70,
        etiquette_reason: "没有先致歉".into(),
        procedure: 95,
        procedure_reason: "顺序正确".into(),
        record: 90,
        record_reason: "记录完整".into(),
        owner_feedback: 80,
        verdict: Verdict::Redo,
        comments: vec![drill_records::assessment::StepComment {
            step: 0,
            comment: "先问好".into(),
        }],
        signed_at: Some("2026-11-23 12:00".into()),
        passphrase: from_stdin(),
    }
}

fn verify(db: &Path, keys: Option<PathBuf>) -> (ExitCode, String, String) {
    cli(results(db, ResultsCommand::Verify { keys }), "")
}

/// A store with two expert runs of 小陈's and 刘主任's account.
fn store_with_runs(dir: &tempfile::TempDir) -> PathBuf {
    let db = dir.path().join("results.sqlite");
    let store = drill_records::results::ResultsStore::open(&db).unwrap();
    for seed in [1, 2] {
        let (session, score) = play(
            "broken-entrance-gate",
            seed,
            expert_actions("broken-entrance-gate", seed),
        );
        store
            .save_run(
                &Transcript::of(&session, "小陈"),
                &score,
                "assessment",
                "2026-11-23 09:00",
            )
            .unwrap();
    }
    drop(store);
    let (code, out, err) = add_supervisor(&db, SUPERVISOR, PASSPHRASE);
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    assert!(
        out.contains("supervisor account 刘主任 added; key fingerprint "),
        "{out}"
    );
    db
}

fn another_tool(db: &Path) -> rusqlite::Connection {
    let connection = rusqlite::Connection::open(db).unwrap();
    connection
        .execute_batch(
            "DROP TRIGGER runs_are_kept; DROP TRIGGER supervisors_are_kept;
             DROP TRIGGER supervisors_are_not_deleted;
             DROP TRIGGER assessments_are_not_deleted; DROP TRIGGER assessment_comments_are_not_deleted;",
        )
        .unwrap();
    connection
}

#[test]
fn a_supervisor_signs_off_with_a_passphrase_and_show_prints_the_marks_and_the_disagreement() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_runs(&dir);
    let (code, out, err) = assess(&db, 1, SUPERVISOR, PASSPHRASE);
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    assert_eq!(out, "run #1 signed off by 刘主任 (sign-off #1)\n");

    let show = ResultsCommand::Show {
        run: 1,
        replay: drill_cli::ReplayArgs {
            scenarios: repo_path("scenarios"),
            rules: repo_path("rules/default.ron"),
            lang: Some(drill_engine::Lang::En),
        },
    };
    let (_, shown, err) = cli(results(&db, show), "");
    for expected in [
        "Signed off by 刘主任 (2026-11-23 12:00, key ",
        "redo, owner feedback 80",
        "Etiquette 70: 没有先致歉",
        "@1: 先问好",
        // The expert run's etiquette is 100: the mentor's 70 differs by 30.
        "Etiquette differs from the engine: engine 100, mentor 70",
    ] {
        assert!(
            shown.contains(expected),
            "missing `{expected}` in:\n{shown}{err}"
        );
    }
    // Procedure 95 and record 90 are within 15 points of the engine's 100.
    assert_eq!(
        shown.matches(" differs from the engine").count(),
        1,
        "{shown}"
    );

    let (code, out, _) = verify(&db, None);
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
    assert!(
        out.contains("2 runs and 1 sign-offs checked: nothing changed"),
        "{out}"
    );
}

#[test]
fn a_trainee_without_an_account_cannot_sign_off() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_runs(&dir);
    let (code, out, err) = assess(&db, 1, "小陈", PASSPHRASE);
    assert_eq!(code, ExitCode::from(2), "{out}");
    assert!(
        err.contains("`小陈` has no supervisor account, so cannot sign"),
        "{err}"
    );
}

#[test]
fn a_wrong_passphrase_cannot_sign_off_and_is_logged() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_runs(&dir);
    let (code, _, err) = assess(&db, 1, SUPERVISOR, "lift repaired by one");
    assert_eq!(code, ExitCode::from(2));
    assert!(err.contains("that is not 刘主任's passphrase"), "{err}");
    let logged: Vec<String> = rusqlite::Connection::open(&db)
        .unwrap()
        .prepare("SELECT supervisor || ': ' || outcome FROM auth_log")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(logged, ["刘主任: wrong passphrase"]);
}

#[test]
fn a_passphrase_shorter_than_eight_characters_makes_no_account() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_runs(&dir);
    let (code, _, err) = add_supervisor(&db, "王主任", "short");
    assert_eq!(code, ExitCode::from(2));
    assert!(err.contains("at least 8 characters"), "{err}");
    let (_, listed, _) = cli(supervisor(&db, SupervisorCommand::List), "");
    assert!(
        listed.starts_with("刘主任  since ") && !listed.contains("王主任"),
        "{listed}"
    );
}

#[test]
fn the_old_one_score_review_no_longer_signs_and_points_to_assess() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_runs(&dir);
    let review = ResultsCommand::Review {
        run: 1,
        supervisor: "小陈".into(),
        score: 100,
        note: String::new(),
        signed_at: None,
    };
    let (code, _, err) = cli(results(&db, review), "");
    assert_eq!(code, ExitCode::from(2));
    assert!(
        err.contains("complaint-drill results assess 1 --supervisor 小陈"),
        "{err}"
    );
}

#[test]
fn verify_reports_a_score_edited_with_another_tool_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_runs(&dir);
    assess(&db, 2, SUPERVISOR, PASSPHRASE);
    another_tool(&db)
        .execute(
            "UPDATE runs SET overall = 55, etiquette = 55 WHERE id = 1",
            [],
        )
        .unwrap();
    let (code, out, _) = verify(&db, None);
    assert_eq!(code, ExitCode::FAILURE, "{out}");
    assert!(
        out.contains("run #1 was edited: it no longer matches its seal"),
        "{out}"
    );
    assert!(out.contains("1 problem"), "{out}");
}

/// The trainee makes an account of their own under the supervisor's name in a scratch
/// store, writes it over the supervisor's row and signs with it.
#[test]
fn a_swapped_supervisor_key_passes_verify_but_fails_verify_keys_with_the_offices_copy() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_runs(&dir);
    assess(&db, 1, SUPERVISOR, PASSPHRASE);
    let office = dir.path().join("office.keys");
    let export = SupervisorCommand::ExportKey {
        name: SUPERVISOR.into(),
        out: Some(office.clone()),
    };
    let (code, out, err) = cli(supervisor(&db, export), "");
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    assert!(out.contains("fingerprint to read out: "), "{out}");
    assert_eq!(verify(&db, Some(office.clone())).0, ExitCode::SUCCESS);

    let scratch = dir.path().join("scratch.sqlite");
    drill_records::results::ResultsStore::open(&scratch).unwrap();
    add_supervisor(&scratch, SUPERVISOR, "the trainee's own");
    let tool = another_tool(&db);
    tool.execute("ATTACH DATABASE ?1 AS scratch", [scratch.to_str().unwrap()])
        .unwrap();
    tool.execute_batch(
        "DELETE FROM main.supervisors;
         INSERT INTO main.supervisors SELECT * FROM scratch.supervisors;
         DETACH DATABASE scratch;
         DELETE FROM assessment_comments; DELETE FROM assessments;",
    )
    .unwrap();
    drop(tool);
    let (code, _, err) = assess(&db, 1, SUPERVISOR, "the trainee's own");
    assert_eq!(code, ExitCode::SUCCESS, "{err}");

    let (code, out, _) = verify(&db, None);
    assert_eq!(code, ExitCode::SUCCESS, "a plain verify cannot tell: {out}");
    let (code, out, _) = verify(&db, Some(office));
    assert_eq!(code, ExitCode::FAILURE, "{out}");
    assert!(
        out.contains("sign-off #1 of run #1 by 刘主任 is signed with key")
            && out.contains("which is not the training office's copy (the office holds "),
        "{out}"
    );
}

#[test]
fn a_keys_file_that_is_not_one_is_reported_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_runs(&dir);
    let keys = dir.path().join("office.keys");
    std::fs::write(&keys, "# office\nssh-ed25519 AAAA 刘主任\n").unwrap();
    let (code, _, err) = verify(&db, Some(keys.clone()));
    assert_eq!(code, ExitCode::from(2));
    assert!(
        err.starts_with(&format!(
            "{}:2:1: error: `ssh-ed25519` is not a key kind",
            keys.display()
        )),
        "{err}"
    );
}

#[test]
fn a_sign_off_without_a_time_is_signed_at_the_clocks_minute() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_runs(&dir);
    let now = || chrono::Local::now().format("%Y-%m-%d %H:%M").to_string();
    let before = now();
    let mut args = assessment_args(1, SUPERVISOR);
    args.signed_at = None;
    let (code, _, err) = sign(&db, args, PASSPHRASE);
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    let after = now();
    let store = drill_records::results::ResultsStore::open_existing(&db).unwrap();
    let signed_at = store.assessments(1).unwrap()[0]
        .assessment
        .signed_at
        .clone();
    assert!(
        before <= signed_at && signed_at <= after,
        "{before} <= {signed_at} <= {after}"
    );
}

#[test]
fn a_comment_on_a_step_the_run_does_not_have_is_refused_before_the_passphrase_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_runs(&dir);
    let mut args = assessment_args(1, SUPERVISOR);
    args.comments[0].step = 999;
    let (code, _, err) = sign(&db, args, PASSPHRASE);
    assert_eq!(code, ExitCode::from(2));
    assert!(err.contains("there is no step 1000 to comment on"), "{err}");
    let store = drill_records::results::ResultsStore::open_existing(&db).unwrap();
    assert_eq!(store.sign_attempts().unwrap(), []);
}

#[test]
fn a_step_comment_is_typed_as_printed_from_1_and_kept_from_0() {
    use clap::Parser;
    let parse = |comment: &str| {
        drill_cli::Cli::try_parse_from([
            "complaint-drill",
            "results",
            "assess",
            "1",
            "--supervisor",
            SUPERVISOR,
            "--etiquette",
            "70",
            "--etiquette-reason",
            "r",
            "--procedure",
            "80",
            "--procedure-reason",
            "r",
            "--record",
            "90",
            "--record-reason",
            "r",
            "--owner-feedback",
            "60",
            "--verdict",
            "pass",
            "--comment",
            comment,
        ])
    };
    let parsed = parse("3: 先致歉").unwrap();
    let Some(Command::Results {
        command: ResultsCommand::Assess(args),
        ..
    }) = parsed.command
    else {
        panic!("not an assess command");
    };
    assert_eq!(
        (args.comments[0].step, args.comments[0].comment.as_str()),
        (2, "先致歉")
    );
    let error = parse("0:x").unwrap_err().to_string();
    assert!(error.contains("give 1 for the first step"), "{error}");
    assert!(parse("no step").is_err());
}
