//! The session engine and scoring, shown on the broken-entrance-gate scenario
//! and on generated scenarios.

use std::sync::Arc;

use drill_engine::{Action, FindingKind, Level, RecordField, Scenario, Session, Step, score};
use drill_library::bench::generated_scenario;
use drill_library::fixtures::*;

const GATE: &str = "broken-entrance-gate";

fn fill(field: RecordField, value: &str) -> Action {
    Action::Fill(field, value.to_owned())
}

#[test]
fn expert_path_scores_100_with_no_findings_under_every_seed() {
    for seed in 0..8 {
        let (_, result) = play(GATE, seed, expert_actions(GATE, seed));
        assert_eq!(result.findings, [], "seed {seed}");
        assert_eq!(
            (
                result.overall,
                result.etiquette,
                result.procedure,
                result.record
            ),
            (100, 100, 100, 100)
        );
    }
}

#[test]
fn interrupting_the_owner_cites_p03_at_that_step() {
    let (_, result) = play(
        GATE,
        0,
        expert_with(GATE, 0, &[("greet", choose("interrupt"))]),
    );
    assert_eq!(rule_ids(&result), ["P-03"]);
    assert_eq!(result.findings[0].step, Some(0));
    assert_eq!(result.etiquette, 85);
}

#[test]
fn arguing_with_the_owner_cites_e12_and_explaining_before_listening() {
    let (_, result) = play(GATE, 0, expert_with(GATE, 0, &[("greet", choose("doubt"))]));
    assert_eq!(rule_ids(&result), ["E-12", "F-1", "F-2"]);
    let kinds: Vec<&FindingKind> = result.findings.iter().map(|f| &f.kind).collect();
    assert!(kinds.contains(&&FindingKind::OutOfOrder {
        first: Step::Listen,
        then: Step::Explain
    }));
}

#[test]
fn skipping_the_apology_is_a_missing_step_citing_f2() {
    let (_, result) = play(
        GATE,
        0,
        expert_with(GATE, 0, &[("listen-apologise", choose("promise-today"))]),
    );
    let apology = result
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::MissingStep(Step::Apologise))
        .expect("a missing apology finding");
    assert_eq!(apology.rule, "F-2");
    // Nor was P-04, the apology every walk-in owner is owed, ever shown: an etiquette cost.
    assert_eq!(rule_ids(&result), ["F-1", "F-2", "P-04", "P-07"]);
    let courtesy = result.findings.iter().find(|f| f.rule == "P-04").unwrap();
    assert_eq!(courtesy.kind, FindingKind::CourtesyNotShown);
    assert_eq!(result.etiquette, 85);
}

#[test]
fn dispatching_before_recording_costs_less_than_never_recording() {
    let mut actions = expert_without(GATE, 0, |a| *a == Action::SubmitRecord);
    let notice = actions
        .iter()
        .position(|a| matches!(a, Action::WorkNotice(_)))
        .unwrap();
    actions.insert(notice + 1, Action::SubmitRecord);
    let (_, swapped) = play(GATE, 0, actions);
    assert_eq!(rule_ids(&swapped), ["W-3"]);
    assert_eq!(
        swapped.findings[0].kind,
        FindingKind::OutOfOrder {
            first: Step::Record,
            then: Step::Dispatch
        }
    );
    let (_, missing) = play(
        GATE,
        0,
        expert_without(GATE, 0, |a| *a == Action::SubmitRecord),
    );
    assert_eq!(rule_ids(&missing), ["W-3"]);
    assert!(
        swapped.procedure > missing.procedure,
        "{} vs {}",
        swapped.procedure,
        missing.procedure
    );
}

#[test]
fn leaving_a_field_blank_is_a_p06_finding_and_costs_the_record_score() {
    let (_, result) = play(
        GATE,
        0,
        expert_without(GATE, 0, |a| {
            matches!(a, Action::Fill(RecordField::Phone, _))
        }),
    );
    assert_eq!(rule_ids(&result), ["P-06"]);
    assert_eq!(
        result.findings[0].kind,
        FindingKind::FieldMissing(RecordField::Phone)
    );
    // A blank phone costs its share of the form: 30 of the 135 blank points of the fields the
    // case checks, 22 of 100.
    assert_eq!(result.findings[0].points, 22);
    assert_eq!(result.record, 78);
}

