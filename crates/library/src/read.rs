//! Reading a file the library is pointed at: only regular files, and only up to a size cap,
//! so a FIFO named `x.ron` cannot block a load and a link to `/dev/zero` cannot flood it.

use std::fmt;
use std::fs::{File, FileType};
use std::io::Read;
use std::path::Path;

/// The largest file read. Shipped scenarios are under 25 KB, so 4 MB is far beyond any
/// hand-written file while a stray log or disk image is refused before it is read.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Why a file is not read.
#[derive(Debug)]
pub enum Unreadable {
    /// A folder, a named pipe, a device or a socket: `what` says which.
    NotRegular {
        what: &'static str,
    },
    TooLarge {
        bytes: u64,
    },
    Io(std::io::Error),
}

impl Unreadable {
    /// What to do about it.
    pub fn help(&self) -> &'static str {
        match self {
            Unreadable::NotRegular { .. } => {
                "only regular .ron files are read: move it away or rename it"
            }
            Unreadable::TooLarge { .. } => "split it into smaller files: a scenario is a few KB",
            Unreadable::Io(_) => "check the path and that the file can be read",
        }
    }
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unreadable::NotRegular { what } => write!(f, "not read: it is {what}, not a file"),
            Unreadable::TooLarge { bytes } => write!(
                f,
                "not read: it is {bytes} bytes, over the limit of {MAX_FILE_BYTES} bytes"
            ),
            Unreadable::Io(error) => write!(f, "cannot read the file: {error}"),
        }
    }
}

/// The size of the regular file at `path` (a symbolic link is followed), or why it is none.
pub fn regular_size(path: &Path) -> Result<u64, Unreadable> {
    let metadata = std::fs::metadata(path).map_err(Unreadable::Io)?;
    check(metadata.file_type(), metadata.len())
}

/// The bytes of the regular file at `path`, at most [`MAX_FILE_BYTES`].
pub fn read_regular(path: &Path) -> Result<Vec<u8>, Unreadable> {
    // Checked before opening: opening a FIFO for reading blocks until a writer comes.
    regular_size(path)?;
    let mut file = File::open(path).map_err(Unreadable::Io)?;
    // Checked again on the open handle, in case the path was swapped in between.
    let metadata = file.metadata().map_err(Unreadable::Io)?;
    check(metadata.file_type(), metadata.len())?;
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    (&mut file)
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(Unreadable::Io)?;
    match bytes.len() as u64 {
        bytes if bytes > MAX_FILE_BYTES => Err(Unreadable::TooLarge { bytes }),
        _ => Ok(bytes),
    }
}

fn check(kind: FileType, bytes: u64) -> Result<u64, Unreadable> {
    if !kind.is_file() {
        Err(Unreadable::NotRegular { what: what(kind) })
    } else if bytes > MAX_FILE_BYTES {
        Err(Unreadable::TooLarge { bytes })
    } else {
        Ok(bytes)
    }
}

#[cfg(unix)]
fn what(kind: FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_dir() {
        "a folder"
    } else if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn what(kind: FileType) -> &'static str {
    if kind.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}
