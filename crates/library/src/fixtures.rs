//! The shipped rule set and scenarios, loaded through the library's own door, for the tests
//! of this crate and of the crates above it (feature `fixtures`).

use std::path::PathBuf;
use std::sync::Arc;

use drill_engine::{Action, RuleSet, Scenario, Score, Session, score};

use crate::{Course, Library, SourceFile, load, parse_rules, parse_scenario, render_all};

/// A path inside the repository.
pub fn repo_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative)
}

pub fn rules() -> Arc<RuleSet> {
    let file =
        SourceFile::read(&repo_path("rules/default.ron")).expect("rules/default.ron is readable");
    Arc::new(parse_rules(&file).unwrap_or_else(|p| panic!("{}", render_all(&p))))
}

/// Loads `scenarios/<id>.ron`, panicking with the rendered problems if it is invalid.
pub fn scenario(id: &str) -> Arc<Scenario> {
    let file = SourceFile::read(&repo_path(&format!("scenarios/{id}.ron")))
        .expect("scenario file is readable");
    parse_scenario(&file, &rules()).unwrap_or_else(|problems| panic!("{}", render_all(&problems)))
}

/// The scenarios of `scenarios/`, loaded as the app does (course files are skipped).
pub fn all_scenarios() -> Vec<Arc<Scenario>> {
    let library = shipped_library();
    assert!(
        library.broken.is_empty(),
        "broken shipped files: {:?}",
        library.broken
    );
    library.scenarios
}

/// Everything under `scenarios/`: scenarios, courses, problems.
pub fn shipped_library() -> Library {
    load(&[repo_path("scenarios")], &rules())
}

/// The shipped course (`scenarios/course.ron`).
pub fn course() -> Course {
    shipped_library()
        .courses
        .into_iter()
        .next()
        .expect("scenarios/ holds a course")
}

/// Every scenario file under `scenarios/`, sorted by path.
pub fn scenario_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo_path("scenarios"))
        .expect("scenarios/ exists")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "ron"))
        .collect();
    files.sort();
    files
}

/// A fresh run of a shipped scenario.
pub fn session(id: &str, seed: u64) -> Session {
    Session::new(scenario(id), rules(), seed)
}

/// Plays `actions` on a fresh session; every action must be accepted.
pub fn play(id: &str, seed: u64, actions: Vec<Action>) -> (Session, Score) {
    let session = Session::replay(scenario(id), rules(), seed, actions)
        .unwrap_or_else(|(index, error)| panic!("action {index} rejected: {error}"));
    let result = score(&session);
    (session, result)
}

/// The scenario's expert path with this seed's variant values.
pub fn expert_actions(id: &str, seed: u64) -> Vec<Action> {
    Session::new(scenario(id), rules(), seed).expert_actions()
}

/// The expert path with the option chosen at `node_option` (by option id) replaced.
pub fn expert_with(id: &str, seed: u64, replace: &[(&str, Action)]) -> Vec<Action> {
    expert_actions(id, seed)
        .into_iter()
        .map(|action| match &action {
            Action::Choose(option) => replace
                .iter()
                .find(|(from, _)| from == option)
                .map(|(_, to)| to.clone())
                .unwrap_or(action),
            _ => action,
        })
        .collect()
}

/// The expert path without the actions `drop` matches.
pub fn expert_without(id: &str, seed: u64, drop: impl Fn(&Action) -> bool) -> Vec<Action> {
    expert_actions(id, seed)
        .into_iter()
        .filter(|a| !drop(a))
        .collect()
}

pub fn choose(option: &str) -> Action {
    Action::Choose(option.to_owned())
}

/// The rule IDs of the findings, sorted, for exact comparison.
pub fn rule_ids(score: &Score) -> Vec<String> {
    let mut ids: Vec<String> = score.findings.iter().map(|f| f.rule.clone()).collect();
    ids.sort();
    ids
}

/// The expert path must score 100 with no findings whatever the seed draws.
pub fn assert_expert_is_perfect(id: &str) {
    for seed in 0..5 {
        let (session, score) = play(id, seed, expert_actions(id, seed));
        assert!(
            session.is_closed(),
            "{id} seed {seed}: the expert path closes the case"
        );
        assert_eq!(
            score.overall,
            100,
            "{id} seed {seed}: {:?}",
            rule_ids(&score)
        );
        assert!(
            score.findings.is_empty(),
            "{id} seed {seed}: {:?}",
            rule_ids(&score)
        );
    }
}

/// The expert path with every action equal to `from` replaced by `to`.
pub fn expert_replacing(id: &str, seed: u64, from: &Action, to: Action) -> Vec<Action> {
    expert_actions(id, seed)
        .into_iter()
        .map(|action| if &action == from { to.clone() } else { action })
        .collect()
}
