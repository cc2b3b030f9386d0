//! Translated labels for the domain vocabulary and finding messages.
//! The strings live in `locales/core.yml` (rust-i18n); scenario text stays in the scenarios.

use crate::text::Lang;

pub const LANGS: [Lang; 2] = Lang::ALL;

/// The label for `key` in `lang`; a missing key shows as the key itself.
pub fn label(key: &str, lang: Lang) -> String {
    rust_i18n::t!(key, locale = lang.code()).into_owned()
}

/// The label for `key` in `lang` with `%{name}` arguments filled in.
pub fn format(key: &str, lang: Lang, args: &[(&str, String)]) -> String {
    fill_args(label(key, lang), args)
}

/// `text` with its `%{name}` arguments filled in: for this table and for the string tables
/// of the faces above (each crate has its own rust-i18n backend, but one argument syntax).
pub fn fill_args(mut text: String, args: &[(&str, String)]) -> String {
    for (name, value) in args {
        text = text.replace(&format!("%{{{name}}}"), value);
    }
    text
}
