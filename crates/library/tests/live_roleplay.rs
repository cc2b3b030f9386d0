//! Live role-play (seed 004 with real people): a colleague reads the owner's lines, the
//! trainee answers aloud and the supervisor clicks the option closest to what was said, or
//! "something else" with the rules it broke. The run is scored exactly as a played one.

use std::sync::Arc;

use drill_engine::{
    Action, Area, FindingKind, Score, Session, SessionError, SomethingElse, Transcript, score,
};
use drill_library::fixtures::*;
use drill_library::{SourceFile, parse_ron};

const GATE: &str = "broken-entrance-gate";

/// What the supervisor of a live run writes when the trainee said something else.
fn something_else(closest: &str, breaks: &[&str], note: &str) -> Action {
    Action::SomethingElse(SomethingElse {
        closest: closest.to_owned(),
        breaks: breaks.iter().map(|rule| (*rule).to_owned()).collect(),
        note: note.to_owned(),
    })
}

/// The expert path with its first answer to the owner replaced by `to`.
fn first_answer_replaced(id: &str, seed: u64, to: impl Fn(&str) -> Action) -> Vec<Action> {
    let mut actions = expert_actions(id, seed);
    let first = actions
        .iter()
        .position(|action| matches!(action, Action::Choose(_)))
        .expect("every expert path answers the owner");
    if let Action::Choose(option) = &actions[first] {
        actions[first] = to(option);
    }
    actions
}

/// A live run saved as the app saves it (RON, with the role-player's score), read back
/// through the library's door as the results store does, and played again.
fn saved_and_replayed(session: &Session, owner_feedback: u32) -> (Transcript, Session) {
    let transcript = Transcript::of(session, "小陈").played_live(owner_feedback);
    let file = SourceFile::new("run #1", transcript.to_ron());
    let read: Transcript =
        parse_ron(&file).unwrap_or_else(|problems| panic!("{}", render(&problems)));
    let scenario = Arc::clone(session.scenario());
    let replayed = read
        .replay(scenario, rules())
        .unwrap_or_else(|(index, error)| panic!("action {index} rejected: {error}"));
    (read, replayed)
}

fn render(problems: &[drill_library::Problem]) -> String {
    drill_library::render_all(problems)
}

/// The score without the parts a "something else" may change.
fn sub_scores(score: &Score) -> [u32; 3] {
    [score.etiquette, score.procedure, score.record]
}

#[test]
fn a_live_run_where_the_supervisor_clicks_the_same_options_scores_as_the_played_run() {
    let mut runs: Vec<(String, Vec<Action>)> = all_scenarios()
        .iter()
        .map(|scenario| (scenario.id().to_owned(), expert_actions(scenario.id(), 1)))
        .collect();
    for (from, to) in [
        ("greet", "doubt"),
        ("plan", "compensate"),
        ("decline-gift", "accept-gift"),
    ] {
        runs.push((GATE.to_owned(), expert_with(GATE, 1, &[(from, choose(to))])));
    }
    for (id, actions) in runs {
        let (played, played_score) = play(&id, 1, actions);
        let (saved, live) = saved_and_replayed(&played, 64);
        assert_eq!(score(&live), played_score, "{id}");
        assert_eq!(saved.live.map(|live| live.owner_feedback), Some(64));
    }
}

