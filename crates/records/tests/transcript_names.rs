//! A transcript's file name comes from its run number and a sanitised scenario id, and is
//! always inside the data folder, whatever the scenario file called itself.

use std::fs;

use drill_records::{runs_dir, transcript_path, write_atomically};

/// (scenario id, the file name it gives run 12).
const IDS: &[(&str, &str)] = &[
    ("broken-entrance-gate", "000012-broken-entrance-gate.ron"),
    ("../../../../x", "000012-x.ron"),
    ("/etc/passwd", "000012-etc-passwd.ron"),
    ("gate\0../x", "000012-gate-x.ron"),
    ("C:\\Windows\\x", "000012-c-windows-x.ron"),
    ("Lift Out Of Order", "000012-lift-out-of-order.ron"),
    ("..", "000012-run.ron"),
    ("", "000012-run.ron"),
    ("电梯困人", "000012-run.ron"),
];

#[test]
fn hostile_scenario_ids_give_transcript_files_inside_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    for (id, name) in IDS {
        let path = transcript_path(dir.path(), 12, id).unwrap();
        assert_eq!(path, runs_dir(dir.path()).join(name), "{id:?}");
        write_atomically(&path, b"run").unwrap();
    }
    let data = dir.path().canonicalize().unwrap();
    for entry in fs::read_dir(runs_dir(dir.path())).unwrap() {
        assert!(
            entry
                .unwrap()
                .path()
                .canonicalize()
                .unwrap()
                .starts_with(&data)
        );
    }
    assert!(!dir.path().parent().unwrap().join("x").exists());
}

#[test]
fn a_255_byte_scenario_id_gives_a_short_file_name_that_can_be_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = transcript_path(dir.path(), 7, &"a".repeat(255)).unwrap();
    let name = path.file_name().unwrap().to_str().unwrap();
    assert_eq!(name, format!("000007-{}.ron", "a".repeat(64)));
    write_atomically(&path, b"run").unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"run");
}

#[test]
fn a_long_id_cut_at_a_separator_does_not_end_in_a_dash() {
    let id = format!("{}-tail", "a".repeat(63));
    let path = transcript_path(std::path::Path::new("data"), 1, &id).unwrap();
    assert_eq!(
        path.file_name().unwrap().to_str().unwrap(),
        format!("000001-{}.ron", "a".repeat(63))
    );
}
