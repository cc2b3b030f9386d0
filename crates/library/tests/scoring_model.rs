//! The scoring model as a supervisor reads it (docs/scoring.md): what the engine must rank
//! above what, on the shipped scenarios.

use drill_engine::scoring::FindingKind;
use drill_engine::{Action, PromiseKind, RecordField, Score};
use drill_library::fixtures::*;
use drill_library::{SourceFile, load, parse_rules};

/// The expert path with each alternative option taken in turn at one node: every run that
/// tried, with one wrong turn.
fn one_wrong_turn_each(id: &str) -> Vec<(String, Vec<Action>)> {
    let scenario = scenario(id);
    let expert = expert_actions(id, 0);
    let mut runs = Vec::new();
    for action in &expert {
        let Action::Choose(chosen) = action else {
            continue;
        };
        let node = scenario
            .nodes()
            .iter()
            .find(|n| n.options.iter().any(|o| &o.id == chosen))
            .expect("an expert choice is an option of some node");
        for option in node.options.iter().filter(|o| &o.id != chosen) {
            runs.push((
                option.id.clone(),
                expert_with(id, 0, &[(chosen.as_str(), choose(&option.id))]),
            ));
        }
    }
    runs
}

/// Plays `actions`, dropping any action after the first one the session refuses (a wrong
/// turn can end the conversation early, so later expert choices no longer fit).
fn play_until_refused(id: &str, actions: Vec<Action>) -> Score {
    let mut session = session(id, 0);
    for action in actions {
        if session.apply(action).is_err() {
            continue;
        }
    }
    drill_engine::score(&session)
}

/// The expert path with `field` filled with `value` instead.
fn expert_filling(id: &str, field: RecordField, value: &str) -> Vec<Action> {
    expert_actions(id, 0)
        .into_iter()
        .map(|a| match a {
            Action::Fill(filled, _) if filled == field => Action::Fill(field, value.to_owned()),
            other => other,
        })
        .collect()
}

fn ids() -> Vec<String> {
    all_scenarios().iter().map(|s| s.id().to_owned()).collect()
}

#[test]
fn quitting_at_once_scores_below_every_run_that_tried() {
    for id in ids() {
        let (_, quit) = play(&id, 0, vec![Action::Close]);
        for (option, actions) in one_wrong_turn_each(&id) {
            let tried = play_until_refused(&id, actions);
            assert!(
                quit.overall_hundredths < tried.overall_hundredths,
                "{id}: quitting scores {} but the run through `{option}` only {}",
                quit.overall_hundredths,
                tried.overall_hundredths
            );
        }
    }
}

#[test]
fn an_unresolved_case_scores_below_a_resolved_one_with_the_same_etiquette() {
    let id = "broken-entrance-gate";
    let (_, resolved) = play(id, 0, expert_actions(id, 0));
    let dropped = expert_without(id, 0, |a| {
        matches!(a, Action::WorkNotice(_) | Action::FollowUp)
    });
    let (_, unresolved) = play(id, 0, dropped);
    let said_wrong = |score: &Score| {
        score
            .findings
            .iter()
            .filter(|f| matches!(f.kind, FindingKind::BrokeRule { .. }))
            .count()
    };
    assert_eq!(
        said_wrong(&resolved),
        said_wrong(&unresolved),
        "the same words"
    );
    assert!(unresolved.overall < resolved.overall);
    let not_carried = unresolved
        .findings
        .iter()
        .find(|f| matches!(f.kind, FindingKind::NotCarriedThrough { .. }))
        .expect("the dropped case is scored as unresolved");
    assert_eq!(not_carried.rule, "P-09");
}

