//! Bilingual text and the `{variable}` placeholders that seeded variants fill in.

use serde::{Deserialize, Serialize};

/// The two languages every scenario and UI string must exist in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Lang {
    /// Simplified Chinese (zh-Hans).
    #[default]
    Zh,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The locale code used by the i18n string tables.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.to_ascii_lowercase().as_str() {
            "zh" | "zh-hans" | "zh-cn" | "cn" => Some(Lang::Zh),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A string in both languages, written in RON as `(zh: "…", en: "…")`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// The languages whose text is empty: a missing translation.
    pub fn missing(&self) -> Vec<Lang> {
        Lang::ALL
            .into_iter()
            .filter(|lang| self.get(*lang).trim().is_empty())
            .collect()
    }
}

/// Replaces every `{name}` in `template` with `lookup(name)`; unknown names are kept as written.
pub fn fill_placeholders<'a>(template: &str, lookup: impl Fn(&str) -> Option<&'a str>) -> String {
    if !template.contains('{') {
        return template.to_owned();
    }
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match lookup(name) {
                    Some(value) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The names of the `{placeholders}` used in a template.
pub fn placeholders(template: &str) -> impl Iterator<Item = &str> {
    template
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_known_placeholders_and_keeps_unknown_ones() {
        let filled = fill_placeholders("{surname}先生, {unit} {other}", |name| match name {
            "surname" => Some("王"),
            "unit" => Some("3-1202"),
            _ => None,
        });
        assert_eq!(filled, "王先生, 3-1202 {other}");
    }

    #[test]
    fn lists_placeholder_names() {
        let names: Vec<_> = placeholders("Mr {surname} of {unit}").collect();
        assert_eq!(names, ["surname", "unit"]);
    }

    #[test]
    fn reports_an_empty_translation_as_missing() {
        assert_eq!(Text::new("你好", " ").missing(), [Lang::En]);
        assert!(Text::new("你好", "hello").missing().is_empty());
    }
}
