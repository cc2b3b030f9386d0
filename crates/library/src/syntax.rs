//! Where a RON syntax error really is. ron 0.12 spans a bad escape from the start of its
//! string and an unclosed raw string from its quote; an author needs the backslash and the
//! `r` that opens the raw string.

use std::ops::Range;

use ron::Error;

/// The span to show for `error`, given ron's span (byte offsets into `text`).
pub(crate) fn refine(text: &str, error: &Error, span: Range<usize>) -> Range<usize> {
    match error {
        Error::InvalidEscape(_) => escape_at(text, span),
        Error::ExpectedStringEnd => raw_string_at(text, span.start).unwrap_or(span),
        _ => span,
    }
}

/// A more precise hint than ron's message, for errors where one is known.
pub(crate) fn hint(text: &str, error: &Error, span: &Range<usize>) -> Option<String> {
    match error {
        Error::InvalidEscape(_) => {
            Some("use one of \\\" \\\\ \\n \\t \\u{…}, or write the character itself".into())
        }
        Error::ExpectedStringEnd => Some(match raw_string_hashes(text, span.start) {
            Some(hashes) => format!(
                "close the raw string with \"{}, as many # as it opens with",
                "#".repeat(hashes)
            ),
            None => "close the string with \"".into(),
        }),
        _ => None,
    }
}

/// From the backslash that starts the bad escape to the end of ron's span.
fn escape_at(text: &str, span: Range<usize>) -> Range<usize> {
    let line_start = text[..span.start].rfind('\n').map_or(0, |at| at + 1);
    match text[line_start..span.end].rfind('\\') {
        Some(at) => line_start + at..span.end,
        None => span,
    }
}

/// The raw string `r#…"` whose opening quote is at `quote`.
fn raw_string_at(text: &str, quote: usize) -> Option<Range<usize>> {
    let hashes = raw_string_hashes(text, quote)?;
    Some(quote - hashes - 1..quote + 1)
}

/// The number of `#` of a raw string whose opening quote is at `quote`, if it is one.
fn raw_string_hashes(text: &str, quote: usize) -> Option<usize> {
    if text.as_bytes().get(quote) != Some(&b'"') {
        return None;
    }
    let before = text.get(..quote)?;
    let without = before.trim_end_matches('#');
    let hashes = before.len() - without.len();
    let starts_word = |prefix: &str| {
        !prefix
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    };
    let opener = without.strip_suffix('r')?;
    (starts_word(opener) || opener.strip_suffix('b').is_some_and(starts_word)).then_some(hashes)
}
