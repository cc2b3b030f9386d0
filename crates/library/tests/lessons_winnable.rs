//! Every lesson can be won from what the trainee is shown (issue #14): what the expert path
//! writes on the form for a field the owner `Says` (name, unit, phone) appears, before it is
//! written, in an owner line or on the owner's card, in both languages.

use std::sync::Arc;

use drill_engine::lint::{UntoldFill, untold_fills};
use drill_engine::scenario::RawScenario;
use drill_engine::{Lang, RecordField, Scenario};
use drill_library::fixtures::*;
use drill_library::{
    FileKind, Level, SourceFile, check_scenario, file_kind, parse_ron, parse_scenario,
};

/// Every shipped scenario file's text, by path, without the course.
fn shipped_texts() -> Vec<(String, String)> {
    scenario_files()
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).expect("scenario file is readable");
            (file_kind(&text) == FileKind::Scenario).then(|| (path.display().to_string(), text))
        })
        .collect()
}

/// A scenario structurally checked but not linted, so a failing lint can be shown.
fn unlinted(path: &str, text: &str) -> Arc<Scenario> {
    let file = SourceFile::new(path, text);
    let raw: RawScenario = parse_ron(&file).unwrap_or_else(|p| panic!("{path}: {p:?}"));
    Arc::new(Scenario::from_raw(raw, &rules()).unwrap_or_else(|f| panic!("{path}: {f:?}")))
}

fn untold_in(scenario: &Arc<Scenario>, seeds: std::ops::Range<u64>) -> Vec<(u64, UntoldFill)> {
    seeds
        .flat_map(|seed| {
            untold_fills(scenario, &rules(), seed)
                .into_iter()
                .map(move |untold| (seed, untold))
        })
        .collect()
}

#[test]
fn every_shipped_expert_path_writes_only_what_the_owner_said_in_both_languages() {
    let mut untold = Vec::new();
    for (path, text) in shipped_texts() {
        let scenario = unlinted(&path, &text);
        for (seed, fill) in untold_in(&scenario, 0..5) {
            untold.push(format!(
                "{} seed {seed}: {} = `{}` never said in {:?}",
                scenario.id(),
                fill.field.name(),
                fill.value,
                fill.langs
            ));
        }
    }
    assert!(untold.is_empty(), "\n{}", untold.join("\n"));
}

#[test]
fn every_shipped_scenario_passes_the_lint_with_no_problem_at_all() {
    for (path, text) in shipped_texts() {
        let (scenario, problems) = check_scenario(&SourceFile::new(path.as_str(), text), &rules());
        assert!(scenario.is_some(), "{path}: {problems:?}");
        assert!(problems.is_empty(), "{path}: {problems:?}");
    }
}

#[test]
fn the_first_lesson_scores_100_with_the_phone_told_on_its_own_branch() {
    let first = course().lessons[0].scenario.clone();
    for seed in 0..5 {
        let (session, result) = play(&first, seed, expert_actions(&first, seed));
        assert_eq!(result.overall, 100, "seed {seed}: {:?}", rule_ids(&result));
        let phone = session
            .owner_told(RecordField::Phone, Lang::Zh)
            .expect("the owner gives the phone");
        let said = session.history().iter().any(|event| match event {
            drill_engine::Event::OwnerSpoke { node } => Lang::ALL.iter().all(|lang| {
                session
                    .render(&session.scenario().node(*node).owner, *lang)
                    .contains(&phone)
            }),
            _ => false,
        });
        assert!(said, "seed {seed}: no owner line says {phone}");
    }
}

/// The first lesson's file with the owner's sentence giving the phone taken out of both
/// languages.
fn first_lesson_without_the_phone() -> (String, String) {
    let (path, text) = shipped_texts()
        .into_iter()
        .find(|(path, _)| path.ends_with("shared-electricity-fee-query.ron"))
        .expect("the first lesson is shipped");
    let (zh, en) = (PHONE_SENTENCE_ZH, PHONE_SENTENCE_EN);
    assert!(
        text.contains(zh) && text.contains(en),
        "{path} says the phone"
    );
    (path, text.replace(zh, "").replace(en, ""))
}

const PHONE_SENTENCE_ZH: &str = "我电话是{phone}。";
const PHONE_SENTENCE_EN: &str = " My number is {phone}.";

#[test]
fn a_scenario_whose_owner_never_says_the_phone_is_flagged_at_the_expert_path() {
    let (path, text) = first_lesson_without_the_phone();
    let file = SourceFile::new(path.as_str(), text.as_str());
    let (playable, problems) = check_scenario(&file, &rules());
    let flagged: Vec<_> = problems
        .iter()
        .filter(|p| p.message.contains("fills Phone"))
        .collect();
    assert_eq!(flagged.len(), 1, "{problems:?}");
    assert_eq!(problems.len(), 1, "only the phone is untold: {problems:?}");
    let flaw = flagged[0];
    // A warning: the file still plays (validate --strict fails on it).
    assert_eq!(flaw.level, Level::Warning);
    assert!(playable.is_some() && parse_scenario(&file, &rules()).is_ok());
    assert!(flaw.message.contains("(zh, en)"), "{}", flaw.message);
    assert!(
        flaw.help.contains(
            "have the owner say {phone} in a line before the form is filled, in both languages"
        ),
        "{}",
        flaw.help
    );
    let expert_path_line = text
        .lines()
        .position(|line| line.trim_start().starts_with("expert_path"))
        .expect("the file has an expert path")
        + 1;
    assert_eq!(flaw.line, expert_path_line, "placed at the expert path");
}

#[test]
fn a_phone_said_only_in_one_language_is_untold_in_the_other() {
    let (path, text) = shipped_texts()
        .into_iter()
        .find(|(path, _)| path.ends_with("shared-electricity-fee-query.ron"))
        .expect("the first lesson is shipped");
    let scenario = unlinted(&path, &text.replace(PHONE_SENTENCE_EN, ""));
    let untold = untold_in(&scenario, 0..5);
    assert!(!untold.is_empty());
    for (seed, fill) in untold {
        assert_eq!(
            (fill.field, fill.langs),
            (RecordField::Phone, vec![Lang::En]),
            "seed {seed}"
        );
    }
}

#[test]
fn the_speed_benchs_generated_scenarios_pass_every_lint() {
    for nodes in [4, 9, 40] {
        let raw = drill_library::bench::generated_scenario(1, nodes);
        let rules = drill_library::fixtures::rules();
        let scenario = std::sync::Arc::new(
            drill_engine::Scenario::from_raw(raw, &rules).expect("structurally valid"),
        );
        let flaws = drill_engine::lint::lint(&scenario, &rules);
        assert!(flaws.is_empty(), "{nodes} nodes: {flaws:?}");
    }
}
