//! Which rules a scenario library exercises: cited by an option, required by the
//! procedure of a scenario's channel, or checked by its standing actions and record form.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::Step;
use crate::rules::RuleSet;
use crate::scenario::Scenario;

/// The rule IDs one scenario can make a finding on or show being kept.
pub fn rules_exercised<'a>(scenario: &'a Scenario, rules: &'a RuleSet) -> BTreeSet<&'a str> {
    let mut ids: BTreeSet<&str> = scenario
        .nodes()
        .iter()
        .flat_map(|node| &node.options)
        .flat_map(|option| option.satisfies.iter().chain(&option.breaks))
        .map(String::as_str)
        .collect();
    let resolution = scenario.resolution();
    let procedure = rules.procedure(scenario.channel());
    ids.extend(
        procedure
            .steps
            .iter()
            .filter(|step| !resolution.waive.contains(&step.step))
            .map(|step| step.rule.as_str()),
    );
    ids.extend(procedure.order.iter().map(|order| order.rule.as_str()));
    for field in rules.drill_fields() {
        ids.insert(field.rule.as_str());
    }
    let actions = rules.action_rules();
    if !resolution.departments.is_empty() {
        ids.insert(actions.wrong_department.as_str());
    }
    if resolution.repair_hours > 0 {
        ids.insert(actions.promise_not_kept.as_str());
    }
    if resolution.escalate_to.is_some() {
        ids.insert(actions.escalation_missing.as_str());
        ids.insert(actions.escalation_skipped.as_str());
    }
    if resolution.emergency {
        ids.insert(rules.limits().emergency_rule.as_str());
    }
    if !resolution.waive.contains(&Step::Callback) {
        ids.insert(rules.limits().callback_rule.as_str());
    }
    ids
}

/// For every rule of the set, the scenarios that exercise it (empty when none does).
pub fn coverage<'a>(
    scenarios: &'a [std::sync::Arc<Scenario>],
    rules: &'a RuleSet,
) -> BTreeMap<&'a str, Vec<&'a str>> {
    let mut table: BTreeMap<&str, Vec<&str>> = rules
        .rules()
        .iter()
        .map(|rule| (rule.id.as_str(), Vec::new()))
        .collect();
    for scenario in scenarios {
        for id in rules_exercised(scenario, rules) {
            if let Some(users) = table.get_mut(id) {
                users.push(scenario.id());
            }
        }
    }
    table
}