#[test]
fn two_criticals_score_below_either_alone() {
    let id = "lift-entrapment";
    let late = ("dispatch-now", choose("half-an-hour"));
    let pays = ("hear-her-out", choose("pay-everything"));
    let (_, only_late) = play(id, 0, expert_with(id, 0, std::slice::from_ref(&late)));
    let (_, only_pays) = play(id, 0, expert_with(id, 0, std::slice::from_ref(&pays)));
    let (_, both) = play(id, 0, expert_with(id, 0, &[late, pays]));
    assert!(only_late.critical && only_pays.critical && both.critical);
    assert!(both.overall < only_late.overall.min(only_pays.overall));
    assert!(both.cap < only_late.cap.min(only_pays.cap));
    // Graver breaches cap lower: paying beyond authority is not a late team.
    assert_ne!(only_late.cap, only_pays.cap);
}

#[test]
fn a_wrong_unit_costs_more_than_a_blank_one() {
    let id = "lift-entrapment";
    let (_, wrong) = play(id, 0, expert_filling(id, RecordField::Unit, "6栋999"));
    let (_, blank) = play(
        id,
        0,
        expert_without(id, 0, |a| matches!(a, Action::Fill(RecordField::Unit, _))),
    );
    assert!(
        wrong.record < blank.record,
        "{} vs {}",
        wrong.record,
        blank.record
    );
    assert!(
        wrong.overall < blank.overall,
        "{} vs {}",
        wrong.overall,
        blank.overall
    );
    assert!(
        wrong.cap.is_some(),
        "a wrong unit misdirects the crew: it sets a ceiling"
    );
}

#[test]
fn flat_1205_block_3_matches_bldg_3_1205_and_the_unit_in_either_order_is_right() {
    assert!(drill_engine::record::same_unit(
        "Flat 1205, Block 3",
        "Bldg 3 #1205"
    ));
    let id = "lift-entrapment";
    let session = session(id, 0);
    let unit = session.fill("{unit}", drill_engine::Lang::Zh);
    let (building, room) = unit.split_once('栋').expect("units read 6栋902");
    let english = format!("Flat {room}, Block {building}");
    let (_, score) = play(id, 0, expert_filling(id, RecordField::Unit, &english));
    assert_eq!(
        score.overall,
        100,
        "{english} for {unit}: {:?}",
        rule_ids(&score)
    );
}

#[test]
fn a_promised_6_pm_call_that_never_comes_is_found_with_p07() {
    // The owner walks in at 14:00; a reply promised within 4 hours is due at 18:00, and the
    // expert's call back comes days later.
    let id = "who-complained-about-my-dog";
    let mut actions = expert_actions(id, 0);
    actions.insert(0, Action::Promise(PromiseKind::Reply, 4));
    let (session, score) = play(id, 0, actions.clone());
    assert_eq!(session.time_at(4 * 60), "2026-03-24 18:00");
    let broken = score
        .findings
        .iter()
        .find(|f| {
            matches!(
                f.kind,
                FindingKind::PromiseBroken {
                    kind: PromiseKind::Reply,
                    hours: 4
                }
            )
        })
        .expect("the broken promise is found");
    assert_eq!((broken.rule.as_str(), broken.step), ("P-07", Some(0)));
    // Promised within a week, the same call keeps it.
    actions[0] = Action::Promise(PromiseKind::Reply, 168);
    let (_, kept) = play(id, 0, actions);
    assert!(
        !kept
            .findings
            .iter()
            .any(|f| matches!(f.kind, FindingKind::PromiseBroken { .. }))
    );
}

#[test]
fn one_interruption_gives_one_finding_per_rule() {
    // Explaining the brakes before hearing her out breaks T-1 twice over (before listening,
    // before asking): one finding.
    let id = "lift-entrapment";
    let (_, score) = play(
        id,
        0,
        expert_with(id, 0, &[("locate", choose("explain-brakes"))]),
    );
    let at_first_step: Vec<&str> = score
        .findings
        .iter()
        .filter(|f| f.step == Some(0))
        .map(|f| f.rule.as_str())
        .collect();
    assert_eq!(at_first_step, ["T-1"]);
}

