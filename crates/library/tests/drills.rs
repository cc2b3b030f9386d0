//! Drill files (`drills/*.ron`, the roster `drills/teams.ron`): the shipped ones validate,
//! each kind of error is refused at its file:line:col, picks resolve in a stable order, a
//! broken drill hides no other, and per-trainee seeds are stable.

use drill_engine::Roster;
use drill_engine::drill::{DrillContext, Pick, SeedPlan, trainee_seed};
use drill_library::drills::{Drills, load_drill_files, load_drills, parse_drill};
use drill_library::fixtures::*;
use drill_library::{Level, SourceFile, render_all};

fn shipped_drills() -> Drills {
    load_drills(&repo_path("drills"), &all_scenarios(), &rules())
}

fn shipped(relative: &str) -> String {
    std::fs::read_to_string(repo_path(relative)).unwrap()
}

/// `drills/lift-and-emergencies.ron` with `from` replaced by `to`, loaded beside the roster.
fn lift_drill_with(from: &str, to: &str) -> (SourceFile, Drills) {
    let text = shipped("drills/lift-and-emergencies.ron");
    assert!(text.contains(from), "{from}");
    let drill = SourceFile::new("drills/lift.ron", text.replacen(from, to, 1));
    let roster = SourceFile::new("drills/teams.ron", shipped("drills/teams.ron"));
    let drills = load_drill_files(&[drill.clone(), roster], &all_scenarios(), &rules());
    (drill, drills)
}

/// The 1-based line and column of the first `needle` in `text`.
fn line_col(text: &str, needle: &str) -> (usize, usize) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the file"));
    let line = text[..at].matches('\n').count() + 1;
    let col = text[..at].rsplit('\n').next().unwrap().chars().count() + 1;
    (line, col)
}

#[test]
fn the_shipped_drills_and_roster_validate_against_the_shipped_scenarios_and_rules() {
    let drills = shipped_drills();
    assert!(
        drills.problems.is_empty(),
        "{}",
        render_all(&drills.problems)
    );
    let ids: Vec<&str> = drills.drills.iter().map(|d| d.id()).collect();
    assert_eq!(ids, ["fees-refresher", "lift-and-emergencies"]);
    assert_eq!(drills.files, 3);
    assert!(drills.roster.team("front-desk-a").is_some());
}

/// Each kind of error: what is replaced, with what, where the error must point (the text
/// at that spot in the broken file), and a part of its message.
const BROKEN: &[(&str, &str, &str, &str)] = &[
    (
        "    mode: Assessment,",
        "    mode: Assessment\n",
        "seed:",
        "Expected comma",
    ),
    (
        "    mode: Assessment,",
        "    mode: Assessment,\n    colour: Red,",
        "colour",
        "Unexpected field named `colour`",
    ),
    (
        "\"lift-and-emergencies\"",
        "\"Lift_Drill\"",
        "\"Lift_Drill\"",
        "drill id `Lift_Drill` is not a kebab-case id",
    ),
    (
        "zh: \"电梯与紧急事件考核\"",
        "zh: \" \"",
        "title",
        "the Zh title has 0 characters",
    ),
    (
        "Scenario(\"lift-outage-group-letter\")",
        "Scenario(\"lift-outage\")",
        "\"lift-outage\"",
        "pick Scenario(\"lift-outage\") matches no scenario",
    ),
    (
        "Category(Emergency)",
        "Rule(\"X-99\")",
        "\"X-99\"",
        "pick Rule(\"X-99\") names a rule",
    ),
    (
        "Shared(20261220)",
        "Shared(4294967296)",
        "seed:",
        "seed 4294967296 is out of range",
    ),
    (
        "procedure: 75",
        "procedure: 101",
        "procedure:",
        "procedure pass mark 101 is out of range",
    ),
    (
        "\"2026-12-20\"",
        "\"2026-02-30\"",
        "\"2026-02-30\"",
        "due date `2026-02-30` is not a date",
    ),
    (
        "Team(\"front-desk-a\")",
        "Team(\"day-shift\")",
        "\"day-shift\"",
        "team `day-shift` is not in the roster",
    ),
    (
        "Team(\"front-desk-a\")",
        "Trainees([\"王芳\", \"李强\", \"王芳\"])",
        "\"王芳\"",
        "the drill lists `王芳` twice",
    ),
    (
        "Team(\"front-desk-a\")",
        "Trainees([])",
        "Trainees",
        "the number of trainees 0 is out of range",
    ),
    (
        "Team(\"front-desk-a\")",
        "Trainees([\" 王芳\"])",
        "\" 王芳\"",
        "trainee name ` 王芳` is not a name",
    ),
];

#[test]
fn a_drill_file_with_each_kind_of_error_is_refused_with_file_line_and_column() {
    for (from, to, at, message) in BROKEN {
        let (file, drills) = lift_drill_with(from, to);
        assert!(
            drills.drill("lift-and-emergencies").is_none(),
            "{to} was accepted"
        );
        assert_eq!(drills.broken, ["drills/lift.ron"], "{to}");
        let (line, col) = line_col(&file.text, at);
        let expected = format!("drills/lift.ron:{line}:{col}: error: {message}");
        let found: Vec<String> = drills.problems.iter().map(ToString::to_string).collect();
        assert!(
            found.iter().any(|problem| problem.starts_with(&expected)),
            "want {expected}\ngot {found:#?}"
        );
    }
}

#[test]
fn every_problem_of_a_drill_file_says_what_to_do() {
    for (from, to, _, _) in BROKEN {
        let (_, drills) = lift_drill_with(from, to);
        assert!(
            drills.problems.iter().all(|p| !p.help.trim().is_empty()),
            "{to}"
        );
    }
}

