//! The trainer's form is production's form (issue #14): a trainer run gives the record the
//! rule set's `record_fields` define, the one `rules check` reads, with the trainee's fields
//! and the workflow's (receiver, work notice, callback, the supervisor's signature, filing).

use drill_engine::form::{production_form, production_record};
use drill_engine::record_check::check_record;
use drill_engine::rules::FilledBy;
use drill_engine::{Action, Finding, FindingKind, Lang, RecordField, Session};
use drill_library::fixtures::*;
use drill_library::{SourceFile, parse_rules, render_all};

/// Who plays, as the receiver the form names, in each language.
fn receiver(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "小陈",
        Lang::En => "Xiao Chen",
    }
}

fn findings_text(findings: &[Finding], session: &Session) -> String {
    findings
        .iter()
        .map(|f| format!("{} {}", f.rule, f.explain(Some(session), Lang::En)))
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn the_production_record_of_every_expert_run_passes_rules_check_in_both_languages() {
    let rules = rules();
    let mut flagged = Vec::new();
    for scenario in all_scenarios() {
        for seed in 0..3 {
            for lang in Lang::ALL {
                let probe = Session::new(scenario.clone(), rules.clone(), seed);
                let played = probe.expert_run_in(lang).expect("the expert path plays");
                let record = production_record(&played, receiver(lang), lang);
                let findings = check_record(&record, &rules);
                if !findings.is_empty() {
                    flagged.push(format!(
                        "{} seed {seed} {lang:?}: {}\n{record:?}",
                        scenario.id(),
                        findings_text(&findings, &played)
                    ));
                }
            }
        }
    }
    assert!(flagged.is_empty(), "\n{}", flagged.join("\n"));
}

/// The expert path of `id` up to (without) its callback, then closed.
fn never_called_back(id: &str, seed: u64) -> Vec<Action> {
    let mut actions = expert_actions(id, seed);
    let callback = actions
        .iter()
        .position(|a| matches!(a, Action::CallBack(_)))
        .expect("the expert path calls back");
    actions.truncate(callback);
    actions.push(Action::Close);
    actions
}

#[test]
fn a_run_that_never_calls_back_is_flagged_by_rules_check_for_the_callback_p11_and_the_owners_view_w9()
 {
    for id in [
        "broken-entrance-gate",
        "rude-guard-email",
        "lift-entrapment",
    ] {
        let (session, _) = play(id, 0, never_called_back(id, 0));
        let record = production_record(&session, "小陈", Lang::Zh);
        let missing: Vec<(String, RecordField)> = check_record(&record, &rules())
            .into_iter()
            .filter_map(|finding| match finding.kind {
                FindingKind::FieldMissing(field) => Some((finding.rule, field)),
                _ => None,
            })
            .collect();
        for expected in [
            ("P-11".to_owned(), RecordField::CallbackAt),
            ("W-9".to_owned(), RecordField::OwnerView),
        ] {
            assert!(missing.contains(&expected), "{id}: {missing:?}");
        }
    }
}

const LESSON_7: &str = "drain-repair-callback";

/// Lesson 7's expert path with the owner's view written as `view` (`None`: left blank).
fn lesson_7_with_owner_view(seed: u64, view: Option<&str>) -> Vec<Action> {
    expert_actions(LESSON_7, seed)
        .into_iter()
        .filter_map(|action| match action {
            Action::Fill(RecordField::OwnerView, _) => {
                view.map(|view| Action::Fill(RecordField::OwnerView, view.to_owned()))
            }
            other => Some(other),
        })
        .collect()
}

#[test]
fn lesson_7_is_the_one_whose_goal_is_recording_the_dissatisfaction_faithfully() {
    let lesson = &course().lessons[6];
    assert_eq!(lesson.scenario, LESSON_7);
    assert!(
        lesson
            .goal
            .get(Lang::En)
            .contains("dissatisfaction faithfully")
    );
}

#[test]
fn lesson_7_with_the_owners_view_blank_or_only_satisfied_loses_points_citing_w9() {
    for seed in 0..3 {
        let (_, expert) = play(LESSON_7, seed, expert_actions(LESSON_7, seed));
        assert_eq!(expert.overall, 100, "seed {seed}: {:?}", rule_ids(&expert));
        for view in [None, Some("满意"), Some("satisfied"), Some("Satisfied.")] {
            let (_, result) = play(LESSON_7, seed, lesson_7_with_owner_view(seed, view));
            assert!(result.overall < 100, "seed {seed} {view:?}");
            let cited: Vec<&Finding> = result
                .findings
                .iter()
                .filter(|f| {
                    matches!(
                        f.kind,
                        FindingKind::FieldMissing(RecordField::OwnerView)
                            | FindingKind::FieldWrong {
                                field: RecordField::OwnerView,
                                ..
                            }
                    )
                })
                .collect();
            assert_eq!(
                cited.len(),
                1,
                "seed {seed} {view:?}: {:?}",
                rule_ids(&result)
            );
            assert_eq!(cited[0].rule, "W-9");
            assert!(cited[0].points > 0, "seed {seed} {view:?}");
        }
    }
}

#[test]
fn lesson_7_accepts_the_owners_view_written_faithfully_in_either_language() {
    for view in [
        "现在还行,但第一次没修好",
        "Satisfied now; the first repair was not thorough and left sludge",
    ] {
        let (_, result) = play(LESSON_7, 0, lesson_7_with_owner_view(0, Some(view)));
        assert_eq!(result.overall, 100, "{view}: {:?}", rule_ids(&result));
    }
}

#[test]
fn the_owners_view_in_other_scenarios_is_not_judged_so_their_scores_do_not_move() {
    let id = "broken-entrance-gate";
    let blank: Vec<Action> = expert_actions(id, 0)
        .into_iter()
        .filter(|a| {
            !matches!(
                a,
                Action::Fill(RecordField::OwnerView | RecordField::HandlingResult, _)
            )
        })
        .collect();
    let (_, result) = play(id, 0, blank);
    assert_eq!(result.overall, 100, "{:?}", rule_ids(&result));
}

#[test]
fn every_field_of_the_form_says_who_fills_it_and_the_ones_after_the_callback_open_then() {
    let rules = rules();
    let mut session = session("broken-entrance-gate", 0);
    let form = production_form(&session, "小陈", Lang::Zh);
    let fields: Vec<RecordField> = form.iter().map(|line| line.field).collect();
    let defined: Vec<RecordField> = rules.record_fields().iter().map(|f| f.field).collect();
    assert_eq!(fields, defined, "the form is the rule set's, in its order");
    let by = |field| {
        form.iter()
            .find(|line| line.field == field)
            .unwrap()
            .clone()
    };
    assert_eq!(by(RecordField::Phone).filled_by, FilledBy::Trainee);
    assert_eq!(
        by(RecordField::OwnerView).filled_by,
        FilledBy::AfterCallback
    );
    assert_eq!(
        by(RecordField::HandlingResult).filled_by,
        FilledBy::AfterCallback
    );
    for field in [
        RecordField::Receiver,
        RecordField::SupervisorSignature,
        RecordField::CallbackAt,
    ] {
        assert_eq!(by(field).filled_by, FilledBy::Workflow, "{field:?}");
        assert!(!by(field).open, "{field:?}");
    }
    assert!(by(RecordField::Phone).open);
    assert!(!by(RecordField::OwnerView).open, "not before the callback");
    assert_eq!(by(RecordField::Receiver).value.as_deref(), Some("小陈"));
    for action in expert_actions("broken-entrance-gate", 0) {
        let callback = matches!(action, Action::CallBack(_));
        session.apply(action).unwrap();
        if callback {
            break;
        }
    }
    let form = production_form(&session, "小陈", Lang::Zh);
    let owner_view = form
        .iter()
        .find(|l| l.field == RecordField::OwnerView)
        .unwrap();
    assert!(owner_view.open, "open once the owner is called back");
}

#[test]
fn the_supervisor_signs_when_the_form_is_submitted_and_the_clerk_files_it_at_closing() {
    let mut session = session("broken-entrance-gate", 0);
    let value = |session: &Session, field, lang| {
        production_record(session, "Xiao Chen", lang)
            .get(field)
            .map(str::to_owned)
    };
    let (mut signed_at, mut closed_at) = (None, None);
    for action in expert_actions("broken-entrance-gate", 0) {
        let submit = action == Action::SubmitRecord;
        let close = action == Action::Close;
        if submit {
            assert_eq!(
                value(&session, RecordField::SupervisorSignature, Lang::En),
                None
            );
            signed_at = Some(session.clock_time());
        }
        if close {
            assert_eq!(value(&session, RecordField::Filed, Lang::En), None);
            closed_at = Some(session.clock_time());
        }
        session.apply(action).unwrap();
    }
    let signed_at = signed_at.expect("the expert submits the form");
    assert_eq!(
        value(&session, RecordField::SupervisorSignature, Lang::En),
        Some(format!("Signed by the supervisor {signed_at}"))
    );
    assert_eq!(
        value(&session, RecordField::SupervisorSignature, Lang::Zh),
        Some(format!("主任签阅 {signed_at}"))
    );
    let closed_at = closed_at.expect("the expert closes the case");
    assert_eq!(
        value(&session, RecordField::Filed, Lang::En),
        Some(format!("Filed by the fee clerk {closed_at}"))
    );
}

#[test]
fn the_workflow_writes_the_notice_the_promise_and_the_callback_the_run_made() {
    let (session, _) = play(
        "drain-repair-callback",
        0,
        expert_actions("drain-repair-callback", 0),
    );
    let record = production_record(&session, "小陈", Lang::Zh);
    assert_eq!(record.get(RecordField::Channel), Some("Phone"));
    assert_eq!(
        record.get(RecordField::ReceivedAt),
        Some("2026-03-19 09:00")
    );
    assert_eq!(record.get(RecordField::Department), Some("Engineering"));
    assert_eq!(
        record.get(RecordField::NoticeNumber),
        Some("WN-0000-1, WN-0000-2"),
        "both notices, engineering's and the cleaners'"
    );
    assert_eq!(
        record.get(RecordField::AgreedCompletion),
        session.record().get(RecordField::AgreedCompletion)
    );
    assert_eq!(
        record.get(RecordField::CallbackAt),
        session.record().get(RecordField::CallbackAt)
    );
    assert_eq!(record.get(RecordField::OnSiteAt), None, "not an emergency");
}

#[test]
fn an_emergency_run_writes_when_help_was_on_site() {
    let (session, _) = play("lift-entrapment", 0, expert_actions("lift-entrapment", 0));
    let record = production_record(&session, "小陈", Lang::Zh);
    let on_site = record
        .get(RecordField::OnSiteAt)
        .expect("on-site time written");
    let received = record.get(RecordField::ReceivedAt).unwrap();
    let minutes = drill_engine::record::parse_datetime(on_site).unwrap()
        - drill_engine::record::parse_datetime(received).unwrap();
    assert!((0..=5).contains(&minutes), "{received} → {on_site}");
}

#[test]
fn a_rule_set_written_before_filled_by_still_loads_and_derives_it_from_drill() {
    let file = SourceFile::read(&repo_path(
        "crates/library/tests/fixtures/rules-2026-12.ron",
    ))
    .expect("fixture is readable");
    let old = parse_rules(&file).unwrap_or_else(|p| panic!("{}", render_all(&p)));
    for field in old.record_fields() {
        let expected = if field.drill {
            FilledBy::Trainee
        } else {
            FilledBy::Workflow
        };
        assert_eq!(field.filled_by(), expected, "{:?}", field.field);
    }
}

#[test]
fn a_rule_set_whose_filled_by_contradicts_drill_is_refused_at_that_field() {
    let path = repo_path("rules/default.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let owner_view = "(field: OwnerView, rule: \"W-9\", check: Keywords, required: true, drill: true, filled_by: AfterCallback";
    assert!(text.contains(owner_view));
    let broken = text.replace(
        owner_view,
        "(field: OwnerView, rule: \"W-9\", check: Keywords, required: true, filled_by: AfterCallback",
    );
    let problems =
        parse_rules(&SourceFile::new("default.ron", broken.as_str())).expect_err("refused");
    assert_eq!(problems.len(), 1, "{problems:?}");
    let problem = &problems[0];
    assert!(problem.message.contains("OwnerView"), "{}", problem.message);
    assert!(problem.help.contains("drill: true"), "{}", problem.help);
    let line = broken
        .lines()
        .position(|line| line.contains("field: OwnerView"))
        .unwrap()
        + 1;
    assert_eq!(problem.line, line);
}
