//! Problems in input files, each with file, line, column, a snippet and a hint.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use drill_engine::flaw::{Flaw, Place};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic};
use serde::de::DeserializeOwned;

use crate::excerpt::Excerpt;
use crate::index::SourceIndex;
use crate::read::read_regular;

pub use drill_engine::flaw::Level;

/// A file's path and text, kept together so problems can point into it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    /// The text without a leading byte-order mark.
    pub text: Arc<str>,
    /// Line starts and literal positions of `text` as created, built when first needed.
    index: Arc<SourceIndex>,
}

const BOM: char = '\u{feff}';

/// One thing wrong with an input file.
#[derive(Debug, Clone)]
pub struct Problem {
    pub level: Level,
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
    /// What to do about it.
    pub help: String,
    offset: usize,
    len: usize,
    text: Arc<str>,
}

impl SourceFile {
    /// A file's text; a leading byte-order mark is dropped, so columns count from what an
    /// editor shows.
    pub fn new(path: impl Into<String>, text: impl Into<Arc<str>>) -> SourceFile {
        let text: Arc<str> = text.into();
        let text = match text.strip_prefix(BOM) {
            Some(rest) => Arc::from(rest),
            None => text,
        };
        SourceFile {
            path: path.into(),
            text,
            index: Arc::default(),
        }
    }

    /// Reads a regular file of at most [`crate::read::MAX_FILE_BYTES`]; anything else (a
    /// folder, a FIFO, a device, a huge file, bytes that are not UTF-8) is a problem naming it.
    pub fn read(path: &Path) -> Result<SourceFile, Box<Problem>> {
        let name = path.display().to_string();
        match read_regular(path) {
            Ok(bytes) => SourceFile::from_bytes(name, bytes),
            Err(why) => Err(Box::new(SourceFile::new(name, "").problem_at(
                0,
                why.to_string(),
                why.help(),
            ))),
        }
    }

    /// A file's bytes as text; if they are not UTF-8, a problem at the first bad byte.
    pub fn from_bytes(path: impl Into<String>, bytes: Vec<u8>) -> Result<SourceFile, Box<Problem>> {
        let error = match String::from_utf8(bytes) {
            Ok(text) => return Ok(SourceFile::new(path, text)),
            Err(error) => error,
        };
        let bad = error.utf8_error().valid_up_to();
        let byte = error.as_bytes()[bad];
        let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
        let length = text.len();
        let file = SourceFile::new(path, text);
        // The lossy text is the same up to the bad byte, less a byte-order mark if dropped.
        let at = bad - (length - file.text.len());
        Err(Box::new(file.problem_spanning(
            at,
            char::REPLACEMENT_CHARACTER.len_utf8(),
            Level::Error,
            format!(
                "the file is not UTF-8 text: byte 0x{byte:02X} here is not part of any character"
            ),
            "save the file as UTF-8 (in most editors: Save with Encoding, UTF-8)".into(),
        )))
    }

