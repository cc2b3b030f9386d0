//! The shipped library exercises every rule that can be observed in a run.

mod common;

use common::*;
use drill_core::coverage::coverage;
use drill_core::library;

#[test]
fn every_observable_rule_is_exercised_by_at_least_one_scenario() {
    let rules = rules();
    let library = library::load(&[repo_path("scenarios")], &rules);
    assert!(library.problems.is_empty(), "{}", library.problems[0]);
    let table = coverage(&library.scenarios, &rules);
    let unexercised: Vec<&str> = table
        .iter()
        .filter(|(id, users)| users.is_empty() && rules.rule(id).unwrap().observable)
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(unexercised, Vec::<&str>::new());
}

#[test]
fn the_library_covers_every_channel_category_and_nature() {
    let rules = rules();
    let library = library::load(&[repo_path("scenarios")], &rules);
    let raws: Vec<_> = library.scenarios.iter().map(|s| &s.raw).collect();
    for channel in drill_core::Channel::ALL {
        assert!(
            raws.iter().any(|r| r.channel == *channel),
            "no {channel:?} scenario"
        );
    }
    for category in drill_core::Category::ALL {
        assert!(
            raws.iter().any(|r| r.category == *category),
            "no {category:?} scenario"
        );
    }
    for nature in drill_core::Nature::ALL {
        assert!(
            raws.iter().any(|r| r.nature == nature),
            "no {nature:?} scenario"
        );
    }
    assert!(raws.iter().any(|r| r.group), "no group complaint");
    assert!(raws.iter().any(|r| r.implicit), "no implicit problem");
    assert!(library.scenarios.len() >= 12);
}

#[test]
fn the_course_lists_every_scenario_once_in_teaching_order() {
    let rules = rules();
    let library = library::load(&[repo_path("scenarios")], &rules);
    let course = library
        .courses
        .first()
        .expect("a course file in scenarios/");
    let mut listed: Vec<&str> = course.lessons.iter().map(|l| l.scenario.as_str()).collect();
    let difficulties: Vec<u8> = listed
        .iter()
        .map(|id| library.scenario(id).unwrap().raw.difficulty)
        .collect();
    assert!(
        difficulties.first() <= difficulties.last(),
        "the course should start easy: {difficulties:?}"
    );
    listed.sort();
    let mut all: Vec<&str> = library.scenarios.iter().map(|s| s.id()).collect();
    all.sort();
    assert_eq!(listed, all);
}