#[test]
fn one_something_else_citing_a_rule_costs_exactly_that_rule_and_its_finding_carries_the_note() {
    let rules = rules();
    for scenario in all_scenarios() {
        let id = scenario.id();
        for rule_id in ["E-03", "E-07", "P-05"] {
            let rule = rules.rule(rule_id).expect("the default rules have it");
            let note = "说“这不归我们管”,后来才道歉";
            let (_, played) = play(id, 2, expert_actions(id, 2));
            let live_actions =
                first_answer_replaced(id, 2, |option| something_else(option, &[rule_id], note));
            let step = live_actions
                .iter()
                .position(|action| matches!(action, Action::SomethingElse(_)));
            let (_, live) = play(id, 2, live_actions);

            let mut expected = sub_scores(&played);
            let area = Area::ALL.iter().position(|a| *a == rule.area).unwrap();
            expected[area] -= rule.penalty;
            assert_eq!(sub_scores(&live), expected, "{id} {rule_id}");
            assert!(live.overall <= played.overall, "{id} {rule_id}");
            assert_eq!(live.credits, played.credits, "{id} {rule_id}");
            let (cited, rest): (Vec<_>, Vec<_>) = live
                .findings
                .iter()
                .partition(|f| matches!(f.kind, FindingKind::SaidSomethingElse { .. }));
            assert_eq!(rest, played.findings.iter().collect::<Vec<_>>());
            let [finding] = cited.as_slice() else {
                panic!("{id} {rule_id}: one finding of what was said, not {cited:?}");
            };
            assert_eq!(
                (finding.rule.as_str(), finding.step, finding.points),
                (rule_id, step, rule.penalty)
            );
            assert_eq!((finding.severity, finding.area), (rule.severity, rule.area));
            assert_eq!(
                finding.kind,
                FindingKind::SaidSomethingElse { note: note.into() }
            );
        }
    }
}

#[test]
fn something_else_counts_as_the_closest_option_plus_the_rules_the_supervisor_named() {
    let interrupting = expert_with(GATE, 0, &[("greet", choose("interrupt"))]);
    let (played_session, played) = play(GATE, 0, interrupting);
    let (live_session, live) = play(
        GATE,
        0,
        expert_with(
            GATE,
            0,
            &[("greet", something_else("interrupt", &["E-03"], "口气很冲"))],
        ),
    );
    // The conversation went on as after the closest option: same owner, same mood.
    assert_eq!(live_session.mood_history(), played_session.mood_history());
    assert_eq!(rule_ids(&played), ["P-03"]);
    assert_eq!(rule_ids(&live), ["E-03", "P-03"]);
    assert_eq!(live.etiquette, played.etiquette - 10);
    // The supervisor's note explains what was said, in both languages.
    let finding = live.findings.iter().find(|f| f.rule == "E-03").unwrap();
    let explained = finding.explain(Some(&live_session), drill_engine::Lang::En);
    assert!(explained.contains("口气很冲"), "{explained}");
}

#[test]
fn a_rule_the_closest_option_already_breaks_costs_once_and_keeps_the_note() {
    let (_, played) = play(
        GATE,
        0,
        expert_with(GATE, 0, &[("greet", choose("interrupt"))]),
    );
    let (_, live) = play(
        GATE,
        0,
        expert_with(
            GATE,
            0,
            &[("greet", something_else("interrupt", &["P-03"], "抢话"))],
        ),
    );
    assert_eq!(sub_scores(&live), sub_scores(&played));
    assert_eq!(
        live.findings[0].kind,
        FindingKind::SaidSomethingElse {
            note: "抢话".into()
        }
    );
}

#[test]
fn transcripts_of_live_runs_with_something_else_replay_to_the_same_score() {
    for scenario in all_scenarios() {
        let id = scenario.id();
        let actions = first_answer_replaced(id, 3, |option| {
            something_else(option, &["E-03", "E-12"], "argued about the fee")
        });
        let (session, played) = play(id, 3, actions);
        let (saved, replayed) = saved_and_replayed(&session, 35);
        assert_eq!(score(&replayed), played, "{id}");
        assert_eq!(replayed.entries(), session.entries(), "{id}");
        assert!(saved.to_ron().contains("SomethingElse"), "{id}");
    }
}

#[test]
fn something_else_naming_no_rule_or_an_unknown_one_is_refused_and_the_run_is_unchanged() {
    let mut session = session(GATE, 0);
    for (action, error) in [
        (
            something_else("greet", &[], "note"),
            SessionError::NoRuleCited,
        ),
        (
            something_else("greet", &["E-99"], ""),
            SessionError::UnknownRule("E-99".into()),
        ),
        (
            something_else("nowhere", &["E-03"], ""),
            SessionError::NoSuchOption("nowhere".into()),
        ),
    ] {
        assert_eq!(session.apply(action), Err(error));
    }
    assert!(session.entries().is_empty());
    assert_eq!(
        session.history().len(),
        Session::new(scenario(GATE), rules(), 0).history().len()
    );
}
