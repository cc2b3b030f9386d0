//! `replay TRANSCRIPT --record-out FILE` writes the run's production record form, and
//! `rules check FILE` reads it back: the trainer's form is the one a real desk files (#14).

mod common;
use common::cli;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use drill_cli::{Command, ReplayArgs, RulesCommand};
use drill_engine::form::production_record;
use drill_engine::{Action, Lang, Record, Session, Transcript};
use drill_library::fixtures::*;
use drill_library::{SourceFile, parse_ron};

const GATE: &str = "broken-entrance-gate";

/// Saves `session` as Xiao Chen's transcript in `lang`, replays it with `--record-out`, and
/// returns where the record went.
fn replay_to_record(session: &Session, lang: Lang, dir: &Path) -> PathBuf {
    let transcript = dir.join("run.ron");
    let record = dir.join("record.ron");
    let saved = Transcript::of(session, "Xiao Chen").played_in(lang);
    std::fs::write(&transcript, saved.to_ron()).unwrap();
    let (code, out, err) = cli(
        Command::Replay {
            transcript,
            replay: ReplayArgs {
                scenarios: repo_path("scenarios"),
                rules: repo_path("rules/default.ron"),
                lang: None,
            },
            record_out: Some(record.clone()),
        },
        "",
    );
    assert_eq!(code, ExitCode::SUCCESS, "{out}{err}");
    record
}

fn rules_check(record: &Path) -> (ExitCode, String) {
    let (code, out, _) = cli(
        Command::Rules {
            command: RulesCommand::Check {
                record: record.to_path_buf(),
                rules: repo_path("rules/default.ron"),
                lang: Lang::En,
            },
        },
        "",
    );
    (code, out)
}

#[test]
fn the_record_written_by_replay_passes_rules_check_and_reads_back_as_the_runs_record() {
    let dir = tempfile::tempdir().unwrap();
    for lang in Lang::ALL {
        let expert = session(GATE, 1).expert_run_in(lang).unwrap();
        let path = replay_to_record(&expert, lang, dir.path());
        let (code, out) = rules_check(&path);
        assert_eq!(code, ExitCode::SUCCESS, "{lang:?}: {out}");
        assert!(out.contains(": 0 findings"), "{out}");
        let read: Record = parse_ron(&SourceFile::read(&path).unwrap()).unwrap();
        assert_eq!(read, production_record(&expert, "Xiao Chen", lang));
        assert_eq!(
            read.get(drill_engine::RecordField::Receiver),
            Some("Xiao Chen")
        );
    }
}

#[test]
fn a_run_that_never_called_back_writes_a_record_rules_check_flags_for_p11_and_w9() {
    let dir = tempfile::tempdir().unwrap();
    let mut actions = expert_actions(GATE, 0);
    let callback = actions
        .iter()
        .position(|a| matches!(a, Action::CallBack(_)))
        .unwrap();
    actions.truncate(callback);
    actions.push(Action::Close);
    let (played, _) = play(GATE, 0, actions);
    let path = replay_to_record(&played, Lang::En, dir.path());
    let (code, out) = rules_check(&path);
    assert_eq!(code, ExitCode::FAILURE, "{out}");
    assert!(out.contains("[P-11]"), "{out}");
    assert!(out.contains("[W-9]"), "{out}");
}

#[cfg(unix)]
#[test]
fn the_record_holding_the_owners_phone_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let expert = session(GATE, 0).expert_run().unwrap();
    let path = replay_to_record(&expert, Lang::Zh, dir.path());
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o077, 0, "mode {mode:o}");
}
