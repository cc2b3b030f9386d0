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

    /// The record as `rules check` reads it: a RON map, a field a line, in form order.
    pub fn to_ron(&self) -> String {
        let config = ron::ser::PrettyConfig::default();
        ron::ser::to_string_pretty(self, config).expect("a record always serialises")
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

/// Fullwidth ASCII (`Ｂ`, `１`, `（`), as a Chinese input method types it, as halfwidth.
fn halfwidth(c: char) -> char {
    match c {
        '！'..='～' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Punctuation of both languages, which says nothing about whether a key point was made.
fn is_punctuation(c: char) -> bool {
    "，。、；：！？“”‘’（）《》【】「」…—·-_,.;:!?\"'()/".contains(c)
}

/// Text as key points are matched: `电梯（Ｂ）` and `电梯 b` both give `电梯b`.
pub fn normalise(text: &str) -> String {
    text.chars()
        .map(halfwidth)
        .filter(|c| !c.is_whitespace() && !is_punctuation(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether normalised text contains an alternative. One that is only punctuation would be
/// found in any text, so it is found in none.
fn contains(normalised: &str, alternative: &str) -> bool {
    let alternative = normalise(alternative);
    !alternative.is_empty() && normalised.contains(&alternative)
}

/// Whether `value` mentions one alternative of every key point.
pub fn mentions_all(value: &str, key_points: &[Vec<String>]) -> bool {
    let value = normalise(value);
    key_points
        .iter()
        .all(|alternatives| alternatives.iter().any(|alt| contains(&value, alt)))
}

/// The first alternative found in normalised `heard`.
fn first_heard<'a>(alternatives: &'a [String], heard: &str) -> Option<&'a str> {
    alternatives
        .iter()
        .find(|alt| contains(heard, alt))
        .map(String::as_str)
}

/// The first of `alternatives` that occurs in `heard` (everything the owner said), so a
/// finding quotes the owner's own words rather than whichever alternative is listed first.
pub fn owner_said<'a>(alternatives: &'a [String], heard: &str) -> Option<&'a str> {
    first_heard(alternatives, &normalise(heard))
}

/// The key points that `value` does not mention, each as the owner said it in `heard`, or
/// else as its first alternative.
pub fn unmentioned<'a>(value: &str, heard: &str, key_points: &'a [Vec<String>]) -> Vec<&'a str> {
    let (value, heard) = (normalise(value), normalise(heard));
    key_points
        .iter()
        .filter(|alternatives| !alternatives.iter().any(|alt| contains(&value, alt)))
        .filter_map(|alternatives| {
            first_heard(alternatives, &heard).or(alternatives.first().map(String::as_str))
        })
        .collect()
}

/// A unit's address by its parts: `Block 3, Flat 1205`, `3栋1205室` and `3-1205` are all
/// building 3, room 1205. Numbers lose leading zeros; a letter (`A座`, `Tower A`) is lower case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitAddress {
    pub building: Option<String>,
    pub entrance: Option<String>,
    pub room: Option<String>,
}

/// A part of an address, in the order addresses are written in Chinese and with dashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    Building,
    Entrance,
    Room,
}

/// A piece of an address: a group of digits, a run of ASCII letters or any other character.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Number(String),
    Word(String),
    Mark(char),
}

/// English markers, written before the number: `Block 3`, `Unit 2`, `Flat 1205`, `#1205`.
fn marker_before(token: &Token) -> Option<Part> {
    match token {
        Token::Word(word) => match word.as_str() {
            "block" | "bldg" | "building" | "tower" | "blk" => Some(Part::Building),
            "unit" | "entrance" => Some(Part::Entrance),
            "flat" | "room" | "rm" | "apt" => Some(Part::Room),
            _ => None,
        },
        Token::Mark('#') => Some(Part::Room),
        _ => None,
    }
}

/// Chinese markers, written after the number; `号楼` before `号`, which alone marks a room.
const MARKERS_AFTER: [(&str, Part); 8] = [
    ("号楼", Part::Building),
    ("栋", Part::Building),
    ("幢", Part::Building),
    ("座", Part::Building),
    ("单元", Part::Entrance),
    ("室", Part::Room),
    ("房", Part::Room),
    ("号", Part::Room),
];

/// The characters of `text` as tokens, fullwidth as halfwidth, letters in lower case.
fn tokens(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    for c in text.chars().map(halfwidth).map(|c| c.to_ascii_lowercase()) {
        match (tokens.last_mut(), c) {
            (Some(Token::Number(digits)), '0'..='9') => digits.push(c),
            (Some(Token::Word(word)), 'a'..='z') => word.push(c),
            (_, '0'..='9') => tokens.push(Token::Number(c.to_string())),
            (_, 'a'..='z') => tokens.push(Token::Word(c.to_string())),
            // White space only separates; `3 栋` is still building 3.
            _ if c.is_whitespace() => tokens.push(Token::Mark(' ')),
            _ => tokens.push(Token::Mark(c)),
        }
    }
    tokens.retain(|token| *token != Token::Mark(' '));
    tokens
}

