//! Positions in a file's text, found once per file so that locating many problems stays
//! linear in its size: where lines start (for line:col), and where each quoted literal and
//! bare word stands (for the engine's places). Scanning from the top for every problem made
//! 5,000 problems in one 334 KB file take 18 s.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

/// A file's indexes, each built the first time it is needed; shared by clones of the file.
#[derive(Default)]
pub(crate) struct SourceIndex {
    lines: OnceLock<Lines>,
    tokens: OnceLock<Tokens>,
}

impl SourceIndex {
    pub(crate) fn lines(&self, text: &str) -> &Lines {
        self.lines.get_or_init(|| Lines::new(text))
    }

    pub(crate) fn tokens(&self, text: &str) -> &Tokens {
        self.tokens.get_or_init(|| Tokens::new(text))
    }
}

impl fmt::Debug for SourceIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SourceIndex { .. }")
    }
}

/// The byte offset where each line starts.
pub(crate) struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let breaks = text.bytes().enumerate().filter(|(_, b)| *b == b'\n');
        let starts = std::iter::once(0).chain(breaks.map(|(at, _)| at + 1));
        Lines {
            starts: starts.collect(),
        }
    }

    /// The 1-based line and character column of a byte offset.
    pub(crate) fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        let start = self.starts[line - 1];
        let before = text.get(start..offset).unwrap_or("");
        (line, before.chars().count() + 1)
    }

    /// The byte offset of a 1-based line and character column; past the end, the end.
    pub(crate) fn offset_of(&self, text: &str, line: usize, col: usize) -> usize {
        let Some(&start) = line.checked_sub(1).and_then(|index| self.starts.get(index)) else {
            return text.len();
        };
        let end = self.starts.get(line).copied().unwrap_or(text.len());
        let line_text = text.get(start..end).unwrap_or("");
        start
            + line_text
                .char_indices()
                .nth(col.saturating_sub(1))
                .map_or(line_text.len(), |(at, _)| at)
    }
}

/// Where each quoted literal (by its text between the quotes) and each bare word stands,
/// outside comments.
#[derive(Default)]
pub(crate) struct Tokens {
    literals: HashMap<Box<str>, Vec<usize>>,
    words: HashMap<Box<str>, Vec<usize>>,
}

impl Tokens {
    fn new(text: &str) -> Tokens {
        let mut tokens = Tokens::default();
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            at = match (bytes[at], bytes.get(at + 1)) {
                (b'"', _) => tokens.string(text, at),
                (b'/', Some(b'/')) => line_end(bytes, at),
                (b'/', Some(b'*')) => comment_end(bytes, at),
                (b'\'', _) => char_end(bytes, at),
                (b, _) if b.is_ascii_alphabetic() || b == b'_' => tokens.bare_word(text, at),
                (b, _) if b.is_ascii_digit() => word_end(bytes, at),
                _ => at + 1,
            };
        }
        tokens
    }

    /// The offsets of the opening quote of every `"literal"`, in order.
    pub(crate) fn literal(&self, literal: &str) -> &[usize] {
        self.literals.get(literal).map_or(&[], Vec::as_slice)
    }

    /// The offsets of every bare word, such as a field name, in order.
    pub(crate) fn word(&self, word: &str) -> &[usize] {
        self.words.get(word).map_or(&[], Vec::as_slice)
    }

    /// Records the string opening at `quote`; returns the offset after it.
    fn string(&mut self, text: &str, quote: usize) -> usize {
        let bytes = text.as_bytes();
        let mut at = quote + 1;
        while at < bytes.len() {
            match bytes[at] {
                b'\\' => at += 2,
                b'"' => {
                    self.add_literal(&text[quote + 1..at], quote);
                    return at + 1;
                }
                _ => at += 1,
            }
        }
        bytes.len()
    }

    /// Records a raw string `r#"…"#` whose `r` is at `r`, or else the bare word there.
    fn bare_word(&mut self, text: &str, start: usize) -> usize {
        let end = word_end(text.as_bytes(), start);
        let word = &text[start..end];
        if matches!(word, "r" | "br")
            && let Some(after) = self.raw_string(text, end)
        {
            return after;
        }
        push_offset(&mut self.words, word, start);
        end
    }

    /// The raw string whose hashes or quote start at `from`, recorded at its opening quote.
    fn raw_string(&mut self, text: &str, from: usize) -> Option<usize> {
        let rest = &text[from..];
        let hashes = rest.len() - rest.trim_start_matches('#').len();
        let quote = from + hashes;
        if text.as_bytes().get(quote) != Some(&b'"') {
            return None;
        }
        let closing = format!("\"{}", "#".repeat(hashes));
        let Some(length) = text[quote + 1..].find(&closing) else {
            return Some(text.len());
        };
        self.add_literal(&text[quote + 1..quote + 1 + length], quote);
        Some(quote + 1 + length + closing.len())
    }

    fn add_literal(&mut self, literal: &str, quote: usize) {
        push_offset(&mut self.literals, literal, quote);
    }
}

fn push_offset(table: &mut HashMap<Box<str>, Vec<usize>>, key: &str, offset: usize) {
    match table.get_mut(key) {
        Some(offsets) => offsets.push(offset),
        None => {
            table.insert(key.into(), vec![offset]);
        }
    }
}

fn word_end(bytes: &[u8], start: usize) -> usize {
    let length = bytes[start..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
        .count();
    start + length
}

fn line_end(bytes: &[u8], start: usize) -> usize {
    bytes[start..]
        .iter()
        .position(|b| *b == b'\n')
        .map_or(bytes.len(), |length| start + length + 1)
}

/// The end of a block comment, which RON lets nest.
fn comment_end(bytes: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let mut at = start;
    while at + 1 < bytes.len() {
        match (bytes[at], bytes[at + 1]) {
            (b'/', b'*') => (depth, at) = (depth + 1, at + 2),
            (b'*', b'/') => {
                (depth, at) = (depth - 1, at + 2);
                if depth == 0 {
                    return at;
                }
            }
            _ => at += 1,
        }
    }
    bytes.len()
}

/// The end of a character literal such as `'"'` or `'\''`, so its quote is not a string's.
fn char_end(bytes: &[u8], start: usize) -> usize {
    let first = start
        + if bytes.get(start + 1) == Some(&b'\\') {
            3
        } else {
            2
        };
    bytes
        .get(first..)
        .and_then(|rest| rest.iter().position(|b| *b == b'\''))
        .map_or(bytes.len(), |length| first + length + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_in_comments_and_character_quotes_are_not_indexed() {
        let text =
            "// \"a\"\n(x: '\"', y: \"a\", /* \"a\" /* \"a\" */ */ z: r#\"a\"#, w: \"b\\\"a\")";
        let tokens = Tokens::new(text);
        let y = text.find("\"a\",").unwrap();
        let z = text.find("\"a\"#").unwrap();
        assert_eq!(tokens.literal("a"), [y, z]);
        assert_eq!(tokens.literal("b\\\"a"), [text.rfind("\"b").unwrap()]);
        assert_eq!(tokens.word("y"), [text.find("y:").unwrap()]);
    }

    #[test]
    fn line_and_column_come_from_the_line_starts_in_characters() {
        let text = "ab\n名字x\n\nz";
        let lines = Lines::new(text);
        assert_eq!(lines.line_col(text, text.find('x').unwrap()), (2, 3));
        assert_eq!(lines.line_col(text, text.len()), (4, 2));
        assert_eq!(lines.offset_of(text, 2, 3), text.find('x').unwrap());
        assert_eq!(lines.offset_of(text, 9, 1), text.len());
    }
}
