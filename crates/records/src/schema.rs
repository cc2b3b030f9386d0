//! The results store's schema, as numbered migrations: a store records how far it has come
//! in SQLite's `user_version`, and opening it applies the rest in one transaction each, so a
//! store from any earlier release opens in this one.

use rusqlite::{Connection, TransactionBehavior};

/// Migration N (1-based) takes a store from version N-1 to N. Append only: a released
/// migration is never edited, since stores out there have already run it.
const MIGRATIONS: &[&str] = &[
    include_str!("schema/v1_runs_and_reviews.sql"),
    include_str!("schema/v2_run_context.sql"),
    include_str!("schema/v3_trust.sql"),
    include_str!("schema/v4_rescores.sql"),
    include_str!("schema/v5_journal.sql"),
];

/// The version a store has once this release has opened it.
pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;

/// What a store file says it is: a newer release's store is not ours to change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    Known(i64),
    Newer(i64),
}

pub fn version_of(connection: &Connection) -> rusqlite::Result<Version> {
    let version: i64 = connection.pragma_query_value(None, "user_version", |row| row.get(0))?;
    Ok(if version > CURRENT_VERSION {
        Version::Newer(version)
    } else {
        Version::Known(version)
    })
}

/// Applies every migration the store has not had yet. The write lock is taken first
/// (IMMEDIATE): two first opens at once must not both migrate.
pub fn migrate(connection: &mut Connection) -> rusqlite::Result<()> {
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let from: i64 = transaction.pragma_query_value(None, "user_version", |row| row.get(0))?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(from.max(0) as usize) {
        transaction.execute_batch(sql)?;
        transaction.pragma_update(None, "user_version", index as i64 + 1)?;
    }
    transaction.commit()
}
