//! The supervisors' reports: a trainee's progress per dimension (a plot, with egui_plot) and
//! the rules they keep breaking; a team's month as tables (rules most often broken, hardest
//! scenarios, drill completion and passes, mentor-engine disagreements). The shell reads the
//! report from the store (`ResultsStore::trainee_report` / `team_report`); this screen shows
//! the same tables the terminal and the CSV and XLSX exports do, in one language.

use drill_engine::Lang;
use drill_records::DrillRun;
use drill_records::report::tables::{self, Table};
use drill_records::report::{Dimension, Heading, SUB_SCORES, TeamReport, TraineeReport, heading};
use egui::Ui;
use egui_plot::{Legend, Line, Plot, PlotPoints, Points};

use crate::{Nav, tr};

/// The report a supervisor asked for; the shell reads it from the results store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportRequest {
    /// One trainee's progress, every run.
    Trainee(String),
    /// A team of the roster, this month.
    Team(String),
    /// Every run stored against a drill, side by side with its seed.
    Drill(String),
}

/// The report the shell read, or why it could not.
#[derive(Debug, Clone)]
pub enum Report {
    Trainee(TraineeReport),
    Team(TeamReport),
    Drill { drill: String, runs: Vec<DrillRun> },
}

#[derive(Debug, Clone)]
pub struct ReportState {
    pub lang: Lang,
    pub report: Result<Report, String>,
}

const PLOT_HEIGHT: f32 = 240.0;
const RUNS_AXIS: Heading = Heading::new("运行(按时间先后)", "Runs, oldest first");
const SCORE_AXIS: Heading = Heading::new("分数", "Score");
const NO_RUNS: Heading = Heading::new("没有记录", "No runs yet");
const UNREADABLE: Heading = Heading::new("报告无法读取", "The report could not be read");

