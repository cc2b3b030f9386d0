//! The complaint handling record form (《投诉处理记录表》) and how its values are compared.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::model::RecordField;

/// A filled record form, written in RON as a map: `{ Phone: "138 1234 5678", … }`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Record {
    pub fields: BTreeMap<RecordField, String>,
}

impl Record {
    /// The field's value, `None` when blank.
    pub fn get(&self, field: RecordField) -> Option<&str> {
        self.fields
            .get(&field)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }

    pub fn set(&mut self, field: RecordField, value: impl Into<String>) {
        self.fields.insert(field, value.into());
    }
}

/// Minutes since 1970-01-01 00:00 of a `YYYY-MM-DD HH:MM` time.
pub fn parse_datetime(text: &str) -> Option<i64> {
    let text = text.trim();
    ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y/%m/%d %H:%M"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .map(|time| time.and_utc().timestamp() / 60)
}

/// Formats minutes since the epoch as `YYYY-MM-DD HH:MM`.
pub fn format_datetime(minute: i64) -> String {
    use chrono::{Datelike, Timelike};
    // Plain formatting: strftime parsing showed up in profiles of mass re-scoring.
    chrono::DateTime::from_timestamp(minute * 60, 0)
        .map(|time| {
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02}",
                time.year(),
                time.month(),
                time.day(),
                time.hour(),
                time.minute()
            )
        })
        .unwrap_or_default()
}

fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        // Fullwidth digits, as typed with a Chinese input method.
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => None,
    }
}

/// The digits of a phone number: `+86 138-1234 5678` → `13812345678`.
pub fn phone_digits(text: &str) -> String {
    let digits: String = text.chars().filter_map(ascii_digit).collect();
    match digits.strip_prefix("86") {
        Some(rest) if rest.len() == 11 => rest.to_owned(),
        _ => digits,
    }
}

/// A mainland mobile (11 digits from 1) or a landline of 7 to 12 digits.
pub fn is_valid_phone(text: &str) -> bool {
    let digits = phone_digits(text);
    (digits.len() == 11 && digits.starts_with('1'))
        || (7..=12).contains(&digits.len()) && !digits.starts_with('1')
}

/// The groups of digits of a unit: `3栋 1202室` and `3-1202` both give `["3", "1202"]`.
pub fn unit_key(text: &str) -> Vec<String> {
    let mut groups = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        match ascii_digit(c) {
            Some(digit) => current.push(digit),
            None if !current.is_empty() => groups.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        groups.push(current);
    }
    groups
        .into_iter()
        .map(|group| {
            let trimmed = group.trim_start_matches('0');
            if trimmed.is_empty() {
                "0".to_owned()
            } else {
                trimmed.to_owned()
            }
        })
        .collect()
}

/// Lower case without white space, for matching key points in free text.
pub fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `value` mentions one alternative of every key point.
pub fn mentions_all(value: &str, key_points: &[Vec<String>]) -> bool {
    let folded = fold(value);
    key_points
        .iter()
        .all(|alternatives| alternatives.iter().any(|alt| folded.contains(&fold(alt))))
}

/// The key points of `key_points` that `value` does not mention (their first alternative).
pub fn unmentioned<'a>(value: &str, key_points: &'a [Vec<String>]) -> Vec<&'a str> {
    let folded = fold(value);
    key_points
        .iter()
        .filter(|alternatives| !alternatives.iter().any(|alt| folded.contains(&fold(alt))))
        .filter_map(|alternatives| alternatives.first().map(String::as_str))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_compare_by_digits_only() {
        assert_eq!(phone_digits("+86 138-1234 5678"), "13812345678");
        assert_eq!(phone_digits("１３８ １２３４ ５６７８"), "13812345678");
        assert!(is_valid_phone("138 1234 5678"));
        assert!(!is_valid_phone("138 1234 567"));
    }

    #[test]
    fn unit_numbers_compare_by_their_digit_groups() {
        assert_eq!(unit_key("3栋1202室"), unit_key("3-1202"));
        assert_eq!(unit_key("Block 03, Flat 1202"), ["3", "1202"]);
        assert_ne!(unit_key("3-1201"), unit_key("3-1202"));
    }

    #[test]
    fn key_points_match_either_language_ignoring_case_and_spaces() {
        let points = vec![
            vec!["电梯".to_owned(), "lift".to_owned()],
            vec!["三天".to_owned(), "3 days".to_owned()],
        ];
        assert!(mentions_all("The LIFT stopped 3days ago", &points));
        assert!(!mentions_all("电梯坏了", &points));
        assert_eq!(unmentioned("电梯坏了", &points), ["三天"]);
    }

    #[test]
    fn date_times_round_trip() {
        let minute = parse_datetime("2026-03-14 09:30").unwrap();
        assert_eq!(format_datetime(minute + 90), "2026-03-14 11:00");
        assert_eq!(parse_datetime("14/03/2026"), None);
    }
}
