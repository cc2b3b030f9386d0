//! Runs stored against a drill: a drill composed, taken by trainees, its runs stored against
//! it, each trainee's status against the pass marks and the due date, and the trainees
//! compared on the same scenario and seed.

use drill_engine::drill::{
    Assigned, Dimension, DrillContext, DrillMode, NaiveDate, PassMarks, Pick, RawDrill, SeedPlan,
};
use drill_engine::{Action, Drill, Roster, Text, Transcript};
use drill_library::SourceFile;
use drill_library::drills::{load_drills, parse_drill};
use drill_library::fixtures::*;
use drill_records::results::{NewRun, ResultsStore};
use drill_records::{Progress, Shortfall};

const GATE: &str = "broken-entrance-gate";
const FEES: &str = "shared-electricity-fee-query";

fn day(text: &str) -> NaiveDate {
    drill_engine::drill::parse_date(text).unwrap()
}

/// A drill as the composer or `drill new` writes it, read back through the library's door.
fn composed(mode: DrillMode, seed: SeedPlan, trainees: &[&str]) -> Drill {
    let raw = RawDrill {
        id: "gate-and-fees".into(),
        title: Text::new("门禁与收费", "Gate and fees"),
        scenarios: vec![Pick::Scenario(GATE.into()), Pick::Scenario(FEES.into())],
        mode,
        seed,
        pass: PassMarks {
            overall: Some(90),
            record: Some(80),
            ..PassMarks::default()
        },
        due: "2026-12-20".into(),
        assigned: Assigned::Trainees(trainees.iter().map(|t| (*t).to_owned()).collect()),
    };
    let file = SourceFile::new("drills/gate-and-fees.ron", raw.to_ron());
    let context = DrillContext {
        scenarios: &all_scenarios(),
        rules: &rules(),
        roster: &Roster::default(),
    };
    parse_drill(&file, &context).unwrap_or_else(|p| panic!("{}", drill_library::render_all(&p)))
}

/// Plays `actions` of `scenario` with the seed the drill gives `trainee`, and stores the
/// run against the drill; returns the run's id.
fn take(
    store: &ResultsStore,
    drill: &Drill,
    trainee: &str,
    scenario: &str,
    actions: Vec<Action>,
) -> i64 {
    let seed = drill.seed_for(trainee);
    let (session, score) = play(scenario, seed, actions);
    let transcript = Transcript::of(&session, trainee);
    store
        .save(&NewRun {
            transcript: &transcript,
            score: &score,
            mode: drill.mode().name(),
            saved_at: "2026-12-01 09:00",
            drill: Some(drill.id()),
            team: drill.team(),
        })
        .unwrap()
}

fn expert(drill: &Drill, trainee: &str, scenario: &str) -> Vec<Action> {
    expert_actions(scenario, drill.seed_for(trainee))
}

/// The expert path without filling the record form: the record score falls short.
fn no_form(drill: &Drill, trainee: &str, scenario: &str) -> Vec<Action> {
    expert_without(scenario, drill.seed_for(trainee), |action| {
        matches!(action, Action::Fill(..))
    })
}

