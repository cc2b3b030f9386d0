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

/// The shipped file of scenario `id`: its path and text.
fn shipped(id: &str) -> (String, String) {
    shipped_texts()
        .into_iter()
        .find(|(path, _)| path.ends_with(&format!("/{id}.ron")))
        .unwrap_or_else(|| panic!("{id} is shipped"))
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
    let (path, text) = shipped("shared-electricity-fee-query");
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
    let (path, text) = shipped("shared-electricity-fee-query");
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

/// The Chinese values of variables with no English list: an English run writes them as
/// they are (a name with no English spelling), so they may stand in an English fill.
fn chinese_only_values(session: &drill_engine::Session) -> Vec<String> {
    session
        .scenario()
        .variables()
        .iter()
        .filter(|variable| variable.en.is_empty())
        .map(|variable| session.fill(&format!("{{{}}}", variable.name), Lang::Zh))
        .collect()
}

#[test]
fn every_shipped_expert_path_scores_100_in_both_languages_and_writes_no_chinese_in_english() {
    for scenario in all_scenarios() {
        for seed in 0..5 {
            let probe = drill_engine::Session::new(scenario.clone(), rules(), seed);
            for lang in Lang::ALL {
                let played = probe.expert_run_in(lang).expect("the expert path plays");
                let result = drill_engine::score(&played);
                assert_eq!(
                    (result.overall, rule_ids(&result)),
                    (100, Vec::new()),
                    "{} seed {seed} {lang:?}",
                    scenario.id()
                );
            }
            let allowed = chinese_only_values(&probe);
            for action in probe.expert_actions_in(Lang::En) {
                let drill_engine::Action::Fill(field, value) = action else {
                    continue;
                };
                let rest = allowed.iter().fold(value.clone(), |v, a| v.replace(a, ""));
                assert!(
                    !drill_engine::lint::has_chinese(&rest),
                    "{} seed {seed}: {} is `{value}` in English",
                    scenario.id(),
                    field.name()
                );
            }
        }
    }
}

/// The broken-entrance-gate file with its `expert_en` block replaced by `block`.
fn gate_with_expert_en(block: &str) -> (String, String) {
    let (path, text) = shipped("broken-entrance-gate");
    let start = text
        .find("    expert_en: {")
        .expect("the gate has English values");
    let end = start + text[start..].find("    },\n").expect("the block closes") + "    },\n".len();
    let changed = format!("{}{block}{}", &text[..start], &text[end..]);
    (path, changed)
}

#[test]
fn a_chinese_free_text_fill_with_no_english_value_is_warned_at_its_fill() {
    let (path, text) = gate_with_expert_en("");
    let (playable, problems) =
        check_scenario(&SourceFile::new(path.as_str(), text.as_str()), &rules());
    assert!(playable.is_some(), "a warning: the file still plays");
    let expert_path_line = text
        .lines()
        .position(|line| line.trim_start().starts_with("expert_path"))
        .expect("the file has an expert path")
        + 1;
    let warned: Vec<&str> = problems
        .iter()
        .filter(|p| p.message.contains("has no English value"))
        .map(|p| {
            assert_eq!(p.level, Level::Warning, "{}", p.message);
            assert_eq!(p.line, expert_path_line, "placed at the expert path");
            assert!(p.help.contains("expert_en"), "{}", p.help);
            p.message.as_str()
        })
        .collect();
    assert_eq!(warned.len(), 5, "{warned:?}");
    for field in [
        "ComplainantName",
        "Place",
        "Content",
        "HandlingResult",
        "OwnerView",
    ] {
        assert!(
            warned
                .iter()
                .any(|m| m.contains(&format!("fills {field} "))),
            "{field}: {warned:?}"
        );
    }
    // The unit and the phone are variables with English values or digits: nothing to translate.
    assert!(
        !warned
            .iter()
            .any(|m| m.contains("fills Unit") || m.contains("fills Phone"))
    );
}

#[test]
fn an_english_value_for_a_field_the_expert_path_never_fills_is_refused() {
    let (path, text) = gate_with_expert_en(
        "    expert_en: { ComplainantName: \"Mr {surname}\", Receiver: \"Xiao Chen\", Place: \"{flat} door\" },\n",
    );
    let (playable, problems) =
        check_scenario(&SourceFile::new(path.as_str(), text.as_str()), &rules());
    assert!(playable.is_none(), "{problems:?}");
    let errors: Vec<&str> = problems
        .iter()
        .filter(|p| p.level == Level::Error)
        .map(|p| p.message.as_str())
        .collect();
    assert!(
        errors.iter().any(|m| m.contains("never fills Receiver")),
        "{errors:?}"
    );
    assert!(errors.iter().any(|m| m.contains("`{flat}`")), "{errors:?}");
}

#[test]
fn an_english_expert_value_that_misses_a_key_point_fails_the_lint_in_english() {
    let (path, text) = shipped("broken-entrance-gate");
    let english_content = "        Content: \"The entrance door's closer is broken";
    assert!(text.contains(english_content));
    let text = text.replace(english_content, "        Content: \"Something is broken");
    let (playable, problems) =
        check_scenario(&SourceFile::new(path.as_str(), text.as_str()), &rules());
    assert!(playable.is_none());
    assert!(
        problems
            .iter()
            .any(|p| p.message.contains("its English values")
                && p.message.contains("cannot reach 100")),
        "{problems:?}"
    );
}
