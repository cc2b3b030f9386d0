//! Who may sign, and tamper evidence (#10): only a supervisor with the right passphrase signs
//! a run off, every attempt is logged, and `verify` reports a run edited, inserted or deleted
//! with another tool, a failing signature, and a supervisor key swapped in the data folder
//! (against the training office's copy).

use drill_engine::Transcript;
use drill_library::fixtures::*;
use drill_records::assessment::{Assessment, Mark, StepComment, Verdict};
use drill_records::results::ResultsStore;
use drill_records::trust::{
    KdfCost, NewSupervisor, OfficeKeys, SignError, SignOutcome, Tamper, export_keys_text, seal,
};
use rusqlite::{Connection, params};

const PASSPHRASE: &str = "lift repaired by noon";
const SUPERVISOR: &str = "刘主任";

fn save_expert_run(store: &ResultsStore, trainee: &str, seed: u64) -> i64 {
    let (session, score) = play(
        "broken-entrance-gate",
        seed,
        expert_actions("broken-entrance-gate", seed),
    );
    store
        .save_run(
            &Transcript::of(&session, trainee),
            &score,
            "assessment",
            "2026-11-23 10:00",
        )
        .unwrap()
}

fn add_supervisor(store: &ResultsStore, name: &str, passphrase: &str) {
    store
        .add_supervisor(&NewSupervisor {
            name,
            passphrase,
            created_at: "2026-11-20 09:00",
            cost: KdfCost::FOR_TESTS,
        })
        .unwrap();
}

fn assessment(run: i64, supervisor: &str, etiquette: u32) -> Assessment {
    let mark = |score: u32, reason: &str| Mark {
        score,
        reason: reason.into(),
    };
    Assessment {
        run,
        supervisor: supervisor.into(),
        etiquette: mark(etiquette, "称呼得体"),
        procedure: mark(95, "先记录后派单"),
        record: mark(90, "电话号码完整"),
        owner_feedback: 85,
        comments: vec![StepComment {
            step: 2,
            comment: "这里可以先致歉".into(),
        }],
        verdict: Verdict::Pass,
        signed_at: "2026-11-23 11:00".into(),
    }
}

/// A store file with three runs, a supervisor and a sign-off of run 2.
fn signed_store(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("results.sqlite");
    let store = ResultsStore::open(&path).unwrap();
    for seed in 0..3 {
        save_expert_run(&store, "小陈", seed);
    }
    add_supervisor(&store, SUPERVISOR, PASSPHRASE);
    store
        .sign_off(&assessment(2, SUPERVISOR, 100), PASSPHRASE)
        .unwrap();
    path
}

/// The store file opened with plain rusqlite, as another tool would, with the append-only
/// triggers dropped.
fn another_tool(path: &std::path::Path) -> Connection {
    let connection = Connection::open(path).unwrap();
    for table in [
        "runs",
        "run_seals",
        "supervisors",
        "assessments",
        "assessment_comments",
    ] {
        connection
            .execute_batch(&format!(
                "DROP TRIGGER IF EXISTS {table}_are_kept;
                 DROP TRIGGER IF EXISTS {table}_are_not_deleted;"
            ))
            .unwrap();
    }
    connection
}

fn problems(path: &std::path::Path, keys: Option<&OfficeKeys>) -> Vec<Tamper> {
    ResultsStore::open_existing(path)
        .unwrap()
        .verify(keys)
        .unwrap()
        .problems
}

#[test]
fn a_supervisor_with_the_right_passphrase_signs_off_and_the_store_verifies_clean() {
    let dir = tempfile::tempdir().unwrap();
    let path = signed_store(&dir);
    let store = ResultsStore::open_existing(&path).unwrap();
    let signed = store.assessments(2).unwrap();
    assert_eq!(signed.len(), 1);
    assert_eq!(signed[0].assessment, assessment(2, SUPERVISOR, 100));
    let account = store.supervisor(SUPERVISOR).unwrap().unwrap();
    assert_eq!(signed[0].key_fingerprint, account.fingerprint());
    let report = store.verify(None).unwrap();
    assert_eq!((report.runs, report.sign_offs), (3, 1));
    assert_eq!(report.problems, [], "{:?}", report.summary());
    let attempts = store.sign_attempts().unwrap();
    assert_eq!(attempts.len(), 1);
    assert_eq!(
        (attempts[0].outcome, attempts[0].run),
        (SignOutcome::Signed, Some(2))
    );
}

