//! Runs in progress, journaled after every action: a crash or a killed app loses at most the
//! action being taken, and the next start offers to resume (`pending_runs`). A finished run is
//! saved and its journal row cleared in one transaction, so a run is never both pending and
//! saved, nor neither.

use std::sync::Arc;

use drill_engine::{Lang, RuleSet, Scenario, Session, Transcript};
use drill_library::{SourceFile, parse_ron};
use rusqlite::params;

use crate::results::{NewRun, ResultsStore, StoreError};

/// A journaled run's row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct JournalId(pub i64);

/// A run in progress as it stands after its latest action.
#[derive(Debug, Clone, Copy)]
pub struct InProgress<'a> {
    /// The actions so far (`Transcript::of` the live session, `played_in` its language).
    pub transcript: &'a Transcript,
    /// `practice`, `assessment` or `live`.
    pub mode: &'a str,
    pub drill: Option<&'a str>,
    /// The caller's clock, `YYYY-MM-DD HH:MM` (the engine has none).
    pub updated_at: &'a str,
}

/// A run that was in progress when the app last stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingRun {
    pub id: JournalId,
    pub trainee: String,
    pub scenario: String,
    pub scenario_version: u32,
    pub seed: u64,
    pub lang: Option<Lang>,
    pub mode: String,
    pub drill: Option<String>,
    pub updated_at: String,
    /// The Transcript's RON of the actions taken so far.
    pub transcript_ron: String,
}

impl PendingRun {
    /// The actions so far; the error names the journal row and where its text is wrong.
    pub fn transcript(&self) -> Result<Transcript, String> {
        let file = SourceFile::new(
            format!("journal #{}", self.id.0),
            self.transcript_ron.clone(),
        );
        parse_ron(&file).map_err(|problems| {
            let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
            lines.join("\n")
        })
    }

    /// The session as it stood after the last journaled action, to play on from there.
    pub fn resume(&self, scenario: Arc<Scenario>, rules: Arc<RuleSet>) -> Result<Session, String> {
        let transcript = self.transcript()?;
        transcript
            .replay(scenario, rules)
            .map_err(|(index, error)| {
                format!(
                    "journal #{}: action {} cannot be replayed: {error}",
                    self.id.0,
                    index + 1
                )
            })
    }
}

impl ResultsStore {
    /// Journals a run in progress: `None` starts a new journal row, `Some(id)` replaces that
    /// row's actions with the run as it stands now. Call it after every action.
    pub fn journal(
        &self,
        id: Option<JournalId>,
        run: &InProgress,
    ) -> Result<JournalId, StoreError> {
        let t = run.transcript;
        // A NULL id makes a new row; an existing id replaces that row whole.
        self.connection()
            .execute(
                "INSERT OR REPLACE INTO journal (id, trainee, scenario, scenario_version, seed,
                                                 lang, mode, drill, transcript, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    id.map(|id| id.0),
                    t.trainee,
                    t.scenario,
                    t.scenario_version,
                    // SQLite integers are signed; the seed's bits are kept as they are.
                    t.seed as i64,
                    t.lang.map(Lang::code),
                    run.mode,
                    run.drill,
                    t.to_ron(),
                    run.updated_at,
                ],
            )
            .map_err(|e| self.failed(e))?;
        Ok(JournalId(self.connection().last_insert_rowid()))
    }

    /// Runs left in progress, oldest first: what the app offers to resume on start.
    pub fn pending_runs(&self) -> Result<Vec<PendingRun>, StoreError> {
        self.pending_rows().map_err(|e| self.failed(e))
    }

    fn pending_rows(&self) -> rusqlite::Result<Vec<PendingRun>> {
        let mut statement = self.connection().prepare(
            "SELECT id, trainee, scenario, scenario_version, seed, lang, mode, drill,
                    updated_at, transcript
             FROM journal ORDER BY id",
        )?;
        let rows = statement.query_map([], |row| {
            let lang: Option<String> = row.get(5)?;
            let seed: i64 = row.get(4)?;
            Ok(PendingRun {
                id: JournalId(row.get(0)?),
                trainee: row.get(1)?,
                scenario: row.get(2)?,
                scenario_version: row.get(3)?,
                seed: seed as u64,
                lang: lang.as_deref().and_then(Lang::from_code),
                mode: row.get(6)?,
                drill: row.get(7)?,
                updated_at: row.get(8)?,
                transcript_ron: row.get(9)?,
            })
        })?;
        rows.collect()
    }

    /// Drops a run in progress the trainee chose not to resume.
    pub fn discard_journal(&self, id: JournalId) -> Result<(), StoreError> {
        self.connection()
            .execute("DELETE FROM journal WHERE id = ?1", params![id.0])
            .map(|_| ())
            .map_err(|e| self.failed(e))
    }

    /// Saves a finished run and clears its journal row in one transaction; returns the
    /// run's id.
    pub fn finish(&self, run: &NewRun, journal: JournalId) -> Result<i64, StoreError> {
        self.finish_then(run, journal, || ())
    }

    /// [`ResultsStore::finish`], calling `before_commit` once the run is saved and its journal
    /// cleared but nothing is committed yet: the crash test kills the process there.
    #[doc(hidden)]
    pub fn finish_then(
        &self,
        run: &NewRun,
        journal: JournalId,
        before_commit: impl FnOnce(),
    ) -> Result<i64, StoreError> {
        let transaction = self
            .connection()
            .unchecked_transaction()
            .map_err(|e| self.failed(e))?;
        let id = self.save(run)?;
        self.discard_journal(journal)?;
        before_commit();
        transaction.commit().map_err(|e| self.failed(e))?;
        Ok(id)
    }
}
