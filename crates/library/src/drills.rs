//! Drill files: `drills/*.ron` (one drill each) and the roster `drills/teams.ron`, read and
//! checked against a library's scenarios and rule set, every problem at file:line:col; one
//! broken drill never hides the others.
//!
//! Which files are drill files is decided by their folder, not their content: a `.ron` file
//! whose folder is named `drills` is a drill, or the roster if it is named `teams.ron`.
//! Scenarios are never kept there, so `validate .` can tell the two apart before reading.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use drill_engine::drill::{DrillContext, RawDrill, RawRoster};
use drill_engine::{Drill, Roster, RuleSet, Scenario};

use crate::diagnostics::{Level, Problem, SourceFile, parse_ron};
use crate::load::walk;

/// The folder drill files live in.
pub const DRILLS_FOLDER: &str = "drills";
/// The roster's file name, inside the drills folder.
pub const ROSTER_FILE: &str = "teams.ron";

/// Whether `path` is a drill file (or the roster): a file in a folder named `drills`.
pub fn is_drill_file(path: &Path) -> bool {
    path.parent()
        .and_then(Path::file_name)
        .is_some_and(|folder| folder == DRILLS_FOLDER)
}

fn is_roster_file(path: &Path) -> bool {
    path.file_name().is_some_and(|name| name == ROSTER_FILE)
}

/// The drills of a folder, the roster, and the problems of every file.
#[derive(Debug, Default)]
pub struct Drills {
    /// Valid drills, in file-name order.
    pub drills: Vec<Drill>,
    /// The roster; empty if there is none or it has errors.
    pub roster: Roster,
    pub problems: Vec<Problem>,
    /// The files that failed.
    pub broken: Vec<String>,
    /// How many files were read (or tried), the roster included.
    pub files: usize,
}

impl Drills {
    pub fn drill(&self, id: &str) -> Option<&Drill> {
        self.drills.iter().find(|drill| drill.id() == id)
    }

    /// The drills for `trainee`, in file-name order.
    pub fn for_trainee<'a>(&'a self, trainee: &'a str) -> impl Iterator<Item = &'a Drill> {
        self.drills
            .iter()
            .filter(move |drill| drill.is_for(trainee))
    }

    fn add_problems(&mut self, path: &str, problems: Vec<Problem>) {
        if problems.iter().any(|problem| problem.level == Level::Error) {
            self.broken.push(path.to_owned());
        }
        self.problems.extend(problems);
    }
}

/// Reads every drill file under `folder` (walked as the library walks scenarios: what it
/// skips is a warning) and checks each against `scenarios` and `rules`.
pub fn load_drills(folder: &Path, scenarios: &[Arc<Scenario>], rules: &RuleSet) -> Drills {
    let walked = walk(&[folder.to_path_buf()]);
    let mut drills = load_drill_paths(&walked.files, scenarios, rules);
    drills.problems.splice(0..0, walked.skipped);
    drills
}

/// Reads and checks the drill files at `paths` (the roster among them by its name).
pub fn load_drill_paths(paths: &[PathBuf], scenarios: &[Arc<Scenario>], rules: &RuleSet) -> Drills {
    let mut unreadable = Vec::new();
    let files: Vec<SourceFile> = paths
        .iter()
        .filter_map(|path| {
            SourceFile::read(path)
                .map_err(|problem| unreadable.push(*problem))
                .ok()
        })
        .collect();
    let mut drills = load_drill_files(&files, scenarios, rules);
    drills.files += unreadable.len();
    for problem in unreadable {
        let path = problem.path.clone();
        drills.add_problems(&path, vec![problem]);
    }
    drills
}

/// Checks drill files already in memory: the roster first (the drills' teams are looked up
/// in it), then each drill; a drill id used twice is the later file's problem.
pub fn load_drill_files(
    files: &[SourceFile],
    scenarios: &[Arc<Scenario>],
    rules: &RuleSet,
) -> Drills {
    let mut drills = Drills {
        files: files.len(),
        ..Drills::default()
    };
    let (rosters, drill_files): (Vec<&SourceFile>, Vec<&SourceFile>) = files
        .iter()
        .partition(|file| is_roster_file(Path::new(&file.path)));
    let mut roster = Roster::default();
    for file in rosters {
        match parse_roster(file) {
            Ok(parsed) => roster = parsed,
            Err(problems) => drills.add_problems(&file.path, problems),
        }
    }
    let context = DrillContext {
        scenarios,
        rules,
        roster: &roster,
    };
    for file in drill_files {
        let (drill, mut problems) = check_drill(file, &context);
        if let Some(drill) = drill {
            if drills.drill(drill.id()).is_some() {
                problems.push(file.problem_at_field(
                    "id",
                    drill.id(),
                    format!("another file already defines drill `{}`", drill.id()),
                    "give each drill its own id",
                ));
            } else {
                drills.drills.push(drill);
            }
        }
        drills.add_problems(&file.path, problems);
    }
    drills.roster = roster;
    drills
}

/// A drill file checked against `context`: the drill unless there is an error, and every
/// problem found (warnings of a valid drill too).
pub fn check_drill(file: &SourceFile, context: &DrillContext) -> (Option<Drill>, Vec<Problem>) {
    let raw: RawDrill = match parse_ron(file) {
        Ok(raw) => raw,
        Err(problems) => return (None, problems),
    };
    match Drill::check(raw, context) {
        Ok((drill, warnings)) => (Some(drill), file.locate_all(warnings)),
        Err(flaws) => (None, file.locate_all(flaws)),
    }
}

/// A drill file parsed and checked; `Err` lists every problem found.
pub fn parse_drill(file: &SourceFile, context: &DrillContext) -> Result<Drill, Vec<Problem>> {
    match check_drill(file, context) {
        (Some(drill), _) => Ok(drill),
        (None, problems) => Err(problems),
    }
}

/// The roster file parsed and checked.
pub fn parse_roster(file: &SourceFile) -> Result<Roster, Vec<Problem>> {
    let raw: RawRoster = parse_ron(file)?;
    Roster::from_raw(raw).map_err(|flaws| file.locate_all(flaws))
}

/// The roster at `folder/teams.ron`; an empty roster if the file does not exist.
pub fn load_roster(folder: &Path) -> Result<Roster, Vec<Problem>> {
    let path = folder.join(ROSTER_FILE);
    if !path.exists() {
        return Ok(Roster::default());
    }
    let file = SourceFile::read(&path).map_err(|problem| vec![*problem])?;
    parse_roster(&file)
}
