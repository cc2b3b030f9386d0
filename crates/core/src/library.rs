//! Loading a folder of RON files: scenarios, rule sets and course files, each validated,
//! one broken file never hiding the others.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Problem, SourceFile, parse_ron};
use crate::rules::RuleSet;
use crate::scenario::Scenario;
use crate::text::Text;

/// What a RON file holds, read from the name of its top-level struct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Scenario,
    RuleSet,
    Course,
    /// A file whose top-level struct is none of the above (or unnamed): treated as a scenario.
    Unknown,
}

/// Reads the top-level struct name, skipping comments and `#![enable(..)]` attributes.
pub fn file_kind(text: &str) -> FileKind {
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("//") {
            rest = after.split_once('\n').map_or("", |(_, tail)| tail);
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, tail)| tail);
        } else if let Some(after) = rest.strip_prefix("#!") {
            rest = after.split_once(']').map_or("", |(_, tail)| tail);
        } else {
            break;
        }
    }
    let name: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    match name.as_str() {
        "Scenario" => FileKind::Scenario,
        "RuleSet" => FileKind::RuleSet,
        "Course" => FileKind::Course,
        _ => FileKind::Unknown,
    }
}

/// An onboarding course: scenarios in teaching order, each with its learning goal.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Course {
    pub id: String,
    pub title: Text,
    pub lessons: Vec<Lesson>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    pub scenario: String,
    pub goal: Text,
}

/// Every `.ron` file under the paths (files given directly are kept as they are), sorted.
pub fn ron_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        collect(path, &mut files);
    }
    files.sort();
    files.dedup();
    files
}

fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    if path.is_dir() {
        if let Ok(entries) = std::fs::read_dir(path) {
            for entry in entries.flatten() {
                let child = entry.path();
                if child.is_dir() || child.extension().is_some_and(|ext| ext == "ron") {
                    collect(&child, files);
                }
            }
        }
    } else {
        files.push(path.to_path_buf());
    }
}

/// A loaded library: the valid scenarios, the problems of every file, and the courses.
#[derive(Debug, Default)]
pub struct Library {
    pub scenarios: Vec<Arc<Scenario>>,
    pub courses: Vec<Course>,
    pub problems: Vec<Problem>,
    /// The files that failed, so a view can list them with their errors.
    pub broken: Vec<String>,
}

impl Library {
    pub fn scenario(&self, id: &str) -> Option<&Arc<Scenario>> {
        self.scenarios.iter().find(|s| s.id() == id)
    }
}

/// Validates one file of any kind against `rules`, adding what it holds to `library`.
pub fn load_source(file: &SourceFile, rules: &RuleSet, library: &mut Library) {
    let before = library.problems.len();
    match file_kind(&file.text) {
        FileKind::RuleSet => {
            if let Err(problems) = RuleSet::parse(file) {
                library.problems.extend(problems);
            }
        }
        FileKind::Course => match parse_ron::<Course>(file) {
            Ok(course) => library.courses.push(course),
            Err(problems) => library.problems.extend(problems),
        },
        FileKind::Scenario | FileKind::Unknown => match Scenario::parse(file, rules) {
            Ok(scenario) => {
                if library.scenario(scenario.id()).is_some() {
                    library.problems.push(file.problem_at_field(
                        "id",
                        scenario.id(),
                        format!("another file already defines scenario `{}`", scenario.id()),
                        "give each scenario its own id",
                    ));
                } else {
                    library.scenarios.push(Arc::new(scenario));
                }
            }
            Err(problems) => library.problems.extend(problems),
        },
    }
    if library.problems[before..]
        .iter()
        .any(|p| p.level == crate::diagnostics::Level::Error)
    {
        library.broken.push(file.path.clone());
    }
}

/// Loads and validates every RON file under `paths`, then checks courses name real scenarios.
pub fn load(paths: &[PathBuf], rules: &RuleSet) -> Library {
    let mut library = Library::default();
    let mut course_files = Vec::new();
    for path in ron_files(paths) {
        match SourceFile::read(&path) {
            Ok(file) => {
                let courses_before = library.courses.len();
                load_source(&file, rules, &mut library);
                if library.courses.len() > courses_before {
                    course_files.push(file);
                }
            }
            Err(problem) => {
                library.broken.push(problem.path.clone());
                library.problems.push(*problem);
            }
        }
    }
    let mut problems = Vec::new();
    for (course, file) in library.courses.iter().zip(&course_files) {
        for lesson in &course.lessons {
            if library.scenario(&lesson.scenario).is_none() {
                problems.push(file.problem_at_field(
                    "scenario",
                    &lesson.scenario,
                    format!(
                        "course `{}` lists `{}`, which is not a valid scenario here",
                        course.id, lesson.scenario
                    ),
                    "use the id of a scenario in the library, or fix that scenario first",
                ));
            }
            for lang in lesson.goal.missing() {
                problems.push(file.problem_at_field(
                    "scenario",
                    &lesson.scenario,
                    format!(
                        "the goal of lesson `{}` has no {lang:?} text",
                        lesson.scenario
                    ),
                    "write the goal in both zh and en",
                ));
            }
        }
    }
    library.problems.extend(problems);
    library
}

/// Loads the rule set at `path`.
pub fn load_rules(path: &Path) -> Result<RuleSet, Vec<Problem>> {
    let file = SourceFile::read(path).map_err(|p| vec![*p])?;
    RuleSet::parse(&file)
}
