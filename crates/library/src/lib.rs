//! complaint-drill's library: the one door from files to playable scenarios. It reads a
//! file, parses its RON, has the engine check its structure, lints it (plays the expert
//! path), and locates every problem at file, line and column with a snippet and a hint.
//! Folders of scenarios, rule sets and courses load here; one broken file never hides the
//! others. The app's asset loader, `validate`, the CLI and every test go through it.
//!
//! Depends on the engine (below it), serde, ron, miette and rayon (files are validated on all
//! cores); nothing above it.

use std::collections::HashMap;
use std::sync::Arc;

use drill_engine::{RuleSet, Scenario, lint::lint, rules::RawRuleSet, scenario::RawScenario};

pub mod bench;
pub mod diagnostics;
pub mod drills;
mod excerpt;
#[cfg(feature = "fixtures")]
pub mod fixtures;
mod index;
pub mod load;
pub mod read;
mod syntax;

pub use diagnostics::{Level, Problem, SourceFile, parse_ron};
pub use load::{
    Course, FileKind, Lesson, Library, Walk, file_kind, load, load_files, load_rules, load_source,
    walk,
};

/// A scenario file made playable: parsed, structurally checked, then linted. `Err` lists
/// every problem found, each located in `file`.
pub fn parse_scenario(
    file: &SourceFile,
    rules: &Arc<RuleSet>,
) -> Result<Arc<Scenario>, Vec<Problem>> {
    match check_scenario(file, rules) {
        (Some(scenario), _) => Ok(scenario),
        (None, problems) => Err(problems),
    }
}

/// A scenario file checked as [`parse_scenario`] does, keeping the warnings of a file that
/// plays: the scenario unless there is an error, and every problem found.
pub fn check_scenario(
    file: &SourceFile,
    rules: &Arc<RuleSet>,
) -> (Option<Arc<Scenario>>, Vec<Problem>) {
    let checked = parse_ron::<RawScenario>(file)
        .and_then(|raw| Scenario::from_raw(raw, rules).map_err(|flaws| file.locate_all(flaws)));
    let scenario = match checked {
        Ok(scenario) => Arc::new(scenario),
        Err(problems) => return (None, problems),
    };
    let flaws = lint(&scenario, rules);
    let playable = !flaws.iter().any(|flaw| flaw.is_error());
    (playable.then_some(scenario), file.locate_all(flaws))
}

/// A rule-set file, parsed and checked; `Err` lists every problem found.
pub fn parse_rules(file: &SourceFile) -> Result<RuleSet, Vec<Problem>> {
    let raw: RawRuleSet = parse_ron(file)?;
    RuleSet::from_raw(raw).map_err(|flaws| file.locate_all(flaws))
}

/// Problems rendered with their snippets per file; the rest are only counted, so a file
/// with thousands of errors stays readable and quick to print.
pub const RENDERED_PER_FILE: usize = 50;

/// Every problem rendered with its snippet, one after another, at most
/// [`RENDERED_PER_FILE`] of each file, then how many more each such file has.
pub fn render_all(problems: &[Problem]) -> String {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut files = Vec::new();
    let mut rendered = Vec::new();
    for problem in problems {
        let count = counts.entry(&problem.path).or_insert_with(|| {
            files.push(problem.path.as_str());
            0
        });
        *count += 1;
        if *count <= RENDERED_PER_FILE {
            rendered.push(problem.render());
        }
    }
    for path in files {
        if let Some(more) = counts[path]
            .checked_sub(RENDERED_PER_FILE)
            .filter(|n| *n > 0)
        {
            rendered.push(format!("… and {more} more problems in {path}"));
        }
    }
    rendered.join("\n")
}
