//! Saving files so that nothing is lost: write to a temporary file, sync, then rename;
//! an existing file is kept as a numbered backup first.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The last part of `path`, as text.
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
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
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_then_rename(path, bytes, backup_path)
}

/// Writes a settings file atomically, keeping only the version before as `NAME.bak`:
/// settings change often, and older versions are not worth a growing pile of files.
pub fn replace_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_then_rename(path, bytes, |path| {
        let name = file_name(path);
        path.with_file_name(format!("{name}.bak"))
    })
}

/// Writes to a temporary file, syncs it, copies an existing file to `backup(path)`, then
/// renames the temporary file over `path`: a crash at any point leaves a whole file.
fn write_then_rename(
    path: &Path,
    bytes: &[u8],
    backup: impl Fn(&Path) -> PathBuf,
) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = file_name(path);
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    {
        let mut file = fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
    }
    if path.exists() {
        fs::copy(path, backup(path))?;
    }
    fs::rename(&temporary, path)
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
}