#[test]
fn a_drill_composed_taken_by_two_trainees_with_the_same_seed_is_stored_against_it_and_compared_in_the_drill_report()
 {
    let drill = composed(
        DrillMode::Assessment,
        SeedPlan::Shared(42),
        &["王芳", "李强"],
    );
    let store = ResultsStore::open_in_memory().unwrap();
    let mut ids = Vec::new();
    for scenario in [GATE, FEES] {
        ids.push(take(
            &store,
            &drill,
            "王芳",
            scenario,
            expert(&drill, "王芳", scenario),
        ));
        ids.push(take(
            &store,
            &drill,
            "李强",
            scenario,
            no_form(&drill, "李强", scenario),
        ));
    }
    // A run outside the drill is not one of its runs.
    take_outside(&store);

    let runs = store.drill_runs("gate-and-fees").unwrap();
    assert_eq!(runs.iter().map(|r| r.run).collect::<Vec<_>>(), ids);
    assert!(runs.iter().all(|r| r.seed == 42));
    let saved = store.runs(None).unwrap();
    assert!(
        saved
            .iter()
            .filter(|r| ids.contains(&r.id))
            .all(|r| r.mode == "assessment")
    );

    let report = store.drill_report(&drill, day("2026-12-02")).unwrap();
    let [wang, li] = &report.trainees[..] else {
        panic!("two trainees: {:?}", report.trainees);
    };
    assert_eq!(
        (wang.trainee.as_str(), &wang.progress),
        ("王芳", &Progress::Passed)
    );
    let Progress::Failed { missed } = &li.progress else {
        panic!("李强 left the form blank: {:?}", li.progress);
    };
    assert_eq!(missed[0].scenario, GATE);
    assert!(
        missed[0].dimensions.contains(&Dimension::Record),
        "{missed:?}"
    );
    assert!(!wang.overdue && !li.overdue);

    // Compared: per scenario in the drill's order, one seed, both trainees, the better first.
    let compared: Vec<(&str, u64, Vec<&str>)> = report
        .compared
        .iter()
        .map(|g| {
            (
                g.scenario.as_str(),
                g.seed,
                g.runs.iter().map(|r| r.trainee.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        compared,
        [
            (GATE, 42, vec!["王芳", "李强"]),
            (FEES, 42, vec!["王芳", "李强"])
        ]
    );
    let gate = &report.compared[0].runs;
    assert!(gate[0].scores.overall > gate[1].scores.overall);
    assert!(gate[0].rules_broken.is_empty() && !gate[1].rules_broken.is_empty());
}

fn take_outside(store: &ResultsStore) {
    let (session, score) = play(GATE, 42, expert_actions(GATE, 42));
    let transcript = Transcript::of(&session, "王芳");
    store
        .save_run(&transcript, &score, "practice", "2026-12-01 10:00")
        .unwrap();
}

#[test]
fn a_trainee_with_k_of_n_scenarios_done_is_in_progress_and_past_the_due_date_overdue() {
    let drill = composed(DrillMode::Practice, SeedPlan::PerTrainee, &["王芳", "陈静"]);
    let store = ResultsStore::open_in_memory().unwrap();
    take(&store, &drill, "王芳", GATE, expert(&drill, "王芳", GATE));
    let on_time = store.drill_report(&drill, day("2026-12-20")).unwrap();
    assert_eq!(
        on_time.trainees[0].progress,
        Progress::InProgress { done: 1, of: 2 }
    );
    assert_eq!(on_time.trainees[0].next_scenario.as_deref(), Some(FEES));
    assert_eq!(on_time.trainees[1].progress, Progress::NotStarted);
    assert_eq!(on_time.trainees[1].next_scenario.as_deref(), Some(GATE));
    assert!(
        on_time.trainees.iter().all(|t| !t.overdue),
        "due today is not overdue"
    );
    let late = store.drill_report(&drill, day("2026-12-21")).unwrap();
    assert!(late.trainees.iter().all(|t| t.overdue));
    // Per-trainee seeds: nobody shares a seed, so nobody is compared with anyone.
    assert!(on_time.compared.iter().all(|group| group.runs.len() == 1));
}

#[test]
fn only_runs_with_the_seed_the_drill_gives_the_trainee_count() {
    let drill = composed(DrillMode::Assessment, SeedPlan::Shared(42), &["王芳"]);
    let store = ResultsStore::open_in_memory().unwrap();
    let (session, score) = play(GATE, 7, expert_actions(GATE, 7));
    let transcript = Transcript::of(&session, "王芳");
    let other_seed = NewRun {
        transcript: &transcript,
        score: &score,
        mode: "assessment",
        saved_at: "2026-12-01 09:00",
        drill: Some("gate-and-fees"),
        team: None,
    };
    store.save(&other_seed).unwrap();
    let status = store
        .trainee_drill_status(&drill, "王芳", day("2026-12-01"))
        .unwrap();
    assert_eq!(status.progress, Progress::NotStarted);
    assert_eq!(store.drill_runs("gate-and-fees").unwrap().len(), 1);
}

#[test]
fn in_an_assessment_the_first_run_counts_and_in_practice_the_best() {
    for (mode, passes) in [(DrillMode::Assessment, false), (DrillMode::Practice, true)] {
        let drill = composed(mode, SeedPlan::Shared(3), &["王芳"]);
        let store = ResultsStore::open_in_memory().unwrap();
        for scenario in [GATE, FEES] {
            take(
                &store,
                &drill,
                "王芳",
                scenario,
                no_form(&drill, "王芳", scenario),
            );
            take(
                &store,
                &drill,
                "王芳",
                scenario,
                expert(&drill, "王芳", scenario),
            );
        }
        let status = store
            .trainee_drill_status(&drill, "王芳", day("2026-12-01"))
            .unwrap();
        assert_eq!(
            status.progress == Progress::Passed,
            passes,
            "{mode:?}: {:?}",
            status.progress
        );
        // A failed assessment has nothing left to play; practice would offer a retake.
        if let Progress::Failed { missed } = &status.progress {
            assert!(matches!(&missed[..], [Shortfall { .. }, ..]));
            assert_eq!(status.next_scenario, None);
        }
    }
}

#[test]
fn the_shipped_team_drill_is_for_the_whole_team_and_their_runs_carry_the_team() {
    let drills = load_drills(&repo_path("drills"), &all_scenarios(), &rules());
    let drill = drills.drill("lift-and-emergencies").unwrap();
    let store = ResultsStore::open_in_memory().unwrap();
    let first = &drill.scenarios()[0];
    take(&store, drill, "陈静", first, expert(drill, "陈静", first));
    let report = store.drill_report(drill, day("2026-12-01")).unwrap();
    assert_eq!(report.trainees.len(), drill.trainees().len());
    let runs = store.drill_runs(drill.id()).unwrap();
    assert_eq!(runs[0].team.as_deref(), Some("front-desk-a"));
    let chen = report
        .trainees
        .iter()
        .find(|t| t.trainee == "陈静")
        .unwrap();
    assert_eq!(chen.progress, Progress::InProgress { done: 1, of: 3 });
}