#[test]
fn a_trainee_without_an_account_cannot_sign_and_the_attempt_is_logged() {
    let store = ResultsStore::open_in_memory().unwrap();
    let run = save_expert_run(&store, "小陈", 0);
    add_supervisor(&store, SUPERVISOR, PASSPHRASE);
    let error = store
        .sign_off(&assessment(run, "小陈", 100), PASSPHRASE)
        .unwrap_err();
    assert!(matches!(&error, SignError::NoAccount(name) if name == "小陈"));
    assert!(error.to_string().contains("supervisor add NAME"), "{error}");
    assert_eq!(store.assessments(run).unwrap(), []);
    let attempt = &store.sign_attempts().unwrap()[0];
    assert_eq!(
        (attempt.supervisor.as_str(), attempt.outcome),
        ("小陈", SignOutcome::NoAccount)
    );
}

#[test]
fn a_wrong_passphrase_cannot_sign_and_the_attempt_is_logged_with_its_time() {
    let store = ResultsStore::open_in_memory().unwrap();
    let run = save_expert_run(&store, "小陈", 0);
    add_supervisor(&store, SUPERVISOR, PASSPHRASE);
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let error = store
        .sign_off(&assessment(run, SUPERVISOR, 100), "lift repaired by one")
        .unwrap_err();
    assert!(matches!(error, SignError::WrongPassphrase(_)), "{error}");
    assert_eq!(store.assessments(run).unwrap(), []);
    let attempts = store.sign_attempts().unwrap();
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].outcome, SignOutcome::WrongPassphrase);
    assert_eq!(attempts[0].supervisor, SUPERVISOR);
    assert!(attempts[0].attempted_at >= before, "{attempts:?}");
}

#[test]
fn an_account_needs_a_passphrase_of_eight_characters_and_a_name_of_its_own() {
    let store = ResultsStore::open_in_memory().unwrap();
    let new = |name, passphrase| NewSupervisor {
        name,
        passphrase,
        created_at: "2026-11-20 09:00",
        cost: KdfCost::FOR_TESTS,
    };
    let short = store
        .add_supervisor(&new(SUPERVISOR, "1234567"))
        .unwrap_err();
    assert!(
        short.to_string().contains("at least 8 characters"),
        "{short}"
    );
    store.add_supervisor(&new(SUPERVISOR, "12345678")).unwrap();
    let twice = store
        .add_supervisor(&new(SUPERVISOR, PASSPHRASE))
        .unwrap_err();
    assert!(twice.to_string().contains("already"), "{twice}");
    assert!(store.add_supervisor(&new("刘\n主任", PASSPHRASE)).is_err());
    assert_eq!(store.supervisors().unwrap().len(), 1);
}

#[test]
fn the_production_cost_is_a_real_argon2id_cost() {
    let cost = KdfCost::default();
    assert!(
        cost.memory_kib >= 19 * 1024 && cost.iterations >= 2,
        "{cost:?}"
    );
}

#[test]
fn a_mark_out_of_range_is_refused_before_anything_is_signed() {
    let store = ResultsStore::open_in_memory().unwrap();
    let run = save_expert_run(&store, "小陈", 0);
    add_supervisor(&store, SUPERVISOR, PASSPHRASE);
    let error = store
        .sign_off(&assessment(run, SUPERVISOR, 101), PASSPHRASE)
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the etiquette score 101 is out of range: give 0-100"
    );
    assert_eq!(store.assessments(run).unwrap(), []);
}

#[test]
fn a_mentor_who_differs_from_the_engine_by_more_than_15_points_is_listed_per_dimension() {
    let store = ResultsStore::open_in_memory().unwrap();
    let run = save_expert_run(&store, "小陈", 0);
    add_supervisor(&store, SUPERVISOR, PASSPHRASE);
    // The expert run scores 100 on every dimension: etiquette 84 differs by 16, procedure 95
    // and record 90 by 15 or less.
    store
        .sign_off(&assessment(run, SUPERVISOR, 84), PASSPHRASE)
        .unwrap();
    let disagreements = store.disagreements(run).unwrap();
    assert_eq!(disagreements.len(), 1, "{disagreements:?}");
    assert_eq!(
        (
            disagreements[0].dimension,
            disagreements[0].engine,
            disagreements[0].mentor
        ),
        (drill_engine::Area::Etiquette, 100, 84)
    );
}

#[test]
fn a_score_edited_with_another_tool_is_reported_and_breaks_its_sign_off() {
    let dir = tempfile::tempdir().unwrap();
    let path = signed_store(&dir);
    another_tool(&path)
        .execute(
            "UPDATE runs SET overall = 40, etiquette = 40 WHERE id = 2",
            [],
        )
        .unwrap();
    let found = problems(&path, None);
    assert!(found.contains(&Tamper::Edited { run: 2 }), "{found:?}");
    assert!(
        found.contains(&Tamper::SignedRunChanged {
            sign_off: 1,
            run: 2
        }),
        "{found:?}"
    );
    assert_eq!(found.len(), 2, "{found:?}");
}

