//! Saving files so that nothing is lost and nobody else reads them: write a private temporary
//! file, sync, then rename; an existing file is kept as a backup first. Also the data folder
//! and the names of the files in it.

use std::fs::{self, File, OpenOptions};
use std::hash::{BuildHasher, RandomState};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

#[cfg(unix)]
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};

/// Transcripts hold trainees' names and owners' phone numbers: folders and files are the
/// owner's alone.
#[cfg(unix)]
const PRIVATE_DIR: u32 = 0o700;
#[cfg(unix)]
const PRIVATE_FILE: u32 = 0o600;

/// The longest scenario id kept in a file name, so names stay far below the 255-byte limit.
const MAX_ID_BYTES: usize = 64;

/// The last part of `path`, as text.
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The folder `path` is in (`.` for a bare name).
pub(crate) fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Creates `dir` and its missing parents owner-only (0700 on Unix), and makes `dir` itself
/// owner-only if it already existed: older versions made the data folder 0755.
pub fn ensure_private_dir(dir: &Path) -> io::Result<()> {
    create_private_dirs(dir)?;
    #[cfg(unix)]
    fs::set_permissions(dir, fs::Permissions::from_mode(PRIVATE_DIR))?;
    Ok(())
}

/// Creates the missing folders of `dir` owner-only. Existing folders are left as they are:
/// `play --save` into the working folder must not change who can read it.
pub(crate) fn create_private_dirs(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    builder.mode(PRIVATE_DIR);
    builder.create(dir)
}

/// Opens a new owner-only file (0600 on Unix). O_EXCL: anything already at `path`, a planted
/// symlink included, is an error and is never opened.
fn create_new_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(PRIVATE_FILE);
    options.open(path)
}

/// Creates an empty owner-only file at `path` unless something is there already (SQLite then
/// gives its `-wal` and `-shm` files the same mode).
pub(crate) fn create_private_file(path: &Path) -> io::Result<()> {
    match create_new_private(path) {
        Err(e) if e.kind() != io::ErrorKind::AlreadyExists => Err(e),
        _ => Ok(()),
    }
}

/// `.NAME.PID-RANDOM.tmp`; RANDOM comes from std's OS-seeded hasher keys, so a name cannot
/// be guessed ahead to plant a link there. NAME is cut short so the name stays valid.
fn temporary_name(name: &str) -> String {
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let count = COUNT.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let random = RandomState::new().hash_one((count, nanos));
    let short: String = name.chars().take(32).collect();
    format!(".{short}.{}-{random:016x}.tmp", std::process::id())
}

/// A synced temporary file beside its target, removed unless it was renamed into place: an
/// error at any step leaves no `.tmp` behind.
struct Temporary {
    path: PathBuf,
    renamed: bool,
}

