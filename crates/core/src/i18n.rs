//! Translated labels for the domain vocabulary, finding messages and CLI prompts.
//! The strings live in `locales/core.yml` (rust-i18n); scenario text stays in the scenarios.

use crate::text::Lang;

pub const LANGS: [Lang; 2] = Lang::ALL;

/// The label for `key` in `lang`; a missing key shows as the key itself.
pub fn label(key: &str, lang: Lang) -> String {
    rust_i18n::t!(key, locale = lang.code()).into_owned()
}

/// The label for `key` in `lang` with `%{name}` arguments filled in.
pub fn format(key: &str, lang: Lang, args: &[(&str, String)]) -> String {
    let mut text = label(key, lang);
    for (name, value) in args {
        text = text.replace(&format!("%{{{name}}}"), value);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Channel, Department, RecordField};

    #[test]
    fn every_vocabulary_label_exists_in_both_languages() {
        let keys = Channel::ALL
            .iter()
            .map(|c| c.key())
            .chain(Department::ALL.iter().map(|d| d.key()))
            .chain(RecordField::ALL.iter().map(|f| f.key()));
        for key in keys {
            for lang in LANGS {
                let text = label(key, lang);
                assert_ne!(text, key, "no {lang:?} label for {key}");
            }
        }
    }

    #[test]
    fn parses_a_translated_label_back_to_its_value() {
        assert_eq!(Department::parse("工程部"), Some(Department::Engineering));
        assert_eq!(
            Department::parse("engineering"),
            Some(Department::Engineering)
        );
    }
}
