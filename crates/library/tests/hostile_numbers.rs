//! Numbers and ids a hostile or careless file or command may hold: each has a range the
//! domain makes sense of, is refused at its file:line:col, and never wraps.

use drill_engine::record_check::check_record;
use drill_engine::{Action, FindingKind, Record, RecordField, SessionError};
use drill_library::fixtures::*;
use drill_library::{SourceFile, parse_ron, parse_rules, parse_scenario};

const GATE: &str = "broken-entrance-gate";

fn shipped(relative: &str) -> String {
    std::fs::read_to_string(repo_path(relative)).unwrap()
}

/// The problems of the gate scenario with `from` replaced by `to` (the first occurrence).
fn gate_problems(from: &str, to: &str) -> Vec<(usize, usize, String)> {
    let text = shipped("scenarios/broken-entrance-gate.ron");
    assert!(text.contains(from), "{from}");
    let file = SourceFile::new("gate.ron", text.replacen(from, to, 1));
    match parse_scenario(&file, &rules()) {
        Ok(_) => Vec::new(),
        Err(problems) => problems
            .iter()
            .map(|p| (p.line, p.col, p.message.clone()))
            .collect(),
    }
}

#[test]
fn a_callback_of_seventy_million_hours_is_refused_and_the_clock_never_moves_backwards() {
    let mut session = session(GATE, 0);
    let before = session.clock();
    assert_eq!(
        session.apply(Action::CallBack(71_582_788)),
        Err(SessionError::HoursOutOfRange { hours: 71_582_788 })
    );
    assert!(session.apply(Action::PromiseHours(u32::MAX)).is_err());
    assert_eq!(session.clock(), before);
    session.apply(Action::CallBack(720)).unwrap();
    assert!(session.clock() > before);
}

#[test]
fn an_option_that_takes_a_hundred_thousand_minutes_is_refused_at_its_line() {
    let problems = gate_problems("minutes: 3,", "minutes: 100000,");
    assert_eq!(
        problems,
        [(97, 21, "minutes 100000 is out of range".to_owned())]
    );
}

#[test]
fn a_mood_change_and_a_start_mood_beyond_the_scale_are_refused() {
    let problems = gate_problems("mood: 15,", "mood: 2147483647,");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].2, "mood change 2147483647 is out of range");
    let problems = gate_problems("start_mood: 45,", "start_mood: 900,");
    let messages: Vec<&str> = problems.iter().map(|p| p.2.as_str()).collect();
    assert_eq!(messages, ["start mood 900 is out of range"]);
}

#[test]
fn a_scenario_id_that_climbs_out_of_the_data_folder_is_refused_at_its_line() {
    let problems = gate_problems("id: \"broken-entrance-gate\"", "id: \"../../../../x\"");
    assert_eq!(problems.len(), 1, "{problems:?}");
    let (line, col, message) = &problems[0];
    assert_eq!((*line, *col), (3, 9));
    assert!(message.contains("not a kebab-case id"), "{message}");
}

#[test]
fn a_huge_weight_in_the_rule_set_is_refused_instead_of_scoring_millions() {
    let text = shipped("rules/default.ron").replacen(
        "weights: (etiquette: 35,",
        "weights: (etiquette: 67108862,",
        1,
    );
    let problems = parse_rules(&SourceFile::new("rules.ron", text)).unwrap_err();
    let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
    assert!(
        messages.contains(&"weight 67108862 is out of range"),
        "{messages:?}"
    );
    assert!(problems.iter().all(|p| p.line == 60), "{problems:?}");
}

fn record_with(changes: &[(RecordField, &str)]) -> Record {
    let file = SourceFile::new(
        "late-callback.ron",
        shipped("crates/library/tests/fixtures/records/late-callback.ron"),
    );
    let mut record: Record = parse_ron(&file).unwrap();
    for (field, value) in changes {
        record.set(*field, (*value).to_owned());
    }
    record
}

#[test]
fn a_real_record_whose_callback_comes_before_completion_is_found() {
    let record = record_with(&[(RecordField::CallbackAt, "2026-03-13 08:00")]);
    let findings = check_record(&record, &rules());
    assert!(
        findings.iter().any(|f| f.rule == "P-11"
            && f.kind
                == FindingKind::TimesOutOfOrder {
                    earlier: RecordField::AgreedCompletion,
                    later: RecordField::CallbackAt,
                }),
        "{findings:?}"
    );
}

#[test]
fn a_real_emergency_record_with_no_on_site_time_is_found() {
    let record = record_with(&[(RecordField::Urgency, "Emergency")]);
    let findings = check_record(&record, &rules());
    assert!(
        findings
            .iter()
            .any(|f| f.rule == "H-5" && f.kind == FindingKind::FieldMissing(RecordField::OnSiteAt)),
        "{findings:?}"
    );
}

#[test]
fn callback_hours_far_in_the_future_do_not_wrap_into_a_small_number() {
    let record = record_with(&[(RecordField::CallbackAt, "9999-12-31 23:59")]);
    let findings = check_record(&record, &rules());
    let late = findings.iter().find_map(|f| match f.kind {
        FindingKind::LateCallback { hours, .. } => Some(hours),
        _ => None,
    });
    assert!(late.is_some_and(|hours| hours > 1_000_000), "{findings:?}");
}

#[test]
fn a_ceiling_or_a_field_cost_beyond_100_points_is_refused_at_its_line() {
    let text = shipped("rules/default.ron")
        .replacen("cap: 38,", "cap: 400,", 1)
        .replacen("blank: 30, wrong: 40,", "blank: 30, wrong: 4000,", 1);
    let problems = parse_rules(&SourceFile::new("rules.ron", text.clone())).unwrap_err();
    let found: Vec<(usize, &str)> = problems
        .iter()
        .map(|p| (p.line, p.message.as_str()))
        .collect();
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    assert!(
        found.contains(&(line_of("cap: 400,"), "cap 400 is out of range")),
        "{found:?}"
    );
    assert!(
        found.contains(&(line_of("wrong: 4000,"), "wrong cost 4000 is out of range")),
        "{found:?}"
    );
}
