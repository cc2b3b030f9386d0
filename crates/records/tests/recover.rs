//! A results store file that is damaged or not ours is reported, moved aside under a new name
//! that overwrites nothing, and a new store is made; a good store, a missing one and a newer
//! release's are opened (or refused) as they are.

use std::path::{Path, PathBuf};

use drill_engine::Transcript;
use drill_library::fixtures::*;
use drill_records::recover::{SetAside, Unusable, open_or_set_aside};
use drill_records::results::{ResultsStore, StoreError};
use drill_records::schema::CURRENT_VERSION;
use rusqlite::Connection;

fn store_with_one_run(path: &Path) {
    let store = ResultsStore::open(path).unwrap();
    let (session, score) = play(
        "broken-entrance-gate",
        1,
        expert_actions("broken-entrance-gate", 1),
    );
    store
        .save_run(
            &Transcript::of(&session, "小陈"),
            &score,
            "practice",
            "2026-11-25 09:00",
        )
        .unwrap();
}

/// Opens `path`, which must be set aside; checks the new store is empty and usable and the
/// old bytes are kept whole under the new name.
fn assert_set_aside(path: &Path, expect: fn(&Unusable) -> bool) -> SetAside {
    let before = std::fs::read(path).unwrap();
    let (store, set_aside) = open_or_set_aside(path).unwrap();
    let set_aside = set_aside.expect("the file is set aside");
    assert!(expect(&set_aside.why), "{:?}", set_aside.why);
    assert_eq!(set_aside.original, path);
    assert_eq!(
        std::fs::read(&set_aside.moved_to).unwrap(),
        before,
        "kept byte for byte"
    );
    let name = set_aside
        .moved_to
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(name.starts_with("results.sqlite.damaged-"), "{name}");
    assert_eq!(store.runs(None).unwrap(), [], "a new, empty store");
    store_with_one_run_in(&store);
    let message = set_aside.to_string();
    assert!(
        message.contains(&set_aside.moved_to.display().to_string()),
        "{message}"
    );
    set_aside
}

fn store_with_one_run_in(store: &ResultsStore) {
    let (session, score) = play(
        "broken-entrance-gate",
        2,
        expert_actions("broken-entrance-gate", 2),
    );
    store
        .save_run(
            &Transcript::of(&session, "小王"),
            &score,
            "practice",
            "2026-11-25 09:30",
        )
        .unwrap();
    assert_eq!(store.runs(None).unwrap().len(), 1);
}

fn temp_store() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("results.sqlite");
    (dir, path)
}

#[test]
fn a_text_file_where_the_store_should_be_is_set_aside_and_a_new_store_made() {
    let (_dir, path) = temp_store();
    std::fs::write(&path, "这不是数据库 not a database\n").unwrap();
    assert_set_aside(&path, |why| *why == Unusable::NotSqlite);
}

#[test]
fn another_programs_sqlite_file_is_set_aside_with_its_tables_named() {
    let (_dir, path) = temp_store();
    Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');")
        .unwrap();
    assert_set_aside(&path, |why| {
        *why == Unusable::Foreign(vec!["contacts".into()])
    });
}

#[test]
fn a_store_damaged_past_its_header_is_set_aside() {
    let (_dir, path) = temp_store();
    store_with_one_run(&path);
    // Checkpointed into the main file, then its first page after the header overwritten.
    let mut bytes = std::fs::read(&path).unwrap();
    for byte in &mut bytes[100..4096] {
        *byte = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    assert_set_aside(&path, |why| matches!(why, Unusable::Damaged(_)));
}

#[test]
fn setting_two_stores_aside_in_the_same_second_overwrites_neither() {
    let (_dir, path) = temp_store();
    std::fs::write(&path, "damaged").unwrap();
    let first = open_or_set_aside(&path)
        .unwrap()
        .1
        .expect("set aside")
        .moved_to;
    std::fs::write(&path, "damaged again").unwrap();
    // Within one second the stamp is the same: the second name is numbered instead.
    let second = open_or_set_aside(&path)
        .unwrap()
        .1
        .expect("set aside")
        .moved_to;
    assert_ne!(first, second);
    assert_eq!(std::fs::read(&first).unwrap(), b"damaged");
    assert_eq!(std::fs::read(&second).unwrap(), b"damaged again");
}

#[test]
fn a_good_store_a_missing_one_and_an_empty_file_open_without_being_set_aside() {
    let (_dir, path) = temp_store();
    let (_, set_aside) = open_or_set_aside(&path).unwrap();
    assert_eq!(set_aside, None, "a missing store is made");
    store_with_one_run(&path);
    let (store, set_aside) = open_or_set_aside(&path).unwrap();
    assert_eq!((set_aside, store.runs(None).unwrap().len()), (None, 1));

    let (_other_dir, empty) = temp_store();
    std::fs::write(&empty, "").unwrap();
    assert_eq!(open_or_set_aside(&empty).unwrap().1, None);
}

#[test]
fn a_newer_releases_store_is_refused_and_left_where_it_is() {
    let (dir, path) = temp_store();
    Connection::open(&path)
        .unwrap()
        .execute_batch(&format!(
            "CREATE TABLE future_runs (x); PRAGMA user_version = {};",
            CURRENT_VERSION + 3
        ))
        .unwrap();
    let error = open_or_set_aside(&path).err().expect("refused");
    assert!(matches!(error, StoreError::Newer(..)), "{error}");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains("damaged")), "{names:?}");
}
