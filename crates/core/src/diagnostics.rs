//! Problems in input files, each with file, line, column, a snippet and a hint.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};
use serde::de::DeserializeOwned;

/// A file's path and text, kept together so problems can point into it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub text: Arc<str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Warning,
    Error,
}

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
    pub fn new(path: impl Into<String>, text: impl Into<Arc<str>>) -> SourceFile {
        SourceFile {
            path: path.into(),
            text: text.into(),
        }
    }

    /// Reads a file; an unreadable one becomes a problem naming it.
    pub fn read(path: &Path) -> Result<SourceFile, Box<Problem>> {
        match std::fs::read_to_string(path) {
            Ok(text) => Ok(SourceFile::new(path.display().to_string(), text)),
            Err(error) => Err(Box::new(
                SourceFile::new(path.display().to_string(), "").problem_at(
                    0,
                    format!("cannot read the file: {error}"),
                    "check the path and that the file is UTF-8 text",
                ),
            )),
        }
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
        let (offset, len) = self
            .find_literal(literal, Some(field))
            .or_else(|| self.find_literal(literal, None))
            .unwrap_or((0, 0));
        self.problem_spanning(offset, len, Level::Error, message.into(), help.into())
    }

    /// A problem at the last `field: "literal"` of a path, each searched after the one before:
    /// e.g. `[("id", node), ("id", option), ("next", target)]` finds that option's `next`.
    pub fn problem_at_path(
        &self,
        path: &[(&str, &str)],
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Problem {
        let mut from = 0;
        let mut found = None;
        for (field, literal) in path {
            found = self.find_literal_from(literal, Some(field), from);
            match found {
                Some((at, len)) => from = at + len,
                None => break,
            }
        }
        let (offset, len) = found
            .or_else(|| {
                path.last()
                    .and_then(|(field, literal)| self.find_literal(literal, Some(field)))
            })
            .unwrap_or((0, 0));
        self.problem_spanning(offset, len, Level::Error, message.into(), help.into())
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
        let quoted = format!("\"{literal}\"");
        let mut from = from;
        while let Some(found) = self.text[from..].find(&quoted) {
            let at = from + found;
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
                return Some((at, quoted.len()));
            }
            from = at + quoted.len();
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
        let (line, col) = line_col(&self.text, offset);
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
        let mut offset = 0;
        for (index, text_line) in self.text.split_inclusive('\n').enumerate() {
            if index + 1 == line {
                return offset
                    + text_line
                        .char_indices()
                        .nth(col.saturating_sub(1))
                        .map_or(text_line.len(), |(at, _)| at);
            }
            offset += text_line.len();
        }
        self.text.len()
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    (line, before[line_start..].chars().count() + 1)
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
        vec![file.problem_spanning(
            start,
            end - start,
            Level::Error,
            error.code.to_string(),
            hint_for(&error.code),
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
        let report = miette::Report::new(diagnostic).with_source_code(
            NamedSource::new(&self.path, self.text.to_string()).with_language("ron"),
        );
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
