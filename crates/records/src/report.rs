//! Reports over the results store, for supervisors (seed 004's closed loop, P-12's monthly
//! analysis): per trainee, progress over time per dimension and the rules they keep breaking;
//! per team (and month), the rules most often broken, the hardest scenarios, drill completion
//! and pass rates, and where mentor and engine disagree. (A drill's own report, its trainees
//! side by side, is the drills module's: [`crate::drill_runs`].)
//! Pure queries: nothing is replayed, everything comes from the columns a run was saved with.
//! [`tables`] turns a report into the bilingual tables the terminal, CSV and XLSX show.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use drill_engine::Lang;
pub use drill_engine::drill::Dimension;
use drill_engine::drill::{Drill, NaiveDate};
use rusqlite::{Row, params};

use crate::assessment::DISAGREEMENT_POINTS;
use crate::results::{ResultsStore, StoreError};

pub mod tables;

/// A column or section name in both languages: exports show `"学员 Trainee"`, a screen the
/// one it is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heading {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Heading {
    pub const fn new(zh: &'static str, en: &'static str) -> Heading {
        Heading { zh, en }
    }

    /// Both languages, for a header a person reads in either: `学员 Trainee`.
    pub fn both(&self) -> String {
        format!("{} {}", self.zh, self.en)
    }

    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

/// A month, `YYYY-MM`, as the team report is cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month {
    year: u16,
    month: u8,
}

/// Years a month may name: runs are stamped by the app's clock, so anything else is a typo.
const YEARS: std::ops::RangeInclusive<u16> = 2000..=2199;

/// A month that is not `YYYY-MM` within range; says what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadMonth(pub String);

