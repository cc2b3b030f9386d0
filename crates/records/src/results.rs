//! The results store: every finished run, with its transcript and score, and the supervisors'
//! reviews, in SQLite. Append-only: triggers refuse updates and deletes, so nothing saved is lost.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use drill_engine::{RuleSet, Scenario, Score, Session, Transcript};
use drill_library::{SourceFile, parse_ron};
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, params};

use crate::schema::{self, Version};

use crate::store::{create_private_dirs, create_private_file, parent_of};

/// How long an open or a write waits for another connection's lock.
const BUSY_WAIT: Duration = Duration::from_secs(5);

/// Per connection; `journal_mode` also switches a new store's file to WAL.
const PRAGMAS: &str = "
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
PRAGMA foreign_keys = ON;
";

/// One saved run, as listed for a supervisor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunSummary {
    pub id: i64,
    pub saved_at: String,
    pub trainee: String,
    pub scenario: String,
    pub mode: String,
    pub overall: u32,
    pub critical: bool,
    /// The latest supervisor score, if the run was reviewed.
    pub supervisor_score: Option<u32>,
}

/// A finished run to save, with what it was played for.
#[derive(Debug, Clone, Copy)]
pub struct NewRun<'a> {
    pub transcript: &'a Transcript,
    pub score: &'a Score,
    /// `practice`, `assessment` or `live`.
    pub mode: &'a str,
    pub saved_at: &'a str,
    /// The drill's id, if the run was taken for one.
    pub drill: Option<&'a str>,
    /// The trainee's team when the run was played.
    pub team: Option<&'a str>,
}

/// The rule IDs of a score's findings, one per finding, space-separated: what the reports
/// count without replaying transcripts.
fn rules_broken(score: &Score) -> String {
    let rules: Vec<&str> = score.findings.iter().map(|f| f.rule.as_str()).collect();
    rules.join(" ")
}

/// A supervisor's own score and sign-off of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub supervisor: String,
    pub score: u32,
    pub note: String,
    pub signed_at: String,
}

/// The results store's file in a data folder (see [`crate::store::data_dir`]); the app and
/// `complaint-drill results` share it.
pub fn store_path(data_dir: &Path) -> std::path::PathBuf {
    data_dir.join("results.sqlite")
}

/// What went wrong with the results store; every case names the store's file.
#[derive(Debug)]
pub enum StoreError {
    /// There is no store at this path, and making one was not asked for.
    Missing(PathBuf),
    /// Its folder or file could not be made.
    Io(PathBuf, std::io::Error),
    /// SQLite failed: the file is damaged or not a store, locked, or the disk is full.
    Sqlite(PathBuf, rusqlite::Error),
    /// A newer release made this store (its schema version is given): it is left untouched.
    Newer(PathBuf, i64),
}

impl StoreError {
    pub fn path(&self) -> &Path {
        match self {
            StoreError::Missing(path)
            | StoreError::Io(path, _)
            | StoreError::Sqlite(path, _)
            | StoreError::Newer(path, _) => path,
        }
    }
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = self.path().display();
        match self {
            StoreError::Missing(_) => write!(f, "{path}: there is no results store here"),
            StoreError::Io(_, e) => write!(f, "{path}: {e}"),
            StoreError::Sqlite(_, e) => write!(f, "{path}: {e}"),
            StoreError::Newer(_, version) => write!(
                f,
                "{path}: this results store was made by a newer complaint-drill (schema \
                 version {version}, this one knows up to {}); it is left untouched: open it \
                 with that release",
                schema::CURRENT_VERSION
            ),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Missing(_) | StoreError::Newer(..) => None,
            StoreError::Io(_, e) => Some(e),
            StoreError::Sqlite(_, e) => Some(e),
        }
    }
}

pub struct ResultsStore {
    connection: Connection,
    path: PathBuf,
}

impl ResultsStore {
    /// Opens the store at `path`, making it (owner-only, in owner-only new folders) if it
    /// is missing.
    pub fn open(path: &Path) -> Result<ResultsStore, StoreError> {
        let failed = |e| StoreError::Io(path.to_owned(), e);
        create_private_dirs(parent_of(path)).map_err(failed)?;
        create_private_file(path).map_err(failed)?;
        ResultsStore::connect(path, OpenFlags::default())
    }