#[test]
fn a_deleted_run_is_reported_whether_or_not_its_seal_went_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = signed_store(&dir);
    another_tool(&path)
        .execute("DELETE FROM runs WHERE id = 1", [])
        .unwrap();
    assert_eq!(problems(&path, None), [Tamper::Deleted { run: 1 }]);

    another_tool(&path)
        .execute("DELETE FROM run_seals WHERE run_id = 1", [])
        .unwrap();
    let found = problems(&path, None);
    assert_eq!(
        found,
        [Tamper::Gap {
            after: None,
            run: 2
        }]
    );
    assert!(
        found[0]
            .to_string()
            .starts_with("a run before run #2 was deleted"),
        "{}",
        found[0]
    );
}

#[test]
fn a_run_inserted_with_another_tool_is_reported_with_or_without_a_seal() {
    let dir = tempfile::tempdir().unwrap();
    let path = signed_store(&dir);
    let tool = another_tool(&path);
    let copy_of_run_1 = |id: i64| {
        tool.execute(
            "INSERT INTO runs (id, saved_at, trainee, scenario, scenario_version, rules, seed,
                               mode, overall, etiquette, procedure, record, critical, transcript)
             SELECT ?1, saved_at, '小王', scenario, scenario_version, rules, seed, mode, 100,
                    100, 100, 100, 0, transcript FROM runs WHERE id = 1",
            params![id],
        )
        .unwrap();
    };
    copy_of_run_1(4);
    assert_eq!(problems(&path, None), [Tamper::Unsealed { run: 4 }]);

    // Sealed as the app would, before the first run: the first run's seal no longer links.
    copy_of_run_1(0);
    let hash = seal::run_seal(&tool, 0, &seal::GENESIS).unwrap().unwrap();
    tool.execute(
        "INSERT INTO run_seals (run_id, previous_hash, hash) VALUES (0, ?1, ?2)",
        params![&seal::GENESIS[..], &hash[..]],
    )
    .unwrap();
    assert_eq!(
        problems(&path, None),
        [
            Tamper::Inserted {
                inserted: 0,
                run: 1
            },
            Tamper::Unsealed { run: 4 }
        ]
    );
}

/// The attack the office keys are for: the trainee makes a key pair of their own under the
/// supervisor's name, writes it into the supervisor's row, changes a score, seals the runs
/// again and signs them with the new key.
#[test]
fn a_supervisor_key_replaced_in_the_data_folder_passes_verify_but_not_the_offices_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = signed_store(&dir);
    let office_copy = {
        let store = ResultsStore::open_existing(&path).unwrap();
        let supervisor = store.supervisor(SUPERVISOR).unwrap().unwrap();
        OfficeKeys::parse(
            "office.keys",
            &export_keys_text(&supervisor, "2026-11-20 09:05"),
        )
        .unwrap()
    };
    assert_eq!(problems(&path, Some(&office_copy)), []);

    // The trainee's own account under the same name, made in a scratch store.
    let tool = another_tool(&path);
    let swap = dir.path().join("scratch.sqlite");
    {
        let scratch_file = ResultsStore::open(&swap).unwrap();
        add_supervisor(&scratch_file, SUPERVISOR, "the trainee's own");
    }
    tool.execute(
        "ATTACH DATABASE ?1 AS scratch",
        params![swap.to_str().unwrap()],
    )
    .unwrap();
    tool.execute_batch(
        "DELETE FROM main.supervisors;
         INSERT INTO main.supervisors SELECT * FROM scratch.supervisors;
         DETACH DATABASE scratch;
         UPDATE runs SET etiquette = 60 WHERE id = 2;
         DELETE FROM assessment_comments; DELETE FROM assessments;",
    )
    .unwrap();
    reseal_every_run(&tool);
    drop(tool);
    let store = ResultsStore::open_existing(&path).unwrap();
    store
        .sign_off(&assessment(2, SUPERVISOR, 60), "the trainee's own")
        .unwrap();

    assert_eq!(
        store.verify(None).unwrap().problems,
        [],
        "a plain verify passes"
    );
    let found = store.verify(Some(&office_copy)).unwrap().problems;
    assert!(
        matches!(&found[..], [Tamper::NotOfficeKey { run: 2, supervisor, .. }] if supervisor == SUPERVISOR),
        "{found:?}"
    );
    assert!(
        found[0]
            .to_string()
            .contains("not the training office's copy")
    );
}

