//! Helpers for playing the shipped scenarios in tests.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;

use drill_core::{Action, RuleSet, Scenario, Score, Session, SourceFile, score};

pub fn repo_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative)
}

pub fn rules() -> Arc<RuleSet> {
    let file =
        SourceFile::read(&repo_path("rules/default.ron")).expect("rules/default.ron is readable");
    Arc::new(RuleSet::parse(&file).unwrap_or_else(|p| panic!("{}", p[0].render())))
}

/// Loads `scenarios/<id>.ron`, panicking with the rendered problems if it is invalid.
pub fn scenario(id: &str) -> Arc<Scenario> {
    let file = SourceFile::read(&repo_path(&format!("scenarios/{id}.ron")))
        .expect("scenario file is readable");
    let scenario = Scenario::parse(&file, &rules()).unwrap_or_else(|problems| {
        panic!(
            "{}",
            problems.iter().map(|p| p.render()).collect::<String>()
        )
    });
    Arc::new(scenario)
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
