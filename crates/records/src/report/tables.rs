//! Reports as tables of headed columns: what the terminal prints and the CSV and XLSX exports
//! hold, one table per section, every heading in both languages.

use drill_engine::Lang;

use super::{Dimension, Heading, ReportRun, RuleCount, TeamReport, TraineeReport, heading};
use crate::drill_runs::DrillRun;

/// One value of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A word of the report's own (yes / no): both languages in the terminal and the
    /// exports, one on screen.
    Words(Heading),
    Int(i64),
    /// Shown with one decimal.
    Real(f64),
}

impl Cell {
    /// As the terminal and the CSV show it.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Words(words) => words.both(),
            Cell::Int(number) => number.to_string(),
            Cell::Real(number) => format!("{number:.1}"),
        }
    }

    /// As a screen in `lang` shows it.
    pub fn shown(&self, lang: Lang) -> String {
        match self {
            Cell::Words(words) => words.get(lang).to_owned(),
            other => other.text(),
        }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::Text(text.to_owned())
    }
}

impl From<u32> for Cell {
    fn from(number: u32) -> Cell {
        Cell::Int(i64::from(number))
    }
}

/// A section of a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub title: Heading,
    pub headings: Vec<Heading>,
    pub rows: Vec<Vec<Cell>>,
}

const TRAINEE: Heading = Heading::new("学员", "Trainee");
const RUN: Heading = Heading::new("运行", "Run");
const SAVED_AT: Heading = Heading::new("时间", "Saved at");
const SCENARIO: Heading = Heading::new("情景", "Scenario");
const SEED: Heading = Heading::new("种子", "Seed");
const CRITICAL: Heading = Heading::new("严重错误", "Critical");
const RULES: Heading = Heading::new("违反规则", "Rules broken");
const RULE: Heading = Heading::new("规则", "Rule");
const FINDINGS: Heading = Heading::new("次数", "Findings");
const RUNS: Heading = Heading::new("运行数", "Runs");
fn yes_no(flag: bool) -> Cell {
    Cell::Words(if flag {
        Heading::new("是", "yes")
    } else {
        Heading::new("否", "no")
    })
}

/// Run, trainee, time, scenario, the four scores, critical, the rules broken.
fn run_table(title: Heading, runs: &[ReportRun], with_seed: bool) -> Table {
    let mut headings = vec![RUN, TRAINEE, SAVED_AT, SCENARIO];
    if with_seed {
        headings.push(SEED);
    }
    headings.extend(Dimension::ALL.map(heading));
    headings.extend([CRITICAL, RULES]);
    let rows = runs
        .iter()
        .map(|run| {
            let mut row = vec![
                Cell::Int(run.run),
                run.trainee.as_str().into(),
                run.saved_at.as_str().into(),
                run.scenario.as_str().into(),
            ];
            if with_seed {
                row.push(Cell::Text(run.seed.to_string()));
            }
            row.extend(Dimension::ALL.map(|d| Cell::from(run.scores.of(d))));
            row.extend([
                yes_no(run.critical),
                run.rules_broken.join(" ").as_str().into(),
            ]);
            row
        })
        .collect();
    Table {
        title,
        headings,
        rows,
    }
}

fn rule_table(title: Heading, rules: &[RuleCount]) -> Table {
    Table {
        title,
        headings: vec![RULE, FINDINGS, RUNS],
        rows: rules
            .iter()
            .map(|count| {
                vec![
                    count.rule.as_str().into(),
                    count.findings.into(),
                    count.runs.into(),
                ]
            })
            .collect(),
    }
}

pub fn trainee(report: &TraineeReport) -> Vec<Table> {
    vec![
        run_table(Heading::new("进步", "Progress"), &report.progress, false),
        rule_table(
            Heading::new("常犯规则", "Rules broken, most often first"),
            &report.rules_broken,
        ),
    ]
}

/// The runs stored against a drill (`ResultsStore::drill_runs`), oldest first, with seeds:
/// trainees who played the same seed met the same owner.
pub fn drill(runs: &[DrillRun]) -> Vec<Table> {
    vec![run_table(
        Heading::new("演练运行", "Drill runs"),
        runs,
        true,
    )]
}

pub fn team(report: &TeamReport) -> Vec<Table> {
    vec![
        rule_table(
            Heading::new("最常违反的规则", "Rules most often broken"),
            &report.rules_broken,
        ),
        hardest(report),
        drills(report),
        disagreements(report),
    ]
}

fn hardest(report: &TeamReport) -> Table {
    Table {
        title: Heading::new("最难的情景", "Hardest scenarios"),
        headings: vec![SCENARIO, RUNS, Heading::new("平均总分", "Mean overall")],
        rows: report
            .hardest
            .iter()
            .map(|s| {
                vec![
                    s.scenario.as_str().into(),
                    s.runs.into(),
                    Cell::Real(s.mean_overall),
                ]
            })
            .collect(),
    }
}

fn drills(report: &TeamReport) -> Table {
    Table {
        title: Heading::new("演练完成与通过", "Drill completion and passes"),
        headings: vec![
            Heading::new("演练", "Drill"),
            Heading::new("应参加", "Assigned"),
            Heading::new("已完成", "Completed"),
            Heading::new("完成率 %", "Completion %"),
            Heading::new("通过", "Passed"),
            Heading::new("通过率 %", "Pass %"),
            RUNS,
        ],
        rows: report
            .drills
            .iter()
            .map(|d| {
                vec![
                    d.drill.as_str().into(),
                    d.assigned.into(),
                    d.completed.into(),
                    Cell::Real(d.completion_percent()),
                    d.passed.map_or(Cell::from("—"), Cell::from),
                    d.pass_percent().map_or(Cell::from("—"), Cell::Real),
                    d.runs.into(),
                ]
            })
            .collect(),
    }
}

fn disagreements(report: &TeamReport) -> Table {
    Table {
        title: Heading::new("导师与系统评分分歧", "Mentor and engine disagree"),
        headings: vec![
            RUN,
            TRAINEE,
            SCENARIO,
            Heading::new("导师", "Mentor"),
            Heading::new("维度", "Dimension"),
            Heading::new("系统分", "Engine score"),
            Heading::new("导师分", "Mentor score"),
            Heading::new("相差", "Gap"),
        ],
        rows: report
            .disagreements
            .iter()
            .map(|d| {
                vec![
                    Cell::Int(d.run),
                    d.trainee.as_str().into(),
                    d.scenario.as_str().into(),
                    d.supervisor.as_str().into(),
                    Cell::Text(heading(d.dimension).both()),
                    d.engine.into(),
                    d.mentor.into(),
                    d.gap().into(),
                ]
            })
            .collect(),
    }
}
