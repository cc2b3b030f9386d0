//! The few lines around a problem, handed to miette instead of the whole file: miette reads
//! its source from the top for every snippet, so 5,000 snippets of one large file were
//! quadratic. Columns are given in characters, as a problem's are.

use std::sync::Arc;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// Lines of context kept on each side of a span: more than the renderer shows (one).
const CONTEXT_LINES: usize = 2;

pub(crate) struct Excerpt {
    name: String,
    text: Arc<str>,
    /// Byte range of the excerpt in `text`.
    start: usize,
    end: usize,
    /// 0-based line of `start`.
    first_line: usize,
}

impl Excerpt {
    /// The lines around `offset..offset + len`, which starts on 1-based `line`.
    pub(crate) fn around(
        name: &str,
        text: &Arc<str>,
        (offset, len): (usize, usize),
        line: usize,
    ) -> Excerpt {
        let offset = floor_boundary(text, offset);
        let end = floor_boundary(text, offset + len);
        let start = text[..offset]
            .rmatch_indices('\n')
            .nth(CONTEXT_LINES)
            .map_or(0, |(at, _)| at + 1);
        let after = text[end..]
            .match_indices('\n')
            .nth(CONTEXT_LINES)
            .map_or(text.len(), |(at, _)| end + at + 1);
        let lines_before = text[start..offset].matches('\n').count();
        Excerpt {
            name: name.to_owned(),
            text: Arc::clone(text),
            start,
            end: after,
            first_line: line.saturating_sub(1 + lines_before),
        }
    }
}

fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let local_offset = span
            .offset()
            .checked_sub(self.start)
            .ok_or(MietteError::OutOfBounds)?;
        let window = &self.text[self.start..self.end];
        let local = SourceSpan::new(local_offset.into(), span.len());
        let inner = window.read_span(&local, context_lines_before, context_lines_after)?;
        let data = inner.data();
        let at = self.start + inner.span().offset();
        // miette counts the column in bytes; a problem's column counts characters.
        let column = match inner.column() {
            0 => 0,
            bytes => self.text[span.offset() - bytes..span.offset()]
                .chars()
                .count(),
        };
        Ok(Box::new(
            MietteSpanContents::new_named(
                self.name.clone(),
                data,
                SourceSpan::new(at.into(), inner.span().len()),
                self.first_line + inner.line(),
                column,
                self.first_line + inner.line_count(),
            )
            .with_language("ron"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use miette::{GraphicalReportHandler, GraphicalTheme, MietteDiagnostic, NamedSource};

    use super::*;
    use crate::SourceFile;

    fn render(source: impl SourceCode + 'static, span: (usize, usize)) -> String {
        let label = miette::LabeledSpan::at(span.0..span.0 + span.1, "here");
        let diagnostic = MietteDiagnostic::new("m").with_label(label);
        let report = miette::Report::new(diagnostic).with_source_code(source);
        let mut out = String::new();
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
            .render_report(&mut out, report.as_ref())
            .unwrap();
        out
    }

    #[test]
    fn a_snippet_from_the_lines_around_a_span_renders_as_from_the_whole_file() {
        let text: Arc<str> = (1..=12)
            .map(|n| format!("line {n}: (a: \"x{n}\", b: 2)\n"))
            .collect::<String>()
            .into();
        let first = (0, 4);
        let middle = (text.find("x6").unwrap(), 2);
        let across = (text.find("b: 2)\nline 8").unwrap(), 12);
        let last = (text.rfind("x12").unwrap(), 3);
        for span in [first, middle, across, last, (text.len(), 0)] {
            let line = text[..span.0].matches('\n').count() + 1;
            let whole = NamedSource::new("f.ron", text.to_string()).with_language("ron");
            let excerpt = Excerpt::around("f.ron", &text, span, line);
            assert_eq!(render(excerpt, span), render(whole, span), "{span:?}");
        }
    }

    #[test]
    fn the_snippet_header_counts_columns_in_characters_as_the_problem_does() {
        let file = SourceFile::new("zh.ron", "(\n  名字: \"x\",\n)");
        let problem = file.problem_at_literal("x", "m", "h");
        assert_eq!((problem.line, problem.col), (2, 7));
        assert!(
            problem.render().contains("╭─[zh.ron:2:7]"),
            "{}",
            problem.render()
        );
    }
}