/// What names a part: a number without leading zeros, or a single letter.
fn name(token: &Token) -> Option<String> {
    match token {
        Token::Number(digits) => {
            let trimmed = digits.trim_start_matches('0');
            Some(if trimmed.is_empty() { "0" } else { trimmed }.to_owned())
        }
        Token::Word(word) if word.len() == 1 => Some(word.clone()),
        _ => None,
    }
}

/// What may stand between an English marker and its name: `Flat No. 5`, `Unit: 2`, `Rm #5`.
fn is_filler(token: &Token) -> bool {
    matches!(token, Token::Mark('.' | ':' | '-' | '#'))
        || matches!(token, Token::Word(word) if word == "no")
}

/// The name after an English marker, looked for from `at`, and the index after it.
fn name_after(tokens: &[Token], mut at: usize) -> Option<(String, usize)> {
    while is_filler(tokens.get(at)?) {
        at += 1;
    }
    Some((name(&tokens[at])?, at + 1))
}

/// The Chinese marker starting at `at` and the index after it.
fn marker_after(tokens: &[Token], at: usize) -> Option<(Part, usize)> {
    let starts_with = |marker: &str| {
        let mut end = at;
        for c in marker.chars() {
            (tokens.get(end) == Some(&Token::Mark(c))).then_some(())?;
            end += 1;
        }
        Some(end)
    };
    let found = MARKERS_AFTER
        .iter()
        .find_map(|(marker, part)| Some((*part, starts_with(marker)?)));
    // `3楼1205` is building 3, but `12楼` alone is a floor.
    let building_floor = || match (starts_with("楼"), tokens.get(at + 1)) {
        (Some(end), Some(Token::Number(_))) => Some((Part::Building, end)),
        _ => None,
    };
    found.or_else(building_floor)
}

impl UnitAddress {
    /// The parts of a unit's address written either way, or with dashes (`3-2-1205`).
    pub fn parse(text: &str) -> UnitAddress {
        let tokens = tokens(text);
        let mut unit = UnitAddress::default();
        let mut unmarked = Vec::new();
        let mut at = 0;
        while at < tokens.len() {
            let marked = marker_before(&tokens[at])
                .and_then(|part| name_after(&tokens, at + 1).map(|(n, end)| (part, n, end)))
                .or_else(|| {
                    let (part, end) = marker_after(&tokens, at + 1)?;
                    Some((part, name(&tokens[at])?, end))
                });
            match (marked, &tokens[at]) {
                (Some((part, name, end)), _) => {
                    unit.fill(part, name);
                    at = end;
                    continue;
                }
                (None, token @ Token::Number(_)) => unmarked.extend(name(token)),
                _ => {}
            }
            at += 1;
        }
        unit.fill_unmarked(unmarked);
        unit
    }

    fn slot(&mut self, part: Part) -> &mut Option<String> {
        match part {
            Part::Building => &mut self.building,
            Part::Entrance => &mut self.entrance,
            Part::Room => &mut self.room,
        }
    }

    /// The first name given a part wins: in `3栋12楼1205` the floor is part of the room.
    fn fill(&mut self, part: Part, name: String) {
        self.slot(part).get_or_insert(name);
    }

    /// Bare numbers fill the parts still free: one is the room, two are building and room,
    /// three building, entrance and room. The last ones count, as the room comes last.
    fn fill_unmarked(&mut self, names: Vec<String>) {
        let mut free: Vec<Part> = [Part::Room, Part::Building, Part::Entrance]
            .into_iter()
            .filter(|part| self.slot(*part).is_none())
            .collect();
        let skipped = names.len().saturating_sub(free.len());
        free.truncate(names.len());
        free.sort();
        for (part, name) in free.into_iter().zip(names.into_iter().skip(skipped)) {
            self.fill(part, name);
        }
    }
}