#[test]
fn no_run_with_one_wrong_turn_has_two_findings_of_one_rule_at_one_step() {
    for id in ids() {
        for (option, actions) in one_wrong_turn_each(&id) {
            let score = play_until_refused(&id, actions);
            let mut seen = std::collections::HashSet::new();
            for f in score.findings.iter().filter(|f| f.step.is_some()) {
                let field = match &f.kind {
                    FindingKind::FieldWrong { field, .. }
                    | FindingKind::FieldInvalid { field, .. } => Some(*field),
                    FindingKind::FieldMissing(field) | FindingKind::FieldNotGiven(field) => {
                        Some(*field)
                    }
                    _ => None,
                };
                assert!(
                    seen.insert((f.rule.clone(), f.step, field)),
                    "{id} via `{option}`: {} twice at step {:?}",
                    f.rule,
                    f.step
                );
            }
        }
    }
}

#[test]
fn a_consultation_mishandled_into_an_effective_complaint_is_checked_as_effective_on_the_record() {
    let id = "shared-electricity-fee-query";
    let dismissed = expert_with(
        id,
        0,
        &[("note-and-apologise", choose("we-dont-overcharge"))],
    );
    let (session, score) = play(id, 0, dismissed.clone());
    assert_eq!(session.nature_before(None), drill_engine::Nature::Effective);
    let nature = score
        .findings
        .iter()
        .find(|f| {
            matches!(
                &f.kind,
                FindingKind::FieldWrong {
                    field: RecordField::Nature,
                    ..
                }
            )
        })
        .expect("the form still says consultation");
    let FindingKind::FieldWrong { expected, .. } = &nature.kind else {
        unreachable!()
    };
    assert_eq!(expected, "Effective complaint");
    let corrected = dismissed
        .into_iter()
        .map(|a| match a {
            Action::Fill(RecordField::Nature, _) => {
                Action::Fill(RecordField::Nature, "Effective".into())
            }
            other => other,
        })
        .collect();
    let (_, score) = play(id, 0, corrected);
    assert!(!score.findings.iter().any(|f| matches!(
        &f.kind,
        FindingKind::FieldWrong {
            field: RecordField::Nature,
            ..
        }
    )));
}

#[test]
fn the_library_as_authors_wrote_it_before_this_model_still_validates_and_plays() {
    let library = load(
        &[repo_path("crates/library/tests/fixtures/library-2026-12")],
        &rules(),
    );
    let errors: Vec<String> = library
        .problems
        .iter()
        .filter(|p| p.level == drill_library::Level::Error)
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(library.scenarios.len(), 13);
    // The loader plays every expert path (it must score 100); and the rule set of that day
    // still reads and scores today's runs.
    let old_rules = SourceFile::read(&repo_path(
        "crates/library/tests/fixtures/rules-2026-12.ron",
    ))
    .unwrap();
    let old_rules =
        std::sync::Arc::new(parse_rules(&old_rules).expect("the old rule set still reads"));
    for scenario in &library.scenarios {
        let session = drill_engine::Session::new(scenario.clone(), old_rules.clone(), 0);
        let played = session
            .expert_run()
            .expect("the expert path plays under the old rules");
        assert!(played.is_closed());
    }
}

#[test]
fn the_authoring_guide_lists_every_rule_the_engine_raises_by_itself() {
    let guide = std::fs::read_to_string(repo_path("docs/authoring.md")).unwrap();
    let table = &guide[guide
        .find("### Rules the engine raises by itself")
        .expect("the section")..];
    let table = &table[..table.find("Everything else").expect("the tagged list")];
    let rules = rules();
    for rule in rules.raised_by_engine() {
        assert!(
            table.contains(rule),
            "docs/authoring.md does not list {rule} as raised by the engine"
        );
    }
}

#[test]
fn a_missing_key_point_is_named_in_the_owners_own_words() {
    // She says "6栋" / "Building 6"; the author also lists "Bldg 6", "6号楼" and others.
    let id = "lift-entrapment";
    let (_, score) = play(id, 0, expert_filling(id, RecordField::Place, "B梯"));
    let place = score
        .findings
        .iter()
        .find_map(|f| match &f.kind {
            FindingKind::FieldWrong {
                field: RecordField::Place,
                expected,
                ..
            } => Some(expected),
            _ => None,
        })
        .expect("the place lacks the building");
    assert_eq!(place, "6栋 / Building 6");
}