    /// Opens the store at `path`, which must exist: a mistyped path is an error, not a new
    /// empty store.
    pub fn open_existing(path: &Path) -> Result<ResultsStore, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_owned()));
        }
        // Without CREATE, a file removed since the check is an error too.
        let flags = OpenFlags::default().difference(OpenFlags::SQLITE_OPEN_CREATE);
        ResultsStore::connect(path, flags)
    }

    pub fn open_in_memory() -> Result<ResultsStore, StoreError> {
        ResultsStore::connect(Path::new(":memory:"), OpenFlags::default())
    }

    fn connect(path: &Path, flags: OpenFlags) -> Result<ResultsStore, StoreError> {
        let failed = |e| StoreError::Sqlite(path.to_owned(), e);
        let mut connection = Connection::open_with_flags(path, flags).map_err(failed)?;
        connection.busy_timeout(BUSY_WAIT).map_err(failed)?;
        if let Version::Newer(version) = schema::version_of(&connection).map_err(failed)? {
            return Err(StoreError::Newer(path.to_owned(), version));
        }
        set_up(&mut connection).map_err(failed)?;
        Ok(ResultsStore {
            connection,
            path: path.to_owned(),
        })
    }

    /// The store's file, as opened.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection, for the records crate's other modules (drills, reports, journal,
    /// trust), which keep their own queries beside their own tables.
    pub(crate) fn connection(&self) -> &Connection {
        &self.connection
    }

    pub(crate) fn failed(&self, error: rusqlite::Error) -> StoreError {
        StoreError::Sqlite(self.path.clone(), error)
    }

    /// Saves a finished run played outside any drill; `saved_at` comes from the caller's
    /// clock (the engine has none).
    pub fn save_run(
        &self,
        transcript: &Transcript,
        score: &Score,
        mode: &str,
        saved_at: &str,
    ) -> Result<i64, StoreError> {
        self.save(&NewRun {
            transcript,
            score,
            mode,
            saved_at,
            drill: None,
            team: None,
        })
    }

    /// Saves a finished run with what it was played for, and its seal (the hash chain, see
    /// [`crate::trust`]) in the same transaction: its own when the connection has none, else
    /// a savepoint of the caller's (the journal saves inside its transaction).
    pub fn save(&self, run: &NewRun) -> Result<i64, StoreError> {
        crate::trust::seal::in_transaction(&self.connection, || {
            let id = self.insert_run(run)?;
            crate::trust::seal::seal_new_run(&self.connection, id)?;
            Ok(id)
        })
        .map_err(|e| self.failed(e))
    }

    fn insert_run(&self, run: &NewRun) -> rusqlite::Result<i64> {
        let (transcript, score) = (run.transcript, run.score);
        self.connection.execute(
            "INSERT INTO runs (saved_at, trainee, scenario, scenario_version, rules, seed, mode,
                               overall, etiquette, procedure, record, critical, transcript,
                               drill, team, rules_broken)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            params![
                run.saved_at,
                transcript.trainee,
                transcript.scenario,
                transcript.scenario_version,
                transcript.rules,
                // SQLite integers are signed; the seed's bits are kept as they are.
                transcript.seed as i64,
                run.mode,
                score.overall,
                score.etiquette,
                score.procedure,
                score.record,
                score.critical,
                transcript.to_ron(),
                run.drill,
                run.team,
                rules_broken(score),
            ],
        )?;
        Ok(self.connection.last_insert_rowid())
    }

    /// Saved runs, newest first, optionally of one trainee.
    pub fn runs(&self, trainee: Option<&str>) -> Result<Vec<RunSummary>, StoreError> {
        self.runs_of(trainee).map_err(|e| self.failed(e))
    }

    fn runs_of(&self, trainee: Option<&str>) -> rusqlite::Result<Vec<RunSummary>> {
        let mut statement = self.connection.prepare(
            "SELECT r.id, r.saved_at, r.trainee, r.scenario, r.mode, r.overall, r.critical,
                    (SELECT v.score FROM reviews v WHERE v.run_id = r.id ORDER BY v.id DESC LIMIT 1)
             FROM runs r WHERE ?1 IS NULL OR r.trainee = ?1 ORDER BY r.id DESC",
        )?;
        let rows = statement.query_map(params![trainee], |row| {
            Ok(RunSummary {
                id: row.get(0)?,
                saved_at: row.get(1)?,
                trainee: row.get(2)?,
                scenario: row.get(3)?,
                mode: row.get(4)?,
                overall: row.get(5)?,
                critical: row.get(6)?,
                supervisor_score: row.get(7)?,
            })
        })?;
        rows.collect()
    }

    /// The transcript of a saved run, to replay it; `None` if there is no such run.
    pub fn transcript(&self, run: i64) -> Result<Option<String>, StoreError> {
        self.connection
            .query_row(
                "SELECT transcript FROM runs WHERE id = ?1",
                params![run],
                |row| row.get(0),
            )
            .optional()
            .map_err(|e| self.failed(e))
    }

    /// Replays saved run `run` on the library's scenario of that id (`scenario_of`), so a
    /// reviewer sees its score and findings; the error says why it cannot be replayed.
    pub fn replay_run(
        &self,
        run: i64,
        scenario_of: impl Fn(&str) -> Option<Arc<Scenario>>,
        rules: Arc<RuleSet>,
    ) -> Result<Session, String> {
        let text = self
            .transcript(run)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("there is no run #{run}"))?;
        let file = SourceFile::new(format!("run #{run}"), text);
        let transcript: Transcript = parse_ron(&file).map_err(|problems| {
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        })?;
        let scenario = scenario_of(&transcript.scenario).ok_or_else(|| {
            format!(
                "run #{run}: scenario `{}` is not in the library",
                transcript.scenario
            )
        })?;
        transcript
            .replay(scenario, rules)
            .map_err(|(index, error)| {
                format!(
                    "run #{run}: action {} cannot be replayed: {error}",
                    index + 1
                )
            })
    }

    /// Adds a supervisor's score and sign-off to a run.
    pub fn review(&self, run: i64, review: &Review) -> Result<i64, StoreError> {
        self.connection.execute(
            "INSERT INTO reviews (run_id, supervisor, score, note, signed_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![run, review.supervisor, review.score, review.note, review.signed_at],
        )
        .map_err(|e| self.failed(e))?;
        Ok(self.connection.last_insert_rowid())
    }

    pub fn reviews(&self, run: i64) -> Result<Vec<Review>, StoreError> {
        self.reviews_of(run).map_err(|e| self.failed(e))
    }

    fn reviews_of(&self, run: i64) -> rusqlite::Result<Vec<Review>> {
        let mut statement = self.connection.prepare(
            "SELECT supervisor, score, note, signed_at FROM reviews WHERE run_id = ?1 ORDER BY id",
        )?;
        let rows = statement.query_map(params![run], |row| {
            Ok(Review {
                supervisor: row.get(0)?,
                score: row.get(1)?,
                note: row.get(2)?,
                signed_at: row.get(3)?,
            })
        })?;
        rows.collect()
    }

    /// Runs a raw statement; for tests that show the store refuses to lose data.
    pub fn execute_raw(&self, sql: &str) -> Result<usize, StoreError> {
        self.connection.execute(sql, []).map_err(|e| self.failed(e))
    }
}

/// Sets a connection up. Many first opens of a new store at once contend for the lock that
/// the WAL switch and the schema need, and SQLite's busy timeout does not cover every case
/// (it gives up at once rather than deadlock), so a busy lock is retried too.
fn set_up(connection: &mut Connection) -> rusqlite::Result<()> {
    connection.busy_timeout(BUSY_WAIT)?;
    retry_while_busy(|| connection.execute_batch(PRAGMAS))?;
    retry_while_busy(|| {
        // IMMEDIATE takes the write lock first: a read snapshot made stale by another
        // opener would fail without waiting.
        crate::schema::migrate(connection)
    })?;
    // Runs saved before the store had seals are sealed once, at the first open after the
    // upgrade (SQL has no sha256, so the migration cannot).
    retry_while_busy(|| {
        crate::trust::seal::in_transaction(connection, || {
            crate::trust::seal::seal_upgraded_runs(connection)
        })
    })
}

fn retry_while_busy<T>(mut attempt: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let start = Instant::now();
    loop {
        match attempt() {
            Err(e) if is_busy(&e) && start.elapsed() < BUSY_WAIT => {
                std::thread::sleep(Duration::from_millis(5));
            }
            result => return result,
        }
    }
}

fn is_busy(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}
