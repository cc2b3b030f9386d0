//! The calibration suite: runs graded by hand, the way a front-desk supervisor would sign them,
//! from DOMAIN.md and the scenarios alone, before the engine scored them
//! (`tests/calibration/runs.ron`, grade and reason beside each run). The engine's scores must
//! order the runs as the grades do and land near them: the test prints every run, the
//! Spearman rank correlation and the mean absolute error (`cargo test -- --nocapture`).

use std::collections::{BTreeMap, BTreeSet};

use std::sync::Arc;

use drill_engine::scenario::RawScenario;
use drill_engine::{Action, Lang, Scenario, Session, score};
use drill_library::fixtures::{repo_path, rules};
use drill_library::{SourceFile, parse_ron, render_all};
use serde::Deserialize;

/// One hand-graded run.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalibrationRun {
    pub id: String,
    pub scenario: String,
    pub seed: u64,
    /// The supervisor's grade, 0-100, for the whole handling.
    pub grade: u32,
    /// Why: the slips a supervisor sees and the DOMAIN rules they break.
    pub reason: String,
    /// Fill values may hold the scenario's `{placeholders}`; see `run_actions`.
    pub actions: Vec<Action>,
}

const RUNS: &str = "crates/library/tests/calibration/runs.ron";

/// Every run of `tests/calibration/runs.ron`, in file order.
fn calibration_runs() -> Vec<CalibrationRun> {
    let path = repo_path(RUNS);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    ron::from_str(&text).unwrap_or_else(|error| panic!("{RUNS}: {error}"))
}

/// `scenarios/<id>.ron`, parsed and structurally checked (options, `next` references, facts)
/// but not linted: `fixtures::scenario` also plays the expert path and refuses the file when
/// it falls short of 100, and whether a run replays must not depend on that (nor on scoring).
fn scenario(id: &str) -> Arc<Scenario> {
    let file = SourceFile::read(&repo_path(&format!("scenarios/{id}.ron")))
        .unwrap_or_else(|problem| panic!("{}", render_all(&[*problem])));
    let raw: RawScenario = parse_ron(&file).unwrap_or_else(|p| panic!("{}", render_all(&p)));
    let scenario = Scenario::from_raw(raw, &rules())
        .unwrap_or_else(|flaws| panic!("{}", render_all(&file.locate_all(flaws))));
    Arc::new(scenario)
}

/// The run's actions with the `{placeholders}` of Fill values filled from its seed's variant.
fn run_actions(run: &CalibrationRun) -> Vec<Action> {
    let session = Session::new(scenario(&run.scenario), rules(), run.seed);
    run.actions
        .iter()
        .map(|action| match action {
            Action::Fill(field, value) => Action::Fill(*field, session.fill(value, Lang::Zh)),
            other => other.clone(),
        })
        .collect()
}

#[test]
fn every_calibration_run_replays_on_its_scenario() {
    let runs = calibration_runs();

    let mut ids = BTreeSet::new();
    for run in &runs {
        assert!(ids.insert(run.id.as_str()), "duplicate run id `{}`", run.id);
        assert!(
            run.grade <= 100,
            "{}: grade {} is outside 0..=100",
            run.id,
            run.grade
        );
        assert!(!run.reason.trim().is_empty(), "{}: no reason given", run.id);
        assert!(!run.actions.is_empty(), "{}: no actions", run.id);
    }

    let mut per_scenario: BTreeMap<&str, usize> = BTreeMap::new();
    for run in &runs {
        *per_scenario.entry(run.scenario.as_str()).or_default() += 1;
    }
    assert!(runs.len() >= 40, "only {} calibration runs", runs.len());
    assert!(
        per_scenario.len() >= 8,
        "runs cover only {} scenarios: {per_scenario:?}",
        per_scenario.len()
    );

    let mut failures = Vec::new();
    for run in &runs {
        let actions = run_actions(run);
        for (index, action) in actions.iter().enumerate() {
            if let Action::Fill(_, value) = action
                && value.contains('{')
            {
                failures.push(format!(
                    "{} (scenario {}, seed {}): action {index} `{action}` keeps an unknown placeholder",
                    run.id, run.scenario, run.seed
                ));
            }
        }
        if let Err((index, error)) =
            Session::replay(scenario(&run.scenario), rules(), run.seed, actions.clone())
        {
            failures.push(format!(
                "{} (scenario {}, seed {}): action {index} `{}` rejected: {error}",
                run.id, run.scenario, run.seed, actions[index]
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "calibration runs that do not replay:\n{}",
        failures.join("\n")
    );
}

/// Ranks from 1, ties sharing the mean of their ranks.
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|a, b| values[*a].total_cmp(&values[*b]));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let tied = order[start..]
            .iter()
            .take_while(|i| values[**i] == values[order[start]])
            .count();
        let mean_rank = (start + 1 + start + tied) as f64 / 2.0;
        for i in &order[start..start + tied] {
            ranks[*i] = mean_rank;
        }
        start += tied;
    }
    ranks
}

