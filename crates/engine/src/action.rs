//! What a trainee can do (answer the owner, or take a standing action) and the one text
//! grammar for it, read and written alike by the terminal, the app's automation and the tests:
//! `choose ID`, `fill FIELD VALUE`, `submit`, `notice DEPARTMENT`, `escalate LEVEL`,
//! `promise HOURS` (completion), `promise KIND HOURS`, `followup`, `callback HOURS`, `close`, and in a
//! live role-play the supervisor's `else CLOSEST-OPTION RULE[,RULE...] [NOTE]`. (At a prompt a
//! bare number answers with that option: see `Session::parse_typed`.)

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::model::{Department, Level, PromiseKind, RecordField, Step};

/// What a trainee can do: answer the owner, or take a standing action at any point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// Pick the option with this id at the current node.
    Choose(String),
    /// Type or pick a value in a record form field.
    Fill(RecordField, String),
    /// Hand the filled record form to the supervisor (W-3).
    SubmitRecord,
    /// Issue a work notice to a department (W-4).
    WorkNotice(Department),
    /// Escalate one rung up the ladder (W-7).
    Escalate(Level),
    /// Promise the owner completion within this many hours (P-07); the first spelling of
    /// `Promise(Completion, hours)`, kept so saved runs and scenarios still read.
    PromiseHours(u32),
    /// Promise the owner a completion, a visit, a reply or a written answer within this
    /// many hours (P-07).
    Promise(PromiseKind, u32),
    /// Check progress with the department until the work is done (P-09, W-6).
    FollowUp,
    /// Phone the owner this many hours after completion for their view (P-11, W-8).
    CallBack(u32),
    /// Close the case with a summary (P-12, W-9).
    Close,
    /// In a live role-play, the trainee said something none of the options says: the
    /// supervisor names the option closest to it and the rules what was said broke.
    SomethingElse(SomethingElse),
}

/// What the supervisor of a live role-play writes down when the trainee's answer is none of
/// the options. It counts as the `closest` option (its mood, facts, steps and own rules: a
/// live conversation does not rewind, so the owner's next line follows what was said) plus a
/// finding for each rule of `breaks`, at the rule set's severity and penalty, with the note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SomethingElse {
    /// The id of the option at the current node closest to what was said.
    pub closest: String,
    /// The rule IDs what was said broke: at least one.
    pub breaks: Vec<String>,
    /// What was said, in the supervisor's words.
    #[serde(default)]
    pub note: String,
}

impl Action {
    /// The procedure step a standing action performs; a choice's step is the option's.
    pub fn standing_step(&self) -> Option<Step> {
        match self {
            Action::Choose(_)
            | Action::SomethingElse(_)
            | Action::Fill(..)
            | Action::Escalate(_) => None,
            Action::SubmitRecord => Some(Step::Record),
            Action::WorkNotice(_) => Some(Step::Dispatch),
            Action::PromiseHours(_) | Action::Promise(..) => Some(Step::Propose),
            Action::FollowUp => Some(Step::FollowUp),
            Action::CallBack(_) => Some(Step::Callback),
            Action::Close => Some(Step::Summarise),
        }
    }

    /// Simulated minutes the action takes (follow-up and callback also wait, see `apply`).
    pub(crate) fn minutes(&self) -> u32 {
        match self {
            Action::Choose(_) | Action::SomethingElse(_) | Action::Fill(..) => 0,
            Action::SubmitRecord
            | Action::WorkNotice(_)
            | Action::PromiseHours(_)
            | Action::Promise(..) => 1,
            Action::Escalate(_) => 5,
            Action::FollowUp | Action::CallBack(_) | Action::Close => 2,
        }
    }
}

/// Whether `word` starts an action in the grammar (a verb, or the `f` short for `fill`).
pub fn is_verb(word: &str) -> bool {
    VERBS.contains(&word) || word == "f"
}

/// The verbs of the grammar, for help texts.
pub const VERBS: [&str; 10] = [
    "choose", "fill", "submit", "notice", "escalate", "promise", "followup", "callback", "close",
    "else",
];

/// Why a typed line is not an action; the message says what to type instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionTextError {
    #[error("use: {0}")]
    Usage(&'static str),
    #[error("`{verb}` needs a number of hours")]
    Hours { verb: &'static str },
    #[error("unknown {what} `{given}`: one of {names}")]
    UnknownName {
        what: &'static str,
        given: String,
        names: String,
    },
    #[error("unknown command `{0}`: type a number or one of {verbs}", verbs = VERBS.join(", "))]
    UnknownVerb(String),
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::Choose(id) => write!(f, "choose {id}"),
            Action::Fill(field, value) => write!(f, "fill {} {value}", field.name()),
            Action::SubmitRecord => f.write_str("submit"),
            Action::WorkNotice(department) => write!(f, "notice {}", department.name()),
            Action::Escalate(level) => write!(f, "escalate {}", level.name()),
            Action::PromiseHours(hours) => write!(f, "promise {hours}"),
            Action::Promise(kind, hours) => write!(f, "promise {} {hours}", kind.name()),
            Action::FollowUp => f.write_str("followup"),
            Action::CallBack(hours) => write!(f, "callback {hours}"),
            Action::Close => f.write_str("close"),
            Action::SomethingElse(said) => {
                write!(f, "else {} {}", said.closest, said.breaks.join(","))?;
                if !said.note.is_empty() {
                    write!(f, " {}", said.note)?;
                }
                Ok(())
            }
        }
    }
}

impl FromStr for Action {
    type Err = ActionTextError;

