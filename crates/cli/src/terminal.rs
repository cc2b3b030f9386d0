//! Output that is safe to print: a trainee's name, a supervisor's note or a scenario's text
//! may hold terminal control codes (an escape sequence can retitle the window, hide text or
//! worse). Control characters other than newline and tab are shown as `\u{..}` instead.

use std::borrow::Cow;
use std::io::{self, Write};

/// `text` with every control character but `\n` and `\t` escaped.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let escaped = text
        .chars()
        .map(|c| {
            if unsafe_char(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    Cow::Owned(escaped)
}

/// A writer that escapes control characters in everything written through it.
pub struct TerminalSafe<'a>(pub &'a mut dyn Write);

impl Write for TerminalSafe<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        // Formatting writes whole `str` pieces, so a buffer is valid UTF-8; anything else is
        // shown lossily rather than passed through raw.
        let text = String::from_utf8_lossy(bytes);
        self.0.write_all(escape_controls(&text).as_bytes())?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_escape_sequence_in_a_name_is_shown_not_obeyed() {
        let mut out = Vec::new();
        write!(TerminalSafe(&mut out), "小陈\x1b]0;pwned\x07 ok\n\ttab").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "小陈\\u{1b}]0;pwned\\u{7} ok\n\ttab"
        );
    }

    #[test]
    fn a_c1_control_character_is_escaped_too() {
        assert_eq!(escape_controls("a\u{9b}31m"), "a\\u{9b}31m");
        assert!(matches!(escape_controls("plain 文字"), Cow::Borrowed(_)));
    }
}