#[test]
fn a_promised_visit_is_kept_by_a_work_notice_in_time_and_broken_without_one() {
    let id = "broken-entrance-gate";
    let mut actions = expert_actions(id, 0);
    actions.insert(0, Action::Promise(PromiseKind::Visit, 1));
    let broken = |score: &Score| {
        score.findings.iter().any(|f| {
            matches!(
                f.kind,
                FindingKind::PromiseBroken {
                    kind: PromiseKind::Visit,
                    ..
                }
            )
        })
    };
    let (session, kept) = play(id, 0, actions.clone());
    assert!(!broken(&kept), "{:?}", rule_ids(&kept));
    assert_eq!(
        session.record().get(RecordField::AgreedStart),
        Some("2026-03-12 10:30")
    );
    actions.retain(|a| !matches!(a, Action::WorkNotice(_)));
    let (_, without) = play(id, 0, actions);
    assert!(broken(&without), "{:?}", rule_ids(&without));
}

#[test]
fn an_emergency_where_nobody_was_sent_says_so_instead_of_a_dispatch_minute() {
    let id = "lift-entrapment";
    let (session, score) = play(
        id,
        0,
        expert_without(id, 0, |a| matches!(a, Action::WorkNotice(_))),
    );
    let h5 = score
        .findings
        .iter()
        .find(|f| f.rule == "H-5")
        .expect("H-5 is found");
    assert_eq!(h5.kind, FindingKind::EmergencyNeverDispatched { limit: 5 });
    let said = h5.explain(Some(&session), drill_engine::Lang::En);
    assert!(said.starts_with("Nobody was sent"), "{said}");
}

#[test]
fn tagging_a_rule_only_the_form_or_the_clock_can_break_is_a_warning_at_the_option() {
    assert_eq!(
        rules().raised_only_from_form_and_clock(),
        ["H-6", "P-06", "P-11"]
    );
    let text = std::fs::read_to_string(repo_path("scenarios/broken-entrance-gate.ron")).unwrap();
    assert!(text.contains(r#"breaks: ["P-03"]"#));
    let tagged = text.replacen(r#"breaks: ["P-03"]"#, r#"breaks: ["P-03", "P-06"]"#, 1);
    let file = SourceFile::new("gate.ron", tagged);
    let (scenario, problems) = drill_library::check_scenario(&file, &rules());
    assert!(scenario.is_some(), "a warning does not refuse the file");
    let warning = problems
        .iter()
        .find(|p| {
            p.message
                .contains("tags P-06, which only the record form or the clock can break")
        })
        .expect("the tag is pointed out");
    assert_eq!(warning.level, drill_library::Level::Warning);
    assert_eq!(
        &file.text.lines().nth(warning.line - 1).unwrap().trim()[..5],
        "id: \""
    );
}

#[test]
fn a_form_submitted_after_the_dispatch_says_what_to_press() {
    let id = "broken-entrance-gate";
    let mut actions = expert_actions(id, 0);
    let submit = actions
        .iter()
        .position(|a| *a == Action::SubmitRecord)
        .unwrap();
    actions.remove(submit);
    let notice = actions
        .iter()
        .position(|a| matches!(a, Action::WorkNotice(_)))
        .unwrap();
    actions.insert(notice + 1, Action::SubmitRecord);
    let (session, score) = play(id, 0, actions);
    let late = score
        .findings
        .iter()
        .find(|f| {
            matches!(
                f.kind,
                FindingKind::OutOfOrder {
                    first: drill_engine::Step::Record,
                    ..
                }
            )
        })
        .expect("the form came after the dispatch");
    let said = late.explain(Some(&session), drill_engine::Lang::En);
    assert!(said.contains("Press “Submit record form”"), "{said}");
    let said = late.explain(Some(&session), drill_engine::Lang::Zh);
    assert!(said.contains("按“提交记录表”"), "{said}");
}
