//! `results verify` over a store of 100,000 runs (one in ten signed off), target < 2 s,
//! beside a baseline measured in the same run: a plain SELECT of every row of `runs`.
//!
//! `cargo bench -p drill-records --bench verify [-- RUNS]`; best of three rounds each.

use std::time::{Duration, Instant};

use drill_engine::Transcript;
use drill_library::fixtures::{expert_actions, play};
use drill_records::assessment::{Assessment, Mark, Verdict};
use drill_records::results::{NewRun, ResultsStore};
use drill_records::trust::{KdfCost, NewSupervisor, OfficeKeys, export_keys_text};

const SCENARIO: &str = "broken-entrance-gate";
const SIGN_OFF_EVERY: usize = 10;
const PASSPHRASE: &str = "bench passphrase";

fn main() {
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|arg| arg.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("results.sqlite");
    let started = Instant::now();
    let keys = fill(&path, runs);
    println!(
        "store of {runs} runs, {} sign-offs, {:.1} MB, made in {:.1} s",
        runs / SIGN_OFF_EVERY,
        std::fs::metadata(&path).unwrap().len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );

    let baseline = best_of_three(|| plain_select(&path));
    let verify = best_of_three(|| {
        let store = ResultsStore::open_existing(&path).unwrap();
        let report = store.verify(None).unwrap();
        assert!(
            report.is_clean() && report.runs == runs,
            "{:?}",
            report.summary()
        );
    });
    let with_keys = best_of_three(|| {
        let store = ResultsStore::open_existing(&path).unwrap();
        assert!(store.verify(Some(&keys)).unwrap().is_clean());
    });
    let derivation = best_of_three(|| {
        let store = ResultsStore::open_in_memory().unwrap();
        store
            .add_supervisor(&NewSupervisor {
                name: "cost",
                passphrase: PASSPHRASE,
                created_at: "2026-11-20 09:00",
                cost: KdfCost::default(),
            })
            .unwrap();
    });
    println!(
        "a supervisor account at the production argon2id cost (two derivations): {:.3} s",
        derivation.as_secs_f64()
    );
    let ratio = |d: Duration| d.as_secs_f64() / baseline.as_secs_f64();
    println!(
        "plain SELECT of every run row (baseline): {:.3} s",
        baseline.as_secs_f64()
    );
    println!(
        "open + results verify: {:.3} s ({:.1}x baseline; target < 2 s)",
        verify.as_secs_f64(),
        ratio(verify)
    );
    println!(
        "open + results verify --keys: {:.3} s ({:.1}x baseline)",
        with_keys.as_secs_f64(),
        ratio(with_keys)
    );
}

/// Saves `runs` runs (in one outer transaction, as a bulk import would) and signs one in
/// ten off; returns the office's copy of the supervisor's key.
fn fill(path: &std::path::Path, runs: usize) -> OfficeKeys {
    let store = ResultsStore::open(path).unwrap();
    let (session, score) = play(SCENARIO, 3, expert_actions(SCENARIO, 3));
    let mut transcript = Transcript::of(&session, "trainee");
    let supervisor = store
        .add_supervisor(&NewSupervisor {
            name: "刘主任",
            passphrase: PASSPHRASE,
            created_at: "2026-11-20 09:00",
            cost: KdfCost::FOR_TESTS,
        })
        .unwrap();
    store.execute_raw("BEGIN").unwrap();
    for index in 0..runs {
        transcript.trainee = format!("trainee {}", index % 500);
        let id = store
            .save(&NewRun {
                transcript: &transcript,
                score: &score,
                mode: "practice",
                saved_at: "2026-11-23 10:00",
                drill: None,
                team: Some("A"),
            })
            .unwrap();
        if index % SIGN_OFF_EVERY == 0 {
            store.sign_off(&assessment(id), PASSPHRASE).unwrap();
        }
    }
    store.execute_raw("COMMIT").unwrap();
    OfficeKeys::parse("office.keys", &export_keys_text(&supervisor, "now")).unwrap()
}

fn assessment(run: i64) -> Assessment {
    let mark = |score| Mark {
        score,
        reason: "ok".into(),
    };
    Assessment {
        run,
        supervisor: "刘主任".into(),
        etiquette: mark(90),
        procedure: mark(80),
        record: mark(70),
        owner_feedback: 85,
        comments: Vec::new(),
        verdict: Verdict::Pass,
        signed_at: "2026-11-23 11:00".into(),
    }
}

/// Reads every column of every run, touching each value.
fn plain_select(path: &std::path::Path) {
    let connection = rusqlite::Connection::open(path).unwrap();
    let mut statement = connection
        .prepare("SELECT * FROM runs ORDER BY id")
        .unwrap();
    let columns = statement.column_count();
    let mut rows = statement.query([]).unwrap();
    let mut bytes = 0usize;
    while let Some(row) = rows.next().unwrap() {
        for index in 0..columns {
            bytes += match row.get_ref(index).unwrap() {
                rusqlite::types::ValueRef::Text(text) => text.len(),
                _ => 8,
            };
        }
    }
    assert!(bytes > 0);
}

fn best_of_three(mut work: impl FnMut()) -> Duration {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .min()
        .unwrap()
}
