//! A run in progress is journaled after every action: a process killed mid-run, or between
//! the last journal write and the commit of the finished run, loses nothing, and the run
//! resumes where it stood. The kills are real: this test executable runs itself as the child
//! (an environment variable says which part to play) and the parent SIGKILLs it.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use drill_engine::{Action, Lang, Session, Transcript, score};
use drill_library::fixtures::*;
use drill_records::journal::{InProgress, JournalId};
use drill_records::results::{NewRun, ResultsStore};

const SCENARIO: &str = "broken-entrance-gate";
const SEED: u64 = 5;
/// Set in the child: `STORE_PATH|mid-run` or `STORE_PATH|before-commit`.
const CHILD: &str = "DRILL_JOURNAL_TEST_CHILD";
/// The child prints this, then waits to be killed.
const READY: &str = "ready to be killed";
/// Actions the mid-run child journals before it waits.
const MID_RUN_ACTIONS: usize = 3;

fn actions() -> Vec<Action> {
    expert_actions(SCENARIO, SEED)
}

fn in_progress(transcript: &Transcript) -> InProgress<'_> {
    InProgress {
        transcript,
        mode: "assessment",
        drill: Some("november-refresher"),
        updated_at: "2026-11-25 09:00",
    }
}

/// Plays `actions`, journaling after each, as the app does; returns the journal row.
fn play_journaled(store: &ResultsStore, actions: &[Action]) -> (Session, JournalId) {
    let mut session = session(SCENARIO, SEED);
    let mut id = None;
    for action in actions {
        session
            .apply(action.clone())
            .expect("the expert path is accepted");
        let transcript = Transcript::of(&session, "小陈").played_in(Lang::Zh);
        id = Some(store.journal(id, &in_progress(&transcript)).unwrap());
    }
    (session, id.expect("at least one action"))
}

fn wait_to_be_killed() -> ! {
    // On a line of its own: libtest has printed `test NAME ... ` without a newline.
    println!("\n{READY}");
    std::thread::sleep(std::time::Duration::from_secs(120));
    panic!("the parent did not kill this child");
}

/// The child's part: journal the run, then wait to be killed where `stage` says.
fn child(spec: &str) {
    let (path, stage) = spec.split_once('|').expect("PATH|STAGE");
    let store = ResultsStore::open(Path::new(path)).unwrap();
    if stage == "mid-run" {
        play_journaled(&store, &actions()[..MID_RUN_ACTIONS]);
        wait_to_be_killed();
    }
    let (session, journal) = play_journaled(&store, &actions());
    let transcript = Transcript::of(&session, "小陈").played_in(Lang::Zh);
    let score = score(&session);
    let run = NewRun {
        transcript: &transcript,
        score: &score,
        mode: "assessment",
        saved_at: "2026-11-25 09:10",
        drill: Some("november-refresher"),
        team: Some("A 组"),
    };
    store
        .finish_then(&run, journal, || wait_to_be_killed())
        .unwrap();
}

/// Runs test `name` of this executable as a child at `stage` and SIGKILLs it once it is ready.
fn run_child_and_kill_it(name: &str, store: &Path, stage: &str) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([name, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, format!("{}|{stage}", store.display()))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let ready = stdout
        .lines()
        .map_while(Result::ok)
        .any(|line| line.trim_end() == READY);
    assert!(ready, "the child stopped before it was ready");
    // SIGKILL on Unix: no destructor, no rollback, no flush runs in the child.
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success(), "the child was killed, not finished");
}

/// The resumed session stands exactly where the played one did.
fn assert_same_state(resumed: &Session, played: &Session) {
    assert_eq!(resumed.entries(), played.entries());
    assert_eq!(resumed.clock(), played.clock());
    assert_eq!(resumed.mood_history(), played.mood_history());
    assert_eq!(resumed.record(), played.record());
    assert_eq!(resumed.is_closed(), played.is_closed());
    assert_eq!(score(resumed), score(played));
}

