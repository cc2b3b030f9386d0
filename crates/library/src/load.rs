//! Loading a folder of RON files: scenarios, rule sets and course files, each validated,
//! one broken file never hiding the others.

use std::fs::DirEntry;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use drill_engine::{RuleSet, Scenario, Text};

use crate::diagnostics::{Level, Problem, SourceFile, parse_ron};
use crate::read::regular_size;
use crate::{check_scenario, parse_rules};

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

/// What a walk of folders found: the `.ron` files to read, and what it would not read.
#[derive(Debug, Default)]
pub struct Walk {
    /// Sorted; a path given directly is kept as it is, even if it cannot be read.
    pub files: Vec<PathBuf>,
    /// A warning for each folder or `.ron` file left out, naming it and saying why.
    pub skipped: Vec<Problem>,
}

/// Walks the paths. Within a folder, only real folders are entered (a symbolic link to one
/// could loop back) and only regular `.ron` files of at most [`crate::read::MAX_FILE_BYTES`]
/// are taken (a FIFO would block the load, a link to `/dev/zero` would flood it).
pub fn walk(paths: &[PathBuf]) -> Walk {
    let mut walk = Walk::default();
    for path in paths {
        if path.is_dir() {
            walk.folder(path);
        } else {
            walk.files.push(path.clone());
        }
    }
    walk.files.sort();
    walk.files.dedup();
    walk.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    walk.skipped.dedup_by(|a, b| a.path == b.path);
    walk
}

impl Walk {
    fn folder(&mut self, folder: &Path) {
        match std::fs::read_dir(folder) {
            Ok(entries) => entries.flatten().for_each(|entry| self.entry(&entry)),
            Err(error) => self.skip(
                folder,
                format!("folder not read: {error}"),
                "check that the folder can be read",
            ),
        }
    }

    fn entry(&mut self, entry: &DirEntry) {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            return;
        };
        if kind.is_dir() {
            self.folder(&path);
        } else if kind.is_symlink() && path.is_dir() {
            self.skip(
                &path,
                "folder not entered: it is a symbolic link, which could lead back into itself",
                "give the folder it points to by its own path",
            );
        } else if path.extension().is_some_and(|ext| ext == "ron") {
            match regular_size(&path) {
                Ok(_) => self.files.push(path),
                Err(why) => self.skip(&path, why.to_string(), why.help()),
            }
        }
    }

    fn skip(&mut self, path: &Path, why: impl Into<String>, help: &str) {
        let nowhere = SourceFile::new(path.display().to_string(), "");
        self.skipped
            .push(nowhere.problem_at(0, why, help).warning());
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
    /// How many files were read (or tried), broken ones included.
    pub files: usize,
}

impl Library {
    pub fn scenario(&self, id: &str) -> Option<&Arc<Scenario>> {
        self.scenarios.iter().find(|s| s.id() == id)
    }
}

/// What one file holds once validated, before it joins a library.
enum Holds {
    Scenario(Arc<Scenario>),
    Course(Course),
    /// A rule set, or a file with errors.
    Nothing,
}

struct Checked {
    holds: Holds,
    problems: Vec<Problem>,
}

/// Validates one file of any kind against `rules`; needs nothing from the other files.
fn check_source(file: &SourceFile, rules: &Arc<RuleSet>) -> Checked {
    let (holds, problems) = match file_kind(&file.text) {
        FileKind::RuleSet => (Holds::Nothing, parse_rules(file).err()),
        FileKind::Course => match parse_ron::<Course>(file) {
            Ok(course) => (Holds::Course(course), None),
            Err(problems) => (Holds::Nothing, Some(problems)),
        },
        FileKind::Scenario | FileKind::Unknown => match check_scenario(file, rules) {
            (Some(scenario), warnings) => (Holds::Scenario(scenario), Some(warnings)),
            (None, problems) => (Holds::Nothing, Some(problems)),
        },
    };
    Checked {
        holds,
        problems: problems.unwrap_or_default(),
    }
}

impl Library {
    /// Adds a validated file; a scenario id already taken is its problem. True for a course.
    fn add(&mut self, file: &SourceFile, checked: Checked) -> bool {
        self.files += 1;
        let before = self.problems.len();
        self.problems.extend(checked.problems);
        let is_course = matches!(checked.holds, Holds::Course(_));
        match checked.holds {
            Holds::Scenario(scenario) if self.scenario(scenario.id()).is_some() => {
                self.problems.push(file.problem_at_field(
                    "id",
                    scenario.id(),
                    format!("another file already defines scenario `{}`", scenario.id()),
                    "give each scenario its own id",
                ));
            }
            Holds::Scenario(scenario) => self.scenarios.push(scenario),
            Holds::Course(course) => self.courses.push(course),
            Holds::Nothing => {}
        }
        if self.problems[before..]
            .iter()
            .any(|p| p.level == Level::Error)
        {
            self.broken.push(file.path.clone());
        }
        is_course
    }
}

/// Validates one file of any kind against `rules`, adding what it holds to `library`.
pub fn load_source(file: &SourceFile, rules: &Arc<RuleSet>, library: &mut Library) {
    library.add(file, check_source(file, rules));
}

/// Loads and validates every RON file under `paths` (what the walk skipped comes first, as
/// warnings), then checks courses name real scenarios.
pub fn load(paths: &[PathBuf], rules: &Arc<RuleSet>) -> Library {
    let walk = walk(paths);
    let mut library = load_each(&walk.files, |path| SourceFile::read(path), rules);
    library.problems.splice(0..0, walk.skipped);
    library
}

/// Validates files already in memory as [`load`] does files on disk.
pub fn load_files(files: &[SourceFile], rules: &Arc<RuleSet>) -> Library {
    load_each(files, |file| Ok(file.clone()), rules)
}

/// Reads and validates the files on all cores, then adds them in their order, so the
/// library (problems, duplicates, `broken`) is the same as when loaded one by one.
fn load_each<T: Sync>(
    items: &[T],
    read: impl Fn(&T) -> Result<SourceFile, Box<Problem>> + Sync,
    rules: &Arc<RuleSet>,
) -> Library {
    let outcomes: Vec<_> = items
        .par_iter()
        .map(|item| read(item).map(|file| (check_source(&file, rules), file)))
        .collect();
    let mut library = Library::default();
    let mut course_files = Vec::new();
    for outcome in outcomes {
        match outcome {
            Ok((checked, file)) => {
                if library.add(&file, checked) {
                    course_files.push(file);
                }
            }
            Err(problem) => {
                library.files += 1;
                library.broken.push(problem.path.clone());
                library.problems.push(*problem);
            }
        }
    }
    check_courses(&mut library, &course_files);
    library
}

/// Every lesson of every course names a valid scenario and has its goal in both languages.
fn check_courses(library: &mut Library, course_files: &[SourceFile]) {
    let mut problems = Vec::new();
    for (course, file) in library.courses.iter().zip(course_files) {
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
}

/// Loads the rule set at `path`.
pub fn load_rules(path: &Path) -> Result<RuleSet, Vec<Problem>> {
    let file = SourceFile::read(path).map_err(|p| vec![*p])?;
    parse_rules(&file)
}