/// Whether two addresses name the same unit: every part agrees, and a part missing from one
/// of them (`1205` against `3栋1205`) is a disagreement. Addresses naming nothing never agree.
pub fn same_unit(a: &str, b: &str) -> bool {
    let a = UnitAddress::parse(a);
    a != UnitAddress::default() && a == UnitAddress::parse(b)
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

    fn unit(building: Option<&str>, entrance: Option<&str>, room: Option<&str>) -> UnitAddress {
        UnitAddress {
            building: building.map(str::to_owned),
            entrance: entrance.map(str::to_owned),
            room: room.map(str::to_owned),
        }
    }

    #[test]
    fn an_english_address_in_another_order_is_the_same_unit() {
        assert!(same_unit("Flat 1205, Block 3", "3栋1205"));
        assert!(same_unit("3-1205", "Block 3, Flat 1205"));
        assert!(same_unit("flat 1205 BLOCK 3", "3栋1205"));
    }

    #[test]
    fn every_marker_of_either_language_names_its_part() {
        assert!(same_unit("Bldg 3 #1205", "3栋1205室"));
        assert!(same_unit("6栋902", "Bldg 6, #902"));
        assert!(same_unit("3号楼2单元1205室", "Block 3, Unit 2, Flat 1205"));
        assert!(same_unit("3幢1205号", "Tower 3 Rm 1205"));
        assert!(same_unit("3座 2单元 1205房", "Blk 3 Entrance 2 Apt 1205"));
        assert!(same_unit("3楼1205", "Building 3, Room No. 1205"));
        assert!(same_unit("3-2-1205", "Bldg 3, Unit 2, #1205"));
    }

    #[test]
    fn fullwidth_digits_and_leading_zeros_do_not_change_the_unit() {
        assert!(same_unit("３栋１２０５", "3-1205"));
        assert!(same_unit("Block 03, Flat 01205", "3栋1205"));
        assert_eq!(
            UnitAddress::parse("0栋0101"),
            unit(Some("0"), None, Some("101"))
        );
    }

    #[test]
    fn a_different_or_missing_part_is_another_unit() {
        assert!(!same_unit("3栋1206", "3-1205"));
        assert!(!same_unit("4栋1205", "Block 3 Flat 1205"));
        assert!(!same_unit("1205", "3栋1205"));
        assert!(!same_unit("3栋1205", "3栋2单元1205"));
        assert!(!same_unit("", ""));
    }

    #[test]
    fn bare_numbers_fill_the_parts_no_marker_named() {
        assert_eq!(UnitAddress::parse("1205"), unit(None, None, Some("1205")));
        assert_eq!(
            UnitAddress::parse("3-1205"),
            unit(Some("3"), None, Some("1205"))
        );
        assert_eq!(
            UnitAddress::parse("3栋2-1205"),
            unit(Some("3"), Some("2"), Some("1205"))
        );
        assert_eq!(
            UnitAddress::parse("Flat 1205, 3"),
            unit(Some("3"), None, Some("1205"))
        );
    }

    #[test]
    fn a_floor_is_not_a_building_and_does_not_displace_one() {
        assert_eq!(UnitAddress::parse("12楼"), unit(None, None, Some("12")));
        assert_eq!(
            UnitAddress::parse("3栋12楼1205"),
            unit(Some("3"), None, Some("1205"))
        );
    }

    #[test]
    fn a_lettered_building_is_named_by_its_letter() {
        assert!(same_unit("B座1205", "Tower b, Flat 1205"));
        assert!(!same_unit("A座1205", "B座1205"));
    }

    #[test]
    fn normalised_text_ignores_case_spaces_width_and_punctuation() {
        assert_eq!(normalise("电梯（Ｂ）"), "电梯b");
        assert_eq!(normalise(" B 梯，坏了。"), "b梯坏了");
        assert_eq!(normalise("“3 Days!”"), "3days");
        assert_eq!(normalise("１２：３０"), "1230");
    }

    #[test]
    fn key_points_match_despite_width_spaces_and_brackets() {
        let lift_b = vec![vec!["B梯".to_owned()], vec!["电梯B".to_owned()]];
        assert!(mentions_all("b 梯停了，就是电梯（B）", &lift_b));
        assert!(mentions_all("Ｂ梯 and 电梯 b", &lift_b));
        assert!(!mentions_all("A梯停了，电梯（B）", &lift_b));
    }

    #[test]
    fn an_alternative_of_only_punctuation_is_never_mentioned() {
        let points = vec![vec!["（）".to_owned()]];
        assert!(!mentions_all("电梯坏了", &points));
    }

    #[test]
    fn key_points_match_either_language_ignoring_case_and_spaces() {
        let points = vec![
            vec!["电梯".to_owned(), "lift".to_owned()],
            vec!["三天".to_owned(), "3 days".to_owned()],
        ];
        assert!(mentions_all("The LIFT stopped 3days ago", &points));
        assert!(!mentions_all("电梯坏了", &points));
        assert_eq!(unmentioned("电梯坏了", "", &points), ["三天"]);
    }

    #[test]
    fn the_owners_words_are_the_first_alternative_they_said() {
        let days = vec!["三天".to_owned(), "3 days".to_owned(), "72小时".to_owned()];
        assert_eq!(
            owner_said(&days, "It's been 3 DAYS, or 72小时!"),
            Some("3 days")
        );
        assert_eq!(owner_said(&days, "坏了好久了"), None);
    }

    #[test]
    fn an_unmentioned_key_point_is_given_as_the_owner_said_it() {
        let points = vec![
            vec!["电梯".to_owned(), "lift".to_owned()],
            vec!["三天".to_owned(), "3 days".to_owned()],
        ];
        let heard = "The lift has been stuck for 3 days.";
        assert_eq!(unmentioned("", heard, &points), ["lift", "3 days"]);
        assert_eq!(unmentioned("电梯坏了", "电梯坏了", &points), ["三天"]);
    }

    #[test]
    fn date_times_round_trip() {
        let minute = parse_datetime("2026-03-14 09:30").unwrap();
        assert_eq!(format_datetime(minute + 90), "2026-03-14 11:00");
        assert_eq!(parse_datetime("14/03/2026"), None);
    }
}
