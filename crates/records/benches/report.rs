//! The team report over a store of 100,000 runs: open the store and build the report, beside
//! a baseline measured in the same run (a plain SELECT of the report's columns of every row).
//! Target: under 1 s on the 2-core CI machine, release build.
//!
//! `cargo bench -p drill-records --bench report`. The store is generated once into the temp
//! folder (real transcripts and scores of 13 scenarios' expert and cut-short paths, so
//! `rules_broken` holds what real runs break) and reused by later runs.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use drill_engine::drill::NaiveDate;
use drill_engine::{Action, Session, Transcript, score};
use drill_library::fixtures::{all_scenarios, rules};
use drill_records::report::Month;
use drill_records::results::ResultsStore;
use rusqlite::{Connection, params};

const RUNS: usize = 100_000;
const TRAINEES: usize = 240;
/// Half of all runs are the big team's: its report is the worst case a supervisor opens.
const BIG_TEAM: &str = "A 组";
const OTHER_TEAMS: [&str; 5] = ["B 组", "C 组", "D 组", "E 组", "F 组"];
const ROUNDS: usize = 3;

/// A played run to copy into the store many times.
struct Sample {
    transcript: String,
    scenario: String,
    scores: [u32; 4],
    critical: bool,
    rules_broken: String,
}

/// Every scenario's expert path, and the same cut short by closing the case after 1-4 actions.
fn samples() -> Vec<Sample> {
    let rules = rules();
    let mut samples = Vec::new();
    for scenario in all_scenarios() {
        let expert = Session::new(scenario.clone(), rules.clone(), 1).expert_actions();
        for cut in [expert.len(), 1, 2, 3, 4] {
            let mut actions: Vec<Action> = expert.iter().take(cut).cloned().collect();
            if cut < expert.len() {
                actions.push(Action::Close);
            }
            let Ok(session) = Session::replay(scenario.clone(), rules.clone(), 1, actions) else {
                continue;
            };
            let score = score(&session);
            let broken: Vec<&str> = score.findings.iter().map(|f| f.rule.as_str()).collect();
            samples.push(Sample {
                transcript: Transcript::of(&session, "trainee").to_ron(),
                scenario: scenario.id().to_owned(),
                scores: [
                    score.overall,
                    score.etiquette,
                    score.procedure,
                    score.record,
                ],
                critical: score.critical,
                rules_broken: broken.join(" "),
            });
        }
    }
    samples
}

fn team_of(trainee: usize) -> &'static str {
    if trainee.is_multiple_of(2) {
        BIG_TEAM
    } else {
        OTHER_TEAMS[trainee / 2 % OTHER_TEAMS.len()]
    }
}

