//! Lints on a structurally valid scenario: unreachable nodes, dead ends, tags of rules only
//! the engine raises (from the form and the clock), and an expert path that must score 100 with no findings under
//! every variant tried. Lints play the scenario, so they sit above the session and scoring;
//! [`crate::scenario`] only checks.

use std::sync::Arc;

use crate::flaw::{Flaw, Place};
use crate::rules::RuleSet;
use crate::scenario::{Node, Scenario};
use crate::scoring::score;
use crate::session::Session;
use crate::text::Lang;

/// Seeds the expert path is played with; several, so that variant values are exercised.
const EXPERT_SEEDS: [u64; 3] = [0, 1, 2];

/// Every lint flaw of `scenario`; the expert path is played only if the graph is sound.
pub fn lint(scenario: &Arc<Scenario>, rules: &Arc<RuleSet>) -> Vec<Flaw> {
    let mut flaws = graph_flaws(scenario);
    if flaws.is_empty() {
        flaws.extend(form_and_clock_tags(scenario, rules));
        flaws.extend(expert_path_flaw(scenario, rules));
    }
    flaws
}

/// A tag of a rule only the record form or the clock can break (P-06, H-6, P-11): the
/// engine raises it by itself from the form and the times, so a tag on something said
/// would count a form mistake the trainee did not make.
fn form_and_clock_tags(scenario: &Scenario, rules: &RuleSet) -> Vec<Flaw> {
    let only_by_engine = rules.raised_only_from_form_and_clock();
    let mut flaws = Vec::new();
    for node in scenario.nodes() {
        for option in &node.options {
            for rule in option
                .breaks
                .iter()
                .filter(|r| only_by_engine.contains(&r.as_str()))
            {
                flaws.push(Flaw::warning(
                    Place::path(&[("id", &node.id), ("id", &option.id)]),
                    format!(
                        "option `{}` tags {rule}, which only the record form or the clock can break: the engine raises it by itself",
                        option.id
                    ),
                    format!("remove {rule} from `breaks`; tag the rule the words break"),
                ));
            }
        }
    }
    flaws
}

fn graph_flaws(scenario: &Scenario) -> Vec<Flaw> {
    let reachable = scenario.reachable();
    let finishes = scenario.can_finish();
    let mut flaws = Vec::new();
    for (index, node) in scenario.nodes().iter().enumerate() {
        let at_node =
            |message: String, help: &str| Flaw::error(Place::field("id", &node.id), message, help);
        if !reachable[index] {
            flaws.push(at_node(
                format!("node `{}` cannot be reached from the start", node.id),
                "lead an option's `next` to it, or delete it",
            ));
        }
        if let Some((message, help)) = exit_flaw(node, finishes[index]) {
            flaws.push(at_node(message, help));
        }
    }
    flaws
}

/// A node that cannot end the conversation, or an end node with options.
fn exit_flaw(node: &Node, finishes: bool) -> Option<(String, &'static str)> {
    let id = &node.id;
    if !node.end && node.options.is_empty() {
        Some((
            format!("node `{id}` is a dead end: no options and not an end"),
            "add options, or mark it `end: true`",
        ))
    } else if !finishes {
        Some((
            format!("no end node can be reached from node `{id}`"),
            "give it a way out to a node with `end: true`",
        ))
    } else if node.end && !node.options.is_empty() {
        Some((
            format!("end node `{id}` has options that can never be chosen"),
            "remove the options or `end: true`",
        ))
    } else {
        None
    }
}

fn expert_path_flaw(scenario: &Arc<Scenario>, rules: &Arc<RuleSet>) -> Option<Flaw> {
    let at = Place::word("expert_path");
    for seed in EXPERT_SEEDS {
        let probe = Session::new(Arc::clone(scenario), Arc::clone(rules), seed);
        let played = match probe.expert_run() {
            Ok(session) => session,
            Err((index, error)) => {
                return Some(Flaw::error(
                    at,
                    format!("expert path action {} fails: {error}", index + 1),
                    "make the expert path a valid walk through the nodes",
                ));
            }
        };
        let result = score(&played);
        if result.overall != 100 || !result.findings.is_empty() {
            let findings: Vec<String> = result
                .findings
                .iter()
                .map(|f| format!("{} ({})", f.rule, f.explain(Some(&played), Lang::En)))
                .collect();
            return Some(Flaw::error(
                at,
                format!(
                    "the best path cannot reach 100: the expert path scores {} with seed {seed}: {}",
                    result.overall,
                    findings.join("; ")
                ),
                "fix the expert path (or the scenario) so it breaks no rule and fills the form right",
            ));
        }
    }
    None
}