impl Temporary {
    /// Writes `bytes` to a new private file in `dir`. A taken name (a stale file, a planted
    /// link) is skipped for another, a few times.
    fn write(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<Temporary> {
        let mut tries = 0;
        let (path, mut file) = loop {
            let path = dir.join(temporary_name(name));
            match create_new_private(&path) {
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && tries < 8 => tries += 1,
                opened => break (path, opened?),
            }
        };
        let temporary = Temporary {
            path,
            renamed: false,
        };
        file.write_all(bytes)?;
        file.sync_all()?;
        Ok(temporary)
    }

    fn rename_to(mut self, to: &Path) -> io::Result<()> {
        fs::rename(&self.path, to)?;
        self.renamed = true;
        Ok(())
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if !self.renamed {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Makes the renames in `dir` durable: a file's own fsync does not cover its name.
fn sync_dir(dir: &Path) -> io::Result<()> {
    // Windows cannot open a folder as a file; NTFS journals renames itself.
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// The first `NAME.N.bak` beside `path` that does not exist yet.
pub fn backup_path(path: &Path) -> PathBuf {
    let name = file_name(path);
    (1..)
        .map(|n| path.with_file_name(format!("{name}.{n}.bak")))
        .find(|candidate| !candidate.exists())
        .expect("some backup number is free")
}

/// Writes `bytes` to `path` atomically; every previous version is kept as `NAME.N.bak`.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_then_rename(path, bytes, backup_path)
}

/// Writes a settings file atomically, keeping only the version before as `NAME.bak`:
/// settings change often, and older versions are not worth a growing pile of files.
pub fn replace_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_then_rename(path, bytes, |path| {
        let name = file_name(path);
        path.with_file_name(format!("{name}.bak"))
    })
}

/// Writes a private temporary file, keeps an existing file at `backup(path)`, renames the
/// temporary file over `path` and syncs the folder: a crash at any point leaves a whole file.
fn write_then_rename(
    path: &Path,
    bytes: &[u8],
    backup: impl Fn(&Path) -> PathBuf,
) -> io::Result<()> {
    let dir = parent_of(path);
    create_private_dirs(dir)?;
    let new = Temporary::write(dir, &file_name(path), bytes)?;
    if path.exists() {
        keep_backup(path, &backup(path))?;
    }
    new.rename_to(path)?;
    sync_dir(dir)
}

/// Copies `path` to `backup` through a temporary file of its own, renamed into place: on a
/// full disk the copy fails before the backup's name is touched, so a backup is never empty
/// or partial, and a link planted at the backup's name is replaced, not written through.
/// (A hard link would need no space, but FAT and some network folders refuse links.)
fn keep_backup(path: &Path, backup: &Path) -> io::Result<()> {
    let old = fs::read(path)?;
    Temporary::write(parent_of(backup), &file_name(backup), &old)?.rename_to(backup)
}

/// Where profiles, transcripts and the results store live: `$COMPLAINT_DRILL_DATA`, else
/// `$XDG_DATA_HOME/complaint-drill`, else `~/.local/share/complaint-drill`.
pub fn data_dir() -> PathBuf {
    // An empty variable counts as unset, as the XDG spec asks.
    let var = |name: &str| std::env::var_os(name).filter(|value| !value.is_empty());
    if let Some(dir) = var("COMPLAINT_DRILL_DATA") {
        return PathBuf::from(dir);
    }
    if let Some(dir) = var("XDG_DATA_HOME") {
        return PathBuf::from(dir).join("complaint-drill");
    }
    let home = var("HOME").map_or_else(|| PathBuf::from("."), PathBuf::from);
    home.join(".local/share/complaint-drill")
}

/// Where the transcripts of finished runs live in a data folder.
pub fn runs_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("runs")
}

/// `id` as ASCII kebab case of at most 64 bytes, `run` if nothing is left: whatever a
/// scenario file says its id is, this is a safe part of a file name on every system.
pub fn file_safe_id(id: &str) -> String {
    let mut kebab = String::new();
    for c in id.chars() {
        if kebab.len() >= MAX_ID_BYTES {
            break;
        }
        if c.is_ascii_alphanumeric() {
            kebab.push(c.to_ascii_lowercase());
        } else if !kebab.is_empty() && !kebab.ends_with('-') {
            kebab.push('-');
        }
    }
    match kebab.trim_end_matches('-') {
        "" => "run".to_owned(),
        kebab => kebab.to_owned(),
    }
}

/// The transcript file of results-store run `run`, `runs/000012-broken-entrance-gate.ron`:
/// made from the run number and [`file_safe_id`], never from raw input, and checked to be
/// inside `data_dir`.
pub fn transcript_path(data_dir: &Path, run: i64, scenario_id: &str) -> io::Result<PathBuf> {
    let path = runs_dir(data_dir).join(format!("{run:06}-{}.ron", file_safe_id(scenario_id)));
    let inside = path.strip_prefix(data_dir).is_ok_and(|rest| {
        rest.components().count() == 2
            && rest.components().all(|c| matches!(c, Component::Normal(_)))
    });
    if inside {
        Ok(path)
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} would be outside the data folder {}",
                path.display(),
                data_dir.display()
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overwriting_keeps_the_previous_version_as_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("run.ron");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second").unwrap();
        write_atomically(&path, b"third").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"third");
        assert_eq!(
            fs::read(dir.path().join("run.ron.1.bak")).unwrap(),
            b"first"
        );
        assert_eq!(
            fs::read(dir.path().join("run.ron.2.bak")).unwrap(),
            b"second"
        );
    }

    #[test]
    fn replacing_a_settings_file_keeps_only_the_version_before() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("profile.ron");
        replace_atomically(&path, b"first").unwrap();
        replace_atomically(&path, b"second").unwrap();
        replace_atomically(&path, b"third").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"third");
        assert_eq!(
            fs::read(dir.path().join("profile.ron.bak")).unwrap(),
            b"second"
        );
        let mut names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["profile.ron", "profile.ron.bak"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_temporary_file_is_never_opened_through_a_link_already_at_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("elsewhere");
        fs::write(&target, b"theirs").unwrap();
        let link = dir.path().join(".run.ron.tmp");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let error = create_new_private(&link).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&target).unwrap(), b"theirs");
    }

    #[test]
    fn temporary_names_differ_every_time_even_for_one_file() {
        let names: std::collections::HashSet<String> =
            (0..1000).map(|_| temporary_name("run.ron")).collect();
        assert_eq!(names.len(), 1000);
    }
}