fn the_only_pending_run_resumes_after(store: &ResultsStore, actions: &[Action]) -> Session {
    let pending = store.pending_runs().unwrap();
    assert_eq!(pending.len(), 1, "one run was in progress");
    let pending = &pending[0];
    assert_eq!(
        (
            pending.trainee.as_str(),
            pending.scenario.as_str(),
            pending.seed
        ),
        ("小陈", SCENARIO, SEED)
    );
    assert_eq!(
        (
            pending.mode.as_str(),
            pending.drill.as_deref(),
            pending.lang
        ),
        ("assessment", Some("november-refresher"), Some(Lang::Zh))
    );
    let resumed = pending.resume(scenario(SCENARIO), rules()).unwrap();
    let (played, _) = play(SCENARIO, SEED, actions.to_vec());
    assert_same_state(&resumed, &played);
    resumed
}

#[test]
fn a_process_killed_between_the_journal_write_and_the_commit_loses_nothing_and_the_run_resumes() {
    if let Ok(spec) = std::env::var(CHILD) {
        return child(&spec);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("results.sqlite");
    run_child_and_kill_it(
        "a_process_killed_between_the_journal_write_and_the_commit_loses_nothing_and_the_run_resumes",
        &path,
        "before-commit",
    );

    let store = ResultsStore::open(&path).unwrap();
    assert_eq!(
        store.runs(None).unwrap(),
        [],
        "the uncommitted save is not there"
    );
    let resumed = the_only_pending_run_resumes_after(&store, &actions());

    // Finishing it now saves it and clears the journal at once.
    let journal = store.pending_runs().unwrap()[0].id;
    let transcript = Transcript::of(&resumed, "小陈");
    let run = NewRun {
        transcript: &transcript,
        score: &score(&resumed),
        mode: "assessment",
        saved_at: "2026-11-25 09:12",
        drill: Some("november-refresher"),
        team: Some("A 组"),
    };
    let id = store.finish(&run, journal).unwrap();
    assert_eq!(store.runs(None).unwrap()[0].id, id);
    assert_eq!(store.pending_runs().unwrap(), []);
}

#[test]
fn a_process_killed_mid_run_keeps_every_action_it_journaled() {
    if let Ok(spec) = std::env::var(CHILD) {
        return child(&spec);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("results.sqlite");
    run_child_and_kill_it(
        "a_process_killed_mid_run_keeps_every_action_it_journaled",
        &path,
        "mid-run",
    );

    let store = ResultsStore::open(&path).unwrap();
    let resumed = the_only_pending_run_resumes_after(&store, &actions()[..MID_RUN_ACTIONS]);
    assert_eq!(resumed.entries().len(), MID_RUN_ACTIONS);
    assert_eq!(store.runs(None).unwrap(), []);
}

#[test]
fn a_journal_row_is_replaced_as_the_run_goes_on_and_a_discarded_one_is_gone() {
    let store = ResultsStore::open_in_memory().unwrap();
    let (_, first) = play_journaled(&store, &actions()[..2]);
    let (_, second) = play_journaled(&store, &actions()[..4]);
    assert_ne!(first, second, "two runs in progress, two rows");
    let pending = store.pending_runs().unwrap();
    let lengths: Vec<usize> = pending
        .iter()
        .map(|p| p.transcript().unwrap().entries.len())
        .collect();
    assert_eq!(
        lengths,
        [2, 4],
        "each row holds its run's actions so far, not one per action"
    );
    store.discard_journal(first).unwrap();
    assert_eq!(
        store
            .pending_runs()
            .unwrap()
            .iter()
            .map(|p| p.id)
            .collect::<Vec<_>>(),
        [second]
    );
}

#[test]
fn a_finished_run_is_saved_and_its_journal_cleared_together() {
    let store = ResultsStore::open_in_memory().unwrap();
    let (session, journal) = play_journaled(&store, &actions());
    let transcript = Transcript::of(&session, "小陈");
    let score = score(&session);
    let run = NewRun {
        transcript: &transcript,
        score: &score,
        mode: "practice",
        saved_at: "2026-11-25 10:00",
        drill: None,
        team: None,
    };
    store.finish(&run, journal).unwrap();
    assert_eq!(store.runs(None).unwrap().len(), 1);
    assert_eq!(store.pending_runs().unwrap(), []);
}