/// Spearman's rank correlation: Pearson's correlation of the ranks.
fn spearman(a: &[f64], b: &[f64]) -> f64 {
    let (ra, rb) = (ranks(a), ranks(b));
    let n = ra.len() as f64;
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let cov: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let var = |r: &[f64], m: f64| r.iter().map(|x| (x - m).powi(2)).sum::<f64>();
    cov / (var(&ra, ma) * var(&rb, mb)).sqrt()
}

#[test]
fn spearman_is_one_for_the_same_order_and_minus_one_for_the_reverse() {
    let a = [10.0, 20.0, 30.0, 30.0];
    assert!((spearman(&a, &[1.0, 2.0, 5.0, 5.0]) - 1.0).abs() < 1e-9);
    assert!((spearman(&a, &[4.0, 3.0, 1.0, 1.0]) + 1.0).abs() < 1e-9);
}

#[test]
fn the_engine_orders_and_scores_runs_as_the_supervisors_graded_them() {
    let runs = calibration_runs();
    let mut rows = Vec::new();
    for run in &runs {
        let session = Session::replay(scenario(&run.scenario), rules(), run.seed, run_actions(run))
            .unwrap_or_else(|(index, error)| panic!("{}: action {index}: {error}", run.id));
        rows.push((run, score(&session)));
    }
    println!(
        "{:<14} {:>5} {:>5} {:>5}  reason",
        "run", "grade", "score", "diff"
    );
    for (run, score) in &rows {
        let diff = i64::from(score.overall) - i64::from(run.grade);
        let exact = f64::from(score.overall_hundredths) / 100.0;
        println!(
            "{:<14} {:>5} {:>6.2} {:>+5}  {}",
            run.id, run.grade, exact, diff, run.reason
        );
        // CALIBRATION_SHOW=run-id,… prints the arithmetic behind those runs' scores.
        if std::env::var("CALIBRATION_SHOW").is_ok_and(|ids| ids.split(',').any(|id| id == run.id))
        {
            for f in &score.findings {
                println!(
                    "    {:?} {} -{} at {:?}: {:?}",
                    f.area, f.rule, f.points, f.step, f.kind
                );
            }
            println!(
                "    E {} P {} R {} cap {:?}",
                score.etiquette, score.procedure, score.record, score.cap
            );
        }
    }
    let grades: Vec<f64> = rows.iter().map(|(run, _)| f64::from(run.grade)).collect();
    let scores: Vec<f64> = rows
        .iter()
        .map(|(_, s)| f64::from(s.overall_hundredths) / 100.0)
        .collect();
    let rho = spearman(&grades, &scores);
    let mae = grades
        .iter()
        .zip(&scores)
        .map(|(g, s)| (g - s).abs())
        .sum::<f64>()
        / grades.len() as f64;
    println!(
        "{} runs: Spearman {rho:.3} (target >= 0.95), mean |score - grade| {mae:.2} (target <= 5)",
        rows.len()
    );
    let collisions: Vec<String> = rows
        .iter()
        .enumerate()
        .flat_map(|(i, (a, sa))| {
            rows[i + 1..]
                .iter()
                .filter(move |(b, sb)| {
                    sa.overall_hundredths == sb.overall_hundredths && a.grade != b.grade
                })
                .map(move |(b, _)| {
                    let tenths = f64::from(sa.overall_hundredths) / 100.0;
                    format!(
                        "{} ({}) and {} ({}) both score {tenths}",
                        a.id, a.grade, b.id, b.grade
                    )
                })
        })
        .collect();
    assert!(rho >= 0.95, "Spearman {rho:.3} is below 0.95");
    assert!(mae <= 5.0, "mean absolute error {mae:.2} is above 5");
    assert!(
        collisions.is_empty(),
        "runs graded apart score the same:\n{}",
        collisions.join("\n")
    );
}
