//! Lints on a structurally valid scenario: unreachable nodes, dead ends, and an expert
//! path that must score 100 with no findings under every variant tried.

use std::sync::Arc;

use crate::diagnostics::{Problem, SourceFile};
use crate::rules::RuleSet;
use crate::scenario::Scenario;
use crate::scoring::score;
use crate::session::Session;

/// Seeds the expert path is played with; several, so that variant values are exercised.
const EXPERT_SEEDS: [u64; 3] = [0, 1, 2];

pub fn lint(scenario: &Scenario, file: &SourceFile, rules: &RuleSet) -> Vec<Problem> {
    let mut problems = Vec::new();
    let reachable = scenario.reachable();
    let finishes = scenario.can_finish();
    for (index, node) in scenario.raw.nodes.iter().enumerate() {
        if !reachable[index] {
            problems.push(file.problem_at_field(
                "id",
                &node.id,
                format!("node `{}` cannot be reached from the start", node.id),
                "lead an option's `next` to it, or delete it",
            ));
        }
        if !node.end && node.options.is_empty() {
            problems.push(file.problem_at_field(
                "id",
                &node.id,
                format!(
                    "node `{}` is a dead end: no options and not an end",
                    node.id
                ),
                "add options, or mark it `end: true`",
            ));
        } else if !finishes[index] {
            problems.push(file.problem_at_field(
                "id",
                &node.id,
                format!("no end node can be reached from node `{}`", node.id),
                "give it a way out to a node with `end: true`",
            ));
        }
        if node.end && !node.options.is_empty() {
            problems.push(file.problem_at_field(
                "id",
                &node.id,
                format!(
                    "end node `{}` has options that can never be chosen",
                    node.id
                ),
                "remove the options or `end: true`",
            ));
        }
    }
    if problems.is_empty() {
        problems.extend(check_expert_path(scenario, file, rules));
    }
    problems
}

fn check_expert_path(scenario: &Scenario, file: &SourceFile, rules: &RuleSet) -> Option<Problem> {
    let scenario = Arc::new(scenario.clone());
    let rules = Arc::new(rules.clone());
    let at = file.text.find("expert_path").unwrap_or(0);
    for seed in EXPERT_SEEDS {
        let probe = Session::new(Arc::clone(&scenario), Arc::clone(&rules), seed);
        let actions = probe.expert_actions();
        let played = match Session::replay(Arc::clone(&scenario), Arc::clone(&rules), seed, actions)
        {
            Ok(session) => session,
            Err((index, error)) => {
                return Some(file.problem_at(
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
                .map(|f| {
                    format!(
                        "{} ({})",
                        f.rule,
                        f.explain(Some(&played), crate::text::Lang::En)
                    )
                })
                .collect();
            return Some(file.problem_at(
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
