//! The keys file the training office keeps: supervisors' public keys, held out of the
//! trainee's reach, that `results verify --keys FILE` checks sign-offs against.
//!
//! A plain text file, UTF-8. Blank lines and lines starting with `#` are comments; every
//! other line is one key:
//!
//! ```text
//! complaint-drill-ed25519 <the public key: 64 hex digits> <the supervisor's name>
//! ```
//!
//! The name is the rest of the line (it may hold spaces). Exports of several supervisors
//! are concatenated into one file (`cat a.keys b.keys > office.keys`); a name may have more
//! than one key.

use std::path::Path;

use super::accounts::Supervisor;
use super::crypto::{fingerprint, from_hex, to_hex};

const KEY_KIND: &str = "complaint-drill-ed25519";
/// A keys file holds a line per supervisor: a larger file is not one.
const MAX_KEYS_FILE_BYTES: u64 = 1 << 20;

/// One supervisor's key as the training office holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeKey {
    pub name: String,
    pub public_key: [u8; 32],
}

/// The training office's copy of the supervisors' public keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfficeKeys {
    pub keys: Vec<OfficeKey>,
}

/// A keys file that cannot be read, at its line and column (both 1-based; 0 when the file
/// as a whole is the problem).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeysError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for KeysError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}: error: {}", self.file, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: error: {}",
                self.file, self.line, self.column, self.message
            )
        }
    }
}

impl std::error::Error for KeysError {}

/// The text `supervisor export-key` writes for the training office: a comment with the
/// fingerprint to read out, and the key line.
pub fn export_keys_text(supervisor: &Supervisor, exported_at: &str) -> String {
    format!(
        "# complaint-drill supervisor key of {name}, exported {exported_at}.\n\
         # Keep it at the training office, out of the trainees' reach; check it by reading\n\
         # the fingerprint out to the supervisor: {print}\n\
         {KEY_KIND} {key} {name}\n",
        name = supervisor.name,
        print = supervisor.fingerprint(),
        key = to_hex(&supervisor.public_key),
    )
}

impl OfficeKeys {
    /// Reads a keys file; every problem names the file, line and column.
    pub fn read(path: &Path) -> Result<OfficeKeys, KeysError> {
        let file = path.display().to_string();
        let whole = |message: String| KeysError {
            file: file.clone(),
            line: 0,
            column: 0,
            message,
        };
        let size = std::fs::metadata(path)
            .map_err(|e| whole(format!("{e}: give the keys file the training office keeps")))?
            .len();
        if size > MAX_KEYS_FILE_BYTES {
            return Err(whole(format!(
                "{size} bytes is too large for a keys file (at most {MAX_KEYS_FILE_BYTES}): \
                 is this the right file?"
            )));
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| whole(format!("{e}: a keys file is UTF-8 text")))?;
        OfficeKeys::parse(&file, &text)
    }

    /// Parses the text of a keys file named `file` (for messages).
    pub fn parse(file: &str, text: &str) -> Result<OfficeKeys, KeysError> {
        let mut keys = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let at = |column: usize, message: String| KeysError {
                file: file.to_owned(),
                line: index + 1,
                column,
                message,
            };
            if let Some(key) = parse_line(line.trim_start_matches('\u{feff}'))
                .map_err(|(column, message)| at(column, message))?
            {
                keys.push(key);
            }
        }
        if keys.is_empty() {
            return Err(KeysError {
                file: file.to_owned(),
                line: 0,
                column: 0,
                message: format!(
                    "no key in this file: each key is a line `{KEY_KIND} HEX NAME`, as \
                     `complaint-drill supervisor export-key NAME` writes"
                ),
            });
        }
        Ok(OfficeKeys { keys })
    }

    /// The office's keys for this supervisor (none if the office has no copy).
    pub fn keys_for<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a [u8; 32]> + 'a {
        self.keys
            .iter()
            .filter(move |key| key.name == name)
            .map(|key| &key.public_key)
    }

    /// The fingerprints of the office's keys for this supervisor.
    pub fn fingerprints_for(&self, name: &str) -> Vec<String> {
        self.keys_for(name).map(fingerprint).collect()
    }
}

/// A key line, or `None` for a comment or blank line; an error is (1-based column, message).
fn parse_line(line: &str) -> Result<Option<OfficeKey>, (usize, String)> {
    let content = line.trim_start();
    if content.is_empty() || content.starts_with('#') {
        return Ok(None);
    }
    let column_of = |part: &str| {
        line[..part.as_ptr() as usize - line.as_ptr() as usize]
            .chars()
            .count()
            + 1
    };
    let mut parts = content.splitn(3, char::is_whitespace);
    let kind = parts.next().unwrap_or_default();
    if kind != KEY_KIND {
        return Err((
            column_of(kind),
            format!("`{kind}` is not a key kind: a key line starts with `{KEY_KIND}`"),
        ));
    }
    let hex = parts.next().unwrap_or_default();
    let Some(public_key) = from_hex::<32>(hex) else {
        return Err((
            column_of(hex).min(line.chars().count() + 1),
            "the public key should be 64 hex digits: copy the line as exported".into(),
        ));
    };
    let name = parts.next().unwrap_or_default().trim();
    if name.is_empty() {
        return Err((
            line.chars().count() + 1,
            "the supervisor's name is missing after the key".into(),
        ));
    }
    Ok(Some(OfficeKey {
        name: name.to_owned(),
        public_key,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn supervisor(name: &str, byte: u8) -> Supervisor {
        Supervisor {
            name: name.into(),
            created_at: "2026-11-23 10:00".into(),
            public_key: [byte; 32],
        }
    }

    #[test]
    fn concatenated_exports_read_back_as_every_supervisors_key() {
        let text = export_keys_text(&supervisor("刘主任", 1), "2026-11-23 10:00")
            + &export_keys_text(&supervisor("Wang Li", 2), "2026-11-23 10:05");
        let keys = OfficeKeys::parse("office.keys", &text).unwrap();
        assert_eq!(keys.keys_for("刘主任").collect::<Vec<_>>(), [&[1; 32]]);
        assert_eq!(keys.keys_for("Wang Li").collect::<Vec<_>>(), [&[2; 32]]);
        assert_eq!(keys.keys_for("小陈").count(), 0);
    }

    #[test]
    fn a_broken_key_line_is_reported_at_its_line_and_column() {
        let text = "# office keys\ncomplaint-drill-ed25519 abc 刘主任\n";
        let error = OfficeKeys::parse("office.keys", text).unwrap_err();
        assert_eq!((error.line, error.column), (2, 25));
        assert!(
            error
                .to_string()
                .starts_with("office.keys:2:25: error: the public key"),
            "{error}"
        );
        let error = OfficeKeys::parse("office.keys", "  ssh-ed25519 AAAA x\n").unwrap_err();
        assert_eq!((error.line, error.column), (1, 3));
    }

    #[test]
    fn a_file_without_keys_is_refused() {
        let error = OfficeKeys::parse("empty.keys", "# nothing\n\n").unwrap_err();
        assert!(error.message.starts_with("no key in this file"), "{error}");
    }
}
