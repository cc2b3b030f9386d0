//! The machine's clock, as the records are stamped by it: runs, sign-offs, journal rows and
//! key exports to the minute (`YYYY-MM-DD HH:MM`, the text the reports cut by month), and
//! the local date a drill's due date is judged by. The engine has no clock.

use drill_engine::drill::NaiveDate;

/// The local time to the minute, `YYYY-MM-DD HH:MM`.
pub fn minute_now() -> String {
    chrono::Local::now().format("%Y-%m-%d %H:%M").to_string()
}

/// The local date.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}