#[test]
fn picks_resolve_pick_by_pick_each_picks_scenarios_by_id_and_each_scenario_once() {
    let drills = shipped_drills();
    let lift = drills.drill("lift-and-emergencies").unwrap();
    assert_eq!(
        lift.scenarios(),
        [
            "lift-outage-group-letter",
            "burst-pipe-compensation",
            "lift-entrapment"
        ]
    );
    let fees = drills.drill("fees-refresher").unwrap();
    assert_eq!(
        fees.scenarios(),
        ["shared-electricity-fee-query", "shouting-owner-fee-threat"]
    );
    // A rule pick: every scenario the emergency limit (H-5) is checked in.
    let (_, by_rule) = lift_drill_with("Category(Emergency)", "Rule(\"H-5\")");
    let by_rule = by_rule.drill("lift-and-emergencies").unwrap();
    assert_eq!(by_rule.scenarios()[0], "lift-outage-group-letter");
    assert!(by_rule.scenarios().contains(&"lift-entrapment".to_owned()));
    assert_eq!(by_rule.picks()[1], Pick::Rule("H-5".into()));
}

#[test]
fn a_pick_that_only_repeats_the_picks_before_it_is_a_warning_and_the_drill_still_loads() {
    let (file, drills) = lift_drill_with(
        "Category(Emergency),",
        "Category(Emergency),\n        Scenario(\"lift-entrapment\"),",
    );
    assert!(drills.broken.is_empty(), "{}", render_all(&drills.problems));
    assert_eq!(
        drills
            .drill("lift-and-emergencies")
            .unwrap()
            .scenarios()
            .len(),
        3
    );
    let (line, col) = line_col(&file.text, "\"lift-entrapment\"");
    let warning = &drills.problems[0];
    assert_eq!(
        (warning.level, warning.line, warning.col),
        (Level::Warning, line, col)
    );
}

#[test]
fn one_broken_drill_never_hides_the_others_and_a_drill_id_used_twice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("drills");
    std::fs::create_dir(&folder).unwrap();
    for name in [
        "teams.ron",
        "fees-refresher.ron",
        "lift-and-emergencies.ron",
    ] {
        std::fs::copy(repo_path(&format!("drills/{name}")), folder.join(name)).unwrap();
    }
    std::fs::write(folder.join("broken.ron"), "Drill(id: \"x\",").unwrap();
    std::fs::copy(
        repo_path("drills/fees-refresher.ron"),
        folder.join("zz-copy.ron"),
    )
    .unwrap();
    let drills = load_drills(&folder, &all_scenarios(), &rules());
    assert_eq!(drills.drills.len(), 2);
    assert_eq!(drills.files, 5);
    let broken: Vec<&str> = drills
        .broken
        .iter()
        .map(|p| p.rsplit('/').next().unwrap())
        .collect();
    assert_eq!(broken, ["broken.ron", "zz-copy.ron"]);
    assert!(
        render_all(&drills.problems)
            .contains("another file already defines drill `fees-refresher`")
    );
}

#[test]
fn a_team_drill_is_for_every_member_of_its_roster_team_and_no_one_else() {
    let drills = shipped_drills();
    let lift = drills.drill("lift-and-emergencies").unwrap();
    assert_eq!(lift.team(), Some("front-desk-a"));
    assert_eq!(lift.trainees(), drills.roster.team("front-desk-a").unwrap());
    assert!(lift.is_for("李强") && lift.is_for(" 李强 "));
    assert!(!lift.is_for("赵磊"));
    let mine: Vec<&str> = drills.for_trainee("王芳").map(|d| d.id()).collect();
    assert_eq!(mine, ["fees-refresher", "lift-and-emergencies"]);
}

#[test]
fn per_trainee_seeds_are_the_same_on_every_load_and_differ_between_trainees() {
    let fees = shipped_drills().drills.remove(0);
    assert_eq!(fees.seed_plan(), SeedPlan::PerTrainee);
    let seeds: Vec<u64> = fees.trainees().iter().map(|t| fees.seed_for(t)).collect();
    let again: Vec<u64> = shipped_drills().drills[0]
        .trainees()
        .iter()
        .map(|t| trainee_seed("fees-refresher", t))
        .collect();
    assert_eq!(seeds, again);
    let mut unique = seeds.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), seeds.len(), "{seeds:?}");
    let lift = shipped_drills().drills.remove(1);
    assert!(
        lift.trainees()
            .iter()
            .all(|t| lift.seed_for(t) == 20_261_220)
    );
}

#[test]
fn a_drill_written_out_as_ron_reads_back_as_the_same_drill() {
    let drills = shipped_drills();
    let context = DrillContext {
        scenarios: &all_scenarios(),
        rules: &rules(),
        roster: &drills.roster,
    };
    for drill in &drills.drills {
        let file = SourceFile::new("drills/again.ron", drill.raw().to_ron());
        let again = parse_drill(&file, &context).unwrap_or_else(|p| panic!("{}", render_all(&p)));
        assert_eq!(&again, drill);
    }
}

#[test]
fn without_a_roster_a_team_drill_says_to_add_the_team_to_teams_ron() {
    let file = SourceFile::new(
        "drills/lift.ron",
        shipped("drills/lift-and-emergencies.ron"),
    );
    let context = DrillContext {
        scenarios: &all_scenarios(),
        rules: &rules(),
        roster: &Roster::default(),
    };
    let problems = parse_drill(&file, &context).unwrap_err();
    assert!(problems[0].help.contains("teams.ron"), "{}", problems[0]);
}