/// Makes the store at `path` (its schema through `ResultsStore::open`, the rows in one
/// transaction), unless a whole one is there from an earlier run.
fn generated_store(path: &Path) -> PathBuf {
    let complete = path.exists()
        && Connection::open(path)
            .and_then(|c| c.query_row("SELECT count(*) FROM runs", [], |r| r.get::<_, i64>(0)))
            .is_ok_and(|n| n as usize == RUNS);
    if complete {
        return path.to_owned();
    }
    let _ = std::fs::remove_file(path);
    drop(ResultsStore::open(path).expect("a new store"));
    let started = Instant::now();
    let samples = samples();
    let mut connection = Connection::open(path).unwrap();
    let transaction = connection.transaction().unwrap();
    {
        let mut insert = transaction
            .prepare(
                "INSERT INTO runs (saved_at, trainee, scenario, scenario_version, rules, seed,
                     mode, overall, etiquette, procedure, record, critical, transcript, drill,
                     team, rules_broken)
                 VALUES (?1, ?2, ?3, 1, 'default', 1, 'assessment', ?4, ?5, ?6, ?7, ?8, ?9, ?10,
                         ?11, ?12)",
            )
            .unwrap();
        let mut review = transaction
            .prepare(
                "INSERT INTO reviews (run_id, supervisor, score, note, signed_at)
                 VALUES (?1, '刘主任', ?2, '', ?3)",
            )
            .unwrap();
        for index in 0..RUNS {
            let sample = &samples[index * 7 % samples.len()];
            let trainee = index % TRAINEES;
            // Spread over 2026, in saving order.
            let day = index * 365 / RUNS;
            let saved_at = format!(
                "2026-{:02}-{:02} 09:{:02}",
                day / 31 % 12 + 1,
                day % 28 + 1,
                index % 60
            );
            let drill = index
                .is_multiple_of(3)
                .then(|| format!("drill-{:02}", day / 31 % 12 + 1));
            let [overall, etiquette, procedure, record] = sample.scores;
            insert
                .execute(params![
                    saved_at,
                    format!("学员{trainee:03}"),
                    sample.scenario,
                    overall,
                    etiquette,
                    procedure,
                    record,
                    sample.critical,
                    sample.transcript,
                    drill,
                    team_of(trainee),
                    sample.rules_broken
                ])
                .unwrap();
            if index.is_multiple_of(10) {
                let mentor = (overall + index as u32 % 40).min(100);
                review
                    .execute(params![transaction.last_insert_rowid(), mentor, saved_at])
                    .unwrap();
            }
        }
    }
    transaction.commit().unwrap();
    println!(
        "generated {RUNS} runs ({} distinct played runs) into {} in {:.1} s ({} MB)",
        samples.len(),
        path.display(),
        started.elapsed().as_secs_f64(),
        std::fs::metadata(path).map_or(0, |m| m.len()) / 1_000_000
    );
    path.to_owned()
}

fn best_of(mut work: impl FnMut() -> usize) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut rows = 0;
    for _ in 0..ROUNDS {
        let started = Instant::now();
        rows = work();
        best = best.min(started.elapsed());
    }
    (best, rows)
}

/// The baseline: every row's report columns read and dropped, the store opened raw.
fn plain_select(path: &Path, extra: &str) -> usize {
    let connection = Connection::open(path).unwrap();
    let sql = format!(
        "SELECT id, saved_at, trainee, team, scenario, drill, seed, overall, etiquette,
                procedure, record, critical, rules_broken FROM runs {extra}"
    );
    let mut statement = connection.prepare(&sql).unwrap();
    let mut rows = statement.query([]).unwrap();
    let mut count = 0;
    while let Some(row) = rows.next().unwrap() {
        let rules: String = row.get(12).unwrap();
        std::hint::black_box(rules);
        count += 1;
    }
    count
}

fn team_report(path: &Path, month: Option<Month>) -> usize {
    let store = ResultsStore::open_existing(path).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 12, 31).expect("a date");
    let report = store.team_report(BIG_TEAM, month, &[], today).unwrap();
    assert!(report.runs > 0 && !report.rules_broken.is_empty());
    report.runs as usize
}

fn main() {
    let path = generated_store(&std::env::temp_dir().join("drill-report-bench-100000.sqlite"));
    let (baseline, all) = best_of(|| plain_select(&path, ""));
    let report_row = |what: &str, (time, rows): (Duration, usize)| {
        println!(
            "{what:<58} {:>7.3} s  {:>6} runs  {:>5.2}× baseline",
            time.as_secs_f64(),
            rows,
            time.as_secs_f64() / baseline.as_secs_f64()
        );
    };
    println!("best of {ROUNDS} rounds, {RUNS} runs in the store, release build:");
    report_row(
        "baseline: plain SELECT of the report columns, every row",
        (baseline, all),
    );
    report_row(
        "the same, forced past the index (reads the row itself)",
        best_of(|| plain_select(&path, "NOT INDEXED")),
    );
    report_row(
        &format!("open the store + team report, {BIG_TEAM}, every month"),
        best_of(|| team_report(&path, None)),
    );
    let november = "2026-11".parse().ok();
    report_row(
        &format!("open the store + team report, {BIG_TEAM}, 2026-11"),
        best_of(|| team_report(&path, november)),
    );
}
