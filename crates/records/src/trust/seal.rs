//! The hash chain over the runs: each run's seal is the sha256 of its row's content and the
//! previous run's hash, written in the transaction that saves the run.

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, Row, params};
use sha2::Sha256;

use super::crypto::Canonical;

/// The previous hash of the first run in a store.
pub const GENESIS: [u8; 32] = [0; 32];

/// The columns of a run that its seal covers, in the order they are encoded. Everything a
/// run holds: a column added to `runs` later is not covered until it is listed here (and
/// the seal's label versioned).
pub(crate) const SEALED_COLUMNS: &str = "r.id, r.saved_at, r.trainee, r.scenario, \
     r.scenario_version, r.rules, r.seed, r.mode, r.overall, r.etiquette, r.procedure, \
     r.record, r.critical, r.transcript, r.drill, r.team, r.rules_broken";
pub(crate) const SEALED_COLUMN_COUNT: usize = 17;

/// The seal of a run row whose sealed columns start at column `first` of `row`, chained to
/// `previous`. Values are encoded as stored, whatever their type, so a value changed by
/// another tool (even to another type) changes the hash.
pub(crate) fn row_hash(row: &Row, first: usize, previous: &[u8; 32]) -> rusqlite::Result<[u8; 32]> {
    let mut canonical = Canonical::<Sha256>::hasher("complaint-drill run seal v1");
    for index in first..first + SEALED_COLUMN_COUNT {
        match row.get_ref(index)? {
            ValueRef::Null => canonical.null(),
            ValueRef::Integer(value) => canonical.integer(value),
            ValueRef::Real(value) => canonical.real(value),
            ValueRef::Text(value) => canonical.text_bytes(value),
            ValueRef::Blob(value) => canonical.bytes(value),
        };
    }
    canonical.bytes(previous);
    Ok(canonical.sha256())
}

/// The seal of run `run` as it is stored now, chained to `previous`; `None` if there is no
/// such run. Public so that anyone can check a seal with their own tools: seals are not
/// secret, what makes them count is the signatures over them (see [`crate::trust`]).
pub fn run_seal(
    connection: &Connection,
    run: i64,
    previous: &[u8; 32],
) -> rusqlite::Result<Option<[u8; 32]>> {
    connection
        .query_row(
            &format!("SELECT {SEALED_COLUMNS} FROM runs r WHERE r.id = ?1"),
            params![run],
            |row| row_hash(row, 0, previous),
        )
        .optional()
}

/// The hash of the last sealed run: what the next run chains to, and what a sign-off
/// records as the chain's head.
pub(crate) fn chain_head(connection: &Connection) -> rusqlite::Result<[u8; 32]> {
    let head: Option<Vec<u8>> = connection
        .query_row(
            "SELECT hash FROM run_seals ORDER BY run_id DESC LIMIT 1",
            [],
            |row| row.get(0),
        )
        .optional()?;
    Ok(head.and_then(|h| h.try_into().ok()).unwrap_or(GENESIS))
}

/// A run's stored seal: the hash it chains to and its own.
pub(crate) struct StoredSeal {
    pub previous: [u8; 32],
    pub hash: [u8; 32],
}

pub(crate) fn stored_seal(
    connection: &Connection,
    run: i64,
) -> rusqlite::Result<Option<StoredSeal>> {
    connection
        .query_row(
            "SELECT previous_hash, hash FROM run_seals WHERE run_id = ?1",
            params![run],
            |row| Ok((row.get::<_, Vec<u8>>(0)?, row.get::<_, Vec<u8>>(1)?)),
        )
        .optional()
        .map(|seal| {
            seal.and_then(|(previous, hash)| {
                Some(StoredSeal {
                    previous: previous.try_into().ok()?,
                    hash: hash.try_into().ok()?,
                })
            })
        })
}

/// Seals a run just inserted, in the caller's transaction.
pub(crate) fn seal_new_run(connection: &Connection, run: i64) -> rusqlite::Result<()> {
    seal_upgraded_runs(connection)?;
    let previous = chain_head(connection)?;
    let hash = run_seal(connection, run, &previous)?.ok_or(rusqlite::Error::QueryReturnedNoRows)?;
    insert_seal(connection, run, &previous, &hash, false)
}

fn insert_seal(
    connection: &Connection,
    run: i64,
    previous: &[u8; 32],
    hash: &[u8; 32],
    upgraded: bool,
) -> rusqlite::Result<()> {
    connection.execute(
        "INSERT INTO run_seals (run_id, previous_hash, hash, upgraded) VALUES (?1, ?2, ?3, ?4)",
        params![run, &previous[..], &hash[..], upgraded],
    )?;
    Ok(())
}

/// Seals, once, the runs a store held before it was upgraded to sealing (see
/// `trust_upgrade` in v3_trust.sql), in the caller's transaction. Their content from before
/// the upgrade cannot be checked; verify counts them.
pub(crate) fn seal_upgraded_runs(connection: &Connection) -> rusqlite::Result<()> {
    let pending: Option<Option<i64>> = connection
        .query_row(
            "SELECT last_run_before FROM trust_upgrade WHERE sealed = 0",
            [],
            |row| row.get(0),
        )
        .optional()?;
    let Some(last_run_before) = pending else {
        return Ok(());
    };
    let mut previous = GENESIS;
    {
        let mut statement = connection.prepare(&format!(
            "SELECT {SEALED_COLUMNS} FROM runs r WHERE r.id <= ?1 ORDER BY r.id"
        ))?;
        let mut rows = statement.query(params![last_run_before])?;
        while let Some(row) = rows.next()? {
            let hash = row_hash(row, 0, &previous)?;
            insert_seal(connection, row.get(0)?, &previous, &hash, true)?;
            previous = hash;
        }
    }
    connection.execute("UPDATE trust_upgrade SET sealed = 1", [])?;
    Ok(())
}

/// Runs `work` in a transaction of its own when the connection has none (taking the write
/// lock first, so a stale read cannot fail the write), else in a savepoint of the caller's
/// transaction: the journal saves a run inside its own transaction.
pub(crate) fn in_transaction<T>(
    connection: &Connection,
    work: impl FnOnce() -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    let (begin, commit, undo) = if connection.is_autocommit() {
        ("BEGIN IMMEDIATE", "COMMIT", "ROLLBACK")
    } else {
        (
            "SAVEPOINT trust_write",
            "RELEASE trust_write",
            "ROLLBACK TO trust_write; RELEASE trust_write",
        )
    };
    connection.execute_batch(begin)?;
    let done = work().and_then(|value| connection.execute_batch(commit).map(|()| value));
    if done.is_err() {
        // The first error is the one to report; undoing a failed write cannot fail in a way
        // the caller could act on.
        let _ = connection.execute_batch(undo);
    }
    done
}