impl std::fmt::Display for BadMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}` is not a month: write YYYY-MM with a year from {} to {} and a month from 01 \
             to 12, e.g. 2026-11",
            self.0,
            YEARS.start(),
            YEARS.end()
        )
    }
}

impl std::error::Error for BadMonth {}

impl std::str::FromStr for Month {
    type Err = BadMonth;

    fn from_str(text: &str) -> Result<Month, BadMonth> {
        let bad = || BadMonth(text.to_owned());
        let (year, month) = text.trim().split_once('-').ok_or_else(bad)?;
        let number = |part: &str, width: usize| {
            let digits = part.len() == width && part.bytes().all(|b| b.is_ascii_digit());
            digits
                .then(|| part.parse::<u16>().ok())
                .flatten()
                .ok_or_else(bad)
        };
        let year = number(year, 4)?;
        let month = u8::try_from(number(month, 2)?).map_err(|_| bad())?;
        if !YEARS.contains(&year) || !(1..=12).contains(&month) {
            return Err(bad());
        }
        Ok(Month { year, month })
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Month {
    /// The month after, as the end of a `saved_at` range (`2026-12` < every December stamp).
    fn next(self) -> Month {
        match self.month {
            12 => Month {
                year: self.year + 1,
                month: 1,
            },
            month => Month {
                month: month + 1,
                ..self
            },
        }
    }
}

/// A run's four scores: the weighted overall and the three sub-scores, 0-100 each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SubScores {
    pub overall: u32,
    pub etiquette: u32,
    pub procedure: u32,
    pub record: u32,
}

/// The three sub-scores, in the order the reports show them after the overall.
pub const SUB_SCORES: [Dimension; 3] = [
    Dimension::Etiquette,
    Dimension::Procedure,
    Dimension::Record,
];

/// A dimension's name in both languages.
pub fn heading(dimension: Dimension) -> Heading {
    match dimension {
        Dimension::Overall => Heading::new("总分", "Overall"),
        Dimension::Etiquette => Heading::new("礼仪", "Etiquette"),
        Dimension::Procedure => Heading::new("流程", "Procedure"),
        Dimension::Record => Heading::new("记录", "Record"),
    }
}

impl SubScores {
    pub fn of(&self, dimension: Dimension) -> u32 {
        match dimension {
            Dimension::Overall => self.overall,
            Dimension::Etiquette => self.etiquette,
            Dimension::Procedure => self.procedure,
            Dimension::Record => self.record,
        }
    }
}

/// One stored run, as the reports see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRun {
    pub run: i64,
    pub saved_at: String,
    pub trainee: String,
    pub team: Option<String>,
    pub scenario: String,
    pub drill: Option<String>,
    pub seed: u64,
    pub scores: SubScores,
    pub critical: bool,
    /// The rule IDs of its findings, one per finding.
    pub rules_broken: Vec<String>,
}

/// How often a rule was broken: findings in all, and runs with at least one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleCount {
    pub rule: String,
    pub findings: u32,
    pub runs: u32,
}

/// A trainee's runs, oldest first, and the rules they broke, most runs first.
#[derive(Debug, Clone, PartialEq)]
pub struct TraineeReport {
    pub trainee: String,
    pub progress: Vec<ReportRun>,
    pub rules_broken: Vec<RuleCount>,
}

impl TraineeReport {
    /// The rules broken in more than one run: what the trainee keeps getting wrong.
    pub fn keeps_breaking(&self) -> impl Iterator<Item = &RuleCount> {
        self.rules_broken.iter().filter(|count| count.runs > 1)
    }
}

/// A scenario's mean scores over a team's runs of it.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioMean {
    pub scenario: String,
    pub runs: u32,
    pub mean_overall: f64,
}

/// A drill's completion and passes among a team's trainees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrillProgress {
    pub drill: String,
    /// The trainees it is for (without its file: everyone of the team who ran anything in
    /// the period).
    pub assigned: u32,
    /// Of those, who has done it: every scenario played (without its file: any run of it).
    pub completed: u32,
    /// Of those, who passed on every mark; unknown without the drill's file.
    pub passed: Option<u32>,
    /// The team's runs of it in the period.
    pub runs: u32,
}

impl DrillProgress {
    /// Completed out of assigned, in percent (0 when it is for nobody).
    pub fn completion_percent(&self) -> f64 {
        percent(self.completed, self.assigned)
    }

    /// Passed out of completed, in percent.
    pub fn pass_percent(&self) -> Option<f64> {
        self.passed.map(|passed| percent(passed, self.completed))
    }
}

fn percent(part: u32, whole: u32) -> f64 {
    if whole == 0 {
        0.0
    } else {
        f64::from(part) * 100.0 / f64::from(whole)
    }
}

/// A run where the mentor's score and the engine's differ by more than
/// [`DISAGREEMENT_POINTS`] on a dimension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    pub run: i64,
    pub trainee: String,
    pub scenario: String,
    pub supervisor: String,
    pub dimension: Dimension,
    pub engine: u32,
    pub mentor: u32,
}

impl Disagreement {
    pub fn gap(&self) -> u32 {
        self.engine.abs_diff(self.mentor)
    }
}

/// A team's runs in a month (or all time).
#[derive(Debug, Clone, PartialEq)]
pub struct TeamReport {
    pub team: String,
    pub month: Option<Month>,
    pub runs: u32,
    pub trainees: u32,
    /// Most findings first.
    pub rules_broken: Vec<RuleCount>,
    /// Lowest mean overall first.
    pub hardest: Vec<ScenarioMean>,
    pub drills: Vec<DrillProgress>,
    /// Largest gap first.
    pub disagreements: Vec<Disagreement>,
}

/// The columns every report reads, in [`report_run`]'s order; all in the team index.
const RUN_COLUMNS: &str = "id, saved_at, trainee, team, scenario, drill, seed, overall, \
                           etiquette, procedure, record, critical, rules_broken";

fn report_run(row: &Row) -> rusqlite::Result<ReportRun> {
    let seed: i64 = row.get(6)?;
    let rules: String = row.get(12)?;
    Ok(ReportRun {
        run: row.get(0)?,
        saved_at: row.get(1)?,
        trainee: row.get(2)?,
        team: row.get(3)?,
        scenario: row.get(4)?,
        drill: row.get(5)?,
        seed: seed as u64,
        scores: SubScores {
            overall: row.get(7)?,
            etiquette: row.get(8)?,
            procedure: row.get(9)?,
            record: row.get(10)?,
        },
        critical: row.get(11)?,
        rules_broken: rules.split_whitespace().map(str::to_owned).collect(),
    })
}

/// Counts findings and runs per rule; most findings first, then by rule ID.
fn count_rules<'a>(runs: impl IntoIterator<Item = &'a ReportRun>) -> Vec<RuleCount> {
    let mut counts: HashMap<&str, (u32, u32)> = HashMap::new();
    for run in runs {
        let mut seen = BTreeSet::new();
        for rule in &run.rules_broken {
            let count = counts.entry(rule.as_str()).or_default();
            count.0 += 1;
            if seen.insert(rule) {
                count.1 += 1;
            }
        }
    }
    let mut rules: Vec<RuleCount> = counts
        .into_iter()
        .map(|(rule, (findings, runs))| RuleCount {
            rule: rule.to_owned(),
            findings,
            runs,
        })
        .collect();
    rules.sort_by(|a, b| (b.findings, b.runs, &a.rule).cmp(&(a.findings, a.runs, &b.rule)));
    rules
}

fn hardest_scenarios(runs: &[ReportRun]) -> Vec<ScenarioMean> {
    let mut sums: BTreeMap<&str, (u32, u64)> = BTreeMap::new();
    for run in runs {
        let sum = sums.entry(run.scenario.as_str()).or_default();
        sum.0 += 1;
        sum.1 += u64::from(run.scores.overall);
    }
    let mut means: Vec<ScenarioMean> = sums
        .into_iter()
        .map(|(scenario, (count, total))| ScenarioMean {
            scenario: scenario.to_owned(),
            runs: count,
            mean_overall: total as f64 / f64::from(count),
        })
        .collect();
    means.sort_by(|a, b| a.mean_overall.total_cmp(&b.mean_overall));
    means
}

/// Drills the team's runs were taken for, without their files: who ran them, how often.
fn drills_seen(runs: &[ReportRun]) -> Vec<DrillProgress> {
    let active: BTreeSet<&str> = runs.iter().map(|r| r.trainee.as_str()).collect();
    let mut by_drill: BTreeMap<&str, (BTreeSet<&str>, u32)> = BTreeMap::new();
    for run in runs {
        if let Some(drill) = &run.drill {
            let seen = by_drill.entry(drill.as_str()).or_default();
            seen.0.insert(&run.trainee);
            seen.1 += 1;
        }
    }
    by_drill
        .into_iter()
        .map(|(drill, (trainees, runs))| DrillProgress {
            drill: drill.to_owned(),
            assigned: active.len() as u32,
            completed: trainees.len() as u32,
            passed: None,
            runs,
        })
        .collect()
}

/// A mentor's score of one dimension of a run.
struct MentorMark {
    run: i64,
    supervisor: String,
    dimension: Dimension,
    score: u32,
}

impl ResultsStore {
    /// One trainee's runs and the rules they break.
    pub fn trainee_report(&self, trainee: &str) -> Result<TraineeReport, StoreError> {
        let progress = self
            .report_runs("trainee = ?1 ORDER BY id", params![trainee])
            .map_err(|e| self.failed(e))?;
        Ok(TraineeReport {
            trainee: trainee.to_owned(),
            rules_broken: count_rules(&progress),
            progress,
        })
    }

    /// A team's runs in `month` (every month if `None`). A drill in `drills` (from its file)
    /// is reported with its own trainees and pass marks as it stands on `today` (the drills
    /// module's [`ResultsStore::drill_report`]); one the runs name without a file, by who ran it.
    pub fn team_report(
        &self,
        team: &str,
        month: Option<Month>,
        drills: &[Drill],
        today: NaiveDate,
    ) -> Result<TeamReport, StoreError> {
        let (from, to) = month.map_or((String::new(), "~".to_owned()), |m| {
            (m.to_string(), m.next().to_string())
        });
        let runs = self
            .report_runs(
                "team = ?1 AND saved_at >= ?2 AND saved_at < ?3 ORDER BY id",
                params![team, from, to],
            )
            .map_err(|e| self.failed(e))?;
        let marks = self
            .mentor_marks(team, &from, &to)
            .map_err(|e| self.failed(e))?;
        let trainees: BTreeSet<&str> = runs.iter().map(|r| r.trainee.as_str()).collect();
        Ok(TeamReport {
            team: team.to_owned(),
            month,
            runs: runs.len() as u32,
            trainees: trainees.len() as u32,
            rules_broken: count_rules(&runs),
            hardest: hardest_scenarios(&runs),
            drills: self.drill_progress(&runs, drills, today)?,
            disagreements: disagreements(&runs, marks),
        })
    }

    /// Every drill the team's runs name, those with a file first as `drills` orders them.
    fn drill_progress(
        &self,
        runs: &[ReportRun],
        drills: &[Drill],
        today: NaiveDate,
    ) -> Result<Vec<DrillProgress>, StoreError> {
        let mut progress = Vec::new();
        for drill in drills {
            let status = self.drill_report(drill, today)?.trainees;
            let done = status.iter().filter(|t| t.is_done()).count();
            let passed = status
                .iter()
                .filter(|t| t.progress == crate::drill_runs::Progress::Passed)
                .count();
            progress.push(DrillProgress {
                drill: drill.id().to_owned(),
                assigned: status.len() as u32,
                completed: done as u32,
                passed: Some(passed as u32),
                runs: runs
                    .iter()
                    .filter(|r| r.drill.as_deref() == Some(drill.id()))
                    .count() as u32,
            });
        }
        let with_file = |id: &str| drills.iter().any(|d| d.id() == id);
        progress.extend(
            drills_seen(runs)
                .into_iter()
                .filter(|d| !with_file(&d.drill)),
        );
        Ok(progress)
    }

    pub(crate) fn report_runs(
        &self,
        condition: &str,
        values: impl rusqlite::Params,
    ) -> rusqlite::Result<Vec<ReportRun>> {
        let sql = format!("SELECT {RUN_COLUMNS} FROM runs WHERE {condition}");
        let mut statement = self.connection().prepare(&sql)?;
        let rows = statement.query_map(values, report_run)?;
        rows.collect()
    }

    /// The mentors' scores of a team's runs in a period: each signed assessment's mark per
    /// sub-score, and each older one-score review's score, which stands for the overall.
    fn mentor_marks(&self, team: &str, from: &str, to: &str) -> rusqlite::Result<Vec<MentorMark>> {
        let mut statement = self.connection().prepare(
            "SELECT a.run_id, a.supervisor, a.etiquette, a.procedure, a.record
             FROM assessments a JOIN runs r ON r.id = a.run_id
             WHERE r.team = ?1 AND r.saved_at >= ?2 AND r.saved_at < ?3 ORDER BY a.id",
        )?;
        let mut marks = Vec::new();
        let mut rows = statement.query(params![team, from, to])?;
        while let Some(row) = rows.next()? {
            for (column, dimension) in (2..).zip(SUB_SCORES) {
                marks.push(MentorMark {
                    run: row.get(0)?,
                    supervisor: row.get(1)?,
                    dimension,
                    score: row.get(column)?,
                });
            }
        }
        let mut statement = self.connection().prepare(
            "SELECT v.run_id, v.supervisor, v.score FROM reviews v JOIN runs r ON r.id = v.run_id
             WHERE r.team = ?1 AND r.saved_at >= ?2 AND r.saved_at < ?3 ORDER BY v.id",
        )?;
        let reviews = statement.query_map(params![team, from, to], |row| {
            Ok(MentorMark {
                run: row.get(0)?,
                supervisor: row.get(1)?,
                dimension: Dimension::Overall,
                score: row.get(2)?,
            })
        })?;
        for review in reviews {
            marks.push(review?);
        }
        Ok(marks)
    }
}

fn disagreements(runs: &[ReportRun], marks: Vec<MentorMark>) -> Vec<Disagreement> {
    let by_id: HashMap<i64, &ReportRun> = runs.iter().map(|r| (r.run, r)).collect();
    let mut found: Vec<Disagreement> = marks
        .into_iter()
        .filter_map(|mark| {
            let run = by_id.get(&mark.run)?;
            let engine = run.scores.of(mark.dimension);
            (engine.abs_diff(mark.score) > DISAGREEMENT_POINTS).then(|| Disagreement {
                run: mark.run,
                trainee: run.trainee.clone(),
                scenario: run.scenario.clone(),
                supervisor: mark.supervisor,
                dimension: mark.dimension,
                engine,
                mentor: mark.score,
            })
        })
        .collect();
    found.sort_by(|a, b| b.gap().cmp(&a.gap()).then(a.run.cmp(&b.run)));
    found
}
