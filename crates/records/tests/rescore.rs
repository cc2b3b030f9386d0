//! Rescoring every stored run under a changed rule set lists exactly the runs the change
//! affects, with the rule that caused it, and stores the new scores beside the old.

use std::sync::Arc;

use drill_engine::{Action, RuleSet, Transcript};
use drill_library::fixtures::*;
use drill_library::{SourceFile, parse_rules, render_all};
use drill_records::rescore::{RuleChange, RuleCost};
use drill_records::results::ResultsStore;

const SCENARIO: &str = "broken-entrance-gate";

/// The default rules with E-12's penalty (arguing with the owner) raised from 15 to 25.
fn rules_with_e12_costing_25() -> Arc<RuleSet> {
    let text = std::fs::read_to_string(repo_path("rules/default.ron")).unwrap();
    let old = r#"(id: "E-12", area: Etiquette, severity: Major, penalty: 15,"#;
    assert!(
        text.contains(old),
        "rules/default.ron still gives E-12 15 points"
    );
    let changed = text.replace(old, &old.replace("penalty: 15", "penalty: 25"));
    let file = SourceFile::new("rules/e12-25.ron", changed);
    Arc::new(parse_rules(&file).unwrap_or_else(|p| panic!("{}", render_all(&p))))
}

fn save(store: &ResultsStore, trainee: &str, seed: u64, actions: Vec<Action>) -> i64 {
    let (session, score) = play(SCENARIO, seed, actions);
    store
        .save_run(
            &Transcript::of(&session, trainee),
            &score,
            "practice",
            "2026-11-25 09:00",
        )
        .unwrap()
}

fn change() -> RuleChange {
    RuleChange {
        old: rules(),
        new: rules_with_e12_costing_25(),
        version: "default+e12-25".into(),
    }
}

#[test]
fn under_a_rule_set_with_one_penalty_changed_exactly_the_runs_that_broke_that_rule_are_listed() {
    let store = ResultsStore::open_in_memory().unwrap();
    let clean = save(&store, "小陈", 1, expert_actions(SCENARIO, 1));
    let doubted = save(
        &store,
        "小王",
        2,
        expert_with(SCENARIO, 2, &[("greet", choose("doubt"))]),
    );
    let interrupted = save(
        &store,
        "小李",
        3,
        expert_with(SCENARIO, 3, &[("greet", choose("interrupt"))]),
    );
    let doubted_too = save(
        &store,
        "小陈",
        4,
        expert_with(SCENARIO, 4, &[("greet", choose("doubt"))]),
    );

    let outcome = store
        .rescore(&change(), |id| Some(scenario(id)), "2026-11-26 08:00")
        .unwrap();

    assert_eq!(outcome.rescored, 4);
    assert_eq!(outcome.skipped, []);
    let listed: Vec<i64> = outcome.changed.iter().map(|c| c.run).collect();
    assert_eq!(
        listed,
        [doubted, doubted_too],
        "not {clean} nor {interrupted}"
    );
    for change in &outcome.changed {
        assert_eq!(change.causes.len(), 1, "{:?}", change.causes);
        let cause = &change.causes[0];
        assert_eq!(cause.rule, "E-12");
        assert_eq!(
            cause.old,
            RuleCost {
                findings: 1,
                points: 15
            }
        );
        assert_eq!(
            cause.new,
            RuleCost {
                findings: 1,
                points: 25
            }
        );
        assert_eq!(change.after.etiquette + 10, change.before.etiquette);
        assert!(change.overall_change() < 0, "{change:?}");
    }
}

#[test]
fn a_rescore_is_stored_beside_the_run_and_never_over_it() {
    let store = ResultsStore::open_in_memory().unwrap();
    let run = save(
        &store,
        "小王",
        2,
        expert_with(SCENARIO, 2, &[("greet", choose("doubt"))]),
    );
    let before = store.runs(None).unwrap()[0].overall;
    let first = store
        .rescore(&change(), |id| Some(scenario(id)), "2026-11-26 08:00")
        .unwrap();
    let after = first.changed[0].after;

    assert_eq!(
        store.runs(None).unwrap()[0].overall,
        before,
        "the run's own score stays"
    );
    assert_eq!(
        store.rescores(run).unwrap(),
        [("default+e12-25".to_owned(), after)]
    );
    assert!(
        store
            .execute_raw("UPDATE rescores SET overall = 100")
            .is_err()
    );
    assert!(store.execute_raw("DELETE FROM rescores").is_err());

    // The same version again adds nothing; a new version adds its own row.
    store
        .rescore(&change(), |id| Some(scenario(id)), "2026-11-27 08:00")
        .unwrap();
    let again = RuleChange {
        version: "default-again".into(),
        ..change()
    };
    store
        .rescore(&again, |id| Some(scenario(id)), "2026-11-27 08:00")
        .unwrap();
    let versions: Vec<String> = store
        .rescores(run)
        .unwrap()
        .into_iter()
        .map(|(v, _)| v)
        .collect();
    assert_eq!(versions, ["default+e12-25", "default-again"]);
}

#[test]
fn a_run_whose_scenario_is_gone_is_skipped_with_the_reason() {
    let store = ResultsStore::open_in_memory().unwrap();
    let run = save(&store, "小陈", 1, expert_actions(SCENARIO, 1));
    let outcome = store
        .rescore(&change(), |_| None, "2026-11-26 08:00")
        .unwrap();
    assert_eq!(outcome.rescored, 0);
    assert_eq!(
        outcome.skipped,
        [(run, format!("scenario `{SCENARIO}` is not in the library"))]
    );
    assert_eq!(store.rescores(run).unwrap(), []);
}