    pub fn problem_at(
        &self,
        offset: usize,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Problem {
        self.problem_spanning(offset, 0, Level::Error, message.into(), help.into())
    }

    /// A problem at the first occurrence of the quoted string `"literal"` (start of file if absent).
    pub fn problem_at_literal(
        &self,
        literal: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Problem {
        let (offset, len) = self.find_literal(literal, None).unwrap_or((0, 0));
        self.problem_spanning(offset, len, Level::Error, message.into(), help.into())
    }

    /// A problem at `field: "literal"`, e.g. the `next: "n9"` that names a missing node.
    pub fn problem_at_field(
        &self,
        field: &str,
        literal: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Problem {
        let (offset, len) = self.find_field(field, literal);
        self.problem_spanning(offset, len, Level::Error, message.into(), help.into())
    }

    /// The engine's flaw, located in this file.
    pub fn locate(&self, flaw: Flaw) -> Problem {
        let (offset, len) = match &flaw.place {
            Place::Top => (0, 0),
            Place::Word(word) => (self.find_word(word), 0),
            Place::Literal(literal) => self.find_literal(literal, None).unwrap_or((0, 0)),
            Place::Field { field, literal } => self.find_field(field, literal),
            Place::Path(steps) => self.find_path(steps),
            Place::Number { within, field } => self.find_number(within, field),
        };
        self.problem_spanning(offset, len, flaw.level, flaw.message, flaw.help)
    }

    /// Every flaw, located in this file.
    pub fn locate_all(&self, flaws: Vec<Flaw>) -> Vec<Problem> {
        flaws.into_iter().map(|flaw| self.locate(flaw)).collect()
    }

    /// The first bare `word` (else its first occurrence anywhere, else the start of the file).
    fn find_word(&self, word: &str) -> usize {
        self.tokens()
            .word(word)
            .first()
            .copied()
            .or_else(|| self.text.find(word))
            .unwrap_or(0)
    }

    fn tokens(&self) -> &crate::index::Tokens {
        self.index.tokens(&self.text)
    }

    /// `field: "literal"`, else the literal anywhere, else the start of the file.
    fn find_field(&self, field: &str, literal: &str) -> (usize, usize) {
        self.find_literal(literal, Some(field))
            .or_else(|| self.find_literal(literal, None))
            .unwrap_or((0, 0))
    }

    /// The first `field:` after the chain `within` (from the top when it is empty).
    fn find_number(&self, within: &[(&str, String)], field: &str) -> (usize, usize) {
        let from = if within.is_empty() {
            0
        } else {
            let (at, len) = self.find_path(within);
            at + len
        };
        let offsets = self.tokens().word(field);
        let first = offsets.partition_point(|&at| at < from);
        offsets[first..]
            .iter()
            .find(|&&at| self.text[at + field.len()..].trim_start().starts_with(':'))
            .map_or((0, 0), |&at| (at, field.len()))
    }

    /// The last `field: "literal"` of a chain, each searched after the one before.
    fn find_path(&self, path: &[(&str, String)]) -> (usize, usize) {
        let mut from = 0;
        let mut found = None;
        for (field, literal) in path {
            found = self
                .find_literal_from(literal, Some(field), from)
                .or_else(|| self.find_bare_from(literal, field, from));
            match found {
                Some((at, len)) => from = at + len,
                None => break,
            }
        }
        found
            .or_else(|| {
                path.last()
                    .and_then(|(field, literal)| self.find_literal(literal, Some(field)))
            })
            .unwrap_or((0, 0))
    }

    /// `field: Word`, a bare value such as `field: Unit`, at or after `from`.
    fn find_bare_from(&self, word: &str, field: &str, from: usize) -> Option<(usize, usize)> {
        let offsets = self.tokens().word(word);
        let first = offsets.partition_point(|&at| at < from);
        offsets[first..]
            .iter()
            .find(|&&at| {
                let before = self.text[..at].trim_end();
                before
                    .strip_suffix(':')
                    .is_some_and(|before| before.trim_end().ends_with(field))
            })
            .map(|&at| (at, word.len()))
    }

    /// Where `"literal"` first stands, optionally only right after `field:`.
    fn find_literal(&self, literal: &str, field: Option<&str>) -> Option<(usize, usize)> {
        self.find_literal_from(literal, field, 0)
    }

    fn find_literal_from(
        &self,
        literal: &str,
        field: Option<&str>,
        from: usize,
    ) -> Option<(usize, usize)> {
        let offsets = self.tokens().literal(literal);
        let first = offsets.partition_point(|&at| at < from);
        for &at in &offsets[first..] {
            let before = self.text[..at].trim_end();
            let accepted = match field {
                None => true,
                // Also accepts a literal inside a list, e.g. `breaks: ["E-01", "E-99"]`.
                Some(field) => before
                    .strip_suffix(':')
                    .or_else(|| {
                        before
                            .rsplit_once(':')
                            .filter(|(_, list)| {
                                list.trim_start().starts_with('[') && !list.contains(']')
                            })
                            .map(|(b, _)| b)
                    })
                    .is_some_and(|b| b.trim_end().ends_with(field)),
            };
            if accepted {
                return Some((at, literal.len() + 2));
            }
        }
        None
    }

    fn problem_spanning(
        &self,
        offset: usize,
        len: usize,
        level: Level,
        message: String,
        help: String,
    ) -> Problem {
        let offset = offset.min(self.text.len());
        let (line, col) = self.index.lines(&self.text).line_col(&self.text, offset);
        Problem {
            level,
            path: self.path.clone(),
            line,
            col,
            message,
            help,
            offset,
            len,
            text: self.text.clone(),
        }
    }

    /// The byte offset of a 1-based line and character column.
    fn offset_of(&self, line: usize, col: usize) -> usize {
        self.index
            .lines(&self.text)
            .offset_of(&self.text, line, col)
    }
}

/// Deserialises RON, turning a syntax error or an unknown field into a located problem.
pub fn parse_ron<T: DeserializeOwned>(file: &SourceFile) -> Result<T, Vec<Problem>> {
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    options.from_str(&file.text).map_err(|error| {
        let start = file.offset_of(error.span.start.line, error.span.start.col);
        let end = file
            .offset_of(error.span.end.line, error.span.end.col)
            .max(start);
        let span = crate::syntax::refine(&file.text, &error.code, start..end);
        let help = crate::syntax::hint(&file.text, &error.code, &(start..end))
            .unwrap_or_else(|| hint_for(&error.code));
        vec![file.problem_spanning(
            span.start,
            span.len(),
            Level::Error,
            error.code.to_string(),
            help,
        )]
    })
}

fn hint_for(error: &ron::Error) -> String {
    use ron::Error as E;
    match error {
        E::NoSuchStructField { expected, .. } => {
            format!("remove the field or use one of: {}", expected.join(", "))
        }
        E::MissingStructField { field, .. } => format!("add the field `{field}`"),
        E::NoSuchEnumVariant { expected, .. } => format!("use one of: {}", expected.join(", ")),
        E::Eof => "the file ends too early: close every ( [ { and string".into(),
        E::ExpectedComma | E::ExpectedArrayEnd | E::ExpectedStructLikeEnd | E::ExpectedMapEnd => {
            "check the commas and brackets just before this point".into()
        }
        E::ExpectedString | E::ExpectedStringEnd => "text must be in double quotes".into(),
        _ => "see docs/authoring.md for the format".into(),
    }
}

impl Problem {
    pub fn warning(mut self) -> Problem {
        self.level = Level::Warning;
        self
    }

    /// `file:line:col: error: message`, then a miette snippet with the hint.
    pub fn render(&self) -> String {
        let diagnostic = MietteDiagnostic::new(self.message.clone())
            .with_label(LabeledSpan::at(self.offset..self.offset + self.len, "here"))
            .with_help(self.help.clone())
            .with_severity(match self.level {
                Level::Error => miette::Severity::Error,
                Level::Warning => miette::Severity::Warning,
            });
        let excerpt = Excerpt::around(&self.path, &self.text, (self.offset, self.len), self.line);
        let report = miette::Report::new(diagnostic).with_source_code(excerpt);
        let mut snippet = String::new();
        let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor());
        if handler
            .render_report(&mut snippet, report.as_ref())
            .is_err()
        {
            snippet.clear();
        }
        format!("{self}\n{snippet}")
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {level}: {} (hint: {})",
            self.path, self.line, self.col, self.message, self.help
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_a_literal_after_its_field_name() {
        let file = SourceFile::new("a.ron", "(\n  id: \"x\",\n  next: \"x\",\n)");
        let problem = file.problem_at_field("next", "x", "dangling", "fix it");
        assert_eq!((problem.line, problem.col), (3, 9));
    }

    #[test]
    fn counts_columns_in_characters_not_bytes() {
        let file = SourceFile::new("a.ron", "(名字: \"x\")");
        let problem = file.problem_at_literal("x", "m", "h");
        assert_eq!((problem.line, problem.col), (1, 6));
    }

    #[test]
    fn renders_a_syntax_error_with_file_line_and_column() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Point {
            x: u32,
        }
        let file = SourceFile::new("broken.ron", "Point(\n  x: 1\n  y: 2,\n)");
        let problems = parse_ron::<Point>(&file).unwrap_err();
        let rendered = problems[0].render();
        assert!(rendered.starts_with("broken.ron:3:"), "{rendered}");
        assert!(rendered.contains("y: 2"), "snippet missing: {rendered}");
    }
}