#[test]
fn recording_a_wrong_phone_number_is_wrong_but_spacing_is_not() {
    let with_phone = |phone: &str| {
        expert_actions(GATE, 0)
            .into_iter()
            .map(|a| match a {
                Action::Fill(RecordField::Phone, _) => fill(RecordField::Phone, phone),
                other => other,
            })
            .collect::<Vec<_>>()
    };
    let session = Session::new(scenario(GATE), rules(), 0);
    let right = session.fill("{phone}", drill_engine::Lang::Zh);
    let spaced = format!("{} {} {}", &right[..3], &right[3..7], &right[7..]);
    let (_, result) = play(GATE, 0, with_phone(&spaced));
    assert_eq!(result.findings, [], "{spaced} is the same number");
    let (_, result) = play(GATE, 0, with_phone("13800000000"));
    assert_eq!(rule_ids(&result), ["P-06"]);
    assert!(matches!(
        result.findings[0].kind,
        FindingKind::FieldWrong {
            field: RecordField::Phone,
            ..
        }
    ));
}

#[test]
fn a_field_filled_with_what_the_owner_never_said_is_not_complete() {
    let actions = expert_with(GATE, 0, &[("clarify", choose("not-up-to-me"))]);
    let (_, result) = play(GATE, 0, actions);
    let not_given: Vec<_> = result
        .findings
        .iter()
        .filter_map(|f| match f.kind {
            FindingKind::FieldNotGiven(field) => Some(field),
            _ => None,
        })
        .collect();
    assert_eq!(
        not_given,
        [
            RecordField::ComplainantName,
            RecordField::Unit,
            RecordField::Phone,
            RecordField::Content
        ]
    );
}

#[test]
fn promising_compensation_is_critical_and_caps_the_overall_score() {
    let (_, result) = play(
        GATE,
        0,
        expert_with(GATE, 0, &[("plan", choose("compensate"))]),
    );
    assert_eq!(rule_ids(&result), ["E-13"]);
    assert!(result.critical);
    // E-13's ceiling is 36: the 89.50 the run would score is scaled under it, 32.22.
    assert_eq!(result.uncapped_hundredths, 8950);
    assert_eq!(result.cap, Some(36));
    assert_eq!(result.overall_hundredths, 3222);
    assert_eq!(result.overall, 32);
    assert_eq!(
        result.findings[0].rule, "E-13",
        "critical findings come first"
    );
}

#[test]
fn a_callback_later_than_48_hours_after_completion_cites_p11() {
    let actions: Vec<Action> = expert_actions(GATE, 0)
        .into_iter()
        .map(|a| {
            if matches!(a, Action::CallBack(_)) {
                Action::CallBack(60)
            } else {
                a
            }
        })
        .collect();
    let (_, result) = play(GATE, 0, actions);
    assert_eq!(rule_ids(&result), ["P-11"]);
}

#[test]
fn a_work_notice_to_the_wrong_department_cites_p08_twice() {
    let actions: Vec<Action> = expert_actions(GATE, 0)
        .into_iter()
        .map(|a| match a {
            Action::WorkNotice(_) => Action::WorkNotice(drill_engine::Department::Security),
            other => other,
        })
        .collect();
    let (_, result) = play(GATE, 0, actions);
    assert_eq!(
        rule_ids(&result),
        ["P-08", "P-08"],
        "wrong department, and engineering never notified"
    );
}

#[test]
fn the_same_seed_and_actions_give_identical_events_and_score() {
    let actions = expert_with(GATE, 5, &[("greet", choose("doubt"))]);
    let (first, first_score) = play(GATE, 5, actions.clone());
    let (second, second_score) = play(GATE, 5, actions);
    assert_eq!(first.history(), second.history());
    assert_eq!(first.entries(), second.entries());
    assert_eq!(first.mood_history(), second.mood_history());
    assert_eq!(first_score, second_score);
}

#[test]
fn a_different_seed_changes_the_variant_fields() {
    let variants: std::collections::BTreeSet<(String, String, String)> = (0..10)
        .map(|seed| {
            let session = Session::new(scenario(GATE), rules(), seed);
            let fill = |t: &str| session.fill(t, drill_engine::Lang::En);
            (fill("{surname}"), fill("{unit}"), fill("{phone}"))
        })
        .collect();
    assert!(
        variants.len() >= 3,
        "only {} distinct variants in 10 seeds",
        variants.len()
    );
}