/// Seals every run again from the start of the chain, as someone with the source code can.
fn reseal_every_run(tool: &Connection) {
    tool.execute("DELETE FROM run_seals", []).unwrap();
    let runs: Vec<i64> = tool
        .prepare("SELECT id FROM runs ORDER BY id")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut previous = seal::GENESIS;
    for run in runs {
        let hash = seal::run_seal(tool, run, &previous).unwrap().unwrap();
        tool.execute(
            "INSERT INTO run_seals (run_id, previous_hash, hash) VALUES (?1, ?2, ?3)",
            params![run, &previous[..], &hash[..]],
        )
        .unwrap();
        previous = hash;
    }
}

#[test]
fn a_key_swapped_without_signing_again_fails_every_old_signature() {
    let dir = tempfile::tempdir().unwrap();
    let path = signed_store(&dir);
    let tool = another_tool(&path);
    tool.execute(
        "UPDATE supervisors SET public_key = ?1 WHERE name = ?2",
        params![&[9u8; 32][..], SUPERVISOR],
    )
    .unwrap();
    let found = problems(&path, None);
    assert_eq!(
        found,
        [Tamper::SignatureFails {
            sign_off: 1,
            run: 2,
            supervisor: SUPERVISOR.into()
        }]
    );
    // Nor does the swapped account sign: its sealed key is not the new public key's pair.
    let store = ResultsStore::open_existing(&path).unwrap();
    let error = store
        .sign_off(&assessment(3, SUPERVISOR, 100), PASSPHRASE)
        .unwrap_err();
    assert!(matches!(error, SignError::KeyDoesNotOpen(_)), "{error}");
}

#[test]
fn a_signed_comment_changed_with_another_tool_fails_the_signature() {
    let dir = tempfile::tempdir().unwrap();
    let path = signed_store(&dir);
    let tool = another_tool(&path);
    tool.execute("UPDATE assessment_comments SET comment = '很好'", [])
        .unwrap();
    assert!(matches!(
        &problems(&path, None)[..],
        [Tamper::SignatureFails { sign_off: 1, .. }]
    ));
}

#[test]
fn save_inside_an_outer_transaction_seals_and_rolls_back_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("results.sqlite");
    let store = ResultsStore::open(&path).unwrap();
    save_expert_run(&store, "小陈", 0);
    store.execute_raw("BEGIN").unwrap();
    save_expert_run(&store, "小陈", 1);
    store.execute_raw("ROLLBACK").unwrap();
    store.execute_raw("BEGIN").unwrap();
    let kept = save_expert_run(&store, "小陈", 2);
    store.execute_raw("COMMIT").unwrap();
    let report = store.verify(None).unwrap();
    assert_eq!((report.runs, report.problems.len()), (2, 0), "{report:?}");
    assert_eq!(store.runs(None).unwrap()[0].id, kept);
}

#[test]
fn runs_from_before_seals_are_sealed_once_when_the_store_is_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("results.sqlite");
    {
        let connection = Connection::open(&path).unwrap();
        connection
            .execute_batch(include_str!("../src/schema/v1_runs_and_reviews.sql"))
            .unwrap();
        connection
            .execute_batch(include_str!("../src/schema/v2_run_context.sql"))
            .unwrap();
        connection.pragma_update(None, "user_version", 2).unwrap();
        for trainee in ["小陈", "小王"] {
            connection
                .execute(
                    "INSERT INTO runs (saved_at, trainee, scenario, scenario_version, rules,
                         seed, mode, overall, etiquette, procedure, record, critical, transcript)
                     VALUES ('2026-11-20 09:00', ?1, 'broken-entrance-gate', 1, 'default', 7,
                             'practice', 88, 90, 85, 89, 0, '(old transcript)')",
                    params![trainee],
                )
                .unwrap();
        }
    }
    let store = ResultsStore::open_existing(&path).unwrap();
    save_expert_run(&store, "小李", 0);
    let report = store.verify(None).unwrap();
    assert_eq!((report.runs, report.sealed_at_upgrade), (3, 2));
    assert_eq!(report.problems, []);
    assert!(
        report.summary()[1].contains("sealed when the store was upgraded"),
        "{:?}",
        report.summary()
    );
    drop(store);
    // Opening again seals nothing twice.
    let again = ResultsStore::open_existing(&path).unwrap();
    assert_eq!(again.verify(None).unwrap().sealed_at_upgrade, 2);
}
