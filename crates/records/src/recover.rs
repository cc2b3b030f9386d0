//! Opening the results store when its file may be damaged or not ours: a file that is not
//! SQLite, an SQLite file that is damaged, or one holding someone else's tables is reported,
//! renamed aside under a new name (never over another file) with its `-wal` and `-shm`
//! companions, and a new store is made in its place. A store from a newer release is not
//! damaged: it is refused and left where it is.

use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OpenFlags};

use crate::results::{ResultsStore, StoreError};
use crate::schema::{self, Version};

/// The first 16 bytes of every SQLite database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Why a store file could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unusable {
    /// It does not start as an SQLite file does.
    NotSqlite,
    /// SQLite could not read it, or its integrity check failed (its message is given).
    Damaged(String),
    /// An SQLite file, but its tables are not a results store's (their names are given).
    Foreign(Vec<String>),
}

impl std::fmt::Display for Unusable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unusable::NotSqlite => write!(f, "it is not an SQLite file"),
            Unusable::Damaged(why) => write!(f, "it is damaged ({why})"),
            Unusable::Foreign(tables) => write!(
                f,
                "it is an SQLite file of another program (tables: {})",
                tables.join(", ")
            ),
        }
    }
}

/// A store file that was moved aside, and why; the app shows it once, the CLI prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAside {
    pub original: PathBuf,
    pub moved_to: PathBuf,
    pub why: Unusable,
}

impl std::fmt::Display for SetAside {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: this results store could not be used: {}. It was kept as {} (nothing in it \
             was changed) and a new, empty store was made; to look into the old one, open \
             that file with an SQLite tool or send it to whoever supports this machine",
            self.original.display(),
            self.why,
            self.moved_to.display()
        )
    }
}

/// Opens the store at `path` (making it if missing); an unusable file there is moved aside
/// first and a new store made, and the move is returned to be reported.
pub fn open_or_set_aside(path: &Path) -> Result<(ResultsStore, Option<SetAside>), StoreError> {
    let io_failed = |e| StoreError::Io(path.to_owned(), e);
    let Some(why) = unusable(path).map_err(io_failed)? else {
        return match ResultsStore::open(path) {
            // The checks passed but SQLite still cannot read it as a store.
            Err(StoreError::Sqlite(_, e)) if is_damage(&e) => {
                set_aside_and_open(path, Unusable::Damaged(e.to_string()))
            }
            opened => opened.map(|store| (store, None)),
        };
    };
    set_aside_and_open(path, why)
}

fn set_aside_and_open(
    path: &Path,
    why: Unusable,
) -> Result<(ResultsStore, Option<SetAside>), StoreError> {
    let moved_to = move_aside(path).map_err(|e| StoreError::Io(path.to_owned(), e))?;
    let store = ResultsStore::open(path)?;
    let set_aside = SetAside {
        original: path.to_owned(),
        moved_to,
        why,
    };
    Ok((store, Some(set_aside)))
}

fn is_damage(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
    )
}

/// What is wrong with the file at `path`, if anything; a missing or empty file is fine (a
/// new store is made there).
fn unusable(path: &Path) -> io::Result<Option<Unusable>> {
    let mut header = Vec::with_capacity(SQLITE_HEADER.len());
    match std::fs::File::open(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
        Ok(file) => file
            .take(SQLITE_HEADER.len() as u64)
            .read_to_end(&mut header)?,
    };
    if header.is_empty() {
        return Ok(None);
    }
    if header != SQLITE_HEADER {
        return Ok(Some(Unusable::NotSqlite));
    }
    sqlite_problem(path)
}

/// Reads the file's table names read-only (its `-wal` is not applied into it). Only SQLite's
/// own verdict of damage counts as damage: a lock or a permission problem is an error to
/// report, never a reason to move a good store aside. A full integrity check is not run: it
/// reads the whole file on every start; damage past the schema shows when the store is read.
fn sqlite_problem(path: &Path) -> io::Result<Option<Unusable>> {
    match table_names(path) {
        Ok(found) => Ok(foreign(found)),
        Err(e) if is_damage(&e) => Ok(Some(Unusable::Damaged(e.to_string()))),
        Err(e) => Err(io::Error::other(e)),
    }
}

fn table_names(path: &Path) -> rusqlite::Result<(Vec<String>, Version)> {
    let connection = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut statement =
        connection.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?;
    let tables = statement
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok((tables, schema::version_of(&connection)?))
}

/// An empty database, one with our `runs` table, or a newer release's store (which `open`
/// refuses and leaves be) is ours; anything else holds another program's tables.
fn foreign((tables, version): (Vec<String>, Version)) -> Option<Unusable> {
    let ours = tables.is_empty() || tables.iter().any(|t| t == "runs");
    (!ours && !matches!(version, Version::Newer(_))).then_some(Unusable::Foreign(tables))
}

/// Renames `path` to `NAME.damaged-YYYYMMDD-HHMMSS` (UTC), numbered `-2`, `-3`, ... if that
/// is taken, with its `-wal` and `-shm` files: a new store must not pick up the old one's
/// write-ahead log.
fn move_aside(path: &Path) -> io::Result<PathBuf> {
    let stamp = utc_stamp(SystemTime::now());
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let base = format!("{name}.damaged-{stamp}");
    for number in 1.. {
        let candidate = match number {
            1 => path.with_file_name(&base),
            n => path.with_file_name(format!("{base}-{n}")),
        };
        match rename_without_overwriting(path, &candidate) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
            Ok(()) => {
                for companion in ["-wal", "-shm"] {
                    let from = with_suffix(path, companion);
                    if from.exists() {
                        std::fs::rename(&from, with_suffix(&candidate, companion))?;
                    }
                }
                return Ok(candidate);
            }
        }
    }
    unreachable!("some number is free")
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// A hard link fails if `to` exists, where a rename would replace it; the link is then the
/// only name left once `from` is removed.
fn rename_without_overwriting(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::hard_link(from, to)?;
    std::fs::remove_file(from)
}

/// `YYYYMMDD-HHMMSS` in UTC (the records crate has no calendar; days to a civil date after
/// Howard Hinnant's `civil_from_days`).
fn utc_stamp(time: SystemTime) -> String {
    let seconds = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, second_of_day) = (seconds / 86_400, seconds % 86_400);
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}{month:02}{day:02}-{:02}{:02}{:02}",
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_set_aside_stamp_is_the_utc_date_and_time() {
        let at = |seconds| utc_stamp(UNIX_EPOCH + Duration::from_secs(seconds));
        assert_eq!(at(0), "19700101-000000");
        // 2024-02-29 23:59:58, a leap day.
        assert_eq!(at(1_709_251_198), "20240229-235958");
        // 2026-12-31 12:34:56.
        assert_eq!(at(1_798_720_496), "20261231-123456");
    }
}