/// Back (to the results list), the title, then the report.
pub fn show(ui: &mut Ui, state: &ReportState) -> Option<Nav> {
    let lang = state.lang;
    let mut nav = None;
    ui.horizontal(|ui| {
        if ui.button(tr("nav.back", lang)).clicked() {
            nav = Some(Nav::Review);
        }
        ui.heading(title(state));
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| match &state.report {
            Ok(Report::Trainee(report)) => trainee(ui, lang, report),
            Ok(Report::Team(report)) => team(ui, lang, report),
            Ok(Report::Drill { runs, .. }) => drill(ui, lang, runs),
            Err(error) => {
                ui.colored_label(ui.visuals().error_fg_color, UNREADABLE.get(lang));
                ui.label(error);
            }
        });
    nav
}

fn title(state: &ReportState) -> String {
    let lang = state.lang;
    match &state.report {
        Ok(Report::Trainee(report)) => {
            format!(
                "{}: {}",
                Heading::new("学员", "Trainee").get(lang),
                report.trainee
            )
        }
        Ok(Report::Team(report)) => {
            let month = report.month.map(|m| format!(" · {m}")).unwrap_or_default();
            format!(
                "{}: {}{month}",
                Heading::new("团队", "Team").get(lang),
                report.team
            )
        }
        Ok(Report::Drill { drill, .. }) => {
            format!("{}: {drill}", Heading::new("训练", "Drill").get(lang))
        }
        Err(_) => UNREADABLE.get(lang).to_owned(),
    }
}

fn trainee(ui: &mut Ui, lang: Lang, report: &TraineeReport) {
    if report.progress.is_empty() {
        ui.label(NO_RUNS.get(lang));
        return;
    }
    progress_plot(ui, lang, report);
    ui.add_space(8.0);
    for table in tables::trainee(report).iter().rev() {
        // The rules they keep breaking first: that is what the supervisor came to see.
        table_section(ui, lang, table);
    }
}

/// One line per dimension over the trainee's runs, oldest first; the overall is drawn with
/// markers so it reads apart from the three sub-scores.
fn progress_plot(ui: &mut Ui, lang: Lang, report: &TraineeReport) {
    let series = |dimension: Dimension| -> PlotPoints<'static> {
        report
            .progress
            .iter()
            .enumerate()
            .map(|(index, run)| [index as f64 + 1.0, f64::from(run.scores.of(dimension))])
            .collect()
    };
    Plot::new("trainee_progress")
        .height(PLOT_HEIGHT)
        .legend(Legend::default())
        .include_y(0.0)
        .include_y(100.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .x_axis_label(RUNS_AXIS.get(lang))
        // Runs are counted: a mark between two runs names none.
        .x_axis_formatter(|mark, _| {
            if mark.value.fract() == 0.0 {
                format!("{}", mark.value)
            } else {
                String::new()
            }
        })
        .y_axis_label(SCORE_AXIS.get(lang))
        .show(ui, |plot| {
            for dimension in SUB_SCORES {
                plot.line(Line::new(heading(dimension).get(lang), series(dimension)));
            }
            let overall = heading(Dimension::Overall).get(lang);
            plot.line(Line::new(overall, series(Dimension::Overall)).width(2.5));
            plot.points(Points::new(overall, series(Dimension::Overall)).radius(3.5));
        });
}

fn team(ui: &mut Ui, lang: Lang, report: &TeamReport) {
    if report.runs == 0 {
        ui.label(NO_RUNS.get(lang));
        return;
    }
    for table in tables::team(report) {
        table_section(ui, lang, &table);
    }
}

fn drill(ui: &mut Ui, lang: Lang, runs: &[DrillRun]) {
    if runs.is_empty() {
        ui.label(NO_RUNS.get(lang));
        return;
    }
    for table in tables::drill(runs) {
        table_section(ui, lang, &table);
    }
}

/// A table's title and a grid of its rows, headings in `lang`.
fn table_section(ui: &mut Ui, lang: Lang, table: &Table) {
    ui.add_space(6.0);
    ui.strong(table.title.get(lang));
    if table.rows.is_empty() {
        ui.weak(Heading::new("(无)", "(none)").get(lang));
        return;
    }
    egui::Grid::new(table.title.en)
        .striped(true)
        .num_columns(table.headings.len())
        .show(ui, |ui| {
            for heading in &table.headings {
                ui.strong(heading.get(lang));
            }
            ui.end_row();
            for row in &table.rows {
                for cell in row {
                    ui.label(cell.shown(lang));
                }
                ui.end_row();
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use drill_records::report::{
        Disagreement, DrillProgress, ReportRun, RuleCount, ScenarioMean, SubScores,
    };
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    fn run(id: i64, overall: u32, etiquette: u32, rules: &[&str]) -> ReportRun {
        ReportRun {
            run: id,
            saved_at: format!("2026-11-{:02} 09:00", id),
            trainee: "小陈".into(),
            team: Some("A 组".into()),
            scenario: "broken-entrance-gate".into(),
            drill: None,
            seed: 1,
            scores: SubScores {
                overall,
                etiquette,
                procedure: 90,
                record: 80,
            },
            critical: false,
            rules_broken: rules.iter().map(|r| r.to_string()).collect(),
        }
    }

    fn trainee_report() -> TraineeReport {
        TraineeReport {
            trainee: "小陈".into(),
            progress: vec![
                run(1, 70, 60, &["E-12"]),
                run(2, 78, 70, &["E-12"]),
                run(3, 95, 100, &[]),
            ],
            rules_broken: vec![RuleCount {
                rule: "E-12".into(),
                findings: 2,
                runs: 2,
            }],
        }
    }

    fn team_report() -> TeamReport {
        TeamReport {
            team: "A 组".into(),
            month: Some("2026-11".parse().unwrap()),
            runs: 4,
            trainees: 3,
            rules_broken: vec![RuleCount {
                rule: "P-11".into(),
                findings: 3,
                runs: 2,
            }],
            hardest: vec![
                ScenarioMean {
                    scenario: "lift-entrapment".into(),
                    runs: 1,
                    mean_overall: 31.0,
                },
                ScenarioMean {
                    scenario: "broken-entrance-gate".into(),
                    runs: 3,
                    mean_overall: 88.5,
                },
            ],
            drills: vec![DrillProgress {
                drill: "november-refresher".into(),
                assigned: 3,
                completed: 2,
                passed: Some(1),
                runs: 2,
            }],
            disagreements: vec![Disagreement {
                run: 4,
                trainee: "小王".into(),
                scenario: "broken-entrance-gate".into(),
                supervisor: "刘主任".into(),
                dimension: Dimension::Overall,
                engine: 100,
                mentor: 80,
            }],
        }
    }

    fn harness(lang: Lang, report: Report) -> Harness<'static, (ReportState, Option<Nav>)> {
        let state = ReportState {
            lang,
            report: Ok(report),
        };
        let mut harness = Harness::builder()
            .with_size(egui::Vec2::new(1280.0, 900.0))
            .build_ui_state(
                |ui, (state, nav): &mut (ReportState, Option<Nav>)| {
                    *nav = show(ui, state).or(nav.take());
                },
                (state, None),
            );
        harness.run();
        harness
    }

    #[test]
    fn a_supervisor_sees_the_trainees_progress_plot_and_the_rule_they_keep_breaking() {
        let harness = harness(Lang::En, Report::Trainee(trainee_report()));
        harness.get_by_label("Trainee: 小陈");
        // Each dimension is named twice: in the plot's legend and as the table's column.
        for dimension in ["Etiquette", "Procedure", "Record", "Overall"] {
            let named = harness.query_all_by_label(dimension).count();
            assert_eq!(named, 2, "{dimension}: the legend and the column");
        }
        harness.get_by_label("Rules broken, most often first");
        let e12 = harness.query_all_by_label("E-12").count();
        assert_eq!(
            e12, 3,
            "once in the rules table, once on each run that broke it"
        );
        assert_eq!(
            harness.query_all_by_label("broken-entrance-gate").count(),
            3,
            "one row per run"
        );
    }

    #[test]
    fn the_team_table_lists_the_hardest_scenario_first_and_the_disagreement_in_chinese() {
        let harness = harness(Lang::Zh, Report::Team(team_report()));
        harness.get_by_label("团队: A 组 · 2026-11");
        harness.get_by_label("最难的情景");
        harness.get_by_label("31.0");
        harness.get_by_label("66.7");
        harness.get_by_label("刘主任");
        harness.get_by_label("导师与系统评分分歧");
        let hardest_first = harness.get_by_label("lift-entrapment").rect().min.y;
        let next = harness
            .query_all_by_label("broken-entrance-gate")
            .map(|n| n.rect().min.y)
            .fold(f32::MAX, f32::min);
        assert!(hardest_first < next, "the lowest mean is listed first");
    }

    #[test]
    fn a_drill_report_puts_every_run_of_the_drill_side_by_side_with_its_seed() {
        let mut runs = vec![run(5, 90, 90, &[]), run(6, 60, 40, &["E-11"])];
        runs[1].trainee = "李强".into();
        for run in &mut runs {
            (run.drill, run.seed) = (Some("november-refresher".into()), 42);
        }
        let drill = "november-refresher".to_owned();
        let harness = harness(Lang::En, Report::Drill { drill, runs });
        harness.get_by_label("Drill: november-refresher");
        harness.get_by_label("Drill runs");
        harness.get_by_label("李强");
        assert_eq!(
            harness.get_all_by_label("42").count(),
            2,
            "both runs show the seed"
        );
    }

    #[test]
    fn a_yes_or_no_cell_is_shown_in_the_screens_language_only() {
        let harness = harness(Lang::Zh, Report::Trainee(trainee_report()));
        assert_eq!(
            harness.query_all_by_label("否").count(),
            3,
            "three runs, none critical"
        );
        assert!(harness.query_by_label("否 no").is_none());
    }

    #[test]
    fn back_returns_to_the_results_list() {
        let mut harness = harness(Lang::En, Report::Team(team_report()));
        harness.get_by_label("Back").click();
        harness.run();
        assert_eq!(harness.state().1, Some(Nav::Review));
    }

    #[test]
    fn a_report_that_could_not_be_read_says_so_with_the_reason() {
        let state = ReportState {
            lang: Lang::En,
            report: Err("results.sqlite: disk I/O error".into()),
        };
        let mut harness = Harness::builder().build_ui_state(
            |ui, state: &mut ReportState| {
                show(ui, state);
            },
            state,
        );
        harness.run();
        assert!(
            harness
                .query_all_by_label("The report could not be read")
                .count()
                >= 1
        );
        harness.get_by_label("results.sqlite: disk I/O error");
    }
}
