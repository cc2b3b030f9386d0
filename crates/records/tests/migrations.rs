//! A store made by an earlier release opens in this one with every run kept; a store made
//! by a newer release is refused and left as it was.

use drill_records::results::{ResultsStore, StoreError};
use drill_records::schema::CURRENT_VERSION;
use rusqlite::Connection;

/// The first release's schema, as it shipped (no `user_version`).
const FIRST_RELEASE: &str = include_str!("../src/schema/v1_runs_and_reviews.sql");

fn first_release_store(path: &std::path::Path) {
    let connection = Connection::open(path).unwrap();
    connection.execute_batch(FIRST_RELEASE).unwrap();
    connection
        .execute(
            "INSERT INTO runs (saved_at, trainee, scenario, scenario_version, rules, seed, mode,
                               overall, etiquette, procedure, record, critical, transcript)
             VALUES ('2026-11-20 09:00', '小陈', 'broken-entrance-gate', 1, 'default', 7,
                     'practice', 88, 90, 85, 89, 0, '(old transcript)')",
            [],
        )
        .unwrap();
    connection
        .execute(
            "INSERT INTO reviews (run_id, supervisor, score, note, signed_at)
             VALUES (1, '刘主任', 90, '好', '2026-11-20 10:00')",
            [],
        )
        .unwrap();
}

fn user_version(path: &std::path::Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .unwrap()
}

#[test]
fn a_store_from_the_first_release_migrates_keeping_its_runs_and_reviews() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("results.sqlite");
    first_release_store(&path);
    assert_eq!(user_version(&path), 0);

    let store = ResultsStore::open_existing(&path).unwrap();
    let runs = store.runs(None).unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!((runs[0].trainee.as_str(), runs[0].overall), ("小陈", 88));
    assert_eq!(runs[0].supervisor_score, Some(90));
    assert_eq!(store.reviews(1).unwrap()[0].supervisor, "刘主任");
    drop(store);
    assert_eq!(user_version(&path), CURRENT_VERSION);

    // Opening again applies nothing twice.
    let again = ResultsStore::open_existing(&path).unwrap();
    assert_eq!(again.runs(None).unwrap().len(), 1);
}

#[test]
fn a_store_from_a_newer_release_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("results.sqlite");
    first_release_store(&path);
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", CURRENT_VERSION + 5)
        .unwrap();
    let before = std::fs::read(&path).unwrap();

    let error = ResultsStore::open_existing(&path).err().expect("refused");
    assert!(matches!(error, StoreError::Newer(_, v) if v == CURRENT_VERSION + 5));
    assert!(
        error.to_string().contains("newer complaint-drill"),
        "{error}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}
