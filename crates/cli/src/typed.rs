//! A line typed at the play prompt, read through the engine's one grammar
//! (`Session::parse_typed`) and then checked before the session sees it: a choice field
//! takes only one of its values, a promise 1 to 720 hours, and a department gets one work
//! notice. Every refusal is said in the run's language and lists what may be typed instead.

use std::ops::RangeInclusive;

use drill_engine::action::{ActionTextError, VERBS};
use drill_engine::i18n::label;
use drill_engine::ranges::HOURS;
use drill_engine::{
    Action, Category, Channel, Department, Event, Lang, Level, Nature, PromiseKind, RecordField,
    Session, SessionError, Urgency,
};

use crate::say;

/// Hours a promise may be for: a promise due now (0 hours) is no promise.
pub const PROMISE_HOURS: RangeInclusive<u32> = 1..=*HOURS.end();

/// The action `text` stands for in `session`, ready to apply, or why it is refused.
pub fn read(session: &Session, text: &str, lang: Lang) -> Result<Action, String> {
    let action = session
        .parse_typed(text)
        .map_err(|english| parse_error(session, text, lang).unwrap_or(english))?;
    check(session, action, lang)
}

/// What `session.apply` refused, in the run's language.
pub fn session_error(error: &SessionError, lang: Lang) -> String {
    match error {
        SessionError::Closed => say("cli.error.closed", lang, &[]),
        SessionError::ConversationOver => say("cli.error.conversation_over", lang, &[]),
        SessionError::NoSuchOption(id) => say("cli.error.no_option", lang, &[("id", id.clone())]),
        // Only the supervisor of a live role-play writes `else`, in the app's console.
        SessionError::NoRuleCited | SessionError::UnknownRule(_) => error.to_string(),
        SessionError::HoursOutOfRange { hours } => say(
            "cli.error.hours_range",
            lang,
            &[
                ("hours", hours.to_string()),
                ("min", HOURS.start().to_string()),
                ("max", HOURS.end().to_string()),
            ],
        ),
    }
}

/// A stored value as the trainee reads it: a choice field's RON name (`WalkIn`) becomes its
/// label (`Walk-in`, `来访`); any other value is shown as typed.
pub fn display_value(field: RecordField, value: &str, lang: Lang) -> String {
    field
        .choices()
        .into_iter()
        .find(|(_, name)| name == value)
        .map_or_else(|| value.to_owned(), |(key, _)| label(key, lang))
}

/// Why `parse_typed` refused `text`, said again in `lang` (the engine's message is English).
fn parse_error(session: &Session, text: &str, lang: Lang) -> Option<String> {
    let text = text.trim();
    if text.parse::<usize>().is_ok() {
        return Some(match session.current_node() {
            None => say("cli.error.conversation_over", lang, &[]),
            Some(node) => {
                let count = session.scenario().node(node).options.len();
                say(
                    "cli.error.choose_range",
                    lang,
                    &[("count", count.to_string())],
                )
            }
        });
    }
    let error = text.parse::<Action>().err()?;
    Some(match error {
        ActionTextError::Usage(usage) => missing_value(text, lang)
            .unwrap_or_else(|| say("cli.error.usage", lang, &[("usage", usage.to_owned())])),
        ActionTextError::Hours { verb } => {
            say("cli.error.hours", lang, &[("verb", verb.to_owned())])
        }
        ActionTextError::UnknownName { what, given, .. } => say(
            "cli.error.unknown_name",
            lang,
            &[
                ("what", say(&format!("cli.what.{what}"), lang, &[])),
                ("given", given),
                ("names", names_of(what, lang)),
            ],
        ),
        ActionTextError::UnknownVerb(given) => say(
            "cli.error.unknown_verb",
            lang,
            &[("given", given), ("verbs", VERBS.join(", "))],
        ),
    })
}

/// `fill Nature` without a value: the values it could have.
fn missing_value(text: &str, lang: Lang) -> Option<String> {
    let (verb, name) = text.split_once(' ')?;
    let field = RecordField::parse(name).filter(|field| field.is_choice())?;
    (verb == "fill" || verb == "f").then(|| {
        say(
            "cli.error.value_needed",
            lang,
            &[
                ("field", name.trim().to_owned()),
                ("choices", choices_of(field, lang)),
            ],
        )
    })
}

