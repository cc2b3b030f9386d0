//! The shipped library exercises every rule that can be observed in a run.

use drill_engine::coverage::coverage;
use drill_library::fixtures::*;

#[test]
fn every_observable_rule_is_exercised_by_at_least_one_scenario() {
    let rules = rules();
    let library = shipped_library();
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
    let library = shipped_library();
    let all = &library.scenarios;
    for channel in drill_engine::Channel::ALL {
        assert!(
            all.iter().any(|s| s.channel() == *channel),
            "no {channel:?} scenario"
        );
    }
    for category in drill_engine::Category::ALL {
        assert!(
            all.iter().any(|s| s.category() == *category),
            "no {category:?} scenario"
        );
    }
    for nature in drill_engine::Nature::ALL {
        assert!(
            all.iter().any(|s| s.nature() == nature),
            "no {nature:?} scenario"
        );
    }
    assert!(all.iter().any(|s| s.is_group()), "no group complaint");
    assert!(all.iter().any(|s| s.is_implicit()), "no implicit problem");
    assert!(library.scenarios.len() >= 12);
}

#[test]
fn the_course_lists_every_scenario_once_in_teaching_order() {
    let library = shipped_library();
    let course = library
        .courses
        .first()
        .expect("a course file in scenarios/");
    let mut listed: Vec<&str> = course.lessons.iter().map(|l| l.scenario.as_str()).collect();
    let difficulties: Vec<u8> = listed
        .iter()
        .map(|id| library.scenario(id).unwrap().difficulty())
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