#[test]
fn the_owner_calms_down_with_good_etiquette_and_gets_angrier_with_bad() {
    let (good, _) = play(GATE, 0, expert_actions(GATE, 0));
    let bad = Session::replay(
        scenario(GATE),
        rules(),
        0,
        [
            "call-engineering",
            "excuse",
            "not-up-to-me",
            "send-photo",
            "pull-it-shut",
        ]
        .map(choose),
    )
    .unwrap();
    let opening = good.mood_history()[0].1;
    assert!(good.mood() > opening);
    assert!(bad.mood() < opening);
}

#[test]
fn choosing_after_the_conversation_ends_or_after_closing_is_an_error() {
    let mut session = Session::new(scenario(GATE), rules(), 0);
    assert!(session.apply(choose("no-such-option")).is_err());
    for option in ["greet", "listen-apologise", "clarify", "go-and-see", "plan"] {
        session.apply(choose(option)).unwrap();
    }
    assert_eq!(session.current_node(), None);
    assert_eq!(
        session.apply(choose("plan")),
        Err(drill_engine::SessionError::ConversationOver)
    );
    session.apply(Action::Close).unwrap();
    assert_eq!(
        session.apply(Action::FollowUp),
        Err(drill_engine::SessionError::Closed)
    );
}

#[test]
fn an_abandoned_session_is_scored_with_every_missing_step() {
    let session = Session::new(scenario(GATE), rules(), 0);
    let result = score(&session);
    let missing: Vec<Step> = result
        .findings
        .iter()
        .filter_map(|f| match f.kind {
            FindingKind::MissingStep(step) => Some(step),
            _ => None,
        })
        .collect();
    assert_eq!(missing.len(), 9);
    assert_eq!(result.procedure, 0);
}

fn escalating_scenario() -> Arc<Scenario> {
    let mut raw = generated_scenario(0, 5);
    raw.resolution.escalate_to = Some(Level::Manager);
    let close = raw.expert_path.len() - 1;
    for (offset, level) in [
        Level::Supervisor,
        Level::CustomerServiceDept,
        Level::Manager,
    ]
    .into_iter()
    .enumerate()
    {
        raw.expert_path
            .insert(close + offset, Action::Escalate(level));
    }
    Arc::new(Scenario::from_raw(raw, &rules()).unwrap_or_else(|flaws| panic!("{flaws:?}")))
}

fn escalating(levels: &[Level]) -> drill_engine::Score {
    let scenario = escalating_scenario();
    let mut actions = Session::new(Arc::clone(&scenario), rules(), 0).expert_actions();
    actions.retain(|a| !matches!(a, Action::Escalate(_)));
    let close = actions.len() - 1;
    for (offset, level) in levels.iter().enumerate() {
        actions.insert(close + offset, Action::Escalate(*level));
    }
    score(&Session::replay(scenario, rules(), 0, actions).unwrap())
}

#[test]
fn climbing_the_escalation_ladder_rung_by_rung_is_clean() {
    let result = escalating(&[
        Level::Supervisor,
        Level::CustomerServiceDept,
        Level::Manager,
    ]);
    assert_eq!(rule_ids(&result), Vec::<String>::new());
}

#[test]
fn escalating_straight_to_the_manager_skips_a_rung_w7() {
    let result = escalating(&[Level::Manager]);
    assert_eq!(rule_ids(&result), ["W-7"]);
}

#[test]
fn a_case_that_needed_escalating_but_was_not_cites_h2() {
    let result = escalating(&[Level::Supervisor]);
    assert_eq!(rule_ids(&result), ["H-2"]);
}

#[test]
fn accepting_an_owners_gift_at_the_callback_is_critical_e14() {
    let (_, result) = play(
        GATE,
        0,
        expert_with(GATE, 0, &[("decline-gift", choose("accept-gift"))]),
    );
    assert_eq!(rule_ids(&result), ["E-14"]);
    assert!(result.critical);
    // E-14's own ceiling is 62: 89.50 × 62 ÷ 100 = 55.49.
    assert_eq!(result.cap, Some(62));
    assert_eq!(result.overall, 55);
}

#[test]
fn every_expert_path_reads_back_from_the_text_a_trainee_would_type() {
    for scenario in all_scenarios() {
        let mut session = Session::new(Arc::clone(&scenario), rules(), 3);
        for action in session.expert_actions() {
            let typed = session.typed(&action);
            assert_eq!(
                session.parse_typed(&typed),
                Ok(action.clone()),
                "{}: `{typed}`",
                scenario.id()
            );
            session.apply(action).unwrap();
        }
    }
}
