//! Runs stored against a drill (`runs.drill`, saved with [`crate::NewRun::drill`]) and what a
//! supervisor asks of them: the runs of a drill, each assigned trainee's status against the
//! pass marks and the due date, and the trainees side by side on the same scenario and seed.
//!
//! Which run of a scenario counts: in an assessment the first (there is no retry), in practice
//! the best overall (the earliest of equal ones). Only runs played with the seed the drill
//! gives the trainee count: a run with another seed met another owner and does not compare.

use drill_engine::Drill;
use drill_engine::drill::{Dimension, DrillMode, NaiveDate};
use rusqlite::params;

use crate::results::{ResultsStore, StoreError};

/// One run stored against a drill: the reports' view of a run (`ReportRun`).
pub type DrillRun = crate::report::ReportRun;

/// How far a trainee is with a drill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    NotStarted,
    /// `done` of the drill's `of` scenarios have a counted run.
    InProgress {
        done: usize,
        of: usize,
    },
    /// Every scenario done, every counted run at or above every pass mark.
    Passed,
    /// Every scenario done, and these fell short.
    Failed {
        missed: Vec<Shortfall>,
    },
}

/// A counted run below a pass mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    pub scenario: String,
    pub dimensions: Vec<Dimension>,
}

/// One trainee's standing in a drill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraineeStatus {
    pub trainee: String,
    /// The seed the drill gives this trainee.
    pub seed: u64,
    pub progress: Progress,
    /// Not done, and the due date has passed.
    pub overdue: bool,
    /// The scenario to play next: the first without a counted run, else (in practice) the
    /// first that fell short; `None` when there is nothing left to play.
    pub next_scenario: Option<String>,
    /// The run that counts for each scenario played, in the drill's order.
    pub counted: Vec<DrillRun>,
}

impl TraineeStatus {
    pub fn is_done(&self) -> bool {
        matches!(self.progress, Progress::Passed | Progress::Failed { .. })
    }
}

/// The counted runs of one scenario played with one seed, a trainee each, best first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SameSeed {
    pub scenario: String,
    pub seed: u64,
    pub runs: Vec<DrillRun>,
}

/// Everything the drill report shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrillReport {
    /// Every assigned trainee, in the drill's order.
    pub trainees: Vec<TraineeStatus>,
    /// Trainees side by side, per scenario (in the drill's order) and seed.
    pub compared: Vec<SameSeed>,
}

impl ResultsStore {
    /// Every run stored against drill `drill`, oldest first.
    pub fn drill_runs(&self, drill: &str) -> Result<Vec<DrillRun>, StoreError> {
        self.report_runs("drill = ?1 ORDER BY id", params![drill])
            .map_err(|e| self.failed(e))
    }

    /// `trainee`'s standing in `drill` on `today`.
    pub fn trainee_drill_status(
        &self,
        drill: &Drill,
        trainee: &str,
        today: NaiveDate,
    ) -> Result<TraineeStatus, StoreError> {
        let runs = self.drill_runs(drill.id())?;
        Ok(status_of(drill, trainee, &runs, today))
    }

    /// Every assigned trainee's standing in `drill` on `today`, and the comparison.
    pub fn drill_report(&self, drill: &Drill, today: NaiveDate) -> Result<DrillReport, StoreError> {
        let runs = self.drill_runs(drill.id())?;
        let trainees: Vec<TraineeStatus> = drill
            .trainees()
            .iter()
            .map(|trainee| status_of(drill, trainee, &runs, today))
            .collect();
        let compared = compare(drill, &trainees);
        Ok(DrillReport { trainees, compared })
    }
}

/// `trainee`'s standing in `drill` given the drill's runs.
pub fn status_of(
    drill: &Drill,
    trainee: &str,
    runs: &[DrillRun],
    today: NaiveDate,
) -> TraineeStatus {
    let trainee = trainee.trim();
    let seed = drill.seed_for(trainee);
    let counted: Vec<DrillRun> = drill
        .scenarios()
        .iter()
        .filter_map(|scenario| counted_run(drill.mode(), runs, trainee, scenario, seed))
        .cloned()
        .collect();
    let marks = drill.pass_marks();
    let missed: Vec<Shortfall> = counted
        .iter()
        .filter_map(|run| {
            let dimensions = marks.missed(|dimension| run.scores.of(dimension));
            (!dimensions.is_empty()).then(|| Shortfall {
                scenario: run.scenario.clone(),
                dimensions,
            })
        })
        .collect();
    let of = drill.scenarios().len();
    let progress = match counted.len() {
        0 => Progress::NotStarted,
        done if done < of => Progress::InProgress { done, of },
        _ if missed.is_empty() => Progress::Passed,
        _ => Progress::Failed {
            missed: missed.clone(),
        },
    };
    let unplayed = drill
        .scenarios()
        .iter()
        .find(|scenario| !counted.iter().any(|run| &run.scenario == *scenario));
    let retake = (drill.mode() == DrillMode::Practice)
        .then(|| missed.first().map(|shortfall| &shortfall.scenario))
        .flatten();
    let done = matches!(progress, Progress::Passed | Progress::Failed { .. });
    TraineeStatus {
        trainee: trainee.to_owned(),
        seed,
        overdue: !done && drill.is_past_due(today),
        next_scenario: unplayed.or(retake).cloned(),
        progress,
        counted,
    }
}

/// The run that counts for `trainee` on `scenario` with `seed`, if any.
fn counted_run<'a>(
    mode: DrillMode,
    runs: &'a [DrillRun],
    trainee: &str,
    scenario: &str,
    seed: u64,
) -> Option<&'a DrillRun> {
    let mut taken = runs.iter().filter(|run| {
        run.trainee.trim() == trainee && run.scenario == scenario && run.seed == seed
    });
    match mode {
        DrillMode::Assessment => taken.next(),
        // `min_by_key` keeps the first of equal keys: the earliest of equal best runs.
        DrillMode::Practice => taken.min_by_key(|run| std::cmp::Reverse(run.scores.overall)),
    }
}

/// The trainees' counted runs grouped by scenario (in the drill's order) and seed.
fn compare(drill: &Drill, trainees: &[TraineeStatus]) -> Vec<SameSeed> {
    let mut compared: Vec<SameSeed> = Vec::new();
    for scenario in drill.scenarios() {
        let mut groups: Vec<SameSeed> = Vec::new();
        let runs = trainees
            .iter()
            .flat_map(|status| &status.counted)
            .filter(|run| &run.scenario == scenario);
        for run in runs {
            match groups.iter_mut().find(|group| group.seed == run.seed) {
                Some(group) => group.runs.push(run.clone()),
                None => groups.push(SameSeed {
                    scenario: scenario.clone(),
                    seed: run.seed,
                    runs: vec![run.clone()],
                }),
            }
        }
        groups.sort_by_key(|group| group.seed);
        for group in &mut groups {
            group
                .runs
                .sort_by_key(|run| std::cmp::Reverse(run.scores.overall));
        }
        compared.extend(groups);
    }
    compared
}
