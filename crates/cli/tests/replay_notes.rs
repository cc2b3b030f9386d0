//! `replay` says when today's replay is not the run that was recorded: another rule set,
//! another scenario version, or recorded minutes the replay contradicts.

use std::path::Path;
use std::process::ExitCode;

use drill_cli::{Command, ReplayArgs, run};
use drill_engine::{Lang, Transcript};
use drill_library::fixtures::*;

fn replay(transcript: &Transcript, dir: &Path) -> (ExitCode, String) {
    let path = dir.join("run.ron");
    std::fs::write(&path, transcript.to_ron()).unwrap();
    let command = Command::Replay {
        transcript: path,
        replay: ReplayArgs {
            scenarios: repo_path("scenarios"),
            rules: repo_path("rules/default.ron"),
            lang: Some(Lang::En),
        },
        record_out: None,
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(command, &mut "".as_bytes(), &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap() + &String::from_utf8(err).unwrap(),
    )
}

fn expert_transcript() -> Transcript {
    let (session, _) = play(
        "broken-entrance-gate",
        4,
        expert_actions("broken-entrance-gate", 4),
    );
    Transcript::of(&session, "小陈")
}

#[test]
fn a_faithful_transcript_replays_without_notes() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out) = replay(&expert_transcript(), dir.path());
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
    assert!(!out.contains("note:"), "{out}");
}

#[test]
fn replay_warns_when_the_run_was_scored_under_another_rule_set() {
    let dir = tempfile::tempdir().unwrap();
    let mut transcript = expert_transcript();
    transcript.rules = "estate-rules-2025".into();
    let (_, out) = replay(&transcript, dir.path());
    assert!(
        out.contains("note: the run was scored under rule set `estate-rules-2025`"),
        "{out}"
    );
}

#[test]
fn replay_warns_when_the_recorded_minutes_contradict_the_replay() {
    let dir = tempfile::tempdir().unwrap();
    let mut transcript = expert_transcript();
    transcript.entries[2].minute += 90;
    let (_, out) = replay(&transcript, dir.path());
    assert!(
        out.contains("note: action 3 was recorded at minute"),
        "{out}"
    );
}

#[test]
fn replay_warns_when_the_scenario_version_changed() {
    let dir = tempfile::tempdir().unwrap();
    let mut transcript = expert_transcript();
    transcript.scenario_version += 1;
    let (_, out) = replay(&transcript, dir.path());
    assert!(out.contains("note: the run was made with version"), "{out}");
}