    fn from_str(text: &str) -> Result<Action, ActionTextError> {
        let text = text.trim();
        let (verb, rest) = text.split_once(' ').unwrap_or((text, ""));
        let rest = rest.trim();
        match verb {
            "choose" if !rest.is_empty() => Ok(Action::Choose(rest.to_owned())),
            "choose" => Err(ActionTextError::Usage("choose OPTION-ID")),
            "fill" | "f" => parse_fill(rest),
            "submit" => Ok(Action::SubmitRecord),
            "notice" => named("department", rest, DEPARTMENTS).map(Action::WorkNotice),
            "escalate" => named("level", rest, LEVELS).map(Action::Escalate),
            "promise" => parse_promise(rest),
            "followup" => Ok(Action::FollowUp),
            "callback" => hours("callback", rest).map(Action::CallBack),
            "close" => Ok(Action::Close),
            "else" => parse_something_else(rest),
            other => Err(ActionTextError::UnknownVerb(other.to_owned())),
        }
    }
}

type Names<T> = (fn(&str) -> Option<T>, &'static [T], fn(T) -> &'static str);
const DEPARTMENTS: Names<Department> = (Department::parse, Department::ALL, Department::name);
const LEVELS: Names<Level> = (Level::parse, Level::ALL, Level::name);
const PROMISES: Names<PromiseKind> = (PromiseKind::parse, PromiseKind::ALL, PromiseKind::name);
const FIELDS: Names<RecordField> = (RecordField::parse, RecordField::ALL, RecordField::name);

fn parse_fill(rest: &str) -> Result<Action, ActionTextError> {
    let (field, value) = rest
        .split_once(' ')
        .ok_or(ActionTextError::Usage("fill FIELD VALUE"))?;
    let field = named("field", field, FIELDS)?;
    Ok(Action::Fill(field, value.trim().to_owned()))
}

/// `else CLOSEST RULE[,RULE...] [NOTE]`: the note is the rest of the line.
fn parse_something_else(rest: &str) -> Result<Action, ActionTextError> {
    const USAGE: &str = "else CLOSEST-OPTION RULE[,RULE...] [NOTE]";
    let mut words = rest.splitn(3, ' ');
    let (Some(closest), Some(rules)) = (words.next(), words.next()) else {
        return Err(ActionTextError::Usage(USAGE));
    };
    let breaks: Vec<String> = rules
        .split(',')
        .filter(|rule| !rule.is_empty())
        .map(str::to_owned)
        .collect();
    if closest.is_empty() || breaks.is_empty() {
        return Err(ActionTextError::Usage(USAGE));
    }
    Ok(Action::SomethingElse(SomethingElse {
        closest: closest.to_owned(),
        breaks,
        note: words.next().unwrap_or("").trim().to_owned(),
    }))
}

/// `promise HOURS` (completion) or `promise KIND HOURS`.
fn parse_promise(rest: &str) -> Result<Action, ActionTextError> {
    match rest.rsplit_once(' ') {
        Some((kind, count)) => Ok(Action::Promise(
            named("promise", kind, PROMISES)?,
            hours("promise", count)?,
        )),
        None => hours("promise", rest).map(Action::PromiseHours),
    }
}

fn hours(verb: &'static str, rest: &str) -> Result<u32, ActionTextError> {
    rest.parse().map_err(|_| ActionTextError::Hours { verb })
}

/// A value of a keyed enum by its RON name or translated label (`parse`); else the names.
fn named<T: Copy>(
    what: &'static str,
    given: &str,
    (parse, all, name): Names<T>,
) -> Result<T, ActionTextError> {
    parse(given).ok_or_else(|| ActionTextError::UnknownName {
        what,
        given: given.to_owned(),
        names: all
            .iter()
            .map(|item| name(*item))
            .collect::<Vec<_>>()
            .join(", "),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_action_reads_back_as_it_was_written() {
        let actions = [
            Action::Choose("apologise-first".into()),
            Action::Fill(RecordField::Content, "门禁 坏了 三天".into()),
            Action::SubmitRecord,
            Action::WorkNotice(Department::Engineering),
            Action::Escalate(Level::Manager),
            Action::PromiseHours(24),
            Action::Promise(PromiseKind::Reply, 3),
            Action::Promise(PromiseKind::WrittenAnswer, 24),
            Action::FollowUp,
            Action::CallBack(48),
            Action::Close,
            Action::SomethingElse(SomethingElse {
                closest: "apologise-first".into(),
                breaks: vec!["E-03".into(), "E-12".into()],
                note: "说 这不归我们管".into(),
            }),
            Action::SomethingElse(SomethingElse {
                closest: "greet".into(),
                breaks: vec!["E-07".into()],
                note: String::new(),
            }),
        ];
        for action in actions {
            let text = action.to_string();
            assert_eq!(text.parse::<Action>(), Ok(action), "{text}");
        }
    }

    #[test]
    fn translated_names_are_read_too_and_mistakes_say_what_to_type() {
        assert_eq!(
            "notice 工程部".parse::<Action>(),
            Ok(Action::WorkNotice(Department::Engineering))
        );
        let error = "notice plumbers".parse::<Action>().unwrap_err().to_string();
        assert!(error.contains("Engineering"), "{error}");
        assert_eq!(
            "promise soon".parse::<Action>().unwrap_err().to_string(),
            "`promise` needs a number of hours"
        );
        assert!("fly away".parse::<Action>().is_err());
    }

    #[test]
    fn something_else_without_a_rule_it_broke_says_how_to_type_it() {
        for text in ["else", "else greet", "else greet ,", "else greet  E-03"] {
            let error = text.parse::<Action>().unwrap_err().to_string();
            assert_eq!(
                error, "use: else CLOSEST-OPTION RULE[,RULE...] [NOTE]",
                "{text}"
            );
        }
    }
}