/// What may be typed where the grammar wanted a `what` (the engine's word for it).
fn names_of(what: &str, lang: Lang) -> String {
    let labels = |keys: Vec<&'static str>| list(keys.into_iter().map(|key| label(key, lang)), lang);
    match what {
        // An English field label has spaces, so the one-word name comes first.
        "field" => list(
            RecordField::ALL
                .iter()
                .map(|field| format!("{} ({})", field.name(), label(field.key(), lang))),
            lang,
        ),
        "department" => labels(Department::ALL.iter().map(|d| d.key()).collect()),
        "level" => labels(Level::ALL.iter().map(|l| l.key()).collect()),
        "promise" => labels(PromiseKind::ALL.iter().map(|p| p.key()).collect()),
        _ => String::new(),
    }
}

/// The labels of a choice field's values, in `lang`.
fn choices_of(field: RecordField, lang: Lang) -> String {
    list(
        field.choices().into_iter().map(|(key, _)| label(key, lang)),
        lang,
    )
}

fn list(items: impl Iterator<Item = String>, lang: Lang) -> String {
    let separator = match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    };
    items.collect::<Vec<_>>().join(separator)
}

/// The checks the engine leaves to the face: it records whatever it is given.
fn check(session: &Session, action: Action, lang: Lang) -> Result<Action, String> {
    match action {
        Action::Fill(field, value) if field.is_choice() => match choice_name(field, &value) {
            Some(name) => Ok(Action::Fill(field, name)),
            None => Err(say(
                "cli.error.not_a_choice",
                lang,
                &[
                    ("given", value),
                    ("field", label(field.key(), lang)),
                    ("choices", choices_of(field, lang)),
                ],
            )),
        },
        Action::PromiseHours(hours) | Action::Promise(_, hours)
            if !PROMISE_HOURS.contains(&hours) =>
        {
            Err(say(
                "cli.error.promise_hours",
                lang,
                &[
                    ("hours", hours.to_string()),
                    ("min", PROMISE_HOURS.start().to_string()),
                    ("max", PROMISE_HOURS.end().to_string()),
                ],
            ))
        }
        Action::WorkNotice(department) => match notice_to(session, department) {
            Some(number) => Err(say(
                "cli.error.notice_issued",
                lang,
                &[
                    ("number", number),
                    ("department", label(department.key(), lang)),
                ],
            )),
            None => Ok(action),
        },
        action => Ok(action),
    }
}

/// The RON name of the value `typed` picks for a choice field: by its name or its label in
/// either language, as the scorer reads it; `None` if it is none of them. The app's picker
/// stores the name too.
fn choice_name(field: RecordField, typed: &str) -> Option<String> {
    let key = match field {
        RecordField::Channel => Channel::parse(typed).map(Channel::key),
        RecordField::Category => Category::parse(typed).map(Category::key),
        RecordField::Nature => Nature::parse(typed).map(Nature::key),
        RecordField::Urgency => Urgency::parse(typed).map(Urgency::key),
        RecordField::Department => Department::parse(typed).map(Department::key),
        _ => None,
    };
    let choices = field.choices();
    let by_key = key.and_then(|key| choices.iter().find(|(k, _)| *k == key));
    // A choice field this match does not know yet: its names and labels still read.
    let by_text = || {
        choices.iter().find(|(key, name)| {
            name.eq_ignore_ascii_case(typed.trim())
                || Lang::ALL
                    .iter()
                    .any(|lang| label(key, *lang).eq_ignore_ascii_case(typed.trim()))
        })
    };
    by_key.or_else(by_text).map(|(_, name)| name.clone())
}

/// The number of the work notice already issued to `department` in this run, if one was.
pub fn notice_to(session: &Session, department: Department) -> Option<String> {
    session.history().iter().find_map(|event| match event {
        Event::WorkNoticeIssued {
            department: to,
            number,
        } if *to == department => Some(number.clone()),
        _ => None,
    })
}
