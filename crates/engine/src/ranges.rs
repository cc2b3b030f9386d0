//! The range the domain makes sense of for every number an author writes or a trainee types,
//! and the shape of ids. Out of range is a flaw with the file's place (or, typed, a session
//! error), never a wrapped number.

use std::fmt::Display;
use std::ops::RangeInclusive;

use crate::flaw::{Flaw, Place};

/// The owner's mood, 0 (furious) to 100 (content).
pub const MOOD: RangeInclusive<i32> = 0..=100;
/// How far one answer moves the mood, before the temperament's scaling.
pub const MOOD_CHANGE: RangeInclusive<i32> = -100..=100;
/// A temperament's offset to the starting mood.
pub const MOOD_OFFSET: RangeInclusive<i32> = -100..=100;
/// A temperament's scaling of mood changes, in percent.
pub const MOOD_SCALING: RangeInclusive<i32> = 0..=400;
/// Simulated minutes one exchange with the owner takes: at most an afternoon.
pub const EXCHANGE_MINUTES: RangeInclusive<u32> = 0..=240;
/// Hours a promise, a repair or a callback may be set to: at most 30 days.
pub const HOURS: RangeInclusive<u32> = 0..=720;
/// 1 (first week) to 5 (experienced staff).
pub const DIFFICULTY: RangeInclusive<u8> = 1..=5;
pub const VERSION: RangeInclusive<u32> = 1..=9999;
/// Points: a penalty, a cost, a weight, the critical cap.
pub const POINTS: RangeInclusive<u32> = 0..=100;
/// A share, in percent.
pub const PERCENT: RangeInclusive<u32> = 0..=100;
/// The emergency limit, in minutes: at most a day.
pub const EMERGENCY_MINUTES: RangeInclusive<u32> = 1..=1440;
/// The longest id: ids become parts of file names and database keys.
pub const ID_MAX_LEN: usize = 64;

/// A flaw if `value` is outside `range`.
pub fn out_of_range<T: PartialOrd + Display>(
    what: &str,
    value: T,
    range: &RangeInclusive<T>,
    place: Place,
) -> Option<Flaw> {
    (!range.contains(&value)).then(|| {
        Flaw::error(
            place,
            format!("{what} {value} is out of range"),
            format!("use a value from {} to {}", range.start(), range.end()),
        )
    })
}

/// Whether `id` is kebab-case ASCII (`lift-entrapment`, `n2`) of at most [`ID_MAX_LEN`].
pub fn is_kebab_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= ID_MAX_LEN
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A flaw if `id` is not a kebab-case id; `what` names it (`node`, `option`, `scenario`).
pub fn id_flaw(what: &str, id: &str, place: Place) -> Option<Flaw> {
    (!is_kebab_id(id)).then(|| {
        Flaw::error(
            place,
            format!("{what} id `{}` is not a kebab-case id", id.escape_debug()),
            format!(
                "use lowercase ASCII letters, digits and single hyphens, at most {ID_MAX_LEN} characters, e.g. `lift-entrapment`"
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_ids_are_lowercase_ascii_words_joined_by_single_hyphens() {
        for good in ["lift-entrapment", "n2", "a", "call-back-48h"] {
            assert!(is_kebab_id(good), "{good}");
        }
        let long = "x".repeat(ID_MAX_LEN + 1);
        for bad in [
            "", "../../x", "Lift", "a_b", "a--b", "-a", "a-", "a\0b", "电梯", &long,
        ] {
            assert!(!is_kebab_id(bad), "{bad:?}");
        }
    }

    #[test]
    fn a_number_outside_its_range_is_a_flaw_that_names_the_range() {
        let flaw = out_of_range("mood", 250, &MOOD, Place::Top).unwrap();
        assert_eq!(flaw.message, "mood 250 is out of range");
        assert_eq!(flaw.help, "use a value from 0 to 100");
        assert!(out_of_range("mood", 100, &MOOD, Place::Top).is_none());
    }
}
